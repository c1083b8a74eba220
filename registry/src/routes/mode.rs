//! `/mode` and `/mode/{subject}`: each handler calls one function of [`crate::domain::mode`].

use accord_schemas::api::{ErrorBody, Mode};
use axum::extract::State;

use crate::domain::mode::{self, Mode as DomainMode};
use crate::error::ApiResult;
use crate::extract::{Json, Params};
use crate::routes::params::{tags, DefaultToGlobalQuery, ForceQuery, Segments, SubjectPath};
use crate::routes::setting::setting_handlers;
use crate::state::AppState;

fn answer(mode: DomainMode) -> Json<Mode> {
    Json(Mode {
        mode: mode.as_str().to_string(),
    })
}

setting_handlers! {
    domain: mode, tag: MODE, answer: Mode, render: answer;

    /// Get the global mode.
    get_global: "/mode", "getMode",
        responses((status = 200, description = "The global mode", body = Mode));

    /// Reset the global mode.
    ///
    /// Answers the previous mode.
    delete_global: "deleteMode",
        responses((status = 200, description = "The previous mode", body = Mode));

    /// Get a subject's mode.
    ///
    /// 40409 without a subject-level mode, unless `defaultToGlobal=true`.
    get_subject: "/mode/{subject}", "getSubjectMode", responses(
        (status = 200, description = "The subject's mode", body = Mode),
        (status = 404, description = "40409: no subject-level mode", body = ErrorBody),
    );

    /// Delete a subject's mode.
    ///
    /// Answers the deleted mode; 40401 when none was set.
    delete_subject: "deleteSubjectMode", responses(
        (status = 200, description = "The deleted mode", body = Mode),
        (status = 404, description = "40401: no subject-level mode", body = ErrorBody),
    );
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
