//! Objects: `required`, `properties` (added and removed under open, closed and partially open
//! content models), `dependencies`, `additionalProperties`, `unevaluatedProperties` and the
//! property-count bounds. `patternProperties` and `propertyNames` are judged in `patterns`.
//! Rules: `docs/compatibility.md`, sections 8.1 to 8.3.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::engine::{at, bound, kw, pick, requires_type, Both, Ctx, Engine, Loc, Objects, NOWHERE};
use crate::compat::kinds::ChangeKind;
use crate::compat::report::WarningKind;
use crate::json::model::{Additional, NodeId, ObjectNode, Pair};
use crate::Result;

/// The declared properties of both sides, by name, and the names each side requires (as sets:
/// an object may require thousands).
struct Declared<'a> {
    old: HashMap<&'a str, NodeId>,
    new: HashMap<&'a str, NodeId>,
    required_old: HashSet<&'a str>,
    required_new: HashSet<&'a str>,
}

impl<'a> Engine<'_, 'a> {
    pub(super) fn object(&mut self, ctx: &mut Ctx, s: Objects<'_, 'a>) -> Result<()> {
        let Both { a, b, x, y } = s;
        let declared = Declared {
            old: x.properties.iter().copied().collect(),
            new: y.properties.iter().copied().collect(),
            required_old: x.required.iter().copied().collect(),
            required_new: y.required.iter().copied().collect(),
        };
        self.required(ctx, s, &declared);
        self.properties(ctx, s, &declared)?;
        ctx.push("dependencies");
        self.dependency_changes(ctx, s)?;
        ctx.pop();
        let additional = (x.additional, y.additional);
        self.additional(
            ctx,
            (a, b),
            additional,
            "additionalProperties",
            "additionalProperties",
        )?;
        self.unevaluated(ctx, (x.unevaluated, y.unevaluated), "unevaluatedProperties")?;
        bound(
            ctx,
            (a, b),
            "maxProperties",
            x.max_properties,
            y.max_properties,
        );
        bound(
            ctx,
            (a, b),
            "minProperties",
            x.min_properties,
            y.min_properties,
        );
        self.names_and_patterns(ctx, s)?;
        requires_type(ctx, a, b, x.requires_type, y.requires_type, "object");
        Ok(())
    }

    /// `required`, for properties both sides declare, and names the new side requires without
    /// declaring them.
    fn required(&mut self, ctx: &mut Ctx, s: Objects<'_, 'a>, declared: &Declared<'a>) {
        let Both { a, b, x, y } = s;
        use ChangeKind::*;
        let m = self.m;
        let has_default = |id: NodeId| m.nodes[id].default.is_some();
        ctx.push("required");
        for &(name, _) in &x.properties {
            let Some(pb) = declared.new.get(name).copied() else {
                continue;
            };
            let (ra, rb) = (
                declared.required_old.contains(name),
                declared.required_new.contains(name),
            );
            if ra == rb {
                continue;
            }
            ctx.push(name);
            if ra {
                ctx.add(
                    RequiredAttributeRemoved,
                    kw(a, "required"),
                    kw(b, "required"),
                );
            } else if has_default(pb) {
                ctx.add(
                    RequiredAttributeWithDefaultAdded,
                    kw(a, "required"),
                    kw(b, "required"),
                );
                ctx.warn(
                    WarningKind::RequiredWithDefault,
                    kw(a, "required"),
                    kw(b, "required"),
                    name.to_string(),
                );
            } else {
                ctx.add(RequiredAttributeAdded, kw(a, "required"), kw(b, "required"));
            }
            ctx.pop();
        }
        for &name in &y.required {
            // Not declared by the new schema (whether or not the old one declared it): the loop
            // above, which compares properties of both sides, never sees it.
            if !declared.required_old.contains(name) && !declared.new.contains_key(name) {
                ctx.push(name);
                ctx.warn(
                    WarningKind::UndeclaredRequiredAdded,
                    kw(a, "required"),
                    kw(b, "required"),
                    name.to_string(),
                );
                ctx.pop();
            }
        }
        ctx.pop();
    }

    /// `properties`: those declared by either side, in the old order then the new one.
    fn properties(
        &mut self,
        ctx: &mut Ctx,
        s: Objects<'_, 'a>,
        declared: &Declared<'a>,
    ) -> Result<()> {
        let Both { a, b, x, y } = s;
        ctx.push("properties");
        let mut names: Vec<&str> = x.properties.iter().map(|(n, _)| *n).collect();
        names.extend(
            y.properties
                .iter()
                .map(|(n, _)| *n)
                .filter(|n| !declared.old.contains_key(n)),
        );
        for name in names {
            let (pa, pb) = (
                declared.old.get(name).copied(),
                declared.new.get(name).copied(),
            );
            if let (Some(pa), Some(pb)) = (pa, pb) {
                // Most properties of a large object are unchanged: their path is built only
                // when the pair has something to report.
                let items = self.pair(pa, pb)?;
                if !items.is_empty() {
                    ctx.push(name);
                    ctx.extend_rebased(&items);
                    ctx.pop();
                }
                continue;
            }
            ctx.push(name);
            match (pa, pb) {
                (Some(pa), None) => self.property_removed(ctx, b, y, name, pa)?,
                (None, Some(pb)) => self.property_added(ctx, a, x, y, name, pb)?,
                _ => {}
            }
            ctx.pop();
        }
        ctx.pop();
        Ok(())
    }

    /// `dependencies` (and `dependentRequired` / `dependentSchemas`), keyed by property.
    fn dependency_changes(&mut self, ctx: &mut Ctx, s: Objects<'_, 'a>) -> Result<()> {
        let Both { a, b, x, y } = s;
        use ChangeKind::*;
        for (key, da, db) in keyed(&x.property_dependencies, &y.property_dependencies) {
            ctx.push(key);
            match (da, db) {
                (_, None) => ctx.add(DependencyArrayRemoved, kw(a, "dependencies"), NOWHERE),
                (None, Some(_)) => ctx.add(DependencyArrayAdded, NOWHERE, kw(b, "dependencies")),
                (Some(da), Some(db)) => {
                    let sa: HashSet<&str> = da.iter().copied().collect();
                    let sb: HashSet<&str> = db.iter().copied().collect();
                    if sa != sb {
                        let kind = pick(
                            [
                                (sb.is_superset(&sa), DependencyArrayExtended),
                                (sa.is_superset(&sb), DependencyArrayNarrowed),
                            ],
                            DependencyArrayChanged,
                        );
                        ctx.add(kind, kw(a, "dependencies"), kw(b, "dependencies"));
                    }
                }
            }
            ctx.pop();
        }
        for (key, da, db) in keyed(&x.schema_dependencies, &y.schema_dependencies) {
            ctx.push(key);
            match (da.copied(), db.copied()) {
                (Some(s), None) => ctx.add(DependencySchemaRemoved, at(s), NOWHERE),
                (None, Some(s)) => ctx.add(DependencySchemaAdded, NOWHERE, at(s)),
                (Some(p), Some(q)) => self.sub(ctx, p, q)?,
                (None, None) => {}
            }
            ctx.pop();
        }
        Ok(())
    }

    fn property_removed(
        &mut self,
        ctx: &mut Ctx,
        b: NodeId,
        y: &ObjectNode<'a>,
        name: &str,
        pa: NodeId,
    ) -> Result<()> {
        use ChangeKind::*;
        if is_open(self.m, y) {
            ctx.add(PropertyRemovedFromOpenContentModel, at(pa), NOWHERE);
            return Ok(());
        }
        match covering(self.m, y, name) {
            Coverage::Schema(cover) => self.coverage(ctx, pa, cover, "PROPERTY_REMOVED")?,
            Coverage::Unknown(pattern) => {
                unrunnable(ctx, at(pa), kw(b, "patternProperties"), &pattern)
            }
            Coverage::None => {
                let kind = if self.m.nodes[self.m.resolve(pa)].is_false() {
                    PropertyWithFalseRemovedFromClosedContentModel
                } else {
                    PropertyRemovedFromClosedContentModel
                };
                ctx.add(kind, at(pa), NOWHERE);
            }
        }
        Ok(())
    }

    pub(super) fn property_added(
        &mut self,
        ctx: &mut Ctx,
        a: NodeId,
        x: &ObjectNode<'a>,
        y: &ObjectNode<'a>,
        name: &str,
        pb: NodeId,
    ) -> Result<()> {
        use ChangeKind::*;
        let required = y.required.contains(&name);
        let with_default = self.m.nodes[pb].default.is_some();
        // A name no pattern covers, in an object that permits additional properties without a
        // schema, is open: old events may carry it with any value, exactly as in an open model.
        // (Confluent judges it as a closed model there, which lets a typed property through.)
        let open = is_open(self.m, x) || names_are_open(self.m, x, name);
        if !open {
            match covering(self.m, x, name) {
                Coverage::Schema(cover) => self.coverage(ctx, cover, pb, "PROPERTY_ADDED")?,
                Coverage::Unknown(pattern) => {
                    unrunnable(ctx, kw(a, "patternProperties"), at(pb), &pattern)
                }
                Coverage::None => {}
            }
        }
        if open && self.m.nodes[self.m.resolve(pb)].is_empty_like() {
            ctx.add(
                PropertyWithEmptySchemaAddedToOpenContentModel,
                NOWHERE,
                at(pb),
            );
            return Ok(());
        }
        if required && with_default {
            ctx.warn(
                WarningKind::RequiredWithDefault,
                NOWHERE,
                at(pb),
                name.to_string(),
            );
        }
        let kind = match (open, required, with_default) {
            (true, true, true) => RequiredPropertyWithDefaultAddedToOpenContentModel,
            (true, true, false) => RequiredPropertyAddedToOpenContentModel,
            (true, false, _) => OptionalPropertyAddedToOpenContentModel,
            (false, true, true) => RequiredPropertyWithDefaultAddedToUnopenContentModel,
            (false, true, false) => RequiredPropertyAddedToUnopenContentModel,
            (false, false, _) => OptionalPropertyAddedToUnopenContentModel,
        };
        ctx.add(kind, NOWHERE, at(pb));
        Ok(())
    }
}

/// A pattern that may cover a name uses syntax the regex engine cannot run: whether it covers the
/// name is not known, so the change is not judged.
fn unrunnable(ctx: &mut Ctx, old: Loc, new: Loc, pattern: &str) {
    let note = format!("patternProperties {pattern:?}");
    ctx.note(ChangeKind::UnjudgedKeywordChanged, old, new, note);
}

/// The keys of both sides, the old ones first in their order, then those only the new side has,
/// each with its value on either side.
fn keyed<'s, 'k, V>(
    x: &'s [(&'k str, V)],
    y: &'s [(&'k str, V)],
) -> Vec<(&'k str, Option<&'s V>, Option<&'s V>)> {
    let find =
        |side: &'s [(&'k str, V)], key: &str| side.iter().find(|(k, _)| *k == key).map(|(_, v)| v);
    let mut out: Vec<_> = x.iter().map(|(k, v)| (*k, Some(v), find(y, k))).collect();
    out.extend(
        y.iter()
            .filter(|(k, _)| find(x, k).is_none())
            .map(|(k, v)| (*k, None, Some(v))),
    );
    out
}

/// Open content model: additional properties permitted without a schema, no
/// `patternProperties`, and `unevaluatedProperties` absent or `true`.
pub(super) fn is_open(m: &Pair<'_, '_>, o: &ObjectNode<'_>) -> bool {
    o.pattern_properties.is_empty()
        && o.additional == Additional::Permitted
        && o.unevaluated
            .is_none_or(|u| m.nodes[m.resolve(u)].is_empty_like())
}

/// Whether `name` is open in a model that is not open as a whole: no `patternProperties` pattern
/// matches it (all of them runnable), additional properties are permitted without a schema, and
/// `unevaluatedProperties` does not close it.
fn names_are_open(m: &Pair<'_, '_>, o: &ObjectNode<'_>, name: &str) -> bool {
    o.additional == Additional::Permitted
        && o.unevaluated
            .is_none_or(|u| m.nodes[m.resolve(u)].is_empty_like())
        && o.pattern_properties
            .iter()
            .all(|pp| matches!(&pp.regex, Some(r) if !r.is_match(name)))
}

enum Coverage {
    Schema(NodeId),
    /// A pattern that might cover the name uses syntax the engine cannot run.
    Unknown(String),
    None,
}

/// The schema of a partially open content model that covers `name`: the first matching
/// `patternProperties` pattern (unanchored), else an `additionalProperties` schema, else an
/// `unevaluatedProperties` schema other than `true`/`false`.
fn covering(m: &Pair<'_, '_>, o: &ObjectNode<'_>, name: &str) -> Coverage {
    for pp in &o.pattern_properties {
        match &pp.regex {
            Some(r) if r.is_match(name) => return Coverage::Schema(pp.schema),
            Some(_) => {}
            None => return Coverage::Unknown(pp.pattern.to_string()),
        }
    }
    match o.additional {
        Additional::Schema(s) => Coverage::Schema(s),
        Additional::Permitted => match o.unevaluated {
            Some(u)
                if !m.nodes[m.resolve(u)].is_false() && !m.nodes[m.resolve(u)].is_empty_like() =>
            {
                Coverage::Schema(u)
            }
            _ => Coverage::None,
        },
        Additional::Forbidden => Coverage::None,
    }
}
