//! Payload validation against a registered schema: the schema a `/validate` request names, its
//! compiled validator (cached by schema id), and the verdict for one payload or for a batch of
//! NDJSON lines (one bad line never stops the batch). References resolve from the registry
//! only.

use std::sync::Arc;

use accord_schemas::format::{self, PayloadValidator};
use accord_schemas::validate::ndjson::NdjsonReader;
use accord_schemas::validate::{Outcome, PayloadLimits, Violation};
use accord_schemas::wire;
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{DomainError, DomainResult};
use super::names::VersionSel;
use super::registry::Registry;
use super::schemas::{by_id, stored_doc};
use crate::store::{SchemaRecord, VersionRecord};

/// The answer for one JSON payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PayloadValidation {
    /// Whether the payload is valid.
    pub valid: bool,
    /// Its violations (empty when valid).
    pub violations: Vec<Violation>,
    /// Present and true when more violations existed than were collected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
}

impl From<Outcome> for PayloadValidation {
    fn from(outcome: Outcome) -> Self {
        PayloadValidation {
            valid: outcome.is_valid(),
            truncated: outcome.is_truncated().then_some(true),
            violations: outcome.into_violations(),
        }
    }
}

/// One line of an NDJSON batch: its validation, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct BatchLine {
    /// The line number, from 1.
    pub line: u64,
    /// Whether the payload is valid (absent when the line could not be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid: Option<bool>,
    /// Its violations (absent when the line could not be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub violations: Option<Vec<Violation>>,
    /// Present and true when more violations existed than were collected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truncated: Option<bool>,
    /// Why the line could not be read as a payload (only then present).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The answer for an NDJSON batch.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, ToSchema)]
pub struct BatchValidation {
    /// Lines read.
    pub total: u64,
    /// Valid payloads.
    pub valid: u64,
    /// Invalid payloads.
    pub invalid: u64,
    /// Lines that could not be read as payloads.
    pub errors: u64,
    /// One entry per line, in order.
    pub results: Vec<BatchLine>,
}

/// The answer of `/validate`: one payload's, or a batch's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ValidationAnswer {
    /// A JSON body.
    One(PayloadValidation),
    /// An NDJSON body.
    Batch(BatchValidation),
}

/// The schema of `subject` at `version` (live versions only).
pub async fn schema_of_subject(
    registry: &Registry,
    subject: &str,
    version: &str,
) -> DomainResult<Arc<SchemaRecord>> {
    let sel = VersionSel::parse(version)?;
    let all = registry.store.read().await?.versions(subject).await?;
    let live: Vec<&VersionRecord> = all.iter().filter(|v| !v.deleted).collect();
    if live.is_empty() {
        return Err(DomainError::SubjectNotFound(subject.to_string()));
    }
    let found = sel
        .pick(&live)
        .ok_or_else(|| DomainError::VersionNotFound(version.to_string()))?;
    Ok(found.schema.clone())
}

/// The schema with id `id_text`.
pub async fn schema_of_id(registry: &Registry, id_text: &str) -> DomainResult<Arc<SchemaRecord>> {
    by_id(registry, id_text).await
}

/// The compiled validator of `schema` (cached by id).
async fn validator(
    registry: &Registry,
    schema: &SchemaRecord,
) -> DomainResult<Arc<PayloadValidator>> {
    if let Some(v) = registry.validators.get(&schema.id) {
        return Ok(v);
    }
    let mut reads = registry.store.read().await?;
    let doc = stored_doc(registry, reads.as_mut(), schema).await?;
    let compiled = doc.validator(&registry.options.limits).map_err(|e| {
        DomainError::InvalidSchema(format!(
            "Schema {} cannot be compiled for validation: {e}",
            schema.id
        ))
    })?;
    let compiled = Arc::new(compiled);
    registry.validators.insert(schema.id, compiled.clone());
    Ok(compiled)
}

/// Validate one payload: a JSON document (400 when it is not JSON); for an Avro schema also a
/// Confluent-framed binary message (magic byte 0, schema id, datum), decoded with the frame's
/// schema and read with `schema`.
pub async fn one(
    registry: &Registry,
    schema: &SchemaRecord,
    payload: &[u8],
) -> DomainResult<PayloadValidation> {
    let validator = validator(registry, schema).await?;
    if matches!(validator.as_ref(), PayloadValidator::Avro(_)) && payload.first() == Some(&0) {
        return Ok(framed(registry, schema, payload).await?.into());
    }
    let outcome = validator
        .validate_bytes(payload, &PayloadLimits::default())
        .map_err(|e| DomainError::InvalidPayload(e.to_string()))?;
    Ok(outcome.into())
}

/// A framed message read with `reader`: the frame must name a registered Avro schema whose
/// datum decodes and resolves to the reader.
async fn framed(
    registry: &Registry,
    reader: &SchemaRecord,
    payload: &[u8],
) -> DomainResult<Outcome> {
    let (id, datum) = match wire::decode(payload) {
        Ok(frame) => frame,
        Err(e) => return Ok(format::frame_violation(e.to_string())),
    };
    let writer = match by_id(registry, &id.to_string()).await {
        Ok(writer) => writer,
        Err(DomainError::SchemaIdNotFound(_)) => {
            return Ok(format::frame_violation(format!(
                "the frame names schema id {id}, which is not registered"
            )))
        }
        Err(e) => return Err(e),
    };
    let mut reads = registry.store.read().await?;
    let writer_model = stored_doc(registry, reads.as_mut(), &writer).await?;
    let reader_model = stored_doc(registry, reads.as_mut(), reader).await?;
    Ok(format::validate_datum(&writer_model, &reader_model, datum))
}

/// Validate NDJSON, one payload per line, answered per line.
pub async fn batch(
    registry: &Registry,
    schema: &SchemaRecord,
    payload: Vec<u8>,
) -> DomainResult<BatchValidation> {
    let validator = validator(registry, schema).await?;
    // A batch is CPU work: keep it off the async workers.
    tokio::task::spawn_blocking(move || validate_lines(&validator, &payload))
        .await
        .map_err(|e| DomainError::Internal(e.to_string()))
}

fn validate_lines(validator: &PayloadValidator, payload: &[u8]) -> BatchValidation {
    let limits = PayloadLimits::default();
    let mut reader = NdjsonReader::new(payload, limits.max_payload_bytes);
    let mut answer = BatchValidation::default();
    while let Ok(Some(line)) = reader.next_line() {
        let number = line.number;
        let entry = match line
            .payload
            .and_then(|bytes| validator.validate_bytes(bytes, &limits))
        {
            Ok(outcome) => {
                let one = PayloadValidation::from(outcome);
                if one.valid {
                    answer.valid += 1;
                } else {
                    answer.invalid += 1;
                }
                BatchLine {
                    line: number,
                    valid: Some(one.valid),
                    violations: Some(one.violations),
                    truncated: one.truncated,
                    error: None,
                }
            }
            Err(e) => {
                answer.errors += 1;
                BatchLine {
                    line: number,
                    valid: None,
                    violations: None,
                    truncated: None,
                    error: Some(e.to_string()),
                }
            }
        };
        answer.results.push(entry);
    }
    answer.total = answer.valid + answer.invalid + answer.errors;
    answer
}
