//! Building the model: walking each document (and the documents it references) into nodes, once
//! per location, within the node budget of its side; the keyword groups of one node.

use std::collections::HashMap;
use std::fmt::Write;

use serde_json::{Map, Value};

use super::keywords::*;
use super::nodes::*;
use crate::json::{Draft, SchemaDoc};
use crate::limits::Limits;
use crate::{Error, Result};

impl<'a> Model<'a> {
    /// The model of one document and the documents it references. With `lenient_external`,
    /// a reference to a document not attached is left unresolved (checking a document alone,
    /// before its references are known) and [`Model::unresolved`] says so.
    pub(crate) fn of(
        doc: &'a SchemaDoc,
        limits: &Limits,
        lenient_external: bool,
    ) -> Result<Model<'a>> {
        let mut model = Model {
            nodes: Nodes::new(),
            docs: Vec::new(),
            root: 0,
            by_location: Vec::new(),
            limits: *limits,
            lenient_external,
            unresolved: false,
        };
        model.root = model.add_document(doc, None)?;
        model.resolve_all()?;
        // Locations matter only while nodes are built; a kept model does not carry them.
        model.by_location = Vec::new();
        Ok(model)
    }

    fn add_document(&mut self, doc: &'a SchemaDoc, name: Option<&'a str>) -> Result<NodeId> {
        let index = self.docs.len();
        self.docs.push(DocInfo {
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
                .position(|d| d.name == Some(ref_name.as_str()));
            let ref_index = match existing {
                Some(i) => i,
                None => {
                    let before = self.docs.len();
                    self.add_document(ref_doc, Some(ref_name.as_str()))?;
                    before
                }
            };
            references.push((ref_name.as_str(), ref_index));
        }
        self.docs[index].references = references;
        self.index_ids(index, doc.value(), &mut String::new(), "", 0)?;
        self.walk(index, doc.value(), String::new(), 0)
    }

    /// Record `$id`s and anchors of a document, with the base URI in force at each node. `ptr`
    /// is the node's pointer, a buffer the walk extends and restores (most nodes record
    /// nothing, so no pointer is made for them).
    pub(super) fn index_ids(
        &mut self,
        doc: usize,
        value: &'a Value,
        ptr: &mut String,
        base: &str,
        depth: usize,
    ) -> Result<()> {
        if depth > self.limits.max_depth {
            return Err(depth_error(ptr, self.limits.max_depth));
        }
        let Value::Object(map) = value else {
            return Ok(());
        };
        let draft = self.docs[doc].draft;
        let mut joined = None;
        let id_key = if draft == Draft::Draft4 { "id" } else { "$id" };
        if let Some(Value::String(id)) = kw(map, id_key) {
            if let Some(anchor) = id.strip_prefix('#') {
                if !anchor.is_empty() && !anchor.starts_with('/') {
                    self.docs[doc]
                        .anchors
                        .insert(anchor.to_string(), ptr.clone());
                }
            } else {
                let (uri, fragment) = split_fragment(id);
                let uri = join_uri(base, uri);
                self.docs[doc].ids.insert(uri.clone(), ptr.clone());
                if let Some(anchor) = fragment.filter(|f| !f.is_empty() && !f.starts_with('/')) {
                    self.docs[doc]
                        .anchors
                        .insert(anchor.to_string(), ptr.clone());
                }
                joined = Some(uri);
            }
        }
        let base = joined.as_deref().unwrap_or(base);
        if let Some(Value::String(anchor)) = kw(map, "$anchor") {
            self.docs[doc].anchors.insert(anchor.clone(), ptr.clone());
        }
        if !base.is_empty() {
            self.docs[doc].bases.insert(ptr.clone(), base.to_string());
        }
        let at = ptr.len();
        for (key, child) in map {
            if is_schema_map_keyword(key) {
                if let Value::Object(children) = child {
                    for (name, sub) in children {
                        ptr.truncate(at);
                        for segment in [key.as_str(), name.as_str()] {
                            ptr.push('/');
                            ptr.push_str(&escape(segment));
                        }
                        self.index_ids(doc, sub, ptr, base, depth + 1)?;
                    }
                }
            } else if is_schema_list_keyword(key) || key == "items" {
                match child {
                    Value::Array(items) => {
                        for (i, sub) in items.iter().enumerate() {
                            ptr.truncate(at);
                            write!(ptr, "/{key}/{i}").expect("writing to a String");
                            self.index_ids(doc, sub, ptr, base, depth + 1)?;
                        }
                    }
                    Value::Object(_) => {
                        ptr.truncate(at);
                        write!(ptr, "/{key}").expect("writing to a String");
                        self.index_ids(doc, child, ptr, base, depth + 1)?;
                    }
                    _ => {}
                }
            } else if is_schema_keyword(key) {
                ptr.truncate(at);
                ptr.push('/');
                ptr.push_str(&escape(key));
                self.index_ids(doc, child, ptr, base, depth + 1)?;
            }
        }
        ptr.truncate(at);
        Ok(())
    }

    pub(super) fn alloc(
        &mut self,
        doc: usize,
        ptr: String,
        raw: &'a Value,
        piece: bool,
    ) -> Result<NodeId> {
        if self.nodes.len() >= self.limits.max_nodes {
            return Err(Error::Limit {
                limit: "max_nodes",
                max: self.limits.max_nodes,
                message: format!("the schema has more nodes than that (at {ptr:?})"),
            });
        }
        Ok(self.nodes.push(Node {
            doc,
            ptr,
            raw,
            kind: Kind::Pending,
            title: None,
            description: None,
            id: None,
            default: None,
            dynamic_refs: DYNAMIC_REFS.map(|k| raw.as_object().and_then(|m| kw(m, k))),
            piece,
        }))
    }

    /// Build the node at `ptr` of document `doc` (once: a location maps to one node).
    pub(super) fn walk(
        &mut self,
        doc: usize,
        value: &'a Value,
        ptr: String,
        depth: usize,
    ) -> Result<NodeId> {
        // A location is known by its value's address: each value of a document tree has one.
        let location = std::ptr::from_ref(value) as usize;
        if let Some(&id) = self.by_location.get(doc).and_then(|at| at.get(&location)) {
            return Ok(id);
        }
        if depth > self.limits.max_depth {
            return Err(depth_error(&ptr, self.limits.max_depth));
        }
        let id = self.alloc(doc, ptr.clone(), value, false)?;
        if self.by_location.len() <= doc {
            self.by_location.resize_with(doc + 1, Default::default);
        }
        self.by_location[doc].insert(location, id);
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
            if let Some(Value::Object(defs)) = kw(map, key) {
                for (name, sub) in defs {
                    self.walk(doc, sub, format!("{ptr}/{key}/{}", escape(name)), depth + 1)?;
                }
            }
        }

        let mut pieces: Vec<NodeId> = Vec::new();
        if let Some(Value::String(reference)) = kw(map, "$ref") {
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

    pub(super) fn set_common(&mut self, id: NodeId, map: &'a Map<String, Value>, draft: Draft) {
        let node = &mut self.nodes[id];
        node.title = kw(map, "title");
        node.description = kw(map, "description");
        node.default = kw(map, "default");
        node.id = match draft {
            Draft::Draft4 => kw(map, "id"),
            // Confluent's loader still reads the draft-04 spelling when `$id` is absent.
            Draft::Draft6 | Draft::Draft7 => kw(map, "$id").or_else(|| kw(map, "id")),
            // The 2019-09 / 2020-12 loader consumes `$id` as a base URI only: never compared.
            Draft::Draft201909 | Draft::Draft202012 => None,
        };
    }

    /// The keyword groups of a node, in the order everit extracts them.
    pub(super) fn extract(
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
        if let Some(e) = kw(map, "enum") {
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
            if let Some(list) = kw(map, key) {
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
        if let Some(not) = kw(map, "not") {
            let inner = self.walk(doc, not, format!("{ptr}/not"), depth + 1)?;
            let p = self.alloc(doc, ptr.to_string(), raw, true)?;
            self.nodes[p].kind = Kind::Not(inner);
            pieces.push(p);
        }
        if draft != Draft::Draft4 {
            if let Some(c) = kw(map, "const") {
                let p = self.alloc(doc, ptr.to_string(), raw, true)?;
                self.nodes[p].kind = Kind::Const(c);
                pieces.push(p);
            }
        }
        // An explicit `type` consumes its group's keywords; the groups with keywords left are
        // sniffed: they give typed schemas that do not require their type.
        let mut consumed: Vec<&str> = Vec::new();
        match kw(map, "type") {
            Some(Value::String(t)) => {
                consumed.extend(group_keywords(draft, t));
                let p = self.typed(doc, raw, ptr, depth, t, true)?;
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
                    members.push(self.typed(doc, raw, ptr, depth, t, true)?);
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
        // One pass over the node's keywords (a handful) rather than a look-up of each of the
        // groups' (dozens).
        const GROUPS: [&str; 4] = ["array", "object", "number", "string"];
        let mut left = [false; GROUPS.len()];
        for key in map.keys().map(String::as_str) {
            if consumed.contains(&key) || inert_keyword(draft, key, map) {
                continue;
            }
            for (i, group) in GROUPS.iter().enumerate() {
                left[i] |= group_keywords(draft, group).contains(&key);
            }
        }
        for (group, _) in GROUPS.iter().zip(left).filter(|(_, left)| *left) {
            pieces.push(self.typed(doc, raw, ptr, depth, group, false)?);
        }
        if draft >= Draft::Draft7 && ["if", "then", "else"].iter().any(|k| has(map, k)) {
            for key in ["if", "then", "else"] {
                if let Some(sub) = kw(map, key) {
                    self.walk(doc, sub, format!("{ptr}/{key}"), depth + 1)?;
                }
            }
            let p = self.alloc(doc, ptr.to_string(), raw, true)?;
            self.nodes[p].kind = Kind::Conditional;
            pieces.push(p);
        }
        Ok(())
    }

    pub(super) fn child(
        &mut self,
        doc: usize,
        map: &'a Map<String, Value>,
        ptr: &str,
        key: &str,
        depth: usize,
    ) -> Result<Option<NodeId>> {
        match kw(map, key) {
            None => Ok(None),
            Some(v) => Ok(Some(self.walk(
                doc,
                v,
                format!("{ptr}/{key}"),
                depth + 1,
            )?)),
        }
    }
}
