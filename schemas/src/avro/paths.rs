//! The field paths a reader schema reads, in the form of consumer contracts (`/customer/email`,
//! `/items/*/sku`: `*` is every item of an array or every value of a map).

use std::collections::{BTreeSet, HashMap};

use apache_avro::schema::{Name, Schema};

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
