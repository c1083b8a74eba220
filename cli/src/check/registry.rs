//! `--against registry`: each file against its subject's live history in the registry, at the
//! level and policy the registry has for the subject (`GET /config/{s}?defaultToGlobal=true`).
//!
//! The verdict is the registry's own (`POST /compatibility/subjects/{s}/versions?verbose=true`,
//! the compatibility check a registration runs); the findings come from
//! the local engine run on the versions that count (`GET /subjects/{s}/versions/...`), so each is
//! placed in the file. A refusal the engine cannot explain (a reserved field, a compatibility
//! group) is reported as `REGISTRY_REFUSED` with the registry's messages.
//!
//! Consumer contracts: the contracts that count for the subject (`GET /contracts?subject=S`) are
//! checked here too, as the registry will at registration: each finding names the consumer, its
//! version and the read path (`CONTRACT_READ_UNDEFINED`, `CONTRACT_READ_NOT_PROVIDED`,
//! `CONTRACT_READ_NOT_ACCEPTED`), breaking when the subject's `contractCheck` is `ENFORCE` (the
//! default), a warning under `WARN`, not checked under `OFF`. Every finding of the engine also
//! says which consumers read the value it is about (`read_by`, and "read by nobody").

use accord_schemas::api::{error_code, Config as RegistryConfig, ContractView};
use accord_schemas::canonical::canonical_text;
use accord_schemas::compat::{Level, Policy};
use accord_schemas::contract::{self, FindingKind};
use accord_schemas::json::SchemaDoc;

use super::report::{CheckReport, Finding, Side, Status, SubjectResult, Verdict};
use super::{compare, Produced};
use crate::client::{counts_as, schema_request, unexpected, Registry};
use crate::config::Config;
use crate::failure::Failure;

/// The client for the registry of `accord.toml` (or the `--registry` flag).
pub(crate) fn client(config: &Config, flag: Option<&str>) -> Result<Registry, Failure> {
    let url = flag.or(config.registry_url.as_deref()).ok_or_else(|| {
        Failure::invalid_input(format!(
            "{}: no registry configured: add `[registry] url = \"http://...\"`, or pass \
             --registry URL",
            config.path.display()
        ))
    })?;
    Registry::new(url)
}

/// One subject as the registry has it.
pub(crate) struct Remote {
    pub(crate) level: Level,
    pub(crate) policy: Policy,
    /// Live versions, newest first, as (version, schema text, document); only those the level
    /// compares with.
    pub(crate) history: Vec<(i32, String, SchemaDoc)>,
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
        let doc = SchemaDoc::parse(&text).map_err(|e| {
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

pub(super) fn check(
    _config: &Config,
    client: &Registry,
    files: &[Produced],
) -> Result<CheckReport, Failure> {
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
        consumers(client, p, None, &remote, &mut result)?;
        result.compatible = result.breaking() == 0;
        return Ok(result);
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
    let request = schema_request(&p.text);
    let verdict = client
        .call(|c| c.compatibility(subject, &request))?
        .map_err(|r| unexpected(&format!("compatibility check of {subject}"), r))?;
    consumers(
        client,
        p,
        Some((&old_name, latest_text)),
        &remote,
        &mut result,
    )?;
    let contracts_broken = result
        .findings
        .iter()
        .any(|f| f.kind.starts_with("CONTRACT_") && f.verdict == Verdict::Breaking);
    if !verdict.is_compatible && result.compatible && !contracts_broken {
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
            read_by: None,
        });
    }
    result.compatible = verdict.is_compatible && result.compatible && !contracts_broken;
    Ok(result)
}

/// The contracts that count for the subject, or `None` when the registry keeps none (a registry
/// without Accord's contract endpoints answers 404).
fn contracts(client: &Registry, subject: &str) -> Result<Option<Vec<ContractView>>, Failure> {
    match client.call(|c| c.contracts(subject))? {
        Ok(contracts) => Ok(Some(contracts)),
        Err(r) if r.status == 404 => Ok(None),
        Err(r) => Err(unexpected(&format!("contracts on {subject}"), r)),
    }
}

/// `app version (where it counts)`.
fn consumer_name(c: &ContractView) -> String {
    format!(
        "{} {} ({})",
        c.app,
        c.version,
        counts_as(&c.deployed_in, c.latest_on_main)
    )
}

/// Add the consumers' side to `result`: who reads what each finding is about, and the findings
/// of the new schema against every contract that counts (unless the subject's `contractCheck` is
/// `OFF`). `old` is the registry's latest version, to place a finding about a value the new
/// schema no longer has.
fn consumers(
    client: &Registry,
    p: &Produced,
    old: Option<(&str, &str)>,
    remote: &Remote,
    result: &mut SubjectResult,
) -> Result<(), Failure> {
    let subject = &p.mapping.subject;
    let Some(contracts) = contracts(client, subject)? else {
        return Ok(());
    };
    let reads: Vec<(String, Vec<String>)> = contracts
        .iter()
        .map(|c| {
            let paths = match &c.reads {
                Some(reads) => reads.iter().map(|r| r.path.clone()).collect(),
                None => contract::read_paths(&c.schema),
            };
            (format!("{} {}", c.app, c.version), paths)
        })
        .collect();
    for f in &mut result.findings {
        let about = contract::read_path_of(&f.path);
        let by: Vec<String> = reads
            .iter()
            .flat_map(|(who, paths)| {
                paths
                    .iter()
                    .filter(|path| contract::overlaps(path, &about))
                    .map(move |path| format!("{who}: {path}"))
            })
            .collect();
        f.message = if by.is_empty() {
            format!("{} (read by nobody)", f.message)
        } else {
            format!("{} (read by {})", f.message, by.join(", "))
        };
        f.read_by = Some(by);
    }
    if remote.contract_check == "OFF" {
        return Ok(());
    }
    let verdict = if remote.contract_check == "WARN" {
        Verdict::Warning
    } else {
        Verdict::Breaking
    };
    for c in &contracts {
        let who = consumer_name(c);
        let reader = SchemaDoc::from_value(c.schema.clone()).map_err(|e| {
            Failure::invalid_input(format!(
                "the contract of {who} on {subject} in the registry is not a schema this CLI \
                 reads: {e}"
            ))
        })?;
        let found = contract::verify(&p.doc, &reader).map_err(|e| {
            Failure::new(
                crate::Exit::Undetermined,
                anyhow::anyhow!("cannot check {} against the contract of {who}: {e}", p.path),
            )
        })?;
        for finding in found.findings {
            let (kind, hint) = match finding.kind {
                FindingKind::UndefinedReadPath => (
                    "CONTRACT_READ_UNDEFINED",
                    "keep the value the consumer reads, or agree with its owners to change their \
                     contract first",
                ),
                FindingKind::NotProvided => (
                    "CONTRACT_READ_NOT_PROVIDED",
                    "keep the value required, or agree with the consumer's owners to make their \
                     read optional first",
                ),
                _ => (
                    "CONTRACT_READ_NOT_ACCEPTED",
                    "keep the values within what the consumer accepts, or agree with its owners \
                     to widen their contract first",
                ),
            };
            let pointer = contract::schema_pointer(&finding.read_path);
            let (file, line, column, side) = place(p, old, &pointer);
            result.findings.push(Finding {
                file,
                line,
                column,
                side,
                kind: kind.to_string(),
                verdict,
                direction: None,
                path: format!("#{pointer}"),
                message: format!("consumer {who}: {}", finding.message),
                hint: Some(hint.to_string()),
                read_by: Some(vec![format!(
                    "{} {}: {}",
                    c.app, c.version, finding.read_path
                )]),
            });
        }
    }
    Ok(())
}

/// Where a schema pointer is: in the new file, else in the old version, else at the deepest
/// ancestor the new file has.
fn place(p: &Produced, old: Option<(&str, &str)>, pointer: &str) -> (String, usize, usize, Side) {
    if let Some((line, column)) = crate::locate::locate(&p.text, pointer) {
        return (p.path.clone(), line, column, Side::New);
    }
    if let Some((name, text)) = old {
        if let Some((line, column)) = crate::locate::locate(text, pointer) {
            return (name.to_string(), line, column, Side::Old);
        }
    }
    let mut prefix = pointer;
    while let Some(cut) = prefix.rfind('/') {
        prefix = &prefix[..cut];
        if let Some((line, column)) = crate::locate::locate(&p.text, prefix) {
            return (p.path.clone(), line, column, Side::New);
        }
    }
    (p.path.clone(), 1, 1, Side::New)
}
