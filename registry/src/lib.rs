//! `accord-registry`: a Confluent-compatible schema registry on SQLite or PostgreSQL.
//!
//! [`app`] builds the whole HTTP surface over an [`AppState`]; the binary adds configuration,
//! logging and graceful shutdown around it, and tests drive it in-process or on a socket.
//!
//! Conventions:
//! - The Confluent surface lives at the root exactly as `spec/confluent-api.md` describes;
//!   Accord's own endpoints (`/validate`, `/metrics`, `/health/...`, and the consumer-contract
//!   endpoints `/applications`, `/contracts`, `/producers`, `/deployments`, `/can-i-deploy` of
//!   [`contracts`])
//!   use words Confluent does not.
//! - Before routing, a trailing `/` is dropped (the Java client sends
//!   `/compatibility/subjects/{s}/versions/`) and a `/contexts/{ctx}/...` prefix is rewritten
//!   to qualified subjects (`/contexts/.ctx/subjects/foo` ≡ `/subjects/:.ctx:foo`). Routing runs
//!   on the raw path, so a `%2F` in a subject stays inside its segment.
//! - Every error, the framework's included, is an [`error::ApiError`] with Confluent's body.

pub mod contracts;
pub mod error;
pub mod extract;
pub mod media;
pub mod metrics;
pub mod routes;
pub mod service;
pub mod settings;
pub mod store;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, Uri};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use axum::Router;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use service::{AppOptions, AppState};

use routes::{
    applications, can_i_deploy, compatibility, config, deployments, meta, mode, schemas, subjects,
    validate,
};

const REQUEST_ID: &str = "x-request-id";

/// The registry's HTTP surface over `state`.
pub fn app(state: AppState) -> Router {
    let confluent = Router::new()
        .route("/", get(meta::root).post(meta::root))
        .route("/v1/metadata/id", get(meta::metadata_id))
        .route("/v1/metadata/version", get(meta::metadata_version))
        .route("/v1/metadata/deployment", get(meta::metadata_deployment))
        .route("/schemas", get(schemas::list))
        .route("/schemas/types", get(schemas::types))
        .route("/schemas/ids/{id}", get(schemas::get_by_id))
        .route("/schemas/ids/{id}/schema", get(schemas::get_raw_by_id))
        .route("/schemas/ids/{id}/subjects", get(schemas::subjects_of_id))
        .route("/schemas/ids/{id}/versions", get(schemas::versions_of_id))
        .route("/schemas/guids/{guid}", get(schemas::get_by_guid))
        .route("/schemas/guids/{guid}/ids", get(schemas::ids_of_guid))
        .route("/subjects", get(subjects::list))
        .route(
            "/subjects/{subject}",
            post(subjects::lookup).delete(subjects::delete),
        )
        .route("/subjects/{subject}/metadata", get(subjects::by_metadata))
        .route(
            "/subjects/{subject}/versions",
            get(subjects::versions).post(subjects::register),
        )
        .route(
            "/subjects/{subject}/versions/{version}",
            get(subjects::get_version).delete(subjects::delete_version),
        )
        .route(
            "/subjects/{subject}/versions/{version}/schema",
            get(subjects::get_version_raw),
        )
        .route(
            "/subjects/{subject}/versions/{version}/referencedby",
            get(subjects::referenced_by),
        )
        .route(
            "/compatibility/subjects/{subject}/versions",
            post(compatibility::against_all),
        )
        .route(
            "/compatibility/subjects/{subject}/versions/{version}",
            post(compatibility::against_version),
        )
        .route(
            "/config",
            get(config::get_global)
                .put(config::put_global)
                .delete(config::delete_global),
        )
        .route(
            "/config/{subject}",
            get(config::get_subject)
                .put(config::put_subject)
                .delete(config::delete_subject),
        )
        .route(
            "/mode",
            get(mode::get_global)
                .put(mode::put_global)
                .delete(mode::delete_global),
        )
        .route(
            "/mode/{subject}",
            get(mode::get_subject)
                .put(mode::put_subject)
                .delete(mode::delete_subject),
        )
        .route("/contexts", get(meta::contexts))
        .route(
            "/contexts/{context}",
            axum::routing::delete(meta::delete_context),
        )
        .layer(from_fn(media::negotiate));

    let ops = Router::new()
        .route("/validate", post(validate::by_id))
        .route("/validate/{subject}", post(validate::by_subject))
        .route("/metrics", get(meta::metrics))
        .route("/health/live", get(meta::live))
        .route("/health/ready", get(meta::ready));

    let consumer_contracts = Router::new()
        .route("/applications", get(applications::list))
        .route("/applications/{app}", get(applications::get))
        .route(
            "/applications/{app}/versions/{version}",
            get(applications::get_version).post(applications::publish),
        )
        .route("/contracts", get(routes::contracts::list))
        .route("/producers", get(routes::producers::list))
        .route(
            "/deployments",
            get(deployments::list).post(deployments::record),
        )
        .route(
            "/deployments/{environment}",
            get(deployments::in_environment),
        )
        .route("/can-i-deploy", get(can_i_deploy::check));

    let routed = confluent
        .merge(ops)
        .merge(consumer_contracts)
        .fallback(meta::not_found)
        .method_not_allowed_fallback(meta::method_not_allowed)
        .layer(from_fn_with_state(state.clone(), metrics::track))
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
