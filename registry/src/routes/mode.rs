//! `/mode` and `/mode/{subject}` (spec §3.7, §5.7).

use accord_schemas::api::{ErrorBody, Mode};
use axum::extract::State;
use serde_json::json;

use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::openapi::{tags, DefaultToGlobalQuery, ForceQuery, SubjectPath};
use crate::routes::Segments;
use crate::service::{self, validate_subject, AppState, MODES};
use crate::store::NewEvent;

async fn put(state: &AppState, scope: &str, mode: &str, force: bool) -> ApiResult<Mode> {
    let mode = mode.trim().to_ascii_uppercase();
    if !MODES.contains(&mode.as_str()) {
        return Err(ApiError::invalid_mode(
            "Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD.",
        ));
    }
    if mode == "FORWARD" && !scope.is_empty() {
        return Err(ApiError::invalid_mode(
            "Forward mode only supported on global level",
        ));
    }
    if !state.options.mode_mutability {
        return Err(ApiError::not_permitted("Mode changes are not allowed"));
    }
    let mut tx = state
        .store
        .write((!scope.is_empty()).then_some(scope))
        .await?;
    if mode == "IMPORT" && !force {
        let busy = if scope.is_empty() {
            tx.subjects().await?.iter().any(|s| !s.soft_deleted)
        } else {
            tx.versions(scope).await?.iter().any(|v| !v.deleted)
        };
        let current =
            service::effective_mode(tx.as_mut(), (!scope.is_empty()).then_some(scope)).await?;
        if busy && current != "IMPORT" {
            return Err(ApiError::not_permitted(
                "Cannot import since found existing subjects",
            ));
        }
    }
    tx.set_mode(scope, Some(&mode)).await?;
    tx.event(NewEvent {
        kind: "mode.changed",
        subject: (!scope.is_empty()).then(|| scope.to_string()),
        version: None,
        schema_id: None,
        detail: json!({ "mode": mode }),
    })
    .await?;
    tx.commit().await?;
    Ok(Mode { mode })
}

async fn delete(state: &AppState, scope: &str) -> ApiResult<Option<String>> {
    let mut tx = state.store.write(None).await?;
    let previous = tx.mode(scope).await?;
    if previous.is_some() {
        tx.set_mode(scope, None).await?;
        tx.event(NewEvent {
            kind: "mode.deleted",
            subject: (!scope.is_empty()).then(|| scope.to_string()),
            version: None,
            schema_id: None,
            detail: json!({}),
        })
        .await?;
        tx.commit().await?;
    }
    Ok(previous)
}

/// Get the global mode.
#[utoipa::path(
    get,
    path = "/mode",
    operation_id = "getMode",
    tag = tags::MODE,
    responses((status = 200, description = "The global mode", body = Mode)),
)]
pub async fn get_global(State(state): State<AppState>) -> ApiResult<Json<Mode>> {
    let mut reads = state.store.read().await?;
    Ok(Json(Mode {
        mode: service::effective_mode(reads.as_mut(), None).await?,
    }))
}

/// Set the global mode.
#[utoipa::path(
    put,
    path = "/mode",
    operation_id = "updateMode",
    tag = tags::MODE,
    params(ForceQuery),
    request_body = Mode,
    responses(
        (status = 200, description = "The mode set", body = Mode),
        (status = 422, description = "42204: invalid mode; 42205: not permitted (subjects exist, or mode changes are disabled)", body = ErrorBody),
    ),
)]
pub async fn put_global(
    State(state): State<AppState>,
    params: Params,
    Json(body): Json<Mode>,
) -> ApiResult<Json<Mode>> {
    Ok(Json(
        put(&state, "", &body.mode, params.flag(&["force"])).await?,
    ))
}

/// Reset the global mode.
///
/// Answers the previous mode.
#[utoipa::path(
    delete,
    path = "/mode",
    operation_id = "deleteMode",
    tag = tags::MODE,
    responses((status = 200, description = "The previous mode", body = Mode)),
)]
pub async fn delete_global(State(state): State<AppState>) -> ApiResult<Json<Mode>> {
    let previous = delete(&state, "").await?;
    Ok(Json(Mode {
        mode: previous.unwrap_or_else(|| "READWRITE".to_string()),
    }))
}

/// Get a subject's mode.
///
/// 40409 without a subject-level mode, unless `defaultToGlobal=true`.
#[utoipa::path(
    get,
    path = "/mode/{subject}",
    operation_id = "getSubjectMode",
    tag = tags::MODE,
    params(SubjectPath, DefaultToGlobalQuery),
    responses(
        (status = 200, description = "The subject's mode", body = Mode),
        (status = 404, description = "40409: no subject-level mode", body = ErrorBody),
    ),
)]
pub async fn get_subject(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<Mode>> {
    let subject = segments.subject();
    let mut reads = state.store.read().await?;
    if params.flag(&["defaultToGlobal"]) {
        return Ok(Json(Mode {
            mode: service::effective_mode(reads.as_mut(), Some(&subject)).await?,
        }));
    }
    reads
        .mode(&subject)
        .await?
        .map(|mode| Json(Mode { mode }))
        .ok_or_else(|| ApiError::subject_mode_not_configured(&subject))
}

/// Set a subject's mode.
#[utoipa::path(
    put,
    path = "/mode/{subject}",
    operation_id = "updateSubjectMode",
    tag = tags::MODE,
    params(SubjectPath, ForceQuery),
    request_body = Mode,
    responses(
        (status = 200, description = "The mode set", body = Mode),
        (status = 422, description = "42204: invalid mode; 42205: not permitted; 42208: invalid subject", body = ErrorBody),
    ),
)]
pub async fn put_subject(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
    Json(body): Json<Mode>,
) -> ApiResult<Json<Mode>> {
    let subject = segments.subject();
    validate_subject(&subject)?;
    Ok(Json(
        put(&state, &subject, &body.mode, params.flag(&["force"])).await?,
    ))
}

/// Delete a subject's mode.
///
/// Answers the deleted mode; 40401 when none was set.
#[utoipa::path(
    delete,
    path = "/mode/{subject}",
    operation_id = "deleteSubjectMode",
    tag = tags::MODE,
    params(SubjectPath),
    responses(
        (status = 200, description = "The deleted mode", body = Mode),
        (status = 404, description = "40401: no subject-level mode", body = ErrorBody),
    ),
)]
pub async fn delete_subject(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<Json<Mode>> {
    let subject = segments.subject();
    delete(&state, &subject)
        .await?
        .map(|mode| Json(Mode { mode }))
        .ok_or_else(|| ApiError::subject_not_found(&subject))
}
