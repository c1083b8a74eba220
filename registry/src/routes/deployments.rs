//! `/deployments...`: recording which application version runs in which environment. Each
//! handler calls one function of [`crate::domain::deployments`].

use accord_schemas::api::{Deployment, DeploymentRequest, ErrorBody};
use axum::extract::State;

use crate::domain::deployments;
use crate::error::ApiResult;
use crate::extract::Json;
use crate::routes::params::{tags, EnvironmentPath, Segments};
use crate::routes::responses::{InvalidEnvironment, NoSuchAppVersion};
use crate::state::AppState;

/// Record a deployment.
///
/// The application's version now runs in the environment, replacing its previous version
/// there.
#[utoipa::path(
    post,
    path = "/deployments",
    operation_id = "recordDeployment",
    tag = tags::CONTRACTS,
    request_body = DeploymentRequest,
    responses(
        (status = 200, description = "The deployment", body = Deployment),
        NoSuchAppVersion,
        InvalidEnvironment,
    ),
)]
pub async fn record(
    State(state): State<AppState>,
    Json(req): Json<DeploymentRequest>,
) -> ApiResult<Json<Deployment>> {
    let (app, version, env) = (&req.app, &req.version, &req.environment);
    Ok(Json(
        deployments::record(&state.registry, app, version, env).await?,
    ))
}

/// List deployments in every environment.
#[utoipa::path(
    get,
    path = "/deployments",
    operation_id = "listDeployments",
    tag = tags::CONTRACTS,
    responses((status = 200, description = "The deployments, by environment and application", body = Vec<Deployment>)),
)]
pub async fn list(State(state): State<AppState>) -> ApiResult<Json<Vec<Deployment>>> {
    Ok(Json(deployments::all(&state.registry).await?))
}

/// List the deployments in one environment.
#[utoipa::path(
    get,
    path = "/deployments/{environment}",
    operation_id = "listDeploymentsIn",
    tag = tags::CONTRACTS,
    params(EnvironmentPath),
    responses(
        (status = 200, description = "The deployments, by application", body = Vec<Deployment>),
        (status = 404, description = "40422: nothing deployed there", body = ErrorBody),
        InvalidEnvironment,
    ),
)]
pub async fn in_environment(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<Json<Vec<Deployment>>> {
    Ok(Json(
        deployments::in_environment(&state.registry, segments.at(0)).await?,
    ))
}
