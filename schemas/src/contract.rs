//! Consumer contracts: what a consumer reads of a subject's events, and whether a producer's
//! schema still provides it.
//!
//! A contract is either a reader JSON Schema or a table of reads (JSON pointers with a type,
//! whether the read is required, accepted enum values and whether unknown values are tolerated).
//! A table compiles to a reader schema with open content models, so fields the consumer does not
//! read never matter. A producer schema satisfies a contract when every event valid under it is
//! valid under the reader schema: the engine's check with old = producer, new = reader, STRICT.
//!
//! Pointers use `/` segments as JSON pointers do; the segment `*` stands for every item of an
//! array (`/items/*/sku`).

pub mod avro;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::compat::{check, Change, Policy};
use crate::json::SchemaDoc;

/// One read of a consumer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Read {
    /// JSON pointer to the value read, e.g. `/customer/email` or `/items/*/sku` (`*`: every
    /// item of an array).
    pub path: String,
    /// The JSON type the consumer expects (`string`, `integer`, `number`, `boolean`, `object`,
    /// `array`, `null`); absent means any.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub json_type: Option<String>,
    /// Whether the consumer needs the value to be present (default true).
    #[serde(default = "yes")]
    #[cfg_attr(feature = "openapi", schema(default = true))]
    pub required: bool,
    /// The values the consumer accepts, if it accepts only some.
    #[serde(default, rename = "enum", skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Vec<Value>>,
    /// Whether values outside `enum` are tolerated (then `enum` documents, but does not constrain;
    /// default false).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(default = false))]
    pub tolerate_unknown: bool,
}

fn yes() -> bool {
    true
}

/// Why a contract is invalid.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContractError {
    /// A read's path is not a JSON pointer.
    #[error("read {index}: {path:?} is not a JSON pointer (it must start with '/')")]
    MalformedPointer {
        /// The position of the read in the table.
        index: usize,
        /// The path as written.
        path: String,
    },
    /// A read names an unknown type.
    #[error("read {index} ({path}): unknown type {json_type:?}; expected one of string, integer, number, boolean, object, array, null")]
    UnknownType {
        /// The position of the read in the table.
        index: usize,
        /// The read's path.
        path: String,
        /// The type as written.
        json_type: String,
    },
    /// Two reads contradict each other (e.g. one reads `/a` as a string, another `/a/b`).
    #[error("read {index} ({path}): {message}")]
    Conflict {
        /// The position of the read in the table.
        index: usize,
        /// The read's path.
        path: String,
        /// What conflicts.
        message: String,
    },
}

impl ContractError {
    /// The position, in the table, of the read at fault.
    pub fn index(&self) -> usize {
        match self {
            ContractError::MalformedPointer { index, .. }
            | ContractError::UnknownType { index, .. }
            | ContractError::Conflict { index, .. } => *index,
        }
    }
}

const TYPES: [&str; 7] = [
    "string", "integer", "number", "boolean", "object", "array", "null",
];

/// Compile a table of reads into a reader schema with open content models.
///
/// ```
/// use accord_schemas::contract::{compile, Read};
/// let reads = vec![Read { path: "/customer/email".into(), json_type: Some("string".into()), required: true, accepted: None, tolerate_unknown: false }];
/// let schema = compile(&reads).unwrap();
/// assert_eq!(schema["properties"]["customer"]["properties"]["email"]["type"], "string");
/// assert_eq!(schema["required"][0], "customer");
/// ```
pub fn compile(reads: &[Read]) -> Result<Value, ContractError> {
    let mut root = json!({"type": "object"});
    for (index, read) in reads.iter().enumerate() {
        if !read.path.starts_with('/') || read.path.len() < 2 {
            return Err(ContractError::MalformedPointer {
                index,
                path: read.path.clone(),
            });
        }
        if let Some(t) = &read.json_type {
            if !TYPES.contains(&t.as_str()) {
                return Err(ContractError::UnknownType {
                    index,
                    path: read.path.clone(),
                    json_type: t.clone(),
                });
            }
        }
        let segments: Vec<String> = read.path[1..]
            .split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        let conflict = |message: &str| ContractError::Conflict {
            index,
            path: read.path.clone(),
            message: message.into(),
        };
        let mut node = &mut root;
        for (i, segment) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            let Value::Object(map) = node else {
                return Err(conflict("a parent of this path is read as a scalar"));
            };
            if segment == "*" {
                match map.get("type") {
                    Some(Value::String(t)) if t == "array" => {}
                    Some(Value::String(t)) if t == "object" && map.len() == 1 => {
                        map.insert("type".into(), json!("array"));
                    }
                    _ => {
                        return Err(conflict(
                            "`*` reads array items, but the parent is read as another type",
                        ))
                    }
                }
                node = map.entry("items").or_insert_with(|| json!({}));
            } else {
                if map.get("type").is_some_and(|t| t != "object") {
                    return Err(conflict(
                        "a property is read below a value read as another type than object",
                    ));
                }
                map.insert("type".into(), json!("object"));
                let required = !last || read.required;
                if required {
                    let list = map.entry("required").or_insert_with(|| json!([]));
                    if let Value::Array(names) = list {
                        if !names.contains(&json!(segment)) {
                            names.push(json!(segment));
                        }
                    }
                }
                let props = map.entry("properties").or_insert_with(|| json!({}));
                let Value::Object(props) = props else {
                    unreachable!("properties is always an object")
                };
                node = props.entry(segment.clone()).or_insert_with(|| json!({}));
            }
            if !last {
                if let Value::Object(m) = node {
                    if m.is_empty() {
                        m.insert(
                            "type".into(),
                            json!(if segments[i + 1] == "*" {
                                "array"
                            } else {
                                "object"
                            }),
                        );
                    }
                }
            }
        }
        let Value::Object(leaf) = node else {
            return Err(conflict("the path is read twice"));
        };
        if let Some(t) = &read.json_type {
            leaf.insert("type".into(), json!(t));
        }
        if let (Some(values), false) = (&read.accepted, read.tolerate_unknown) {
            leaf.insert("enum".into(), Value::Array(values.clone()));
        }
    }
    Ok(root)
}

/// What a finding says about a read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum FindingKind {
    /// The producer schema never defines the read path (a typo in the contract, or a field the
    /// producer does not have).
    UndefinedReadPath,
    /// The producer may omit a value the consumer requires.
    NotProvided,
    /// The producer allows values the consumer does not accept (a wider type, a new enum value,
    /// a looser bound).
    NotAccepted,
}

/// One reason a producer schema does not satisfy a contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The read path concerned, as a JSON pointer (`*` for array items).
    pub read_path: String,
    /// What is wrong.
    pub kind: FindingKind,
    /// One sentence.
    pub message: String,
    /// The engine's change behind the finding, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
}

/// The result of checking a producer schema against one contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Whether the producer provides everything the contract reads.
    pub satisfied: bool,
    /// Every problem found.
    pub findings: Vec<Finding>,
}

/// Check a producer schema against a reader schema (compiled from reads, or given as is).
///
/// ```
/// use accord_schemas::contract::{compile, verify, Read};
/// use accord_schemas::json::SchemaDoc;
/// let producer = SchemaDoc::parse(r#"{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"]}"#).unwrap();
/// let read = |p: &str| Read { path: p.into(), json_type: Some("string".into()), required: true, accepted: None, tolerate_unknown: false };
/// let ok = SchemaDoc::from_value(compile(&[read("/order_id")]).unwrap()).unwrap();
/// assert!(verify(&producer, &ok).unwrap().satisfied);
/// let typo = SchemaDoc::from_value(compile(&[read("/order_idd")]).unwrap()).unwrap();
/// let verdict = verify(&producer, &typo).unwrap();
/// assert!(!verdict.satisfied);
/// assert_eq!(verdict.findings[0].read_path, "/order_idd");
/// ```
pub fn verify(producer: &SchemaDoc, reader: &SchemaDoc) -> crate::Result<Verdict> {
    let report = check(producer, reader, Policy::Strict)?;
    let mut findings = Vec::new();
    for path in read_paths(reader.value()) {
        if !defines(producer.value(), producer.value(), &path, 0) {
            findings.push(Finding {
                message: format!("reads `{path}`, which the producer schema never defines"),
                read_path: path,
                kind: FindingKind::UndefinedReadPath,
                change: None,
            });
        }
    }
    for change in report.breaking() {
        let read_path = read_path_of(&change.path);
        if findings.iter().any(|f| {
            f.kind == FindingKind::UndefinedReadPath && read_path.starts_with(&f.read_path)
        }) {
            continue;
        }
        let kind = match change.kind.name() {
            "REQUIRED_ATTRIBUTE_ADDED"
            | "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
            | "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL" => FindingKind::NotProvided,
            _ => FindingKind::NotAccepted,
        };
        let why = match kind {
            FindingKind::NotProvided => {
                format!("the producer may omit `{read_path}`, which the consumer requires")
            }
            _ => format!(
                "the producer allows values at `{read_path}` the consumer does not accept: {}",
                change.message
            ),
        };
        findings.push(Finding {
            read_path,
            kind,
            message: why,
            change: Some(change.clone()),
        });
    }
    Ok(Verdict {
        satisfied: findings.is_empty(),
        findings,
    })
}

/// The read paths of a reader schema: the pointers of its leaves (`*` for array items), in
/// property order.
///
/// ```
/// use accord_schemas::contract::read_paths;
/// use serde_json::json;
/// let reader = json!({"properties": {"customer": {"properties": {"email": {"type": "string"}}},
///     "items": {"items": {"properties": {"sku": {}}}}}});
/// assert_eq!(read_paths(&reader), ["/customer/email", "/items/*/sku"]);
/// ```
pub fn read_paths(reader: &Value) -> Vec<String> {
    leaves(reader, String::new())
}

fn leaves(schema: &Value, prefix: String) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(Value::Object(props)) = schema.get("properties") {
        for (name, sub) in props {
            let path = format!("{prefix}/{}", name.replace('~', "~0").replace('/', "~1"));
            let below = leaves(sub, path.clone());
            if below.is_empty() {
                out.push(path);
            } else {
                out.extend(below);
            }
        }
    } else if let Some(items) = schema.get("items").filter(|i| i.is_object()) {
        out.extend(leaves(items, format!("{prefix}/*")));
    }
    out
}

/// Whether `schema` defines the value at `read_path` (a read path as [`Finding::read_path`]
/// spells it), following local `$ref`s, combinators and array items.
///
/// ```
/// use accord_schemas::contract::defines_read_path;
/// use serde_json::json;
/// let schema = json!({"properties": {"items": {"items": {"properties": {"sku": {}}}}}});
/// assert!(defines_read_path(&schema, "/items/*/sku"));
/// assert!(!defines_read_path(&schema, "/items/*/qty"));
/// assert!(defines_read_path(&json!(true), "/anything"), "a schema accepting anything may carry it");
/// ```
pub fn defines_read_path(schema: &Value, read_path: &str) -> bool {
    defines(schema, schema, read_path, 0)
}

/// Whether a read the producer's schema does not define ([`FindingKind::UndefinedReadPath`]) is
/// the consumer's error rather than the producer's: the subject has versions (`history`: every
/// registered version, soft-deleted ones included) and none of them defines the read path. A
/// contract that reads what was never written cannot be broken by a new version; the consumer's
/// own check (`accord contract verify`) reports it, the producer's check only warns about it.
/// When the path was defined once and the new schema drops it, the producer breaks the
/// consumer. A subject without versions has no history to judge by: a contract published ahead
/// of the producer is the consumer's expectation, and binds the producer's first version.
///
/// ```
/// use accord_schemas::contract::never_provided;
/// use serde_json::json;
/// let v1 = json!({"properties": {"email": {"type": "string"}}});
/// assert!(never_provided(&[v1.clone()], "/phone"));
/// assert!(!never_provided(&[v1], "/email"));
/// assert!(!never_provided(&[], "/email"), "a contract ahead of the producer binds its first version");
/// ```
pub fn never_provided(history: &[Value], read_path: &str) -> bool {
    !history.is_empty() && !history.iter().any(|s| defines_read_path(s, read_path))
}

/// Whether `schema` defines the value at `path` (following local `$ref`s, combinators and
/// items).
fn defines(root: &Value, schema: &Value, path: &str, depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    if path.is_empty() {
        return true;
    }
    let map = match schema {
        Value::Object(map) => map,
        // A schema that accepts anything may carry any value: in doubt, it provided it.
        Value::Bool(true) => return true,
        _ => return false,
    };
    if let Some(Value::String(r)) = map.get("$ref") {
        if let Some(target) = r.strip_prefix('#').and_then(|p| root.pointer(p)) {
            return defines(root, target, path, depth + 1);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = map.get(key) {
            if members.iter().any(|m| defines(root, m, path, depth + 1)) {
                return true;
            }
        }
    }
    let rest = &path[1..];
    let (segment, tail) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if segment == "*" {
        return match map.get("items").or_else(|| map.get("additionalItems")) {
            Some(items) => defines(root, items, tail, depth + 1),
            None => false,
        };
    }
    let name = segment.replace("~1", "/").replace("~0", "~");
    match map.get("properties").and_then(|p| p.get(&name)) {
        Some(sub) => defines(root, sub, tail, depth + 1),
        None => false,
    }
}

/// The value a change is about, as a read path: `#/properties/customer/properties/email` →
/// `/customer/email`, `items` → `*`; other keywords on the way (`anyOf/0`, `type`) are passed
/// over.
///
/// ```
/// use accord_schemas::contract::read_path_of;
/// assert_eq!(read_path_of("#/properties/items/items/properties/sku"), "/items/*/sku");
/// assert_eq!(read_path_of("#/properties/total/type"), "/total");
/// assert_eq!(read_path_of("#"), "/");
/// ```
pub fn read_path_of(path: &str) -> String {
    let mut out = String::new();
    let mut segments = path.trim_start_matches("#/").split('/').peekable();
    while let Some(s) = segments.next() {
        match s {
            "properties" | "required" => {
                if let Some(name) = segments.next() {
                    out.push('/');
                    out.push_str(name);
                }
            }
            "items" => out.push_str("/*"),
            _ => {}
        }
    }
    if out.is_empty() {
        "/".into()
    } else {
        out
    }
}

/// Whether two read paths concern the same value: one is the other or lies below it
/// (`/customer` and `/customer/email`; `/` overlaps everything).
///
/// ```
/// use accord_schemas::contract::overlaps;
/// assert!(overlaps("/customer", "/customer/email"));
/// assert!(overlaps("/items/*/sku", "/items"));
/// assert!(!overlaps("/customer/email", "/customer/email_address"));
/// ```
pub fn overlaps(a: &str, b: &str) -> bool {
    let below = |long: &str, short: &str| {
        short == "/"
            || long == short
            || long
                .strip_prefix(short)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    below(a, b) || below(b, a)
}

/// The JSON pointer, in a schema, of the node describing a read path: `/customer/email` →
/// `/properties/customer/properties/email`, `*` → `items`.
///
/// ```
/// use accord_schemas::contract::schema_pointer;
/// assert_eq!(schema_pointer("/items/*/sku"), "/properties/items/items/properties/sku");
/// ```
pub fn schema_pointer(read_path: &str) -> String {
    let mut out = String::new();
    for segment in read_path.split('/').skip(1).filter(|s| !s.is_empty()) {
        if segment == "*" {
            out.push_str("/items");
        } else {
            out.push_str("/properties/");
            out.push_str(segment);
        }
    }
    out
}

/// A convenience for callers holding a table: compile it and verify.
pub fn verify_reads(producer: &SchemaDoc, reads: &[Read]) -> Result<Verdict, VerifyError> {
    let reader = SchemaDoc::from_value(compile(reads)?).map_err(VerifyError::Check)?;
    verify(producer, &reader).map_err(VerifyError::Check)
}

/// Why a table of reads could not be verified.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The contract is invalid.
    #[error(transparent)]
    Contract(#[from] ContractError),
    /// The check could not run.
    #[error(transparent)]
    Check(crate::Error),
}
