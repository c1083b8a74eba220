//! The text the registry stores for an Avro schema: the user's JSON, compact, with every
//! schema object's attributes in the order Avro itself writes them (`type`, `name`,
//! `namespace`, `doc`, `fields`, ...), so two texts that differ only in whitespace or attribute
//! order are stored, identified and answered the same. Unlike Parsing Canonical Form it keeps
//! everything a reader needs: documentation, defaults, aliases, field order and custom
//! properties.

use std::collections::{HashMap, HashSet};

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
/// let b: serde_json::Value = serde_json::from_str(r#"{"type": "record", "name": "n.A", "fields": [{"name": "x", "type": {"type": "double"}, "default": 1}]}"#).unwrap();
/// assert_eq!(stored_text(&b, true), r#"{"type":"record","name":"A","namespace":"n","fields":[{"name":"x","type":"double","default":1.0}]}"#);
/// ```
pub fn stored_text(json: &Value, normalize: bool) -> String {
    let value = if normalize {
        normalized(json)
    } else {
        ordered(json, false, &ORDER)
    };
    serde_json::to_string(&value).unwrap_or_default()
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

const PRIMITIVES: [&str; 8] = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

fn is_named(ty: &str) -> bool {
    matches!(ty, "record" | "error" | "enum" | "fixed")
}

/// A named type's full name and the namespace of what it contains.
fn full_name(map: &Map<String, Value>, space: Option<&str>) -> Option<(String, Option<String>)> {
    let name = map.get("name")?.as_str()?;
    if let Some((ns, _)) = name.rsplit_once('.') {
        return Some((
            name.to_string(),
            Some(ns.to_string()).filter(|s| !s.is_empty()),
        ));
    }
    let space = match map.get("namespace") {
        Some(Value::String(s)) => Some(s.as_str()),
        _ => space,
    }
    .filter(|s| !s.is_empty());
    Some(match space {
        Some(s) => (format!("{s}.{name}"), Some(s.to_string())),
        None => (name.to_string(), None),
    })
}

/// `full` as Java writes it where the namespace is `space`: short in its own namespace.
fn relative(full: &str, space: Option<&str>) -> String {
    match full.rsplit_once('.') {
        Some((ns, name)) if Some(ns) == space || ns.is_empty() => name.to_string(),
        _ => full.to_string(),
    }
}

struct Normalizer<'a> {
    /// Every named type defined in the document, by full name.
    defs: HashMap<String, (&'a Value, Option<String>)>,
    /// The named types already written (a second definition is written by name).
    written: HashSet<String>,
}

fn normalized(json: &Value) -> Value {
    let mut n = Normalizer {
        defs: HashMap::new(),
        written: HashSet::new(),
    };
    n.collect(json, None, 0);
    n.schema(json, None, 0)
}

/// Past this depth the value is written as the plain normalisation does (the depth of what is
/// parsed is bounded by the limits long before).
const MAX_DEPTH: usize = 512;

impl<'a> Normalizer<'a> {
    fn collect(&mut self, v: &'a Value, space: Option<&str>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match v {
            Value::Array(items) => items.iter().for_each(|b| self.collect(b, space, depth + 1)),
            Value::Object(m) => match m.get("type") {
                Some(Value::String(t)) if is_named(t) => {
                    let Some((full, inner)) = full_name(m, space) else {
                        return;
                    };
                    self.defs.entry(full).or_insert((v, inner.clone()));
                    if let Some(Value::Array(fields)) = m.get("fields") {
                        for f in fields {
                            if let Some(t) = f.get("type") {
                                self.collect(t, inner.as_deref(), depth + 1);
                            }
                        }
                    }
                }
                Some(Value::String(t)) if t == "array" || t == "map" => {
                    let key = if t == "array" { "items" } else { "values" };
                    if let Some(inner) = m.get(key) {
                        self.collect(inner, space, depth + 1);
                    }
                }
                Some(t @ (Value::Object(_) | Value::Array(_))) => self.collect(t, space, depth + 1),
                _ => {}
            },
            _ => {}
        }
    }

    /// The full name a type name written in `space` refers to, when it is defined here.
    fn resolve(&self, name: &str, space: Option<&str>) -> Option<String> {
        if !name.contains('.') {
            if let Some(s) = space {
                let full = format!("{s}.{name}");
                if self.defs.contains_key(&full) {
                    return Some(full);
                }
            }
        }
        self.defs.contains_key(name).then(|| name.to_string())
    }

    fn reference(&self, name: &str, space: Option<&str>) -> Value {
        if PRIMITIVES.contains(&name) {
            return Value::String(name.to_string());
        }
        match self.resolve(name, space) {
            Some(full) => Value::String(relative(&full, space)),
            // Defined in a reference: written as given.
            None => Value::String(name.to_string()),
        }
    }

    fn schema(&mut self, v: &Value, space: Option<&str>, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return ordered(v, true, &ORDER);
        }
        match v {
            Value::String(name) => self.reference(name, space),
            Value::Array(branches) => Value::Array(
                branches
                    .iter()
                    .map(|b| self.schema(b, space, depth + 1))
                    .collect(),
            ),
            Value::Object(m) => {
                let ty = match m.get("type") {
                    Some(Value::String(t)) => t.as_str(),
                    _ => return ordered(v, true, &ORDER),
                };
                if is_named(ty) {
                    return self.named(v, m, ty, space, depth);
                }
                let mut out = Map::new();
                out.insert("type".into(), Value::String(ty.to_string()));
                match ty {
                    "array" | "map" => {
                        let key = if ty == "array" { "items" } else { "values" };
                        if let Some(inner) = m.get(key) {
                            out.insert(key.into(), self.schema(inner, space, depth + 1));
                        }
                        properties(m, &["type", key], &mut out);
                    }
                    p if PRIMITIVES.contains(&p) => {
                        if m.len() == 1 {
                            return Value::String(p.to_string());
                        }
                        properties(m, &["type"], &mut out);
                    }
                    // {"type": "n.F"}: the named type, written by name.
                    other => return self.reference(other, space),
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }

    fn named(
        &mut self,
        v: &Value,
        m: &Map<String, Value>,
        ty: &str,
        space: Option<&str>,
        depth: usize,
    ) -> Value {
        let Some((full, inner)) = full_name(m, space) else {
            return ordered(v, true, &ORDER);
        };
        if !self.written.insert(full.clone()) {
            return Value::String(relative(&full, space));
        }
        let inner = inner.as_deref();
        let mut out = Map::new();
        out.insert("type".into(), Value::String(ty.to_string()));
        let short = full.rsplit_once('.').map_or(full.as_str(), |(_, n)| n);
        out.insert("name".into(), Value::String(short.to_string()));
        if inner != space {
            out.insert(
                "namespace".into(),
                Value::String(inner.unwrap_or_default().to_string()),
            );
        }
        match m.get("doc") {
            Some(Value::String(d)) if d.is_empty() => {}
            Some(d) => {
                out.insert("doc".into(), d.clone());
            }
            None => {}
        }
        if let Some(Value::Array(fields)) = m.get("fields") {
            let fields = fields
                .iter()
                .map(|f| self.field(f, inner, depth + 1))
                .collect();
            out.insert("fields".into(), Value::Array(fields));
        }
        for key in ["symbols", "size", "default"] {
            if let Some(x) = m.get(key) {
                out.insert(key.into(), x.clone());
            }
        }
        if let Some(Value::Array(aliases)) = m.get("aliases") {
            let mut full: Vec<String> = aliases
                .iter()
                .filter_map(Value::as_str)
                .map(|a| match (a.contains('.'), inner) {
                    (false, Some(ns)) => format!("{ns}.{a}"),
                    _ => a.to_string(),
                })
                .collect();
            full.sort();
            full.dedup();
            let written = full
                .iter()
                .map(|a| Value::String(relative(a, inner)))
                .collect();
            out.insert("aliases".into(), Value::Array(written));
        }
        properties(
            m,
            &[
                "type",
                "name",
                "namespace",
                "doc",
                "fields",
                "symbols",
                "size",
                "default",
                "aliases",
            ],
            &mut out,
        );
        Value::Object(out)
    }

    fn field(&mut self, f: &Value, space: Option<&str>, depth: usize) -> Value {
        let Some(m) = f.as_object() else {
            return f.clone();
        };
        let mut out = Map::new();
        if let Some(name) = m.get("name") {
            out.insert("name".into(), name.clone());
        }
        if let Some(ty) = m.get("type") {
            out.insert("type".into(), self.schema(ty, space, depth + 1));
        }
        if let Some(doc) = m.get("doc") {
            out.insert("doc".into(), doc.clone());
        }
        if let Some(default) = m.get("default") {
            let rendered = match m.get("type") {
                Some(ty) => self.default(default, Some(ty), space, depth + 1),
                None => sorted(default),
            };
            out.insert("default".into(), rendered);
        }
        match m.get("order") {
            Some(Value::String(o)) if o.eq_ignore_ascii_case("ascending") => {}
            Some(Value::String(o)) => {
                out.insert("order".into(), Value::String(o.to_ascii_lowercase()));
            }
            Some(other) => {
                out.insert("order".into(), other.clone());
            }
            None => {}
        }
        if let Some(Value::Array(aliases)) = m.get("aliases") {
            let mut list: Vec<&str> = aliases.iter().filter_map(Value::as_str).collect();
            list.sort_unstable();
            list.dedup();
            out.insert(
                "aliases".into(),
                Value::Array(list.into_iter().map(|a| Value::String(a.into())).collect()),
            );
        } else if let Some(a) = m.get("aliases") {
            out.insert("aliases".into(), a.clone());
        }
        properties(
            m,
            &["name", "type", "doc", "default", "order", "aliases"],
            &mut out,
        );
        Value::Object(out)
    }

    /// A default as Java renders it through the type: keys sorted, an integral number of a
    /// float or double written with `.0`. A union's default is read as its first branch.
    fn default(
        &self,
        value: &Value,
        ty: Option<&Value>,
        space: Option<&str>,
        depth: usize,
    ) -> Value {
        if depth > MAX_DEPTH {
            return sorted(value);
        }
        // The type, through names and unions, as the object (or primitive name) it is.
        let mut ty = ty;
        let mut space = space.map(str::to_string);
        for _ in 0..8 {
            match ty {
                Some(Value::Array(branches)) => ty = branches.first(),
                Some(Value::String(n)) if !PRIMITIVES.contains(&n.as_str()) => {
                    match self
                        .resolve(n, space.as_deref())
                        .and_then(|f| self.defs.get(&f))
                    {
                        Some((node, inner)) => {
                            ty = Some(*node);
                            space = inner.clone();
                        }
                        None => ty = None,
                    }
                }
                Some(Value::Object(m)) => match m.get("type") {
                    Some(t @ (Value::Array(_) | Value::Object(_))) => ty = Some(t),
                    Some(t @ Value::String(name))
                        if !PRIMITIVES.contains(&name.as_str())
                            && !is_named(name)
                            && name != "array"
                            && name != "map" =>
                    {
                        ty = Some(t)
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        let kind = match ty {
            Some(Value::String(p)) => Some(p.as_str()),
            Some(Value::Object(m)) => m.get("type").and_then(Value::as_str),
            _ => None,
        };
        if let (Some(Value::Object(m)), Some(k)) = (ty, kind) {
            if is_named(k) {
                if let Some((_, inner)) = full_name(m, space.as_deref()) {
                    space = inner;
                }
            }
        }
        match (kind, value) {
            (Some("float" | "double"), Value::Number(n)) => {
                let text = n.to_string();
                let integral = !text.contains(['.', 'e', 'E']);
                let small = n.as_i64().is_some_and(|i| i.unsigned_abs() < 10_000_000);
                if integral && small {
                    if let Ok(Value::Number(d)) =
                        serde_json::from_str::<Value>(&format!("{text}.0"))
                    {
                        return Value::Number(d);
                    }
                }
                Value::Number(n.clone())
            }
            (Some("array"), Value::Array(items)) => {
                let item_ty = ty.and_then(|t| t.get("items"));
                Value::Array(
                    items
                        .iter()
                        .map(|i| self.default(i, item_ty, space.as_deref(), depth + 1))
                        .collect(),
                )
            }
            (Some("map"), Value::Object(entries)) => {
                let value_ty = ty.and_then(|t| t.get("values"));
                let mut keys: Vec<&String> = entries.keys().collect();
                keys.sort();
                Value::Object(
                    keys.into_iter()
                        .map(|k| {
                            let v =
                                self.default(&entries[k], value_ty, space.as_deref(), depth + 1);
                            (k.clone(), v)
                        })
                        .collect(),
                )
            }
            (Some("record" | "error"), Value::Object(entries)) => {
                let fields = ty.and_then(|t| t.get("fields")).and_then(Value::as_array);
                let mut keys: Vec<&String> = entries.keys().collect();
                keys.sort();
                Value::Object(
                    keys.into_iter()
                        .map(|k| {
                            let f_ty = fields.and_then(|fs| {
                                fs.iter()
                                    .find(|f| f.get("name").and_then(Value::as_str) == Some(k))
                                    .and_then(|f| f.get("type"))
                            });
                            let v = self.default(&entries[k], f_ty, space.as_deref(), depth + 1);
                            (k.clone(), v)
                        })
                        .collect(),
                )
            }
            _ => sorted(value),
        }
    }
}

/// The attributes of `m` not in `known`: `logicalType`, `precision` and `scale` first, the
/// others sorted by key, their values with object keys sorted.
fn properties(m: &Map<String, Value>, known: &[&str], out: &mut Map<String, Value>) {
    for key in ["logicalType", "precision", "scale"] {
        if let Some(v) = m.get(key) {
            if !known.contains(&key) {
                out.insert(key.into(), sorted(v));
            }
        }
    }
    let mut rest: Vec<(&String, &Value)> = m
        .iter()
        .filter(|(k, _)| {
            !known.contains(&k.as_str())
                && !["logicalType", "precision", "scale"].contains(&k.as_str())
        })
        .collect();
    rest.sort_by(|a, b| a.0.cmp(b.0));
    for (k, v) in rest {
        out.insert(k.clone(), sorted(v));
    }
}

/// `v` with object keys sorted at every depth.
fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted(&m[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}
