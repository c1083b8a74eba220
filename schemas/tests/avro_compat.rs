//! Table tests of the Avro engine: old (writer) and new (reader) schema → the breaking kinds with
//! their paths, and the verdict under STRICT and ADD_ONLY.

use accord_schemas::avro::{check, AvroSchema};
use accord_schemas::compat::{Level, Policy};
use accord_schemas::format::{self, Model};
use accord_schemas::limits::Limits;

fn p(text: &str) -> AvroSchema {
    AvroSchema::parse(text, &[]).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn rec(fields: &str) -> String {
    format!(r#"{{"type":"record","name":"R","namespace":"n","fields":[{fields}]}}"#)
}

/// (name, old, new, breaking (kind, path) pairs, all kinds found).
fn case(name: &str, old: &str, new: &str, breaking: &[(&str, &str)], kinds: &[&str]) {
    let report = check(&p(old), &p(new), Policy::Strict).unwrap();
    let got: Vec<(String, String)> = report
        .breaking()
        .map(|c| (c.kind.name().to_string(), c.path.clone()))
        .collect();
    let want: Vec<(String, String)> = breaking
        .iter()
        .map(|(k, p)| (k.to_string(), p.to_string()))
        .collect();
    assert_eq!(got, want, "{name}: {:#?}", report.changes);
    assert_eq!(report.compatible, breaking.is_empty(), "{name}");
    let mut all: Vec<&str> = report.changes.iter().map(|c| c.kind.name()).collect();
    all.sort();
    let mut expected = kinds.to_vec();
    expected.sort();
    assert_eq!(all, expected, "{name}");
}

#[test]
fn primitives_and_promotions() {
    for (w, r, ok) in [
        ("int", "long", true),
        ("int", "float", true),
        ("int", "double", true),
        ("long", "float", true),
        ("long", "double", true),
        ("float", "double", true),
        ("string", "bytes", true),
        ("bytes", "string", true),
        ("long", "int", false),
        ("double", "float", false),
        ("boolean", "int", false),
        ("null", "string", false),
    ] {
        let report = check(
            &p(&format!("\"{w}\"")),
            &p(&format!("\"{r}\"")),
            Policy::Strict,
        )
        .unwrap();
        assert_eq!(report.compatible, ok, "{w} -> {r}");
        if ok {
            assert_eq!(report.changes[0].kind.name(), "AVRO_TYPE_PROMOTED");
        } else {
            assert_eq!(report.changes[0].kind.name(), "TYPE_MISMATCH");
            assert_eq!(report.changes[0].path, "/");
            assert_eq!(report.changes[0].new_pointer.as_deref(), Some(""));
        }
    }
}

#[test]
fn record_fields() {
    case(
        "field added without default",
        &rec(r#"{"name":"a","type":"int"}"#),
        &rec(r#"{"name":"a","type":"int"},{"name":"b","type":"string"}"#),
        &[("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1")],
        &["READER_FIELD_MISSING_DEFAULT_VALUE"],
    );
    case(
        "field added with default",
        &rec(r#"{"name":"a","type":"int"}"#),
        &rec(r#"{"name":"a","type":"int"},{"name":"b","type":"string","default":"x"}"#),
        &[],
        &["AVRO_FIELD_ADDED_WITH_DEFAULT"],
    );
    case(
        "field removed",
        &rec(r#"{"name":"a","type":"int"},{"name":"b","type":"string"}"#),
        &rec(r#"{"name":"a","type":"int"}"#),
        &[],
        &["AVRO_FIELD_REMOVED"],
    );
    case(
        "field renamed with an alias",
        &rec(r#"{"name":"a","type":"int"}"#),
        &rec(r#"{"name":"b","aliases":["a"],"type":"int"}"#),
        &[],
        &[],
    );
    case(
        "every incompatibility is collected",
        &rec(r#"{"name":"a","type":"int"},{"name":"b","type":"string"}"#),
        &rec(r#"{"name":"a","type":"string"},{"name":"b","type":"int"},{"name":"c","type":"int"}"#),
        &[
            ("TYPE_MISMATCH", "/fields/0/type"),
            ("TYPE_MISMATCH", "/fields/1/type"),
            ("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/2"),
        ],
        &[
            "TYPE_MISMATCH",
            "TYPE_MISMATCH",
            "READER_FIELD_MISSING_DEFAULT_VALUE",
        ],
    );
}

#[test]
fn names_aliases_and_namespaces() {
    case(
        "renamed record",
        r#"{"type":"record","name":"A","fields":[]}"#,
        r#"{"type":"record","name":"B","fields":[]}"#,
        &[("NAME_MISMATCH", "/name")],
        &["NAME_MISMATCH"],
    );
    case(
        "renamed with an alias of the writer's full name",
        r#"{"type":"record","name":"A","namespace":"x","fields":[]}"#,
        r#"{"type":"record","name":"B","namespace":"y","aliases":["x.A"],"fields":[]}"#,
        &[],
        &[],
    );
    case(
        "namespace alone changed: unqualified names match",
        r#"{"type":"record","name":"A","namespace":"x","fields":[]}"#,
        r#"{"type":"record","name":"A","namespace":"y","fields":[]}"#,
        &[],
        &[],
    );
}

#[test]
fn enums_and_fixed() {
    case(
        "enum symbol removed",
        r#"{"type":"enum","name":"E","symbols":["A","B"]}"#,
        r#"{"type":"enum","name":"E","symbols":["A"]}"#,
        &[("MISSING_ENUM_SYMBOLS", "/symbols")],
        &["MISSING_ENUM_SYMBOLS"],
    );
    case(
        "enum symbol removed, covered by the reader's default",
        r#"{"type":"enum","name":"E","symbols":["A","B"]}"#,
        r#"{"type":"enum","name":"E","symbols":["A"],"default":"A"}"#,
        &[],
        &["AVRO_ENUM_SYMBOLS_READ_AS_DEFAULT"],
    );
    case(
        "enum symbol added",
        r#"{"type":"enum","name":"E","symbols":["A"]}"#,
        r#"{"type":"enum","name":"E","symbols":["A","B"]}"#,
        &[],
        &[],
    );
    case(
        "fixed size changed",
        r#"{"type":"fixed","name":"F","size":4}"#,
        r#"{"type":"fixed","name":"F","size":8}"#,
        &[("FIXED_SIZE_MISMATCH", "/size")],
        &["FIXED_SIZE_MISMATCH"],
    );
    case(
        "fixed size changed inside a field",
        &rec(r#"{"name":"a","type":{"type":"fixed","name":"F","size":4}}"#),
        &rec(r#"{"name":"a","type":{"type":"fixed","name":"F","size":8}}"#),
        &[("FIXED_SIZE_MISMATCH", "/fields/0/type/size")],
        &["FIXED_SIZE_MISMATCH"],
    );
}

#[test]
fn unions() {
    case(
        "reader union reads the writer",
        r#""int""#,
        r#"["null","int"]"#,
        &[],
        &[],
    );
    case(
        "reader union reads the writer by promotion",
        r#""int""#,
        r#"["null","long"]"#,
        &[],
        &["AVRO_TYPE_PROMOTED"],
    );
    case(
        "reader union lacks the writer",
        r#""string""#,
        r#"["null","int"]"#,
        &[("MISSING_UNION_BRANCH", "/")],
        &["MISSING_UNION_BRANCH"],
    );
    case(
        "writer union branch removed",
        r#"["null","int","string"]"#,
        r#"["null","int"]"#,
        &[("MISSING_UNION_BRANCH", "/2")],
        &["MISSING_UNION_BRANCH"],
    );
    case(
        "writer union read by a non-union",
        r#"["null","int"]"#,
        r#""int""#,
        &[("TYPE_MISMATCH", "/")],
        &["TYPE_MISMATCH"],
    );
    case(
        "union branch added",
        r#"["null","int"]"#,
        r#"["null","int","string"]"#,
        &[],
        &[],
    );
}

#[test]
fn containers_recursion_and_logical_types() {
    case(
        "array items",
        r#"{"type":"array","items":"long"}"#,
        r#"{"type":"array","items":"int"}"#,
        &[("TYPE_MISMATCH", "/items")],
        &["TYPE_MISMATCH"],
    );
    case(
        "map values",
        r#"{"type":"map","values":"long"}"#,
        r#"{"type":"map","values":"int"}"#,
        &[("TYPE_MISMATCH", "/values")],
        &["TYPE_MISMATCH"],
    );
    let list = |extra: &str| {
        format!(
            r#"{{"type":"record","name":"Node","fields":[{{"name":"v","type":"int"}},{{"name":"next","type":["null","Node"]}}{extra}]}}"#
        )
    };
    case("recursive record unchanged", &list(""), &list(""), &[], &[]);
    case(
        "recursive record gains a field without default",
        &list(""),
        &list(r#",{"name":"w","type":"int"}"#),
        &[("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/2")],
        &["READER_FIELD_MISSING_DEFAULT_VALUE"],
    );
    case(
        "logical type on the same underlying type",
        r#"{"type":"long","logicalType":"timestamp-millis"}"#,
        r#""long""#,
        &[],
        &[],
    );
    case(
        "logical type on another underlying type",
        r#"{"type":"int","logicalType":"date"}"#,
        r#"{"type":"string"}"#,
        &[("TYPE_MISMATCH", "/")],
        &["TYPE_MISMATCH"],
    );
}

#[test]
fn policies_and_levels() {
    let old = p(&rec(r#"{"name":"a","type":"int"}"#));
    let added = p(&rec(
        r#"{"name":"a","type":"int"},{"name":"b","type":"int","default":0}"#,
    ));
    let promoted = p(&rec(r#"{"name":"a","type":"long"}"#));
    assert!(check(&old, &added, Policy::AddOnly).unwrap().compatible);
    assert!(!check(&old, &promoted, Policy::AddOnly).unwrap().compatible);
    assert!(check(&old, &promoted, Policy::Strict).unwrap().compatible);
    // FORWARD: old readers read new data: long cannot be read as int.
    let model = |s: &AvroSchema| Model::Avro(std::sync::Arc::new(s.clone()));
    let level = |new: &AvroSchema, level| {
        format::check_level(
            &model(new),
            &[model(&old)],
            level,
            Policy::Strict,
            &Limits::DEFAULT,
        )
        .unwrap()
    };
    let forward = level(&promoted, Level::Forward);
    assert!(!forward.compatible);
    assert_eq!(forward.failed_against, Some(0));
    assert!(level(&added, Level::Full).compatible);
}

#[test]
fn parse_refusals_and_identity() {
    for bad in [
        r#"{"type":"record","name":"1bad","fields":[]}"#,
        r#"{"type":"enum","name":"E","symbols":["A","A"]}"#,
        r#"{"type":"nope"}"#,
        "{",
    ] {
        assert!(AvroSchema::parse(bad, &[]).is_err(), "{bad}");
    }
    let a = p(r#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}"#);
    let b = p(r#"{ "fields" : [ {"type":"int", "name":"a"} ], "name":"R", "type":"record" }"#);
    assert_eq!(a.canonical_text(), b.canonical_text());
    assert_eq!(a.fingerprint(), b.fingerprint());
    let referencing = AvroSchema::parse(
        r#"{"type":"record","name":"Outer","fields":[{"name":"i","type":"Inner"}]}"#,
        &[(
            "inner",
            r#"{"type":"record","name":"Inner","fields":[{"name":"x","type":"int"}]}"#,
        )],
    )
    .unwrap();
    assert!(
        check(&referencing, &referencing, Policy::Strict)
            .unwrap()
            .compatible
    );
}
