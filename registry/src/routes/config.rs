//! `/config` and `/config/{subject}`: each handler calls one function of
//! [`crate::domain::config`]. `GET` names the level `compatibilityLevel`, `PUT` takes and
//! echoes it as `compatibility` (as Confluent does).

use accord_schemas::api::{Config, ConfigUpdateRequest, ErrorBody};
use axum::extract::State;

use crate::domain::config;
use crate::error::ApiResult;
use crate::extract::{Json, Params};
use crate::routes::params::{tags, DefaultToGlobalQuery, Segments, SubjectPath};
use crate::routes::setting::setting_handlers;
use crate::state::AppState;

setting_handlers! {
    domain: config, tag: CONFIG, answer: Config, render: Json;

    /// Get the global config.
    ///
    /// The level as `compatibilityLevel`, with the server's default (`BACKWARD`) filled in.
    get_global: "/config", "getConfig",
        responses((status = 200, description = "The global config", body = Config));

    /// Reset the global config.
    ///
    /// Answers the previous global config.
    delete_global: "deleteConfig",
        responses((status = 200, description = "The previous global config", body = Config));

    /// Get a subject's config.
    ///
    /// 40408 without a subject-level config, unless `defaultToGlobal=true`.
    get_subject: "/config/{subject}", "getSubjectConfig", responses(
        (status = 200, description = "The subject's config", body = Config),
        (status = 404, description = "40408: no subject-level config", body = ErrorBody),
    );

    /// Delete a subject's config.
    ///
    /// Answers the deleted config; 40401 when there was none.
    delete_subject: "deleteSubjectConfig", responses(
        (status = 200, description = "The deleted config", body = Config),
        (status = 404, description = "40401: no subject-level config", body = ErrorBody),
    );
}

/// Update the global config.
///
/// The level is `compatibility` here; the answer echoes the request.
#[utoipa::path(
    put,
    path = "/config",
    operation_id = "updateConfig",
    tag = tags::CONFIG,
    request_body = ConfigUpdateRequest,
    responses(
        (status = 200, description = "The update, normalised", body = ConfigUpdateRequest),
        (status = 422, description = "42203: invalid level, policy or contractCheck", body = ErrorBody),
    ),
)]
pub async fn put_global(
    State(state): State<AppState>,
    Json(update): Json<ConfigUpdateRequest>,
) -> ApiResult<Json<ConfigUpdateRequest>> {
    Ok(Json(config::set_global(&state.registry, update).await?))
}

/// Update a subject's config.
#[utoipa::path(
    put,
    path = "/config/{subject}",
    operation_id = "updateSubjectConfig",
    tag = tags::CONFIG,
    params(SubjectPath),
    request_body = ConfigUpdateRequest,
    responses(
        (status = 200, description = "The update, normalised", body = ConfigUpdateRequest),
        (status = 422, description = "42203: invalid level, policy or contractCheck; 42208: invalid subject", body = ErrorBody),
    ),
)]
pub async fn put_subject(
    State(state): State<AppState>,
    segments: Segments,
    Json(update): Json<ConfigUpdateRequest>,
) -> ApiResult<Json<ConfigUpdateRequest>> {
    let subject = segments.subject();
    Ok(Json(
        config::set_subject(&state.registry, &subject, update).await?,
    ))
}
