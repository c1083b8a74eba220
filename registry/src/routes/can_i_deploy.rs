//! `GET /can-i-deploy?app=A&version=V&to=E`: whether A@V is compatible with every counterpart
//! deployed in E, in both directions. The answer is `yes`, `no` or `unknown` with one row per
//! producer/consumer pair and subject; it is a 200 whatever the verdict.

use accord_schemas::api::CanIDeploy;
use axum::extract::State;

use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::service::AppState;

/// `GET /can-i-deploy`.
pub async fn check(State(state): State<AppState>, params: Params) -> ApiResult<Json<CanIDeploy>> {
    let get = |name: &str| {
        params
            .get(name)
            .ok_or_else(|| ApiError::missing_parameter(name))
    };
    let (app, version, to) = (get("app")?, get("version")?, get("to")?);
    Ok(Json(
        crate::contracts::can_i_deploy(&state, app, version, to).await?,
    ))
}
