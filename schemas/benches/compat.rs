//! Benchmarks of the compatibility engine: the example OrderCreated pair, two 5,000-property
//! schemas differing in 50 places, and a deeply recursive schema against itself.
//!
//! Run: `cargo bench -p accord-schemas --bench compat`

#![allow(missing_docs)] // criterion's macros generate undocumented public items

use accord_schemas::compat::{check, Policy};
use accord_schemas::json::SchemaDoc;
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Map, Value};

fn order_pair() -> (SchemaDoc, SchemaDoc) {
    let v1 = SchemaDoc::parse(include_str!("../examples/order-created.v1.json")).unwrap();
    let v2 = SchemaDoc::parse(include_str!("../examples/order-created.v2.json")).unwrap();
    (v1, v2)
}

fn wide(changed: usize) -> Value {
    let mut props = Map::new();
    for i in 0..5000 {
        let schema = if i % 100 == 0 && i / 100 < changed {
            json!({"type": "string", "maxLength": 10})
        } else {
            json!({"type": "string", "maxLength": 20, "description": format!("field {i}")})
        };
        props.insert(format!("field_{i}"), schema);
    }
    json!({"type": "object", "properties": props, "additionalProperties": false})
}

fn recursive() -> Value {
    // A tree whose nodes refer to 30 mutually recursive definitions.
    let mut defs = Map::new();
    for i in 0..30 {
        defs.insert(
            format!("n{i}"),
            json!({
                "type": "object",
                "properties": {
                    "value": {"type": "string"},
                    "next": {"$ref": format!("#/definitions/n{}", (i + 1) % 30)},
                    "children": {"type": "array", "items": {"anyOf": [{"$ref": format!("#/definitions/n{}", (i + 7) % 30)}, {"type": "null"}]}},
                    "back": {"$ref": format!("#/definitions/n{}", (i + 29) % 30)}
                }
            }),
        );
    }
    json!({"$ref": "#/definitions/n0", "definitions": defs})
}

fn benches(c: &mut Criterion) {
    let (v1, v2) = order_pair();
    c.bench_function("diff OrderCreated v1 -> v2", |b| {
        b.iter(|| check(&v1, &v2, Policy::Strict).unwrap())
    });

    let old = SchemaDoc::from_value(wide(0)).unwrap();
    let new = SchemaDoc::from_value(wide(50)).unwrap();
    let report = check(&old, &new, Policy::Strict).unwrap();
    assert_eq!(
        report
            .changes
            .iter()
            .filter(|c| c.kind.name() == "MAX_LENGTH_DECREASED")
            .count(),
        50
    );
    c.bench_function("diff 5000 properties, 50 changed", |b| {
        b.iter(|| check(&old, &new, Policy::Strict).unwrap())
    });
    // What `accord diff` pays per file before comparing: the text read into a value, checked
    // against its meta-schema and built into its comparison model.
    let text = serde_json::to_string_pretty(&wide(0)).unwrap();
    c.bench_function("parse 5000 properties", |b| {
        b.iter(|| SchemaDoc::parse(&text).unwrap())
    });

    let tree = SchemaDoc::from_value(recursive()).unwrap();
    assert!(check(&tree, &tree, Policy::Strict)
        .unwrap()
        .changes
        .is_empty());
    c.bench_function("diff recursive schema with itself", |b| {
        b.iter(|| check(&tree, &tree, Policy::Strict).unwrap())
    });
}

criterion_group!(compat, benches);
criterion_main!(compat);
