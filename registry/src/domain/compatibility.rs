//! Compatibility: checking a candidate against a subject's history at the subject's level
//! ([`check_compatibility`], the one place registration and the compatibility endpoints judge
//! a schema against earlier versions), and the two questions of `/compatibility`.
//!
//! The forms that ask about the subject as registration would see it, with no version and with
//! `latest` (or `-1`), also run registration's consumer-contract check
//! ([`super::contracts::judge`]), so a client's test of compatibility agrees with the
//! registration that follows it:
//! - `ENFORCE`: a finding makes the answer incompatible; each finding is one message, the
//!   sentence registration's refusal lists, after the level's messages.
//! - `WARN`: the answer is left alone; each finding is one message starting with
//!   [`CONTRACT_WARNING_PREFIX`].
//! - `OFF`: no contract check.
//!
//! An explicit numeric version asks about that one version only: no contract check.
//! The messages follow Confluent's [compatibility check](https://docs.confluent.io/platform/current/schema-registry/develop/api.html#compatibility)
//! answer: the differences, `{oldSchemaVersion: N}`, `{oldSchema: '...'}` and
//! `{validateFields: '...', compatibility: '...'}`.

use accord_schemas::api::{Config, Metadata, RegisterSchemaRequest};
use accord_schemas::compat::Level;
use accord_schemas::format::{self, Model};

use super::config::{effective_config, level_and_policy, ContractCheck};
use super::contracts::{counting_contracts, judge};
use super::error::{DomainError, DomainResult};
use super::names::{validate_subject, VersionSel};
use super::registry::Registry;
use super::schemas::{prepare, stored_doc};
use crate::store::{Reads, VersionRecord};

/// The start of a message that reports a consumer-contract finding let through because the
/// subject's `contractCheck` is `WARN`.
pub const CONTRACT_WARNING_PREFIX: &str = "contractCheck WARN: ";

/// The verdict of a compatibility check with Confluent's message list.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Whether the candidate passes.
    pub compatible: bool,
    /// The messages (empty when compatible).
    pub messages: Vec<String>,
}

impl Verdict {
    fn compatible() -> Verdict {
        Verdict {
            compatible: true,
            messages: Vec::new(),
        }
    }
}

/// The longest old schema text quoted in a message.
const OLD_SCHEMA_MAX: usize = 10 * 1024;

fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The versions of `history` in the candidate's compatibility group (all without one): only
/// versions with the candidate's value of the config's `compatibilityGroup` property take part.
fn in_group<'a>(
    history: &[&'a VersionRecord],
    candidate_metadata: Option<&Metadata>,
    config: &Config,
) -> Vec<&'a VersionRecord> {
    let group_value =
        |m: Option<&Metadata>, key: &str| m.and_then(|m| m.properties.get(key).cloned());
    match &config.compatibility_group {
        Some(key) => {
            let want = group_value(candidate_metadata, key);
            history
                .iter()
                .copied()
                .filter(|v| group_value(v.schema.stored.metadata.as_ref(), key) == want)
                .collect()
        }
        None => history.to_vec(),
    }
}

/// Check `candidate` against `history` (live versions, newest first) under `config`.
pub async fn check_compatibility(
    registry: &Registry,
    reads: &mut dyn Reads,
    candidate: &Model,
    candidate_metadata: Option<&Metadata>,
    history: &[&VersionRecord],
    config: &Config,
) -> DomainResult<Verdict> {
    let (level, policy) = level_and_policy(config);
    let history = in_group(history, candidate_metadata, config);
    if level == Level::None || history.is_empty() {
        return Ok(Verdict::compatible());
    }
    let depth_needed = if level.is_transitive() {
        history.len()
    } else {
        1
    };
    let mut docs = Vec::with_capacity(depth_needed);
    for v in history.iter().take(depth_needed) {
        docs.push(stored_doc(registry, reads, &v.schema).await?);
    }
    let limits = &registry.options.limits;
    let report = format::check_level(candidate, &docs, level, policy, limits)
        .map_err(|e| DomainError::invalid_schema(candidate.schema_type(), e))?;
    let validate_fields = config.validate_fields.unwrap_or(false);
    let reserved = if validate_fields {
        reserved_field_messages(candidate, candidate_metadata, history[0])
    } else {
        Vec::new()
    };
    if report.compatible && reserved.is_empty() {
        return Ok(Verdict::compatible());
    }
    let mut messages = report.confluent_messages();
    messages.extend(reserved);
    if let Some(v) = history.get(report.failed_against.unwrap_or(0)) {
        messages.push(format!("{{oldSchemaVersion: {}}}", v.version));
        messages.push(format!(
            "{{oldSchema: '{}'}}",
            truncate(&v.schema.stored.schema, OLD_SCHEMA_MAX)
        ));
    }
    messages.push(format!(
        "{{validateFields: '{validate_fields}', compatibility: '{}'}}",
        level.as_str()
    ));
    Ok(Verdict {
        compatible: false,
        messages,
    })
}

/// The reserved names of a metadata: `confluent:reserved`, comma-separated.
fn reserved_names(metadata: Option<&Metadata>) -> Vec<String> {
    metadata
        .and_then(|m| m.properties.get("confluent:reserved"))
        .map(|r| {
            r.split(',')
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// `validateFields`: a reserved name dropped from the metadata of the previous version, or a
/// reserved name used as a top-level property of the candidate, is an error (Confluent's
/// reserved fields of a data contract).
fn reserved_field_messages(
    candidate: &Model,
    candidate_metadata: Option<&Metadata>,
    previous: &VersionRecord,
) -> Vec<String> {
    let new = reserved_names(candidate_metadata);
    let old = reserved_names(previous.schema.stored.metadata.as_ref());
    let mut out = Vec::new();
    for name in old.iter().filter(|n| !new.contains(n)) {
        out.push(format!(
            "{{errorType:\"RESERVED_FIELD_REMOVED\", description:\"The new schema has reserved \
             field {name} removed from its metadata provided by the previous schema.'}}"
        ));
    }
    let fields = candidate.top_level_fields();
    for name in &new {
        if fields.contains(name) {
            out.push(format!(
                "{{errorType:\"FIELD_CONFLICTS_WITH_RESERVED_FIELD\", description:\"The new \
                 schema has field that conflicts with the reserved field {name}.'}}"
            ));
        }
    }
    out
}

/// `verdict` with the contract check's judgement of `candidate` added (see the module
/// documentation).
async fn with_contract_check(
    registry: &Registry,
    reads: &mut dyn Reads,
    subject: &str,
    config: &Config,
    candidate: &Model,
    mut verdict: Verdict,
) -> DomainResult<Verdict> {
    let judgement = judge(registry, reads, subject, config, candidate).await?;
    if !judgement.refusals.is_empty() {
        verdict.compatible = false;
        verdict.messages.extend(judgement.refusals);
    }
    let warnings = judgement.warnings.into_iter();
    verdict
        .messages
        .extend(warnings.map(|f| format!("{CONTRACT_WARNING_PREFIX}{f}")));
    Ok(verdict)
}

/// How a compatibility question reads the submitted schema.
#[derive(Debug, Clone, Copy, Default)]
pub struct Question {
    /// `normalize=true`.
    pub normalize: bool,
    /// `verbose=true`: an invalid schema is a message of an incompatible verdict, not an error.
    pub verbose: bool,
}

/// `POST /compatibility/subjects/{subject}/versions/{version}`: the candidate against one
/// version (and, with `latest`, the contracts).
pub async fn against_version(
    registry: &Registry,
    subject: &str,
    version: &str,
    req: &RegisterSchemaRequest,
    question: Question,
) -> DomainResult<Verdict> {
    validate_subject(subject)?;
    let sel = VersionSel::parse(version)?;
    let mut reads = registry.store.read().await?;
    let all = reads.versions(subject).await?;
    let live: Vec<&VersionRecord> = all.iter().filter(|v| !v.deleted).collect();
    let config = effective_config(reads.as_mut(), Some(subject)).await?;
    let check_contracts =
        sel == VersionSel::Latest && ContractCheck::of(&config) != ContractCheck::Off;
    // The submitted schema is read first, as Confluent does: an invalid schema is 42201 (or,
    // with `verbose`, an incompatible verdict saying why) even where there is nothing to
    // compare it with.
    let normalize = question.normalize || config.normalize.unwrap_or(false);
    let candidate = match prepare(registry, reads.as_mut(), req, normalize, true).await {
        Ok(c) => c,
        Err(DomainError::InvalidSchema(message)) if question.verbose => {
            return Ok(Verdict {
                compatible: false,
                messages: vec![message],
            })
        }
        Err(e) => return Err(e),
    };
    let target = match sel.pick(&live) {
        Some(v) => Some(v),
        // Nothing to compare with; only contracts, which count before the first version, can
        // object.
        None if sel == VersionSel::Latest && live.is_empty() => {
            let counted = if check_contracts {
                counting_contracts(registry, reads.as_mut(), subject).await?
            } else {
                Vec::new()
            };
            if counted.is_empty() {
                return Ok(Verdict::compatible());
            }
            None
        }
        None => return Err(DomainError::VersionNotFound(version.to_string())),
    };
    let doc = validated(&candidate.doc)?;
    let history: Vec<&VersionRecord> = target.into_iter().collect();
    let metadata = candidate.metadata.as_ref();
    let verdict =
        check_compatibility(registry, reads.as_mut(), doc, metadata, &history, &config).await?;
    if !check_contracts {
        return Ok(verdict);
    }
    with_contract_check(registry, reads.as_mut(), subject, &config, doc, verdict).await
}

fn validated(doc: &Option<Model>) -> DomainResult<&Model> {
    doc.as_ref()
        .ok_or_else(|| DomainError::Internal("a validated candidate has no document".into()))
}

/// `POST /compatibility/subjects/{subject}/versions`: the candidate as registration would judge
/// it, against every live version and the contracts.
pub async fn against_all(
    registry: &Registry,
    subject: &str,
    req: &RegisterSchemaRequest,
    question: Question,
) -> DomainResult<Verdict> {
    let mut reads = registry.read_subject(subject).await?;
    let all = reads.versions(subject).await?;
    let live: Vec<&VersionRecord> = all.iter().rev().filter(|v| !v.deleted).collect();
    let config = effective_config(reads.as_mut(), Some(subject)).await?;
    let normalize = question.normalize || config.normalize.unwrap_or(false);
    let candidate = prepare(registry, reads.as_mut(), req, normalize, true).await?;
    let doc = validated(&candidate.doc)?;
    let metadata = candidate.metadata.as_ref();
    let verdict =
        check_compatibility(registry, reads.as_mut(), doc, metadata, &live, &config).await?;
    with_contract_check(registry, reads.as_mut(), subject, &config, doc, verdict).await
}
