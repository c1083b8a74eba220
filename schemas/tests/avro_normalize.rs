//! The stored text of an Avro schema with `normalize=true`: what Confluent stores then (its
//! `AvroSchema.normalize`, rendered by the Java parser), so two spellings of one schema are one.

use accord_schemas::avro::stored_text;
use serde_json::Value;

fn normalized(text: &str) -> String {
    let json: Value = serde_json::from_str(text).unwrap();
    stored_text(&json, true)
}

/// Each case: a schema and its normalized text.
fn cases(list: &[(&str, &str)]) {
    for (text, want) in list {
        assert_eq!(normalized(text), *want, "{text}");
        // Normalizing is idempotent.
        assert_eq!(normalized(want), *want, "{want}");
    }
}

#[test]
fn a_primitive_with_nothing_else_is_its_name() {
    cases(&[
        (r#"{"type":"int"}"#, r#""int""#),
        (
            r#"{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"string"}}]}"#,
            r#"{"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}"#,
        ),
        (
            r#"{"type":"string","logicalType":"uuid"}"#,
            r#"{"type":"string","logicalType":"uuid"}"#,
        ),
    ]);
}

#[test]
fn names_are_written_short_with_the_namespace_where_it_changes() {
    cases(&[
        (
            r#"{"fields":[],"name":"n.R","type":"record"}"#,
            r#"{"type":"record","name":"R","namespace":"n","fields":[]}"#,
        ),
        (
            r#"{"type":"record","name":"R","namespace":"n","fields":[
                {"name":"same","type":{"type":"fixed","name":"n.F","size":1}},
                {"name":"inherited","type":{"type":"enum","name":"E","symbols":["A"]}},
                {"name":"other","type":{"type":"fixed","name":"G","namespace":"m","size":2}},
                {"name":"none","type":{"type":"fixed","name":"H","namespace":"","size":3}},
                {"name":"ref_same","type":"n.F"},
                {"name":"ref_short","type":"E"},
                {"name":"ref_other","type":"m.G"}]}"#,
            concat!(
                r#"{"type":"record","name":"R","namespace":"n","fields":["#,
                r#"{"name":"same","type":{"type":"fixed","name":"F","size":1}},"#,
                r#"{"name":"inherited","type":{"type":"enum","name":"E","symbols":["A"]}},"#,
                r#"{"name":"other","type":{"type":"fixed","name":"G","namespace":"m","size":2}},"#,
                r#"{"name":"none","type":{"type":"fixed","name":"H","namespace":"","size":3}},"#,
                r#"{"name":"ref_same","type":"F"},"#,
                r#"{"name":"ref_short","type":"E"},"#,
                r#"{"name":"ref_other","type":"m.G"}]}"#
            ),
        ),
        (
            r#"{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"fixed","name":"F","size":1}},{"name":"b","type":{"type":"fixed","name":"F","size":1}}]}"#,
            r#"{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"fixed","name":"F","size":1}},{"name":"b","type":"F"}]}"#,
        ),
    ]);
}

#[test]
fn aliases_and_properties_are_sorted() {
    cases(&[
        (
            r#"{"type":"record","name":"R","namespace":"n","aliases":["Z","m.X","n.Y"],"z":1,"a":{"y":1,"x":2},"fields":[{"name":"a","type":"int","aliases":["c","b"],"y":0,"x":0}]}"#,
            r#"{"type":"record","name":"R","namespace":"n","fields":[{"name":"a","type":"int","aliases":["b","c"],"x":0,"y":0}],"aliases":["m.X","Y","Z"],"a":{"x":2,"y":1},"z":1}"#,
        ),
        (
            r#"{"type":"bytes","scale":2,"x-b":1,"precision":4,"x-a":2,"logicalType":"decimal"}"#,
            r#"{"type":"bytes","logicalType":"decimal","precision":4,"scale":2,"x-a":2,"x-b":1}"#,
        ),
        (
            r#"{"type":"array","items":"int","b":1,"a":2}"#,
            r#"{"type":"array","items":"int","a":2,"b":1}"#,
        ),
    ]);
}

#[test]
fn redundant_attributes_are_dropped() {
    cases(&[(
        r#"{"type":"record","name":"R","doc":"","fields":[{"name":"a","type":"int","order":"ascending","doc":""},{"name":"b","type":"int","order":"DESCENDING"}]}"#,
        r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int","doc":""},{"name":"b","type":"int","order":"descending"}]}"#,
    )]);
}

#[test]
fn defaults_are_rendered_through_their_type() {
    cases(&[(
        r#"{"type":"record","name":"R","fields":[
                {"name":"d","type":"double","default":1},
                {"name":"f","type":"float","default":-2},
                {"name":"u","type":["double","null"],"default":3},
                {"name":"n","type":["null","double"],"default":null},
                {"name":"i","type":"int","default":1},
                {"name":"big","type":"double","default":100000000},
                {"name":"x","type":"double","default":1.5},
                {"name":"arr","type":{"type":"array","items":"float"},"default":[1,2.5]},
                {"name":"map","type":{"type":"map","values":"double"},"default":{"b":1,"a":2}},
                {"name":"rec","type":{"type":"record","name":"S","fields":[{"name":"y","type":"double"},{"name":"x","type":"int"}]},"default":{"y":1,"x":1}},
                {"name":"again","type":"S","default":{"y":2,"x":2}}]}"#,
        concat!(
            r#"{"type":"record","name":"R","fields":["#,
            r#"{"name":"d","type":"double","default":1.0},"#,
            r#"{"name":"f","type":"float","default":-2.0},"#,
            r#"{"name":"u","type":["double","null"],"default":3.0},"#,
            r#"{"name":"n","type":["null","double"],"default":null},"#,
            r#"{"name":"i","type":"int","default":1},"#,
            r#"{"name":"big","type":"double","default":100000000},"#,
            r#"{"name":"x","type":"double","default":1.5},"#,
            r#"{"name":"arr","type":{"type":"array","items":"float"},"default":[1.0,2.5]},"#,
            r#"{"name":"map","type":{"type":"map","values":"double"},"default":{"a":2.0,"b":1.0}},"#,
            r#"{"name":"rec","type":{"type":"record","name":"S","fields":[{"name":"y","type":"double"},{"name":"x","type":"int"}]},"default":{"x":1,"y":1.0}},"#,
            r#"{"name":"again","type":"S","default":{"x":2,"y":2.0}}]}"#
        ),
    )]);
}

#[test]
fn spellings_of_one_schema_normalize_to_one_text() {
    let a = r#"{"type":"record","name":"n.R","fields":[{"name":"a","type":{"type":"int"},"order":"ascending"}],"aliases":["B","A"]}"#;
    let b = r#"{"fields":[{"type":"int","name":"a"}],"aliases":["n.A","n.B"],"namespace":"n","name":"R","type":"record"}"#;
    assert_eq!(normalized(a), normalized(b));
    let parse = |t: &str| serde_json::from_str::<Value>(t).unwrap();
    assert_ne!(stored_text(&parse(a), false), stored_text(&parse(b), false));
}
