//! `/compatibility/subjects/{subject}/versions[/{version}]` (spec §3.5).

use accord_schemas::api::{CompatibilityCheckResponse, RegisterSchemaRequest};
use axum::extract::State;

use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Params};
use crate::routes::Segments;
use crate::service::{self, AppState, VersionSel};
use crate::store::VersionRecord;

fn answer(verdict: service::Verdict, verbose: bool) -> Json<CompatibilityCheckResponse> {
    Json(CompatibilityCheckResponse {
        is_compatible: verdict.compatible,
        messages: verbose.then_some(verdict.messages),
    })
}

/// Check against one stored version, at the subject's level (transitive levels degenerate to
/// that version).
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
    let target = match sel.pick(&live) {
        Some(v) => v,
        None if sel == VersionSel::Latest && live.is_empty() => {
            return Ok(answer(
                service::Verdict {
                    compatible: true,
                    messages: Vec::new(),
                },
                verbose,
            ))
        }
        None => return Err(ApiError::version_not_found(&version)),
    };
    let config = service::effective_config(reads.as_mut(), Some(&subject)).await?;
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
    let verdict = service::check_compatibility(
        &state,
        reads.as_mut(),
        doc,
        candidate.metadata.as_ref(),
        &[target],
        &config,
    )
    .await?;
    Ok(answer(verdict, verbose))
}

/// Exactly the check registration performs, against every live version.
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
    Ok(answer(verdict, verbose))
}
