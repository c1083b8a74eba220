//! `GET /producers?subject=S`: the producer versions that count for a subject (deployed
//! somewhere or latest on their main branch), each with the schema it writes, from
//! [`crate::domain::contracts::producers_for`]. A consumer checks its contract against these
//! before it publishes.

use accord_schemas::api::ProducerView;
use axum::extract::State;

use crate::domain::contracts;
use crate::domain::names::normalize_subject;
use crate::error::ApiResult;
use crate::extract::{Json, Params};
use crate::routes::params::{required, tags};
use crate::routes::responses::NoSubjectParameter;
use crate::state::AppState;

/// List the producers that count for a subject.
///
/// Producer versions deployed in some environment or latest on their main branch, each with the
/// schema it writes: the version it pins, else the subject's latest live one.
#[utoipa::path(
    get,
    path = "/producers",
    operation_id = "listProducers",
    tag = tags::CONTRACTS,
    params(("subject" = String, Query, description = "The subject produced")),
    responses(
        (status = 200, description = "The producers, by application and version", body = Vec<ProducerView>),
        NoSubjectParameter,
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    params: Params,
) -> ApiResult<Json<Vec<ProducerView>>> {
    let subject = normalize_subject(required(&params, "subject")?);
    Ok(Json(
        contracts::producers_for(&state.registry, &subject).await?,
    ))
}
