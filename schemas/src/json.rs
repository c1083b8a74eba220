//! The JSON Schema documents the engine works on.
//!
//! A [`SchemaDoc`] is a parsed, checked schema document plus the documents it references by
//! name (Confluent-style references: `$ref: "customer.json"` resolves to the schema registered
//! under that name). The comparison model built from it lives in `model`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use crate::limits::Limits;
use crate::{canonical, Error, Result};
use model::ModelCache;

mod checked;
pub(crate) mod model;

/// The JSON Schema drafts the engine understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Draft {
    /// Draft 4.
    Draft4,
    /// Draft 6.
    Draft6,
    /// Draft 7 (the default when `$schema` is absent).
    Draft7,
    /// Draft 2019-09.
    Draft201909,
    /// Draft 2020-12.
    Draft202012,
}

impl Draft {
    /// The draft named by a `$schema` URI, if known.
    ///
    /// ```
    /// use accord_schemas::json::Draft;
    /// assert_eq!(Draft::from_uri("http://json-schema.org/draft-04/schema#"), Some(Draft::Draft4));
    /// assert_eq!(Draft::from_uri("https://json-schema.org/draft/2020-12/schema"), Some(Draft::Draft202012));
    /// ```
    pub fn from_uri(uri: &str) -> Option<Draft> {
        let u = uri.trim_end_matches('#').trim_end_matches('/');
        let u = u
            .strip_prefix("http://")
            .or_else(|| u.strip_prefix("https://"))
            .unwrap_or(u);
        match u {
            "json-schema.org/draft-04/schema" => Some(Draft::Draft4),
            "json-schema.org/draft-06/schema" => Some(Draft::Draft6),
            "json-schema.org/draft-07/schema" => Some(Draft::Draft7),
            "json-schema.org/draft/2019-09/schema" => Some(Draft::Draft201909),
            "json-schema.org/draft/2020-12/schema" => Some(Draft::Draft202012),
            _ => None,
        }
    }

    /// Whether the draft has `unevaluated*`, `prefixItems`, `$defs` and `dependentSchemas`.
    pub fn is_modern(self) -> bool {
        matches!(self, Draft::Draft201909 | Draft::Draft202012)
    }
}

/// A parsed and checked JSON Schema document with the documents it references by name.
#[derive(Debug, Clone)]
pub struct SchemaDoc {
    value: Arc<Value>,
    draft: Draft,
    references: BTreeMap<String, SchemaDoc>,
    /// The comparison model, built once (shared by clones; reset when a reference is added).
    cache: ModelCache,
}

impl SchemaDoc {
    /// Parse and check schema text within the default [`Limits`].
    ///
    /// ```
    /// use accord_schemas::json::SchemaDoc;
    /// assert!(SchemaDoc::parse(r#"{"type":"string"}"#).is_ok());
    /// let err = SchemaDoc::parse(r#"{"type": 5}"#).unwrap_err();
    /// assert!(err.to_string().contains("/type"), "{err}");
    /// ```
    pub fn parse(text: &str) -> Result<SchemaDoc> {
        SchemaDoc::parse_with_limits(text, &Limits::DEFAULT)
    }

    /// Parse and check schema text within `limits`.
    pub fn parse_with_limits(text: &str, limits: &Limits) -> Result<SchemaDoc> {
        let value = canonical::parse(text, limits)?;
        SchemaDoc::from_value_with_limits(value, limits)
    }

    /// Check an already parsed document.
    pub fn from_value(value: Value) -> Result<SchemaDoc> {
        SchemaDoc::from_value_with_limits(value, &Limits::DEFAULT)
    }

    /// A document taken as it is (its draft detected, nothing checked).
    pub(crate) fn unchecked(value: Value, draft: Draft) -> SchemaDoc {
        SchemaDoc {
            value: Arc::new(value),
            draft,
            references: BTreeMap::new(),
            cache: ModelCache::default(),
        }
    }

    /// The same document with a cache of its own: what a kept model borrows from (sharing the
    /// cache would make the model own itself).
    pub(crate) fn detached(&self) -> SchemaDoc {
        SchemaDoc {
            value: Arc::clone(&self.value),
            draft: self.draft,
            references: self.references.clone(),
            cache: ModelCache::default(),
        }
    }

    pub(crate) fn cache(&self) -> &ModelCache {
        &self.cache
    }

    /// Add a document this one refers to as `name` (its `$ref` value).
    pub fn with_reference(mut self, name: impl Into<String>, doc: SchemaDoc) -> SchemaDoc {
        self.references.insert(name.into(), doc);
        // The kept model resolved references without this one.
        self.cache = ModelCache::default();
        self
    }

    /// The document.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The draft the document is read as.
    pub fn draft(&self) -> Draft {
        self.draft
    }

    /// The referenced documents by name.
    pub fn references(&self) -> &BTreeMap<String, SchemaDoc> {
        &self.references
    }
}

fn detect_draft(value: &Value) -> Result<Draft> {
    match value {
        Value::Bool(_) => Ok(Draft::Draft7),
        Value::Object(map) => match map.get("$schema") {
            None => Ok(Draft::Draft7),
            Some(Value::String(uri)) => Draft::from_uri(uri).ok_or_else(|| {
                Error::invalid("/$schema", format!("unknown JSON Schema draft {uri:?}"))
            }),
            Some(_) => Err(Error::invalid("/$schema", "$schema must be a string")),
        },
        _ => Err(Error::invalid(
            "",
            "a schema must be a JSON object or a boolean",
        )),
    }
}
