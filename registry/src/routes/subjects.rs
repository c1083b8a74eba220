//! `/subjects...`: listing, register, lookup, versions, deletion, referencedby, metadata.

use accord_schemas::api::{ErrorBody, RegisterSchemaRequest, RegisterSchemaResponse, Schema};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::media::DEFAULT_TYPE;
use crate::openapi::{
    tags, DeletedQuery, PageQuery, PermanentQuery, SubjectPath, SubjectVersionPath,
};
use crate::routes::Segments;
use crate::service::{self, schema_response, AppState, RegisterFlags, VersionSel};
use crate::store::VersionRecord;

/// List subjects.
#[utoipa::path(
    get,
    path = "/subjects",
    operation_id = "listSubjects",
    tag = tags::SUBJECTS,
    params(
        ("subjectPrefix" = Option<String>, Query, description = "Only subjects starting with this (also `subject`)"),
        DeletedQuery,
        ("deletedOnly" = Option<bool>, Query, description = "Only soft-deleted subjects (also `deleted_only`)"),
        PageQuery,
    ),
    responses((status = 200, description = "The subjects", body = Vec<String>)),
)]
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

/// Register a schema under a subject.
///
/// Answers the existing version when the schema is already registered there. A new version must
/// pass the subject's compatibility level (unless `force=true`) and the contracts of its
/// consumers (Accord's `contractCheck`; under `WARN` the findings come back in `warnings` and
/// the `X-Accord-Warnings` header).
#[utoipa::path(
    post,
    path = "/subjects/{subject}/versions",
    operation_id = "registerSchema",
    tag = tags::SUBJECTS,
    params(
        SubjectPath,
        ("normalize" = Option<bool>, Query, description = "Normalize the schema before registering"),
        ("force" = Option<bool>, Query, description = "Skip the compatibility level (not the contracts)"),
    ),
    request_body = RegisterSchemaRequest,
    responses(
        (status = 200, description = "The registered (or existing) version", body = RegisterSchemaResponse,
         headers(("X-Accord-Warnings" = String, description = "How many contract findings `WARN` let through"))),
        (status = 409, description = "40901: incompatible with an earlier version or with a consumer's contract", body = ErrorBody),
        (status = 422, description = "42201: invalid schema; 42205: not permitted by the mode; 42208: invalid subject", body = ErrorBody),
    ),
)]
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

/// Look a schema up under a subject.
#[utoipa::path(
    post,
    path = "/subjects/{subject}",
    operation_id = "lookUpSchema",
    tag = tags::SUBJECTS,
    params(
        SubjectPath,
        ("normalize" = Option<bool>, Query, description = "Normalize the schema before looking it up"),
        DeletedQuery,
    ),
    request_body = RegisterSchemaRequest,
    responses(
        (status = 200, description = "The version holding the schema", body = Schema),
        (status = 404, description = "40401: no such subject; 40403: the schema is not registered under it", body = ErrorBody),
        (status = 422, description = "42201: invalid schema", body = ErrorBody),
    ),
)]
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

/// Delete a subject.
///
/// Soft-deletes its live versions, or with `permanent=true` removes its soft-deleted ones.
#[utoipa::path(
    delete,
    path = "/subjects/{subject}",
    operation_id = "deleteSubject",
    tag = tags::SUBJECTS,
    params(SubjectPath, PermanentQuery),
    responses(
        (status = 200, description = "The deleted versions", body = Vec<i32>),
        (status = 404, description = "40401: no such subject; 40404: already soft-deleted; 40405: not soft-deleted first", body = ErrorBody),
        (status = 422, description = "42206: a live schema references it; 42205: read-only mode", body = ErrorBody),
    ),
)]
pub async fn delete(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<Vec<i32>>> {
    let subject = segments.subject();
    let versions = service::delete_subject(&state, &subject, params.flag(&["permanent"])).await?;
    Ok(Json(versions))
}

/// List a subject's versions.
#[utoipa::path(
    get,
    path = "/subjects/{subject}/versions",
    operation_id = "listVersions",
    tag = tags::SUBJECTS,
    params(
        SubjectPath,
        DeletedQuery,
        ("deletedOnly" = Option<bool>, Query, description = "Only soft-deleted versions"),
        ("deletedAsNegative" = Option<bool>, Query, description = "Soft-deleted versions as negative numbers"),
        PageQuery,
    ),
    responses(
        (status = 200, description = "The version numbers", body = Vec<i32>),
        (status = 404, description = "40401: no such subject", body = ErrorBody),
    ),
)]
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

/// Get a version of a subject.
#[utoipa::path(
    get,
    path = "/subjects/{subject}/versions/{version}",
    operation_id = "getVersion",
    tag = tags::SUBJECTS,
    params(SubjectVersionPath, DeletedQuery),
    responses(
        (status = 200, description = "The version", body = Schema),
        (status = 404, description = "40401: no such subject; 40402: no such version", body = ErrorBody),
        (status = 422, description = "42202: invalid version", body = ErrorBody),
    ),
)]
pub async fn get_version(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<Schema>> {
    let subject = segments.subject();
    let v = resolve(&state, &subject, segments.at(1), params.flag(&["deleted"])).await?;
    Ok(Json(schema_response(&v)))
}

/// Get the schema text of a version.
#[utoipa::path(
    get,
    path = "/subjects/{subject}/versions/{version}/schema",
    operation_id = "getVersionSchemaText",
    tag = tags::SUBJECTS,
    params(SubjectVersionPath, DeletedQuery),
    responses(
        (status = 200, description = "The schema document", body = Object),
        (status = 404, description = "40401: no such subject; 40402: no such version", body = ErrorBody),
        (status = 422, description = "42202: invalid version", body = ErrorBody),
    ),
)]
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

/// List the ids of the schemas referencing a version.
#[utoipa::path(
    get,
    path = "/subjects/{subject}/versions/{version}/referencedby",
    operation_id = "listReferencedBy",
    tag = tags::SUBJECTS,
    params(SubjectVersionPath, DeletedQuery, PageQuery),
    responses(
        (status = 200, description = "The referencing schema ids", body = Vec<i64>),
        (status = 404, description = "40401: no such subject; 40402: no such version", body = ErrorBody),
    ),
)]
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

/// Delete a version of a subject.
///
/// Soft-deletes it, or with `permanent=true` removes a soft-deleted one.
#[utoipa::path(
    delete,
    path = "/subjects/{subject}/versions/{version}",
    operation_id = "deleteVersion",
    tag = tags::SUBJECTS,
    params(SubjectVersionPath, PermanentQuery),
    responses(
        (status = 200, description = "The deleted version", content_type = "application/json", body = i32),
        (status = 404, description = "40401, 40402, 40406 (already soft-deleted), 40407 (not soft-deleted first)", body = ErrorBody),
        (status = 422, description = "42202: invalid version; 42206: a live schema references it", body = ErrorBody),
    ),
)]
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

/// Find the latest version by metadata.
///
/// The latest version whose metadata properties contain every `key`/`value` pair given.
#[utoipa::path(
    get,
    path = "/subjects/{subject}/metadata",
    operation_id = "getVersionByMetadata",
    tag = tags::SUBJECTS,
    params(
        SubjectPath,
        ("key" = Option<Vec<String>>, Query, description = "A property name (repeatable, paired with `value`)"),
        ("value" = Option<Vec<String>>, Query, description = "The property's value"),
        DeletedQuery,
    ),
    responses(
        (status = 200, description = "The version", body = Schema),
        (status = 404, description = "40401: no such subject; 40403: no version matches", body = ErrorBody),
    ),
)]
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
