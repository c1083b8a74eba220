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
//! Each document (with the documents it references) has one arena of nodes, built once and kept
//! with the document (`prepared`); a `$ref` resolves to the node built for its target location,
//! so a recursive schema is a cyclic graph, not an infinite tree. Node ids carry their arena's
//! tag, so a check reads the two arenas as one graph (`pair`) and a pair of nodes is a pair of
//! ids.
//!
//! The model is split by concern: [`nodes`] (the node kinds and the arena), [`keywords`] (what the
//! drafts' keywords are), `build` (walking documents into nodes), `typed` (the typed pieces),
//! `refs` (resolving references), `pair` (two arenas as one) and `prepared` (the kept model).

mod build;
mod keywords;
mod nodes;
mod pair;
mod prepared;
mod refs;
mod typed;

use serde_json::Value;

pub(crate) use keywords::escape;
pub(crate) use nodes::{
    Additional, ArrayNode, Class, Criterion, Kind, Model, Node, NodeId, NumberNode, ObjectNode,
    PatternProperty, StringNode, DYNAMIC_REFS,
};
pub(crate) use pair::{Pair, Side};
pub(crate) use prepared::{ModelCache, Prepared};

use crate::json::Draft;
use crate::{Error, Result};

pub(crate) fn meta_validate(value: &Value, draft: Draft) -> Result<()> {
    let result = match draft {
        Draft::Draft4 => jsonschema::draft4::meta::validate(value),
        Draft::Draft6 => jsonschema::draft6::meta::validate(value),
        Draft::Draft7 => jsonschema::draft7::meta::validate(value),
        Draft::Draft201909 => jsonschema::draft201909::meta::validate(value),
        Draft::Draft202012 => jsonschema::draft202012::meta::validate(value),
    };
    result.map_err(|e| Error::invalid(e.instance_path().to_string(), e.to_string()))
}
