//! `/applications...`: publishing application versions with their contracts and produced
//! subjects, and reading them back. See [`crate::contracts`].

use accord_schemas::api::{AppVersion, Application};
use axum::extract::State;
use serde_json::Value;

use crate::contracts;
use crate::error::ApiResult;
use crate::extract::Json;
use crate::routes::Segments;
use crate::service::AppState;

/// `GET /applications`.
pub async fn list(State(state): State<AppState>) -> ApiResult<Json<Vec<Application>>> {
    let mut reads = state.store.read().await?;
    Ok(Json(contracts::applications(reads.as_mut()).await?))
}

/// `GET /applications/{app}`.
pub async fn get(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<Json<Application>> {
    let mut reads = state.store.read().await?;
    Ok(Json(
        contracts::application(reads.as_mut(), segments.at(0)).await?,
    ))
}

/// `GET /applications/{app}/versions/{version}`.
pub async fn get_version(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<Json<AppVersion>> {
    let mut reads = state.store.read().await?;
    Ok(Json(
        contracts::app_version(reads.as_mut(), segments.at(0), segments.at(1)).await?,
    ))
}

/// `POST /applications/{app}/versions/{version}`: publish (body: `PublishVersionRequest`).
pub async fn publish(
    State(state): State<AppState>,
    segments: Segments,
    Json(body): Json<Value>,
) -> ApiResult<Json<AppVersion>> {
    Ok(Json(
        contracts::publish(&state, segments.at(0), segments.at(1), body).await?,
    ))
}
