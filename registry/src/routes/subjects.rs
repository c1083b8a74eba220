//! `/subjects...`: listing, register, lookup, versions, deletion, referencedby, metadata.

use accord_schemas::api::{RegisterSchemaRequest, Schema};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::media::DEFAULT_TYPE;
use crate::routes::Segments;
use crate::service::{self, schema_response, AppState, RegisterFlags, VersionSel};
use crate::store::VersionRecord;

/// `GET /subjects`.
pub async fn list(State(state): State<AppState>, params: Params) -> ApiResult<Json<Vec<String>>> {
    let deleted = params.flag(&["deleted"]);
    let deleted_only = params.flag(&["deletedOnly", "deleted_only"]);
    let prefix = params
        .get_any(&["subjectPrefix", "subject"])
        .unwrap_or(":*:");
    let prefix = service::normalize_subject(prefix);
    let mut reads = state.store.read().await?;
    let names: Vec<String> = reads
        .subjects()
        .await?
        .into_iter()
        .filter(|s| {
            if deleted_only {
                s.soft_deleted
            } else {
                deleted || !s.soft_deleted
            }
        })
        .filter(|s| prefix == ":*:" || s.name.starts_with(&prefix))
        .map(|s| s.name)
        .collect();
    Ok(Json(params.page(names, i32::MAX as i64)))
}

/// `POST /subjects/{subject}/versions`: register.
pub async fn register(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
    Json(req): Json<RegisterSchemaRequest>,
) -> ApiResult<Response> {
    let subject = segments.subject();
    let flags = RegisterFlags {
        normalize: params.flag(&["normalize"]),
        force: params.flag(&["force"]),
    };
    let registered = service::register(&state, &subject, &req, flags).await?;
    let warnings = registered.warnings.len();
    let mut response = Json(registered).into_response();
    if warnings > 0 {
        // The findings are in the body's `warnings`; the header lets clients that drop unknown
        // fields notice them.
        response.headers_mut().insert(
            "x-accord-warnings",
            axum::http::HeaderValue::from_str(&format!(
                "{warnings} consumer contract finding(s) under contractCheck WARN"
            ))
            .map_err(ApiError::internal)?,
        );
    }
    Ok(response)
}

/// `POST /subjects/{subject}`: look a schema up under a subject.
pub async fn lookup(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
    Json(req): Json<RegisterSchemaRequest>,
) -> ApiResult<Json<Schema>> {
    let subject = segments.subject();
    let schema = service::lookup(
        &state,
        &subject,
        &req,
        params.flag(&["normalize"]),
        params.flag(&["deleted"]),
    )
    .await?;
    Ok(Json(schema))
}

/// `DELETE /subjects/{subject}`.
pub async fn delete(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<Vec<i32>>> {
    let subject = segments.subject();
    let versions = service::delete_subject(&state, &subject, params.flag(&["permanent"])).await?;
    Ok(Json(versions))
}

/// `GET /subjects/{subject}/versions`.
pub async fn versions(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<Vec<i32>>> {
    let subject = segments.subject();
    let deleted = params.flag(&["deleted"]);
    let deleted_only = params.flag(&["deletedOnly", "deleted_only"]);
    let negative = params.flag(&["deletedAsNegative"]);
    let mut reads = state.store.read().await?;
    let all = reads.versions(&subject).await?;
    let out: Vec<i32> = all
        .iter()
        .filter(|v| {
            if deleted_only {
                v.deleted
            } else {
                deleted || negative || !v.deleted
            }
        })
        .map(|v| {
            if negative && v.deleted {
                -v.version
            } else {
                v.version
            }
        })
        .collect();
    if out.is_empty() {
        return Err(ApiError::subject_not_found(&subject));
    }
    Ok(Json(params.page(out, i32::MAX as i64)))
}

/// Resolve `{subject}/versions/{version}` among live versions, or all with `deleted`.
async fn resolve(
    state: &AppState,
    subject: &str,
    version: &str,
    include_deleted: bool,
) -> ApiResult<VersionRecord> {
    let sel = VersionSel::parse(version)?;
    let mut reads = state.store.read().await?;
    let all = reads.versions(subject).await?;
    let candidates: Vec<&VersionRecord> = all
        .iter()
        .filter(|v| include_deleted || !v.deleted)
        .collect();
    if candidates.is_empty() {
        return Err(ApiError::subject_not_found(subject));
    }
    sel.pick(&candidates)
        .cloned()
        .ok_or_else(|| ApiError::version_not_found(version))
}

/// `GET /subjects/{subject}/versions/{version}`.
pub async fn get_version(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<Schema>> {
    let subject = segments.subject();
    let v = resolve(&state, &subject, segments.at(1), params.flag(&["deleted"])).await?;
    Ok(Json(schema_response(&v)))
}

/// `GET /subjects/{subject}/versions/{version}/schema`: the raw text.
pub async fn get_version_raw(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Response> {
    let subject = segments.subject();
    let v = resolve(&state, &subject, segments.at(1), params.flag(&["deleted"])).await?;
    Ok((
        [(header::CONTENT_TYPE, DEFAULT_TYPE)],
        v.schema.schema.clone(),
    )
        .into_response())
}

/// `GET /subjects/{subject}/versions/{version}/referencedby`.
pub async fn referenced_by(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<Vec<i64>>> {
    let subject = segments.subject();
    let deleted = params.flag(&["deleted"]);
    let v = resolve(&state, &subject, segments.at(1), deleted).await?;
    let mut reads = state.store.read().await?;
    let ids: Vec<i64> = reads
        .referrers(&subject, v.version)
        .await?
        .into_iter()
        .filter(|r| deleted || r.live)
        .map(|r| r.schema_id)
        .collect();
    Ok(Json(params.page(ids, 1000)))
}

/// `DELETE /subjects/{subject}/versions/{version}`.
pub async fn delete_version(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<i32>> {
    let subject = segments.subject();
    let n = service::delete_version(
        &state,
        &subject,
        segments.at(1),
        params.flag(&["permanent"]),
    )
    .await?;
    Ok(Json(n))
}

/// `GET /subjects/{subject}/metadata`: the latest version whose metadata properties contain every
/// `key`/`value` pair given.
pub async fn by_metadata(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<Schema>> {
    let subject = segments.subject();
    let deleted = params.flag(&["deleted"]);
    let keys = params.all("key");
    let values = params.all("value");
    let mut reads = state.store.read().await?;
    let all = reads.versions(&subject).await?;
    let candidates: Vec<&VersionRecord> = all.iter().filter(|v| deleted || !v.deleted).collect();
    if candidates.is_empty() {
        return Err(ApiError::subject_not_found(&subject));
    }
    let matches = |v: &VersionRecord| {
        keys.iter().zip(values.iter()).all(|(k, val)| {
            v.schema
                .metadata
                .as_ref()
                .and_then(|m| m.properties.get(*k))
                .is_some_and(|p| p == val)
        })
    };
    candidates
        .iter()
        .rev()
        .find(|v| matches(v))
        .map(|v| Json(schema_response(v)))
        .ok_or_else(ApiError::schema_not_found)
}
