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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::compat::{check_with_limits, Policy};
    use crate::json::SchemaDoc;
    use crate::limits::Limits;
    use crate::Error;

    fn kept(doc: &SchemaDoc) -> bool {
        format!("{:?}", doc.cache()) == "ModelCache(built)"
    }

    #[test]
    fn a_parsed_document_keeps_its_model_and_clones_share_it() {
        let doc =
            SchemaDoc::parse(r#"{"type":"object","properties":{"id":{"type":"string"}}}"#).unwrap();
        assert!(kept(&doc));
        assert!(kept(&doc.clone()));
    }

    #[test]
    fn a_document_with_a_reference_not_yet_attached_keeps_no_model() {
        let doc = SchemaDoc::parse(r#"{"$ref":"money.json"}"#).unwrap();
        assert!(!kept(&doc));
    }

    #[test]
    fn attaching_a_reference_drops_the_kept_model() {
        let doc = SchemaDoc::parse(r#"{"type":"object"}"#).unwrap();
        assert!(kept(&doc));
        let money = SchemaDoc::parse(r#"{"type":"number"}"#).unwrap();
        let doc = doc.with_reference("money.json", money);
        assert!(!kept(&doc));
    }

    #[test]
    fn a_reference_attached_after_parsing_is_compared() {
        let old = SchemaDoc::parse(r#"{"$ref":"money.json"}"#)
            .unwrap()
            .with_reference(
                "money.json",
                SchemaDoc::parse(r#"{"type":"number"}"#).unwrap(),
            );
        let new = SchemaDoc::parse(r#"{"$ref":"money.json"}"#)
            .unwrap()
            .with_reference(
                "money.json",
                SchemaDoc::parse(r#"{"type":"string"}"#).unwrap(),
            );
        let report = check_with_limits(&old, &new, Policy::Strict, &Limits::DEFAULT).unwrap();
        assert!(!report.compatible, "{report:?}");
    }

    #[test]
    fn tighter_limits_are_enforced_on_a_document_whose_model_is_kept() {
        let mut properties = serde_json::Map::new();
        for i in 0..50 {
            properties.insert(format!("p{i}"), json!({"type": "string"}));
        }
        let value = json!({"type": "object", "properties": properties});
        let old = SchemaDoc::from_value(value.clone()).unwrap();
        let new = SchemaDoc::from_value(value).unwrap();
        assert!(kept(&old) && kept(&new));
        let tight = Limits {
            max_nodes: 10,
            ..Limits::DEFAULT
        };
        match check_with_limits(&old, &new, Policy::Strict, &tight) {
            Err(Error::Limit { limit, .. }) => assert_eq!(limit, "max_nodes"),
            other => panic!("expected the node limit, got {other:?}"),
        }
        // The kept model still serves the limits it was built with.
        assert!(
            check_with_limits(&old, &new, Policy::Strict, &Limits::DEFAULT)
                .unwrap()
                .compatible
        );
    }
}
