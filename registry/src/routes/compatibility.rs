//! `/compatibility/subjects/{subject}/versions[/{version}]` (spec §3.5).
//!
//! The forms that ask about the subject as registration would see it, with no version and with
//! `latest` (or `-1`), also run registration's consumer-contract check, so a client's test of
//! compatibility agrees with the registration that follows it. Under the subject's effective
//! `contractCheck`:
//! - `ENFORCE`: a finding makes `is_compatible` false; with `verbose=true` each finding is one
//!   message, the sentence registration's 409 lists (naming the consumer, its version and the
//!   read path), after the level's messages.
//! - `WARN`: `is_compatible` is left alone; with `verbose=true` each finding is one message
//!   starting with [`CONTRACT_WARNING_PREFIX`].
//! - `OFF`: no contract check.
//!
//! An explicit numeric version asks about that one version only: no contract check.

use accord_schemas::api::{CompatibilityCheckResponse, Config, ErrorBody, RegisterSchemaRequest};
use accord_schemas::json::SchemaDoc;
use axum::extract::State;

use crate::contracts;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::openapi::{tags, CompatibilityQuery, SubjectPath, SubjectVersionPath};
use crate::routes::Segments;
use crate::service::{self, AppState, ContractCheck, VersionSel};
use crate::store::{Reads, VersionRecord};

/// The start of a verbose message that reports a consumer-contract finding let through because
/// the subject's `contractCheck` is `WARN`.
pub const CONTRACT_WARNING_PREFIX: &str = "contractCheck WARN: ";

fn answer(verdict: service::Verdict, verbose: bool) -> Json<CompatibilityCheckResponse> {
    Json(CompatibilityCheckResponse {
        is_compatible: verdict.compatible,
        messages: verbose.then_some(verdict.messages),
    })
}

/// `verdict` with registration's contract check of `candidate` added (see the module
/// documentation).
async fn with_contract_check(
    state: &AppState,
    reads: &mut dyn Reads,
    subject: &str,
    config: &Config,
    candidate: &SchemaDoc,
    mut verdict: service::Verdict,
) -> ApiResult<service::Verdict> {
    let check = ContractCheck::of(config);
    if check == ContractCheck::Off {
        return Ok(verdict);
    }
    let failures = contracts::contract_failures(state, reads, subject, candidate).await?;
    if failures.is_empty() {
        return Ok(verdict);
    }
    if check == ContractCheck::Enforce {
        verdict.compatible = false;
        verdict.messages.extend(failures);
    } else {
        verdict.messages.extend(
            failures
                .into_iter()
                .map(|f| format!("{CONTRACT_WARNING_PREFIX}{f}")),
        );
    }
    Ok(verdict)
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
    let subject = segments.subject();
    let version = segments.at(1).to_string();
    let verbose = params.flag(&["verbose"]);
    let sel = VersionSel::parse(&version)?;
    let mut reads = state.store.read().await?;
    let all = reads.versions(&subject).await?;
    let live: Vec<&VersionRecord> = all.iter().filter(|v| !v.deleted).collect();
    let config = service::effective_config(reads.as_mut(), Some(&subject)).await?;
    let check_contracts =
        sel == VersionSel::Latest && ContractCheck::of(&config) != ContractCheck::Off;
    let target = match sel.pick(&live) {
        Some(v) => Some(v),
        // Nothing to compare with; only contracts, which count before the first version, can
        // object.
        None if sel == VersionSel::Latest && live.is_empty() => {
            let counted = if check_contracts {
                contracts::counting_contracts(&state, reads.as_mut(), &subject).await?
            } else {
                Vec::new()
            };
            if counted.is_empty() {
                return Ok(answer(
                    service::Verdict {
                        compatible: true,
                        messages: Vec::new(),
                    },
                    verbose,
                ));
            }
            None
        }
        None => return Err(ApiError::version_not_found(&version)),
    };
    let normalize = params.flag(&["normalize"]) || config.normalize.unwrap_or(false);
    let candidate = match service::prepare(&state, reads.as_mut(), &req, normalize, true).await {
        Ok(c) => c,
        Err(e) if verbose && e.code == 42201 => {
            return Ok(answer(
                service::Verdict {
                    compatible: false,
                    messages: vec![e.message],
                },
                true,
            ))
        }
        Err(e) => return Err(e),
    };
    let doc = candidate
        .doc
        .as_ref()
        .expect("validated candidate has a document");
    let history: Vec<&VersionRecord> = target.into_iter().collect();
    let mut verdict = service::check_compatibility(
        &state,
        reads.as_mut(),
        doc,
        candidate.metadata.as_ref(),
        &history,
        &config,
    )
    .await?;
    if check_contracts {
        verdict =
            with_contract_check(&state, reads.as_mut(), &subject, &config, doc, verdict).await?;
    }
    Ok(answer(verdict, verbose))
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
    let subject = segments.subject();
    let verbose = params.flag(&["verbose"]);
    let mut reads = state.store.read().await?;
    let all = reads.versions(&subject).await?;
    let live: Vec<&VersionRecord> = all.iter().rev().filter(|v| !v.deleted).collect();
    let config = service::effective_config(reads.as_mut(), Some(&subject)).await?;
    let normalize = params.flag(&["normalize"]) || config.normalize.unwrap_or(false);
    let candidate = service::prepare(&state, reads.as_mut(), &req, normalize, true).await?;
    let doc = candidate
        .doc
        .as_ref()
        .expect("validated candidate has a document");
    let verdict = service::check_compatibility(
        &state,
        reads.as_mut(),
        doc,
        candidate.metadata.as_ref(),
        &live,
        &config,
    )
    .await?;
    let verdict =
        with_contract_check(&state, reads.as_mut(), &subject, &config, doc, verdict).await?;
    Ok(answer(verdict, verbose))
}
