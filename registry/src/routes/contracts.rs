//! `GET /contracts?subject=S`: the contracts that count for a subject (consumer versions
//! deployed somewhere or latest on their main branch), from
//! [`crate::domain::contracts::contracts_for`].

use accord_schemas::api::ContractView;
use axum::extract::State;

use crate::domain::contracts;
use crate::domain::names::normalize_subject;
use crate::error::ApiResult;
use crate::extract::{Json, Params};
use crate::routes::params::{required, tags};
use crate::routes::responses::NoSubjectParameter;
use crate::state::AppState;

/// List the contracts that count for a subject.
///
/// Those of consumer versions deployed in some environment or latest on their main branch.
#[utoipa::path(
    get,
    path = "/contracts",
    operation_id = "listContracts",
    tag = tags::CONTRACTS,
    params(("subject" = String, Query, description = "The subject read")),
    responses(
        (status = 200, description = "The contracts, by consumer and version", body = Vec<ContractView>),
        NoSubjectParameter,
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    params: Params,
) -> ApiResult<Json<Vec<ContractView>>> {
    let subject = normalize_subject(required(&params, "subject")?);
    Ok(Json(
        contracts::contracts_for(&state.registry, &subject).await?,
    ))
}
