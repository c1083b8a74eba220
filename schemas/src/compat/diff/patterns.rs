//! `patternProperties` and `propertyNames`: which names an object admits, and with which values.
//! Rules: `docs/compatibility.md`, section 8.4.
//!
//! A name's value must match the declared property of that name, every pattern that matches the
//! name, and the schema of additional properties when neither applies. Each pattern is judged
//! against what governed its names in the old schema:
//! - a pattern kept (same text) compares its two schemas;
//! - a pattern added must accept what old events may carry under the names it matches: values
//!   the old additional properties allowed, values of old patterns (their names may overlap, and
//!   whether two regular expressions overlap is not decided here, so each old pattern's schema
//!   must be one the new pattern reads, else the change stays unjudged), and values of declared
//!   properties it matches;
//! - a pattern removed hands its names to what remains: the new additional properties must read
//!   its old values (another pattern of the new schema may take some names over, which again
//!   needs an overlap that is not decided, so that case stays unjudged).
//!
//! A widening is no change (Confluent compares no pattern); whatever could reject an old event is
//! breaking with its own kind, or unjudged (and so breaking) where only regex inclusion could
//! tell. A sub-comparison whose changes are not reported must be clean, without a warning, to
//! count as a widening: the doubt a warning carries would otherwise be lost.

use super::engine::{at, compatible, kw, Both, Ctx, Engine, Item, Loc, Objects, What};
use crate::compat::kinds::{Allowed, ChangeKind};
use crate::json::model::{escape, Additional, NodeId, ObjectNode, PatternProperty as Pattern};
use crate::Result;

/// What governs the names an object neither declares nor matches by a pattern.
enum Rest {
    /// Any value: additional properties permitted without a schema.
    Anything,
    /// No such name is admitted.
    Nothing,
    /// The values this schema accepts.
    Schema(NodeId),
}

/// Compatible, and without a warning.
fn clean(items: &[Item]) -> bool {
    compatible(items) && !items.iter().any(|i| matches!(i.what, What::Warning(_)))
}

/// The breaking kinds found in a comparison that is not reported, for the sentence.
fn reasons(items: &[Item]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for item in items {
        let name = match item.what {
            What::Change(k) if k.allowed() != Allowed::Strict => k.name(),
            What::Cycle => "a recursive reference",
            _ => continue,
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        "a doubt on the widening".into()
    } else {
        names.join(", ")
    }
}

impl<'a> Engine<'_, 'a> {
    /// Pattern and name changes of two objects.
    pub(super) fn names_and_patterns(&mut self, ctx: &mut Ctx, s: Objects<'_, 'a>) -> Result<()> {
        let Both { x, y, .. } = s;
        let same = |o: &'_ ObjectNode<'a>, text: &str| {
            o.pattern_properties.iter().position(|p| p.pattern == text)
        };
        ctx.push("patternProperties");
        for q in &y.pattern_properties {
            ctx.push(escape(q.pattern));
            match same(x, q.pattern) {
                Some(i) => self.pattern_kept(ctx, &x.pattern_properties[i], q)?,
                None => self.pattern_added(ctx, s, q)?,
            }
            ctx.pop();
        }
        for p in &x.pattern_properties {
            if same(y, p.pattern).is_none() {
                ctx.push(escape(p.pattern));
                self.pattern_gone(ctx, s, p)?;
                ctx.pop();
            }
        }
        ctx.pop();
        self.property_names(ctx, s)
    }

    /// Whether two schemas are written the same: their comparison is then no change, and a doubt
    /// (a warning) it raises is one the old schema had already; it is passed on as it is for
    /// any other sub-schema.
    fn same_text(&self, p: NodeId, q: NodeId) -> bool {
        let m = self.m;
        m.nodes[m.resolve(p)].raw == m.nodes[m.resolve(q)].raw
    }

    /// What governs the names `o` neither declares nor matches by a pattern.
    fn rest(&self, o: &ObjectNode<'a>) -> Rest {
        let m = self.m;
        match o.additional {
            Additional::Forbidden => Rest::Nothing,
            Additional::Schema(s) => Rest::Schema(s),
            Additional::Permitted => match o.unevaluated.map(|u| (u, &m.nodes[m.resolve(u)])) {
                None => Rest::Anything,
                Some((_, n)) if n.is_empty_like() => Rest::Anything,
                Some((_, n)) if n.is_false() => Rest::Nothing,
                Some((u, _)) => Rest::Schema(u),
            },
        }
    }

    /// A pattern both schemas have: its schema may only widen.
    fn pattern_kept(&mut self, ctx: &mut Ctx, p: &Pattern<'a>, q: &Pattern<'a>) -> Result<()> {
        let r = self.pair(p.schema, q.schema)?;
        let (old, new) = (at(p.schema), at(q.schema));
        if !compatible(&r) {
            ctx.note(ChangeKind::PatternPropertyNarrowed, old, new, reasons(&r));
        } else if self.same_text(p.schema, q.schema) {
            ctx.extend_warnings(&r);
        } else if !clean(&r) {
            let note = format!("patternProperties {:?}", q.pattern);
            ctx.note(ChangeKind::UnjudgedKeywordChanged, old, new, note);
        }
        Ok(())
    }

    /// A pattern only the new schema has (whose schema accepts something less than anything).
    fn pattern_added(&mut self, ctx: &mut Ctx, s: Objects<'_, 'a>, q: &Pattern<'a>) -> Result<()> {
        let Both { a, x, .. } = s;
        let new = at(q.schema);
        if self.m.nodes[self.m.resolve(q.schema)].is_empty_like() {
            return Ok(());
        }
        let added = |ctx: &mut Ctx, old: Loc, note: String| {
            ctx.note(ChangeKind::PatternPropertyAdded, old, new, note);
        };
        // Names old events may carry that no old pattern or property covered.
        match self.rest(x) {
            Rest::Nothing => {}
            Rest::Anything => {
                let note = "old events may carry names it matches with any value".into();
                added(ctx, kw(a, "patternProperties"), note);
                return Ok(());
            }
            Rest::Schema(rest) => {
                if !clean(&self.pair(rest, q.schema)?) {
                    let note = "old events may carry names it matches with values the schema of \
                                additional properties allowed and it rejects";
                    added(ctx, at(rest), note.into());
                    return Ok(());
                }
            }
        }
        // Names an old pattern matched: the two may overlap.
        for p in &x.pattern_properties {
            if !clean(&self.pair(p.schema, q.schema)?) {
                let note = format!(
                    "patternProperties {:?} may match names of {:?}, whose old values it may reject",
                    q.pattern, p.pattern
                );
                ctx.note(ChangeKind::UnjudgedKeywordChanged, at(p.schema), new, note);
                return Ok(());
            }
        }
        // Declared properties it matches (any old pattern's schema already reads into it).
        let Some(regex) = &q.regex else {
            if !x.properties.is_empty() {
                let note = format!("patternProperties {:?}", q.pattern);
                ctx.note(
                    ChangeKind::UnjudgedKeywordChanged,
                    kw(a, "patternProperties"),
                    new,
                    note,
                );
            }
            return Ok(());
        };
        for &(name, declared) in &x.properties {
            let by_old_pattern = x
                .pattern_properties
                .iter()
                .any(|p| p.regex.as_ref().is_some_and(|r| r.is_match(name)));
            if regex.is_match(name) && !by_old_pattern && !clean(&self.pair(declared, q.schema)?) {
                let note = format!(
                    "property `{name}`, which old events carry, may hold values it rejects"
                );
                added(ctx, at(declared), note);
                return Ok(());
            }
        }
        Ok(())
    }

    /// A pattern only the old schema has (whose names old events may carry: its schema is not
    /// `false`).
    fn pattern_gone(&mut self, ctx: &mut Ctx, s: Objects<'_, 'a>, p: &Pattern<'a>) -> Result<()> {
        let (old, here) = (at(p.schema), kw(s.b, "patternProperties"));
        let y = s.y;
        if self.m.nodes[self.m.resolve(p.schema)].is_false() {
            return Ok(());
        }
        let note = match self.rest(y) {
            Rest::Anything => return Ok(()),
            Rest::Schema(rest) if clean(&self.pair(p.schema, rest)?) => return Ok(()),
            Rest::Schema(_) => {
                "names it matched must now match the schema of additional properties, which may \
                 reject their old values"
            }
            Rest::Nothing => "names it matched are no longer accepted as additional properties",
        };
        if y.pattern_properties.is_empty() {
            ctx.note(ChangeKind::PatternPropertyRemoved, old, here, note.into());
        } else {
            // Another pattern of the new schema may take its names over.
            let note = format!(
                "patternProperties {:?} removed beside other patterns",
                p.pattern
            );
            ctx.note(ChangeKind::UnjudgedKeywordChanged, old, here, note);
        }
        Ok(())
    }

    /// `propertyNames`: the schema every name must match, compared as any sub-schema is.
    fn property_names(&mut self, ctx: &mut Ctx, s: Objects<'_, 'a>) -> Result<()> {
        let Both { a, b, x, y } = s;
        let m = self.m;
        let real = |n: Option<NodeId>| n.filter(|&id| !m.nodes[m.resolve(id)].is_empty_like());
        ctx.push("propertyNames");
        match (real(x.property_names), real(y.property_names)) {
            (None, None) => {}
            (Some(p), None) => ctx.add(
                ChangeKind::PropertyNamesRemoved,
                at(p),
                kw(b, "propertyNames"),
            ),
            (None, Some(q)) => ctx.add(
                ChangeKind::PropertyNamesAdded,
                kw(a, "propertyNames"),
                at(q),
            ),
            (Some(p), Some(q)) => {
                let r = self.pair(p, q)?;
                if !compatible(&r) {
                    ctx.note(ChangeKind::PropertyNamesNarrowed, at(p), at(q), reasons(&r));
                } else if self.same_text(p, q) {
                    ctx.extend_warnings(&r);
                } else if !clean(&r) {
                    let note = "propertyNames".to_string();
                    ctx.note(ChangeKind::UnjudgedKeywordChanged, at(p), at(q), note);
                } else if !r.is_empty() {
                    ctx.add(ChangeKind::PropertyNamesExtended, at(p), at(q));
                }
            }
        }
        ctx.pop();
        Ok(())
    }
}
