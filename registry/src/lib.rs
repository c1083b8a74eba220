//! `accord-registry`: a Confluent-compatible schema registry on SQLite or PostgreSQL.
//!
//! [`app`] builds the whole HTTP surface over an [`AppState`]; the binary adds configuration,
//! logging and graceful shutdown around it, and tests drive it in-process or on a socket.
//!
//! Conventions:
//! - The Confluent surface lives at the root exactly as `spec/confluent-api.md` describes;
//!   Accord's own endpoints (`/validate`, `/metrics`, `/health/...`, and the consumer-contract
//!   endpoints `/applications`, `/contracts`, `/producers`, `/deployments`, `/can-i-deploy` of
//!   [`contracts`], and `/openapi.json`) use words Confluent does not.
//! - Before routing, a trailing `/` is dropped (the Java client sends
//!   `/compatibility/subjects/{s}/versions/`) and a `/contexts/{ctx}/...` prefix is rewritten
//!   to qualified subjects (`/contexts/.ctx/subjects/foo` ≡ `/subjects/:.ctx:foo`). Routing runs
//!   on the raw path, so a `%2F` in a subject stays inside its segment.
//! - Every error, the framework's included, is an [`error::ApiError`] with Confluent's body.
//! - The routes are [`routes::all`]: each handler's `#[utoipa::path]` gives both its route and
//!   its operation in the OpenAPI document served at `/openapi.json` ([`openapi`]).

pub mod contracts;
pub mod edge;
pub mod error;
pub mod extract;
pub mod media;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod service;
pub mod settings;
pub mod store;

use axum::extract::DefaultBodyLimit;
use axum::Router;

pub use service::{AppOptions, AppState};

use routes::meta;

/// The registry's HTTP surface over `state`.
pub fn app(state: AppState) -> Router {
    let (routed, _) = routes::all().split_for_parts();
    let routed = routed
        .fallback(meta::not_found)
        .method_not_allowed_fallback(meta::method_not_allowed)
        .layer(edge::route_layer(state.metrics.clone()))
        .layer(DefaultBodyLimit::max(state.options.body_limit))
        .with_state(state);
    edge::wrap(routed)
}
