//! `--against registry`: each file against its subject's live history in the registry, at the
//! level and policy the registry has for the subject (`GET /config/{s}?defaultToGlobal=true`).
//!
//! The verdict is the registry's own (`POST /compatibility/subjects/{s}/versions?verbose=true`,
//! the compatibility check a registration runs); the findings come from
//! the local engine run on the versions that count (`GET /subjects/{s}/versions/...`), so each is
//! placed in the file. A refusal the engine cannot explain (a reserved field, a compatibility
//! group) is reported as `REGISTRY_REFUSED` with the registry's messages.
//!
//! Consumer contracts that count for the subject are checked too, as the registry will at
//! registration (see `check/consumers.rs`); the registry's reasons that are about contracts
//! judged there are not counted a second time.

use accord_schemas::api::{error_code, Config as RegistryConfig};
use accord_schemas::compat::{Level, Policy};
use accord_schemas::format::Model;
use accord_schemas::limits::Limits;
use accord_schemas::SchemaType;

use super::compare::compare;
use super::consumers::consumers;
use super::report::{CheckReport, Finding, Side, Status, SubjectResult, Verdict};
use crate::client::{schema_request, unexpected, Registry};
use crate::failure::Failure;
use crate::project::Produced;

/// One subject as the registry has it.
pub(crate) struct Remote {
    pub(crate) level: Level,
    pub(crate) policy: Policy,
    /// Live versions, newest first, as (version, schema text, document); only those the level
    /// compares with.
    pub(crate) history: Vec<(i32, String, Model)>,
    /// The subject's `contractCheck` (`ENFORCE` when the registry does not say).
    pub(crate) contract_check: String,
}

/// Fetch the level, policy and the versions that count for `p`'s subject.
pub(crate) fn remote(client: &Registry, p: &Produced) -> Result<Remote, Failure> {
    let subject = &p.mapping.subject;
    let config: RegistryConfig = client
        .call(|c| c.effective_config(subject))?
        .map_err(|r| unexpected(&format!("config of {subject}"), r))?;
    let level = config
        .compatibility_level
        .as_deref()
        .and_then(Level::parse)
        .unwrap_or(p.mapping.level);
    let policy = config
        .compatibility_policy
        .as_deref()
        .and_then(Policy::parse)
        .unwrap_or(p.mapping.policy);
    let versions = match client.call(|c| c.versions(subject, false))? {
        Ok(versions) => versions,
        Err(r) if r.body.error_code == error_code::SUBJECT_NOT_FOUND => Vec::new(),
        Err(r) => return Err(unexpected(&format!("versions of {subject}"), r)),
    };
    let wanted: Vec<i32> = if level.is_transitive() {
        versions.iter().rev().copied().collect()
    } else {
        versions.last().copied().into_iter().collect()
    };
    let mut history = Vec::new();
    for v in wanted {
        let number = v.to_string();
        let schema = client
            .call(|c| c.schema_at(subject, &number, false))?
            .map_err(|r| unexpected(&format!("{subject} version {v}"), r))?;
        let text = schema.schema.unwrap_or_default();
        // An absent type is AVRO, as in Confluent.
        let ty = schema
            .schema_type
            .as_deref()
            .and_then(SchemaType::parse)
            .unwrap_or(SchemaType::Avro);
        let doc = Model::parse_standalone(ty, &text, &Limits::DEFAULT).map_err(|e| {
            Failure::invalid_input(format!(
                "{subject} version {v} in the registry is not a schema this CLI reads: {e}"
            ))
        })?;
        history.push((v, text, doc));
    }
    let contract_check = config
        .contract_check
        .map(|c| c.to_ascii_uppercase())
        .unwrap_or_else(|| "ENFORCE".to_string());
    Ok(Remote {
        level,
        policy,
        history,
        contract_check,
    })
}

pub(super) fn check(client: &Registry, files: &[Produced]) -> Result<CheckReport, Failure> {
    let mut results = Vec::new();
    for p in files {
        results.push(check_one(client, p)?);
    }
    Ok(CheckReport::new("registry".to_string(), results))
}

/// Check one produced file against the registry.
pub(crate) fn check_one(client: &Registry, p: &Produced) -> Result<SubjectResult, Failure> {
    let subject = &p.mapping.subject;
    let remote = remote(client, p)?;
    let mut p_at = Produced {
        path: p.path.clone(),
        text: p.text.clone(),
        doc: p.doc.clone(),
        mapping: p.mapping.clone(),
    };
    p_at.mapping.level = remote.level;
    p_at.mapping.policy = remote.policy;
    let Some((latest, latest_text, _)) = remote.history.first() else {
        let mut result = SubjectResult {
            subject: subject.clone(),
            file: Some(p.path.clone()),
            old_file: None,
            status: Status::New,
            level: remote.level,
            policy: remote.policy,
            compatible: true,
            findings: Vec::new(),
        };
        consumers(client, p, None, &remote.contract_check, &mut result)?;
        result.compatible = result.breaking() == 0;
        return Ok(result);
    };
    let old_name = format!("{subject} version {latest} (registry)");
    let docs: Vec<Model> = remote.history.iter().map(|(_, _, d)| d.clone()).collect();
    let same = p.doc.schema_type() == docs[0].schema_type()
        && p.doc.stored_text(false) == docs[0].stored_text(false);
    let status = if same {
        Status::Unchanged
    } else {
        Status::Changed
    };
    let mut result = compare(&p_at, &old_name, latest_text, &docs, status)?;
    result.old_file = None;
    let request = schema_request(&p.text, p.doc.schema_type());
    let verdict = client
        .call(|c| c.compatibility(subject, &request))?
        .map_err(|r| unexpected(&format!("compatibility check of {subject}"), r))?;
    let judged = consumers(
        client,
        p,
        Some((&old_name, latest_text)),
        &remote.contract_check,
        &mut result,
    )?;
    let contracts_broken = result
        .findings
        .iter()
        .any(|f| f.kind.starts_with("CONTRACT_") && f.verdict == Verdict::Breaking);
    // The registry's verdict includes the contract check; the reasons this check judged itself
    // (a read no version ever provided is the consumer's error, not the producer's) do not make
    // a refusal of their own.
    let messages: Vec<String> = verdict
        .messages
        .unwrap_or_default()
        .into_iter()
        .filter(|m| {
            let m = m.strip_prefix("contractCheck WARN: ").unwrap_or(m);
            !judged.iter().any(|j| j == m)
        })
        .collect();
    let registry_compatible = verdict.is_compatible || messages.is_empty();
    if !registry_compatible && result.compatible && !contracts_broken {
        let messages = messages.join("; ");
        result.findings.push(Finding {
            file: p.path.clone(),
            line: 1,
            column: 1,
            side: Side::New,
            kind: "REGISTRY_REFUSED".to_string(),
            verdict: Verdict::Breaking,
            direction: None,
            path: "#".to_string(),
            message: format!("the registry refuses this schema for {subject}: {messages}"),
            hint: Some(
                "read the registry's reasons (a reserved field, the subject's configuration)"
                    .to_string(),
            ),
            read_by: None,
        });
    }
    result.compatible = registry_compatible && result.compatible && !contracts_broken;
    Ok(result)
}
