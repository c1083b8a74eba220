//! The comparison's working parts, shared by every keyword family: what a finding is
//! ([`Item`]), where it points ([`Loc`]), the changes of one pair being built ([`Ctx`]), and the
//! [`Engine`] that compares two nodes with memoisation, the cycle rule and the limits.
//!
//! A pair met again while it is still being compared is assumed compatible unless an earlier
//! pass proved it incompatible (`known_bad`); the driver (the parent module) repeats the passes
//! until that set stops growing. Internal judgements ("is this sub-comparison compatible?") use
//! the STRICT set, whatever the policy. Recursion and limits: `docs/compatibility.md`, section 10.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::rc::Rc;

use serde_json::Value;

use crate::compat::kinds::{Allowed, ChangeKind};
use crate::compat::report::WarningKind;
use crate::json::model::{Criterion, Kind, NodeId, ObjectNode, Pair};
use crate::limits::Limits;
use crate::{Error, Result};

/// How deep comparisons may nest (each `$ref` followed into new territory adds one).
const MAX_COMPARE_DEPTH: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum What {
    Change(ChangeKind),
    Warning(WarningKind),
    /// A pair known to be incompatible met again while it is being compared: incompatible, but
    /// its changes are reported where the pair itself is.
    Cycle,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Loc {
    pub(super) node: Option<NodeId>,
    pub(super) attr: Option<&'static str>,
}

pub(super) const NOWHERE: Loc = Loc {
    node: None,
    attr: None,
};

pub(super) fn at(node: NodeId) -> Loc {
    Loc {
        node: Some(node),
        attr: None,
    }
}

pub(super) fn kw(node: NodeId, attr: &'static str) -> Loc {
    Loc {
        node: Some(node),
        attr: Some(attr),
    }
}

#[derive(Debug, Clone)]
pub(super) struct Item {
    pub(super) what: What,
    /// Relative path, without the leading `#/`; empty for the pair itself.
    pub(super) path: String,
    pub(super) a: Loc,
    pub(super) b: Loc,
    pub(super) note: Option<String>,
}

/// Whether a pair of combined members may be matched: compatible, or incompatible only through
/// changes the engine cannot judge (so those are reported at the member rather than lost).
pub(super) fn matchable(items: &[Item]) -> bool {
    items.iter().all(|i| match i.what {
        What::Change(k) => {
            k.allowed() == Allowed::Strict || k == ChangeKind::UnjudgedKeywordChanged
        }
        What::Warning(_) => true,
        What::Cycle => false,
    })
}

pub(super) fn compatible(items: &[Item]) -> bool {
    items.iter().all(|i| match i.what {
        What::Change(k) => k.allowed() == Allowed::Strict,
        What::Warning(_) => true,
        What::Cycle => false,
    })
}

/// The changes of one pair being built, with the current path.
pub(super) struct Ctx {
    pub(super) items: Vec<Item>,
    pub(super) path: Vec<String>,
}

impl Ctx {
    pub(super) fn new() -> Ctx {
        Ctx {
            items: Vec::new(),
            path: Vec::new(),
        }
    }

    pub(super) fn here(&self) -> String {
        self.path.join("/")
    }

    pub(super) fn push(&mut self, seg: impl Into<String>) {
        self.path.push(seg.into());
    }

    pub(super) fn pop(&mut self) {
        self.path.pop();
    }

    pub(super) fn add(&mut self, kind: ChangeKind, a: Loc, b: Loc) {
        self.items.push(Item {
            what: What::Change(kind),
            path: self.here(),
            a,
            b,
            note: None,
        });
    }

    /// A change at `attr` below the current path.
    pub(super) fn add_at(&mut self, attr: &'static str, kind: ChangeKind, a: Loc, b: Loc) {
        self.push(attr);
        self.add(kind, a, b);
        self.pop();
    }

    pub(super) fn note(&mut self, kind: ChangeKind, a: Loc, b: Loc, note: String) {
        self.items.push(Item {
            what: What::Change(kind),
            path: self.here(),
            a,
            b,
            note: Some(note),
        });
    }

    pub(super) fn warn(&mut self, kind: WarningKind, a: Loc, b: Loc, note: String) {
        self.items.push(Item {
            what: What::Warning(kind),
            path: self.here(),
            a,
            b,
            note: Some(note),
        });
    }

    /// Only the warnings of `items`, rebased: for a comparison whose changes are not reported
    /// but whose doubts still apply.
    pub(super) fn extend_warnings(&mut self, items: &[Item]) {
        let warnings: Vec<Item> = items
            .iter()
            .filter(|i| matches!(i.what, What::Warning(_)))
            .cloned()
            .collect();
        self.extend_rebased(&warnings);
    }

    pub(super) fn extend_rebased(&mut self, items: &[Item]) {
        if items.is_empty() {
            return;
        }
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

/// A pair being compared: the old node `a` and the new node `b`, with their content of one kind.
#[derive(Debug)]
pub(super) struct Both<'s, T> {
    pub(super) a: NodeId,
    pub(super) b: NodeId,
    pub(super) x: &'s T,
    pub(super) y: &'s T,
}

/// Two objects being compared.
pub(super) type Objects<'s, 'a> = Both<'s, ObjectNode<'a>>;

// Copy whatever `T` is: only references are held.
impl<T> Clone for Both<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Both<'_, T> {}

/// One comparison of two documents (both in `m`).
pub(super) struct Engine<'m, 'a> {
    pub(super) m: &'m Pair<'m, 'a>,
    pub(super) limits: Limits,
    pub(super) memo: HashMap<(NodeId, NodeId), Rc<Vec<Item>>>,
    pub(super) in_progress: HashSet<(NodeId, NodeId)>,
    pub(super) known_bad: HashSet<(NodeId, NodeId)>,
    pub(super) bad_now: HashSet<(NodeId, NodeId)>,
    /// Pairs met while still being compared and assumed compatible in this pass.
    pub(super) assumed: HashSet<(NodeId, NodeId)>,
    pub(super) comparisons: usize,
    pub(super) depth: usize,
    pub(super) empty: Rc<Vec<Item>>,
    pub(super) cycle: Rc<Vec<Item>>,
}

impl<'m, 'a> Engine<'m, 'a> {
    pub(super) fn new(m: &'m Pair<'m, 'a>, limits: &Limits) -> Engine<'m, 'a> {
        Engine {
            m,
            limits: *limits,
            memo: HashMap::default(),
            in_progress: HashSet::default(),
            known_bad: HashSet::default(),
            bad_now: HashSet::default(),
            assumed: HashSet::default(),
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
        }
    }

    pub(super) fn pair(&mut self, a: NodeId, b: NodeId) -> Result<Rc<Vec<Item>>> {
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
                self.assumed.insert(key);
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

    pub(super) fn sub(&mut self, ctx: &mut Ctx, a: NodeId, b: NodeId) -> Result<()> {
        let r = self.pair(a, b)?;
        ctx.extend_rebased(&r);
        Ok(())
    }

    pub(super) fn sub_opt(
        &mut self,
        ctx: &mut Ctx,
        a: Option<NodeId>,
        b: Option<NodeId>,
    ) -> Result<()> {
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

    pub(super) fn combined(&self, id: NodeId) -> Option<(Criterion, &[NodeId])> {
        match &self.m.nodes[id].kind {
            Kind::Combined {
                criterion, members, ..
            } => Some((*criterion, members.as_slice())),
            _ => None,
        }
    }
}

/// The names of keywords as `'static` strings for locations.
pub(super) fn key_static(key: &str) -> &'static str {
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
pub(super) fn requires_type(
    ctx: &mut Ctx,
    a: NodeId,
    b: NodeId,
    x: bool,
    y: bool,
    type_name: &str,
) {
    if y && !x {
        ctx.note(
            ChangeKind::UnjudgedKeywordChanged,
            kw(a, "type"),
            kw(b, "type"),
            format!("type {type_name}"),
        );
    }
}

/// The change kind of a keyword family: kinds are named after the keyword they are about, e.g.
/// `maxItems` + `ADDED` is `MAX_ITEMS_ADDED`. A name the table lacks would be an engine bug; it
/// falls back to the breaking "not judged" kind rather than to any compatible one.
pub(super) fn family_kind(keyword: &str, suffix: &str) -> ChangeKind {
    let mut name = String::with_capacity(keyword.len() + suffix.len() + 4);
    for c in keyword.chars() {
        if c.is_ascii_uppercase() {
            name.push('_');
        }
        name.push(c.to_ascii_uppercase());
    }
    name.push('_');
    name.push_str(suffix);
    ChangeKind::from_name(&name).unwrap_or(ChangeKind::UnjudgedKeywordChanged)
}

/// The kind of the first case that holds, else `otherwise`: for two sets (or divisors) compared
/// both ways, e.g. "the new set contains the old", "the old contains the new", "neither".
pub(super) fn pick(cases: [(bool, ChangeKind); 2], otherwise: ChangeKind) -> ChangeKind {
    cases
        .into_iter()
        .find_map(|(holds, kind)| holds.then_some(kind))
        .unwrap_or(otherwise)
}

/// A numeric bound (`maxLength`, `minimum`, ...): added, removed, increased or decreased; whether
/// that widens depends on the kind's verdict, not on this function.
pub(super) fn bound(
    ctx: &mut Ctx,
    (a, b): (NodeId, NodeId),
    name: &'static str,
    x: Option<&Value>,
    y: Option<&Value>,
) {
    let suffix = match (x, y) {
        (None, None) => return,
        (None, Some(_)) => "ADDED",
        (Some(_), None) => "REMOVED",
        (Some(p), Some(q)) => {
            let (p, q) = (number(p), number(q));
            if p < q {
                "INCREASED"
            } else if p > q {
                "DECREASED"
            } else {
                return;
            }
        }
    };
    ctx.add_at(name, family_kind(name, suffix), kw(a, name), kw(b, name));
}

pub(super) fn number(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}
