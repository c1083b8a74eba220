//! `/deployments...`: recording which application version runs in which environment.

use accord_schemas::api::{Deployment, DeploymentRequest};
use axum::extract::State;

use crate::contracts;
use crate::error::ApiResult;
use crate::extract::Json;
use crate::routes::Segments;
use crate::service::AppState;

/// `POST /deployments`: record a deployment, replacing the app's previous version there.
pub async fn record(
    State(state): State<AppState>,
    Json(req): Json<DeploymentRequest>,
) -> ApiResult<Json<Deployment>> {
    Ok(Json(
        contracts::record_deployment(&state, &req.app, &req.version, &req.environment).await?,
    ))
}

/// `GET /deployments`.
pub async fn list(State(state): State<AppState>) -> ApiResult<Json<Vec<Deployment>>> {
    let mut reads = state.store.read().await?;
    Ok(Json(contracts::all_deployments(reads.as_mut()).await?))
}

/// `GET /deployments/{environment}`.
pub async fn in_environment(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<Json<Vec<Deployment>>> {
    let mut reads = state.store.read().await?;
    Ok(Json(
        contracts::deployments_in(reads.as_mut(), segments.at(0)).await?,
    ))
}
