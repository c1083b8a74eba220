//! Validating a datum in Avro's JSON encoding (the form `/validate` and `accord validate` take
//! for Avro): `null`, booleans, numbers, strings; bytes and fixed as strings of code points
//! 0–255; records as objects with every field (a missing field with a default reads as the
//! default); enums as one of their symbols; arrays; maps as objects; and a union value as `null`
//! for its null branch or as an object with one key naming the branch (`{"string": "a"}`,
//! `{"com.acme.Money": {...}}`). Logical types are validated on their underlying type.

use std::collections::HashMap;

use apache_avro::schema::{Name, Schema};
use serde_json::Value;

use super::kind::Ty;
use super::AvroSchema;
use crate::validate::{Outcome, Violation};

/// Validate `payload` as the JSON encoding of a datum of `schema`, collecting at most `max`
/// violations.
///
/// ```
/// use accord_schemas::avro::{validate_json, AvroSchema};
/// let s = AvroSchema::parse(r#"{"type":"record","name":"A","fields":[{"name":"id","type":"long"},{"name":"note","type":["null","string"],"default":null}]}"#, &[]).unwrap();
/// assert!(validate_json(&s, &serde_json::json!({"id": 1, "note": {"string": "x"}}), 100).is_valid());
/// let outcome = validate_json(&s, &serde_json::json!({"id": "1"}), 100);
/// assert_eq!(outcome.violations()[0].instance_path, "/id");
/// assert_eq!(outcome.violations()[0].schema_path, "/fields/0/type");
/// ```
pub fn validate_json(schema: &AvroSchema, payload: &Value, max: usize) -> Outcome {
    let named = schema.named_types();
    let mut walk = Walk {
        named: &named,
        violations: Vec::new(),
        max,
        truncated: false,
    };
    walk.value(schema.schema(), payload, "", "", 0);
    Outcome::from_violations(walk.violations, walk.truncated)
}

struct Walk<'a> {
    named: &'a HashMap<Name, &'a Schema>,
    violations: Vec<Violation>,
    max: usize,
    truncated: bool,
}

/// Deeper than any datum a payload's own depth limit lets through; a recursive schema with a
/// recursive value ends here instead of overflowing the stack.
const MAX_DEPTH: usize = 256;

impl<'a> Walk<'a> {
    fn fail(&mut self, at: &str, schema_at: &str, keyword: &str, message: String) {
        if self.violations.len() >= self.max {
            self.truncated = true;
            return;
        }
        let mut message = message;
        if message.chars().count() > Violation::MAX_MESSAGE_CHARS {
            message = message.chars().take(Violation::MAX_MESSAGE_CHARS).collect();
            message.push('…');
        }
        self.violations.push(Violation {
            instance_path: at.to_string(),
            schema_path: schema_at.to_string(),
            keyword: keyword.to_string(),
            message,
        });
    }

    fn resolve(&self, s: &'a Schema) -> &'a Schema {
        match s {
            Schema::Ref { name } => self.named.get(name).copied().unwrap_or(s),
            _ => s,
        }
    }

    fn value(&mut self, s: &'a Schema, v: &Value, at: &str, sat: &str, depth: usize) {
        if depth > MAX_DEPTH {
            self.fail(at, sat, "depth", format!("nested deeper than {MAX_DEPTH}"));
            return;
        }
        let s = self.resolve(s);
        match s {
            Schema::Decimal(d) => self.value(&d.inner, v, at, sat, depth + 1),
            Schema::Fixed(f) => self.bytes(v, Some(f.size), at, sat),
            Schema::Duration => self.bytes(v, Some(12), at, sat),
            Schema::Enum(e) => match v.as_str() {
                Some(symbol) if e.symbols.iter().any(|s| s == symbol) => {}
                _ => self.fail(
                    at,
                    sat,
                    "symbols",
                    format!(
                        "{} is not a symbol of enum {} ({})",
                        short(v),
                        e.name,
                        e.symbols.join(", ")
                    ),
                ),
            },
            Schema::Array(a) => match v.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let item_at = format!("{at}/{i}");
                        self.value(&a.items, item, &item_at, &format!("{sat}/items"), depth + 1);
                    }
                }
                None => self.expect(false, at, sat, "an array", v),
            },
            Schema::Map(m) => match v.as_object() {
                Some(entries) => {
                    for (k, item) in entries {
                        let item_at = format!("{at}/{}", escape(k));
                        self.value(
                            &m.types,
                            item,
                            &item_at,
                            &format!("{sat}/values"),
                            depth + 1,
                        );
                    }
                }
                None => self.expect(false, at, sat, "an object (a map)", v),
            },
            Schema::Record(r) => {
                let Some(object) = v.as_object() else {
                    return self.expect(
                        false,
                        at,
                        sat,
                        &format!("an object (record {})", r.name),
                        v,
                    );
                };
                for (i, f) in r.fields.iter().enumerate() {
                    let field_sat = format!("{sat}/fields/{i}");
                    match object.get(&f.name) {
                        Some(fv) => {
                            let field_at = format!("{at}/{}", escape(&f.name));
                            self.value(
                                &f.schema,
                                fv,
                                &field_at,
                                &format!("{field_sat}/type"),
                                depth + 1,
                            )
                        }
                        None if f.default.is_some() => {}
                        None => self.fail(
                            at,
                            &field_sat,
                            "required",
                            format!(
                                "field {:?} of record {} is missing and has no default",
                                f.name, r.name
                            ),
                        ),
                    }
                }
                for key in object.keys() {
                    if !r.lookup.contains_key(key) {
                        self.fail(
                            &format!("{at}/{}", escape(key)),
                            sat,
                            "fields",
                            format!("record {} has no field {key:?}", r.name),
                        );
                    }
                }
            }
            Schema::Union(u) => self.union(u.variants(), v, at, sat, depth),
            Schema::Ref { name } => {
                self.fail(at, sat, "type", format!("unknown named type {name}"))
            }
            primitive => self.primitive(Ty::of(primitive), v, at, sat),
        }
    }

    fn primitive(&mut self, ty: Ty, v: &Value, at: &str, sat: &str) {
        match ty {
            Ty::Null => self.expect(v.is_null(), at, sat, "null", v),
            Ty::Boolean => self.expect(v.is_boolean(), at, sat, "a boolean", v),
            Ty::Int => {
                let ok = v.as_i64().is_some_and(|n| i32::try_from(n).is_ok());
                self.expect(ok, at, sat, "an int (32-bit whole number)", v)
            }
            Ty::Long => self.expect(v.is_i64(), at, sat, "a long (64-bit whole number)", v),
            Ty::Float | Ty::Double => {
                let ok =
                    v.is_number() || matches!(v.as_str(), Some("NaN" | "Infinity" | "-Infinity"));
                self.expect(ok, at, sat, "a number", v)
            }
            Ty::String => self.expect(v.is_string(), at, sat, "a string", v),
            Ty::Bytes => self.bytes(v, None, at, sat),
            other => self.fail(
                at,
                sat,
                "type",
                format!("{} is not a primitive type", other.name()),
            ),
        }
    }

    fn union(&mut self, branches: &'a [Schema], v: &Value, at: &str, sat: &str, depth: usize) {
        if v.is_null() {
            if !branches.iter().any(|b| matches!(b, Schema::Null)) {
                self.fail(
                    at,
                    sat,
                    "type",
                    "null, but the union has no null branch".into(),
                );
            }
            return;
        }
        let names: Vec<String> = branches.iter().map(branch_name).collect();
        let entry = v
            .as_object()
            .filter(|o| o.len() == 1)
            .and_then(|o| o.iter().next());
        let Some((key, inner)) = entry else {
            return self.fail(
                at,
                sat,
                "type",
                format!(
                    "{} is not a union value: write {{\"<branch>\": value}} with a branch of [{}]",
                    short(v),
                    names.join(", ")
                ),
            );
        };
        match names.iter().position(|n| n == key) {
            Some(i) => {
                let branch_at = format!("{at}/{}", escape(key));
                self.value(
                    &branches[i],
                    inner,
                    &branch_at,
                    &format!("{sat}/{i}"),
                    depth + 1,
                )
            }
            None => self.fail(
                at,
                sat,
                "type",
                format!(
                    "{key:?} is not a branch of the union [{}]",
                    names.join(", ")
                ),
            ),
        }
    }

    fn bytes(&mut self, v: &Value, size: Option<usize>, at: &str, sat: &str) {
        let Some(text) = v.as_str() else {
            return self.expect(false, at, sat, "a string of bytes (code points 0-255)", v);
        };
        if text.chars().any(|c| c as u32 > 0xFF) {
            return self.fail(
                at,
                sat,
                "type",
                "bytes are written as code points 0-255".into(),
            );
        }
        if let Some(size) = size {
            let n = text.chars().count();
            if n != size {
                self.fail(
                    at,
                    sat,
                    "size",
                    format!("{n} bytes where the fixed type has {size}"),
                );
            }
        }
    }

    fn expect(&mut self, ok: bool, at: &str, sat: &str, what: &str, v: &Value) {
        if !ok {
            self.fail(at, sat, "type", format!("{} is not {what}", short(v)));
        }
    }
}

/// The name a union branch is written under in the JSON encoding.
fn branch_name(s: &Schema) -> String {
    match s {
        Schema::Record(r) => r.name.fullname(None),
        Schema::Enum(e) => e.name.fullname(None),
        Schema::Fixed(f) => f.name.fullname(None),
        Schema::Ref { name } => name.fullname(None),
        Schema::Decimal(d) => branch_name(&d.inner),
        Schema::Duration => "fixed".into(),
        unnamed => Ty::of(unnamed).branch_name(),
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(60).collect();
        format!("{cut}…")
    } else {
        text
    }
}
