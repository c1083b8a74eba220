//! The checks that make a [`SchemaDoc`]: a document maps onto the comparison model within the
//! limits and its references resolve. Kept apart from the document type so that the model, which
//! reads documents, and the document type do not depend on each other.

use serde_json::Value;

use super::model::{meta_validate, Prepared};
use super::{detect_draft, SchemaDoc};
use crate::limits::Limits;
use crate::Result;

impl SchemaDoc {
    /// Check an already parsed document within `limits`.
    pub fn from_value_with_limits(value: Value, limits: &Limits) -> Result<SchemaDoc> {
        let draft = detect_draft(&value)?;
        meta_validate(&value, draft)?;
        // The document maps onto the model within the limits and its local references resolve;
        // references to documents not attached yet may stay open. Without any, the model is the
        // one checks use: kept.
        let doc = SchemaDoc::unchecked(value, draft);
        let prepared = Prepared::build(&doc, limits, true)?;
        if !prepared.borrow_dependent().unresolved {
            doc.cache().keep(prepared);
        }
        Ok(doc)
    }

    /// Check that every `$ref` resolves, now that the referenced documents are attached.
    ///
    /// ```
    /// use accord_schemas::json::SchemaDoc;
    /// let doc = SchemaDoc::parse(r#"{"$ref":"customer.json"}"#).unwrap();
    /// assert!(doc.check_references().is_err());
    /// let customer = SchemaDoc::parse(r#"{"type":"object"}"#).unwrap();
    /// assert!(doc.with_reference("customer.json", customer).check_references().is_ok());
    /// ```
    pub fn check_references(&self) -> Result<()> {
        self.model(&Limits::DEFAULT).map(|_| ())
    }
}
