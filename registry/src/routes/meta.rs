//! The root, server metadata, contexts, health, metrics and the OpenAPI document.

use accord_schemas::api::ErrorBody;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::contexts;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::routes::params::{tags, typed, ContextPath, PageQuery, Segments};
use crate::state::AppState;

/// `{}`: the root's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Empty {}

/// The clusters of `/v1/metadata/id`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Clusters {
    /// The cluster id.
    #[serde(rename = "kafka-cluster")]
    pub kafka_cluster: String,
    /// The cluster id.
    #[serde(rename = "schema-registry-cluster")]
    pub schema_registry_cluster: String,
}

/// The scope of `/v1/metadata/id`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Scope {
    /// Always empty.
    pub path: Vec<String>,
    /// The cluster ids.
    pub clusters: Clusters,
}

/// `/v1/metadata/id`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClusterId {
    /// The scope.
    pub scope: Scope,
}

/// `/v1/metadata/version`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServerVersion {
    /// The server's version.
    pub version: String,
    /// The commit it was built from (`unknown` when not recorded).
    pub commit_id: String,
}

/// `/v1/metadata/deployment`.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeploymentAttributes {
    /// `accord` and the store's backend, `sqlite` or `postgres`.
    pub attributes: Vec<String>,
}

/// `{"status": "UP"}`, with the store's backend from `/health/ready`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `UP`.
    pub status: String,
    /// `sqlite` or `postgres` (`/health/ready` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
}

/// The root: a no-op answering `{}`.
#[utoipa::path(
    get,
    path = "/",
    operation_id = "getRoot",
    tag = tags::SERVER,
    responses((status = 200, description = "`{}`", body = Empty)),
)]
pub async fn root() -> Json<Empty> {
    Json(Empty {})
}

/// The root: a no-op answering `{}`.
#[utoipa::path(
    post,
    path = "/",
    operation_id = "postRoot",
    tag = tags::SERVER,
    responses((status = 200, description = "`{}`", body = Empty)),
)]
pub async fn root_post() -> Json<Empty> {
    Json(Empty {})
}

/// The cluster id.
#[utoipa::path(
    get,
    path = "/v1/metadata/id",
    operation_id = "getClusterId",
    tag = tags::SERVER,
    responses((status = 200, description = "The cluster ids", body = ClusterId)),
)]
pub async fn metadata_id(State(state): State<AppState>) -> Json<ClusterId> {
    let id = &state.options.cluster_id;
    Json(ClusterId {
        scope: Scope {
            path: Vec::new(),
            clusters: Clusters {
                kafka_cluster: id.clone(),
                schema_registry_cluster: id.clone(),
            },
        },
    })
}

/// The server's version.
#[utoipa::path(
    get,
    path = "/v1/metadata/version",
    operation_id = "getServerVersion",
    tag = tags::SERVER,
    responses((status = 200, description = "The version and commit", body = ServerVersion)),
)]
pub async fn metadata_version() -> Json<ServerVersion> {
    Json(ServerVersion {
        version: env!("CARGO_PKG_VERSION").to_string(),
        commit_id: option_env!("ACCORD_COMMIT")
            .unwrap_or("unknown")
            .to_string(),
    })
}

/// The deployment's attributes.
#[utoipa::path(
    get,
    path = "/v1/metadata/deployment",
    operation_id = "getDeploymentAttributes",
    tag = tags::SERVER,
    responses((status = 200, description = "The deployment's attributes", body = DeploymentAttributes)),
)]
pub async fn metadata_deployment(State(state): State<AppState>) -> Json<DeploymentAttributes> {
    Json(DeploymentAttributes {
        attributes: vec!["accord".into(), state.registry.backend().into()],
    })
}

/// List contexts.
///
/// `.` (the default context) and every context some subject is qualified with, sorted.
#[utoipa::path(
    get,
    path = "/contexts",
    operation_id = "listContexts",
    tag = tags::SERVER,
    params(
        ("contextPrefix" = Option<String>, Query, description = "Only contexts starting with this"),
        PageQuery,
    ),
    responses((status = 200, description = "The contexts", body = Vec<String>)),
)]
pub async fn contexts(
    State(state): State<AppState>,
    params: Params,
) -> ApiResult<Json<Vec<String>>> {
    let all = contexts::list(&state.registry, params.get("contextPrefix")).await?;
    Ok(Json(params.page(all, i32::MAX as i64)))
}

/// Delete a context.
///
/// 204 when no live subject is qualified with it, 42211 otherwise.
#[utoipa::path(
    delete,
    path = "/contexts/{context}",
    operation_id = "deleteContext",
    tag = tags::SERVER,
    params(ContextPath),
    responses(
        (status = 204, description = "The context is empty"),
        (status = 422, description = "42211: the context is not empty; 42208: the name is not a context's", body = ErrorBody),
    ),
)]
pub async fn delete_context(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<StatusCode> {
    contexts::delete(&state.registry, segments.at(0)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Prometheus metrics.
///
/// Requests by route and status, a latency histogram, registrations, compatibility refusals and
/// validations, in the Prometheus text format.
#[utoipa::path(
    get,
    path = "/metrics",
    operation_id = "getMetrics",
    tag = tags::OPERATIONS,
    responses((status = 200, description = "The metrics", content_type = "text/plain; version=0.0.4", body = String)),
)]
pub async fn metrics(State(state): State<AppState>) -> Response {
    let text = state.metrics.render();
    typed("text/plain; version=0.0.4; charset=utf-8", text)
}

/// Liveness: the process answers.
#[utoipa::path(
    get,
    path = "/health/live",
    operation_id = "getLiveness",
    tag = tags::OPERATIONS,
    responses((status = 200, description = "`{\"status\": \"UP\"}`", body = Health)),
)]
pub async fn live() -> Json<Health> {
    Json(Health {
        status: "UP".into(),
        store: None,
    })
}

/// Readiness: the database answers.
#[utoipa::path(
    get,
    path = "/health/ready",
    operation_id = "getReadiness",
    tag = tags::OPERATIONS,
    responses(
        (status = 200, description = "`{\"status\": \"UP\", \"store\": \"sqlite\" | \"postgres\"}`", body = Health),
        (status = 503, description = "50301: the database is not reachable", body = ErrorBody),
    ),
)]
pub async fn ready(State(state): State<AppState>) -> ApiResult<Json<Health>> {
    state.registry.ping().await?;
    Ok(Json(Health {
        status: "UP".into(),
        store: Some(state.registry.backend().into()),
    }))
}

/// `GET /openapi.json`.
///
/// This document (OpenAPI 3.1), generated from the code that routes the requests.
#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "getOpenApiDocument",
    tag = tags::OPERATIONS,
    responses(
        (status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object),
        (status = 500, description = "The document could not be rendered", body = ErrorBody),
    ),
)]
pub async fn openapi() -> Response {
    match crate::openapi::served() {
        Some(Ok(text)) => typed("application/json", text.clone()),
        Some(Err(e)) => ApiError::internal(format!("the OpenAPI document: {e}")).into_response(),
        None => ApiError::internal("the OpenAPI document was not rendered").into_response(),
    }
}

/// Unknown routes: 404 with Confluent's body (the association routes land here too).
pub async fn not_found() -> ApiError {
    ApiError::http(StatusCode::NOT_FOUND)
}

/// A known route with another method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::http(StatusCode::METHOD_NOT_ALLOWED)
}
