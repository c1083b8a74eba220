//! What would make a breaking change compatible: one short sentence per family of change kinds,
//! chosen from the kind's name (the families share their suffixes: `_ADDED`, `_NARROWED`, ...),
//! with the old value filled in where one helps ("relax the bound back to 10").

use accord_schemas::compat::Change;
use serde_json::Value;

/// The bound keywords, whose kinds read `<BOUND>_{ADDED,REMOVED,INCREASED,DECREASED}`.
const BOUNDS: [&str; 12] = [
    "MAX_LENGTH",
    "MIN_LENGTH",
    "MAXIMUM",
    "MINIMUM",
    "EXCLUSIVE_MAXIMUM",
    "EXCLUSIVE_MINIMUM",
    "MAX_PROPERTIES",
    "MIN_PROPERTIES",
    "MAX_ITEMS",
    "MIN_ITEMS",
    "MAX_CONTAINS",
    "MIN_CONTAINS",
];

/// The hint for a breaking change.
pub(crate) fn hint(change: &Change) -> String {
    let name = change.kind.name();
    let old = change.old_value.as_ref().map(show);
    for bound in BOUNDS {
        if let Some(rest) = name.strip_prefix(bound).and_then(|r| r.strip_prefix('_')) {
            return match (rest, old) {
                ("ADDED", _) => "drop the new bound, or make it no tighter than any value \
                                 already written"
                    .to_string(),
                ("INCREASED" | "DECREASED", Some(old)) => {
                    format!("relax the bound back to {old}")
                }
                ("REMOVED", Some(old)) => format!("keep the bound at {old}"),
                _ => "keep the bound as it was".to_string(),
            };
        }
    }
    let text = match name {
        n if n.starts_with("REQUIRED_") && n.contains("ADDED") => {
            "make the property optional or give it a default"
        }
        n if n.contains("PROPERTY_REMOVED") || n == "RESERVED_PROPERTY_REMOVED" => {
            "keep the property (mark it deprecated in its description), or open the content \
             model with additionalProperties"
        }
        n if n.contains("PROPERTY_ADDED") || n.contains("ITEM_ADDED") => {
            "declare the new member optional in an open content model, or give it an empty \
             schema"
        }
        n if n.contains("ITEM_REMOVED") => "keep the tuple item at its position",
        "TYPE_NARROWED"
        | "TYPE_CHANGED"
        | "SCHEMA_TYPE_CHANGED"
        | "COMBINED_TYPE_CHANGED"
        | "NOT_TYPE_EXTENDED"
        | "SCHEMA_REMOVED"
        | "SCHEMA_ADDED" => "keep the old type, or add the new one as an alternative with anyOf",
        "ENUM_ARRAY_NARROWED" | "ENUM_ARRAY_CHANGED" => {
            "keep every old enum value; only add new ones"
        }
        n if n.starts_with("PATTERN_") => {
            "keep the old pattern, or loosen it so that it still matches every old value"
        }
        n if n.starts_with("MULTIPLE_OF_") => "keep multipleOf as it was",
        n if n.starts_with("ADDITIONAL_")
            || n.starts_with("UNEVALUATED_")
            || n.starts_with("DEPENDENCY_") =>
        {
            "keep the keyword at least as permissive as before"
        }
        "UNIQUE_ITEMS_ADDED" => "drop uniqueItems",
        "PRODUCT_TYPE_EXTENDED" | "SUM_TYPE_NARROWED" | "COMBINED_TYPE_SUBSCHEMAS_CHANGED" => {
            "keep the combination's old members; only add alternatives to an anyOf or oneOf"
        }
        "ID_CHANGED" => "keep the old $id",
        _ => "revert this change, or publish it under a new subject",
    };
    text.to_string()
}

fn show(value: &Value) -> String {
    match value {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}
