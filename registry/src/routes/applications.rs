//! `/applications...`: publishing application versions with their contracts and produced
//! subjects, and reading them back. Each handler calls one function of
//! [`crate::domain::applications`].

use accord_schemas::api::{AppVersion, Application, ErrorBody, PublishVersionRequest};
use axum::extract::State;
use serde_json::Value;

use crate::domain::applications;
use crate::error::ApiResult;
use crate::extract::Json;
use crate::routes::params::{tags, AppPath, AppVersionPath, Segments};
use crate::routes::responses::NoSuchAppVersion;
use crate::state::AppState;

/// List applications with their versions.
#[utoipa::path(
    get,
    path = "/applications",
    operation_id = "listApplications",
    tag = tags::CONTRACTS,
    responses((status = 200, description = "The applications", body = Vec<Application>)),
)]
pub async fn list(State(state): State<AppState>) -> ApiResult<Json<Vec<Application>>> {
    Ok(Json(applications::applications(&state.registry).await?))
}

/// Get an application's versions.
#[utoipa::path(
    get,
    path = "/applications/{app}",
    operation_id = "getApplication",
    tag = tags::CONTRACTS,
    params(AppPath),
    responses(
        (status = 200, description = "The application", body = Application),
        (status = 404, description = "40420: no such application", body = ErrorBody),
    ),
)]
pub async fn get(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<Json<Application>> {
    Ok(Json(
        applications::application(&state.registry, segments.at(0)).await?,
    ))
}

/// Get a published application version.
///
/// Its branch, its contracts (with the reader schema each compiles to) and what it produces.
#[utoipa::path(
    get,
    path = "/applications/{app}/versions/{app_version}",
    operation_id = "getApplicationVersion",
    tag = tags::CONTRACTS,
    params(AppVersionPath),
    responses(
        (status = 200, description = "The application version", body = AppVersion),
        NoSuchAppVersion,
    ),
)]
pub async fn get_version(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<Json<AppVersion>> {
    let (app, version) = (segments.at(0), segments.at(1));
    Ok(Json(
        applications::app_version(&state.registry, app, version).await?,
    ))
}

/// Publish an application version.
///
/// Its branch, its consumer contracts and the subjects it produces, in one transaction; an
/// invalid contract writes nothing. Publishing a version again replaces them.
#[utoipa::path(
    post,
    path = "/applications/{app}/versions/{app_version}",
    operation_id = "publishApplicationVersion",
    tag = tags::CONTRACTS,
    params(AppVersionPath),
    request_body = PublishVersionRequest,
    responses(
        (status = 200, description = "The stored version", body = AppVersion),
        (status = 422, description = "42220: invalid contract; 42222: invalid application name, version, branch or produced subject; 42202: invalid pinned version", body = ErrorBody),
    ),
)]
pub async fn publish(
    State(state): State<AppState>,
    segments: Segments,
    Json(body): Json<Value>,
) -> ApiResult<Json<AppVersion>> {
    let (app, version) = (segments.at(0), segments.at(1));
    Ok(Json(
        applications::publish(&state.registry, app, version, body).await?,
    ))
}
