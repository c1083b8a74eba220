//! Arrays: `items` (one schema or a tuple), tuple slots added and removed under open, closed and
//! partially open content models, `additionalItems`, `unevaluatedItems`, the item-count and
//! `contains` bounds and `uniqueItems`. Rules: `docs/compatibility.md`, section 9.

use serde_json::Value;

use super::engine::{at, bound, kw, requires_type, Both, Ctx, Engine, NOWHERE};
use crate::compat::kinds::ChangeKind;
use crate::compat::report::WarningKind;
use crate::json::model::{Additional, ArrayNode, NodeId, Pair};
use crate::Result;

impl<'a> Engine<'_, 'a> {
    pub(super) fn array(&mut self, ctx: &mut Ctx, s: Both<'_, ArrayNode<'a>>) -> Result<()> {
        let Both { a, b, x, y } = s;
        ctx.push("items");
        self.sub_opt(ctx, x.all_items, y.all_items)?;
        ctx.pop();

        self.tuple_slots(ctx, x, y)?;

        let additional_kw = if self.m.draft(b) == crate::json::Draft::Draft202012
            && (!y.item_schemas.is_empty()
                || self.m.nodes[b]
                    .keyword("items")
                    .is_some_and(Value::is_boolean))
        {
            "items"
        } else {
            "additionalItems"
        };
        let additional = (x.additional, y.additional);
        self.additional(ctx, (a, b), additional, "additionalItems", additional_kw)?;
        self.unevaluated(ctx, (x.unevaluated, y.unevaluated), "unevaluatedItems")?;
        self.counts(ctx, s);
        requires_type(ctx, a, b, x.requires_type, y.requires_type, "array");
        Ok(())
    }
    /// The tuple slots: compared pairwise, and a slot only one side has is judged against the
    /// other side's content model beyond its tuple.
    fn tuple_slots(&mut self, ctx: &mut Ctx, x: &ArrayNode<'a>, y: &ArrayNode<'a>) -> Result<()> {
        use ChangeKind::*;
        let common = x.item_schemas.len().min(y.item_schemas.len());
        for i in 0..x.item_schemas.len().max(y.item_schemas.len()) {
            ctx.push(format!("items/{i}"));
            if i < common {
                self.sub(ctx, x.item_schemas[i], y.item_schemas[i])?;
            } else if i < x.item_schemas.len() {
                let slot = x.item_schemas[i];
                if array_open(self.m, y) {
                    ctx.add(ItemRemovedFromOpenContentModel, at(slot), NOWHERE);
                } else if let Some(cover) = array_cover(self.m, y) {
                    self.coverage(ctx, slot, cover, "ITEM_REMOVED")?;
                } else if self.m.nodes[self.m.resolve(slot)].is_false() {
                    ctx.add(
                        ItemWithFalseRemovedFromClosedContentModel,
                        at(slot),
                        NOWHERE,
                    );
                } else {
                    ctx.add(ItemRemovedFromClosedContentModel, at(slot), NOWHERE);
                }
            } else {
                let slot = y.item_schemas[i];
                if array_open(self.m, x) {
                    let kind = if self.m.nodes[self.m.resolve(slot)].is_empty_like() {
                        ItemWithEmptySchemaAddedToOpenContentModel
                    } else {
                        ItemAddedToOpenContentModel
                    };
                    ctx.add(kind, NOWHERE, at(slot));
                } else if let Some(cover) = array_cover(self.m, x) {
                    self.coverage(ctx, cover, slot, "ITEM_ADDED")?;
                } else {
                    ctx.add(ItemAddedToClosedContentModel, NOWHERE, at(slot));
                }
            }
            ctx.pop();
        }
        Ok(())
    }
    /// The item-count and `contains` bounds, `uniqueItems`, and `contains` itself.
    fn counts(&mut self, ctx: &mut Ctx, s: Both<'_, ArrayNode<'a>>) {
        let Both { a, b, x, y } = s;
        use ChangeKind::*;
        bound(ctx, (a, b), "maxItems", x.max_items, y.max_items);
        bound(ctx, (a, b), "minItems", x.min_items, y.min_items);
        if x.unique_items != y.unique_items {
            let kind = if x.unique_items {
                UniqueItemsRemoved
            } else {
                UniqueItemsAdded
            };
            ctx.add_at(
                "uniqueItems",
                kind,
                kw(a, "uniqueItems"),
                kw(b, "uniqueItems"),
            );
        }
        bound(ctx, (a, b), "maxContains", x.max_contains, y.max_contains);
        bound(ctx, (a, b), "minContains", x.min_contains, y.min_contains);
        let (na, nb) = (&self.m.nodes[a], &self.m.nodes[b]);
        if nb.keyword("contains").is_some() && na.keyword("contains") != nb.keyword("contains") {
            ctx.push("contains");
            ctx.warn(
                WarningKind::UncomparedKeywordChanged,
                kw(a, "contains"),
                kw(b, "contains"),
                "contains".into(),
            );
            ctx.pop();
        }
    }
}

fn array_open(m: &Pair<'_, '_>, x: &ArrayNode<'_>) -> bool {
    x.additional == Additional::Permitted
        && x.unevaluated
            .is_none_or(|u| m.nodes[m.resolve(u)].is_empty_like())
}

fn array_cover(m: &Pair<'_, '_>, x: &ArrayNode<'_>) -> Option<NodeId> {
    match x.additional {
        Additional::Schema(s) => Some(s),
        Additional::Permitted => x.unevaluated.filter(|&u| {
            let n = &m.nodes[m.resolve(u)];
            !n.is_false() && !n.is_empty_like()
        }),
        Additional::Forbidden => None,
    }
}
