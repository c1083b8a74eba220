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
//! recursive schema is a cyclic graph, not an infinite tree.//!
//! The model is split by concern: [`nodes`] (the node kinds and the arena), [`keywords`] (what the
//! drafts' keywords are), `build` (walking documents into nodes), `typed` (the typed pieces) and
//! `refs` (resolving references). This module checks single documents with it.

mod build;
mod keywords;
mod nodes;
mod refs;
mod typed;

use serde_json::Value;

pub(crate) use keywords::escape;
pub(crate) use nodes::{
    Additional, ArrayNode, Class, Criterion, Kind, Model, Node, NodeId, NumberNode, ObjectNode,
    PatternProperty, Side, StringNode,
};

use crate::json::{Draft, SchemaDoc};
use crate::limits::Limits;
use crate::{Error, Result};

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
