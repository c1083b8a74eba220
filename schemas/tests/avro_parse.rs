//! Table tests of what an Avro schema must be to be registered: the rules of Java's
//! `Schema.Parser` with defaults validated (what Confluent's registry parses with), each refusal
//! naming the offending node with a JSON pointer into the user's schema.

use accord_schemas::avro::AvroSchema;
use accord_schemas::Error;

/// A record `n.R` with the given fields.
fn rec(fields: &str) -> String {
    format!(r#"{{"type":"record","name":"R","namespace":"n","fields":[{fields}]}}"#)
}

/// A record whose one field `a` has type `ty` and default `default`.
fn with_default(ty: &str, default: &str) -> String {
    rec(&format!(
        r#"{{"name":"a","type":{ty},"default":{default}}}"#
    ))
}

fn accepted(cases: &[(&str, String)]) {
    for (name, text) in cases {
        if let Err(e) = AvroSchema::parse(text, &[]) {
            panic!("{name}: {text} was refused: {e}");
        }
    }
}

/// Each case: its name, the schema, the pointer of the refusal and words of its message.
fn refused(cases: &[(&str, String, &str, &str)]) {
    for (name, text, pointer, needle) in cases {
        match AvroSchema::parse(text, &[]) {
            Ok(_) => panic!("{name}: {text} was accepted"),
            Err(Error::InvalidSchema {
                pointer: at,
                message,
            }) => {
                assert_eq!(at, *pointer, "{name}: {message}");
                assert!(message.contains(needle), "{name}: {message}");
            }
            Err(other) => panic!("{name}: {other}"),
        }
    }
}

#[test]
fn a_field_default_is_a_value_of_the_fields_type() {
    accepted(&[
        ("int", with_default(r#""int""#, "-2147483648")),
        ("long", with_default(r#""long""#, "9223372036854775807")),
        ("float from an integer", with_default(r#""float""#, "1")),
        ("double", with_default(r#""double""#, "1.5e3")),
        (
            "double NaN as a string",
            with_default(r#""double""#, r#""NaN""#),
        ),
        (
            "double -Infinity as a string",
            with_default(r#""double""#, r#""-Infinity""#),
        ),
        ("boolean", with_default(r#""boolean""#, "false")),
        ("null", with_default(r#""null""#, "null")),
        ("string", with_default(r#""string""#, r#""x""#)),
        (
            "bytes are a string",
            with_default(r#""bytes""#, r#""\u00ff""#),
        ),
        (
            "fixed is a string",
            with_default(r#"{"type":"fixed","name":"F","size":2}"#, r#""ab""#),
        ),
        (
            "enum symbol",
            with_default(r#"{"type":"enum","name":"E","symbols":["A"]}"#, r#""A""#),
        ),
        (
            "array",
            with_default(r#"{"type":"array","items":"int"}"#, "[1,2]"),
        ),
        (
            "map",
            with_default(r#"{"type":"map","values":"long"}"#, r#"{"a":1}"#),
        ),
        (
            "logical type by its underlying type",
            with_default(r#"{"type":"int","logicalType":"date"}"#, "0"),
        ),
        (
            "record: missing fields take their own default, extra keys are ignored",
            with_default(
                r#"{"type":"record","name":"S","fields":[{"name":"x","type":"int","default":1},{"name":"y","type":"string"}]}"#,
                r#"{"y":"s","z":0}"#,
            ),
        ),
        (
            "a recursive record, its fields defaulting to themselves",
            rec(
                r#"{"name":"t","type":{"type":"record","name":"T","fields":[{"name":"l","type":["null","T"],"default":null},{"name":"r","type":["null","T"],"default":null}]},"default":{"l":{"r":{"l":null}}}}"#,
            ),
        ),
        (
            "a named type used by name",
            rec(
                r#"{"name":"a","type":{"type":"fixed","name":"F","size":1}},{"name":"b","type":"F","default":"x"}"#,
            ),
        ),
    ]);
    refused(&[
        (
            "string for int",
            with_default(r#""int""#, r#""abc""#),
            "/fields/0/default",
            r#"the default "abc" is not a valid int (the field's type)"#,
        ),
        (
            "1.0 for int",
            with_default(r#""int""#, "1.0"),
            "/fields/0/default",
            "not a valid int",
        ),
        (
            "exponent for int",
            with_default(r#""int""#, "1e2"),
            "/fields/0/default",
            "not a valid int",
        ),
        (
            "int out of range",
            with_default(r#""int""#, "2147483648"),
            "/fields/0/default",
            "not a valid int",
        ),
        (
            "1.5 for long",
            with_default(r#""long""#, "1.5"),
            "/fields/0/default",
            "not a valid long",
        ),
        (
            "1.0 for long",
            with_default(r#""long""#, "1.0"),
            "/fields/0/default",
            "not a valid long",
        ),
        (
            "long out of range",
            with_default(r#""long""#, "9223372036854775808"),
            "/fields/0/default",
            "not a valid long",
        ),
        (
            "boolean for double",
            with_default(r#""double""#, "true"),
            "/fields/0/default",
            "not a valid double",
        ),
        (
            "INF is not Java's",
            with_default(r#""double""#, r#""INF""#),
            "/fields/0/default",
            "not a valid double",
        ),
        (
            "a string for boolean",
            with_default(r#""boolean""#, r#""true""#),
            "/fields/0/default",
            "not a valid boolean",
        ),
        (
            "0 for null",
            with_default(r#""null""#, "0"),
            "/fields/0/default",
            "not a valid null",
        ),
        (
            "number for string",
            with_default(r#""string""#, "1"),
            "/fields/0/default",
            "not a valid string",
        ),
        (
            "list of numbers for bytes",
            with_default(r#""bytes""#, "[1,2]"),
            "/fields/0/default",
            "not a valid bytes",
        ),
        (
            "number for fixed",
            with_default(r#"{"type":"fixed","name":"F","size":2}"#, "1"),
            "/fields/0/default",
            "not a valid fixed n.F",
        ),
        (
            "number for enum",
            with_default(r#"{"type":"enum","name":"E","symbols":["A"]}"#, "1"),
            "/fields/0/default",
            "not a valid enum n.E",
        ),
        (
            "an item of the wrong type",
            with_default(r#"{"type":"array","items":"int"}"#, r#"[1,"a"]"#),
            "/fields/0/default/1",
            r#""a" is not a valid int"#,
        ),
        (
            "an object for an array",
            with_default(r#"{"type":"array","items":"int"}"#, "{}"),
            "/fields/0/default",
            "not a valid array of int",
        ),
        (
            "a value of the wrong type",
            with_default(r#"{"type":"map","values":"int"}"#, r#"{"k":"x"}"#),
            "/fields/0/default/k",
            r#""x" is not a valid int"#,
        ),
        (
            "a list for a map",
            with_default(r#"{"type":"map","values":"int"}"#, "[]"),
            "/fields/0/default",
            "not a valid map of int",
        ),
        (
            "a record field with no value and no default",
            with_default(
                r#"{"type":"record","name":"S","fields":[{"name":"x","type":"int"}]}"#,
                "{}",
            ),
            "/fields/0/default",
            r#"no value for the field "x""#,
        ),
        (
            "a record field of the wrong type",
            with_default(
                r#"{"type":"record","name":"S","fields":[{"name":"x","type":"int"}]}"#,
                r#"{"x":2147483648}"#,
            ),
            "/fields/0/default/x",
            "2147483648 is not a valid int",
        ),
        (
            "the second field's default",
            rec(
                r#"{"name":"a","type":"int"},{"name":"b","type":"int"},{"name":"c","type":"int","default":"abc"}"#,
            ),
            "/fields/2/default",
            "not a valid int",
        ),
    ]);
}

/// Java 1.12 (and apache-avro) accept a union default matching any branch; Java 1.11 and earlier
/// wanted the first branch.
#[test]
fn a_union_default_matches_one_of_its_branches() {
    accepted(&[
        (
            "the first branch",
            with_default(r#"["null","string"]"#, "null"),
        ),
        (
            "a later branch",
            with_default(r#"["null","string"]"#, r#""abc""#),
        ),
        ("long in a union", with_default(r#"["long","null"]"#, "5")),
        (
            "a record in a union",
            with_default(
                r#"["null",{"type":"record","name":"S","fields":[{"name":"x","type":["null","int"]}]}]"#,
                r#"{"x":1}"#,
            ),
        ),
    ]);
    refused(&[
        (
            "no branch",
            with_default(r#"["null","int"]"#, r#""abc""#),
            "/fields/0/default",
            "not a valid union [null, int]",
        ),
        (
            "1.0 for int or null",
            with_default(r#"["int","null"]"#, "1.0"),
            "/fields/0/default",
            "not a valid union",
        ),
        // Java reads a string as a number only for a field typed float or double itself.
        (
            "NaN in a union",
            with_default(r#"["double","null"]"#, r#""NaN""#),
            "/fields/0/default",
            "not a valid union",
        ),
    ]);
}

#[test]
fn an_enum_default_is_one_of_its_symbols_and_symbols_are_unique_names() {
    accepted(&[
        (
            "default among symbols",
            r#"{"type":"enum","name":"E","symbols":["A","B"],"default":"B"}"#.into(),
        ),
        (
            "no symbols",
            r#"{"type":"enum","name":"E","symbols":[]}"#.into(),
        ),
    ]);
    refused(&[
        (
            "default not a symbol",
            r#"{"type":"enum","name":"E","symbols":["A"],"default":"X"}"#.into(),
            "/default",
            r#"the default "X" is not one of the enum's symbols"#,
        ),
        (
            "duplicate symbol",
            r#"{"type":"enum","name":"E","symbols":["A","B","A"]}"#.into(),
            "/symbols/2",
            r#"already has the symbol "A" (at /symbols/0)"#,
        ),
        (
            "invalid symbol",
            r#"{"type":"enum","name":"E","symbols":["A-b"]}"#.into(),
            "/symbols/0",
            "not a valid symbol",
        ),
        (
            "symbol not a string",
            r#"{"type":"enum","name":"E","symbols":[1]}"#.into(),
            "/symbols/0",
            "not a string",
        ),
        (
            "no symbols",
            r#"{"type":"enum","name":"E"}"#.into(),
            "",
            "needs \"symbols\"",
        ),
    ]);
}

#[test]
fn field_names_are_unique_in_a_record() {
    refused(&[(
        "duplicate field",
        rec(r#"{"name":"a","type":"int"},{"name":"b","type":"int"},{"name":"a","type":"string"}"#),
        "/fields/2/name",
        r#"already has a field "a" (at /fields/0)"#,
    )]);
}

#[test]
fn names_are_letters_digits_and_underscores_and_namespaces_are_dotted_names() {
    accepted(&[
        (
            "underscore",
            r#"{"type":"record","name":"_a1","fields":[]}"#.into(),
        ),
        (
            "full name",
            r#"{"type":"record","name":"a.b_2.C","fields":[]}"#.into(),
        ),
        (
            "namespace",
            r#"{"type":"fixed","name":"F","namespace":"a.b","size":1}"#.into(),
        ),
        (
            "empty namespace",
            r#"{"type":"record","name":"A","namespace":"","fields":[]}"#.into(),
        ),
    ]);
    refused(&[
        (
            "digit first",
            r#"{"type":"record","name":"1A","fields":[]}"#.into(),
            "/name",
            r#""1A" is not a valid name"#,
        ),
        (
            "dash",
            r#"{"type":"enum","name":"a-b","symbols":[]}"#.into(),
            "/name",
            "not a valid name",
        ),
        (
            "space",
            r#"{"type":"fixed","name":"a b","size":1}"#.into(),
            "/name",
            "not a valid name",
        ),
        (
            "empty part in a full name",
            r#"{"type":"record","name":"a..B","fields":[]}"#.into(),
            "/name",
            "not a valid name",
        ),
        (
            "name not a string",
            r#"{"type":"record","name":1,"fields":[]}"#.into(),
            "/name",
            "not a string",
        ),
        (
            "no name",
            r#"{"type":"record","fields":[]}"#.into(),
            "",
            "needs a \"name\"",
        ),
        (
            "empty namespace part",
            r#"{"type":"record","name":"A","namespace":"a..b","fields":[]}"#.into(),
            "/namespace",
            "not a valid namespace",
        ),
        (
            "namespace part with a digit first",
            r#"{"type":"record","name":"A","namespace":"a.1b","fields":[]}"#.into(),
            "/namespace",
            "not a valid namespace",
        ),
        (
            "field name",
            rec(r#"{"name":"a-b","type":"int"}"#),
            "/fields/0/name",
            "not a valid field name",
        ),
        (
            "nested name",
            rec(r#"{"name":"a","type":{"type":"record","name":"S-1","fields":[]}}"#),
            "/fields/0/type/name",
            "not a valid name",
        ),
        (
            "alias",
            r#"{"type":"record","name":"A","aliases":["ok","no-t"],"fields":[]}"#.into(),
            "/aliases/1",
            "not a valid name",
        ),
    ]);
}

#[test]
fn a_name_is_defined_once() {
    accepted(&[
        (
            "the same definition again",
            rec(
                r#"{"name":"a","type":{"type":"fixed","name":"F","size":1}},{"name":"b","type":{"type":"fixed","name":"F","size":1,"doc":"again"}}"#,
            ),
        ),
        (
            "same short name, other namespace",
            rec(r#"{"name":"a","type":{"type":"record","name":"R","namespace":"m","fields":[]}}"#),
        ),
    ]);
    refused(&[
        (
            "redefined differently",
            rec(
                r#"{"name":"a","type":{"type":"fixed","name":"F","size":1}},{"name":"b","type":{"type":"fixed","name":"F","size":2}}"#,
            ),
            "/fields/1/type",
            "n.F is defined twice, differently (first at /fields/0/type)",
        ),
        (
            "the record's own name",
            rec(r#"{"name":"a","type":{"type":"record","name":"R","fields":[]}}"#),
            "/fields/0/type",
            "n.R is defined twice, differently (first at the root)",
        ),
        (
            "an enum and a fixed",
            r#"[{"type":"enum","name":"X","symbols":["A"]},{"type":"fixed","name":"X","size":1}]"#
                .into(),
            "/1",
            "X is defined twice",
        ),
    ]);
}

#[test]
fn a_type_name_is_defined() {
    accepted(&[
        ("primitive by name", rec(r#"{"name":"a","type":"string"}"#)),
        ("recursion", rec(r#"{"name":"next","type":["null","R"]}"#)),
        (
            "full name",
            rec(
                r#"{"name":"a","type":{"type":"fixed","name":"F","size":1}},{"name":"b","type":"n.F"}"#,
            ),
        ),
        (
            "named type in an object",
            rec(
                r#"{"name":"a","type":{"type":"fixed","name":"F","size":1}},{"name":"b","type":{"type":"F"}}"#,
            ),
        ),
    ]);
    refused(&[
        (
            "unknown",
            rec(r#"{"name":"a","type":"Nope"}"#),
            "/fields/0/type",
            r#""Nope" is not a primitive type nor a named type"#,
        ),
        (
            "unknown in a union",
            rec(r#"{"name":"a","type":["null","Nope"]}"#),
            "/fields/0/type/1",
            "not a primitive type",
        ),
        (
            "unknown items",
            r#"{"type":"array","items":"Nope"}"#.into(),
            "/items",
            "not a primitive type",
        ),
        (
            "unknown type in an object",
            r#"{"type":"Nope"}"#.into(),
            "/type",
            "not a primitive type",
        ),
        (
            "no type",
            rec(r#"{"name":"a","type":{"items":"int"}}"#),
            "/fields/0/type",
            "needs a \"type\"",
        ),
    ]);
}

#[test]
fn a_fixed_has_a_size_that_is_a_32_bit_int() {
    accepted(&[
        ("zero", r#"{"type":"fixed","name":"F","size":0}"#.into()),
        (
            "largest",
            r#"{"type":"fixed","name":"F","size":2147483647}"#.into(),
        ),
    ]);
    refused(&[
        (
            "no size",
            r#"{"type":"fixed","name":"F"}"#.into(),
            "",
            "needs a \"size\"",
        ),
        (
            "negative",
            r#"{"type":"fixed","name":"F","size":-1}"#.into(),
            "/size",
            "not a whole number",
        ),
        (
            "a string",
            r#"{"type":"fixed","name":"F","size":"4"}"#.into(),
            "/size",
            "not a whole number",
        ),
        (
            "4.0",
            r#"{"type":"fixed","name":"F","size":4.0}"#.into(),
            "/size",
            "not a whole number",
        ),
        (
            "too large",
            r#"{"type":"fixed","name":"F","size":2147483648}"#.into(),
            "/size",
            "not a whole number",
        ),
    ]);
}

#[test]
fn a_union_has_one_branch_of_each_type_and_no_union_in_it() {
    accepted(&[
        (
            "different types",
            r#"["null","int","long",{"type":"array","items":"int"},{"type":"map","values":"int"}]"#
                .into(),
        ),
        (
            "different named types",
            r#"[{"type":"fixed","name":"A","size":1},{"type":"fixed","name":"B","size":1}]"#.into(),
        ),
        ("empty", "[]".into()),
    ]);
    refused(&[
        (
            "union in a union",
            r#"["int",["null","string"]]"#.into(),
            "/1",
            "cannot contain a union",
        ),
        (
            "two ints",
            r#"["int","null","int"]"#.into(),
            "/2",
            "already has a branch of type int (at /0)",
        ),
        (
            "two arrays",
            r#"[{"type":"array","items":"int"},{"type":"array","items":"string"}]"#.into(),
            "/1",
            "of type array",
        ),
        (
            "two maps",
            r#"[{"type":"map","values":"int"},{"type":"map","values":"string"}]"#.into(),
            "/1",
            "of type map",
        ),
        (
            "a logical type is its underlying type",
            r#"["int",{"type":"int","logicalType":"date"}]"#.into(),
            "/1",
            "of type int",
        ),
        (
            "uuid is a string",
            r#"["string",{"type":"string","logicalType":"uuid"}]"#.into(),
            "/1",
            "of type string",
        ),
        (
            "the same named type twice",
            rec(r#"{"name":"a","type":[{"type":"fixed","name":"F","size":1},"F"]}"#),
            "/fields/0/type/1",
            "of type n.F",
        ),
    ]);
}

#[test]
fn a_record_has_a_list_of_fields_with_names_and_types() {
    accepted(&[(
        "no fields",
        r#"{"type":"record","name":"A","fields":[]}"#.into(),
    )]);
    refused(&[
        (
            "fields missing",
            r#"{"type":"record","name":"A"}"#.into(),
            "",
            "needs \"fields\"",
        ),
        (
            "fields not a list",
            r#"{"type":"record","name":"A","fields":{}}"#.into(),
            "",
            "needs \"fields\"",
        ),
        (
            "a field not an object",
            rec(r#""int""#),
            "/fields/0",
            "a field is an object",
        ),
        (
            "a field without a name",
            rec(r#"{"type":"int"}"#),
            "/fields/0",
            "needs a \"name\"",
        ),
        (
            "a field without a type",
            rec(r#"{"name":"a"}"#),
            "/fields/0",
            "needs a \"type\"",
        ),
    ]);
}

#[test]
fn a_field_order_is_ascending_descending_or_ignore() {
    accepted(&[
        (
            "ascending",
            rec(r#"{"name":"a","type":"int","order":"ascending"}"#),
        ),
        (
            "any case",
            rec(r#"{"name":"a","type":"int","order":"DESCENDING"}"#),
        ),
        (
            "ignore",
            rec(r#"{"name":"a","type":"int","order":"ignore"}"#),
        ),
    ]);
    refused(&[
        (
            "junk",
            rec(r#"{"name":"a","type":"int","order":"junk"}"#),
            "/fields/0/order",
            r#"the order "junk" is not"#,
        ),
        (
            "a number",
            rec(r#"{"name":"a","type":"int","order":1}"#),
            "/fields/0/order",
            "the order 1 is not",
        ),
    ]);
}

#[test]
fn aliases_are_a_list_of_strings() {
    accepted(&[
        (
            "named type",
            r#"{"type":"record","name":"A","aliases":["B","x.C"],"fields":[]}"#.into(),
        ),
        ("field", rec(r#"{"name":"a","type":"int","aliases":["b"]}"#)),
    ]);
    refused(&[
        (
            "a string",
            r#"{"type":"record","name":"A","aliases":"B","fields":[]}"#.into(),
            "/aliases",
            "a list of names",
        ),
        (
            "a number in the list",
            r#"{"type":"enum","name":"E","aliases":[1],"symbols":[]}"#.into(),
            "/aliases/0",
            "not a string",
        ),
        (
            "a field's",
            rec(r#"{"name":"a","type":"int","aliases":"b"}"#),
            "/fields/0/aliases",
            "a list of names",
        ),
    ]);
}

#[test]
fn referenced_types_are_known_and_checked_against() {
    let reference =
        r#"{"type":"record","name":"S","namespace":"n","fields":[{"name":"x","type":"int"}]}"#;
    let ok = rec(r#"{"name":"s","type":"n.S","default":{"x":1}}"#);
    AvroSchema::parse(&ok, &[("s", reference)]).unwrap();
    for (text, pointer, needle) in [
        (
            rec(r#"{"name":"s","type":"S","default":{"x":"one"}}"#),
            "/fields/0/default/x",
            r#""one" is not a valid int"#,
        ),
        (
            rec(r#"{"name":"s","type":{"type":"record","name":"S","fields":[]}}"#),
            "/fields/0/type",
            "n.S is defined twice, differently (first in a referenced schema)",
        ),
        (
            rec(r#"{"name":"s","type":"T"}"#),
            "/fields/0/type",
            r#""T" is not"#,
        ),
    ] {
        match AvroSchema::parse(&text, &[("s", reference)]) {
            Err(Error::InvalidSchema {
                pointer: at,
                message,
            }) => {
                assert_eq!(at, pointer, "{text}: {message}");
                assert!(message.contains(needle), "{text}: {message}");
            }
            other => panic!("{text}: {other:?}"),
        }
    }
}

/// Confluent validates defaults only of a new schema; Accord holds a new schema to Java's rules
/// and reads a stored one as it was accepted (by apache-avro alone, before those rules).
#[test]
fn a_stored_schema_is_read_as_it_was_accepted() {
    use accord_schemas::format::Model;
    use accord_schemas::limits::Limits;
    use accord_schemas::SchemaType;

    for text in [
        with_default(r#""int""#, "2147483648"),
        r#"["int",{"type":"int","logicalType":"date"}]"#.to_string(),
        rec(r#"{"name":"a","type":"int","order":"junk"}"#),
        rec(
            r#"{"name":"a","type":{"type":"fixed","name":"F","size":1}},{"name":"b","type":{"type":"fixed","name":"F","size":2}}"#,
        ),
    ] {
        assert!(AvroSchema::parse(&text, &[]).is_err(), "{text}");
        AvroSchema::parse_stored(&text, &[], &Limits::DEFAULT)
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(Model::parse_text(SchemaType::Avro, &text, &[], &Limits::DEFAULT).is_err());
        Model::parse_stored(SchemaType::Avro, &text, &[], &Limits::DEFAULT)
            .unwrap_or_else(|e| panic!("{text}: {e}"));
    }
    // What apache-avro refuses is refused either way.
    let bad = with_default(r#""int""#, r#""abc""#);
    assert!(AvroSchema::parse_stored(&bad, &[], &Limits::DEFAULT).is_err());

    // A stored schema with references.
    let reference = AvroSchema::parse(
        r#"{"type":"record","name":"S","namespace":"n","fields":[{"name":"x","type":"int"}]}"#,
        &[],
    )
    .unwrap();
    let text = rec(r#"{"name":"s","type":"S","default":{"x":2147483648}}"#);
    assert!(AvroSchema::parse_with_schemas(&text, &[&reference], &Limits::DEFAULT).is_err());
    AvroSchema::parse_stored_with_schemas(&text, &[&reference], &Limits::DEFAULT).unwrap();
}
