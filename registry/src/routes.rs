//! The HTTP surface: one module per resource, mirroring [`crate::domain`]. A handler extracts
//! the request, calls one domain function and renders its typed answer; every failure is an
//! [`crate::error::ApiError`] (a domain error converted in one place).
//!
//! Each handler carries its `#[utoipa::path]`, and [`all`] adds it with `routes!`, which routes
//! exactly the path and methods that annotation documents (see `openapi.rs`). Nothing is
//! routed any other way.

pub mod applications;
pub mod can_i_deploy;
pub mod compatibility;
pub mod config;
pub mod contracts;
pub mod deployments;
pub mod meta;
pub mod mode;
pub mod params;
pub mod producers;
pub mod responses;
pub mod schemas;
pub mod setting;
pub mod subjects;
pub mod validate;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::edge::RouteTemplate;
use crate::state::AppState;

/// Every route of the registry, with its operation in the OpenAPI document, and the route
/// templates for the edge (Confluent's routes negotiate their answer's type from `Accept`).
pub fn all() -> (OpenApiRouter<AppState>, Vec<RouteTemplate>) {
    let confluent = OpenApiRouter::new()
        .routes(routes!(meta::root, meta::root_post))
        .routes(routes!(meta::metadata_id))
        .routes(routes!(meta::metadata_version))
        .routes(routes!(meta::metadata_deployment))
        .routes(routes!(schemas::list))
        .routes(routes!(schemas::types))
        .routes(routes!(schemas::get_by_id))
        .routes(routes!(schemas::get_raw_by_id))
        .routes(routes!(schemas::subjects_of_id))
        .routes(routes!(schemas::versions_of_id))
        .routes(routes!(schemas::get_by_guid))
        .routes(routes!(schemas::ids_of_guid))
        .routes(routes!(subjects::list))
        .routes(routes!(subjects::lookup, subjects::delete))
        .routes(routes!(subjects::by_metadata))
        .routes(routes!(subjects::versions, subjects::register))
        .routes(routes!(subjects::get_version, subjects::delete_version))
        .routes(routes!(subjects::get_version_raw))
        .routes(routes!(subjects::referenced_by))
        .routes(routes!(compatibility::against_all))
        .routes(routes!(compatibility::against_version))
        .routes(routes!(
            config::get_global,
            config::put_global,
            config::delete_global
        ))
        .routes(routes!(
            config::get_subject,
            config::put_subject,
            config::delete_subject
        ))
        .routes(routes!(
            mode::get_global,
            mode::put_global,
            mode::delete_global
        ))
        .routes(routes!(
            mode::get_subject,
            mode::put_subject,
            mode::delete_subject
        ))
        .routes(routes!(meta::contexts))
        .routes(routes!(meta::delete_context));

    let ops = OpenApiRouter::new()
        .routes(routes!(validate::by_id))
        .routes(routes!(validate::by_subject))
        .routes(routes!(meta::metrics))
        .routes(routes!(meta::live))
        .routes(routes!(meta::ready))
        .routes(routes!(meta::openapi));

    let consumer_contracts = OpenApiRouter::new()
        .routes(routes!(applications::list))
        .routes(routes!(applications::get))
        .routes(routes!(applications::get_version, applications::publish))
        .routes(routes!(contracts::list))
        .routes(routes!(producers::list))
        .routes(routes!(deployments::list, deployments::record))
        .routes(routes!(deployments::in_environment))
        .routes(routes!(can_i_deploy::check));

    let mut templates = templates_of(&confluent, true);
    templates.extend(templates_of(&ops, false));
    templates.extend(templates_of(&consumer_contracts, false));
    (confluent.merge(ops).merge(consumer_contracts), templates)
}

fn templates_of(router: &OpenApiRouter<AppState>, negotiated: bool) -> Vec<RouteTemplate> {
    let paths = router.get_openapi().paths.paths.keys();
    paths
        .map(|template| RouteTemplate {
            template: template.clone(),
            negotiated,
        })
        .collect()
}
