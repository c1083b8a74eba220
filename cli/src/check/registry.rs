//! `--against registry`: each file against its subject's live history in the registry, at the
//! level and policy the registry has for the subject (`GET /config/{s}?defaultToGlobal=true`).
//!
//! The verdict is the registry's own (`POST /compatibility/subjects/{s}/versions?verbose=true`,
//! the compatibility check a registration runs); the findings come from
//! the local engine run on the versions that count (`GET /subjects/{s}/versions/...`), so each is
//! placed in the file. A refusal the engine cannot explain (a reserved field, a compatibility
//! group) is reported as `REGISTRY_REFUSED` with the registry's messages. Consumer contracts are
//! checked by the registry at registration, so `publish` reports those refusals.

use accord_schemas::api::Config as RegistryConfig;
use accord_schemas::canonical::canonical_text;
use accord_schemas::compat::{Level, Policy};
use accord_schemas::json::SchemaDoc;

use super::report::{CheckReport, Finding, Side, Status, SubjectResult, Verdict};
use super::{compare, Produced};
use crate::config::Config;
use crate::failure::Failure;
use crate::registry_client::{schema_request, unexpected, RegistryClient};

/// The client for the registry of `accord.toml` (or the `--registry` flag).
pub(crate) fn client(config: &Config, flag: Option<&str>) -> Result<RegistryClient, Failure> {
    let url = flag.or(config.registry_url.as_deref()).ok_or_else(|| {
        Failure::invalid_input(format!(
            "{}: no registry configured: add `[registry] url = \"http://...\"`, or pass \
             --registry URL",
            config.path.display()
        ))
    })?;
    RegistryClient::new(url)
}

/// One subject as the registry has it.
pub(crate) struct Remote {
    pub(crate) level: Level,
    pub(crate) policy: Policy,
    /// Live versions, newest first, as (version, schema text, document); only those the level
    /// compares with.
    pub(crate) history: Vec<(i32, String, SchemaDoc)>,
}

/// Fetch the level, policy and the versions that count for `p`'s subject.
pub(crate) fn remote(client: &RegistryClient, p: &Produced) -> Result<Remote, Failure> {
    let subject = &p.mapping.subject;
    let config: RegistryConfig = client
        .effective_config(subject)?
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
    let versions = match client.versions(subject)? {
        Ok(versions) => versions,
        Err(r) if r.body.error_code == 40401 => Vec::new(),
        Err(r) => return Err(unexpected(&format!("versions of {subject}"), r)),
    };
    let wanted: Vec<i32> = if level.is_transitive() {
        versions.iter().rev().copied().collect()
    } else {
        versions.last().copied().into_iter().collect()
    };
    let mut history = Vec::new();
    for v in wanted {
        let schema = client
            .version(subject, &v.to_string())?
            .map_err(|r| unexpected(&format!("{subject} version {v}"), r))?;
        let text = schema.schema.unwrap_or_default();
        let doc = SchemaDoc::parse(&text).map_err(|e| {
            Failure::invalid_input(format!(
                "{subject} version {v} in the registry is not a schema this CLI reads: {e}"
            ))
        })?;
        history.push((v, text, doc));
    }
    Ok(Remote {
        level,
        policy,
        history,
    })
}

pub(super) fn check(
    _config: &Config,
    client: &RegistryClient,
    files: &[Produced],
) -> Result<CheckReport, Failure> {
    let mut results = Vec::new();
    for p in files {
        results.push(check_one(client, p)?);
    }
    Ok(CheckReport::new("registry".to_string(), results))
}

/// Check one produced file against the registry.
pub(crate) fn check_one(client: &RegistryClient, p: &Produced) -> Result<SubjectResult, Failure> {
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
        return Ok(SubjectResult {
            subject: subject.clone(),
            file: Some(p.path.clone()),
            old_file: None,
            status: Status::New,
            level: remote.level,
            policy: remote.policy,
            compatible: true,
            findings: Vec::new(),
        });
    };
    let old_name = format!("{subject} version {latest} (registry)");
    let docs: Vec<SchemaDoc> = remote.history.iter().map(|(_, _, d)| d.clone()).collect();
    let same = canonical_text(p.doc.value(), false) == canonical_text(docs[0].value(), false);
    let status = if same {
        Status::Unchanged
    } else {
        Status::Changed
    };
    let mut result = compare(&p_at, &old_name, latest_text, &docs, status)?;
    result.old_file = None;
    let verdict = client
        .compatibility(subject, &schema_request(&p.text))?
        .map_err(|r| unexpected(&format!("compatibility check of {subject}"), r))?;
    if !verdict.is_compatible && result.compatible {
        let messages = verdict.messages.unwrap_or_default().join("; ");
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
        });
    }
    result.compatible = verdict.is_compatible && result.compatible;
    Ok(result)
}
