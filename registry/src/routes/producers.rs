//! `GET /producers?subject=S`: the producer versions that count for a subject (deployed
//! somewhere or latest on their main branch), each with the schema it writes. A consumer checks
//! its contract against these before it publishes.

use accord_schemas::api::ProducerView;
use axum::extract::State;

use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::service::{normalize_subject, AppState};

/// `GET /producers?subject=S`.
pub async fn list(
    State(state): State<AppState>,
    params: Params,
) -> ApiResult<Json<Vec<ProducerView>>> {
    let subject = params
        .get("subject")
        .map(normalize_subject)
        .ok_or_else(|| ApiError::missing_parameter("subject"))?;
    Ok(Json(
        crate::contracts::producers_for(&state, &subject).await?,
    ))
}
