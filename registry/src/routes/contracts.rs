//! `GET /contracts?subject=S`: the contracts that count for a subject (consumer versions
//! deployed somewhere or latest on their main branch).

use accord_schemas::api::ContractView;
use axum::extract::State;

use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::service::{normalize_subject, AppState};

/// `GET /contracts?subject=S`.
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
