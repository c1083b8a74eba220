//! Resolving references once every document is walked: `$ref` by JSON pointer, `$id`, anchor or
//! the name of a referenced document, against the base URI in force at the node.

use super::keywords::*;
use super::nodes::*;
use crate::{Error, Result};

impl<'a> Model<'a> {
    /// Resolve every `$ref` to its target node.
    pub(super) fn resolve_all(&mut self) -> Result<()> {
        let mut index = 0;
        while index < self.nodes.len() {
            let i = self.nodes.id(index);
            if let Kind::Ref(reference, None) = self.nodes[i].kind {
                let doc = self.nodes[i].doc;
                let ptr = self.nodes[i].ptr.clone();
                match self.locate(doc, &ptr, reference)? {
                    Some((target_doc, target_ptr)) => {
                        let target_value = pointer(self.docs[target_doc].root, &target_ptr)
                            .ok_or_else(|| Error::UnresolvedRef {
                                reference: reference.to_string(),
                                pointer: ptr.clone(),
                                message: "the pointer names no location in the document".into(),
                            })?;
                        let target = self.walk(target_doc, target_value, target_ptr, 0)?;
                        self.nodes[i].kind = Kind::Ref(reference, Some(target));
                    }
                    None => {
                        // Left unresolved: only allowed while checking a document alone.
                        self.nodes[i].kind = Kind::Empty;
                        self.unresolved = true;
                    }
                }
            }
            index += 1;
        }
        // A chain of references that never reaches content is an error, not a schema.
        for start in (0..self.nodes.len()).map(|i| self.nodes.id(i)) {
            let mut seen = 0usize;
            let mut at = start;
            while let Kind::Ref(reference, Some(next)) = self.nodes[at].kind {
                seen += 1;
                if seen > self.nodes.len() {
                    return Err(Error::UnresolvedRef {
                        reference: reference.to_string(),
                        pointer: self.nodes[start].ptr.clone(),
                        message: "a $ref cycle with no content".into(),
                    });
                }
                at = next;
            }
        }
        Ok(())
    }

    /// The document and pointer a `$ref` written at `ptr` of `doc` names.
    pub(super) fn locate(
        &self,
        doc: usize,
        ptr: &str,
        reference: &str,
    ) -> Result<Option<(usize, String)>> {
        let unresolved = |message: &str| Error::UnresolvedRef {
            reference: reference.to_string(),
            pointer: ptr.to_string(),
            message: message.to_string(),
        };
        let (uri, fragment) = split_fragment(reference);
        if uri.is_empty() {
            return self
                .with_fragment(doc, String::new(), fragment, &unresolved)
                .map(Some);
        }
        if let Some(&(_, d)) = self.docs[doc]
            .references
            .iter()
            .find(|(name, _)| *name == uri)
        {
            return self
                .with_fragment(d, String::new(), fragment, &unresolved)
                .map(Some);
        }
        // `$id`-based resolution inside the document, then in the other documents of the model.
        let absolute = join_uri(&self.base_of(doc, ptr), uri);
        let found = std::iter::once(doc)
            .chain((0..self.docs.len()).filter(|&i| i != doc))
            .find_map(|i| self.docs[i].ids.get(&absolute).map(|p| (i, p.clone())));
        if let Some((i, p)) = found {
            return self.with_fragment(i, p, fragment, &unresolved).map(Some);
        }
        if self.lenient_external {
            return Ok(None);
        }
        Err(unresolved(
            "no referenced schema has that name and no $id in the documents matches; remote references are never fetched",
        ))
    }

    pub(super) fn with_fragment(
        &self,
        doc: usize,
        base_ptr: String,
        fragment: Option<&str>,
        unresolved: &dyn Fn(&str) -> Error,
    ) -> Result<(usize, String)> {
        match fragment {
            None | Some("") => Ok((doc, base_ptr)),
            Some(f) if f.starts_with('/') => {
                let decoded = percent_decode(f);
                Ok((doc, format!("{base_ptr}{decoded}")))
            }
            Some(anchor) => match self.docs[doc].anchors.get(anchor) {
                Some(p) => Ok((doc, p.clone())),
                None => Err(unresolved(
                    "no $anchor or $id in the document has that name",
                )),
            },
        }
    }

    pub(super) fn base_of(&self, doc: usize, ptr: &str) -> String {
        let mut p = ptr.to_string();
        loop {
            if let Some(b) = self.docs[doc].bases.get(&p) {
                return b.clone();
            }
            match p.rfind('/') {
                Some(i) => p.truncate(i),
                None => return String::new(),
            }
        }
    }
}
