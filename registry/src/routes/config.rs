//! `/config` and `/config/{subject}` (spec §3.6). `GET` names the level `compatibilityLevel`,
//! `PUT` takes and echoes it as `compatibility`.

use accord_schemas::api::{Config, ConfigUpdateRequest, ErrorBody};
use accord_schemas::compat::{Level, Policy};
use axum::extract::State;
use serde_json::json;

use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::openapi::{tags, DefaultToGlobalQuery, SubjectPath};
use crate::routes::Segments;
use crate::service::{self, validate_subject, AppState};
use crate::store::NewEvent;

/// Check and normalise the names in an update (42203 for an unknown level or policy).
fn checked(mut update: ConfigUpdateRequest) -> ApiResult<ConfigUpdateRequest> {
    if let Some(level) = &update.compatibility {
        let level = Level::parse(level).ok_or_else(ApiError::invalid_compatibility_level)?;
        update.compatibility = Some(level.as_str().to_string());
    }
    if let Some(policy) = &update.compatibility_policy {
        let policy = Policy::parse(policy).ok_or_else(ApiError::invalid_compatibility_policy)?;
        update.compatibility_policy = Some(policy.as_str().to_string());
    }
    if let Some(check) = &update.contract_check {
        let check = service::ContractCheck::parse(check).ok_or_else(|| {
            ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                42203,
                "Invalid contract check. Valid values are ENFORCE, WARN and OFF",
            )
        })?;
        update.contract_check = Some(check.as_str().to_string());
    }
    Ok(update)
}

async fn put(
    state: &AppState,
    scope: &str,
    update: ConfigUpdateRequest,
) -> ApiResult<ConfigUpdateRequest> {
    let update = checked(update)?;
    let mut tx = state.store.write(None).await?;
    let previous = tx.config(scope).await?.unwrap_or_default();
    let merged = update.to_config().merged_over(&previous);
    tx.set_config(scope, Some(&merged)).await?;
    tx.event(NewEvent {
        kind: "config.changed",
        subject: (!scope.is_empty()).then(|| scope.to_string()),
        version: None,
        schema_id: None,
        detail: serde_json::to_value(&merged).unwrap_or_default(),
    })
    .await?;
    tx.commit().await?;
    Ok(update)
}

async fn delete(state: &AppState, scope: &str) -> ApiResult<Option<Config>> {
    let mut tx = state.store.write(None).await?;
    let previous = tx.config(scope).await?;
    if previous.is_some() {
        tx.set_config(scope, None).await?;
        tx.event(NewEvent {
            kind: "config.deleted",
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

/// Get the global config.
///
/// The level as `compatibilityLevel`, with the server's default (`BACKWARD`) filled in.
#[utoipa::path(
    get,
    path = "/config",
    operation_id = "getConfig",
    tag = tags::CONFIG,
    responses((status = 200, description = "The global config", body = Config)),
)]
pub async fn get_global(State(state): State<AppState>) -> ApiResult<Json<Config>> {
    let mut reads = state.store.read().await?;
    Ok(Json(service::effective_config(reads.as_mut(), None).await?))
}

/// Update the global config.
///
/// The level is `compatibility` here; the answer echoes the request.
#[utoipa::path(
    put,
    path = "/config",
    operation_id = "updateConfig",
    tag = tags::CONFIG,
    request_body = ConfigUpdateRequest,
    responses(
        (status = 200, description = "The update, normalised", body = ConfigUpdateRequest),
        (status = 422, description = "42203: invalid level, policy or contractCheck", body = ErrorBody),
    ),
)]
pub async fn put_global(
    State(state): State<AppState>,
    Json(update): Json<ConfigUpdateRequest>,
) -> ApiResult<Json<ConfigUpdateRequest>> {
    Ok(Json(put(&state, "", update).await?))
}

/// Reset the global config.
///
/// Answers the previous global config.
#[utoipa::path(
    delete,
    path = "/config",
    operation_id = "deleteConfig",
    tag = tags::CONFIG,
    responses((status = 200, description = "The previous global config", body = Config)),
)]
pub async fn delete_global(State(state): State<AppState>) -> ApiResult<Json<Config>> {
    let previous = delete(&state, "").await?;
    Ok(Json(
        previous
            .unwrap_or_default()
            .merged_over(&service::default_config()),
    ))
}

/// Get a subject's config.
///
/// 40408 without a subject-level config, unless `defaultToGlobal=true`.
#[utoipa::path(
    get,
    path = "/config/{subject}",
    operation_id = "getSubjectConfig",
    tag = tags::CONFIG,
    params(SubjectPath, DefaultToGlobalQuery),
    responses(
        (status = 200, description = "The subject's config", body = Config),
        (status = 404, description = "40408: no subject-level config", body = ErrorBody),
    ),
)]
pub async fn get_subject(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<Config>> {
    let subject = segments.subject();
    let mut reads = state.store.read().await?;
    if params.flag(&["defaultToGlobal"]) {
        return Ok(Json(
            service::effective_config(reads.as_mut(), Some(&subject)).await?,
        ));
    }
    reads
        .config(&subject)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::subject_compatibility_not_configured(&subject))
}

/// Update a subject's config.
#[utoipa::path(
    put,
    path = "/config/{subject}",
    operation_id = "updateSubjectConfig",
    tag = tags::CONFIG,
    params(SubjectPath),
    request_body = ConfigUpdateRequest,
    responses(
        (status = 200, description = "The update, normalised", body = ConfigUpdateRequest),
        (status = 422, description = "42203: invalid level, policy or contractCheck; 42208: invalid subject", body = ErrorBody),
    ),
)]
pub async fn put_subject(
    State(state): State<AppState>,
    segments: Segments,
    Json(update): Json<ConfigUpdateRequest>,
) -> ApiResult<Json<ConfigUpdateRequest>> {
    let subject = segments.subject();
    validate_subject(&subject)?;
    Ok(Json(put(&state, &subject, update).await?))
}

/// Delete a subject's config.
///
/// Answers the deleted config; 40401 when there was none.
#[utoipa::path(
    delete,
    path = "/config/{subject}",
    operation_id = "deleteSubjectConfig",
    tag = tags::CONFIG,
    params(SubjectPath),
    responses(
        (status = 200, description = "The deleted config", body = Config),
        (status = 404, description = "40401: no subject-level config", body = ErrorBody),
    ),
)]
pub async fn delete_subject(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<Json<Config>> {
    let subject = segments.subject();
    delete(&state, &subject)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::subject_not_found(&subject))
}
