//! Accord's `/validate` endpoints: check payloads against a registered schema.
//!
//! - `POST /validate/{subject}?version=N|latest` (default `latest`, live versions only) and
//!   `POST /validate?id=N` select the schema;
//! - a body of type `application/x-ndjson` is a batch, one payload per line, answered per line:
//!   `{"total", "valid", "invalid", "errors", "results": [{"line", "valid", "violations"} |
//!   {"line", "error"}]}`; one bad line never stops the batch;
//! - any other accepted JSON type is one payload, answered `{"valid", "violations"}`; a body
//!   that is not JSON is a 400.
//!
//! Each violation carries `instancePath`, `schemaPath`, `keyword` and `message`. Compiled
//! validators are cached by schema id in a bounded cache; references resolve from the registry
//! only.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use accord_schemas::api::ErrorBody;
use accord_schemas::validate::ndjson::NdjsonReader;
use accord_schemas::validate::{PayloadLimits, Validator};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::media::is_json_request_type;
use crate::openapi::{tags, SubjectPath, ValidationAnswer};
use crate::routes::Segments;
use crate::service::{self, AppState, VersionSel};
use crate::store::{SchemaRecord, VersionRecord};

/// Validators by id, and the ids in the order they were compiled.
type Entries = (HashMap<i64, Arc<Validator>>, VecDeque<i64>);

/// Compiled validators by schema id, at most `capacity`, the oldest compiled evicted first.
#[derive(Debug)]
pub struct ValidatorCache {
    capacity: usize,
    inner: Mutex<Entries>,
}

impl ValidatorCache {
    /// An empty cache holding at most `capacity` validators (at least one).
    pub fn new(capacity: usize) -> ValidatorCache {
        ValidatorCache {
            capacity: capacity.max(1),
            inner: Mutex::default(),
        }
    }

    fn get(&self, id: i64) -> Option<Arc<Validator>> {
        self.inner
            .lock()
            .expect("validator cache")
            .0
            .get(&id)
            .cloned()
    }

    fn put(&self, id: i64, validator: Arc<Validator>) {
        let mut guard = self.inner.lock().expect("validator cache");
        let (map, order) = &mut *guard;
        if map.insert(id, validator).is_none() {
            order.push_back(id);
        }
        while map.len() > self.capacity {
            match order.pop_front() {
                Some(old) => {
                    map.remove(&old);
                }
                None => break,
            }
        }
    }

    /// How many validators are cached.
    pub fn len(&self) -> usize {
        self.inner.lock().expect("validator cache").0.len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

async fn validator(state: &AppState, schema: &SchemaRecord) -> ApiResult<Arc<Validator>> {
    if let Some(v) = state.validators.get(schema.id) {
        return Ok(v);
    }
    let mut reads = state.store.read().await?;
    let doc = service::stored_doc(state, reads.as_mut(), schema, 0).await?;
    let compiled = Validator::compile_with_limits(&doc, &state.options.limits).map_err(|e| {
        ApiError::invalid_schema(format!(
            "Schema {} cannot be compiled for validation: {e}",
            schema.id
        ))
    })?;
    let compiled = Arc::new(compiled);
    state.validators.put(schema.id, compiled.clone());
    Ok(compiled)
}

fn is_ndjson(headers: &HeaderMap) -> ApiResult<bool> {
    let Some(ct) = headers.get(header::CONTENT_TYPE) else {
        return Ok(false);
    };
    let ct = ct.to_str().unwrap_or("");
    let essence = ct.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/x-ndjson") {
        return Ok(true);
    }
    if is_json_request_type(ct) {
        return Ok(false);
    }
    Err(ApiError::http(StatusCode::UNSUPPORTED_MEDIA_TYPE))
}

async fn answer(
    state: &AppState,
    schema: &SchemaRecord,
    headers: &HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let ndjson = is_ndjson(headers)?;
    let validator = validator(state, schema).await?;
    let limits = PayloadLimits::default();
    let metrics = state.metrics.clone();
    if !ndjson {
        let outcome = validator.validate_bytes(&body, &limits).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                400,
                format!("Invalid payload: {e}"),
            )
        })?;
        metrics.validated(outcome.is_valid());
        return Ok(Json(serde_json::to_value(&outcome).unwrap_or_default()));
    }
    // A batch is CPU work: keep it off the async workers.
    let result = tokio::task::spawn_blocking(move || {
        let mut reader = NdjsonReader::new(&body[..], limits.max_payload_bytes);
        let (mut valid, mut invalid, mut errors) = (0u64, 0u64, 0u64);
        let mut results = Vec::new();
        while let Ok(Some(line)) = reader.next_line() {
            let entry = match line
                .payload
                .and_then(|bytes| validator.validate_bytes(bytes, &limits))
            {
                Ok(outcome) => {
                    if outcome.is_valid() {
                        valid += 1;
                    } else {
                        invalid += 1;
                    }
                    metrics.validated(outcome.is_valid());
                    let mut v = serde_json::to_value(&outcome).unwrap_or_default();
                    v["line"] = json!(line.number);
                    v
                }
                Err(e) => {
                    errors += 1;
                    json!({"line": line.number, "error": e.to_string()})
                }
            };
            results.push(entry);
        }
        json!({
            "total": valid + invalid + errors,
            "valid": valid,
            "invalid": invalid,
            "errors": errors,
            "results": results,
        })
    })
    .await
    .map_err(ApiError::internal)?;
    Ok(Json(result))
}

/// Validate payloads against a subject's version.
///
/// A JSON body is one payload; an `application/x-ndjson` body is a batch, answered per line.
#[utoipa::path(
    post,
    path = "/validate/{subject}",
    operation_id = "validateBySubject",
    tag = tags::VALIDATION,
    params(
        SubjectPath,
        ("version" = Option<String>, Query, description = "A live version number, or `latest` (the default)"),
    ),
    request_body(
        description = "One JSON payload, or NDJSON (one payload per line)",
        content(
            (Object = "application/json"),
            (String = "application/x-ndjson"),
        ),
    ),
    responses(
        (status = 200, description = "The verdict per payload", body = ValidationAnswer),
        (status = 400, description = "The body is not a JSON payload", body = ErrorBody),
        (status = 404, description = "40401: no such subject; 40402: no such version", body = ErrorBody),
        (status = 415, description = "Neither JSON nor NDJSON", body = ErrorBody),
    ),
)]
pub async fn by_subject(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let subject = segments.subject();
    let version = params.get("version").unwrap_or("latest").to_string();
    let sel = VersionSel::parse(&version)?;
    let mut reads = state.store.read().await?;
    let all = reads.versions(&subject).await?;
    drop(reads);
    let live: Vec<&VersionRecord> = all.iter().filter(|v| !v.deleted).collect();
    if live.is_empty() {
        return Err(ApiError::subject_not_found(&subject));
    }
    let found = sel
        .pick(&live)
        .ok_or_else(|| ApiError::version_not_found(&version))?;
    answer(&state, &found.schema, &headers, body).await
}

/// Validate payloads against a schema by id.
///
/// A JSON body is one payload; an `application/x-ndjson` body is a batch, answered per line.
#[utoipa::path(
    post,
    path = "/validate",
    operation_id = "validateById",
    tag = tags::VALIDATION,
    params(("id" = i64, Query, description = "The schema id")),
    request_body(
        description = "One JSON payload, or NDJSON (one payload per line)",
        content(
            (Object = "application/json"),
            (String = "application/x-ndjson"),
        ),
    ),
    responses(
        (status = 200, description = "The verdict per payload", body = ValidationAnswer),
        (status = 400, description = "No `id`, or the body is not a JSON payload", body = ErrorBody),
        (status = 404, description = "40403: no such schema", body = ErrorBody),
        (status = 415, description = "Neither JSON nor NDJSON", body = ErrorBody),
    ),
)]
pub async fn by_id(
    State(state): State<AppState>,
    params: Params,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let Some(id_text) = params.get("id") else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            400,
            "Missing query parameter id (or use /validate/{subject})",
        ));
    };
    let id: i64 = id_text
        .trim()
        .parse()
        .map_err(|_| ApiError::schema_id_not_found(id_text))?;
    let schema = state
        .store
        .schema_by_id(id)
        .await?
        .ok_or_else(|| ApiError::schema_id_not_found(id))?;
    answer(&state, &schema, &headers, body).await
}

#[cfg(test)]
mod tests {
    use accord_schemas::json::SchemaDoc;

    use super::*;

    fn compiled(text: &str) -> Arc<Validator> {
        Arc::new(Validator::compile(&SchemaDoc::parse(text).unwrap()).unwrap())
    }

    #[test]
    fn the_validator_cache_keeps_at_most_its_capacity_oldest_out_first() {
        let cache = ValidatorCache::new(2);
        assert!(cache.is_empty());
        cache.put(1, compiled(r#"{"type":"string"}"#));
        cache.put(2, compiled(r#"{"type":"integer"}"#));
        cache.put(2, compiled(r#"{"type":"integer"}"#));
        assert_eq!(cache.len(), 2);
        cache.put(3, compiled(r#"{"type":"boolean"}"#));
        assert_eq!(cache.len(), 2);
        assert!(cache.get(1).is_none(), "the oldest went first");
        assert!(cache.get(2).is_some() && cache.get(3).is_some());
        assert!(cache.get(3).unwrap().is_valid(&json!(true)));
    }
}
