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
//! `not` and the combined special cases) use the STRICT set, whatever the policy.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use serde_json::Value;

use super::kinds::{Allowed, ChangeKind};
use super::message;
use super::report::{Change, Direction, Policy, Report, Warning, WarningKind};
use crate::json::model::{
    Additional, ArrayNode, Class, Criterion, Kind, Model, NodeId, NumberNode, ObjectNode, Side,
    StringNode,
};
use crate::json::SchemaDoc;
use crate::limits::Limits;
use crate::{Error, Result};

/// How deep comparisons may nest (each `$ref` followed into new territory adds one).
const MAX_COMPARE_DEPTH: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    Change(ChangeKind),
    Warning(WarningKind),
    /// A pair known to be incompatible met again while it is being compared: incompatible, but
    /// its changes are reported where the pair itself is.
    Cycle,
}

#[derive(Debug, Clone, Copy)]
struct Loc {
    node: Option<NodeId>,
    attr: Option<&'static str>,
}

const NOWHERE: Loc = Loc {
    node: None,
    attr: None,
};

fn at(node: NodeId) -> Loc {
    Loc {
        node: Some(node),
        attr: None,
    }
}

fn kw(node: NodeId, attr: &'static str) -> Loc {
    Loc {
        node: Some(node),
        attr: Some(attr),
    }
}

#[derive(Debug, Clone)]
struct Item {
    what: What,
    /// Relative path, without the leading `#/`; empty for the pair itself.
    path: String,
    a: Loc,
    b: Loc,
    note: Option<String>,
}

/// Whether a pair of combined members may be matched: compatible, or incompatible only through
/// changes the engine cannot judge (so those are reported at the member rather than lost).
fn matchable(items: &[Item]) -> bool {
    items.iter().all(|i| match i.what {
        What::Change(k) => {
            k.allowed() == Allowed::Strict || k == ChangeKind::UnjudgedKeywordChanged
        }
        What::Warning(_) => true,
        What::Cycle => false,
    })
}

fn compatible(items: &[Item]) -> bool {
    items.iter().all(|i| match i.what {
        What::Change(k) => k.allowed() == Allowed::Strict,
        What::Warning(_) => true,
        What::Cycle => false,
    })
}

/// The changes of one pair being built, with the current path.
struct Ctx {
    items: Vec<Item>,
    path: Vec<String>,
}

impl Ctx {
    fn new() -> Ctx {
        Ctx {
            items: Vec::new(),
            path: Vec::new(),
        }
    }

    fn here(&self) -> String {
        self.path.join("/")
    }

    fn push(&mut self, seg: impl Into<String>) {
        self.path.push(seg.into());
    }

    fn pop(&mut self) {
        self.path.pop();
    }

    fn add(&mut self, kind: ChangeKind, a: Loc, b: Loc) {
        self.items.push(Item {
            what: What::Change(kind),
            path: self.here(),
            a,
            b,
            note: None,
        });
    }

    /// A change at `attr` below the current path.
    fn add_at(&mut self, attr: &'static str, kind: ChangeKind, a: Loc, b: Loc) {
        self.push(attr);
        self.add(kind, a, b);
        self.pop();
    }

    fn note(&mut self, kind: ChangeKind, a: Loc, b: Loc, note: String) {
        self.items.push(Item {
            what: What::Change(kind),
            path: self.here(),
            a,
            b,
            note: Some(note),
        });
    }

    fn warn(&mut self, kind: WarningKind, a: Loc, b: Loc, note: String) {
        self.items.push(Item {
            what: What::Warning(kind),
            path: self.here(),
            a,
            b,
            note: Some(note),
        });
    }

    fn extend_rebased(&mut self, items: &[Item]) {
        let here = self.here();
        for item in items {
            let mut item = item.clone();
            if !here.is_empty() {
                item.path = if item.path.is_empty() {
                    here.clone()
                } else {
                    format!("{here}/{}", item.path)
                };
            }
            self.items.push(item);
        }
    }
}

struct Engine<'m, 'a> {
    m: &'m Model<'a>,
    limits: Limits,
    memo: HashMap<(NodeId, NodeId), Rc<Vec<Item>>>,
    in_progress: HashSet<(NodeId, NodeId)>,
    known_bad: HashSet<(NodeId, NodeId)>,
    bad_now: HashSet<(NodeId, NodeId)>,
    comparisons: usize,
    depth: usize,
    empty: Rc<Vec<Item>>,
    cycle: Rc<Vec<Item>>,
}

/// Diff `old` → `new` and append the changes to `report`.
pub(super) fn run(
    old: &SchemaDoc,
    new: &SchemaDoc,
    direction: Direction,
    policy: Policy,
    limits: &Limits,
    report: &mut Report,
) -> Result<()> {
    let (model, old_root, new_root) = Model::build(old, new, limits)?;
    let mut engine = Engine {
        m: &model,
        limits: *limits,
        memo: HashMap::new(),
        in_progress: HashSet::new(),
        known_bad: HashSet::new(),
        bad_now: HashSet::new(),
        comparisons: 0,
        depth: 0,
        empty: Rc::new(Vec::new()),
        cycle: Rc::new(vec![Item {
            what: What::Cycle,
            path: String::new(),
            a: NOWHERE,
            b: NOWHERE,
            note: None,
        }]),
    };
    let items = loop {
        engine.memo.clear();
        engine.bad_now.clear();
        let items = engine.pair(old_root, new_root)?;
        if engine.bad_now.is_subset(&engine.known_bad) {
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
fn orient(model: &Model<'_>, a: Loc, b: Loc) -> (Loc, Loc) {
    let side = |l: Loc| l.node.map(|n| model.side(n));
    match (side(a), side(b)) {
        (Some(Side::New), _) | (_, Some(Side::Old)) => (b, a),
        _ => (a, b),
    }
}

fn pointer(model: &Model<'_>, loc: Loc) -> Option<String> {
    let node = loc.node?;
    let base = model.display_pointer(node);
    match loc.attr {
        None => Some(base),
        Some(attr) if model.nodes[node].keyword(attr).is_some() => Some(format!("{base}/{attr}")),
        Some(_) => None,
    }
}

fn value(model: &Model<'_>, loc: Loc, kind: ChangeKind) -> Option<Value> {
    let node = &model.nodes[loc.node?];
    match loc.attr {
        Some(attr) => node.keyword(attr).cloned(),
        None if kind.is_structural() => None,
        None => Some(node.raw.clone()),
    }
}

impl<'a> Engine<'_, 'a> {
    fn pair(&mut self, a: NodeId, b: NodeId) -> Result<Rc<Vec<Item>>> {
        let a = self.m.resolve(a);
        let b = self.m.resolve(b);
        let key = (a, b);
        if let Some(r) = self.memo.get(&key) {
            return Ok(r.clone());
        }
        if self.in_progress.contains(&key) {
            return Ok(if self.known_bad.contains(&key) {
                self.cycle.clone()
            } else {
                self.empty.clone()
            });
        }
        self.comparisons += 1;
        if self.comparisons > self.limits.max_comparisons {
            return Err(Error::Limit {
                limit: "max_comparisons",
                max: self.limits.max_comparisons,
                message: "the comparison visited more pairs of sub-schemas than that".into(),
            });
        }
        if self.depth >= MAX_COMPARE_DEPTH {
            return Err(Error::Limit {
                limit: "max_compare_depth",
                max: MAX_COMPARE_DEPTH,
                message: format!(
                    "sub-schemas nest deeper than that (at {})",
                    self.m.display_pointer(a)
                ),
            });
        }
        self.in_progress.insert(key);
        self.depth += 1;
        // Deep schemas recurse deeply: grow the stack on the heap rather than overflow it.
        let result = stacker::maybe_grow(128 * 1024, 4 * 1024 * 1024, || self.body(a, b));
        self.depth -= 1;
        self.in_progress.remove(&key);
        let items = Rc::new(result?);
        if !compatible(&items) {
            self.bad_now.insert(key);
        }
        self.memo.insert(key, items.clone());
        Ok(items)
    }

    fn sub(&mut self, ctx: &mut Ctx, a: NodeId, b: NodeId) -> Result<()> {
        let r = self.pair(a, b)?;
        ctx.extend_rebased(&r);
        Ok(())
    }

    fn sub_opt(&mut self, ctx: &mut Ctx, a: Option<NodeId>, b: Option<NodeId>) -> Result<()> {
        match (a, b) {
            (None, None) => Ok(()),
            (None, Some(b)) => {
                ctx.add(ChangeKind::SchemaAdded, NOWHERE, at(b));
                Ok(())
            }
            (Some(a), None) => {
                ctx.add(ChangeKind::SchemaRemoved, at(a), NOWHERE);
                Ok(())
            }
            (Some(a), Some(b)) => self.sub(ctx, a, b),
        }
    }

    fn combined(&self, id: NodeId) -> Option<(Criterion, &[NodeId])> {
        match &self.m.nodes[id].kind {
            Kind::Combined {
                criterion, members, ..
            } => Some((*criterion, members.as_slice())),
            _ => None,
        }
    }

    fn body(&mut self, a: NodeId, b: NodeId) -> Result<Vec<Item>> {
        let m = self.m;
        let mut ctx = Ctx::new();
        // Combined vs non-combined special cases; each short-circuits only on success.
        match (self.combined(a), self.combined(b)) {
            (None, Some((criterion, members))) => {
                let members = members.to_vec();
                if members.len() == 1 {
                    let r = self.pair(a, members[0])?;
                    if compatible(&r) {
                        return Ok(r.to_vec());
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
                            return Ok(ctx.items);
                        }
                    }
                }
            }
            (Some((criterion, members)), None) => {
                let members = members.to_vec();
                if members.len() == 1 {
                    let r = self.pair(members[0], b)?;
                    if compatible(&r) {
                        return Ok(r.to_vec());
                    }
                } else if criterion == Criterion::AllOf {
                    for &member in &members {
                        let r = self.pair(member, b)?;
                        if compatible(&r) {
                            ctx.extend_rebased(&r);
                            ctx.add(ChangeKind::ProductTypeNarrowed, at(a), at(b));
                            return Ok(ctx.items);
                        }
                    }
                }
            }
            _ => {}
        }

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
        for keyword in ["$dynamicRef", "$recursiveRef"] {
            if nb.keyword(keyword).is_some() && na.keyword(keyword) != nb.keyword(keyword) {
                ctx.note(
                    ChangeKind::UnjudgedKeywordChanged,
                    kw(a, "$dynamicRef"),
                    kw(b, "$dynamicRef"),
                    keyword.to_string(),
                );
            }
        }

        match (&na.kind, &nb.kind) {
            (Kind::String(x), Kind::String(y)) => self.string(&mut ctx, a, b, x, y),
            (Kind::Number(x), Kind::Number(y)) => self.number(&mut ctx, a, b, x, y),
            (Kind::Enum(x), Kind::Enum(y)) => {
                let (x, y) = (*x, *y);
                let equal = same_set(x, y);
                if !equal {
                    let kind = if x.iter().all(|v| y.contains(v)) {
                        ChangeKind::EnumArrayExtended
                    } else if y.iter().all(|v| x.contains(v)) {
                        ChangeKind::EnumArrayNarrowed
                    } else {
                        ChangeKind::EnumArrayChanged
                    };
                    ctx.add_at("enum", kind, kw(a, "enum"), kw(b, "enum"));
                }
            }
            (Kind::Const(x), Kind::Const(y)) if x != y => {
                ctx.add_at(
                    "const",
                    ChangeKind::EnumArrayChanged,
                    kw(a, "const"),
                    kw(b, "const"),
                );
            }
            (Kind::Combined { .. }, Kind::Combined { .. }) => self.combined_pair(&mut ctx, a, b)?,
            (Kind::Not(x), Kind::Not(y)) => {
                let (x, y) = (*x, *y);
                ctx.push("not");
                // The new schema accepts the complement of its inner schema: compare reversed.
                let r = self.pair(y, x)?;
                let kind = if compatible(&r) {
                    ChangeKind::NotTypeNarrowed
                } else {
                    ChangeKind::NotTypeExtended
                };
                // The inner changes are not reported, but a warning inside still applies: a
                // knowingly lenient "compatible" there makes this verdict lenient too.
                let warnings: Vec<Item> = r
                    .iter()
                    .filter(|i| matches!(i.what, What::Warning(_)))
                    .cloned()
                    .collect();
                ctx.extend_rebased(&warnings);
                ctx.add(kind, at(a), at(b));
                ctx.pop();
            }
            (Kind::Object(x), Kind::Object(y)) => self.object(&mut ctx, a, b, x, y)?,
            (Kind::Array(x), Kind::Array(y)) => self.array(&mut ctx, a, b, x, y)?,
            (Kind::Conditional, Kind::Conditional) => {
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
            _ => {}
        }
        Ok(ctx.items)
    }

    fn string(
        &mut self,
        ctx: &mut Ctx,
        a: NodeId,
        b: NodeId,
        x: &StringNode<'_>,
        y: &StringNode<'_>,
    ) {
        bound(
            ctx,
            a,
            b,
            "maxLength",
            x.max_length,
            y.max_length,
            Bound::Upper(
                ChangeKind::MaxLengthAdded,
                ChangeKind::MaxLengthRemoved,
                ChangeKind::MaxLengthIncreased,
                ChangeKind::MaxLengthDecreased,
            ),
        );
        bound(
            ctx,
            a,
            b,
            "minLength",
            x.min_length,
            y.min_length,
            Bound::Lower(
                ChangeKind::MinLengthAdded,
                ChangeKind::MinLengthRemoved,
                ChangeKind::MinLengthIncreased,
                ChangeKind::MinLengthDecreased,
            ),
        );
        match (x.pattern, y.pattern) {
            (None, Some(_)) => ctx.add_at(
                "pattern",
                ChangeKind::PatternAdded,
                kw(a, "pattern"),
                kw(b, "pattern"),
            ),
            (Some(_), None) => ctx.add_at(
                "pattern",
                ChangeKind::PatternRemoved,
                kw(a, "pattern"),
                kw(b, "pattern"),
            ),
            (Some(p), Some(q)) if p != q => ctx.add_at(
                "pattern",
                ChangeKind::PatternChanged,
                kw(a, "pattern"),
                kw(b, "pattern"),
            ),
            _ => {}
        }
        if y.format.is_some() && x.format != y.format {
            ctx.push("format");
            ctx.warn(
                WarningKind::UncomparedKeywordChanged,
                kw(a, "format"),
                kw(b, "format"),
                "format".into(),
            );
            ctx.pop();
        }
        requires_type(ctx, a, b, x.requires_type, y.requires_type, "string");
    }

    fn number(
        &mut self,
        ctx: &mut Ctx,
        a: NodeId,
        b: NodeId,
        x: &NumberNode<'_>,
        y: &NumberNode<'_>,
    ) {
        use ChangeKind::*;
        bound(
            ctx,
            a,
            b,
            "maximum",
            x.maximum,
            y.maximum,
            Bound::Upper(
                MaximumAdded,
                MaximumRemoved,
                MaximumIncreased,
                MaximumDecreased,
            ),
        );
        bound(
            ctx,
            a,
            b,
            "minimum",
            x.minimum,
            y.minimum,
            Bound::Lower(
                MinimumAdded,
                MinimumRemoved,
                MinimumIncreased,
                MinimumDecreased,
            ),
        );
        bound(
            ctx,
            a,
            b,
            "exclusiveMaximum",
            x.exclusive_maximum,
            y.exclusive_maximum,
            Bound::Upper(
                ExclusiveMaximumAdded,
                ExclusiveMaximumRemoved,
                ExclusiveMaximumIncreased,
                ExclusiveMaximumDecreased,
            ),
        );
        bound(
            ctx,
            a,
            b,
            "exclusiveMinimum",
            x.exclusive_minimum,
            y.exclusive_minimum,
            Bound::Lower(
                ExclusiveMinimumAdded,
                ExclusiveMinimumRemoved,
                ExclusiveMinimumIncreased,
                ExclusiveMinimumDecreased,
            ),
        );
        for (flag_x, flag_y, name) in [
            (
                x.exclusive_maximum_flag,
                y.exclusive_maximum_flag,
                "exclusiveMaximum",
            ),
            (
                x.exclusive_minimum_flag,
                y.exclusive_minimum_flag,
                "exclusiveMinimum",
            ),
        ] {
            if flag_y && !flag_x {
                ctx.push(name);
                ctx.warn(
                    WarningKind::UncomparedKeywordChanged,
                    kw(a, key_static(name)),
                    kw(b, key_static(name)),
                    name.to_string(),
                );
                ctx.pop();
            }
        }
        match (x.multiple_of, y.multiple_of) {
            (None, None) => {}
            (None, Some(_)) => ctx.add_at(
                "multipleOf",
                MultipleOfAdded,
                kw(a, "multipleOf"),
                kw(b, "multipleOf"),
            ),
            (Some(_), None) => ctx.add_at(
                "multipleOf",
                MultipleOfRemoved,
                kw(a, "multipleOf"),
                kw(b, "multipleOf"),
            ),
            (Some(p), Some(q)) => {
                let (p, q) = (Decimal::parse(p), Decimal::parse(q));
                if p != q {
                    let kind = if q.is_multiple_of(&p) {
                        MultipleOfExpanded
                    } else if p.is_multiple_of(&q) {
                        MultipleOfReduced
                    } else {
                        MultipleOfChanged
                    };
                    ctx.add_at("multipleOf", kind, kw(a, "multipleOf"), kw(b, "multipleOf"));
                }
            }
        }
        if x.integer != y.integer {
            let kind = if x.integer {
                TypeExtended
            } else {
                TypeNarrowed
            };
            ctx.add(kind, kw(a, "type"), kw(b, "type"));
        }
        requires_type(ctx, a, b, x.requires_type, y.requires_type, "number");
    }

    fn combined_pair(&mut self, ctx: &mut Ctx, a: NodeId, b: NodeId) -> Result<()> {
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
        if ma.len() < mb.len() {
            ctx.add(
                if cb == Criterion::AllOf {
                    ProductTypeExtended
                } else {
                    SumTypeExtended
                },
                at(a),
                at(b),
            );
            if cb == Criterion::OneOf && self.overlapping(&mb) {
                ctx.warn(
                    WarningKind::OneOfMembersOverlap,
                    at(a),
                    at(b),
                    String::new(),
                );
            }
        } else if ma.len() > mb.len() {
            ctx.add(
                if cb == Criterion::AllOf {
                    ProductTypeNarrowed
                } else {
                    SumTypeNarrowed
                },
                at(a),
                at(b),
            );
        }
        // Compatible pairs of members, then a maximum-cardinality matching over them.
        let mut edges: Vec<Vec<Option<Vec<Item>>>> = Vec::with_capacity(ma.len());
        for (i, &x) in ma.iter().enumerate() {
            ctx.push(format!("{}/{i}", ca.name()));
            let mut row = Vec::with_capacity(mb.len());
            for &y in &mb {
                let r = self.pair(x, y)?;
                if matchable(&r) {
                    let mut sub = Ctx {
                        items: Vec::new(),
                        path: ctx.path.clone(),
                    };
                    sub.extend_rebased(&r);
                    row.push(Some(sub.items));
                } else {
                    row.push(None);
                }
            }
            ctx.pop();
            edges.push(row);
        }
        // Prefer pairs that are compatible outright; pairs the engine cannot judge only make up
        // a larger matching.
        let clean: Vec<Vec<Option<()>>> = edges
            .iter()
            .map(|row| {
                row.iter()
                    .map(|e| e.as_ref().filter(|items| compatible(items)).map(|_| ()))
                    .collect()
            })
            .collect();
        let clean_matching = max_matching(&clean, mb.len());
        let full_matching = max_matching(&edges, mb.len());
        let size = |m: &[Option<usize>]| m.iter().filter(|j| j.is_some()).count();
        let matching = if size(&full_matching) > size(&clean_matching) {
            full_matching
        } else {
            clean_matching
        };
        let mut matched = 0;
        let mut members_changed = false;
        for (i, j) in matching.iter().enumerate() {
            if let Some(j) = j {
                matched += 1;
                if let Some(items) = &edges[i][*j] {
                    let (x, y) = (
                        &self.m.nodes[self.m.resolve(ma[i])],
                        &self.m.nodes[self.m.resolve(mb[*j])],
                    );
                    members_changed |= !items.is_empty() || x.raw != y.raw;
                    ctx.items.extend(items.iter().cloned());
                }
            }
        }
        // A widened member of a `oneOf` can make an old value match two members.
        if cb == Criterion::OneOf
            && members_changed
            && ma.len() >= mb.len()
            && self.overlapping(&mb)
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

    /// Members without duplicates (by content), in order.
    fn dedup(&self, members: &[NodeId]) -> Vec<NodeId> {
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for &id in members {
            let node = &self.m.nodes[id];
            let key = if node.piece {
                format!("{:?}@{}#{}", node.class(), node.doc, node.ptr)
            } else {
                serde_json::to_string(&crate::canonical::sorted(node.raw)).unwrap_or_default()
            };
            if !seen.contains(&key) {
                seen.push(key);
                out.push(id);
            }
        }
        out
    }

    /// Whether some two members may accept the same value (unless provably disjoint by type,
    /// `const` or `enum`).
    fn overlapping(&self, members: &[NodeId]) -> bool {
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

    fn object(
        &mut self,
        ctx: &mut Ctx,
        a: NodeId,
        b: NodeId,
        x: &ObjectNode<'a>,
        y: &ObjectNode<'a>,
    ) -> Result<()> {
        use ChangeKind::*;
        let (xp, yp): (HashMap<&str, NodeId>, HashMap<&str, NodeId>) = (
            x.properties.iter().copied().collect(),
            y.properties.iter().copied().collect(),
        );
        let prop = |o: &ObjectNode<'a>, name: &str| {
            if std::ptr::eq(o, x) {
                xp.get(name).copied()
            } else {
                yp.get(name).copied()
            }
        };
        let m = self.m;
        let has_default = |id: NodeId| m.nodes[id].default.is_some();

        ctx.push("required");
        for &(name, _) in &x.properties {
            let Some(pb) = prop(y, name) else { continue };
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
            if !x.required.contains(&name) && prop(y, name).is_none() {
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

        ctx.push("properties");
        let mut names: Vec<&str> = x.properties.iter().map(|(n, _)| *n).collect();
        names.extend(
            y.properties
                .iter()
                .map(|(n, _)| *n)
                .filter(|n| prop(x, n).is_none()),
        );
        for name in names {
            ctx.push(name);
            match (prop(x, name), prop(y, name)) {
                (Some(pa), None) => self.property_removed(ctx, b, y, name, pa)?,
                (None, Some(pb)) => self.property_added(ctx, a, x, y, name, pb)?,
                (Some(pa), Some(pb)) => self.sub(ctx, pa, pb)?,
                (None, None) => {}
            }
            ctx.pop();
        }
        ctx.pop();

        ctx.push("dependencies");
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

        // Keywords the diff does not compare: a change that could narrow is not judged.
        let (na, nb) = (&self.m.nodes[a], &self.m.nodes[b]);
        let patterns_changed = na.keyword("patternProperties") != nb.keyword("patternProperties");
        let widened_away = nb.keyword("patternProperties").is_none() && is_open(self.m, y);
        if patterns_changed && !widened_away && !self.patterns_only_widen(x, y)? {
            ctx.push("patternProperties");
            ctx.note(
                UnjudgedKeywordChanged,
                kw(a, "patternProperties"),
                kw(b, "patternProperties"),
                "patternProperties".into(),
            );
            ctx.pop();
        }
        if nb.keyword("propertyNames").is_some()
            && na.keyword("propertyNames") != nb.keyword("propertyNames")
        {
            ctx.push("propertyNames");
            ctx.note(
                UnjudgedKeywordChanged,
                kw(a, "propertyNames"),
                kw(b, "propertyNames"),
                "propertyNames".into(),
            );
            ctx.pop();
        }
        requires_type(ctx, a, b, x.requires_type, y.requires_type, "object");
        Ok(())
    }

    /// Whether the `patternProperties` of `y` accept every name and value that those of `x` did,
    /// and constrain nothing `x` left alone: `x` is closed beyond its patterns, every old pattern
    /// is still there with a schema that reads the old one, no new or changed pattern matches a
    /// declared property (whose value it would also constrain), and patterns are only added where
    /// there were none (an added one could overlap an old one). Confluent compares no
    /// pattern, so such a change is not one; any other pattern change stays unjudged.
    fn patterns_only_widen(&mut self, x: &ObjectNode<'a>, y: &ObjectNode<'a>) -> Result<bool> {
        if x.additional != Additional::Forbidden {
            return Ok(false);
        }
        for old in &x.pattern_properties {
            let Some(new) = y
                .pattern_properties
                .iter()
                .find(|p| p.pattern == old.pattern)
            else {
                return Ok(false);
            };
            // A warning (a `oneOf` member overlap, say) is a doubt this unreported comparison
            // cannot pass on: only a clean widening counts.
            let r = self.pair(old.schema, new.schema)?;
            if !compatible(&r) || r.iter().any(|i| matches!(i.what, What::Warning(_))) {
                return Ok(false);
            }
        }
        let m = self.m;
        Ok(y.pattern_properties.iter().all(|new| {
            let old = x
                .pattern_properties
                .iter()
                .find(|old| old.pattern == new.pattern);
            let unchanged = old.is_some_and(|old| {
                m.nodes[m.resolve(old.schema)].raw == m.nodes[m.resolve(new.schema)].raw
            });
            // An added pattern may match names an old pattern admitted, and constrain their
            // values further; whether two patterns overlap is not decided here, so a pattern is
            // only added safely to an object that had none.
            let added_safely = old.is_some() || x.pattern_properties.is_empty();
            unchanged
                || (added_safely
                    && matches!(&new.regex, Some(r) if y.properties.iter().all(|(n, _)| !r.is_match(n))))
        }))
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

    fn property_added(
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

    /// Diff `old` against `new` where one of them is the covering schema of a partially open
    /// content model, and add the covered / not covered kind after the inner changes.
    fn coverage(
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
    fn additional(
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
    fn unevaluated(
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

    fn array(
        &mut self,
        ctx: &mut Ctx,
        a: NodeId,
        b: NodeId,
        x: &ArrayNode<'a>,
        y: &ArrayNode<'a>,
    ) -> Result<()> {
        use ChangeKind::*;
        ctx.push("items");
        self.sub_opt(ctx, x.all_items, y.all_items)?;
        ctx.pop();

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
                    self.coverage(
                        ctx,
                        slot,
                        cover,
                        [
                            ItemRemovedIsCoveredByPartiallyOpenContentModel,
                            ItemRemovedNotCoveredByPartiallyOpenContentModel,
                        ],
                    )?;
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
                    self.coverage(
                        ctx,
                        cover,
                        slot,
                        [
                            ItemAddedIsCoveredByPartiallyOpenContentModel,
                            ItemAddedNotCoveredByPartiallyOpenContentModel,
                        ],
                    )?;
                } else {
                    ctx.add(ItemAddedToClosedContentModel, NOWHERE, at(slot));
                }
            }
            ctx.pop();
        }

        let additional_kw = if self.m.docs[self.m.nodes[b].doc].draft
            == crate::json::Draft::Draft202012
            && (!y.item_schemas.is_empty()
                || self.m.nodes[b]
                    .keyword("items")
                    .is_some_and(Value::is_boolean))
        {
            "items"
        } else {
            "additionalItems"
        };
        ctx.push("additionalItems");
        self.additional(
            ctx,
            a,
            b,
            x.additional,
            y.additional,
            [
                AdditionalItemsAdded,
                AdditionalItemsRemoved,
                AdditionalItemsNarrowed,
                AdditionalItemsExtended,
            ],
            additional_kw,
        )?;
        ctx.pop();

        if x.unevaluated.is_some() || y.unevaluated.is_some() {
            ctx.push("unevaluatedItems");
            self.unevaluated(
                ctx,
                x.unevaluated,
                y.unevaluated,
                [
                    UnevaluatedItemsAdded,
                    UnevaluatedItemsRemoved,
                    UnevaluatedItemsNarrowed,
                    UnevaluatedItemsExtended,
                ],
            )?;
            ctx.pop();
        }

        bound(
            ctx,
            a,
            b,
            "maxItems",
            x.max_items,
            y.max_items,
            Bound::Upper(
                MaxItemsAdded,
                MaxItemsRemoved,
                MaxItemsIncreased,
                MaxItemsDecreased,
            ),
        );
        bound(
            ctx,
            a,
            b,
            "minItems",
            x.min_items,
            y.min_items,
            Bound::Lower(
                MinItemsAdded,
                MinItemsRemoved,
                MinItemsIncreased,
                MinItemsDecreased,
            ),
        );
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
        bound(
            ctx,
            a,
            b,
            "maxContains",
            x.max_contains,
            y.max_contains,
            Bound::Upper(
                MaxContainsAdded,
                MaxContainsRemoved,
                MaxContainsIncreased,
                MaxContainsDecreased,
            ),
        );
        bound(
            ctx,
            a,
            b,
            "minContains",
            x.min_contains,
            y.min_contains,
            Bound::Lower(
                MinContainsAdded,
                MinContainsRemoved,
                MinContainsIncreased,
                MinContainsDecreased,
            ),
        );
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
        requires_type(ctx, a, b, x.requires_type, y.requires_type, "array");
        Ok(())
    }
}

/// The names of keywords as `'static` strings for locations.
fn key_static(key: &str) -> &'static str {
    match key {
        "if" => "if",
        "then" => "then",
        "else" => "else",
        "exclusiveMaximum" => "exclusiveMaximum",
        "exclusiveMinimum" => "exclusiveMinimum",
        _ => "",
    }
}

/// A typed schema found by keyword sniffing accepts values of every other type; the same schema
/// with `type` does not. Confluent's diff has no change kind for that narrowing.
fn requires_type(ctx: &mut Ctx, a: NodeId, b: NodeId, x: bool, y: bool, type_name: &str) {
    if y && !x {
        ctx.note(
            ChangeKind::UnjudgedKeywordChanged,
            kw(a, "type"),
            kw(b, "type"),
            format!("type {type_name}"),
        );
    }
}

enum Bound {
    /// [added, removed, increased, decreased] of an upper bound.
    Upper(ChangeKind, ChangeKind, ChangeKind, ChangeKind),
    /// [added, removed, increased, decreased] of a lower bound.
    Lower(ChangeKind, ChangeKind, ChangeKind, ChangeKind),
}

#[allow(clippy::too_many_arguments)]
fn bound(
    ctx: &mut Ctx,
    a: NodeId,
    b: NodeId,
    name: &'static str,
    x: Option<&Value>,
    y: Option<&Value>,
    kinds: Bound,
) {
    let (Bound::Upper(added, removed, increased, decreased)
    | Bound::Lower(added, removed, increased, decreased)) = kinds;
    let kind = match (x, y) {
        (None, None) => return,
        (None, Some(_)) => added,
        (Some(_), None) => removed,
        (Some(p), Some(q)) => {
            let (p, q) = (number(p), number(q));
            if p < q {
                increased
            } else if p > q {
                decreased
            } else {
                return;
            }
        }
    };
    ctx.add_at(name, kind, kw(a, name), kw(b, name));
}

fn number(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

fn same_set(x: &[Value], y: &[Value]) -> bool {
    x.iter().all(|v| y.contains(v)) && y.iter().all(|v| x.contains(v))
}

/// Open content model: additional properties permitted without a schema, no
/// `patternProperties`, and `unevaluatedProperties` absent or `true`.
fn is_open(m: &Model<'_>, o: &ObjectNode<'_>) -> bool {
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

fn array_open(m: &Model<'_>, x: &ArrayNode<'_>) -> bool {
    x.additional == Additional::Permitted
        && x.unevaluated
            .is_none_or(|u| m.nodes[m.resolve(u)].is_empty_like())
}

fn array_cover(m: &Model<'_>, x: &ArrayNode<'_>) -> Option<NodeId> {
    match x.additional {
        Additional::Schema(s) => Some(s),
        Additional::Permitted => x.unevaluated.filter(|&u| {
            let n = &m.nodes[m.resolve(u)];
            !n.is_false() && !n.is_empty_like()
        }),
        Additional::Forbidden => None,
    }
}

/// A maximum-cardinality bipartite matching (augmenting paths, tried in index order so the
/// result is deterministic). Returns, for each left vertex, its right partner.
fn max_matching<T>(edges: &[Vec<Option<T>>], right: usize) -> Vec<Option<usize>> {
    fn augment<T>(
        u: usize,
        edges: &[Vec<Option<T>>],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for (v, edge) in edges[u].iter().enumerate() {
            if edge.is_some() && !seen[v] {
                seen[v] = true;
                if owner[v].is_none_or(|w| augment(w, edges, seen, owner)) {
                    owner[v] = Some(u);
                    return true;
                }
            }
        }
        false
    }
    let mut owner: Vec<Option<usize>> = vec![None; right];
    for u in 0..edges.len() {
        let mut seen = vec![false; right];
        augment(u, edges, &mut seen, &mut owner);
    }
    let mut partner = vec![None; edges.len()];
    for (v, u) in owner.iter().enumerate() {
        if let Some(u) = u {
            partner[*u] = Some(v);
        }
    }
    partner
}

/// An exact decimal, for `multipleOf` (scale-insensitive: `2.0` equals `2`).
#[derive(Debug, Clone, Copy)]
struct Decimal {
    mantissa: i128,
    exponent: i32,
    approx: f64,
}

impl Decimal {
    fn parse(v: &Value) -> Decimal {
        let text = v.to_string();
        let approx = v.as_f64().unwrap_or(f64::NAN);
        let parse = || -> Option<Decimal> {
            let (num, exp) = match text.find(['e', 'E']) {
                Some(i) => (&text[..i], text[i + 1..].parse::<i32>().ok()?),
                None => (text.as_str(), 0),
            };
            let (int, frac) = match num.find('.') {
                Some(i) => (&num[..i], &num[i + 1..]),
                None => (num, ""),
            };
            let digits = format!("{int}{frac}");
            let mut mantissa: i128 = digits.parse().ok()?;
            let mut exponent = exp.checked_sub(frac.len() as i32)?;
            while mantissa != 0 && mantissa % 10 == 0 {
                mantissa /= 10;
                exponent += 1;
            }
            Some(Decimal {
                mantissa,
                exponent,
                approx,
            })
        };
        parse().unwrap_or(Decimal {
            mantissa: 0,
            exponent: 0,
            approx,
        })
    }

    /// Whether `self` is an integer multiple of `other`.
    fn is_multiple_of(&self, other: &Decimal) -> bool {
        if other.mantissa == 0 {
            return other.approx != 0.0 && (self.approx / other.approx).fract() == 0.0;
        }
        let e = self.exponent.min(other.exponent);
        let scale = |d: &Decimal| -> Option<i128> {
            10i128
                .checked_pow((d.exponent - e) as u32)
                .and_then(|p| d.mantissa.checked_mul(p))
        };
        match (scale(self), scale(other)) {
            (Some(x), Some(y)) if y != 0 => x % y == 0,
            _ => (self.approx / other.approx).fract() == 0.0,
        }
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        if self.mantissa == 0 && other.mantissa == 0 {
            return self.approx == other.approx;
        }
        self.mantissa == other.mantissa && self.exponent == other.exponent
    }
}
