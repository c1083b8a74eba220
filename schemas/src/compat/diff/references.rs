//! References and identity: `$id`, the annotations that only document a node (`title`,
//! `description`, `default`), and `$dynamicRef` / `$recursiveRef`. Rules:
//! `docs/compatibility.md`, section 5.
//!
//! A plain `$ref` needs no rule of its own: the model resolves it to the node built for its
//! target, so a pair is always compared after resolution, and a recursive schema is a cycle the
//! engine's memo and fixed point handle. Dynamic references resolve at validation time, so a
//! change to one is not judged.

use super::engine::{kw, Ctx, Engine};
use crate::compat::kinds::ChangeKind;
use crate::json::model::{NodeId, DYNAMIC_REFS};

impl Engine<'_, '_> {
    /// `$id`, `title`, `description`, `default`, and dynamic references of two nodes of the
    /// same class.
    pub(super) fn identity_and_annotations(&mut self, ctx: &mut Ctx, a: NodeId, b: NodeId) {
        let (na, nb) = (&self.m.nodes[a], &self.m.nodes[b]);

        if na.id != nb.id {
            let attr = if na.keyword("id").is_some() && na.keyword("$id").is_none() {
                "id"
            } else {
                "$id"
            };
            ctx.add(ChangeKind::IdChanged, kw(a, attr), kw(b, attr));
        }
        if na.title != nb.title {
            ctx.add(ChangeKind::TitleChanged, kw(a, "title"), kw(b, "title"));
        }
        if na.description != nb.description {
            ctx.add(
                ChangeKind::DescriptionChanged,
                kw(a, "description"),
                kw(b, "description"),
            );
        }
        if na.default != nb.default {
            ctx.add(
                ChangeKind::DefaultChanged,
                kw(a, "default"),
                kw(b, "default"),
            );
        }
        for (i, keyword) in DYNAMIC_REFS.into_iter().enumerate() {
            let (x, y) = (na.dynamic_refs[i], nb.dynamic_refs[i]);
            if y.is_some() && x != y {
                ctx.note(
                    ChangeKind::UnjudgedKeywordChanged,
                    kw(a, "$dynamicRef"),
                    kw(b, "$dynamicRef"),
                    keyword.to_string(),
                );
            }
        }
    }
}
