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
use crate::routes::contracts::counting_listing;
use crate::routes::params::{required, tags};
use crate::routes::responses::NoSubjectParameter;
use crate::state::AppState;

counting_listing! {
    /// List the producers that count for a subject.
    ///
    /// Producer versions deployed in some environment or latest on their main branch, each with the
    /// schema it writes: the version it pins, else the subject's latest live one.
    path = "/producers", operation_id = "listProducers", subject = "The subject produced",
    answer = "The producers, by application and version", body = Vec<ProducerView>,
    list = producers_for
}
