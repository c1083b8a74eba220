//! The two models of one check seen as one graph: a node id names its arena (see [`NodeId`]), so
//! the comparison reads nodes of either document through one index and never rebuilds a model.

use std::ops::Index;
use std::ptr;

use super::nodes::{tag_of, Kind, Model, Node, NodeId, Nodes};
use crate::json::Draft;

/// Which document of a check a node belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Old,
    New,
}

/// The nodes of both models, by id.
pub(crate) struct PairNodes<'m, 'a> {
    old: &'m Nodes<'a>,
    new: &'m Nodes<'a>,
}

impl<'a> Index<NodeId> for PairNodes<'_, 'a> {
    type Output = Node<'a>;
    fn index(&self, id: NodeId) -> &Node<'a> {
        if tag_of(id) == self.new.tag() {
            &self.new[id]
        } else {
            &self.old[id]
        }
    }
}

/// The old and the new model of a check.
pub(crate) struct Pair<'m, 'a> {
    pub(crate) nodes: PairNodes<'m, 'a>,
    old: &'m Model<'a>,
    new: &'m Model<'a>,
}

impl<'m, 'a> Pair<'m, 'a> {
    /// `old` and `new` are one model (a document checked against itself) or two whose arenas
    /// have different tags.
    pub(crate) fn new(old: &'m Model<'a>, new: &'m Model<'a>) -> Pair<'m, 'a> {
        debug_assert!(ptr::eq(old, new) || old.nodes.tag() != new.nodes.tag());
        Pair {
            nodes: PairNodes {
                old: &old.nodes,
                new: &new.nodes,
            },
            old,
            new,
        }
    }

    fn model(&self, id: NodeId) -> &'m Model<'a> {
        if tag_of(id) == self.new.nodes.tag() {
            self.new
        } else {
            self.old
        }
    }

    /// Follow references to the node that holds content.
    pub(crate) fn resolve(&self, mut id: NodeId) -> NodeId {
        while let Kind::Ref(_, Some(next)) = self.nodes[id].kind {
            id = next;
        }
        id
    }

    /// The pointer of a node as reported to users: `name#/ptr` for referenced documents.
    pub(crate) fn display_pointer(&self, id: NodeId) -> String {
        self.model(id).display_pointer(id)
    }

    /// The document a node belongs to; a model checked against itself counts as the old one.
    pub(crate) fn side(&self, id: NodeId) -> Side {
        if !ptr::eq(self.old, self.new) && tag_of(id) == self.new.nodes.tag() {
            Side::New
        } else {
            Side::Old
        }
    }

    /// The draft of the document a node belongs to.
    pub(crate) fn draft(&self, id: NodeId) -> Draft {
        self.model(id).draft(id)
    }
}
