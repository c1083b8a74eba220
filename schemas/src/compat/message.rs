//! One plain sentence per change: what changed, and why it breaks readers or not.
//!
//! Sentences speak of BACKWARD's roles ("events written with the old schema", "the new
//! reader"); in a FORWARD check the candidate plays "old", and the report's direction says so.

use serde_json::Value;

use super::kinds::ChangeKind;
use super::report::{Policy, WarningKind};

fn show(v: Option<&Value>) -> String {
    match v {
        None => "nothing".into(),
        Some(v) => {
            let s = v.to_string();
            if s.len() > 80 {
                format!(
                    "{}…",
                    &s[..s
                        .char_indices()
                        .take(77)
                        .last()
                        .map(|(i, c)| i + c.len_utf8())
                        .unwrap_or(0)]
                )
            } else {
                s
            }
        }
    }
}

/// The last segment of a path, e.g. `email` for `#/properties/email`.
fn last(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// What a sentence is made of: the last segment of the path, the old and new values shown, and
/// the finding's note.
#[derive(Clone, Copy)]
struct Parts<'v> {
    name: &'v str,
    o: &'v str,
    n: &'v str,
    old: Option<&'v Value>,
    new: Option<&'v Value>,
    note: Option<&'v str>,
}

/// The sentence for a change at `path` (`#/...`) with the values of its keyword.
pub(crate) fn sentence(
    kind: ChangeKind,
    path: &str,
    old: Option<&Value>,
    new: Option<&Value>,
    note: Option<&str>,
    policy: Policy,
) -> String {
    let (o, n) = (show(old), show(new));
    let parts = Parts {
        name: last(path),
        o: &o,
        n: &n,
        old,
        new,
        note,
    };
    let text = generic_and_scalars(kind, &parts)
        .or_else(|| objects(kind, &parts))
        .or_else(|| arrays_and_the_rest(kind, &parts))
        .or_else(|| protobuf(kind, &parts))
        .unwrap_or_else(|| kind.name().to_string());
    if policy == Policy::AddOnly && !policy.allows(kind) {
        format!("{text} (not allowed under ADD_ONLY: {})", kind.name())
    } else {
        text
    }
}

/// Identity, annotations, types, and the string and number keywords.
fn generic_and_scalars(kind: ChangeKind, p: &Parts<'_>) -> Option<String> {
    use ChangeKind::*;
    let Parts {
        name,
        o,
        n,
        old,
        new,
        ..
    } = *p;
    let keyword = name;
    let text = match kind {
        IdChanged => format!("`$id` changed from {o} to {n}: an identifier only, readers are unaffected"),
        DescriptionChanged => "`description` changed: documentation only, readers are unaffected".into(),
        TitleChanged => format!("`title` changed from {o} to {n}: documentation only, readers are unaffected"),
        DefaultChanged => format!("`default` changed from {o} to {n}: validation does not depend on it"),
        SchemaAdded => format!("a sub-schema was added at `{name}` where there was none: values the old schema left unconstrained may now be rejected"),
        SchemaRemoved => format!("the sub-schema at `{name}` was removed: the new reader accepts anything there"),
        TypeExtended => "the type widened from integer to number: every integer is still a number".into(),
        TypeNarrowed => "the type narrowed from number to integer: events written with the old schema may carry fractional numbers".into(),
        TypeChanged => format!("the schema changed kind (from {} to {}): values written with the old schema do not match the new one", kind_of(old), kind_of(new)),
        MaxLengthAdded | MaxLengthDecreased | MaxItemsAdded | MaxItemsDecreased | MaxPropertiesAdded | MaxPropertiesDecreased
        | MaximumAdded | MaximumDecreased | ExclusiveMaximumAdded | ExclusiveMaximumDecreased | MaxContainsAdded | MaxContainsDecreased => {
            format!("`{keyword}` went from {o} to {n}: the upper bound is tighter, so events written with the old schema may exceed it")
        }
        MaxLengthRemoved | MaxLengthIncreased | MaxItemsRemoved | MaxItemsIncreased | MaxPropertiesRemoved | MaxPropertiesIncreased
        | MaximumRemoved | MaximumIncreased | ExclusiveMaximumRemoved | ExclusiveMaximumIncreased | MaxContainsRemoved | MaxContainsIncreased => {
            format!("`{keyword}` went from {o} to {n}: the upper bound is looser, every old value still fits")
        }
        MinLengthAdded | MinLengthIncreased | MinItemsAdded | MinItemsIncreased | MinPropertiesAdded | MinPropertiesIncreased
        | MinimumAdded | MinimumIncreased | ExclusiveMinimumAdded | ExclusiveMinimumIncreased | MinContainsAdded | MinContainsIncreased => {
            format!("`{keyword}` went from {o} to {n}: the lower bound is tighter, so events written with the old schema may fall below it")
        }
        MinLengthRemoved | MinLengthDecreased | MinItemsRemoved | MinItemsDecreased | MinPropertiesRemoved | MinPropertiesDecreased
        | MinimumRemoved | MinimumDecreased | ExclusiveMinimumRemoved | ExclusiveMinimumDecreased | MinContainsRemoved | MinContainsDecreased => {
            format!("`{keyword}` went from {o} to {n}: the lower bound is looser, every old value still fits")
        }
        PatternAdded => format!("`pattern` {n} was added: strings written with the old schema may not match it"),
        PatternRemoved => format!("`pattern` {o} was removed: the new reader accepts any string"),
        PatternChanged => format!("`pattern` changed from {o} to {n}: strings that matched the old pattern may not match the new one (patterns are compared as text)"),
        MultipleOfAdded => format!("`multipleOf` {n} was added: numbers written with the old schema may not be multiples of it"),
        MultipleOfRemoved => format!("`multipleOf` {o} was removed: the new reader accepts any number"),
        MultipleOfExpanded => format!("`multipleOf` went from {o} to {n}: old values that are multiples of {o} are not all multiples of {n}"),
        MultipleOfReduced => format!("`multipleOf` went from {o} to {n}: every multiple of {o} is a multiple of {n}"),
        MultipleOfChanged => format!("`multipleOf` went from {o} to {n}: old values are not all multiples of the new divisor"),
        _ => return None,
    };
    Some(text)
}

/// The object keywords.
fn objects(kind: ChangeKind, p: &Parts<'_>) -> Option<String> {
    use ChangeKind::*;
    let Parts { name, n, .. } = *p;
    let text = match kind {
        RequiredAttributeAdded => format!("property `{name}` became required: events written with the old schema may lack it"),
        RequiredAttributeWithDefaultAdded => format!("property `{name}` became required, with a default: readers that fill in defaults still read old events"),
        RequiredAttributeRemoved => format!("property `{name}` is no longer required: the new reader accepts events with or without it"),
        AdditionalPropertiesAdded => "additional properties were forbidden and are now permitted: the new reader accepts more".into(),
        AdditionalPropertiesRemoved => "additional properties were permitted and are now forbidden: events written with the old schema may carry extra properties".into(),
        AdditionalPropertiesExtended => "the schema of additional properties was removed: any additional property is now accepted".into(),
        AdditionalPropertiesNarrowed => format!("additional properties must now match {n}: events written with the old schema may carry extra properties of any type"),
        DependencyArrayAdded => format!("a dependency of `{name}` on {n} was added: old events with `{name}` may lack those properties"),
        DependencyArrayRemoved => format!("the dependency of `{name}` was removed: the new reader requires less"),
        DependencyArrayExtended => format!("the dependency of `{name}` now requires more properties: old events may lack them"),
        DependencyArrayNarrowed => format!("the dependency of `{name}` requires fewer properties: the new reader requires less"),
        DependencyArrayChanged => format!("the dependency of `{name}` requires different properties: old events may lack them"),
        DependencySchemaAdded => format!("a schema dependency of `{name}` was added: old events with `{name}` may not match it"),
        DependencySchemaRemoved => format!("the schema dependency of `{name}` was removed: the new reader requires less"),
        PropertyAddedToOpenContentModel => format!("property `{name}` was added to an open object"),
        RequiredPropertyAddedToOpenContentModel => format!("required property `{name}` was added with no default: events written with the old schema lack it"),
        RequiredPropertyWithDefaultAddedToOpenContentModel => format!("required property `{name}` was added to an open object, with a default: old events lack it, and may already carry `{name}` with any type"),
        OptionalPropertyAddedToOpenContentModel => format!("property `{name}` was added to an open object: events written with the old schema may already carry `{name}` with any type"),
        PropertyWithEmptySchemaAddedToOpenContentModel => format!("property `{name}` was added with the empty schema: it accepts any value"),
        RequiredPropertyAddedToUnopenContentModel => format!("required property `{name}` was added with no default: events written with the old schema lack it"),
        RequiredPropertyWithDefaultAddedToUnopenContentModel => format!("required property `{name}` was added with a default to a closed object: old events lack it, readers that fill in defaults still read them"),
        OptionalPropertyAddedToUnopenContentModel => format!("optional property `{name}` was added to a closed object: old events cannot carry it, so its type is free"),
        PropertyRemovedFromOpenContentModel => format!("property `{name}` was removed from an open object: the new reader accepts it as an additional property"),
        PropertyWithFalseRemovedFromClosedContentModel => format!("property `{name}`, which accepted nothing, was removed from a closed object: old events never carried it"),
        PropertyRemovedFromClosedContentModel => format!("property `{name}` was removed from a closed object: events written with the old schema may carry it, and the new reader rejects it"),
        PropertyRemovedIsCoveredByPartiallyOpenContentModel => format!("property `{name}` was removed, and the schema for additional properties accepts its old values"),
        PropertyRemovedNotCoveredByPartiallyOpenContentModel => format!("property `{name}` was removed, and the schema for additional properties does not accept all its old values"),
        PropertyAddedIsCoveredByPartiallyOpenContentModel => format!("property `{name}` was added, and its schema accepts whatever the old schema allowed for additional properties of that name"),
        PropertyAddedNotCoveredByPartiallyOpenContentModel => format!("property `{name}` was added, but its schema does not accept everything the old schema allowed for that name"),
        ReservedPropertyRemoved => format!("reserved field `{name}` was removed from the metadata"),
        ReservedPropertyConflictsWithProperty => format!("reserved field `{name}` is a property of the schema"),
        UnevaluatedPropertiesAdded => "unevaluated properties were forbidden and are now permitted: the new reader accepts more".into(),
        UnevaluatedPropertiesRemoved => "unevaluated properties are now forbidden: events written with the old schema may carry them".into(),
        UnevaluatedPropertiesExtended => "the schema of unevaluated properties was removed or relaxed to `true`: the new reader accepts more".into(),
        UnevaluatedPropertiesNarrowed => format!("unevaluated properties must now match {n}: old events may carry others"),
        _ => return None,
    };
    Some(text)
}

/// Arrays, enums, combinators, and the kinds of Accord's own.
fn arrays_and_the_rest(kind: ChangeKind, p: &Parts<'_>) -> Option<String> {
    use ChangeKind::*;
    let Parts {
        name, o, n, note, ..
    } = *p;
    let text = match kind {
        UniqueItemsAdded => "`uniqueItems` is now required: arrays written with the old schema may hold duplicates".into(),
        UniqueItemsRemoved => "`uniqueItems` is no longer required: the new reader accepts duplicates".into(),
        AdditionalItemsAdded => "items beyond the tuple were forbidden and are now permitted: the new reader accepts more".into(),
        AdditionalItemsRemoved => "items beyond the tuple were permitted and are now forbidden: arrays written with the old schema may be longer".into(),
        AdditionalItemsExtended => "the schema of items beyond the tuple was removed: any such item is now accepted".into(),
        AdditionalItemsNarrowed => format!("items beyond the tuple must now match {n}: old arrays may carry others"),
        UnevaluatedItemsAdded => "unevaluated items were forbidden and are now permitted: the new reader accepts more".into(),
        UnevaluatedItemsRemoved => "unevaluated items are now forbidden: arrays written with the old schema may carry them".into(),
        UnevaluatedItemsExtended => "the schema of unevaluated items was removed: the new reader accepts more".into(),
        UnevaluatedItemsNarrowed => format!("unevaluated items must now match {n}: old arrays may carry others"),
        ItemAddedToOpenContentModel => format!("tuple slot {name} was added to an open array: old arrays may already hold any value there"),
        ItemWithEmptySchemaAddedToOpenContentModel => format!("tuple slot {name} was added with the empty schema: it accepts any value"),
        ItemAddedToClosedContentModel => format!("tuple slot {name} was added to a closed array: old arrays never reached it"),
        ItemRemovedFromOpenContentModel => format!("tuple slot {name} was removed from an open array: the new reader accepts any value there"),
        ItemWithFalseRemovedFromClosedContentModel => format!("tuple slot {name}, which accepted nothing, was removed: old arrays never reached it"),
        ItemRemovedFromClosedContentModel => format!("tuple slot {name} was removed from a closed array: arrays written with the old schema may be longer than the new reader accepts"),
        ItemRemovedIsCoveredByPartiallyOpenContentModel => format!("tuple slot {name} was removed, and the schema for additional items accepts its old values"),
        ItemRemovedNotCoveredByPartiallyOpenContentModel => format!("tuple slot {name} was removed, and the schema for additional items does not accept all its old values"),
        ItemAddedIsCoveredByPartiallyOpenContentModel => format!("tuple slot {name} was added, and it accepts whatever the old schema allowed there"),
        ItemAddedNotCoveredByPartiallyOpenContentModel => format!("tuple slot {name} was added, but it does not accept everything the old schema allowed there"),
        EnumArrayExtended => format!("`enum` grew from {o} to {n}: every old value is still accepted"),
        EnumArrayNarrowed => format!("`enum` shrank from {o} to {n}: events written with the old schema may carry a value that was dropped"),
        EnumArrayChanged => format!("the accepted values changed from {o} to {n}: events written with the old schema may carry a value no longer accepted"),
        CombinedTypeExtended => "the combination keyword changed in a widening way (e.g. to `anyOf`)".into(),
        CombinedTypeChanged => "the combination keyword changed (e.g. `anyOf` to `oneOf` or `allOf`): the new reader may reject values the old schema accepted".into(),
        ProductTypeExtended => "`allOf` gained members: values must now match more schemas".into(),
        ProductTypeNarrowed => "`allOf` lost members: values must match fewer schemas".into(),
        SumTypeExtended => "a new alternative was added: every old value still matches an alternative".into(),
        SumTypeNarrowed => "an alternative was removed: old values that matched only it are rejected".into(),
        CombinedTypeSubschemasChanged => "the alternatives changed: some old alternative has no compatible counterpart in the new schema".into(),
        NotTypeExtended => "`not` now excludes values the old schema accepted".into(),
        NotTypeNarrowed => "`not` excludes no value the old schema accepted".into(),
        UnjudgedKeywordChanged => format!(
            "`{}` changed, and the engine does not judge that keyword: treated as breaking, review it by hand",
            note.unwrap_or(name)
        ),
        SchemaTypeChanged => "the schema type changed: incompatible because of different schema type".into(),
        PropertyNamesAdded => format!("`propertyNames` {n} was added: events written with the old schema may carry property names it rejects"),
        PropertyNamesRemoved => format!("`propertyNames` {o} was removed: the new reader accepts any property name"),
        PropertyNamesExtended => format!("`propertyNames` went from {o} to {n}: every name the old schema allowed is still allowed"),
        PropertyNamesNarrowed => format!("`propertyNames` went from {o} to {n}: names the old schema allowed may be rejected ({})", note.unwrap_or("narrowed")),
        PatternPropertyAdded => format!("pattern property `{name}` was added with the schema {n}: {}", note.unwrap_or("old events may carry names it matches with values it rejects")),
        PatternPropertyRemoved => format!("pattern property `{name}` was removed: {}", note.unwrap_or("names it matched may no longer be accepted")),
        PatternPropertyNarrowed => format!("the schema of pattern property `{name}` went from {o} to {n}: old events may carry values under names it matches that it now rejects ({})", note.unwrap_or("narrowed")),
        NameMismatch => format!("the reader's named type is called {n} and the writer's {o}, and no reader alias names it: no datum can be read"),
        FixedSizeMismatch => format!("the fixed size went from {o} to {n}: old datums cannot be read"),
        MissingEnumSymbols => format!("the reader's enum lacks the writer's symbols {o} and has no default symbol: datums carrying them cannot be read"),
        ReaderFieldMissingDefaultValue => format!("the reader's field `{name}` is absent from the writer and has no default: no datum can be read"),
        TypeMismatch => format!("the reader's type {n} cannot read the writer's {o}"),
        MissingUnionBranch => format!("no branch of the reader's union reads the writer's {o}"),
        AvroFieldAddedWithDefault => format!("the reader's field `{name}` is absent from the writer and read as its default {n}"),
        AvroFieldRemoved => format!("the writer's field {o} is not read: readers skip it"),
        AvroTypePromoted => format!("the writer's {o} is promoted to the reader's {n}"),
        AvroEnumSymbolsReadAsDefault => format!("the writer's symbols {o} are read as the reader's default symbol {n}"),
        _ => return None,
    };
    Some(text)
}

/// The Protobuf kinds: the last segment of the path is a message, enum or oneof name, or a
/// field or enum value number.
fn protobuf(kind: ChangeKind, p: &Parts<'_>) -> Option<String> {
    use ChangeKind::*;
    let Parts {
        name, o, n, note, ..
    } = *p;
    let text = match kind {
        PackageChanged => format!("the package changed from {o} to {n}: every full name changed with it, though the binary encoding did not"),
        MessageAdded => format!("message {n} was added"),
        MessageRemoved => format!("message {o} was removed: a reader that still uses it can no longer be generated from the new schema"),
        MessageMoved => format!("message `{name}` moved from index {o} to {n} in its scope: compatible, as message indexes are read against the schema of each record's id"),
        EnumAdded => format!("enum {n} was added"),
        EnumRemoved => format!("enum {o} was removed: fields of it changed type too and are judged on their own"),
        EnumConstAdded => format!("enum value {n} was added with number {name}: older readers see the number as unknown"),
        EnumConstChanged => format!("enum value number {name} was renamed from {o} to {n}: the binary encoding is the same, the JSON encoding is not"),
        EnumConstRemoved => format!("enum value {o} (number {name}) was removed: the new reader sees it in old messages as an unknown number"),
        FieldAdded => format!("field {n} (number {name}) was added: old messages lack it and are read with its default"),
        FieldRemoved => format!("field {o} (number {name}) was removed: the new reader skips it in old messages"),
        FieldNameChanged => format!("field number {name} was renamed from {o} to {n}: the binary encoding is the same, the JSON encoding is not"),
        FieldKindChanged => format!("field number {name} changed from {o} to {n}, between scalar, message and map: old messages cannot be read"),
        FieldScalarKindChanged => format!("field number {name} changed from {o} to {n}, which encode differently: old messages are misread"),
        FieldNamedTypeChanged => match note {
            Some(why) => format!("the message type {n} of field number {name}: {why}"),
            None => format!("field number {name} changed its message type from {o} to {n}: old messages carry another type there"),
        },
        FieldNumericLabelChanged => format!("the label of numeric field number {name} changed from {o} to {n}: one value and a list of them do not encode alike"),
        FieldStringOrBytesLabelChanged => format!("the label of string or bytes field number {name} changed from {o} to {n}: one value reads as a list of one, and a list as its last value"),
        RequiredFieldAdded => format!("required field {n} (number {name}) was added: old messages lack it and fail to parse"),
        RequiredFieldRemoved => format!("required field {o} (number {name}) was removed: readers of the old schema fail on new messages that lack it"),
        OneofAdded => format!("oneof {n} was added"),
        OneofRemoved => format!("oneof {o} was removed"),
        OneofFieldAdded => format!("field {n} (number {name}) was added to its oneof"),
        OneofFieldRemoved => format!("field {o} (number {name}) was removed from its oneof: an old message that set it reads as if no member were set"),
        MultipleFieldsMovedToOneof => format!("fields that were independent moved into oneof `{name}`: an old message that set several keeps only one"),
        FieldMovedToExistingOneof => format!("a field moved into oneof `{name}`, whose other members existed apart from it: an old message that set both keeps only one"),
        OneofFieldMovedToTopLevel => format!("field number {name} left oneof {o} for the top level: only a mutual exclusion was lifted"),
        FieldRemovedWithoutReserved => format!(
            "field {o} (number {name}) was removed without reserving its {}: a later version may reuse them for another type, and old messages would be misread with it",
            note.unwrap_or("number and name")
        ),
        _ => return None,
    };
    Some(text)
}

fn kind_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::Object(m)) => match m.get("type") {
            Some(t) => t.to_string(),
            None if m.contains_key("$ref") => "a reference".into(),
            None if m.contains_key("enum") => "an enum".into(),
            None if m.contains_key("const") => "a const".into(),
            None if m.contains_key("anyOf")
                || m.contains_key("oneOf")
                || m.contains_key("allOf") =>
            {
                "a combination".into()
            }
            None if m.contains_key("not") => "a `not`".into(),
            None if m.is_empty() => "any value".into(),
            None => "a schema".into(),
        },
        Some(Value::Bool(true)) => "any value".into(),
        Some(Value::Bool(false)) => "no value".into(),
        Some(other) => other.to_string(),
        None => "nothing".into(),
    }
}

/// The sentence for a warning.
pub(super) fn warning(kind: WarningKind, path: &str, note: Option<&str>) -> String {
    let name = note.unwrap_or_else(|| last(path));
    match kind {
        WarningKind::OneOfMembersOverlap => "an alternative of a `oneOf` was added or widened while its members may overlap: an old value that now matches two alternatives fails `oneOf`".into(),
        WarningKind::RequiredWithDefault => format!("`{name}` is required on the assumption that readers fill in its default: a reader that validates without applying defaults rejects old events that lack it"),
        WarningKind::UndeclaredRequiredAdded => format!("`{name}` was added to `required` though the new schema does not declare it as a property: old events that lack `{name}` are rejected by the new schema"),
        WarningKind::UncomparedKeywordChanged => format!("`{name}` changed, and Confluent's rules do not compare it: a narrowing there is not caught by the verdict"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_sentence() {
        for &kind in ChangeKind::ALL {
            let text = sentence(kind, "#/properties/a", None, None, None, Policy::Strict);
            assert_ne!(text, kind.name(), "{kind} has no sentence");
        }
    }
}
