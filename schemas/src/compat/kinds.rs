//! The change kinds, with Confluent Schema Registry's names, and the policy each is allowed under.
//!
//! The kinds are written once, in the table at the end of this file: each row gives the variant,
//! Confluent's name, the verdict (allowed under STRICT, under LENIENT only, or never) and flags.
//! The enum, its serialised names, [`ChangeKind::ALL`], [`ChangeKind::name`],
//! [`ChangeKind::allowed`] and the ADD_ONLY set are all generated from it. A kind's verdict never
//! depends on where it was found, only on the policy. The rules behind each verdict are in
//! `docs/compatibility.md`.

use serde::{Deserialize, Serialize};

/// Under which policies a change kind is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    /// Allowed under STRICT, and so under every policy.
    Strict,
    /// Allowed only under LENIENT.
    LenientOnly,
    /// Never allowed.
    Never,
}

/// What a kind is besides its verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flag {
    /// Only documents the schema (`title`, `description`).
    Documentation,
    /// Allowed under ADD_ONLY.
    AddOnly,
    /// About the shape of combined schemas: its whole sub-schemas are not copied into a change.
    Structural,
}

/// One row of the table.
struct Row {
    name: &'static str,
    allowed: Allowed,
    flags: &'static [Flag],
}

/// Generates [`ChangeKind`] and its lookup table from one list of rows
/// `Variant = "NAME", Verdict, Flag...;`.
macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $allowed:ident $(, $flag:ident)*; )*) => {
        /// One kind of change between two schemas.
        ///
        /// The serialised name is Confluent's (`SCREAMING_SNAKE_CASE`);
        /// [`ChangeKind::UnjudgedKeywordChanged`], the kinds from
        /// [`ChangeKind::SchemaTypeChanged`] to [`ChangeKind::AvroEnumSymbolsReadAsDefault`] and
        /// [`ChangeKind::FieldRemovedWithoutReserved`] are Accord's own; the Protobuf kinds from
        /// [`ChangeKind::PackageChanged`] on are Confluent's.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum ChangeKind {
            $(
                #[doc = concat!("`", $name, "` (allowed: ", stringify!($allowed), ").")]
                $(#[$doc])*
                #[serde(rename = $name)]
                $variant,
            )*
        }

        impl ChangeKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ChangeKind] = &[$(ChangeKind::$variant),*];

            /// The rows, indexed by the kind's position in the declaration.
            const TABLE: &'static [Row] = &[$(
                Row { name: $name, allowed: Allowed::$allowed, flags: &[$(Flag::$flag),*] }
            ),*];
        }
    };
}

impl ChangeKind {
    fn row(self) -> &'static Row {
        // A fieldless enum without explicit discriminants counts from 0 in declaration order,
        // the order of the table.
        &ChangeKind::TABLE[self as usize]
    }

    fn has(self, flag: Flag) -> bool {
        self.row().flags.contains(&flag)
    }

    /// Confluent's name of the kind.
    pub fn name(self) -> &'static str {
        self.row().name
    }

    /// The kind with this name, if any (case-sensitive, Confluent's spelling).
    pub fn from_name(name: &str) -> Option<ChangeKind> {
        ChangeKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// Under which policies the kind is allowed.
    pub fn allowed(self) -> Allowed {
        self.row().allowed
    }

    /// Whether the kind only documents the schema (`title`, `description`, examples, `$comment`).
    pub fn is_documentation(self) -> bool {
        self.has(Flag::Documentation)
    }

    /// Whether ADD_ONLY allows the kind (added optional properties and documentation).
    pub(crate) fn is_add_only(self) -> bool {
        self.has(Flag::AddOnly)
    }

    /// Whether the kind is about the shape of combined schemas, whose whole sub-schemas are not
    /// worth copying into a change.
    pub(crate) fn is_structural(self) -> bool {
        self.has(Flag::Structural)
    }
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

// The table: `Variant = "CONFLUENT_NAME", verdict, flags;`, in the order of Confluent's lists.
kinds! {
    IdChanged = "ID_CHANGED", Strict;
    DescriptionChanged = "DESCRIPTION_CHANGED", Strict, Documentation, AddOnly;
    TitleChanged = "TITLE_CHANGED", Strict, Documentation, AddOnly;
    DefaultChanged = "DEFAULT_CHANGED", Strict;
    SchemaAdded = "SCHEMA_ADDED", Never;
    SchemaRemoved = "SCHEMA_REMOVED", Strict;
    TypeExtended = "TYPE_EXTENDED", Strict;
    TypeNarrowed = "TYPE_NARROWED", Never;
    TypeChanged = "TYPE_CHANGED", Never;
    MaxLengthAdded = "MAX_LENGTH_ADDED", Never;
    MaxLengthRemoved = "MAX_LENGTH_REMOVED", Strict;
    MaxLengthIncreased = "MAX_LENGTH_INCREASED", Strict;
    MaxLengthDecreased = "MAX_LENGTH_DECREASED", Never;
    MinLengthAdded = "MIN_LENGTH_ADDED", Never;
    MinLengthRemoved = "MIN_LENGTH_REMOVED", Strict;
    MinLengthIncreased = "MIN_LENGTH_INCREASED", Never;
    MinLengthDecreased = "MIN_LENGTH_DECREASED", Strict;
    PatternAdded = "PATTERN_ADDED", Never;
    PatternRemoved = "PATTERN_REMOVED", Strict;
    PatternChanged = "PATTERN_CHANGED", Never;
    MaximumAdded = "MAXIMUM_ADDED", Never;
    MaximumRemoved = "MAXIMUM_REMOVED", Strict;
    MaximumIncreased = "MAXIMUM_INCREASED", Strict;
    MaximumDecreased = "MAXIMUM_DECREASED", Never;
    MinimumAdded = "MINIMUM_ADDED", Never;
    MinimumRemoved = "MINIMUM_REMOVED", Strict;
    MinimumIncreased = "MINIMUM_INCREASED", Never;
    MinimumDecreased = "MINIMUM_DECREASED", Strict;
    ExclusiveMaximumAdded = "EXCLUSIVE_MAXIMUM_ADDED", Never;
    ExclusiveMaximumRemoved = "EXCLUSIVE_MAXIMUM_REMOVED", Strict;
    ExclusiveMaximumIncreased = "EXCLUSIVE_MAXIMUM_INCREASED", Strict;
    ExclusiveMaximumDecreased = "EXCLUSIVE_MAXIMUM_DECREASED", Never;
    ExclusiveMinimumAdded = "EXCLUSIVE_MINIMUM_ADDED", Never;
    ExclusiveMinimumRemoved = "EXCLUSIVE_MINIMUM_REMOVED", Strict;
    ExclusiveMinimumIncreased = "EXCLUSIVE_MINIMUM_INCREASED", Never;
    ExclusiveMinimumDecreased = "EXCLUSIVE_MINIMUM_DECREASED", Strict;
    MultipleOfAdded = "MULTIPLE_OF_ADDED", Never;
    MultipleOfRemoved = "MULTIPLE_OF_REMOVED", Strict;
    MultipleOfExpanded = "MULTIPLE_OF_EXPANDED", Never;
    MultipleOfReduced = "MULTIPLE_OF_REDUCED", Strict;
    MultipleOfChanged = "MULTIPLE_OF_CHANGED", Never;
    RequiredAttributeAdded = "REQUIRED_ATTRIBUTE_ADDED", Never;
    RequiredAttributeWithDefaultAdded = "REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", Strict;
    RequiredAttributeRemoved = "REQUIRED_ATTRIBUTE_REMOVED", Strict;
    MaxPropertiesAdded = "MAX_PROPERTIES_ADDED", Never;
    MaxPropertiesRemoved = "MAX_PROPERTIES_REMOVED", Strict;
    MaxPropertiesIncreased = "MAX_PROPERTIES_INCREASED", Strict;
    MaxPropertiesDecreased = "MAX_PROPERTIES_DECREASED", Never;
    MinPropertiesAdded = "MIN_PROPERTIES_ADDED", Never;
    MinPropertiesRemoved = "MIN_PROPERTIES_REMOVED", Strict;
    MinPropertiesIncreased = "MIN_PROPERTIES_INCREASED", Never;
    MinPropertiesDecreased = "MIN_PROPERTIES_DECREASED", Strict;
    AdditionalPropertiesAdded = "ADDITIONAL_PROPERTIES_ADDED", Strict;
    AdditionalPropertiesRemoved = "ADDITIONAL_PROPERTIES_REMOVED", LenientOnly;
    AdditionalPropertiesExtended = "ADDITIONAL_PROPERTIES_EXTENDED", Strict;
    AdditionalPropertiesNarrowed = "ADDITIONAL_PROPERTIES_NARROWED", LenientOnly;
    DependencyArrayAdded = "DEPENDENCY_ARRAY_ADDED", Never;
    DependencyArrayRemoved = "DEPENDENCY_ARRAY_REMOVED", Strict;
    DependencyArrayExtended = "DEPENDENCY_ARRAY_EXTENDED", Never;
    DependencyArrayNarrowed = "DEPENDENCY_ARRAY_NARROWED", Strict;
    DependencyArrayChanged = "DEPENDENCY_ARRAY_CHANGED", Never;
    DependencySchemaAdded = "DEPENDENCY_SCHEMA_ADDED", Never;
    DependencySchemaRemoved = "DEPENDENCY_SCHEMA_REMOVED", Strict;
    PropertyAddedToOpenContentModel = "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", Never;
    RequiredPropertyAddedToOpenContentModel = "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", Never;
    RequiredPropertyWithDefaultAddedToOpenContentModel = "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL", LenientOnly;
    OptionalPropertyAddedToOpenContentModel = "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", LenientOnly, AddOnly;
    PropertyWithEmptySchemaAddedToOpenContentModel = "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", Strict, AddOnly;
    RequiredPropertyAddedToUnopenContentModel = "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", Never;
    RequiredPropertyWithDefaultAddedToUnopenContentModel = "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL", Strict;
    OptionalPropertyAddedToUnopenContentModel = "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", Strict, AddOnly;
    PropertyRemovedFromOpenContentModel = "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", Strict;
    PropertyWithFalseRemovedFromClosedContentModel = "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", Strict;
    PropertyRemovedFromClosedContentModel = "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", LenientOnly;
    PropertyRemovedIsCoveredByPartiallyOpenContentModel = "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", Strict;
    PropertyRemovedNotCoveredByPartiallyOpenContentModel = "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", LenientOnly;
    PropertyAddedIsCoveredByPartiallyOpenContentModel = "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", Strict, AddOnly;
    PropertyAddedNotCoveredByPartiallyOpenContentModel = "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", LenientOnly;
    ReservedPropertyRemoved = "RESERVED_PROPERTY_REMOVED", Never;
    ReservedPropertyConflictsWithProperty = "RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY", Never;
    UnevaluatedPropertiesAdded = "UNEVALUATED_PROPERTIES_ADDED", Strict;
    UnevaluatedPropertiesRemoved = "UNEVALUATED_PROPERTIES_REMOVED", LenientOnly;
    UnevaluatedPropertiesExtended = "UNEVALUATED_PROPERTIES_EXTENDED", Strict;
    UnevaluatedPropertiesNarrowed = "UNEVALUATED_PROPERTIES_NARROWED", LenientOnly;
    MaxItemsAdded = "MAX_ITEMS_ADDED", Never;
    MaxItemsRemoved = "MAX_ITEMS_REMOVED", Strict;
    MaxItemsIncreased = "MAX_ITEMS_INCREASED", Strict;
    MaxItemsDecreased = "MAX_ITEMS_DECREASED", Never;
    MinItemsAdded = "MIN_ITEMS_ADDED", Never;
    MinItemsRemoved = "MIN_ITEMS_REMOVED", Strict;
    MinItemsIncreased = "MIN_ITEMS_INCREASED", Never;
    MinItemsDecreased = "MIN_ITEMS_DECREASED", Strict;
    MaxContainsAdded = "MAX_CONTAINS_ADDED", Never;
    MaxContainsRemoved = "MAX_CONTAINS_REMOVED", Strict;
    MaxContainsIncreased = "MAX_CONTAINS_INCREASED", Strict;
    MaxContainsDecreased = "MAX_CONTAINS_DECREASED", Never;
    MinContainsAdded = "MIN_CONTAINS_ADDED", Never;
    MinContainsRemoved = "MIN_CONTAINS_REMOVED", Strict;
    MinContainsIncreased = "MIN_CONTAINS_INCREASED", Never;
    MinContainsDecreased = "MIN_CONTAINS_DECREASED", Strict;
    UniqueItemsAdded = "UNIQUE_ITEMS_ADDED", Never;
    UniqueItemsRemoved = "UNIQUE_ITEMS_REMOVED", Strict;
    AdditionalItemsAdded = "ADDITIONAL_ITEMS_ADDED", Strict;
    AdditionalItemsRemoved = "ADDITIONAL_ITEMS_REMOVED", Never;
    AdditionalItemsExtended = "ADDITIONAL_ITEMS_EXTENDED", Strict;
    AdditionalItemsNarrowed = "ADDITIONAL_ITEMS_NARROWED", Never;
    UnevaluatedItemsAdded = "UNEVALUATED_ITEMS_ADDED", Strict;
    UnevaluatedItemsRemoved = "UNEVALUATED_ITEMS_REMOVED", Never;
    UnevaluatedItemsExtended = "UNEVALUATED_ITEMS_EXTENDED", Strict;
    UnevaluatedItemsNarrowed = "UNEVALUATED_ITEMS_NARROWED", Never;
    ItemAddedToOpenContentModel = "ITEM_ADDED_TO_OPEN_CONTENT_MODEL", Never;
    ItemWithEmptySchemaAddedToOpenContentModel = "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", Strict;
    ItemAddedToClosedContentModel = "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", Strict;
    ItemRemovedFromOpenContentModel = "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL", Strict;
    ItemWithFalseRemovedFromClosedContentModel = "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", Strict;
    ItemRemovedFromClosedContentModel = "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL", Never;
    ItemRemovedIsCoveredByPartiallyOpenContentModel = "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", Strict;
    ItemRemovedNotCoveredByPartiallyOpenContentModel = "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", Never;
    ItemAddedIsCoveredByPartiallyOpenContentModel = "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", Strict;
    ItemAddedNotCoveredByPartiallyOpenContentModel = "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", Never;
    EnumArrayExtended = "ENUM_ARRAY_EXTENDED", Strict;
    EnumArrayNarrowed = "ENUM_ARRAY_NARROWED", Never;
    EnumArrayChanged = "ENUM_ARRAY_CHANGED", Never;
    CombinedTypeExtended = "COMBINED_TYPE_EXTENDED", Strict, Structural;
    CombinedTypeChanged = "COMBINED_TYPE_CHANGED", Never, Structural;
    ProductTypeExtended = "PRODUCT_TYPE_EXTENDED", Never, Structural;
    ProductTypeNarrowed = "PRODUCT_TYPE_NARROWED", Strict, Structural;
    SumTypeExtended = "SUM_TYPE_EXTENDED", Strict, Structural;
    SumTypeNarrowed = "SUM_TYPE_NARROWED", Never, Structural;
    CombinedTypeSubschemasChanged = "COMBINED_TYPE_SUBSCHEMAS_CHANGED", Never, Structural;
    NotTypeExtended = "NOT_TYPE_EXTENDED", Never, Structural;
    NotTypeNarrowed = "NOT_TYPE_NARROWED", Strict, Structural;
    /// A keyword the engine does not compare differs between the two schemas: the engine cannot
    /// judge the change, so it treats it as breaking.
    UnjudgedKeywordChanged = "UNJUDGED_KEYWORD_CHANGED", Never;
    /// The two schemas have different schema types (e.g. JSON and AVRO).
    SchemaTypeChanged = "SCHEMA_TYPE_CHANGED", Never;
    /// `propertyNames` was added: old events may carry names it rejects.
    PropertyNamesAdded = "PROPERTY_NAMES_ADDED", Never;
    /// `propertyNames` was removed: any name is accepted.
    PropertyNamesRemoved = "PROPERTY_NAMES_REMOVED", Strict;
    /// `propertyNames` accepts every name it accepted before.
    PropertyNamesExtended = "PROPERTY_NAMES_EXTENDED", Strict;
    /// `propertyNames` may reject names it accepted before.
    PropertyNamesNarrowed = "PROPERTY_NAMES_NARROWED", Never;
    /// A `patternProperties` pattern was added whose schema may reject values old events carry
    /// under names it matches.
    PatternPropertyAdded = "PATTERN_PROPERTY_ADDED", Never;
    /// A `patternProperties` pattern was removed and what now governs its names may reject their
    /// old values.
    PatternPropertyRemoved = "PATTERN_PROPERTY_REMOVED", Never;
    /// The schema of a `patternProperties` pattern may reject values it accepted before.
    PatternPropertyNarrowed = "PATTERN_PROPERTY_NARROWED", Never;
    /// Avro: the reader and writer named types have different names and no reader alias matches.
    NameMismatch = "NAME_MISMATCH", Never;
    /// Avro: two fixed types of different sizes.
    FixedSizeMismatch = "FIXED_SIZE_MISMATCH", Never;
    /// Avro: the reader's enum lacks writer symbols and has no default symbol.
    MissingEnumSymbols = "MISSING_ENUM_SYMBOLS", Never;
    /// Avro: a reader field the writer lacks has no default.
    ReaderFieldMissingDefaultValue = "READER_FIELD_MISSING_DEFAULT_VALUE", Never;
    /// Avro: the reader's type cannot read the writer's.
    TypeMismatch = "TYPE_MISMATCH", Never;
    /// Avro: no branch of the reader's union reads a writer type.
    MissingUnionBranch = "MISSING_UNION_BRANCH", Never;
    /// Avro: a reader field the writer lacks, read as its default.
    AvroFieldAddedWithDefault = "AVRO_FIELD_ADDED_WITH_DEFAULT", Strict, AddOnly;
    /// Avro: a writer field the reader does not read (skipped).
    AvroFieldRemoved = "AVRO_FIELD_REMOVED", Strict;
    /// Avro: a writer type promoted to the reader's (int → long → float → double, string ↔ bytes).
    AvroTypePromoted = "AVRO_TYPE_PROMOTED", Strict;
    /// Avro: writer enum symbols the reader lacks, read as the reader's default symbol.
    AvroEnumSymbolsReadAsDefault = "AVRO_ENUM_SYMBOLS_READ_AS_DEFAULT", Strict;
    /// Protobuf: the file's package changed (every full name with it; the binary encoding did
    /// not).
    PackageChanged = "PACKAGE_CHANGED", Strict;
    /// Protobuf: a message was added.
    MessageAdded = "MESSAGE_ADDED", Strict, AddOnly;
    /// Protobuf: a message was removed.
    MessageRemoved = "MESSAGE_REMOVED", Never;
    /// Protobuf: a message's index among the messages of its scope changed (message indexes
    /// are read against the schema of each record's id).
    MessageMoved = "MESSAGE_MOVED", Strict, AddOnly;
    /// Protobuf: an enum was added.
    EnumAdded = "ENUM_ADDED", Strict, AddOnly;
    /// Protobuf: an enum was removed.
    EnumRemoved = "ENUM_REMOVED", Strict;
    /// Protobuf: an enum value was added.
    EnumConstAdded = "ENUM_CONST_ADDED", Strict, AddOnly;
    /// Protobuf: the name of an enum value of one number changed.
    EnumConstChanged = "ENUM_CONST_CHANGED", Strict;
    /// Protobuf: an enum value was removed.
    EnumConstRemoved = "ENUM_CONST_REMOVED", Strict;
    /// Protobuf: a field was added.
    FieldAdded = "FIELD_ADDED", Strict, AddOnly;
    /// Protobuf: a field was removed.
    FieldRemoved = "FIELD_REMOVED", Strict;
    /// Protobuf: the name of the field of one number changed.
    FieldNameChanged = "FIELD_NAME_CHANGED", Strict;
    /// Protobuf: a field's type changed between scalar, message and map.
    FieldKindChanged = "FIELD_KIND_CHANGED", Never;
    /// Protobuf: a scalar field's type changed to one that encodes differently.
    FieldScalarKindChanged = "FIELD_SCALAR_KIND_CHANGED", Never;
    /// Protobuf: a message field's type changed name, or its definition changed incompatibly.
    FieldNamedTypeChanged = "FIELD_NAMED_TYPE_CHANGED", Never;
    /// Protobuf: the written label of a numeric field changed.
    FieldNumericLabelChanged = "FIELD_NUMERIC_LABEL_CHANGED", Never;
    /// Protobuf: the written label of a string or bytes field changed.
    FieldStringOrBytesLabelChanged = "FIELD_STRING_OR_BYTES_LABEL_CHANGED", Strict;
    /// Protobuf: a required field was added.
    RequiredFieldAdded = "REQUIRED_FIELD_ADDED", Never;
    /// Protobuf: a required field was removed.
    RequiredFieldRemoved = "REQUIRED_FIELD_REMOVED", Never;
    /// Protobuf: a oneof was added.
    OneofAdded = "ONEOF_ADDED", Strict;
    /// Protobuf: a oneof was removed.
    OneofRemoved = "ONEOF_REMOVED", Strict;
    /// Protobuf: a field was added to a oneof.
    OneofFieldAdded = "ONEOF_FIELD_ADDED", Strict, AddOnly;
    /// Protobuf: a field was removed from a oneof that is still there.
    OneofFieldRemoved = "ONEOF_FIELD_REMOVED", Never;
    /// Protobuf: several fields that were independent moved into one oneof.
    MultipleFieldsMovedToOneof = "MULTIPLE_FIELDS_MOVED_TO_ONEOF", Never;
    /// Protobuf: a field moved into a oneof whose other members existed before apart from it.
    FieldMovedToExistingOneof = "FIELD_MOVED_TO_EXISTING_ONEOF", Never;
    /// Protobuf: a oneof member became a top-level field (only a mutual exclusion lifted).
    OneofFieldMovedToTopLevel = "ONEOF_FIELD_MOVED_TO_TOP_LEVEL", Strict;
    /// Protobuf, Accord's own: a field the later version lacks without reserving both its
    /// number and its name, so a later version may reuse the number for another type.
    /// Allowed under LENIENT only.
    FieldRemovedWithoutReserved = "FIELD_REMOVED_WITHOUT_RESERVED", LenientOnly;
}
