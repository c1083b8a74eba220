//! `accord-registry`: a Confluent-compatible schema registry on SQLite or PostgreSQL.
//!
//! [`app`] builds the whole HTTP surface over an [`AppState`]; the binary adds configuration,
//! logging and graceful shutdown around it, and tests drive it in-process or on a socket.
//!
//! Layers (see `ARCHITECTURE.md`): [`routes`] extract a request, call one function of
//! [`domain`] and render its typed answer; the domain holds every rule and the only writes;
//! [`store`] is the SQL. Nothing imports upward. [`edge`] is what every request passes through
//! before and after routing.
//!
//! Conventions:
//! - The Confluent surface lives at the root, as Confluent Schema Registry's
//!   [REST API](https://docs.confluent.io/platform/current/schema-registry/develop/api.html)
//!   describes it; Accord's own endpoints (`/validate`, `/metrics`, `/health/...`, the
//!   consumer-contract endpoints `/applications`, `/contracts`, `/producers`, `/deployments`,
//!   `/can-i-deploy`, and `/openapi.json`) use words Confluent does not.
//! - Before routing, a trailing `/` is dropped (the Java client sends
//!   `/compatibility/subjects/{s}/versions/`) and a `/contexts/{ctx}/...` prefix is rewritten
//!   to qualified subjects (`/contexts/.ctx/subjects/foo` ≡ `/subjects/:.ctx:foo`). Routing runs
//!   on the raw path, so a `%2F` in a subject stays inside its segment.
//! - Every error, the framework's included, is an [`error::ApiError`] with Confluent's body.
//! - The routes are [`routes::all`]: each handler's `#[utoipa::path]` gives both its route and
//!   its operation in the OpenAPI document served at `/openapi.json` ([`openapi`]).

pub mod cache;
pub mod defaults;
pub mod domain;
pub mod edge;
pub mod error;
pub mod extract;
pub mod media;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod settings;
pub mod state;
pub mod store;

pub use edge::App;

pub use state::{AppOptions, AppState};

use routes::meta;

/// The registry's HTTP surface over `state`.
pub fn app(state: AppState) -> App {
    let (routes, templates) = routes::all();
    let (routed, generated) = routes.split_for_parts();
    openapi::render(|| generated);
    let routed = routed
        .fallback(meta::not_found)
        .method_not_allowed_fallback(meta::method_not_allowed)
        .with_state(state.clone());
    // The edge applies the body limit around the whole router, and only to requests that can
    // carry a body: a layer on the router adds a boxed, cloned service per route and request.
    edge::wrap(
        routed,
        state.options.body_limit,
        &templates,
        state.metrics.clone(),
    )
}
