//! The rules of Java's `Schema.Parser` (what Confluent's registry parses Avro with, defaults
//! validated), checked on the user's JSON before `apache-avro` parses it, each refusal with a
//! JSON pointer into the user's schema. Most of them `apache-avro` enforces too (then only the
//! pointer is new): names, duplicate fields and symbols, an enum's default, known type names,
//! `fields`/`symbols`/`size`/`items`/`values` present, no union directly in a union. What it
//! lets through and Java refuses:
//!
//! - a field default must be a valid value of the field's type: an `int` an integral number
//!   that fits 32 bits, a `long` one that fits 64 bits, `bytes` and `fixed` a string (not a list
//!   of numbers), a string for a `float`/`double` field only when Java's `Double.parseDouble`
//!   reads it (and only directly on that field, not in a union);
//! - a field's `order` is `ascending`, `descending` or `ignore` (any case);
//! - `aliases` (of a named type or a field) is a list of strings;
//! - a `fixed` size fits a 32-bit int;
//! - a union has at most one branch of each type, a logical type counting as its underlying
//!   type and a named type by its full name;
//! - a full name is defined once (the same definition written again is allowed, as Java 1.12
//!   allows it).
//!
//! A union default may match any branch, as Java 1.12 accepts (Java 1.11 and earlier wanted the
//! first branch; `apache-avro` accepts any branch too).

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::{Error, Result};

const PRIMITIVES: [&str; 8] = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

/// Recursion bound of the default check (the JSON's depth is already bounded by the limits).
const MAX_DEPTH: usize = 512;

/// Most steps of the default check for one schema: a default matched against nested unions of
/// records may branch at every level; past this the rest is left to apache-avro.
const MAX_STEPS: usize = 100_000;

/// A named type's definition: its JSON and the namespace its own nested names resolve in.
#[derive(Clone, Copy)]
struct Def<'a> {
    node: &'a Value,
    space: Option<&'a str>,
    /// Index into `Names::pointers`; `None` for a definition in a referenced schema.
    pointer: Option<usize>,
}

struct Names<'a> {
    defs: HashMap<String, Def<'a>>,
    pointers: Vec<String>,
    /// Steps of the default check left.
    steps: std::cell::Cell<usize>,
}

/// Check `json` with the named types of `references`.
pub(crate) fn check(json: &Value, references: &[Value]) -> Result<()> {
    let mut names = Names {
        defs: HashMap::new(),
        pointers: Vec::new(),
        steps: std::cell::Cell::new(MAX_STEPS),
    };
    for r in references {
        // A reference was checked when it was registered: only its names are wanted here.
        let _ = collect(r, None, "", false, &mut names);
    }
    collect(json, None, "", true, &mut names)?;
    walk(json, None, "", &names)
}

/// The full name a named type's definition gives, and the namespace of what it contains.
fn full_name<'a>(
    node: &'a Map<String, Value>,
    space: Option<&'a str>,
) -> Option<(String, Option<&'a str>)> {
    let name = node.get("name")?.as_str()?;
    if let Some(dot) = name.rfind('.') {
        return Some((
            name.to_string(),
            Some(&name[..dot]).filter(|s| !s.is_empty()),
        ));
    }
    let space = match node.get("namespace") {
        Some(Value::String(s)) => Some(s.as_str()),
        _ => space,
    }
    .filter(|s| !s.is_empty());
    Some(match space {
        Some(s) => (format!("{s}.{name}"), Some(s)),
        None => (name.to_string(), None),
    })
}

fn is_named(ty: &str) -> bool {
    matches!(ty, "record" | "error" | "enum" | "fixed")
}

/// Record every named type's definition; a full name defined twice, differently, is refused.
fn collect<'a>(
    node: &'a Value,
    space: Option<&'a str>,
    pointer: &str,
    own: bool,
    names: &mut Names<'a>,
) -> Result<()> {
    match node {
        Value::Array(branches) => {
            for (i, b) in branches.iter().enumerate() {
                collect(b, space, &format!("{pointer}/{i}"), own, names)?;
            }
        }
        Value::Object(map) => {
            let ty = map.get("type");
            match ty.and_then(Value::as_str) {
                Some(t) if is_named(t) => {
                    let Some((full, inner)) = full_name(map, space) else {
                        return Ok(());
                    };
                    if let Some(first) = names.defs.get(&full) {
                        if own && !same_definition(first.node, node) {
                            let first = match first.pointer {
                                Some(i) if names.pointers[i].is_empty() => {
                                    "at the root".to_string()
                                }
                                Some(i) => format!("at {}", names.pointers[i]),
                                None => "in a referenced schema".to_string(),
                            };
                            return Err(Error::invalid(
                                pointer,
                                format!("{full} is defined twice, differently (first {first})"),
                            ));
                        }
                        // The same definition again: its content is the first one's.
                        return Ok(());
                    }
                    let at = own.then(|| {
                        names.pointers.push(pointer.to_string());
                        names.pointers.len() - 1
                    });
                    names.defs.insert(
                        full,
                        Def {
                            node,
                            space: inner,
                            pointer: at,
                        },
                    );
                    if let Some(Value::Array(fields)) = map.get("fields") {
                        for (i, f) in fields.iter().enumerate() {
                            if let Some(t) = f.get("type") {
                                collect(
                                    t,
                                    inner,
                                    &format!("{pointer}/fields/{i}/type"),
                                    own,
                                    names,
                                )?;
                            }
                        }
                    }
                }
                Some("array") => {
                    if let Some(items) = map.get("items") {
                        collect(items, space, &format!("{pointer}/items"), own, names)?;
                    }
                }
                Some("map") => {
                    if let Some(values) = map.get("values") {
                        collect(values, space, &format!("{pointer}/values"), own, names)?;
                    }
                }
                Some(_) => {}
                None => {
                    if let Some(t) = ty {
                        collect(t, space, &format!("{pointer}/type"), own, names)?;
                    }
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Two definitions of one full name are the same when they differ only in documentation.
fn same_definition(a: &Value, b: &Value) -> bool {
    fn strip(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| k.as_str() != "doc")
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    fn without_name(v: &Value) -> Value {
        match strip(v) {
            Value::Object(mut m) => {
                m.remove("name");
                m.remove("namespace");
                Value::Object(m)
            }
            other => other,
        }
    }
    without_name(a) == without_name(b)
}

impl<'a> Names<'a> {
    /// The definition a type name written in `space` refers to (Java: the name in the enclosing
    /// namespace, then without one).
    fn lookup(&self, name: &str, space: Option<&str>) -> Option<(String, Def<'a>)> {
        if !name.contains('.') {
            if let Some(s) = space {
                let full = format!("{s}.{name}");
                if let Some(d) = self.defs.get(&full) {
                    return Some((full, *d));
                }
            }
        }
        self.defs.get(name).map(|d| (name.to_string(), *d))
    }
}

fn walk(node: &Value, space: Option<&str>, pointer: &str, names: &Names<'_>) -> Result<()> {
    match node {
        Value::Array(branches) => union(branches, space, pointer, names),
        Value::String(name) => reference(name, space, pointer, names),
        Value::Object(map) => {
            let Some(ty) = map.get("type") else {
                return Err(Error::invalid(pointer, "a schema object needs a \"type\""));
            };
            let Some(ty) = ty.as_str() else {
                return walk(ty, space, &format!("{pointer}/type"), names);
            };
            let mut inner = space;
            if is_named(ty) {
                named(map, pointer)?;
                inner = full_name(map, space).and_then(|(_, s)| s);
            }
            match ty {
                "record" | "error" => record(map, inner, pointer, names),
                "enum" => enumeration(map, pointer),
                "fixed" => match map.get("size") {
                    Some(size)
                        if size
                            .as_i64()
                            .is_some_and(|n| n >= 0 && n <= i64::from(i32::MAX)) =>
                    {
                        Ok(())
                    }
                    Some(size) => Err(Error::invalid(
                        format!("{pointer}/size"),
                        format!("the size {size} is not a whole number from 0 to 2147483647"),
                    )),
                    None => Err(Error::invalid(pointer, "a fixed needs a \"size\"")),
                },
                "array" => match map.get("items") {
                    Some(items) => walk(items, space, &format!("{pointer}/items"), names),
                    None => Err(Error::invalid(pointer, "an array needs \"items\"")),
                },
                "map" => match map.get("values") {
                    Some(values) => walk(values, space, &format!("{pointer}/values"), names),
                    None => Err(Error::invalid(pointer, "a map needs \"values\"")),
                },
                p if PRIMITIVES.contains(&p) => Ok(()),
                // {"type": "n.F"}: a named type referred to in an object.
                other => reference(other, space, &format!("{pointer}/type"), names),
            }
        }
        other => Err(Error::invalid(
            pointer,
            format!("{other} is not a schema (a type name, an object or a union)"),
        )),
    }
}

/// A type written by name must be a primitive or a named type defined here or in a reference.
fn reference(name: &str, space: Option<&str>, pointer: &str, names: &Names<'_>) -> Result<()> {
    if PRIMITIVES.contains(&name) || names.lookup(name, space).is_some() {
        return Ok(());
    }
    Err(Error::invalid(
        pointer,
        format!("{name:?} is not a primitive type nor a named type defined here or in a reference"),
    ))
}

/// A name of a record, enum, fixed, field or symbol: `[A-Za-z_][A-Za-z0-9_]*`.
fn is_simple_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A namespace: empty, or simple names joined by dots.
fn is_namespace(s: &str) -> bool {
    s.is_empty() || s.split('.').all(is_simple_name)
}

/// A full name: a simple name, after a namespace and a dot when qualified.
fn is_full_name(s: &str) -> bool {
    match s.rsplit_once('.') {
        Some((space, name)) => is_namespace(space) && is_simple_name(name),
        None => is_simple_name(s),
    }
}

const NAME_RULE: &str = "a name starts with a letter or _ and has only letters, digits and _";

/// The name, namespace and aliases of a record, enum or fixed.
fn named(map: &Map<String, Value>, pointer: &str) -> Result<()> {
    let name = match map.get("name") {
        Some(Value::String(n)) => n,
        Some(other) => {
            return Err(Error::invalid(
                format!("{pointer}/name"),
                format!("the name {other} is not a string"),
            ))
        }
        None => return Err(Error::invalid(pointer, "a named type needs a \"name\"")),
    };
    if !is_full_name(name) {
        return Err(Error::invalid(
            format!("{pointer}/name"),
            format!("{name:?} is not a valid name: {NAME_RULE}, namespaces are such names joined by dots"),
        ));
    }
    if !name.contains('.') {
        if let Some(Value::String(ns)) = map.get("namespace") {
            if !is_namespace(ns) {
                return Err(Error::invalid(
                    format!("{pointer}/namespace"),
                    format!(
                        "{ns:?} is not a valid namespace: names joined by dots, where {NAME_RULE}"
                    ),
                ));
            }
        }
    }
    aliases(map, pointer)?;
    if let Some(Value::Array(list)) = map.get("aliases") {
        for (i, a) in list.iter().enumerate() {
            let a = a.as_str().unwrap_or_default();
            if !is_full_name(a) {
                return Err(Error::invalid(
                    format!("{pointer}/aliases/{i}"),
                    format!("the alias {a:?} is not a valid name: {NAME_RULE}"),
                ));
            }
        }
    }
    Ok(())
}

fn record(
    map: &Map<String, Value>,
    space: Option<&str>,
    pointer: &str,
    names: &Names<'_>,
) -> Result<()> {
    let Some(Value::Array(fields)) = map.get("fields") else {
        return Err(Error::invalid(
            pointer,
            "a record needs \"fields\", a list of fields",
        ));
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, f) in fields.iter().enumerate() {
        let at = format!("{pointer}/fields/{i}");
        let Some(f) = f.as_object() else {
            return Err(Error::invalid(
                at,
                "a field is an object with a name and a type",
            ));
        };
        let name = match f.get("name") {
            Some(Value::String(n)) => n.as_str(),
            Some(other) => {
                return Err(Error::invalid(
                    format!("{at}/name"),
                    format!("the field name {other} is not a string"),
                ))
            }
            None => return Err(Error::invalid(at, "a field needs a \"name\"")),
        };
        if !is_simple_name(name) {
            return Err(Error::invalid(
                format!("{at}/name"),
                format!("{name:?} is not a valid field name: {NAME_RULE}"),
            ));
        }
        if let Some(first) = seen.insert(name, i) {
            return Err(Error::invalid(
                format!("{at}/name"),
                format!("the record already has a field {name:?} (at {pointer}/fields/{first})"),
            ));
        }
        if !f.contains_key("type") {
            return Err(Error::invalid(at, "a field needs a \"type\""));
        }
        field(f, space, &at, names)?;
    }
    Ok(())
}

fn enumeration(map: &Map<String, Value>, pointer: &str) -> Result<()> {
    let Some(Value::Array(symbols)) = map.get("symbols") else {
        return Err(Error::invalid(
            pointer,
            "an enum needs \"symbols\", a list of names",
        ));
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, s) in symbols.iter().enumerate() {
        let at = format!("{pointer}/symbols/{i}");
        let Some(s) = s.as_str() else {
            return Err(Error::invalid(
                at,
                format!("the symbol {s} is not a string"),
            ));
        };
        if !is_simple_name(s) {
            return Err(Error::invalid(
                at,
                format!("{s:?} is not a valid symbol: {NAME_RULE}"),
            ));
        }
        if let Some(first) = seen.insert(s, i) {
            return Err(Error::invalid(
                at,
                format!("the enum already has the symbol {s:?} (at {pointer}/symbols/{first})"),
            ));
        }
    }
    if let Some(Value::String(d)) = map.get("default") {
        if !seen.contains_key(d.as_str()) {
            return Err(Error::invalid(
                format!("{pointer}/default"),
                format!("the default {d:?} is not one of the enum's symbols"),
            ));
        }
    }
    Ok(())
}

fn aliases(map: &Map<String, Value>, pointer: &str) -> Result<()> {
    match map.get("aliases") {
        None => Ok(()),
        Some(Value::Array(list)) => match list.iter().position(|a| !a.is_string()) {
            Some(i) => Err(Error::invalid(
                format!("{pointer}/aliases/{i}"),
                format!("the alias {} is not a string", list[i]),
            )),
            None => Ok(()),
        },
        Some(other) => Err(Error::invalid(
            format!("{pointer}/aliases"),
            format!("aliases must be a list of names, not {other}"),
        )),
    }
}

fn field(
    f: &Map<String, Value>,
    space: Option<&str>,
    pointer: &str,
    names: &Names<'_>,
) -> Result<()> {
    aliases(f, pointer)?;
    if let Some(order) = f.get("order") {
        let valid = order.as_str().is_some_and(|o| {
            ["ascending", "descending", "ignore"]
                .iter()
                .any(|v| v.eq_ignore_ascii_case(o))
        });
        if !valid {
            return Err(Error::invalid(
                format!("{pointer}/order"),
                format!("the order {order} is not \"ascending\", \"descending\" or \"ignore\""),
            ));
        }
    }
    let Some(ty) = f.get("type") else {
        return Ok(());
    };
    if let Some(default) = f.get("default") {
        // Java reads a string default of a float or double field as a number first.
        let floating = matches!(primitive_of(ty), Some("float" | "double"));
        let ok_string = floating && default.as_str().is_some_and(java_parses_double);
        if !ok_string {
            if let Err(bad) = valid(ty, space, default, names, 0) {
                let at = format!("{pointer}/default{}", bad.at);
                let message = if bad.at.is_empty() && !bad.specific {
                    format!(
                        "the default {default} is not a valid {} (the field's type)",
                        describe(ty, space, names)
                    )
                } else {
                    format!(
                        "the default {default} is not a valid {}: {}",
                        describe(ty, space, names),
                        bad.why
                    )
                };
                return Err(Error::invalid(at, message));
            }
        }
    }
    walk(ty, space, &format!("{pointer}/type"), names)
}

/// The primitive type a schema written directly is (`"double"` or `{"type":"double",...}`).
fn primitive_of(ty: &Value) -> Option<&str> {
    let name = match ty {
        Value::String(s) => s.as_str(),
        Value::Object(m) => m.get("type")?.as_str()?,
        _ => return None,
    };
    PRIMITIVES.contains(&name).then_some(name)
}

/// Whether Java's `Double.parseDouble` reads `s` (decimal notation; hexadecimal ones are left
/// out, `apache-avro` refuses them anyway).
fn java_parses_double(s: &str) -> bool {
    let t = s.trim();
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if unsigned == "NaN" || unsigned == "Infinity" {
        return true;
    }
    let body = unsigned
        .strip_suffix(['f', 'F', 'd', 'D'])
        .unwrap_or(unsigned);
    !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && body.parse::<f64>().is_ok()
}

/// A short description of a type for messages.
fn describe(ty: &Value, space: Option<&str>, names: &Names<'_>) -> String {
    match ty {
        Value::String(s) if PRIMITIVES.contains(&s.as_str()) => s.clone(),
        Value::String(s) => names
            .lookup(s, space)
            .map(|(full, _)| full)
            .unwrap_or_else(|| s.clone()),
        Value::Array(branches) => {
            let parts: Vec<String> = branches.iter().map(|b| describe(b, space, names)).collect();
            format!("union [{}]", parts.join(", "))
        }
        Value::Object(m) => match m.get("type") {
            Some(Value::String(t)) if is_named(t) => full_name(m, space)
                .map(|(full, _)| format!("{t} {full}"))
                .unwrap_or_else(|| t.clone()),
            Some(Value::String(t)) if t == "array" => match m.get("items") {
                Some(i) => format!("array of {}", describe(i, space, names)),
                None => t.clone(),
            },
            Some(Value::String(t)) if t == "map" => match m.get("values") {
                Some(v) => format!("map of {}", describe(v, space, names)),
                None => t.clone(),
            },
            Some(t) => describe(t, space, names),
            None => ty.to_string(),
        },
        other => other.to_string(),
    }
}

/// Where inside a default the value went wrong (a pointer suffix) and why.
struct Bad {
    at: String,
    why: String,
    /// Whether `why` says more than "not a valid <type>".
    specific: bool,
}

fn bad(at: impl Into<String>, why: impl Into<String>) -> std::result::Result<(), Bad> {
    Err(Bad {
        at: at.into(),
        why: why.into(),
        specific: false,
    })
}

fn nested(at: String, inner: Bad) -> Bad {
    Bad {
        at: format!("{at}{}", inner.at),
        why: inner.why,
        specific: true,
    }
}

/// Java's `Schema.isValidDefault`: whether `value` is a valid value of `ty`.
fn valid(
    ty: &Value,
    space: Option<&str>,
    value: &Value,
    names: &Names<'_>,
    depth: usize,
) -> std::result::Result<(), Bad> {
    let steps = names.steps.get();
    if depth > MAX_DEPTH || steps == 0 {
        return Ok(());
    }
    names.steps.set(steps - 1);
    match ty {
        Value::String(s) if PRIMITIVES.contains(&s.as_str()) => primitive(s, value),
        Value::String(s) => match names.lookup(s, space) {
            Some((_, def)) => valid(def.node, def.space, value, names, depth + 1),
            // Unknown here (apache-avro knew it): not checked.
            None => Ok(()),
        },
        Value::Array(branches) => {
            if branches
                .iter()
                .any(|b| valid(b, space, value, names, depth + 1).is_ok())
            {
                Ok(())
            } else {
                bad(
                    "",
                    format!(
                        "{value} matches no branch of {}",
                        describe(ty, space, names)
                    ),
                )
            }
        }
        Value::Object(map) => {
            let Some(t) = map.get("type") else {
                return Ok(());
            };
            let Some(t) = t.as_str() else {
                return valid(t, space, value, names, depth + 1);
            };
            match t {
                p if PRIMITIVES.contains(&p) => primitive(p, value),
                "enum" | "fixed" => {
                    if value.is_string() {
                        Ok(())
                    } else {
                        bad("", format!("{value} is not a string"))
                    }
                }
                "array" => {
                    let Some(items) = value.as_array() else {
                        return bad("", format!("{value} is not a list"));
                    };
                    let Some(item_ty) = map.get("items") else {
                        return Ok(());
                    };
                    for (i, item) in items.iter().enumerate() {
                        valid(item_ty, space, item, names, depth + 1)
                            .map_err(|e| nested(format!("/{i}"), e))?;
                    }
                    Ok(())
                }
                "map" => {
                    let Some(entries) = value.as_object() else {
                        return bad("", format!("{value} is not an object"));
                    };
                    let Some(value_ty) = map.get("values") else {
                        return Ok(());
                    };
                    for (k, v) in entries {
                        valid(value_ty, space, v, names, depth + 1)
                            .map_err(|e| nested(format!("/{}", escape(k)), e))?;
                    }
                    Ok(())
                }
                "record" | "error" => {
                    let Some(entries) = value.as_object() else {
                        return bad("", format!("{value} is not an object"));
                    };
                    let inner = full_name(map, space).and_then(|(_, s)| s);
                    let Some(Value::Array(fields)) = map.get("fields") else {
                        return Ok(());
                    };
                    for f in fields {
                        let (Some(name), Some(f_ty)) =
                            (f.get("name").and_then(Value::as_str), f.get("type"))
                        else {
                            continue;
                        };
                        match entries.get(name) {
                            Some(v) => valid(f_ty, inner, v, names, depth + 1)
                                .map_err(|e| nested(format!("/{}", escape(name)), e))?,
                            // The field's own default stands in (it is checked at the field).
                            None => match f.get("default") {
                                Some(_) => {}
                                None => {
                                    return Err(Bad {
                                        at: String::new(),
                                        why: format!(
                                            "it has no value for the field {name:?}, which has no default"
                                        ),
                                        specific: true,
                                    })
                                }
                            },
                        }
                    }
                    Ok(())
                }
                // A type written by name in an object ({"type": "n.F"}).
                other => valid(
                    &Value::String(other.to_string()),
                    space,
                    value,
                    names,
                    depth + 1,
                ),
            }
        }
        _ => Ok(()),
    }
}

fn primitive(ty: &str, value: &Value) -> std::result::Result<(), Bad> {
    let ok = match ty {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        // Jackson's isIntegralNumber and canConvertToInt / canConvertToLong: an integer literal
        // (not 1.0, not 1e2) within range.
        "int" => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        "long" => value.as_i64().is_some(),
        "float" | "double" => value.is_number(),
        "bytes" | "string" => value.is_string(),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        bad("", format!("{value} is not a valid {ty}"))
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Java's key of a union branch: a primitive's name (a logical type counts as its underlying
/// type), `array`, `map`, or a named type's full name.
fn branch_key(b: &Value, space: Option<&str>, names: &Names<'_>) -> Option<String> {
    match b {
        Value::String(s) if PRIMITIVES.contains(&s.as_str()) => Some(s.clone()),
        Value::String(s) => Some(
            names
                .lookup(s, space)
                .map(|(full, _)| full)
                .unwrap_or_else(|| s.clone()),
        ),
        Value::Object(m) => match m.get("type")? {
            Value::String(t) if is_named(t) => full_name(m, space).map(|(full, _)| full),
            Value::String(t) if PRIMITIVES.contains(&t.as_str()) || t == "array" || t == "map" => {
                Some(t.clone())
            }
            Value::String(t) => branch_key(&Value::String(t.clone()), space, names),
            other => branch_key(other, space, names),
        },
        _ => None,
    }
}

fn union(branches: &[Value], space: Option<&str>, pointer: &str, names: &Names<'_>) -> Result<()> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, b) in branches.iter().enumerate() {
        if b.is_array() {
            return Err(Error::invalid(
                format!("{pointer}/{i}"),
                "a union cannot contain a union directly",
            ));
        }
        if let Some(key) = branch_key(b, space, names) {
            if let Some(first) = seen.insert(key.clone(), i) {
                return Err(Error::invalid(
                    format!("{pointer}/{i}"),
                    format!("the union already has a branch of type {key} (at {pointer}/{first})"),
                ));
            }
        }
        walk(b, space, &format!("{pointer}/{i}"), names)?;
    }
    Ok(())
}
