//! The comparison model: JSON Schema documents mapped onto the object model Confluent's diff runs
//! on (everit's), so the diff can reproduce Confluent's verdicts.
//!
//! Conventions (`docs/compatibility.md`, section 3, describes them for users):
//! - a node with `$ref` is only a reference (drafts 4 to 7); in 2019-09 and 2020-12 its sibling
//!   keywords still apply, so they form a synthetic `allOf` with the reference;
//! - `type` with several values is an `anyOf` of one typed schema per value;
//! - without `type`, type-specific keywords produce typed schemas flagged "type not required";
//! - several keyword groups on one node (`enum`, combinators, `not`, `const`, typed, `if`) form a
//!   synthetic `allOf`; title, description, `$id` and `default` stay on the node itself;
//! - `integer` is a number schema with an integer flag.
//!
//! Nodes live in one arena per check (both documents and their references), so a pair of nodes
//! is a pair of indices, and a `$ref` resolves to the node built for its target location: a
//! recursive schema is a cyclic graph, not an infinite tree.

use std::collections::HashMap;

use regex::Regex;
use serde_json::{Map, Value};

use super::{Draft, SchemaDoc};
use crate::limits::Limits;
use crate::{Error, Result};

/// Index of a node in the arena.
pub(crate) type NodeId = usize;

/// Which side of a check a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Old,
    New,
}

/// `additionalProperties` / `additionalItems` as the model sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Additional {
    /// Absent or `true`: permitted, no schema.
    Permitted,
    /// `false`.
    Forbidden,
    /// A schema (including `{}`).
    Schema(NodeId),
}

impl Additional {
    pub(crate) fn permits(self) -> bool {
        !matches!(self, Additional::Forbidden)
    }
    pub(crate) fn schema(self) -> Option<NodeId> {
        match self {
            Additional::Schema(s) => Some(s),
            _ => None,
        }
    }
}

/// The combination keyword (named as the keywords are).
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Criterion {
    AllOf,
    AnyOf,
    OneOf,
}

impl Criterion {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Criterion::AllOf => "allOf",
            Criterion::AnyOf => "anyOf",
            Criterion::OneOf => "oneOf",
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct StringNode<'a> {
    pub(crate) min_length: Option<&'a Value>,
    pub(crate) max_length: Option<&'a Value>,
    pub(crate) pattern: Option<&'a str>,
    pub(crate) format: Option<&'a Value>,
    pub(crate) requires_type: bool,
}

#[derive(Debug, Default)]
pub(crate) struct NumberNode<'a> {
    pub(crate) maximum: Option<&'a Value>,
    pub(crate) minimum: Option<&'a Value>,
    pub(crate) exclusive_maximum: Option<&'a Value>,
    pub(crate) exclusive_minimum: Option<&'a Value>,
    /// Draft-04 boolean forms.
    pub(crate) exclusive_maximum_flag: bool,
    pub(crate) exclusive_minimum_flag: bool,
    pub(crate) multiple_of: Option<&'a Value>,
    pub(crate) integer: bool,
    pub(crate) requires_type: bool,
}

#[derive(Debug)]
pub(crate) struct PatternProperty<'a> {
    pub(crate) pattern: &'a str,
    /// `None` when the pattern uses syntax the regex engine does not support.
    pub(crate) regex: Option<Regex>,
    pub(crate) schema: NodeId,
}

#[derive(Debug)]
pub(crate) struct ObjectNode<'a> {
    pub(crate) properties: Vec<(&'a str, NodeId)>,
    pub(crate) required: Vec<&'a str>,
    pub(crate) min_properties: Option<&'a Value>,
    pub(crate) max_properties: Option<&'a Value>,
    pub(crate) additional: Additional,
    pub(crate) pattern_properties: Vec<PatternProperty<'a>>,
    pub(crate) property_dependencies: Vec<(&'a str, Vec<&'a str>)>,
    pub(crate) schema_dependencies: Vec<(&'a str, NodeId)>,
    /// The schema every property name must match (drafts 6 and later).
    pub(crate) property_names: Option<NodeId>,
    pub(crate) unevaluated: Option<NodeId>,
    pub(crate) requires_type: bool,
}

#[derive(Debug)]
pub(crate) struct ArrayNode<'a> {
    pub(crate) all_items: Option<NodeId>,
    pub(crate) item_schemas: Vec<NodeId>,
    pub(crate) additional: Additional,
    pub(crate) min_items: Option<&'a Value>,
    pub(crate) max_items: Option<&'a Value>,
    pub(crate) unique_items: bool,
    pub(crate) min_contains: Option<&'a Value>,
    pub(crate) max_contains: Option<&'a Value>,
    pub(crate) unevaluated: Option<NodeId>,
    pub(crate) requires_type: bool,
}

#[derive(Debug)]
pub(crate) enum Kind<'a> {
    /// `{}` or a node with no assertion: accepts everything.
    Empty,
    /// `true`.
    True,
    /// `false`.
    False,
    /// A reference; the target is resolved after every document is walked.
    Ref(&'a str, Option<NodeId>),
    String(StringNode<'a>),
    Number(NumberNode<'a>),
    Boolean,
    Null,
    Object(ObjectNode<'a>),
    Array(ArrayNode<'a>),
    Enum(&'a [Value]),
    Const(&'a Value),
    Combined {
        criterion: Criterion,
        members: Vec<NodeId>,
    },
    Not(NodeId),
    Conditional,
    /// Placeholder while a node is being built.
    Pending,
}

/// The class of a node, as Confluent's diff compares classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Empty,
    True,
    False,
    String,
    Number,
    Boolean,
    Null,
    Object,
    Array,
    Enum,
    Const,
    Combined,
    Not,
    Conditional,
    Ref,
}

#[derive(Debug)]
pub(crate) struct Node<'a> {
    pub(crate) doc: usize,
    /// JSON pointer of the node inside its document.
    pub(crate) ptr: String,
    /// The JSON of the node (for a synthetic piece, the whole node it comes from).
    pub(crate) raw: &'a Value,
    pub(crate) kind: Kind<'a>,
    /// Title, description, `$id` and `default` (absent on the pieces of a synthetic `allOf`).
    pub(crate) title: Option<&'a Value>,
    pub(crate) description: Option<&'a Value>,
    pub(crate) id: Option<&'a Value>,
    pub(crate) default: Option<&'a Value>,
    /// Whether this node is one piece of a synthetic `allOf`.
    pub(crate) piece: bool,
}

impl Node<'_> {
    pub(crate) fn class(&self) -> Class {
        match &self.kind {
            Kind::Empty | Kind::Pending => Class::Empty,
            Kind::True => Class::True,
            Kind::False => Class::False,
            Kind::Ref(..) => Class::Ref,
            Kind::String(_) => Class::String,
            Kind::Number(_) => Class::Number,
            Kind::Boolean => Class::Boolean,
            Kind::Null => Class::Null,
            Kind::Object(_) => Class::Object,
            Kind::Array(_) => Class::Array,
            Kind::Enum(_) => Class::Enum,
            Kind::Const(_) => Class::Const,
            Kind::Combined { .. } => Class::Combined,
            Kind::Not(_) => Class::Not,
            Kind::Conditional => Class::Conditional,
        }
    }

    /// `{}` or `true`: everit's `EmptySchema` (of which `TrueSchema` is a subclass).
    pub(crate) fn is_empty_like(&self) -> bool {
        matches!(self.kind, Kind::Empty | Kind::True)
    }

    pub(crate) fn is_false(&self) -> bool {
        matches!(self.kind, Kind::False)
    }

    /// The node's own keyword `name`, when its JSON is an object that has it.
    pub(crate) fn keyword(&self, name: &str) -> Option<&Value> {
        self.raw.as_object().and_then(|m| m.get(name))
    }
}

pub(crate) struct DocInfo<'a> {
    pub(crate) side: Side,
    /// `None` for a main document, the reference name otherwise.
    pub(crate) name: Option<&'a str>,
    pub(crate) root: &'a Value,
    pub(crate) draft: Draft,
    /// Absolute `$id`s (fragment removed) → pointer.
    ids: HashMap<String, String>,
    /// Plain-name anchors → pointer.
    anchors: HashMap<String, String>,
    /// Base URI of each node that has one (pointer → base).
    bases: HashMap<String, String>,
    /// Documents this one may refer to by name.
    references: Vec<(&'a str, usize)>,
}

/// The arena of nodes for one check.
pub(crate) struct Model<'a> {
    pub(crate) nodes: Vec<Node<'a>>,
    pub(crate) docs: Vec<DocInfo<'a>>,
    by_location: HashMap<(usize, String), NodeId>,
    /// Nodes built for each side: the node budget applies to each schema (with its references)
    /// on its own, so a schema that fits can always be checked against one of the same size.
    nodes_per_side: [usize; 2],
    limits: Limits,
    /// Whether refs to documents not attached may stay unresolved (when checking one document
    /// on its own, before its references are known).
    lenient_external: bool,
}

/// A keyword that, in the 2019-09 / 2020-12 loader, does not make the node a typed schema: an
/// empty `properties` object (the node stays the empty schema, as Confluent's loader leaves it).
fn inert_keyword(draft: Draft, key: &str, map: &Map<String, Value>) -> bool {
    draft.is_modern()
        && key == "properties"
        && matches!(map.get(key), Some(Value::Object(props)) if props.is_empty())
}

/// The keywords of a type's group, as the draft's loader knows them: an explicit `type` consumes
/// its group's keywords, and any other group with a keyword left on the node is sniffed.
fn group_keywords(draft: Draft, group: &str) -> &'static [&'static str] {
    const ARRAY_4: &[&str] = &[
        "items",
        "additionalItems",
        "minItems",
        "maxItems",
        "uniqueItems",
    ];
    const ARRAY_6: &[&str] = &[
        "items",
        "additionalItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        "contains",
    ];
    const ARRAY_MODERN: &[&str] = &[
        "items",
        "additionalItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        "contains",
        "prefixItems",
        "unevaluatedItems",
        "minContains",
        "maxContains",
    ];
    const OBJECT_4: &[&str] = &[
        "properties",
        "required",
        "minProperties",
        "maxProperties",
        "dependencies",
        "patternProperties",
        "additionalProperties",
    ];
    const OBJECT_6: &[&str] = &[
        "properties",
        "required",
        "minProperties",
        "maxProperties",
        "dependencies",
        "patternProperties",
        "additionalProperties",
        "propertyNames",
    ];
    const OBJECT_MODERN: &[&str] = &[
        "properties",
        "required",
        "minProperties",
        "maxProperties",
        "dependencies",
        "patternProperties",
        "additionalProperties",
        "propertyNames",
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
        ("array", Draft::Draft4) => ARRAY_4,
        ("array", Draft::Draft6 | Draft::Draft7) => ARRAY_6,
        ("array", _) => ARRAY_MODERN,
        ("object", Draft::Draft4) => OBJECT_4,
        ("object", Draft::Draft6 | Draft::Draft7) => OBJECT_6,
        ("object", _) => OBJECT_MODERN,
        ("number" | "integer", _) => NUMBER,
        ("string", _) => STRING,
        _ => &[],
    }
}

impl<'a> Model<'a> {
    /// The model of a check: the old document (and its references) and the new one.
    pub(crate) fn build(
        old: &'a SchemaDoc,
        new: &'a SchemaDoc,
        limits: &Limits,
    ) -> Result<(Model<'a>, NodeId, NodeId)> {
        let mut model = Model::empty(limits, false);
        let old_root = model.add_document(old, Side::Old, None)?;
        let new_root = model.add_document(new, Side::New, None)?;
        model.resolve_all()?;
        Ok((model, old_root, new_root))
    }

    fn empty(limits: &Limits, lenient_external: bool) -> Model<'a> {
        Model {
            nodes: Vec::new(),
            docs: Vec::new(),
            by_location: HashMap::new(),
            nodes_per_side: [0; 2],
            limits: *limits,
            lenient_external,
        }
    }

    fn add_document(
        &mut self,
        doc: &'a SchemaDoc,
        side: Side,
        name: Option<&'a str>,
    ) -> Result<NodeId> {
        let index = self.docs.len();
        self.docs.push(DocInfo {
            side,
            name,
            root: doc.value(),
            draft: doc.draft(),
            ids: HashMap::new(),
            anchors: HashMap::new(),
            bases: HashMap::new(),
            references: Vec::new(),
        });
        let mut references = Vec::new();
        for (ref_name, ref_doc) in doc.references() {
            // A reference may itself carry references; each is its own document.
            let existing = self
                .docs
                .iter()
                .position(|d| d.side == side && d.name == Some(ref_name.as_str()));
            let ref_index = match existing {
                Some(i) => i,
                None => {
                    let before = self.docs.len();
                    self.add_document(ref_doc, side, Some(ref_name.as_str()))?;
                    before
                }
            };
            references.push((ref_name.as_str(), ref_index));
        }
        self.docs[index].references = references;
        self.index_ids(index, doc.value(), String::new(), String::new(), 0)?;
        self.walk(index, doc.value(), String::new(), 0)
    }

    /// Record `$id`s and anchors of a document, with the base URI in force at each node.
    fn index_ids(
        &mut self,
        doc: usize,
        value: &'a Value,
        ptr: String,
        base: String,
        depth: usize,
    ) -> Result<()> {
        if depth > self.limits.max_depth {
            return Err(depth_error(&ptr, self.limits.max_depth));
        }
        let Value::Object(map) = value else {
            return Ok(());
        };
        let draft = self.docs[doc].draft;
        let mut base = base;
        let id_key = if draft == Draft::Draft4 { "id" } else { "$id" };
        if let Some(Value::String(id)) = map.get(id_key) {
            if let Some(anchor) = id.strip_prefix('#') {
                if !anchor.is_empty() && !anchor.starts_with('/') {
                    self.docs[doc]
                        .anchors
                        .insert(anchor.to_string(), ptr.clone());
                }
            } else {
                let (uri, fragment) = split_fragment(id);
                base = join_uri(&base, uri);
                self.docs[doc].ids.insert(base.clone(), ptr.clone());
                if let Some(anchor) = fragment.filter(|f| !f.is_empty() && !f.starts_with('/')) {
                    self.docs[doc]
                        .anchors
                        .insert(anchor.to_string(), ptr.clone());
                }
            }
        }
        if let Some(Value::String(anchor)) = map.get("$anchor") {
            self.docs[doc].anchors.insert(anchor.clone(), ptr.clone());
        }
        if !base.is_empty() {
            self.docs[doc].bases.insert(ptr.clone(), base.clone());
        }
        for (key, child) in map {
            if is_schema_map_keyword(key) {
                if let Value::Object(children) = child {
                    for (name, sub) in children {
                        let p = format!("{ptr}/{}/{}", escape(key), escape(name));
                        self.index_ids(doc, sub, p, base.clone(), depth + 1)?;
                    }
                }
            } else if is_schema_list_keyword(key) || key == "items" {
                match child {
                    Value::Array(items) => {
                        for (i, sub) in items.iter().enumerate() {
                            self.index_ids(
                                doc,
                                sub,
                                format!("{ptr}/{key}/{i}"),
                                base.clone(),
                                depth + 1,
                            )?;
                        }
                    }
                    Value::Object(_) => {
                        self.index_ids(doc, child, format!("{ptr}/{key}"), base.clone(), depth + 1)?
                    }
                    _ => {}
                }
            } else if is_schema_keyword(key) {
                self.index_ids(
                    doc,
                    child,
                    format!("{ptr}/{}", escape(key)),
                    base.clone(),
                    depth + 1,
                )?;
            }
        }
        Ok(())
    }

    fn alloc(&mut self, doc: usize, ptr: String, raw: &'a Value, piece: bool) -> Result<NodeId> {
        let count = &mut self.nodes_per_side[self.docs[doc].side as usize];
        if *count >= self.limits.max_nodes {
            return Err(Error::Limit {
                limit: "max_nodes",
                max: self.limits.max_nodes,
                message: format!("the schema has more nodes than that (at {ptr:?})"),
            });
        }
        *count += 1;
        self.nodes.push(Node {
            doc,
            ptr,
            raw,
            kind: Kind::Pending,
            title: None,
            description: None,
            id: None,
            default: None,
            piece,
        });
        Ok(self.nodes.len() - 1)
    }

    /// Build the node at `ptr` of document `doc` (once: a location maps to one node).
    fn walk(&mut self, doc: usize, value: &'a Value, ptr: String, depth: usize) -> Result<NodeId> {
        if let Some(&id) = self.by_location.get(&(doc, ptr.clone())) {
            return Ok(id);
        }
        if depth > self.limits.max_depth {
            return Err(depth_error(&ptr, self.limits.max_depth));
        }
        let id = self.alloc(doc, ptr.clone(), value, false)?;
        self.by_location.insert((doc, ptr.clone()), id);
        let map = match value {
            Value::Bool(true) => {
                self.nodes[id].kind = Kind::True;
                return Ok(id);
            }
            Value::Bool(false) => {
                self.nodes[id].kind = Kind::False;
                return Ok(id);
            }
            Value::Object(map) => map,
            _ => {
                return Err(Error::invalid(
                    ptr,
                    "a schema must be a JSON object or a boolean",
                ))
            }
        };
        let draft = self.docs[doc].draft;
        // Sub-schemas that are not assertions still need nodes so `$ref`s can point at them.
        for key in ["definitions", "$defs"] {
            if let Some(Value::Object(defs)) = map.get(key) {
                for (name, sub) in defs {
                    self.walk(doc, sub, format!("{ptr}/{key}/{}", escape(name)), depth + 1)?;
                }
            }
        }

        let mut pieces: Vec<NodeId> = Vec::new();
        if let Some(Value::String(reference)) = map.get("$ref") {
            if !draft.is_modern() || !has_assertions_besides_ref(map) {
                // The node is only a reference.
                self.nodes[id].kind = Kind::Ref(reference.as_str(), None);
                self.set_common(id, map, draft);
                return Ok(id);
            }
            let r = self.alloc(doc, ptr.clone(), value, true)?;
            self.nodes[r].kind = Kind::Ref(reference.as_str(), None);
            pieces.push(r);
        }
        self.extract(doc, id, map, &ptr, depth, &mut pieces)?;
        match pieces.len() {
            0 => self.nodes[id].kind = Kind::Empty,
            1 => {
                // The single piece becomes the node itself.
                let piece = pieces[0];
                let kind = std::mem::replace(&mut self.nodes[piece].kind, Kind::Empty);
                self.nodes[id].kind = kind;
            }
            _ => {
                self.nodes[id].kind = Kind::Combined {
                    criterion: Criterion::AllOf,
                    members: pieces,
                };
            }
        }
        self.set_common(id, map, draft);
        Ok(id)
    }

    fn set_common(&mut self, id: NodeId, map: &'a Map<String, Value>, draft: Draft) {
        let node = &mut self.nodes[id];
        node.title = map.get("title");
        node.description = map.get("description");
        node.default = map.get("default");
        node.id = match draft {
            Draft::Draft4 => map.get("id"),
            // Confluent's loader still reads the draft-04 spelling when `$id` is absent.
            Draft::Draft6 | Draft::Draft7 => map.get("$id").or_else(|| map.get("id")),
            // The 2019-09 / 2020-12 loader consumes `$id` as a base URI only: never compared.
            Draft::Draft201909 | Draft::Draft202012 => None,
        };
    }

    /// The keyword groups of a node, in the order everit extracts them.
    fn extract(
        &mut self,
        doc: usize,
        _id: NodeId,
        map: &'a Map<String, Value>,
        ptr: &str,
        depth: usize,
        pieces: &mut Vec<NodeId>,
    ) -> Result<()> {
        let draft = self.docs[doc].draft;
        let raw = self.nodes[_id].raw;
        if let Some(e) = map.get("enum") {
            let Value::Array(values) = e else {
                return Err(Error::invalid(
                    format!("{ptr}/enum"),
                    "enum must be an array",
                ));
            };
            let p = self.alloc(doc, ptr.to_string(), raw, true)?;
            self.nodes[p].kind = Kind::Enum(values);
            pieces.push(p);
        }
        for (key, criterion) in [
            ("allOf", Criterion::AllOf),
            ("anyOf", Criterion::AnyOf),
            ("oneOf", Criterion::OneOf),
        ] {
            if let Some(list) = map.get(key) {
                let Value::Array(items) = list else {
                    return Err(Error::invalid(
                        format!("{ptr}/{key}"),
                        format!("{key} must be an array"),
                    ));
                };
                let p = self.alloc(doc, ptr.to_string(), raw, true)?;
                let mut members = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    members.push(self.walk(doc, item, format!("{ptr}/{key}/{i}"), depth + 1)?);
                }
                self.nodes[p].kind = Kind::Combined { criterion, members };
                pieces.push(p);
            }
        }
        if let Some(not) = map.get("not") {
            let inner = self.walk(doc, not, format!("{ptr}/not"), depth + 1)?;
            let p = self.alloc(doc, ptr.to_string(), raw, true)?;
            self.nodes[p].kind = Kind::Not(inner);
            pieces.push(p);
        }
        if draft != Draft::Draft4 {
            if let Some(c) = map.get("const") {
                let p = self.alloc(doc, ptr.to_string(), raw, true)?;
                self.nodes[p].kind = Kind::Const(c);
                pieces.push(p);
            }
        }
        // An explicit `type` consumes its group's keywords; the groups with keywords left are
        // sniffed: they give typed schemas that do not require their type.
        let mut consumed: Vec<&str> = Vec::new();
        match map.get("type") {
            Some(Value::String(t)) => {
                consumed.extend(group_keywords(draft, t));
                let p = self.typed(doc, map, ptr, depth, t, true)?;
                pieces.push(p);
            }
            Some(Value::Array(types)) => {
                let combined = self.alloc(doc, ptr.to_string(), raw, true)?;
                let mut members = Vec::with_capacity(types.len());
                for t in types {
                    let Value::String(t) = t else {
                        return Err(Error::invalid(
                            format!("{ptr}/type"),
                            "type must be a string or an array of strings",
                        ));
                    };
                    consumed.extend(group_keywords(draft, t));
                    members.push(self.typed(doc, map, ptr, depth, t, true)?);
                }
                self.nodes[combined].kind = Kind::Combined {
                    criterion: Criterion::AnyOf,
                    members,
                };
                pieces.push(combined);
            }
            Some(_) => {
                return Err(Error::invalid(
                    format!("{ptr}/type"),
                    "type must be a string or an array of strings",
                ));
            }
            None => {}
        }
        for group in ["array", "object", "number", "string"] {
            let left = group_keywords(draft, group).iter().any(|k| {
                map.contains_key(*k) && !consumed.contains(k) && !inert_keyword(draft, k, map)
            });
            if left {
                pieces.push(self.typed(doc, map, ptr, depth, group, false)?);
            }
        }
        if draft >= Draft::Draft7 && ["if", "then", "else"].iter().any(|k| map.contains_key(*k)) {
            for key in ["if", "then", "else"] {
                if let Some(sub) = map.get(key) {
                    self.walk(doc, sub, format!("{ptr}/{key}"), depth + 1)?;
                }
            }
            let p = self.alloc(doc, ptr.to_string(), raw, true)?;
            self.nodes[p].kind = Kind::Conditional;
            pieces.push(p);
        }
        Ok(())
    }

    fn child(
        &mut self,
        doc: usize,
        map: &'a Map<String, Value>,
        ptr: &str,
        key: &str,
        depth: usize,
    ) -> Result<Option<NodeId>> {
        match map.get(key) {
            None => Ok(None),
            Some(v) => Ok(Some(self.walk(
                doc,
                v,
                format!("{ptr}/{key}"),
                depth + 1,
            )?)),
        }
    }

    fn additional(
        &mut self,
        doc: usize,
        map: &'a Map<String, Value>,
        ptr: &str,
        key: &str,
        depth: usize,
    ) -> Result<Additional> {
        match map.get(key) {
            None | Some(Value::Bool(true)) => Ok(Additional::Permitted),
            Some(Value::Bool(false)) => Ok(Additional::Forbidden),
            Some(v) => Ok(Additional::Schema(self.walk(
                doc,
                v,
                format!("{ptr}/{key}"),
                depth + 1,
            )?)),
        }
    }

    fn typed(
        &mut self,
        doc: usize,
        map: &'a Map<String, Value>,
        ptr: &str,
        depth: usize,
        type_name: &str,
        requires_type: bool,
    ) -> Result<NodeId> {
        let draft = self.docs[doc].draft;
        let raw = self.nodes[self.by_location[&(doc, ptr.to_string())]].raw;
        let kind = match type_name {
            "string" => {
                let pattern = match map.get("pattern") {
                    Some(Value::String(p)) => {
                        self.check_pattern(&format!("{ptr}/pattern"), p)?;
                        Some(p.as_str())
                    }
                    Some(_) => {
                        return Err(Error::invalid(
                            format!("{ptr}/pattern"),
                            "pattern must be a string",
                        ))
                    }
                    None => None,
                };
                Kind::String(StringNode {
                    min_length: map.get("minLength"),
                    max_length: map.get("maxLength"),
                    pattern,
                    format: map.get("format"),
                    requires_type,
                })
            }
            "number" | "integer" => {
                let (exclusive_maximum, exclusive_maximum_flag) =
                    exclusive(map.get("exclusiveMaximum"));
                let (exclusive_minimum, exclusive_minimum_flag) =
                    exclusive(map.get("exclusiveMinimum"));
                Kind::Number(NumberNode {
                    maximum: map.get("maximum"),
                    minimum: map.get("minimum"),
                    exclusive_maximum,
                    exclusive_minimum,
                    exclusive_maximum_flag,
                    exclusive_minimum_flag,
                    multiple_of: map.get("multipleOf"),
                    integer: type_name == "integer",
                    requires_type,
                })
            }
            "boolean" => Kind::Boolean,
            "null" => Kind::Null,
            "object" => Kind::Object(self.object(doc, map, ptr, depth, requires_type)?),
            "array" => Kind::Array(self.array(doc, map, ptr, depth, draft, requires_type)?),
            other => {
                return Err(Error::invalid(
                    format!("{ptr}/type"),
                    format!("unknown type {other:?}"),
                ));
            }
        };
        let p = self.alloc(doc, ptr.to_string(), raw, true)?;
        self.nodes[p].kind = kind;
        Ok(p)
    }

    fn object(
        &mut self,
        doc: usize,
        map: &'a Map<String, Value>,
        ptr: &str,
        depth: usize,
        requires_type: bool,
    ) -> Result<ObjectNode<'a>> {
        let mut properties = Vec::new();
        if let Some(Value::Object(props)) = map.get("properties") {
            for (name, sub) in props {
                let id = self.walk(
                    doc,
                    sub,
                    format!("{ptr}/properties/{}", escape(name)),
                    depth + 1,
                )?;
                properties.push((name.as_str(), id));
            }
        }
        let mut required = Vec::new();
        if let Some(Value::Array(names)) = map.get("required") {
            for n in names {
                if let Value::String(s) = n {
                    required.push(s.as_str());
                }
            }
        }
        let additional = self.additional(doc, map, ptr, "additionalProperties", depth)?;
        let mut pattern_properties = Vec::new();
        if let Some(Value::Object(patterns)) = map.get("patternProperties") {
            for (pattern, sub) in patterns {
                let at = format!("{ptr}/patternProperties/{}", escape(pattern));
                let regex = self.check_pattern(&at, pattern)?;
                let schema = self.walk(doc, sub, at, depth + 1)?;
                pattern_properties.push(PatternProperty {
                    pattern: pattern.as_str(),
                    regex,
                    schema,
                });
            }
        }
        let mut property_dependencies = Vec::new();
        let mut schema_dependencies = Vec::new();
        let dependency_keys: &[&str] = if self.docs[doc].draft.is_modern() {
            &["dependencies", "dependentRequired", "dependentSchemas"]
        } else {
            &["dependencies"]
        };
        for &key in dependency_keys {
            if let Some(Value::Object(deps)) = map.get(key) {
                for (name, dep) in deps {
                    match dep {
                        Value::Array(names) => property_dependencies.push((
                            name.as_str(),
                            names.iter().filter_map(Value::as_str).collect(),
                        )),
                        other => {
                            let at = format!("{ptr}/{key}/{}", escape(name));
                            schema_dependencies
                                .push((name.as_str(), self.walk(doc, other, at, depth + 1)?));
                        }
                    }
                }
            }
        }
        // Draft 4 has no `propertyNames`, but `$ref`s may still point into it.
        let names = self.child(doc, map, ptr, "propertyNames", depth)?;
        let property_names = names.filter(|_| self.docs[doc].draft != Draft::Draft4);
        Ok(ObjectNode {
            properties,
            required,
            min_properties: map.get("minProperties"),
            max_properties: map.get("maxProperties"),
            additional,
            pattern_properties,
            property_dependencies,
            schema_dependencies,
            property_names,
            unevaluated: if self.docs[doc].draft.is_modern() {
                self.child(doc, map, ptr, "unevaluatedProperties", depth)?
            } else {
                None
            },
            requires_type,
        })
    }

    fn array(
        &mut self,
        doc: usize,
        map: &'a Map<String, Value>,
        ptr: &str,
        depth: usize,
        draft: Draft,
        requires_type: bool,
    ) -> Result<ArrayNode<'a>> {
        let mut all_items = None;
        let mut item_schemas = Vec::new();
        let mut additional = self.additional(doc, map, ptr, "additionalItems", depth)?;
        if draft == Draft::Draft202012 {
            if let Some(Value::Array(prefix)) = map.get("prefixItems") {
                for (i, sub) in prefix.iter().enumerate() {
                    item_schemas.push(self.walk(
                        doc,
                        sub,
                        format!("{ptr}/prefixItems/{i}"),
                        depth + 1,
                    )?);
                }
                // With `prefixItems`, `items` governs the items beyond the tuple.
                additional = self.additional(doc, map, ptr, "items", depth)?;
            } else if let Some(Value::Bool(_)) = map.get("items") {
                // A boolean `items` without a tuple is Confluent's "additional items" switch.
                additional = self.additional(doc, map, ptr, "items", depth)?;
            } else {
                all_items = self.child(doc, map, ptr, "items", depth)?;
            }
        } else {
            match map.get("items") {
                Some(Value::Array(tuple)) => {
                    for (i, sub) in tuple.iter().enumerate() {
                        item_schemas.push(self.walk(
                            doc,
                            sub,
                            format!("{ptr}/items/{i}"),
                            depth + 1,
                        )?);
                    }
                }
                Some(_) => all_items = self.child(doc, map, ptr, "items", depth)?,
                None => {}
            }
        }
        self.child(doc, map, ptr, "contains", depth)?;
        Ok(ArrayNode {
            all_items,
            item_schemas,
            additional,
            min_items: map.get("minItems"),
            max_items: map.get("maxItems"),
            unique_items: matches!(map.get("uniqueItems"), Some(Value::Bool(true))),
            min_contains: map.get("minContains"),
            max_contains: map.get("maxContains"),
            unevaluated: if draft.is_modern() {
                self.child(doc, map, ptr, "unevaluatedItems", depth)?
            } else {
                None
            },
            requires_type,
        })
    }

    /// Check a regular expression against the limits; `None` when the engine does not support
    /// its syntax (the pattern is still valid ECMA-262 for validators that do).
    fn check_pattern(&self, ptr: &str, pattern: &str) -> Result<Option<Regex>> {
        if pattern.len() > self.limits.max_pattern_bytes {
            return Err(Error::Limit {
                limit: "max_pattern_bytes",
                max: self.limits.max_pattern_bytes,
                message: format!("the pattern at {ptr} is {} bytes", pattern.len()),
            });
        }
        match regex::RegexBuilder::new(pattern)
            .size_limit(self.limits.max_regex_size)
            .dfa_size_limit(self.limits.max_regex_size)
            .build()
        {
            Ok(r) => Ok(Some(r)),
            Err(regex::Error::CompiledTooBig(_)) => Err(Error::Limit {
                limit: "max_regex_size",
                max: self.limits.max_regex_size,
                message: format!("the pattern at {ptr} compiles to a larger program"),
            }),
            Err(_) => Ok(None),
        }
    }

    /// Resolve every `$ref` to its target node.
    fn resolve_all(&mut self) -> Result<()> {
        let mut i = 0;
        while i < self.nodes.len() {
            if let Kind::Ref(reference, None) = self.nodes[i].kind {
                let doc = self.nodes[i].doc;
                let ptr = self.nodes[i].ptr.clone();
                match self.locate(doc, &ptr, reference)? {
                    Some((target_doc, target_ptr)) => {
                        let target_value = pointer(self.docs[target_doc].root, &target_ptr)
                            .ok_or_else(|| Error::UnresolvedRef {
                                reference: reference.to_string(),
                                pointer: ptr.clone(),
                                message: "the pointer names no location in the document".into(),
                            })?;
                        let target = self.walk(target_doc, target_value, target_ptr, 0)?;
                        self.nodes[i].kind = Kind::Ref(reference, Some(target));
                    }
                    None => {
                        // Left unresolved: only allowed while checking a document alone.
                        self.nodes[i].kind = Kind::Empty;
                    }
                }
            }
            i += 1;
        }
        // A chain of references that never reaches content is an error, not a schema.
        for start in 0..self.nodes.len() {
            let mut seen = 0usize;
            let mut at = start;
            while let Kind::Ref(reference, Some(next)) = self.nodes[at].kind {
                seen += 1;
                if seen > self.nodes.len() {
                    return Err(Error::UnresolvedRef {
                        reference: reference.to_string(),
                        pointer: self.nodes[start].ptr.clone(),
                        message: "a $ref cycle with no content".into(),
                    });
                }
                at = next;
            }
        }
        Ok(())
    }

    /// The document and pointer a `$ref` written at `ptr` of `doc` names.
    fn locate(&self, doc: usize, ptr: &str, reference: &str) -> Result<Option<(usize, String)>> {
        let unresolved = |message: &str| Error::UnresolvedRef {
            reference: reference.to_string(),
            pointer: ptr.to_string(),
            message: message.to_string(),
        };
        let (uri, fragment) = split_fragment(reference);
        if uri.is_empty() {
            return self
                .with_fragment(doc, String::new(), fragment, &unresolved)
                .map(Some);
        }
        if let Some(&(_, d)) = self.docs[doc]
            .references
            .iter()
            .find(|(name, _)| *name == uri)
        {
            return self
                .with_fragment(d, String::new(), fragment, &unresolved)
                .map(Some);
        }
        // `$id`-based resolution inside the document, then in the other documents of its side.
        let absolute = join_uri(&self.base_of(doc, ptr), uri);
        let side = self.docs[doc].side;
        let found = std::iter::once(doc)
            .chain((0..self.docs.len()).filter(|&i| i != doc && self.docs[i].side == side))
            .find_map(|i| self.docs[i].ids.get(&absolute).map(|p| (i, p.clone())));
        if let Some((i, p)) = found {
            return self.with_fragment(i, p, fragment, &unresolved).map(Some);
        }
        if self.lenient_external {
            return Ok(None);
        }
        Err(unresolved(
            "no referenced schema has that name and no $id in the documents matches; remote references are never fetched",
        ))
    }

    fn with_fragment(
        &self,
        doc: usize,
        base_ptr: String,
        fragment: Option<&str>,
        unresolved: &dyn Fn(&str) -> Error,
    ) -> Result<(usize, String)> {
        match fragment {
            None | Some("") => Ok((doc, base_ptr)),
            Some(f) if f.starts_with('/') => {
                let decoded = percent_decode(f);
                Ok((doc, format!("{base_ptr}{decoded}")))
            }
            Some(anchor) => match self.docs[doc].anchors.get(anchor) {
                Some(p) => Ok((doc, p.clone())),
                None => Err(unresolved(
                    "no $anchor or $id in the document has that name",
                )),
            },
        }
    }

    fn base_of(&self, doc: usize, ptr: &str) -> String {
        let mut p = ptr.to_string();
        loop {
            if let Some(b) = self.docs[doc].bases.get(&p) {
                return b.clone();
            }
            match p.rfind('/') {
                Some(i) => p.truncate(i),
                None => return String::new(),
            }
        }
    }

    /// Follow references to the node that holds content.
    pub(crate) fn resolve(&self, mut id: NodeId) -> NodeId {
        while let Kind::Ref(_, Some(next)) = self.nodes[id].kind {
            id = next;
        }
        id
    }

    /// The pointer of a node as reported to users: `name#/ptr` for referenced documents.
    pub(crate) fn display_pointer(&self, id: NodeId) -> String {
        let node = &self.nodes[id];
        match self.docs[node.doc].name {
            None => node.ptr.clone(),
            Some(name) => format!("{name}#{}", node.ptr),
        }
    }

    pub(crate) fn side(&self, id: NodeId) -> Side {
        self.docs[self.nodes[id].doc].side
    }
}

/// Check a document on its own: it maps onto the model within the limits, and its local
/// references resolve.
pub(crate) fn check_document(value: &Value, draft: Draft, limits: &Limits) -> Result<()> {
    meta_validate(value, draft)?;
    let doc = SchemaDoc::unchecked(value.clone(), draft);
    let mut model = Model::empty(limits, true);
    model.add_document(&doc, Side::New, None)?;
    model.resolve_all()
}

/// Check that every `$ref` of a document resolves, its references attached.
pub(crate) fn check_references(doc: &SchemaDoc, limits: &Limits) -> Result<()> {
    let mut model = Model::empty(limits, false);
    model.add_document(doc, Side::New, None)?;
    model.resolve_all()
}

fn meta_validate(value: &Value, draft: Draft) -> Result<()> {
    let result = match draft {
        Draft::Draft4 => jsonschema::draft4::meta::validate(value),
        Draft::Draft6 => jsonschema::draft6::meta::validate(value),
        Draft::Draft7 => jsonschema::draft7::meta::validate(value),
        Draft::Draft201909 => jsonschema::draft201909::meta::validate(value),
        Draft::Draft202012 => jsonschema::draft202012::meta::validate(value),
    };
    result.map_err(|e| Error::invalid(e.instance_path().to_string(), e.to_string()))
}

fn exclusive(value: Option<&Value>) -> (Option<&Value>, bool) {
    match value {
        Some(Value::Bool(b)) => (None, *b),
        Some(v) => (Some(v), false),
        None => (None, false),
    }
}

fn has_assertions_besides_ref(map: &Map<String, Value>) -> bool {
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

fn is_schema_map_keyword(key: &str) -> bool {
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

fn is_schema_list_keyword(key: &str) -> bool {
    matches!(key, "allOf" | "anyOf" | "oneOf" | "prefixItems")
}

fn is_schema_keyword(key: &str) -> bool {
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

fn depth_error(ptr: &str, max: usize) -> Error {
    Error::Limit {
        limit: "max_depth",
        max,
        message: format!("the schema nests deeper than that (at {ptr:?})"),
    }
}

/// Escape a key for a JSON pointer.
pub(crate) fn escape(key: &str) -> String {
    if key.contains(['~', '/']) {
        key.replace('~', "~0").replace('/', "~1")
    } else {
        key.to_string()
    }
}

fn split_fragment(reference: &str) -> (&str, Option<&str>) {
    match reference.find('#') {
        Some(i) => (&reference[..i], Some(&reference[i + 1..])),
        None => (reference, None),
    }
}

fn join_uri(base: &str, reference: &str) -> String {
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

fn percent_decode(text: &str) -> String {
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
fn pointer<'v>(root: &'v Value, ptr: &str) -> Option<&'v Value> {
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
