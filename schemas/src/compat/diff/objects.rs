//! Objects: `required`, `properties` (added and removed under open, closed and partially open
//! content models), `dependencies`, `additionalProperties`, `unevaluatedProperties` and the
//! property-count bounds. `patternProperties` and `propertyNames` are judged in `patterns`.

use std::collections::{HashMap, HashSet};

use super::engine::{at, bound, kw, requires_type, Bound, Ctx, Engine, NOWHERE};
use crate::compat::kinds::ChangeKind;
use crate::compat::report::WarningKind;
use crate::json::model::{Additional, Model, NodeId, ObjectNode};
use crate::Result;

/// The declared properties of both sides, by name.
struct Declared<'a> {
    old: HashMap<&'a str, NodeId>,
    new: HashMap<&'a str, NodeId>,
}

impl<'a> Engine<'_, 'a> {
    pub(super) fn object(
        &mut self,
        ctx: &mut Ctx,
        a: NodeId,
        b: NodeId,
        x: &ObjectNode<'a>,
        y: &ObjectNode<'a>,
    ) -> Result<()> {
        use ChangeKind::*;
        let declared = Declared {
            old: x.properties.iter().copied().collect(),
            new: y.properties.iter().copied().collect(),
        };
        self.required_changes(ctx, a, b, x, y, &declared);
        self.property_changes(ctx, a, b, x, y, &declared)?;
        ctx.push("dependencies");
        self.dependency_changes(ctx, a, b, x, y)?;
        ctx.pop();
        ctx.push("additionalProperties");
        self.additional(
            ctx,
            a,
            b,
            x.additional,
            y.additional,
            [
                AdditionalPropertiesAdded,
                AdditionalPropertiesRemoved,
                AdditionalPropertiesNarrowed,
                AdditionalPropertiesExtended,
            ],
            "additionalProperties",
        )?;
        ctx.pop();

        if x.unevaluated.is_some() || y.unevaluated.is_some() {
            ctx.push("unevaluatedProperties");
            self.unevaluated(
                ctx,
                x.unevaluated,
                y.unevaluated,
                [
                    UnevaluatedPropertiesAdded,
                    UnevaluatedPropertiesRemoved,
                    UnevaluatedPropertiesNarrowed,
                    UnevaluatedPropertiesExtended,
                ],
            )?;
            ctx.pop();
        }

        bound(
            ctx,
            a,
            b,
            "maxProperties",
            x.max_properties,
            y.max_properties,
            Bound::Upper(
                MaxPropertiesAdded,
                MaxPropertiesRemoved,
                MaxPropertiesIncreased,
                MaxPropertiesDecreased,
            ),
        );
        bound(
            ctx,
            a,
            b,
            "minProperties",
            x.min_properties,
            y.min_properties,
            Bound::Lower(
                MinPropertiesAdded,
                MinPropertiesRemoved,
                MinPropertiesIncreased,
                MinPropertiesDecreased,
            ),
        );
        self.names_and_patterns(ctx, a, b, x, y)?;
        requires_type(ctx, a, b, x.requires_type, y.requires_type, "object");
        Ok(())
    }

    /// `required`, for properties both sides declare, and names the new side requires without
    /// declaring them.
    fn required_changes(
        &mut self,
        ctx: &mut Ctx,
        a: NodeId,
        b: NodeId,
        x: &ObjectNode<'a>,
        y: &ObjectNode<'a>,
        declared: &Declared<'a>,
    ) {
        use ChangeKind::*;
        let m = self.m;
        let has_default = |id: NodeId| m.nodes[id].default.is_some();
        ctx.push("required");
        for &(name, _) in &x.properties {
            let Some(pb) = declared.new.get(name).copied() else {
                continue;
            };
            let (ra, rb) = (x.required.contains(&name), y.required.contains(&name));
            ctx.push(name);
            if ra && !rb {
                ctx.add(
                    RequiredAttributeRemoved,
                    kw(a, "required"),
                    kw(b, "required"),
                );
            } else if !ra && rb {
                if has_default(pb) {
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
            }
            ctx.pop();
        }
        for &name in &y.required {
            // Not declared by the new schema (whether or not the old one declared it): the loop
            // above, which compares properties of both sides, never sees it.
            if !x.required.contains(&name) && declared.new.get(name).copied().is_none() {
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

    /// Properties declared by either side, in the old order then the new one.
    fn property_changes(
        &mut self,
        ctx: &mut Ctx,
        a: NodeId,
        b: NodeId,
        x: &ObjectNode<'a>,
        y: &ObjectNode<'a>,
        declared: &Declared<'a>,
    ) -> Result<()> {
        ctx.push("properties");
        let mut names: Vec<&str> = x.properties.iter().map(|(n, _)| *n).collect();
        names.extend(
            y.properties
                .iter()
                .map(|(n, _)| *n)
                .filter(|n| !declared.old.contains_key(n)),
        );
        for name in names {
            ctx.push(name);
            match (
                declared.old.get(name).copied(),
                declared.new.get(name).copied(),
            ) {
                (Some(pa), None) => self.property_removed(ctx, b, y, name, pa)?,
                (None, Some(pb)) => self.property_added(ctx, a, x, y, name, pb)?,
                (Some(pa), Some(pb)) => self.sub(ctx, pa, pb)?,
                (None, None) => {}
            }
            ctx.pop();
        }
        ctx.pop();
        Ok(())
    }

    /// `dependencies` (and `dependentRequired` / `dependentSchemas`), keyed by property.
    fn dependency_changes(
        &mut self,
        ctx: &mut Ctx,
        a: NodeId,
        b: NodeId,
        x: &ObjectNode<'a>,
        y: &ObjectNode<'a>,
    ) -> Result<()> {
        use ChangeKind::*;
        let mut keys: Vec<&str> = x.property_dependencies.iter().map(|(k, _)| *k).collect();
        keys.extend(
            y.property_dependencies
                .iter()
                .map(|(k, _)| *k)
                .filter(|k| !x.property_dependencies.iter().any(|(n, _)| n == k)),
        );
        for key in keys {
            let da = x
                .property_dependencies
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v);
            let db = y
                .property_dependencies
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v);
            ctx.push(key);
            match (da, db) {
                (_, None) => ctx.add(DependencyArrayRemoved, kw(a, "dependencies"), NOWHERE),
                (None, Some(_)) => ctx.add(DependencyArrayAdded, NOWHERE, kw(b, "dependencies")),
                (Some(da), Some(db)) => {
                    let sa: HashSet<&str> = da.iter().copied().collect();
                    let sb: HashSet<&str> = db.iter().copied().collect();
                    if sa != sb {
                        let kind = if sb.is_superset(&sa) {
                            DependencyArrayExtended
                        } else if sa.is_superset(&sb) {
                            DependencyArrayNarrowed
                        } else {
                            DependencyArrayChanged
                        };
                        ctx.add(kind, kw(a, "dependencies"), kw(b, "dependencies"));
                    }
                }
            }
            ctx.pop();
        }
        let mut keys: Vec<&str> = x.schema_dependencies.iter().map(|(k, _)| *k).collect();
        keys.extend(
            y.schema_dependencies
                .iter()
                .map(|(k, _)| *k)
                .filter(|k| !x.schema_dependencies.iter().any(|(n, _)| n == k)),
        );
        for key in keys {
            let da = x
                .schema_dependencies
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| *v);
            let db = y
                .schema_dependencies
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| *v);
            ctx.push(key);
            match (da, db) {
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
            Coverage::Schema(cover) => {
                self.coverage(
                    ctx,
                    pa,
                    cover,
                    [
                        PropertyRemovedIsCoveredByPartiallyOpenContentModel,
                        PropertyRemovedNotCoveredByPartiallyOpenContentModel,
                    ],
                )?;
            }
            Coverage::Unknown(pattern) => {
                ctx.note(
                    UnjudgedKeywordChanged,
                    at(pa),
                    kw(b, "patternProperties"),
                    format!("patternProperties {pattern:?}"),
                );
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
        if is_open(self.m, x) {
            let kind = if self.m.nodes[self.m.resolve(pb)].is_empty_like() {
                PropertyWithEmptySchemaAddedToOpenContentModel
            } else if required && with_default {
                ctx.warn(
                    WarningKind::RequiredWithDefault,
                    NOWHERE,
                    at(pb),
                    name.to_string(),
                );
                RequiredPropertyWithDefaultAddedToOpenContentModel
            } else if required {
                RequiredPropertyAddedToOpenContentModel
            } else {
                OptionalPropertyAddedToOpenContentModel
            };
            ctx.add(kind, NOWHERE, at(pb));
            return Ok(());
        }
        if names_are_open(self.m, x, name) {
            // No pattern covers the name and additional properties are permitted without a
            // schema: old events may carry this name with any value, exactly as in an open model.
            // (Confluent judges it as a closed model here, which lets a typed property through.)
            let kind = if self.m.nodes[self.m.resolve(pb)].is_empty_like() {
                PropertyWithEmptySchemaAddedToOpenContentModel
            } else if required && with_default {
                ctx.warn(
                    WarningKind::RequiredWithDefault,
                    NOWHERE,
                    at(pb),
                    name.to_string(),
                );
                RequiredPropertyWithDefaultAddedToOpenContentModel
            } else if required {
                RequiredPropertyAddedToOpenContentModel
            } else {
                OptionalPropertyAddedToOpenContentModel
            };
            ctx.add(kind, NOWHERE, at(pb));
            return Ok(());
        }
        match covering(self.m, x, name) {
            Coverage::Schema(cover) => {
                self.coverage(
                    ctx,
                    cover,
                    pb,
                    [
                        PropertyAddedIsCoveredByPartiallyOpenContentModel,
                        PropertyAddedNotCoveredByPartiallyOpenContentModel,
                    ],
                )?;
            }
            Coverage::Unknown(pattern) => {
                ctx.note(
                    UnjudgedKeywordChanged,
                    kw(a, "patternProperties"),
                    at(pb),
                    format!("patternProperties {pattern:?}"),
                );
            }
            Coverage::None => {}
        }
        let kind = if required && with_default {
            ctx.warn(
                WarningKind::RequiredWithDefault,
                NOWHERE,
                at(pb),
                name.to_string(),
            );
            RequiredPropertyWithDefaultAddedToUnopenContentModel
        } else if required {
            RequiredPropertyAddedToUnopenContentModel
        } else {
            OptionalPropertyAddedToUnopenContentModel
        };
        ctx.add(kind, NOWHERE, at(pb));
        Ok(())
    }
}

/// Open content model: additional properties permitted without a schema, no
/// `patternProperties`, and `unevaluatedProperties` absent or `true`.
pub(super) fn is_open(m: &Model<'_>, o: &ObjectNode<'_>) -> bool {
    o.pattern_properties.is_empty()
        && o.additional == Additional::Permitted
        && o.unevaluated
            .is_none_or(|u| m.nodes[m.resolve(u)].is_empty_like())
}

/// Whether `name` is open in a model that is not open as a whole: no `patternProperties` pattern
/// matches it (all of them runnable), additional properties are permitted without a schema, and
/// `unevaluatedProperties` does not close it.
fn names_are_open(m: &Model<'_>, o: &ObjectNode<'_>, name: &str) -> bool {
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
fn covering(m: &Model<'_>, o: &ObjectNode<'_>, name: &str) -> Coverage {
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
