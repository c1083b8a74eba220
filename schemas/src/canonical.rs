//! The canonical text of a JSON schema: the document re-serialised compactly, keeping key order
//! and the exact decimal text of numbers. `normalize` additionally sorts object keys recursively.

use serde_json::Value;

use crate::limits::Limits;
use crate::{Error, Result};

/// Parse schema text within `limits`, reporting JSON syntax errors with line and column.
pub fn parse(text: &str, limits: &Limits) -> Result<Value> {
    if text.len() > limits.max_document_bytes {
        return Err(Error::Limit {
            limit: "max_document_bytes",
            max: limits.max_document_bytes,
            message: format!("the schema is {} bytes", text.len()),
        });
    }
    if text.trim().is_empty() {
        return Err(Error::invalid("", "empty schema"));
    }
    serde_json::from_str(text).map_err(|e| Error::from_json(&e))
}

/// The canonical text of a parsed schema; with `normalize`, object keys are sorted recursively.
///
/// ```
/// use accord_schemas::canonical::canonical_text;
/// let v = serde_json::from_str(r#"{ "type": "number", "maximum": 1.50 }"#).unwrap();
/// assert_eq!(canonical_text(&v, false), r#"{"type":"number","maximum":1.50}"#);
/// assert_eq!(canonical_text(&v, true), r#"{"maximum":1.50,"type":"number"}"#);
/// ```
pub fn canonical_text(value: &Value, normalize: bool) -> String {
    if normalize {
        serde_json::to_string(&sorted(value)).unwrap_or_default()
    } else {
        serde_json::to_string(value).unwrap_or_default()
    }
}

/// A copy of `value` with every object's keys sorted.
pub fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sorted(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}
