//! Accord's `/validate` endpoints: check payloads against a registered schema.
//!
//! - `POST /validate/{subject}?version=N|latest` (default `latest`, live versions only) and
//!   `POST /validate?id=N` select the schema;
//! - a body of type `application/x-ndjson` is a batch, one payload per line, answered per line
//!   ([`BatchValidation`](crate::domain::validate::BatchValidation));
//! - any other accepted JSON type is one payload, any JSON value, answered
//!   [`PayloadValidation`](crate::domain::validate::PayloadValidation); a body that is not JSON
//!   is a 400.
//!
//! The work is [`crate::domain::validate`]'s; this module only tells one payload from a batch.

use accord_schemas::api::ErrorBody;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};

use crate::domain::validate::{self, ValidationAnswer};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::media::is_json_request_type;
use crate::routes::params::{tags, Segments, SubjectPath};
use crate::routes::responses::{NoSuchSchema, NoSuchVersion, NotPayloads};
use crate::state::AppState;
use crate::store::SchemaRecord;

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
) -> ApiResult<Json<ValidationAnswer>> {
    let metrics = &state.metrics;
    if !is_ndjson(headers)? {
        let one = validate::one(&state.registry, schema, &body).await?;
        metrics.validated(one.valid);
        return Ok(Json(ValidationAnswer::One(one)));
    }
    let batch = validate::batch(&state.registry, schema, body.to_vec()).await?;
    for line in &batch.results {
        if let Some(valid) = line.valid {
            metrics.validated(valid);
        }
    }
    Ok(Json(ValidationAnswer::Batch(batch)))
}

/// A validation operation: `POST` of one JSON payload or an NDJSON batch, answered by
/// [`answer`]. What every one accepts and answers (the body, the verdict, 415) is stated here;
/// each states its path, how it selects the schema and the refusals that selection adds.
macro_rules! validation {
    (
        $(#[doc = $doc:tt])*
        path = $path:tt, operation_id = $id:tt, params($($params:tt)*),
        responses($($responses:tt)*),
        $handler:item
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            post,
            path = $path,
            operation_id = $id,
            tag = tags::VALIDATION,
            params($($params)*),
            request_body(
                description = "One JSON payload (any JSON value), or NDJSON (one payload per line)",
                content(
                    (serde_json::Value = "application/json"),
                    (String = "application/x-ndjson"),
                ),
            ),
            responses(
                (status = 200, description = "The verdict per payload", body = ValidationAnswer),
                $($responses)*
                NotPayloads,
            ),
        )]
        $handler
    };
}

validation! {
    /// Validate payloads against a subject's version.
    ///
    /// A JSON body is one payload (any JSON value); an `application/x-ndjson` body is a batch,
    /// answered per line.
    path = "/validate/{subject}", operation_id = "validateBySubject", params(
        SubjectPath,
        ("version" = Option<String>, Query, description = "A live version number from 1, or `latest` (the default; also `-1`)"),
    ),
    responses(
        (status = 400, description = "The body is not a JSON payload", body = ErrorBody),
        NoSuchVersion,
    ),
    pub async fn by_subject(
        State(state): State<AppState>,
        segments: Segments,
        params: Params,
        headers: HeaderMap,
        body: Bytes,
    ) -> ApiResult<Json<ValidationAnswer>> {
        let subject = segments.subject();
        let version = params.get("version").unwrap_or("latest");
        let schema = validate::schema_of_subject(&state.registry, &subject, version).await?;
        answer(&state, &schema, &headers, body).await
    }
}

validation! {
    /// Validate payloads against a schema by id.
    ///
    /// A JSON body is one payload (any JSON value); an `application/x-ndjson` body is a batch,
    /// answered per line.
    path = "/validate", operation_id = "validateById",
    params(("id" = i64, Query, description = "The schema id")),
    responses(
        (status = 400, description = "No `id`, or the body is not a JSON payload", body = ErrorBody),
        NoSuchSchema,
    ),
    pub async fn by_id(
        State(state): State<AppState>,
        params: Params,
        headers: HeaderMap,
        body: Bytes,
    ) -> ApiResult<Json<ValidationAnswer>> {
        let Some(id) = params.get("id") else {
            return Err(ApiError::bad_request(
                "Missing query parameter id (or use /validate/{subject})",
            ));
        };
        let schema = validate::schema_of_id(&state.registry, id).await?;
        answer(&state, &schema, &headers, body).await
    }
}
