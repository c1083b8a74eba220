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

/// `GET <path>?subject=S`: what counts for a subject (application versions deployed somewhere or
/// latest on their main branch), as `list` of [`crate::domain::contracts`] finds it; 42223
/// without `subject`. The contracts here and the producers in [`crate::routes::producers`].
macro_rules! counting_listing {
    (
        $(#[doc = $doc:tt])*
        path = $path:tt, operation_id = $id:tt, subject = $subject:tt,
        answer = $answer:tt, body = Vec<$view:ident>, list = $list:ident
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            get,
            path = $path,
            operation_id = $id,
            tag = tags::CONTRACTS,
            params(("subject" = String, Query, description = $subject)),
            responses(
                (status = 200, description = $answer, body = Vec<$view>),
                NoSubjectParameter,
            ),
        )]
        pub async fn list(
            State(state): State<AppState>,
            params: Params,
        ) -> ApiResult<Json<Vec<$view>>> {
            let subject = normalize_subject(required(&params, "subject")?);
            Ok(Json(contracts::$list(&state.registry, &subject).await?))
        }
    };
}

pub(crate) use counting_listing;

counting_listing! {
    /// List the contracts that count for a subject.
    ///
    /// Those of consumer versions deployed in some environment or latest on their main branch.
    path = "/contracts", operation_id = "listContracts", subject = "The subject read",
    answer = "The contracts, by consumer and version", body = Vec<ContractView>,
    list = contracts_for
}
