//! `allOf`, `anyOf`, `oneOf`, `not` and `if`/`then`/`else`: a combined schema against a plain
//! one (the special cases that let a single member or an alternative stand for the whole), two
//! combined schemas (criterion, member count, and a maximum matching of compatible members), and
//! the warnings where `oneOf` members may overlap. Rules: `docs/compatibility.md`, sections 4
//! and 7.

use std::cmp::Ordering;
use std::collections::HashSet;

use serde_json::Value;

use super::engine::{at, compatible, key_static, kw, matchable, Ctx, Engine, Item};
use crate::compat::kinds::ChangeKind;
use crate::compat::report::WarningKind;
use crate::json::model::{Class, Criterion, Kind, NodeId};
use crate::Result;

impl Engine<'_, '_> {
    /// A combined schema against a plain one: a single member stands for the whole, an `anyOf`
    /// or `oneOf` alternative that reads the old schema widens, an `allOf` member that the new
    /// schema reads narrows the product. `Some` only on success; otherwise the caller compares
    /// the two as they are.
    pub(super) fn combined_special_case(
        &mut self,
        a: NodeId,
        b: NodeId,
    ) -> Result<Option<Vec<Item>>> {
        let mut ctx = Ctx::new();
        match (self.combined(a), self.combined(b)) {
            (None, Some((criterion, members))) => {
                let members = members.to_vec();
                if members.len() == 1 {
                    let r = self.pair(a, members[0])?;
                    if compatible(&r) {
                        return Ok(Some(r.to_vec()));
                    }
                } else if criterion != Criterion::AllOf {
                    for &member in &members {
                        let r = self.pair(a, member)?;
                        if compatible(&r) {
                            ctx.extend_rebased(&r);
                            ctx.add(ChangeKind::SumTypeExtended, at(a), at(b));
                            if criterion == Criterion::OneOf && self.overlapping(&members) {
                                ctx.warn(
                                    WarningKind::OneOfMembersOverlap,
                                    at(a),
                                    at(b),
                                    String::new(),
                                );
                            }
                            return Ok(Some(ctx.items));
                        }
                    }
                }
            }
            (Some((criterion, members)), None) => {
                let members = members.to_vec();
                if members.len() == 1 {
                    let r = self.pair(members[0], b)?;
                    if compatible(&r) {
                        return Ok(Some(r.to_vec()));
                    }
                } else if criterion == Criterion::AllOf {
                    for &member in &members {
                        let r = self.pair(member, b)?;
                        if compatible(&r) {
                            ctx.extend_rebased(&r);
                            ctx.add(ChangeKind::ProductTypeNarrowed, at(a), at(b));
                            return Ok(Some(ctx.items));
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(None)
    }

    /// `not` against `not`: the new schema accepts the complement of its inner schema, so the
    /// inner schemas are compared reversed.
    pub(super) fn negation(
        &mut self,
        ctx: &mut Ctx,
        a: NodeId,
        b: NodeId,
        x: NodeId,
        y: NodeId,
    ) -> Result<()> {
        ctx.push("not");
        let r = self.pair(y, x)?;
        let kind = if compatible(&r) {
            ChangeKind::NotTypeNarrowed
        } else {
            ChangeKind::NotTypeExtended
        };
        // The inner changes are not reported, but a warning inside still applies: a
        // knowingly lenient "compatible" there makes this verdict lenient too.
        ctx.extend_warnings(&r);
        ctx.add(kind, at(a), at(b));
        ctx.pop();
        Ok(())
    }

    /// `if`/`then`/`else`: not compared, so any change the new schema makes there is unjudged.
    pub(super) fn conditional(&mut self, ctx: &mut Ctx, a: NodeId, b: NodeId) {
        let (na, nb) = (&self.m.nodes[a], &self.m.nodes[b]);
        for key in ["if", "then", "else"] {
            let (ka, kb) = (na.keyword(key), nb.keyword(key));
            if kb.is_some() && ka != kb {
                ctx.note(
                    ChangeKind::UnjudgedKeywordChanged,
                    kw(a, key_static(key)),
                    kw(b, key_static(key)),
                    key.to_string(),
                );
            }
        }
    }

    pub(super) fn combined_pair(&mut self, ctx: &mut Ctx, a: NodeId, b: NodeId) -> Result<()> {
        use ChangeKind::*;
        let (ca, ma) = self
            .combined(a)
            .map(|(c, m)| (c, m.to_vec()))
            .unwrap_or((Criterion::AllOf, vec![]));
        let (cb, mb) = self
            .combined(b)
            .map(|(c, m)| (c, m.to_vec()))
            .unwrap_or((Criterion::AllOf, vec![]));
        if ca != cb {
            // Widening: to `anyOf`; between single members; a single member becoming `oneOf`;
            // an `allOf` becoming a single member.
            let extended = cb == Criterion::AnyOf
                || (ma.len() == 1 && mb.len() == 1)
                || (cb == Criterion::OneOf && ma.len() == 1)
                || (ca == Criterion::AllOf && mb.len() == 1);
            if extended {
                ctx.add(CombinedTypeExtended, at(a), at(b));
            } else {
                ctx.add(CombinedTypeChanged, at(a), at(b));
                return Ok(());
            }
        }
        let (ma_all, mb_all) = (ma.len(), mb.len());
        let ma = self.dedup(&ma);
        let mb = self.dedup(&mb);
        // A `oneOf` that repeats a member rejects every value that member accepts (it matches
        // twice); the comparison runs on distinct members, so say so when the new side gained
        // the repetition.
        if cb == Criterion::OneOf
            && mb.len() < mb_all
            && !(ca == Criterion::OneOf && ma.len() < ma_all)
        {
            ctx.warn(
                WarningKind::OneOfMembersOverlap,
                at(a),
                at(b),
                String::new(),
            );
        }
        let product = cb == Criterion::AllOf;
        let size_kind = match ma.len().cmp(&mb.len()) {
            Ordering::Less if product => Some(ProductTypeExtended),
            Ordering::Less => Some(SumTypeExtended),
            Ordering::Greater if product => Some(ProductTypeNarrowed),
            Ordering::Greater => Some(SumTypeNarrowed),
            Ordering::Equal => None,
        };
        if let Some(kind) = size_kind {
            ctx.add(kind, at(a), at(b));
        }
        if ma.len() < mb.len() && cb == Criterion::OneOf && self.overlapping(&mb) {
            ctx.warn(
                WarningKind::OneOfMembersOverlap,
                at(a),
                at(b),
                String::new(),
            );
        }
        self.match_members(ctx, a, b, (ca, &ma), (cb, &mb))
    }

    /// Pairs the distinct members of both sides by a maximum matching over compatible pairs, and
    /// reports the changes of the matched pairs; members left without a partner change the
    /// alternatives.
    fn match_members(
        &mut self,
        ctx: &mut Ctx,
        a: NodeId,
        b: NodeId,
        (ca, ma): (Criterion, &[NodeId]),
        (cb, mb): (Criterion, &[NodeId]),
    ) -> Result<()> {
        use ChangeKind::*;
        let mut pairs = Pairs {
            old: ma,
            new: mb,
            path: ctx.path.clone(),
            criterion: ca.name(),
            edges: vec![vec![None; mb.len()]; ma.len()],
        };
        // Prefer pairs that are compatible outright; pairs the engine cannot judge only make up
        // a larger matching, and are only looked for when the clean matching is not complete.
        let mut matching = self.max_matching(&mut pairs, false)?;
        let size = |m: &[Option<usize>]| m.iter().filter(|j| j.is_some()).count();
        if size(&matching) < ma.len().min(mb.len()) {
            let full = self.max_matching(&mut pairs, true)?;
            if size(&full) > size(&matching) {
                matching = full;
            }
        }
        let mut matched = 0;
        let mut members_changed = false;
        for (i, j) in matching.iter().enumerate() {
            let Some(j) = *j else { continue };
            matched += 1;
            if let Some(Some(edge)) = &pairs.edges[i][j] {
                let (x, y) = (
                    &self.m.nodes[self.m.resolve(ma[i])],
                    &self.m.nodes[self.m.resolve(mb[j])],
                );
                members_changed |= !edge.items.is_empty() || x.raw != y.raw;
                ctx.items.extend(edge.items.iter().cloned());
            }
        }
        // A widened member of a `oneOf` can make an old value match two members.
        if cb == Criterion::OneOf && members_changed && ma.len() >= mb.len() && self.overlapping(mb)
        {
            ctx.warn(
                WarningKind::OneOfMembersOverlap,
                at(a),
                at(b),
                String::new(),
            );
        }
        if matched < ma.len().min(mb.len()) {
            ctx.add(CombinedTypeSubschemasChanged, at(a), at(b));
        }
        Ok(())
    }

    /// The comparison of old member `i` with new member `j`, made the first time it is asked
    /// for: `None` when the two cannot be matched.
    fn edge<'p>(
        &mut self,
        pairs: &'p mut Pairs<'_>,
        i: usize,
        j: usize,
    ) -> Result<Option<&'p Edge>> {
        if pairs.edges[i][j].is_none() {
            let r = self.pair(pairs.old[i], pairs.new[j])?;
            let edge = matchable(&r).then(|| {
                let mut sub = Ctx {
                    items: Vec::new(),
                    path: pairs.path.clone(),
                };
                sub.push(format!("{}/{i}", pairs.criterion));
                sub.extend_rebased(&r);
                Edge {
                    clean: compatible(&r),
                    items: sub.items,
                }
            });
            pairs.edges[i][j] = Some(edge);
        }
        Ok(pairs.edges[i][j].as_ref().and_then(Option::as_ref))
    }

    /// A maximum-cardinality bipartite matching of old members to new ones over clean edges (or
    /// every matchable edge, with `unclean`), by augmenting paths tried in a fixed order so the
    /// result is deterministic. Each old member first tries the new member at its own index: a
    /// compatible copy of a long `oneOf` then costs one comparison per member, not one per pair.
    /// Returns, for each old member, its partner.
    fn max_matching(&mut self, pairs: &mut Pairs<'_>, unclean: bool) -> Result<Vec<Option<usize>>> {
        let mut owner: Vec<Option<usize>> = vec![None; pairs.new.len()];
        for u in 0..pairs.old.len() {
            let mut seen = vec![false; pairs.new.len()];
            self.augment(pairs, unclean, u, &mut seen, &mut owner)?;
        }
        let mut partner = vec![None; pairs.old.len()];
        for (v, u) in owner.iter().enumerate() {
            if let Some(u) = u {
                partner[*u] = Some(v);
            }
        }
        Ok(partner)
    }

    fn augment(
        &mut self,
        pairs: &mut Pairs<'_>,
        unclean: bool,
        u: usize,
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> Result<bool> {
        let right = pairs.new.len();
        let order = (u < right)
            .then_some(u)
            .into_iter()
            .chain((0..right).filter(|&v| v != u));
        for v in order {
            if seen[v] {
                continue;
            }
            let usable = self.edge(pairs, u, v)?.is_some_and(|e| unclean || e.clean);
            if !usable {
                continue;
            }
            seen[v] = true;
            let free = match owner[v] {
                None => true,
                Some(w) => self.augment(pairs, unclean, w, seen, owner)?,
            };
            if free {
                owner[v] = Some(u);
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Members without duplicates (by content), in order.
    pub(super) fn dedup(&self, members: &[NodeId]) -> Vec<NodeId> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        for &id in members {
            let node = &self.m.nodes[id];
            let key = if node.piece {
                format!("{:?}@{}#{}", node.class(), node.doc, node.ptr)
            } else {
                serde_json::to_string(&crate::canonical::sorted(node.raw)).unwrap_or_default()
            };
            if seen.insert(key) {
                out.push(id);
            }
        }
        out
    }

    /// Whether some two members may accept the same value (unless provably disjoint by type,
    /// `const` or `enum`).
    pub(super) fn overlapping(&self, members: &[NodeId]) -> bool {
        let m = self.m;
        let signature = |id: NodeId| -> Option<Result<Class, Vec<&Value>>> {
            let node = &m.nodes[m.resolve(id)];
            match &node.kind {
                Kind::String(s) if s.requires_type => Some(Ok(Class::String)),
                Kind::Number(n) if n.requires_type => Some(Ok(Class::Number)),
                Kind::Boolean => Some(Ok(Class::Boolean)),
                Kind::Null => Some(Ok(Class::Null)),
                Kind::Object(o) if o.requires_type => Some(Ok(Class::Object)),
                Kind::Array(x) if x.requires_type => Some(Ok(Class::Array)),
                Kind::Const(v) => Some(Err(vec![*v])),
                Kind::Enum(vs) => Some(Err(vs.iter().collect())),
                _ => None,
            }
        };
        let sigs: Vec<_> = members.iter().map(|&id| signature(id)).collect();
        for i in 0..sigs.len() {
            for j in i + 1..sigs.len() {
                let disjoint = match (&sigs[i], &sigs[j]) {
                    (Some(Ok(x)), Some(Ok(y))) => x != y,
                    (Some(Err(x)), Some(Err(y))) => x.iter().all(|v| !y.contains(v)),
                    _ => false,
                };
                if !disjoint {
                    return true;
                }
            }
        }
        false
    }
}

/// One matchable pair of members: its changes, rebased onto the old member's path, and whether
/// it is compatible outright.
#[derive(Clone)]
struct Edge {
    items: Vec<Item>,
    clean: bool,
}

/// The members of two combined schemas being matched, and the pairs compared so far (`None`: not
/// yet compared; `Some(None)`: not matchable).
struct Pairs<'s> {
    old: &'s [NodeId],
    new: &'s [NodeId],
    path: Vec<String>,
    criterion: &'static str,
    edges: Vec<Vec<Option<Option<Edge>>>>,
}
