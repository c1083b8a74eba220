//! What an open, closed or partially open content model admits beyond its declared members:
//! `additionalProperties` / `additionalItems`, `unevaluatedProperties` / `unevaluatedItems`, and
//! the comparison of a removed or added member with the schema that covers it. Shared by objects
//! and arrays.

use super::engine::{at, compatible, kw, Ctx, Engine, NOWHERE};
use crate::compat::kinds::ChangeKind;
use crate::json::model::{Additional, NodeId};
use crate::Result;

impl Engine<'_, '_> {
    /// Diff `old` against `new` where one of them is the covering schema of a partially open
    /// content model, and add the covered / not covered kind after the inner changes.
    pub(super) fn coverage(
        &mut self,
        ctx: &mut Ctx,
        old: NodeId,
        new: NodeId,
        [covered, not_covered]: [ChangeKind; 2],
    ) -> Result<()> {
        let r = self.pair(old, new)?;
        ctx.extend_rebased(&r);
        ctx.add(
            if compatible(&r) { covered } else { not_covered },
            at(old),
            at(new),
        );
        Ok(())
    }

    /// `additionalProperties` / `additionalItems`. `kinds` = [added, removed, narrowed, extended].
    #[allow(clippy::too_many_arguments)]
    pub(super) fn additional(
        &mut self,
        ctx: &mut Ctx,
        a: NodeId,
        b: NodeId,
        x: Additional,
        y: Additional,
        kinds: [ChangeKind; 4],
        keyword: &'static str,
    ) -> Result<()> {
        let [added, removed, narrowed, extended] = kinds;
        if x.permits() != y.permits() {
            ctx.add(
                if y.permits() { added } else { removed },
                kw(a, keyword),
                kw(b, keyword),
            );
        } else if x.schema().is_none() && y.schema().is_some() {
            ctx.add(narrowed, kw(a, keyword), kw(b, keyword));
        } else if x.schema().is_some() && y.schema().is_none() {
            ctx.add(extended, kw(a, keyword), kw(b, keyword));
        } else if let (Some(p), Some(q)) = (x.schema(), y.schema()) {
            self.sub(ctx, p, q)?;
        }
        Ok(())
    }

    /// `unevaluatedProperties` / `unevaluatedItems`. `kinds` = [added, removed, narrowed, extended].
    pub(super) fn unevaluated(
        &mut self,
        ctx: &mut Ctx,
        x: Option<NodeId>,
        y: Option<NodeId>,
        kinds: [ChangeKind; 4],
    ) -> Result<()> {
        let [added, removed, narrowed, extended] = kinds;
        let m = self.m;
        let is_false = |id: NodeId| m.nodes[m.resolve(id)].is_false();
        let is_empty = |id: NodeId| m.nodes[m.resolve(id)].is_empty_like();
        let loc = |id: Option<NodeId>| id.map(at).unwrap_or(NOWHERE);
        let kind = match (x, y) {
            (None, None) => return Ok(()),
            (None, Some(q)) => Some(if is_false(q) { removed } else { narrowed }),
            (Some(p), None) => Some(if is_false(p) { added } else { extended }),
            (Some(p), Some(q)) if is_false(p) && !is_false(q) => Some(added),
            (Some(p), Some(q)) if !is_false(p) && is_false(q) => Some(removed),
            (Some(p), Some(q)) if is_empty(p) && !is_empty(q) => Some(narrowed),
            (Some(p), Some(q)) if !is_empty(p) && is_empty(q) => Some(extended),
            (Some(p), Some(q)) => {
                self.sub(ctx, p, q)?;
                None
            }
        };
        if let Some(kind) = kind {
            ctx.add(kind, loc(x), loc(y));
        }
        Ok(())
    }
}
