//! `/subjects...`: listing, register, lookup, versions, deletion, referencedby, metadata. Each
//! handler calls one function of [`crate::domain::subjects`], [`crate::domain::registration`]
//! or [`crate::domain::deletion`].

use accord_schemas::api::{ErrorBody, RegisterSchemaRequest, RegisterSchemaResponse, Schema};
use axum::extract::State;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};

use crate::domain::deletion;
use crate::domain::registration::{self, RegisterFlags};
use crate::domain::subjects::{self, Listing};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::media::DEFAULT_TYPE;
use crate::routes::params::{
    paged_listing, tags, typed, DeletedQuery, PageQuery, PermanentQuery, Segments, SubjectPath,
    SubjectVersionPath,
};
use crate::routes::responses::NoSuchVersion;
use crate::state::AppState;

fn listing(params: &Params) -> Listing {
    Listing {
        deleted: params.flag(&["deleted"]),
        deleted_only: params.flag(&["deletedOnly", "deleted_only"]),
        deleted_as_negative: params.flag(&["deletedAsNegative"]),
    }
}

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
    responses(
        (status = 200, description = "The subjects", body = Vec<String>),
    ),
)]
pub async fn list(State(state): State<AppState>, params: Params) -> ApiResult<Json<Vec<String>>> {
    let prefix = params
        .get_any(&["subjectPrefix", "subject"])
        .unwrap_or(":*:");
    let names = subjects::list(&state.registry, prefix, listing(&params)).await?;
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
        (status = 422, description = "42201: invalid schema; 42202: invalid imported version; 42205: not permitted by the mode; 42207: imported id differs; 42208: invalid subject; 42209: schema too large", body = ErrorBody),
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
    let registered = registration::register(&state.registry, &subject, &req, flags).await;
    let registered = match registered {
        Ok(r) => r,
        Err(e) => {
            if registration::is_refusal(&e) {
                state.metrics.refused();
            }
            return Err(e.into());
        }
    };
    if registered.created {
        state.metrics.registered();
    }
    let warnings = registered.answer.warnings.len();
    let mut response = Json(registered.answer).into_response();
    if warnings > 0 {
        // The findings are in the body's `warnings`; the header lets clients that drop unknown
        // fields notice them.
        let note = format!("{warnings} consumer contract finding(s) under contractCheck WARN");
        response.headers_mut().insert(
            "x-accord-warnings",
            HeaderValue::from_str(&note).map_err(ApiError::internal)?,
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
    let normalize = params.flag(&["normalize"]);
    let deleted = params.flag(&["deleted"]);
    let schema = subjects::lookup(&state.registry, &subject, &req, normalize, deleted).await?;
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
    let permanent = params.flag(&["permanent"]);
    let versions = deletion::delete_subject(&state.registry, &subject, permanent).await?;
    Ok(Json(versions))
}

paged_listing! {
    /// List a subject's versions.
    fn versions, path = "/subjects/{subject}/versions", operation_id = "listVersions",
    tag = tags::SUBJECTS,
    params(
        SubjectPath,
        DeletedQuery,
        ("deletedOnly" = Option<bool>, Query, description = "Only soft-deleted versions"),
        ("deletedAsNegative" = Option<bool>, Query, description = "Soft-deleted versions as negative numbers"),
        PageQuery,
    ),
    answer = "The version numbers", body = Vec<i32>,
    refusals((status = 404, description = "40401: no such subject", body = ErrorBody),),
    most = i32::MAX as i64,
    list = |state, segments, params| subjects::versions(
        &state.registry,
        &segments.subject(),
        listing(&params),
    ),
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
        NoSuchVersion,
    ),
)]
pub async fn get_version(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<Schema>> {
    let (subject, deleted) = (segments.subject(), params.flag(&["deleted"]));
    let v = subjects::get_version(&state.registry, &subject, segments.at(1), deleted).await?;
    Ok(Json(v))
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
        NoSuchVersion,
    ),
)]
pub async fn get_version_raw(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Response> {
    let (subject, deleted) = (segments.subject(), params.flag(&["deleted"]));
    let text = subjects::version_text(&state.registry, &subject, segments.at(1), deleted).await?;
    Ok(typed(DEFAULT_TYPE, text))
}

paged_listing! {
    /// List the ids of the schemas referencing a version.
    fn referenced_by, path = "/subjects/{subject}/versions/{version}/referencedby",
    operation_id = "listReferencedBy", tag = tags::SUBJECTS,
    params(SubjectVersionPath, DeletedQuery, PageQuery),
    answer = "The referencing schema ids", body = Vec<i64>, refusals(NoSuchVersion,),
    most = 1000,
    list = |state, segments, params| subjects::referenced_by(
        &state.registry,
        &segments.subject(),
        segments.at(1),
        params.flag(&["deleted"]),
    ),
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
        (status = 422, description = "42202: invalid version; 42205: read-only mode; 42206: a live schema references it", body = ErrorBody),
    ),
)]
pub async fn delete_version(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<i32>> {
    let subject = segments.subject();
    let permanent = params.flag(&["permanent"]);
    let n = deletion::delete_version(&state.registry, &subject, segments.at(1), permanent).await?;
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
    let (subject, deleted) = (segments.subject(), params.flag(&["deleted"]));
    let pairs: Vec<(&str, &str)> = params
        .all("key")
        .into_iter()
        .zip(params.all("value"))
        .collect();
    let found = subjects::by_metadata(&state.registry, &subject, &pairs, deleted).await?;
    Ok(Json(found))
}
