//! The text the registry stores for an Avro schema: the user's JSON, compact, with every
//! schema object's attributes in the order Avro itself writes them (`type`, `name`,
//! `namespace`, `doc`, `fields`, ...), so two texts that differ only in whitespace or attribute
//! order are stored, identified and answered the same. Unlike Parsing Canonical Form it keeps
//! everything a reader needs: documentation, defaults, aliases, field order and custom
//! properties.

use serde_json::{Map, Value};

/// The attributes of a record field in the order Avro writes them.
const FIELD_ORDER: [&str; 6] = ["name", "type", "doc", "default", "order", "aliases"];

/// The attributes in the order Avro writes a schema; the others follow in the order given
/// (sorted when normalising).
const ORDER: [&str; 13] = [
    "type",
    "name",
    "namespace",
    "doc",
    "fields",
    "symbols",
    "items",
    "values",
    "size",
    "default",
    "order",
    "aliases",
    "logicalType",
];

/// The stored text of a parsed Avro schema document.
///
/// ```
/// use accord_schemas::avro::stored_text;
/// let a: serde_json::Value = serde_json::from_str(r#"{"fields": [{"type": "int", "name": "x", "default": 1}], "name": "A", "type": "record"}"#).unwrap();
/// assert_eq!(stored_text(&a, false), r#"{"type":"record","name":"A","fields":[{"name":"x","type":"int","default":1}]}"#);
/// ```
pub fn stored_text(json: &Value, normalize: bool) -> String {
    serde_json::to_string(&ordered(json, normalize, &ORDER)).unwrap_or_default()
}

fn ordered(value: &Value, normalize: bool, order: &[&str]) -> Value {
    match value {
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| ordered(v, normalize, order)).collect())
        }
        Value::Object(map) => {
            let mut out = Map::new();
            for &key in order {
                if let Some(v) = map.get(key) {
                    out.insert(key.to_string(), attribute(key, v, normalize));
                }
            }
            let mut rest: Vec<(&String, &Value)> = map
                .iter()
                .filter(|(k, _)| !order.contains(&k.as_str()))
                .collect();
            if normalize {
                rest.sort_by(|a, b| a.0.cmp(b.0));
            }
            for (k, v) in rest {
                out.insert(k.clone(), v.clone());
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// An attribute's value: the schema-valued ones are ordered in turn; defaults, symbols and
/// custom properties are data and stay as written.
fn attribute(key: &str, value: &Value, normalize: bool) -> Value {
    match key {
        "type" | "items" | "values" => ordered(value, normalize, &ORDER),
        "fields" => ordered(value, normalize, &FIELD_ORDER),
        _ => value.clone(),
    }
}
