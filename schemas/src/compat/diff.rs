//! The structural diff: Confluent Schema Registry's JSON Schema comparison, run on the model of
//! `crate::json::model`.
//!
//! `pair(a, b)` compares two nodes ("a" plays the original, "b" the update) and returns the
//! changes relative to that pair; callers rebase them onto their own path. Results are memoised
//! per pair of nodes (after `$ref` resolution). A pair met again while it is still being compared
//! is assumed compatible; after a pass, the pairs found incompatible are fed back and the whole
//! comparison repeats until that set stops growing: a greatest fixed point, so recursive schemas
//! terminate and every proof of incompatibility propagates.
//!
//! Internal judgements ("is this sub-comparison compatible?", for combined members, coverage,
//! `not` and the combined special cases) use the STRICT set, whatever the policy.//!
//! The engine is split by keyword family: [`engine`] holds the shared working parts (findings,
//! locations, the memoised pair comparison); [`references`], [`scalars`], [`combinators`],
//! [`objects`], [`patterns`], [`arrays`] and [`content`] each compare one family. This module is
//! the driver: the fixed point over passes, the dispatch of a pair by class, and the conversion
//! of findings into the report's changes and warnings. The rules are described by family in
//! `docs/compatibility.md`.

mod arrays;
mod combinators;
mod content;
mod engine;
mod objects;
mod patterns;
mod references;
mod scalars;

use std::collections::HashSet;

use serde_json::Value;

use super::kinds::ChangeKind;
use super::message;
use super::report::{Change, Direction, Policy, Report, Warning};
use crate::json::model::{Kind, Model, NodeId, Pair, Side};
use crate::json::SchemaDoc;
use crate::limits::Limits;
use crate::Result;
use engine::{at, Both, Ctx, Engine, Item, Loc, What};

/// Diff `old` → `new` and append the changes to `report`.
pub(super) fn run(
    old: &SchemaDoc,
    new: &SchemaDoc,
    direction: Direction,
    policy: Policy,
    limits: &Limits,
    report: &mut Report,
) -> Result<()> {
    let old_model = old.model(limits)?;
    let new_model = new.model(limits)?;
    let (om, nm) = (old_model.get(), new_model.get());
    // Two arenas whose tags met after the tags wrapped: compare with a fresh one.
    let fresh;
    let nm = if om.nodes.tag() == nm.nodes.tag() && !std::ptr::eq(om, nm) {
        fresh = Model::of(new, limits, false)?;
        &fresh
    } else {
        nm
    };
    let (old_root, new_root) = (om.root, nm.root);
    let model = Pair::new(om, nm);
    let mut engine = Engine::new(&model, limits);
    let items = loop {
        engine.memo.clear();
        engine.bad_now.clear();
        engine.assumed.clear();
        let items = engine.pair(old_root, new_root)?;
        // The pass is final unless a pair it assumed compatible proved incompatible.
        if engine.bad_now.is_subset(&engine.known_bad)
            || engine.assumed.is_disjoint(&engine.bad_now)
        {
            break items;
        }
        let found: Vec<_> = engine.bad_now.drain().collect();
        engine.known_bad.extend(found);
    };
    let mut seen = HashSet::new();
    for item in items.iter() {
        // Two routes to the same finding (e.g. a combined special case and its fallback) report it once.
        let key = (
            format!("{:?}", item.what),
            item.path.clone(),
            item.note.clone(),
        );
        if !seen.insert(key) {
            continue;
        }
        let (old_loc, new_loc) = orient(&model, item.a, item.b);
        let old_pointer = pointer(&model, old_loc);
        let new_pointer = pointer(&model, new_loc);
        let path = format!("#/{}", item.path);
        match item.what {
            What::Change(kind) => {
                let old_value = value(&model, old_loc, kind);
                let new_value = value(&model, new_loc, kind);
                let message = message::sentence(
                    kind,
                    &path,
                    old_value.as_ref(),
                    new_value.as_ref(),
                    item.note.as_deref(),
                    policy,
                );
                report.changes.push(Change {
                    kind,
                    path,
                    compatible: policy.allows(kind),
                    direction,
                    old_pointer,
                    new_pointer,
                    old_value,
                    new_value,
                    message,
                });
            }
            What::Warning(kind) => report.warnings.push(Warning {
                kind,
                message: message::warning(kind, &path, item.note.as_deref()),
                path,
                direction,
                old_pointer,
                new_pointer,
            }),
            What::Cycle => {}
        }
    }
    Ok(())
}

/// Put the locations in (old document, new document) order: inside `not` the comparison runs
/// reversed, so "a" may be a node of the new document.
fn orient(model: &Pair<'_, '_>, a: Loc, b: Loc) -> (Loc, Loc) {
    let side = |l: Loc| l.node.map(|n| model.side(n));
    match (side(a), side(b)) {
        (Some(Side::New), _) | (_, Some(Side::Old)) => (b, a),
        _ => (a, b),
    }
}

fn pointer(model: &Pair<'_, '_>, loc: Loc) -> Option<String> {
    let node = loc.node?;
    let base = model.display_pointer(node);
    match loc.attr {
        None => Some(base),
        Some(attr) if model.nodes[node].keyword(attr).is_some() => Some(format!("{base}/{attr}")),
        Some(_) => None,
    }
}

fn value(model: &Pair<'_, '_>, loc: Loc, kind: ChangeKind) -> Option<Value> {
    let node = &model.nodes[loc.node?];
    match loc.attr {
        Some(attr) => node.keyword(attr).cloned(),
        None if kind.is_structural() => None,
        None => Some(node.raw.clone()),
    }
}

impl Engine<'_, '_> {
    /// The comparison of one resolved pair, by class.
    pub(super) fn body(&mut self, a: NodeId, b: NodeId) -> Result<Vec<Item>> {
        if let Some(items) = self.combined_special_case(a, b)? {
            return Ok(items);
        }
        let m = self.m;
        let mut ctx = Ctx::new();
        let (na, nb) = (&m.nodes[a], &m.nodes[b]);
        if na.class() != nb.class() {
            if na.is_false() || nb.is_empty_like() {
                return Ok(ctx.items);
            }
            let bytes = |n: &crate::json::model::Node<'_>| {
                n.keyword("connect.type").and_then(Value::as_str) == Some("bytes")
            };
            if bytes(na) && bytes(nb) {
                return Ok(ctx.items);
            }
            ctx.add(ChangeKind::TypeChanged, at(a), at(b));
            return Ok(ctx.items);
        }
        self.identity_and_annotations(&mut ctx, a, b);
        match (&na.kind, &nb.kind) {
            (Kind::String(x), Kind::String(y)) => self.string(&mut ctx, Both { a, b, x, y }),
            (Kind::Number(x), Kind::Number(y)) => self.number(&mut ctx, Both { a, b, x, y }),
            (Kind::Enum(x), Kind::Enum(y)) => self.enumeration(&mut ctx, a, b, x, y),
            (Kind::Const(x), Kind::Const(y)) => self.constant(&mut ctx, Both { a, b, x, y }),
            (Kind::Combined { .. }, Kind::Combined { .. }) => self.combined_pair(&mut ctx, a, b)?,
            (Kind::Not(x), Kind::Not(y)) => self.negation(&mut ctx, a, b, *x, *y)?,
            (Kind::Object(x), Kind::Object(y)) => self.object(&mut ctx, Both { a, b, x, y })?,
            (Kind::Array(x), Kind::Array(y)) => self.array(&mut ctx, Both { a, b, x, y })?,
            (Kind::Conditional, Kind::Conditional) => self.conditional(&mut ctx, a, b),
            _ => {}
        }
        Ok(ctx.items)
    }
}
