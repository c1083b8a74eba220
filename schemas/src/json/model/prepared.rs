//! A document's comparison model, built once and kept with the document (and its clones), so a
//! check compares two models that already exist instead of walking both documents again.

use std::fmt;
use std::sync::{Arc, OnceLock};

use self_cell::self_cell;

use super::nodes::Model;
use crate::json::SchemaDoc;
use crate::limits::Limits;
use crate::Result;

self_cell!(
    /// A model with the document it borrows from (a clone of the document sharing its values).
    pub(crate) struct Prepared {
        owner: SchemaDoc,
        #[covariant]
        dependent: Model,
    }
);

impl Prepared {
    /// Build the model of `doc`; see [`Model::of`] for `lenient_external`.
    pub(crate) fn build(
        doc: &SchemaDoc,
        limits: &Limits,
        lenient_external: bool,
    ) -> Result<Prepared> {
        Prepared::try_new(doc.detached(), |d| Model::of(d, limits, lenient_external))
    }
}

/// The model cache of a document, shared by its clones.
#[derive(Clone, Default)]
pub(crate) struct ModelCache(Arc<OnceLock<Prepared>>);

impl fmt::Debug for ModelCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "ModelCache(built)"
        } else {
            "ModelCache(empty)"
        })
    }
}

impl ModelCache {
    /// Keep `prepared` (a model built while checking the document) if none is kept yet.
    pub(crate) fn keep(&self, prepared: Prepared) {
        let _ = self.0.set(prepared);
    }
}

/// A model of a document: the kept one, or one built for limits other than the kept one's.
pub(crate) enum ModelRef<'s> {
    Kept(&'s Prepared),
    Built(Prepared),
}

impl ModelRef<'_> {
    pub(crate) fn get(&self) -> &Model<'_> {
        match self {
            ModelRef::Kept(p) => p.borrow_dependent(),
            ModelRef::Built(p) => p.borrow_dependent(),
        }
    }
}

impl SchemaDoc {
    /// The document's model with every reference resolved, within `limits`: built on first use
    /// and kept; a later call with other limits builds one that is not kept.
    pub(crate) fn model(&self, limits: &Limits) -> Result<ModelRef<'_>> {
        let cache = &self.cache().0;
        if let Some(kept) = cache.get() {
            if kept.borrow_dependent().limits == *limits {
                return Ok(ModelRef::Kept(kept));
            }
            return Ok(ModelRef::Built(Prepared::build(self, limits, false)?));
        }
        let built = Prepared::build(self, limits, false)?;
        let _ = cache.set(built);
        match cache.get() {
            Some(kept) if kept.borrow_dependent().limits == *limits => Ok(ModelRef::Kept(kept)),
            // Another thread kept a model built with other limits first.
            _ => Ok(ModelRef::Built(Prepared::build(self, limits, false)?)),
        }
    }
}
