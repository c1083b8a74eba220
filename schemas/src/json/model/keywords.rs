//! What the model knows of JSON Schema keywords: each draft's keyword groups, which keywords hold
//! sub-schemas, and the URI and JSON-pointer helpers of reference resolution.

use serde_json::{Map, Value};

use crate::json::Draft;
use crate::Error;

/// A keyword that, in the 2019-09 / 2020-12 loader, does not make the node a typed schema: an
/// empty `properties` object (the node stays the empty schema, as Confluent's loader leaves it).
/// `map[key]`. Most schema objects hold a handful of keywords: scanning them costs less than
/// hashing the key with the map's SipHash, and a node's build looks up dozens of keywords.
#[inline]
pub(crate) fn kw<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if map.len() <= 8 {
        map.iter().find_map(|(k, v)| (k == key).then_some(v))
    } else {
        map.get(key)
    }
}

/// Whether `map` holds `key` (see [`kw`]).
#[inline]
pub(crate) fn has(map: &Map<String, Value>, key: &str) -> bool {
    kw(map, key).is_some()
}

pub(super) fn inert_keyword(draft: Draft, key: &str, map: &Map<String, Value>) -> bool {
    draft.is_modern()
        && key == "properties"
        && matches!(kw(map, key), Some(Value::Object(props)) if props.is_empty())
}

/// The keywords of a type's group, as the draft's loader knows them: an explicit `type` consumes
/// its group's keywords, and any other group with a keyword left on the node is sniffed.
pub(super) fn group_keywords(draft: Draft, group: &str) -> &'static [&'static str] {
    // Each later draft only adds keywords to a group, so a draft's group is a prefix of the list.
    const ARRAY: &[&str] = &[
        "items",
        "additionalItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        // draft 6
        "contains",
        // 2019-09
        "prefixItems",
        "unevaluatedItems",
        "minContains",
        "maxContains",
    ];
    const OBJECT: &[&str] = &[
        "properties",
        "required",
        "minProperties",
        "maxProperties",
        "dependencies",
        "patternProperties",
        "additionalProperties",
        // draft 6
        "propertyNames",
        // 2019-09
        "unevaluatedProperties",
        "dependentRequired",
        "dependentSchemas",
    ];
    const NUMBER: &[&str] = &[
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ];
    const STRING: &[&str] = &["minLength", "maxLength", "pattern", "format"];
    match (group, draft) {
        ("array", Draft::Draft4) => &ARRAY[..5],
        ("array", Draft::Draft6 | Draft::Draft7) => &ARRAY[..6],
        ("array", _) => ARRAY,
        ("object", Draft::Draft4) => &OBJECT[..7],
        ("object", Draft::Draft6 | Draft::Draft7) => &OBJECT[..8],
        ("object", _) => OBJECT,
        ("number" | "integer", _) => NUMBER,
        ("string", _) => STRING,
        _ => &[],
    }
}

pub(super) fn exclusive(value: Option<&Value>) -> (Option<&Value>, bool) {
    match value {
        Some(Value::Bool(b)) => (None, *b),
        Some(v) => (Some(v), false),
        None => (None, false),
    }
}

pub(super) fn has_assertions_besides_ref(map: &Map<String, Value>) -> bool {
    map.keys().any(|k| {
        !matches!(
            k.as_str(),
            "$ref"
                | "$schema"
                | "$id"
                | "$anchor"
                | "$comment"
                | "$defs"
                | "definitions"
                | "title"
                | "description"
                | "default"
                | "examples"
                | "deprecated"
                | "readOnly"
                | "writeOnly"
                | "$vocabulary"
                | "$dynamicAnchor"
                | "$recursiveAnchor"
        )
    })
}

pub(super) fn is_schema_map_keyword(key: &str) -> bool {
    matches!(
        key,
        "properties"
            | "patternProperties"
            | "definitions"
            | "$defs"
            | "dependentSchemas"
            | "dependencies"
    )
}

pub(super) fn is_schema_list_keyword(key: &str) -> bool {
    matches!(key, "allOf" | "anyOf" | "oneOf" | "prefixItems")
}

pub(super) fn is_schema_keyword(key: &str) -> bool {
    matches!(
        key,
        "additionalProperties"
            | "additionalItems"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedProperties"
            | "unevaluatedItems"
    )
}

pub(super) fn depth_error(ptr: &str, max: usize) -> Error {
    Error::Limit {
        limit: "max_depth",
        max,
        message: format!("the schema nests deeper than that (at {ptr:?})"),
    }
}

/// Escape a key for a JSON pointer.
pub(crate) fn escape(key: &str) -> std::borrow::Cow<'_, str> {
    if key.contains(['~', '/']) {
        key.replace('~', "~0").replace('/', "~1").into()
    } else {
        key.into()
    }
}

pub(super) fn split_fragment(reference: &str) -> (&str, Option<&str>) {
    match reference.find('#') {
        Some(i) => (&reference[..i], Some(&reference[i + 1..])),
        None => (reference, None),
    }
}

pub(super) fn join_uri(base: &str, reference: &str) -> String {
    if reference.is_empty() {
        return base.to_string();
    }
    if reference.contains("://") || reference.starts_with("urn:") || base.is_empty() {
        return reference.to_string();
    }
    if let Some(rest) = reference.strip_prefix('/') {
        // Absolute path: keep the scheme and authority of the base.
        if let Some(i) = base.find("://") {
            let after = &base[i + 3..];
            let authority_end = after.find('/').map(|j| i + 3 + j).unwrap_or(base.len());
            return format!("{}/{rest}", &base[..authority_end]);
        }
        return reference.to_string();
    }
    match base.rfind('/') {
        Some(i) => format!("{}{reference}", &base[..=i]),
        None => reference.to_string(),
    }
}

pub(super) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Look up a JSON pointer (`~0`/`~1` escapes) in `root`.
pub(super) fn pointer<'v>(root: &'v Value, ptr: &str) -> Option<&'v Value> {
    if ptr.is_empty() {
        return Some(root);
    }
    root.pointer(ptr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_uri_resolves_relative_and_absolute() {
        assert_eq!(
            join_uri("http://x.org/a/b.json", "c.json"),
            "http://x.org/a/c.json"
        );
        assert_eq!(
            join_uri("http://x.org/a/b.json", "/c.json"),
            "http://x.org/c.json"
        );
        assert_eq!(join_uri("", "c.json"), "c.json");
        assert_eq!(join_uri("http://x.org/a", "urn:y"), "urn:y");
    }

    #[test]
    fn percent_decoding_of_pointers() {
        assert_eq!(percent_decode("/definitions/a%20b"), "/definitions/a b");
        assert_eq!(percent_decode("/x%"), "/x%");
    }
}
