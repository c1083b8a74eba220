//! The checks that make a [`SchemaDoc`]: a document maps onto the comparison model within the
//! limits and its references resolve. Kept apart from the document type so that the model, which
//! reads documents, and the document type do not depend on each other.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use super::{detect_draft, model, SchemaDoc};
use crate::limits::Limits;
use crate::Result;

impl SchemaDoc {
    /// Check an already parsed document within `limits`.
    pub fn from_value_with_limits(value: Value, limits: &Limits) -> Result<SchemaDoc> {
        let draft = detect_draft(&value)?;
        model::check_document(&value, draft, limits)?;
        Ok(SchemaDoc {
            value: Arc::new(value),
            draft,
            references: BTreeMap::new(),
        })
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
        model::check_references(self, &Limits::DEFAULT)
    }
}
