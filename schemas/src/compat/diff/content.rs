//! What an open, closed or partially open content model admits beyond its declared members:
//! `additionalProperties` / `additionalItems`, `unevaluatedProperties` / `unevaluatedItems`, and
//! the comparison of a removed or added member with the schema that covers it. Shared by objects
//! and arrays. Rules: `docs/compatibility.md`, sections 8.3 and 9.

use super::engine::{at, compatible, family_kind, kw, Ctx, Engine, NOWHERE};
use crate::compat::kinds::ChangeKind;
use crate::json::model::{Additional, NodeId};
use crate::Result;

impl Engine<'_, '_> {
    /// Diff `old` against `new` where one of them is the covering schema of a partially open
    /// content model, and add the covered / not covered kind of `family` (e.g. `PROPERTY_ADDED`)
    /// after the inner changes.
    pub(super) fn coverage(
        &mut self,
        ctx: &mut Ctx,
        old: NodeId,
        new: NodeId,
        family: &str,
    ) -> Result<()> {
        let r = self.pair(old, new)?;
        ctx.extend_rebased(&r);
        let coverage = if compatible(&r) {
            "IS_COVERED"
        } else {
            "NOT_COVERED"
        };
        let kind = ChangeKind::from_name(&format!(
            "{family}_{coverage}_BY_PARTIALLY_OPEN_CONTENT_MODEL"
        ))
        .unwrap_or(ChangeKind::UnjudgedKeywordChanged);
        ctx.add(kind, at(old), at(new));
        Ok(())
    }

    /// `additionalProperties` / `additionalItems` (the `family`, also the path segment), found
    /// at `keyword` (2020-12 spells the items beyond a tuple `items`).
    pub(super) fn additional(
        &mut self,
        ctx: &mut Ctx,
        (a, b): (NodeId, NodeId),
        (x, y): (Additional, Additional),
        family: &'static str,
        keyword: &'static str,
    ) -> Result<()> {
        let (old, new) = (kw(a, keyword), kw(b, keyword));
        ctx.push(family);
        if x.permits() != y.permits() {
            let suffix = if y.permits() { "ADDED" } else { "REMOVED" };
            ctx.add(family_kind(family, suffix), old, new);
        } else if x.schema().is_none() && y.schema().is_some() {
            ctx.add(family_kind(family, "NARROWED"), old, new);
        } else if x.schema().is_some() && y.schema().is_none() {
            ctx.add(family_kind(family, "EXTENDED"), old, new);
        } else if let (Some(p), Some(q)) = (x.schema(), y.schema()) {
            self.sub(ctx, p, q)?;
        }
        ctx.pop();
        Ok(())
    }

    /// `unevaluatedProperties` / `unevaluatedItems` (the `family`, also the path segment).
    pub(super) fn unevaluated(
        &mut self,
        ctx: &mut Ctx,
        (x, y): (Option<NodeId>, Option<NodeId>),
        family: &'static str,
    ) -> Result<()> {
        let m = self.m;
        let is_false = |id: NodeId| m.nodes[m.resolve(id)].is_false();
        let is_empty = |id: NodeId| m.nodes[m.resolve(id)].is_empty_like();
        let loc = |id: Option<NodeId>| id.map(at).unwrap_or(NOWHERE);
        ctx.push(family);
        let suffix = match (x, y) {
            (None, None) => None,
            (None, Some(q)) => Some(if is_false(q) { "REMOVED" } else { "NARROWED" }),
            (Some(p), None) => Some(if is_false(p) { "ADDED" } else { "EXTENDED" }),
            (Some(p), Some(q)) if is_false(p) && !is_false(q) => Some("ADDED"),
            (Some(p), Some(q)) if !is_false(p) && is_false(q) => Some("REMOVED"),
            (Some(p), Some(q)) if is_empty(p) && !is_empty(q) => Some("NARROWED"),
            (Some(p), Some(q)) if !is_empty(p) && is_empty(q) => Some("EXTENDED"),
            (Some(p), Some(q)) => {
                self.sub(ctx, p, q)?;
                None
            }
        };
        if let Some(suffix) = suffix {
            ctx.add(family_kind(family, suffix), loc(x), loc(y));
        }
        ctx.pop();
        Ok(())
    }
}
