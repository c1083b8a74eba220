//! `/compatibility/subjects/{subject}/versions[/{version}]`: each handler calls one function of
//! [`crate::domain::compatibility`], whose documentation says how the consumer-contract check
//! takes part.

use accord_schemas::api::{CompatibilityCheckResponse, ErrorBody, RegisterSchemaRequest};
use axum::extract::State;

use crate::domain::compatibility::{self, Question, Verdict};
use crate::error::ApiResult;
use crate::extract::{Json, Params};
use crate::routes::params::{tags, CompatibilityQuery, Segments, SubjectPath, SubjectVersionPath};
use crate::state::AppState;

fn question(params: &Params) -> Question {
    Question {
        normalize: params.flag(&["normalize"]),
        verbose: params.flag(&["verbose"]),
    }
}

fn answer(verdict: Verdict, verbose: bool) -> Json<CompatibilityCheckResponse> {
    Json(CompatibilityCheckResponse {
        is_compatible: verdict.compatible,
        messages: verbose.then_some(verdict.messages),
    })
}

/// Test a schema against one version.
///
/// At the subject's level (transitive levels degenerate to that version). With `latest` (or
/// `-1`) also against the contracts of the subject's consumers, as registration checks them;
/// an explicit version asks about that version only. `latest` on a subject without versions
/// is compatible unless a contract objects. With `verbose=true` an invalid schema is a message
/// rather than a 422.
#[utoipa::path(
    post,
    path = "/compatibility/subjects/{subject}/versions/{version}",
    operation_id = "testCompatibilityWithVersion",
    tag = tags::COMPATIBILITY,
    params(SubjectVersionPath, CompatibilityQuery),
    request_body = RegisterSchemaRequest,
    responses(
        (status = 200, description = "The verdict; `messages` only with `verbose=true`", body = CompatibilityCheckResponse),
        (status = 404, description = "40402: no such version", body = ErrorBody),
        (status = 422, description = "42201: invalid schema (without `verbose`); 42202: invalid version", body = ErrorBody),
    ),
)]
pub async fn against_version(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
    Json(req): Json<RegisterSchemaRequest>,
) -> ApiResult<Json<CompatibilityCheckResponse>> {
    let (subject, version, q) = (segments.subject(), segments.at(1), question(&params));
    let verdict =
        compatibility::against_version(&state.registry, &subject, version, &req, q).await?;
    Ok(answer(verdict, q.verbose))
}

/// Test a schema as registration would.
///
/// Exactly the checks registration performs: against every live version at the subject's
/// level, then against the contracts of the subject's consumers (`contractCheck`: `ENFORCE`
/// failures make it incompatible, `WARN` findings are messages starting `contractCheck WARN: `).
#[utoipa::path(
    post,
    path = "/compatibility/subjects/{subject}/versions",
    operation_id = "testCompatibility",
    tag = tags::COMPATIBILITY,
    params(SubjectPath, CompatibilityQuery),
    request_body = RegisterSchemaRequest,
    responses(
        (status = 200, description = "The verdict; `messages` only with `verbose=true`", body = CompatibilityCheckResponse),
        (status = 422, description = "42201: invalid schema", body = ErrorBody),
    ),
)]
pub async fn against_all(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
    Json(req): Json<RegisterSchemaRequest>,
) -> ApiResult<Json<CompatibilityCheckResponse>> {
    let (subject, q) = (segments.subject(), question(&params));
    let verdict = compatibility::against_all(&state.registry, &subject, &req, q).await?;
    Ok(answer(verdict, q.verbose))
}
