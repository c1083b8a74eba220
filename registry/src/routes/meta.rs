//! The root, server metadata, contexts, health and metrics.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::routes::Segments;
use crate::service::{context_of, contexts_of, AppState};

/// `GET /` and `POST /`: a no-op answering `{}`.
pub async fn root() -> Json<Value> {
    Json(json!({}))
}

/// `GET /v1/metadata/id`.
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

/// `GET /v1/metadata/version`.
pub async fn metadata_version() -> Json<Value> {
    Json(json!({
        "version": env!("CARGO_PKG_VERSION"),
        "commitId": option_env!("ACCORD_COMMIT").unwrap_or("unknown"),
    }))
}

/// `GET /v1/metadata/deployment`.
pub async fn metadata_deployment(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "attributes": ["accord", state.store.backend()] }))
}

/// `GET /contexts`.
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

/// `DELETE /contexts/{context}`: 204 when empty, 42211 otherwise.
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

/// `GET /metrics`.
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

/// `GET /health/live`.
pub async fn live() -> Json<Value> {
    Json(json!({"status": "UP"}))
}

/// `GET /health/ready`: the database answers.
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
