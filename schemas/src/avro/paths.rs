//! The field paths a reader schema reads, in the form of consumer contracts (`/customer/email`,
//! `/items/*/sku`: `*` is every item of an array or every value of a map).

use std::collections::{BTreeSet, HashMap};

use apache_avro::schema::{Name, Schema};
use serde_json::Value;

use super::AvroSchema;

/// Every path to a record field the schema reads, sorted. A union contributes the paths of all
/// its branches; a recursive type is followed once.
///
/// ```
/// use accord_schemas::avro::{readable_paths, AvroSchema};
/// let s = AvroSchema::parse(r#"{"type":"record","name":"O","fields":[{"name":"items","type":{"type":"array","items":{"type":"record","name":"I","fields":[{"name":"sku","type":"string"}]}}}]}"#, &[]).unwrap();
/// assert_eq!(readable_paths(&s), vec!["/items", "/items/*/sku"]);
/// ```
pub fn readable_paths(schema: &AvroSchema) -> Vec<String> {
    let named = schema.named_types();
    let mut out = BTreeSet::new();
    let mut stack = Vec::new();
    walk(schema.schema(), "", &named, &mut stack, &mut out, 0);
    out.into_iter().collect()
}

fn walk<'a>(
    s: &'a Schema,
    at: &str,
    named: &HashMap<Name, &'a Schema>,
    stack: &mut Vec<&'a Name>,
    out: &mut BTreeSet<String>,
    depth: usize,
) {
    if depth > 512 {
        return;
    }
    match s {
        Schema::Ref { name } => {
            if let Some(target) = named.get(name) {
                walk(target, at, named, stack, out, depth + 1);
            }
        }
        Schema::Record(r) => {
            if stack.contains(&&r.name) {
                return;
            }
            stack.push(&r.name);
            for f in &r.fields {
                let path = format!("{at}/{}", f.name);
                out.insert(path.clone());
                walk(&f.schema, &path, named, stack, out, depth + 1);
            }
            stack.pop();
        }
        Schema::Array(a) => walk(&a.items, &format!("{at}/*"), named, stack, out, depth + 1),
        Schema::Map(m) => walk(&m.types, &format!("{at}/*"), named, stack, out, depth + 1),
        Schema::Union(u) => u
            .variants()
            .iter()
            .for_each(|v| walk(v, at, named, stack, out, depth + 1)),
        _ => {}
    }
}

/// The field path (`/customer/email`) a pointer of the check's changes leads to in `schema`
/// (`/fields/1/type/fields/0/type`, Confluent's form, through the reader): the fields passed
/// by name, `*` for the items of an array or the values of a map. A pointer that ends inside a
/// field (its `type`, its `default`, a branch of its union) names that field; one into the
/// root names nothing (`""`).
///
/// ```
/// use accord_schemas::avro::{field_path_of, AvroSchema};
/// let s = AvroSchema::parse(r#"{"type":"record","name":"O","fields":[{"name":"id","type":"long"},{"name":"customer","type":["null",{"type":"record","name":"C","fields":[{"name":"email","type":"string"}]}]}]}"#, &[]).unwrap();
/// assert_eq!(field_path_of(&s, "/fields/1/type/fields/0/type"), "/customer/email");
/// assert_eq!(field_path_of(&s, "/fields/0"), "/id");
/// assert_eq!(field_path_of(&s, "/name"), "");
/// ```
pub fn field_path_of(schema: &AvroSchema, pointer: &str) -> String {
    let named = schema.named_types();
    let segs: Vec<&str> = pointer.split('/').skip(1).collect();
    fn resolve<'a>(named: &HashMap<Name, &'a Schema>, s: &'a Schema) -> Option<&'a Schema> {
        match s {
            Schema::Ref { name } => named.get(name).copied(),
            other => Some(other),
        }
    }
    let resolve = |s| resolve(&named, s);
    let mut out = String::new();
    let mut cur = schema.schema();
    let mut i = 0;
    while let (Some(seg), Some(here)) = (segs.get(i), resolve(cur)) {
        // A union is passed through without a segment of its own: the branch of the kind the
        // next segment enters.
        let here = match here {
            Schema::Union(u) => match u.variants().iter().filter_map(resolve).find(|b| {
                matches!(
                    (b, *seg),
                    (Schema::Record(_), "fields")
                        | (Schema::Array(_), "items")
                        | (Schema::Map(_), "values")
                )
            }) {
                Some(branch) => branch,
                None => break,
            },
            other => other,
        };
        match (here, *seg) {
            (Schema::Record(r), "fields") => {
                let Some(field) = segs
                    .get(i + 1)
                    .and_then(|n| n.parse::<usize>().ok())
                    .and_then(|n| r.fields.get(n))
                else {
                    break;
                };
                out.push('/');
                out.push_str(&field.name);
                if segs.get(i + 2) != Some(&"type") {
                    break;
                }
                cur = &field.schema;
                i += 3;
            }
            (Schema::Array(a), "items") => {
                out.push_str("/*");
                cur = &a.items;
                i += 1;
            }
            (Schema::Map(m), "values") => {
                out.push_str("/*");
                cur = &m.types;
                i += 1;
            }
            _ => break,
        }
    }
    out
}

/// Where the field at `read_path` (`/customer/email`) is written in a schema's JSON: the
/// pointer of its entry in its record's `fields` (`/fields/1/type/1/fields/0`), following unions,
/// arrays (`*`), maps (`*`) and named types defined elsewhere in the same document; `None` when
/// the path leads to no field. For placing a finding in the file the schema was read from.
///
/// ```
/// use accord_schemas::avro::pointer_of_read_path;
/// use serde_json::json;
/// let s = json!({"type":"record","name":"O","fields":[
///     {"name":"customer","type":["null",{"type":"record","name":"C","fields":[{"name":"email","type":"string"}]}]},
///     {"name":"backup","type":"C"}]});
/// assert_eq!(pointer_of_read_path(&s, "/customer/email").as_deref(), Some("/fields/0/type/1/fields/0"));
/// assert_eq!(pointer_of_read_path(&s, "/backup/email").as_deref(), Some("/fields/0/type/1/fields/0"));
/// assert_eq!(pointer_of_read_path(&s, "/phone"), None);
/// ```
pub fn pointer_of_read_path(json: &Value, read_path: &str) -> Option<String> {
    let mut defined = HashMap::new();
    definitions(json, String::new(), None, &mut defined, 0);
    let segs: Vec<&str> = read_path.split('/').skip(1).collect();
    if segs.is_empty() {
        return Some(String::new());
    }
    find(json, String::new(), &segs, &defined, 0)
}

/// Every named type defined in `json`, by full and by short name, with its pointer.
fn definitions<'a>(
    json: &'a Value,
    at: String,
    namespace: Option<&'a str>,
    out: &mut HashMap<String, (&'a Value, String)>,
    depth: usize,
) {
    if depth > 128 {
        return;
    }
    match json {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                definitions(item, format!("{at}/{i}"), namespace, out, depth + 1);
            }
        }
        Value::Object(o) => {
            let mut namespace = namespace;
            if let Some(Value::String(name)) = o.get("name") {
                if matches!(o.get("type"), Some(Value::String(t)) if matches!(t.as_str(), "record" | "error" | "enum" | "fixed"))
                {
                    namespace = o.get("namespace").and_then(Value::as_str).or(namespace);
                    let full = match (name.contains('.'), namespace) {
                        (false, Some(ns)) if !ns.is_empty() => format!("{ns}.{name}"),
                        _ => name.clone(),
                    };
                    let short = full.rsplit('.').next().unwrap_or_default().to_string();
                    out.entry(short).or_insert((json, at.clone()));
                    out.entry(full).or_insert((json, at.clone()));
                }
            }
            for (key, value) in o {
                if matches!(key.as_str(), "type" | "fields" | "items" | "values") {
                    definitions(value, format!("{at}/{key}"), namespace, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn find(
    json: &Value,
    at: String,
    segs: &[&str],
    defined: &HashMap<String, (&Value, String)>,
    depth: usize,
) -> Option<String> {
    let (first, rest) = segs.split_first()?;
    if depth > 128 {
        return None;
    }
    match json {
        Value::String(name) => {
            let (def, def_at) = defined.get(name.as_str())?;
            find(def, def_at.clone(), segs, defined, depth + 1)
        }
        Value::Array(branches) => branches
            .iter()
            .enumerate()
            .find_map(|(i, b)| find(b, format!("{at}/{i}"), segs, defined, depth + 1)),
        Value::Object(o) => match o.get("type")? {
            Value::String(t) if matches!(t.as_str(), "record" | "error") => {
                let fields = o.get("fields")?.as_array()?;
                let (i, field) = fields
                    .iter()
                    .enumerate()
                    .find(|(_, f)| f.get("name").and_then(Value::as_str) == Some(*first))?;
                let entry = format!("{at}/fields/{i}");
                if rest.is_empty() {
                    return Some(entry);
                }
                find(
                    field.get("type")?,
                    format!("{entry}/type"),
                    rest,
                    defined,
                    depth + 1,
                )
            }
            Value::String(t) if (t == "array" || t == "map") && *first == "*" => {
                let key = if t == "array" { "items" } else { "values" };
                let inner = format!("{at}/{key}");
                if rest.is_empty() {
                    return Some(inner);
                }
                find(o.get(key)?, inner, rest, defined, depth + 1)
            }
            Value::String(t) if matches!(t.as_str(), "array" | "map" | "enum" | "fixed") => None,
            // `{"type": {...}}`, `{"type": "Name"}`, `{"type": [...]}`: the type is inside.
            inner => find(inner, format!("{at}/type"), segs, defined, depth + 1),
        },
        _ => None,
    }
}
