//! The nodes of the comparison model and the arena that holds them: what a node of each kind
//! carries, and the accessors the comparison uses (reference resolution, display pointers).

use std::collections::HashMap;
use std::ops::{Index, IndexMut};
use std::sync::atomic::{AtomicUsize, Ordering};

use regex::Regex;
use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::json::Draft;
use crate::limits::Limits;

/// A node: the arena's tag in the high half, the index in its arena in the low half, so the
/// nodes of two documents' arenas never share an id and a check can compare two models built
/// (and cached) apart.
pub(crate) type NodeId = usize;

const _: () = assert!(
    usize::BITS == 64,
    "node ids pack an arena tag and an index in 64 bits"
);

/// The bits of a [`NodeId`] that hold the index.
const INDEX_BITS: u32 = 32;

/// The arena's tag in an id.
pub(crate) fn tag_of(id: NodeId) -> usize {
    id >> INDEX_BITS
}

/// A fresh tag for a new arena (tags wrap after 2^32 arenas; a check whose two arenas share a
/// tag rebuilds one of them).
fn next_tag() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed) & ((1 << INDEX_BITS) - 1)
}

/// The nodes of one arena, indexed by [`NodeId`].
#[derive(Debug)]
pub(crate) struct Nodes<'a> {
    tag: usize,
    items: Vec<Node<'a>>,
}

impl<'a> Nodes<'a> {
    pub(crate) fn new() -> Nodes<'a> {
        Nodes {
            tag: next_tag(),
            items: Vec::new(),
        }
    }

    pub(crate) fn tag(&self) -> usize {
        self.tag
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// The id of the node at `index` in this arena.
    pub(crate) fn id(&self, index: usize) -> NodeId {
        (self.tag << INDEX_BITS) | index
    }

    pub(crate) fn push(&mut self, node: Node<'a>) -> NodeId {
        self.items.push(node);
        self.id(self.items.len() - 1)
    }

    fn index(&self, id: NodeId) -> usize {
        debug_assert_eq!(tag_of(id), self.tag, "a node of another arena");
        id & ((1 << INDEX_BITS) - 1)
    }
}

impl<'a> Index<NodeId> for Nodes<'a> {
    type Output = Node<'a>;
    fn index(&self, id: NodeId) -> &Node<'a> {
        &self.items[Nodes::index(self, id)]
    }
}

impl IndexMut<NodeId> for Nodes<'_> {
    fn index_mut(&mut self, id: NodeId) -> &mut Self::Output {
        let i = Nodes::index(self, id);
        &mut self.items[i]
    }
}

/// `additionalProperties` / `additionalItems` as the model sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Additional {
    /// Absent or `true`: permitted, no schema.
    Permitted,
    /// `false`.
    Forbidden,
    /// A schema (including `{}`).
    Schema(NodeId),
}

impl Additional {
    pub(crate) fn permits(self) -> bool {
        !matches!(self, Additional::Forbidden)
    }
    pub(crate) fn schema(self) -> Option<NodeId> {
        match self {
            Additional::Schema(s) => Some(s),
            _ => None,
        }
    }
}

/// The combination keyword (named as the keywords are).
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Criterion {
    AllOf,
    AnyOf,
    OneOf,
}

impl Criterion {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Criterion::AllOf => "allOf",
            Criterion::AnyOf => "anyOf",
            Criterion::OneOf => "oneOf",
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct StringNode<'a> {
    pub(crate) min_length: Option<&'a Value>,
    pub(crate) max_length: Option<&'a Value>,
    pub(crate) pattern: Option<&'a str>,
    pub(crate) format: Option<&'a Value>,
    pub(crate) requires_type: bool,
}

#[derive(Debug, Default)]
pub(crate) struct NumberNode<'a> {
    pub(crate) maximum: Option<&'a Value>,
    pub(crate) minimum: Option<&'a Value>,
    pub(crate) exclusive_maximum: Option<&'a Value>,
    pub(crate) exclusive_minimum: Option<&'a Value>,
    /// Draft-04 boolean forms.
    pub(crate) exclusive_maximum_flag: bool,
    pub(crate) exclusive_minimum_flag: bool,
    pub(crate) multiple_of: Option<&'a Value>,
    pub(crate) integer: bool,
    pub(crate) requires_type: bool,
}

#[derive(Debug)]
pub(crate) struct PatternProperty<'a> {
    pub(crate) pattern: &'a str,
    /// `None` when the pattern uses syntax the regex engine does not support.
    pub(crate) regex: Option<Regex>,
    pub(crate) schema: NodeId,
}

#[derive(Debug)]
pub(crate) struct ObjectNode<'a> {
    pub(crate) properties: Vec<(&'a str, NodeId)>,
    pub(crate) required: Vec<&'a str>,
    pub(crate) min_properties: Option<&'a Value>,
    pub(crate) max_properties: Option<&'a Value>,
    pub(crate) additional: Additional,
    pub(crate) pattern_properties: Vec<PatternProperty<'a>>,
    pub(crate) property_dependencies: Vec<(&'a str, Vec<&'a str>)>,
    pub(crate) schema_dependencies: Vec<(&'a str, NodeId)>,
    /// The schema every property name must match (drafts 6 and later).
    pub(crate) property_names: Option<NodeId>,
    pub(crate) unevaluated: Option<NodeId>,
    pub(crate) requires_type: bool,
}

#[derive(Debug)]
pub(crate) struct ArrayNode<'a> {
    pub(crate) all_items: Option<NodeId>,
    pub(crate) item_schemas: Vec<NodeId>,
    pub(crate) additional: Additional,
    pub(crate) min_items: Option<&'a Value>,
    pub(crate) max_items: Option<&'a Value>,
    pub(crate) unique_items: bool,
    pub(crate) min_contains: Option<&'a Value>,
    pub(crate) max_contains: Option<&'a Value>,
    pub(crate) unevaluated: Option<NodeId>,
    pub(crate) requires_type: bool,
}

#[derive(Debug)]
pub(crate) enum Kind<'a> {
    /// `{}` or a node with no assertion: accepts everything.
    Empty,
    /// `true`.
    True,
    /// `false`.
    False,
    /// A reference; the target is resolved after every document is walked.
    Ref(&'a str, Option<NodeId>),
    String(StringNode<'a>),
    Number(NumberNode<'a>),
    Boolean,
    Null,
    Object(Box<ObjectNode<'a>>),
    Array(Box<ArrayNode<'a>>),
    Enum(&'a [Value]),
    Const(&'a Value),
    Combined {
        criterion: Criterion,
        members: Vec<NodeId>,
    },
    Not(NodeId),
    Conditional,
    /// Placeholder while a node is being built.
    Pending,
}

/// The class of a node, as Confluent's diff compares classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Empty,
    True,
    False,
    String,
    Number,
    Boolean,
    Null,
    Object,
    Array,
    Enum,
    Const,
    Combined,
    Not,
    Conditional,
    Ref,
}

#[derive(Debug)]
pub(crate) struct Node<'a> {
    pub(crate) doc: usize,
    /// JSON pointer of the node inside its document.
    pub(crate) ptr: String,
    /// The JSON of the node (for a synthetic piece, the whole node it comes from).
    pub(crate) raw: &'a Value,
    pub(crate) kind: Kind<'a>,
    /// Title, description, `$id` and `default` (absent on the pieces of a synthetic `allOf`).
    pub(crate) title: Option<&'a Value>,
    pub(crate) description: Option<&'a Value>,
    pub(crate) id: Option<&'a Value>,
    pub(crate) default: Option<&'a Value>,
    /// The values of the [`DYNAMIC_REFS`] keywords in `raw`, looked up once.
    pub(crate) dynamic_refs: [Option<&'a Value>; 2],
    /// Whether this node is one piece of a synthetic `allOf`.
    pub(crate) piece: bool,
}

/// The references resolved at validation time, whose changes are not judged.
pub(crate) const DYNAMIC_REFS: [&str; 2] = ["$dynamicRef", "$recursiveRef"];

impl Node<'_> {
    pub(crate) fn class(&self) -> Class {
        match &self.kind {
            Kind::Empty | Kind::Pending => Class::Empty,
            Kind::True => Class::True,
            Kind::False => Class::False,
            Kind::Ref(..) => Class::Ref,
            Kind::String(_) => Class::String,
            Kind::Number(_) => Class::Number,
            Kind::Boolean => Class::Boolean,
            Kind::Null => Class::Null,
            Kind::Object(_) => Class::Object,
            Kind::Array(_) => Class::Array,
            Kind::Enum(_) => Class::Enum,
            Kind::Const(_) => Class::Const,
            Kind::Combined { .. } => Class::Combined,
            Kind::Not(_) => Class::Not,
            Kind::Conditional => Class::Conditional,
        }
    }

    /// `{}` or `true`: everit's `EmptySchema` (of which `TrueSchema` is a subclass).
    pub(crate) fn is_empty_like(&self) -> bool {
        matches!(self.kind, Kind::Empty | Kind::True)
    }

    pub(crate) fn is_false(&self) -> bool {
        matches!(self.kind, Kind::False)
    }

    /// The node's own keyword `name`, when its JSON is an object that has it.
    pub(crate) fn keyword(&self, name: &str) -> Option<&Value> {
        self.raw.as_object().and_then(|m| m.get(name))
    }
}

pub(crate) struct DocInfo<'a> {
    /// `None` for a main document, the reference name otherwise.
    pub(crate) name: Option<&'a str>,
    pub(crate) root: &'a Value,
    pub(crate) draft: Draft,
    /// Absolute `$id`s (fragment removed) → pointer.
    pub(super) ids: HashMap<String, String>,
    /// Plain-name anchors → pointer.
    pub(super) anchors: HashMap<String, String>,
    /// Base URI of each node that has one (pointer → base).
    pub(super) bases: HashMap<String, String>,
    /// Documents this one may refer to by name.
    pub(super) references: Vec<(&'a str, usize)>,
}

/// The arena of nodes of one schema document and the documents it references. The node budget
/// applies to each such model on its own, so a schema that fits can always be checked against
/// one of the same size.
pub(crate) struct Model<'a> {
    pub(crate) nodes: Nodes<'a>,
    pub(crate) docs: Vec<DocInfo<'a>>,
    pub(crate) root: NodeId,
    /// The node built at each location, by document then the address of the location's value
    /// in the document (only while building).
    pub(super) by_location: Vec<FxHashMap<usize, NodeId>>,
    pub(crate) limits: Limits,
    /// Whether refs to documents not attached may stay unresolved (when checking one document
    /// on its own, before its references are known).
    pub(super) lenient_external: bool,
    /// Whether a reference was left unresolved (only when `lenient_external`).
    pub(crate) unresolved: bool,
}

impl Model<'_> {
    /// The pointer of a node as reported to users: `name#/ptr` for referenced documents.
    pub(crate) fn display_pointer(&self, id: NodeId) -> String {
        let node = &self.nodes[id];
        match self.docs[node.doc].name {
            None => node.ptr.clone(),
            Some(name) => format!("{name}#{}", node.ptr),
        }
    }

    /// The draft of the document a node belongs to.
    pub(crate) fn draft(&self, id: NodeId) -> Draft {
        self.docs[self.nodes[id].doc].draft
    }
}
