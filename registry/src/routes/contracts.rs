//! `GET /contracts?subject=S`: the contracts that count for a subject (consumer versions
//! deployed somewhere or latest on their main branch).

use accord_schemas::api::{ContractView, ErrorBody};
use axum::extract::State;

use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::openapi::tags;
use crate::service::{normalize_subject, AppState};

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
        (status = 422, description = "42223: no `subject`", body = ErrorBody),
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    params: Params,
) -> ApiResult<Json<Vec<ContractView>>> {
    let subject = params
        .get("subject")
        .map(normalize_subject)
        .ok_or_else(|| ApiError::missing_parameter("subject"))?;
    Ok(Json(
        crate::contracts::contracts_for(&state, &subject).await?,
    ))
}
