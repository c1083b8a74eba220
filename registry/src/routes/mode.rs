//! `/mode` and `/mode/{subject}`: each handler calls one function of [`crate::domain::mode`].

use accord_schemas::api::{ErrorBody, Mode};
use axum::extract::State;

use crate::domain::mode::{self, Mode as DomainMode};
use crate::error::ApiResult;
use crate::extract::{Json, Params};
use crate::routes::params::{tags, DefaultToGlobalQuery, ForceQuery, Segments, SubjectPath};
use crate::state::AppState;

fn answer(mode: DomainMode) -> Json<Mode> {
    Json(Mode {
        mode: mode.as_str().to_string(),
    })
}

/// Get the global mode.
#[utoipa::path(
    get,
    path = "/mode",
    operation_id = "getMode",
    tag = tags::MODE,
    responses((status = 200, description = "The global mode", body = Mode)),
)]
pub async fn get_global(State(state): State<AppState>) -> ApiResult<Json<Mode>> {
    Ok(answer(mode::global(&state.registry).await?))
}

/// Set the global mode.
///
/// `mode` is one of `READWRITE`, `READONLY`, `READONLY_OVERRIDE`, `IMPORT` and `FORWARD` (any
/// case).
#[utoipa::path(
    put,
    path = "/mode",
    operation_id = "updateMode",
    tag = tags::MODE,
    params(ForceQuery),
    request_body = Mode,
    responses(
        (status = 200, description = "The mode set", body = Mode),
        (status = 422, description = "42204: invalid mode; 42205: not permitted (subjects exist, or mode changes are disabled)", body = ErrorBody),
    ),
)]
pub async fn put_global(
    State(state): State<AppState>,
    params: Params,
    Json(body): Json<Mode>,
) -> ApiResult<Json<Mode>> {
    let force = params.flag(&["force"]);
    Ok(answer(
        mode::set_global(&state.registry, &body.mode, force).await?,
    ))
}

/// Reset the global mode.
///
/// Answers the previous mode.
#[utoipa::path(
    delete,
    path = "/mode",
    operation_id = "deleteMode",
    tag = tags::MODE,
    responses((status = 200, description = "The previous mode", body = Mode)),
)]
pub async fn delete_global(State(state): State<AppState>) -> ApiResult<Json<Mode>> {
    Ok(answer(mode::reset_global(&state.registry).await?))
}

/// Get a subject's mode.
///
/// 40409 without a subject-level mode, unless `defaultToGlobal=true`.
#[utoipa::path(
    get,
    path = "/mode/{subject}",
    operation_id = "getSubjectMode",
    tag = tags::MODE,
    params(SubjectPath, DefaultToGlobalQuery),
    responses(
        (status = 200, description = "The subject's mode", body = Mode),
        (status = 404, description = "40409: no subject-level mode", body = ErrorBody),
    ),
)]
pub async fn get_subject(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<Mode>> {
    let (subject, default) = (segments.subject(), params.flag(&["defaultToGlobal"]));
    Ok(answer(
        mode::of_subject(&state.registry, &subject, default).await?,
    ))
}

/// Set a subject's mode.
///
/// `mode` is one of `READWRITE`, `READONLY`, `READONLY_OVERRIDE` and `IMPORT` (any case).
#[utoipa::path(
    put,
    path = "/mode/{subject}",
    operation_id = "updateSubjectMode",
    tag = tags::MODE,
    params(SubjectPath, ForceQuery),
    request_body = Mode,
    responses(
        (status = 200, description = "The mode set", body = Mode),
        (status = 422, description = "42204: invalid mode; 42205: not permitted; 42208: invalid subject", body = ErrorBody),
    ),
)]
pub async fn put_subject(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
    Json(body): Json<Mode>,
) -> ApiResult<Json<Mode>> {
    let (subject, force) = (segments.subject(), params.flag(&["force"]));
    Ok(answer(
        mode::set_subject(&state.registry, &subject, &body.mode, force).await?,
    ))
}

/// Delete a subject's mode.
///
/// Answers the deleted mode; 40401 when none was set.
#[utoipa::path(
    delete,
    path = "/mode/{subject}",
    operation_id = "deleteSubjectMode",
    tag = tags::MODE,
    params(SubjectPath),
    responses(
        (status = 200, description = "The deleted mode", body = Mode),
        (status = 404, description = "40401: no subject-level mode", body = ErrorBody),
    ),
)]
pub async fn delete_subject(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<Json<Mode>> {
    let subject = segments.subject();
    Ok(answer(
        mode::remove_subject(&state.registry, &subject).await?,
    ))
}
