//! `accord-registry`: a Confluent-compatible schema registry on SQLite or PostgreSQL.
//!
//! [`app`] builds the whole HTTP surface over an [`AppState`]; the binary adds configuration,
//! logging and graceful shutdown around it, and tests drive it in-process or on a socket.
//!
//! Layers (see `ARCHITECTURE.md`): [`routes`] extract a request, call one function of
//! [`domain`] and render its typed answer; the domain holds every rule and the only writes;
//! [`store`] is the SQL. Nothing imports upward.
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
pub mod error;
pub mod extract;
pub mod media;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod settings;
pub mod state;
pub mod store;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, Uri};
use axum::middleware::from_fn_with_state;
use axum::Router;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use state::{AppOptions, AppState};

use routes::meta;

const REQUEST_ID: &str = "x-request-id";

/// The registry's HTTP surface over `state`.
pub fn app(state: AppState) -> Router {
    let (routed, generated) = routes::all().split_for_parts();
    openapi::render(|| generated);
    let routed = routed
        .fallback(meta::not_found)
        .method_not_allowed_fallback(meta::method_not_allowed)
        .layer(from_fn_with_state(state.metrics.clone(), metrics::track))
        .layer(DefaultBodyLimit::max(state.options.body_limit))
        .with_state(state);

    let request_id = HeaderName::from_static(REQUEST_ID);
    Router::new()
        .fallback_service(
            ServiceBuilder::new()
                .map_request(rewrite_path)
                .service(routed),
        )
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http().make_span_with(|request: &Request| {
                        let id = request
                            .headers()
                            .get(REQUEST_ID)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!(
                            "request",
                            request_id = %id,
                            method = %request.method(),
                            uri = %request.uri(),
                        )
                    }),
                )
                .layer(PropagateRequestIdLayer::new(request_id)),
        )
}

/// Drop a trailing slash and rewrite a `/contexts/{ctx}/...` prefix (see the crate docs).
fn rewrite_path(mut request: Request) -> Request {
    let uri = request.uri();
    let path = uri.path();
    let trailing_slash = path.len() > 1 && path.ends_with('/');
    if !trailing_slash && !path.starts_with("/contexts/") {
        return request;
    }
    let mut new_path = path.to_string();
    if new_path.len() > 1 && new_path.ends_with('/') {
        new_path.pop();
    }
    let mut query = uri.query().map(str::to_owned);
    if let Some(rest) = new_path.strip_prefix("/contexts/") {
        if let Some((ctx, tail)) = rest.split_once('/') {
            let qualifier = if ctx == "." {
                String::new()
            } else {
                format!(":{ctx}:")
            };
            let (first, after) = match tail.split_once('/') {
                Some((first, after)) => (first, Some(after)),
                None => (tail, None),
            };
            let rewritten = match (first, after) {
                ("subjects", None) => {
                    if !qualifier.is_empty() {
                        let extra = format!("subjectPrefix={qualifier}");
                        query = Some(match query.take() {
                            Some(q) if !q.is_empty() => format!("{q}&{extra}"),
                            _ => extra,
                        });
                    }
                    Some("/subjects".to_string())
                }
                ("config" | "mode", None) if qualifier.is_empty() => Some(format!("/{first}")),
                ("config" | "mode", None) => Some(format!("/{first}/{qualifier}")),
                ("subjects" | "config" | "mode", Some(after)) => {
                    Some(format!("/{first}/{qualifier}{after}"))
                }
                ("compatibility", Some(after)) => after
                    .strip_prefix("subjects/")
                    .map(|a| format!("/compatibility/subjects/{qualifier}{a}")),
                ("schemas", _) => Some(format!("/{tail}")),
                _ => None,
            };
            if let Some(r) = rewritten {
                new_path = r;
            }
        }
    }
    if new_path != path || query.as_deref() != uri.query() {
        let path_and_query = match query {
            Some(q) => format!("{new_path}?{q}"),
            None => new_path,
        };
        if let Ok(new_uri) = Uri::builder().path_and_query(path_and_query).build() {
            *request.uri_mut() = new_uri;
        }
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(path: &str) -> String {
        let req = Request::builder()
            .uri(path)
            .body(axum::body::Body::empty())
            .unwrap();
        rewrite_path(req).uri().to_string()
    }

    #[test]
    fn trailing_slash_and_context_prefix_are_rewritten() {
        assert_eq!(
            rewritten("/compatibility/subjects/s/versions/?verbose=true"),
            "/compatibility/subjects/s/versions?verbose=true"
        );
        assert_eq!(rewritten("/"), "/");
        assert_eq!(
            rewritten("/contexts/.ctx/subjects/foo/versions"),
            "/subjects/:.ctx:foo/versions"
        );
        assert_eq!(rewritten("/contexts/./subjects/foo"), "/subjects/foo");
        assert_eq!(rewritten("/contexts/.ctx/config"), "/config/:.ctx:");
        assert_eq!(rewritten("/contexts/.ctx"), "/contexts/.ctx");
        assert_eq!(
            rewritten("/contexts/.ctx/subjects?deleted=true"),
            "/subjects?deleted=true&subjectPrefix=:.ctx:"
        );
        assert_eq!(
            rewritten("/subjects/a%2Fb/versions"),
            "/subjects/a%2Fb/versions"
        );
    }
}
