//! Payload validation: compile a schema once into a [`Validator`], then check many payloads.
//!
//! The engine is the `jsonschema` crate. Conventions that hold here:
//! - **compile once, validate many**: [`Validator::compile`] does all the work that does not
//!   depend on the payload; [`Validator::is_valid`] is the hot path and allocates nothing, and
//!   violations are collected only when asked for ([`Validator::validate`]);
//! - **no I/O while compiling**: a `$ref` resolves only inside the document or to one of the
//!   documents given as its references ([`SchemaDoc::references`]), registered under their names so
//!   `$ref: "customer.json"` finds the schema referenced as `customer.json`. Nothing is fetched
//!   over the network or read from disk;
//! - **untrusted patterns are safe**: `pattern` and `patternProperties` compile with the
//!   linear-time `regex` engine (no backtracking), within [`Limits::max_regex_size`]; a pattern that
//!   needs backtracking (look-around, back-references) is refused at compile time;
//! - **a violation is data, a payload that cannot be checked is a per-payload error**: an invalid
//!   payload gives an [`Outcome`] listing its [`Violation`]s; a payload that is not JSON, too big or
//!   too deeply nested gives a [`PayloadError`] for that payload alone (see [`payload`]); a stream
//!   of NDJSON lines is read in constant memory by [`ndjson::NdjsonReader`], so one bad line never
//!   stops the stream.

use std::collections::BTreeMap;
use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::json::{Draft, SchemaDoc};
use crate::limits::Limits;

pub mod ndjson;
pub mod payload;

pub use payload::{parse_payload, PayloadError, PayloadLimits};

/// Why a schema could not be compiled into a [`Validator`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The schema (or one of its references) is not a valid schema for its draft, or uses a
    /// keyword value the engine cannot compile.
    #[error("invalid schema at {pointer:?}: {message}")]
    InvalidSchema {
        /// JSON pointer to the offending node of the schema (empty for the root).
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// A `$ref` names neither a place in the document nor one of the given references.
    #[error("unresolved reference: {message}")]
    UnresolvedReference {
        /// What the resolver said, including the reference.
        message: String,
    },
    /// A `pattern` or `patternProperties` regular expression cannot be compiled by the linear-time
    /// engine (it needs backtracking) or exceeds the regex size limit.
    #[error("unsupported pattern at {pointer:?}: {message}")]
    Pattern {
        /// JSON pointer to the pattern in the schema.
        pointer: String,
        /// Why it was refused.
        message: String,
    },
    /// Two references of the schema (possibly at different depths) share a name but are
    /// different documents, so `$ref` to that name would be ambiguous.
    #[error("conflicting references named {name:?}")]
    ConflictingReference {
        /// The name used by both.
        name: String,
    },
}

/// One way a payload fails its schema.
///
/// Serialised with the field names of the registry's `/validate` answers: `instancePath`,
/// `schemaPath`, `keyword`, `message`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    /// JSON pointer to the offending value in the payload (`""` for the payload itself).
    pub instance_path: String,
    /// JSON pointer to the failing keyword in the schema, e.g. `/properties/total/minimum`.
    pub schema_path: String,
    /// The failing keyword, e.g. `required`, `type`, `minimum`.
    pub keyword: String,
    /// A human-readable description, cut after 300 characters (then ending with `…`).
    pub message: String,
}

impl Violation {
    /// Messages quote the offending value; a huge value is cut to this many characters so a
    /// report stays readable and bounded.
    pub const MAX_MESSAGE_CHARS: usize = 300;
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.instance_path.is_empty() {
            "(root)"
        } else {
            &self.instance_path
        };
        write!(f, "{at}: {} [{}]", self.message, self.schema_path)
    }
}

/// The result of validating one payload: valid, or its violations.
///
/// Serialises as `{"valid": bool, "violations": [...]}` (plus `"truncated": true` when more
/// violations existed than were collected).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    violations: Vec<Violation>,
    truncated: bool,
}

impl Outcome {
    /// A valid outcome.
    pub fn valid() -> Outcome {
        Outcome::default()
    }

    /// The outcome of a check that found `violations` (sorted here by instance path, then schema
    /// path); `truncated` when it stopped collecting.
    pub fn from_violations(mut violations: Vec<Violation>, truncated: bool) -> Outcome {
        violations.sort_by(|a, b| {
            (&a.instance_path, &a.schema_path).cmp(&(&b.instance_path, &b.schema_path))
        });
        Outcome {
            violations,
            truncated,
        }
    }

    /// Whether the payload is valid.
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }

    /// The violations found, sorted by instance path then schema path (empty when valid).
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Whether there were more violations than the collection limit allowed.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// The violations, by value.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = if self.truncated { 3 } else { 2 };
        let mut s = serializer.serialize_struct("Outcome", fields)?;
        s.serialize_field("valid", &self.is_valid())?;
        s.serialize_field("violations", &self.violations)?;
        if self.truncated {
            s.serialize_field("truncated", &true)?;
        }
        s.end()
    }
}

/// A compiled schema. Cheap to share (`Send + Sync`); compile once per schema and keep it.
///
/// ```
/// use accord_schemas::json::SchemaDoc;
/// use accord_schemas::validate::Validator;
/// use serde_json::json;
///
/// let doc = SchemaDoc::parse(r#"{"type":"object","required":["id"],
///     "properties":{"id":{"type":"string"},"total":{"type":"number","minimum":0}}}"#).unwrap();
/// let validator = Validator::compile(&doc).unwrap();
///
/// assert!(validator.is_valid(&json!({"id": "o-1", "total": 12.5})));
///
/// let outcome = validator.validate(&json!({"total": -1}));
/// assert!(!outcome.is_valid());
/// let paths: Vec<_> = outcome.violations().iter().map(|v| v.instance_path.as_str()).collect();
/// assert_eq!(paths, ["", "/total"]);
/// assert_eq!(outcome.violations()[0].keyword, "required");
/// ```
pub struct Validator {
    inner: jsonschema::Validator,
    draft: Draft,
    max_violations: usize,
}

impl fmt::Debug for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validator")
            .field("draft", &self.draft)
            .finish_non_exhaustive()
    }
}

/// The base URI of a document without `$id`; references are registered relative to it so that a
/// `$ref` to a reference's name resolves to that reference.
const BASE_URI: &str = "json-schema:///";

impl Validator {
    /// Violations collected by [`Validator::validate`] unless set otherwise with
    /// [`Validator::with_max_violations`].
    pub const DEFAULT_MAX_VIOLATIONS: usize = 100;

    /// Compile `doc` (and its references) within the default [`Limits`].
    ///
    /// Errors name what is wrong: an invalid schema, an unresolvable `$ref`, or a pattern the
    /// linear-time engine refuses.
    ///
    /// ```
    /// use accord_schemas::json::SchemaDoc;
    /// use accord_schemas::validate::{Error, Validator};
    ///
    /// let customer = SchemaDoc::parse(r#"{"type":"object","required":["name"]}"#).unwrap();
    /// let order = SchemaDoc::parse(r#"{"properties":{"customer":{"$ref":"customer.json"}}}"#)
    ///     .unwrap()
    ///     .with_reference("customer.json", customer);
    /// let validator = Validator::compile(&order).unwrap();
    /// assert!(!validator.is_valid(&serde_json::json!({"customer": {}})));
    ///
    /// // Look-around needs backtracking: refused instead of risking a hang.
    /// let doc = SchemaDoc::parse(r#"{"pattern":"^(?=a)a+$"}"#).unwrap();
    /// assert!(matches!(Validator::compile(&doc), Err(Error::Pattern { .. })));
    /// ```
    pub fn compile(doc: &SchemaDoc) -> Result<Validator, Error> {
        Validator::compile_with_limits(doc, &Limits::DEFAULT)
    }

    /// Compile `doc` (and its references); compiled regular expressions are bounded by
    /// `limits.max_regex_size`.
    pub fn compile_with_limits(doc: &SchemaDoc, limits: &Limits) -> Result<Validator, Error> {
        let mut references = BTreeMap::new();
        collect_references(doc, &mut references)?;

        let patterns = jsonschema::PatternOptions::regex()
            .size_limit(limits.max_regex_size)
            .dfa_size_limit(limits.max_regex_size);
        let options = jsonschema::options()
            .with_draft(engine_draft(doc.draft()))
            .with_pattern_options(patterns)
            .offline();

        let inner = if references.is_empty() {
            options.build(doc.value())
        } else {
            let mut builder = jsonschema::Registry::new();
            for (name, reference) in &references {
                let uri = reference_uri(name);
                let resource =
                    engine_draft(reference.draft()).create_resource_ref(reference.value());
                builder = builder
                    .add(&uri, resource)
                    .map_err(|e| Error::UnresolvedReference {
                        message: format!("reference {name:?}: {e}"),
                    })?;
            }
            let registry = builder.prepare().map_err(|e| Error::UnresolvedReference {
                message: e.to_string(),
            })?;
            options.with_registry(&registry).build(doc.value())
        }
        .map_err(|e| compile_error(e, limits))?;

        Ok(Validator {
            inner,
            draft: doc.draft(),
            max_violations: Validator::DEFAULT_MAX_VIOLATIONS,
        })
    }

    /// Collect at most `max` violations per payload in [`Validator::validate`] (at least one).
    pub fn with_max_violations(mut self, max: usize) -> Validator {
        self.max_violations = max.max(1);
        self
    }

    /// The draft the schema was compiled as.
    pub fn draft(&self) -> Draft {
        self.draft
    }

    /// Whether `payload` is valid. The hot path: stops at the first failure and allocates
    /// nothing.
    ///
    /// ```
    /// # use accord_schemas::{json::SchemaDoc, validate::Validator};
    /// let v = Validator::compile(&SchemaDoc::parse(r#"{"type":"integer"}"#).unwrap()).unwrap();
    /// assert!(v.is_valid(&serde_json::json!(3)));
    /// assert!(!v.is_valid(&serde_json::json!("3")));
    /// ```
    #[inline]
    pub fn is_valid(&self, payload: &Value) -> bool {
        self.inner.is_valid(payload)
    }

    /// Validate `payload` and collect its violations (at most the configured maximum), sorted by
    /// instance path then schema path so reports are stable.
    pub fn validate(&self, payload: &Value) -> Outcome {
        if self.inner.is_valid(payload) {
            return Outcome::valid();
        }
        let mut errors = self.inner.iter_errors(payload);
        let mut violations: Vec<Violation> = errors
            .by_ref()
            .take(self.max_violations)
            .map(|e| violation(&e))
            .collect();
        let truncated = errors.next().is_some();
        violations.sort_by(|a, b| {
            (&a.instance_path, &a.schema_path).cmp(&(&b.instance_path, &b.schema_path))
        });
        Outcome {
            violations,
            truncated,
        }
    }

    /// Parse one JSON payload within `limits` and validate it.
    ///
    /// `Err` means this payload could not be checked (not JSON, too large, too deep); it says
    /// nothing about other payloads.
    ///
    /// ```
    /// # use accord_schemas::{json::SchemaDoc, validate::{PayloadError, PayloadLimits, Validator}};
    /// let v = Validator::compile(&SchemaDoc::parse(r#"{"type":"object"}"#).unwrap()).unwrap();
    /// let limits = PayloadLimits::default();
    /// assert!(v.validate_bytes(br#"{"a": 1}"#, &limits).unwrap().is_valid());
    /// assert!(!v.validate_bytes(b"[1]", &limits).unwrap().is_valid());
    /// let err = v.validate_bytes(b"{\"a\":\n  tru}", &limits).unwrap_err();
    /// assert!(matches!(err, PayloadError::NotJson { line: 2, .. }), "{err}");
    /// ```
    pub fn validate_bytes(
        &self,
        payload: &[u8],
        limits: &PayloadLimits,
    ) -> Result<Outcome, PayloadError> {
        let value = parse_payload(payload, limits)?;
        Ok(self.validate(&value))
    }

    /// [`Validator::validate_bytes`] for text.
    pub fn validate_str(
        &self,
        payload: &str,
        limits: &PayloadLimits,
    ) -> Result<Outcome, PayloadError> {
        self.validate_bytes(payload.as_bytes(), limits)
    }
}

/// The URI under which a reference named `name` is registered: names that are absolute URIs
/// stand for themselves, others are relative to the default base URI of a document without
/// `$id`, exactly where a `$ref` to the bare name resolves.
fn reference_uri(name: &str) -> String {
    if name.contains("://") || name.starts_with("urn:") {
        name.to_string()
    } else {
        format!("{BASE_URI}{}", name.trim_start_matches('/'))
    }
}

/// Flatten the references of `doc`, recursively; a name may appear at several depths only for
/// the same document.
fn collect_references<'a>(
    doc: &'a SchemaDoc,
    into: &mut BTreeMap<&'a str, &'a SchemaDoc>,
) -> Result<(), Error> {
    for (name, reference) in doc.references() {
        match into.get(name.as_str()) {
            Some(existing) if existing.value() == reference.value() => continue,
            Some(_) => {
                return Err(Error::ConflictingReference { name: name.clone() });
            }
            None => {
                into.insert(name, reference);
                collect_references(reference, into)?;
            }
        }
    }
    Ok(())
}

fn engine_draft(draft: Draft) -> jsonschema::Draft {
    match draft {
        Draft::Draft4 => jsonschema::Draft::Draft4,
        Draft::Draft6 => jsonschema::Draft::Draft6,
        Draft::Draft7 => jsonschema::Draft::Draft7,
        Draft::Draft201909 => jsonschema::Draft::Draft201909,
        Draft::Draft202012 => jsonschema::Draft::Draft202012,
    }
}

fn compile_error(err: jsonschema::ValidationError<'_>, limits: &Limits) -> Error {
    use jsonschema::error::ValidationErrorKind as Kind;
    let message = bounded(err.to_string());
    match err.kind() {
        Kind::Referencing(_) => Error::UnresolvedReference { message },
        _ => {
            // Meta-schema failures point into the schema through the instance path; errors
            // raised while compiling a keyword point to it through the schema path.
            let pointer = if err.instance_path().is_empty() {
                err.schema_path().as_str().to_string()
            } else {
                err.instance_path().as_str().to_string()
            };
            let last = pointer.rsplit('/').next().unwrap_or("");
            let in_patterns = pointer.split('/').any(|s| s == "patternProperties");
            if last == "pattern" || in_patterns {
                let pattern = if in_patterns {
                    pointer
                        .rsplit('/')
                        .next()
                        .unwrap_or("")
                        .replace("~1", "/")
                        .replace("~0", "~")
                } else {
                    err.instance().as_str().unwrap_or("").to_string()
                };
                Error::Pattern {
                    pointer,
                    message: format!(
                        "{pattern:?} cannot run on the linear-time regex engine: look-around and \
                         back-references are not supported, and a compiled pattern may take at \
                         most {} bytes",
                        limits.max_regex_size
                    ),
                }
            } else {
                Error::InvalidSchema { pointer, message }
            }
        }
    }
}

fn violation(err: &jsonschema::ValidationError<'_>) -> Violation {
    Violation {
        instance_path: err.instance_path().as_str().to_string(),
        schema_path: err.schema_path().as_str().to_string(),
        keyword: err.kind().keyword().to_string(),
        message: bounded(err.to_string()),
    }
}

/// Cut `message` to [`Violation::MAX_MESSAGE_CHARS`] characters.
fn bounded(mut message: String) -> String {
    if let Some((cut, _)) = message.char_indices().nth(Violation::MAX_MESSAGE_CHARS) {
        message.truncate(cut);
        message.push('…');
    }
    message
}

#[cfg(test)]
#[cfg(test)]
mod tests;
