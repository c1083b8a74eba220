//! `GET /can-i-deploy?app=A&version=V&to=E`: whether A@V is compatible with every counterpart
//! deployed in E, in both directions ([`crate::domain::deployments::can_i_deploy`]). The answer
//! is `yes`, `no` or `unknown` with one row per producer/consumer pair and subject; it is a 200
//! whatever the verdict.

use accord_schemas::api::{CanIDeploy, ErrorBody};
use axum::extract::State;

use crate::domain::deployments;
use crate::error::ApiResult;
use crate::extract::{Json, Params};
use crate::routes::params::{required, tags};
use crate::state::AppState;

/// Can this application version be deployed to an environment?
///
/// Its produced schemas against the contracts of the consumers deployed there, and its
/// contracts against the schemas of the producers deployed there. `yes`, `no` or `unknown`,
/// with one row per producer/consumer pair and subject; a 200 whatever the verdict.
#[utoipa::path(
    get,
    path = "/can-i-deploy",
    operation_id = "canIDeploy",
    tag = tags::CONTRACTS,
    params(
        ("app" = String, Query, description = "The application"),
        ("version" = String, Query, description = "Its version"),
        ("to" = String, Query, description = "The environment", pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"),
    ),
    responses(
        (status = 200, description = "The verdict", body = CanIDeploy),
        (status = 422, description = "42223: a parameter is missing; 42221: invalid environment name", body = ErrorBody),
    ),
)]
pub async fn check(State(state): State<AppState>, params: Params) -> ApiResult<Json<CanIDeploy>> {
    let get = |name: &str| required(&params, name);
    let (app, version, to) = (get("app")?, get("version")?, get("to")?);
    Ok(Json(
        deployments::can_i_deploy(&state.registry, app, version, to).await?,
    ))
}
