//! The root, server metadata, contexts, health and metrics.

use accord_schemas::api::ErrorBody;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::openapi::{tags, Health, PageQuery};
use crate::routes::Segments;
use crate::service::{context_of, contexts_of, AppState};

/// The root: a no-op answering `{}`.
#[utoipa::path(
    get,
    path = "/",
    operation_id = "getRoot",
    tag = tags::SERVER,
    responses((status = 200, description = "`{}`", body = Object)),
)]
pub async fn root() -> Json<Value> {
    Json(json!({}))
}

/// The root: a no-op answering `{}`.
#[utoipa::path(
    post,
    path = "/",
    operation_id = "postRoot",
    tag = tags::SERVER,
    responses((status = 200, description = "`{}`", body = Object)),
)]
pub async fn root_post() -> Json<Value> {
    Json(json!({}))
}

/// The cluster id.
///
/// `{"scope": {"path": [], "clusters": {"kafka-cluster": ID, "schema-registry-cluster": ID}}}`.
#[utoipa::path(
    get,
    path = "/v1/metadata/id",
    operation_id = "getClusterId",
    tag = tags::SERVER,
    responses((status = 200, description = "The cluster ids", body = Object)),
)]
pub async fn metadata_id(State(state): State<AppState>) -> Json<Value> {
    Json(json!({
        "scope": {
            "path": [],
            "clusters": {
                "kafka-cluster": state.options.cluster_id,
                "schema-registry-cluster": state.options.cluster_id,
            }
        }
    }))
}

/// The server's version.
///
/// `{"version": "0.1.0", "commitId": "..."}`.
#[utoipa::path(
    get,
    path = "/v1/metadata/version",
    operation_id = "getServerVersion",
    tag = tags::SERVER,
    responses((status = 200, description = "The version and commit", body = Object)),
)]
pub async fn metadata_version() -> Json<Value> {
    Json(json!({
        "version": env!("CARGO_PKG_VERSION"),
        "commitId": option_env!("ACCORD_COMMIT").unwrap_or("unknown"),
    }))
}

/// The deployment's attributes.
///
/// `{"attributes": ["accord", "sqlite" | "postgres"]}`.
#[utoipa::path(
    get,
    path = "/v1/metadata/deployment",
    operation_id = "getDeploymentAttributes",
    tag = tags::SERVER,
    responses((status = 200, description = "The deployment's attributes", body = Object)),
)]
pub async fn metadata_deployment(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "attributes": ["accord", state.store.backend()] }))
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
    let mut reads = state.store.read().await?;
    let subjects: Vec<String> = reads
        .subjects()
        .await?
        .into_iter()
        .map(|s| s.name)
        .collect();
    let mut all = contexts_of(&subjects);
    if let Some(prefix) = params.get("contextPrefix") {
        all.retain(|c| c.starts_with(prefix));
    }
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
    params(("context" = String, Path, description = "The context, e.g. `.ctx`")),
    responses(
        (status = 204, description = "The context is empty"),
        (status = 422, description = "42211: the context is not empty", body = ErrorBody),
    ),
)]
pub async fn delete_context(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<StatusCode> {
    let ctx = segments.at(0).to_string();
    let mut reads = state.store.read().await?;
    let busy = reads
        .subjects()
        .await?
        .iter()
        .any(|s| !s.soft_deleted && context_of(&s.name) == ctx);
    if busy {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            42211,
            format!("The specified context '{ctx}' is not empty."),
        ));
    }
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
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
        .into_response()
}

/// Liveness: the process answers.
#[utoipa::path(
    get,
    path = "/health/live",
    operation_id = "getLiveness",
    tag = tags::OPERATIONS,
    responses((status = 200, description = "`{\"status\": \"UP\"}`", body = Health)),
)]
pub async fn live() -> Json<Value> {
    Json(json!({"status": "UP"}))
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
pub async fn ready(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => Json(json!({"status": "UP", "store": state.store.backend()})).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                50301,
                "The database is not reachable",
            )
            .into_response()
        }
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
