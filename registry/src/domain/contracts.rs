//! Consumer contracts that count for a subject, the producers that count for it, checking a
//! producer schema against a contract, and [`judge`]: the one place the subject's
//! `contractCheck` policy (OFF, WARN, ENFORCE) is applied.
//!
//! The contracts that count for a subject are those of consumer versions deployed in some
//! environment or latest on their application's main branch ([`Options::main_branch`]); the
//! producers that count follow the same rule ([`counting`]).
//!
//! [`Options::main_branch`]: super::registry::Options::main_branch

use std::collections::BTreeMap;

use accord_schemas::api::{Config, ContractView, ProducerView};
use accord_schemas::contract;
use accord_schemas::format::{ContractReader, History, Model};

use super::applications::{contract_view, latest};
use super::config::ContractCheck;
use super::error::DomainResult;
use super::registry::Registry;
use super::schemas::stored_doc;
use crate::store::{AppVersionRecord, ContractRecord, ProducerRecord, Reads, VersionRecord};

/// Something one application version published: a contract, a produced subject.
pub trait OfAppVersion {
    /// The application.
    fn app(&self) -> &str;
    /// Its version.
    fn version(&self) -> &str;
}

impl OfAppVersion for ContractRecord {
    fn app(&self) -> &str {
        &self.app
    }
    fn version(&self) -> &str {
        &self.version
    }
}

impl OfAppVersion for ProducerRecord {
    fn app(&self) -> &str {
        &self.app
    }
    fn version(&self) -> &str {
        &self.version
    }
}

/// A contract or produced subject that counts, and why.
#[derive(Debug, Clone)]
pub struct Counted<R> {
    /// The contract or produced subject.
    pub record: R,
    /// The application version's branch.
    pub branch: String,
    /// The environments the application version is deployed in.
    pub deployed_in: Vec<String>,
    /// Whether it is the latest version on its application's main branch.
    pub latest_on_main: bool,
}

/// Of `records`, those whose application version is deployed somewhere or latest on its
/// application's main branch, in the order given.
pub async fn counting<R: OfAppVersion>(
    registry: &Registry,
    reads: &mut dyn Reads,
    records: Vec<R>,
) -> DomainResult<Vec<Counted<R>>> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let deployments = reads.deployments(None).await?;
    let mut versions_of: BTreeMap<String, Vec<AppVersionRecord>> = BTreeMap::new();
    for r in &records {
        if !versions_of.contains_key(r.app()) {
            versions_of.insert(r.app().to_string(), reads.app_versions(r.app()).await?);
        }
    }
    let main = &registry.options.main_branch;
    let mut out = Vec::new();
    for r in records {
        let versions = &versions_of[r.app()];
        let latest_main = latest(versions.iter().filter(|v| &v.branch == main));
        let latest_on_main = latest_main.is_some_and(|v| v.version == r.version());
        let deployed_in: Vec<String> = deployments
            .iter()
            .filter(|d| d.app == r.app() && d.version == r.version())
            .map(|d| d.environment.clone())
            .collect();
        if latest_on_main || !deployed_in.is_empty() {
            let branch = versions
                .iter()
                .find(|v| v.version == r.version())
                .map(|v| v.branch.clone())
                .unwrap_or_default();
            out.push(Counted {
                record: r,
                branch,
                deployed_in,
                latest_on_main,
            });
        }
    }
    Ok(out)
}

/// The contracts on `subject` that count, by consumer and version.
pub async fn counting_contracts(
    registry: &Registry,
    reads: &mut dyn Reads,
    subject: &str,
) -> DomainResult<Vec<Counted<ContractRecord>>> {
    let contracts = reads.contracts_on(subject).await?;
    counting(registry, reads, contracts).await
}

/// `GET /contracts?subject=S`: the contracts that count for `subject`.
pub async fn contracts_for(registry: &Registry, subject: &str) -> DomainResult<Vec<ContractView>> {
    let mut reads = registry.store.read().await?;
    let counted = counting_contracts(registry, reads.as_mut(), subject).await?;
    counted
        .into_iter()
        .map(|c| {
            let mut view = contract_view(&c.record, Some(c.branch))?;
            view.deployed_in = c.deployed_in;
            view.latest_on_main = c.latest_on_main;
            Ok(view)
        })
        .collect()
}

/// `GET /producers?subject=S`: the producer versions that count for `subject`, each with the
/// schema it writes (the pinned version, else the subject's latest live one).
pub async fn producers_for(registry: &Registry, subject: &str) -> DomainResult<Vec<ProducerView>> {
    let mut reads = registry.store.read().await?;
    let reads = reads.as_mut();
    let producers = reads.producers_on(subject).await?;
    let counted = counting(registry, reads, producers).await?;
    let mut out = Vec::with_capacity(counted.len());
    for c in counted {
        let pinned = c.record.produced.schema_version;
        let mut view = ProducerView {
            app: c.record.app,
            version: c.record.version,
            branch: c.branch,
            subject: c.record.produced.subject,
            schema_version: pinned,
            schema: None,
            references: Vec::new(),
            deployed_in: c.deployed_in,
            latest_on_main: c.latest_on_main,
            reason: None,
        };
        match producer_version(reads, &view.subject, pinned).await? {
            Ok(found) => {
                view.schema_version = Some(found.version);
                view.schema = Some(found.schema.stored.schema.clone());
                view.references = found.schema.stored.references.clone();
            }
            Err(why) => view.reason = Some(why),
        }
        out.push(view);
    }
    Ok(out)
}

/// The version a producer writes to `subject`: the pinned one, else the latest live one; or
/// why there is none.
pub async fn producer_version(
    reads: &mut dyn Reads,
    subject: &str,
    pinned: Option<i32>,
) -> DomainResult<Result<VersionRecord, String>> {
    let versions = reads.versions(subject).await?;
    let mut live = versions.into_iter().filter(|v| !v.deleted);
    let found = match pinned {
        Some(n) => live.find(|v| v.version == n),
        None => live.last(),
    };
    Ok(found.ok_or_else(|| match pinned {
        Some(n) => format!("subject {subject} has no version {n} registered"),
        None => format!("subject {subject} has no schema registered"),
    }))
}

/// The schema a producer writes to `subject` (see [`producer_version`]), checked, with its
/// version number.
pub async fn producer_schema(
    registry: &Registry,
    reads: &mut dyn Reads,
    subject: &str,
    pinned: Option<i32>,
) -> DomainResult<Result<(Model, i32), String>> {
    let found = match producer_version(reads, subject, pinned).await? {
        Ok(found) => found,
        Err(why) => return Ok(Err(why)),
    };
    let doc = stored_doc(registry, reads, &found.schema).await?;
    Ok(Ok((doc, found.version)))
}

/// One finding of a producer schema against a contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractFinding {
    /// The read path concerned.
    pub read_path: String,
    /// `read path: what is wrong`.
    pub sentence: String,
    /// Whether the producer's schema does not define the read path at all.
    pub undefined: bool,
}

/// Check a producer schema against one contract: every finding (empty: satisfied). The
/// contract's reader schema is read in the producer's format.
pub fn contract_findings(
    registry: &Registry,
    producer: &Model,
    contract: &ContractRecord,
) -> Vec<ContractFinding> {
    let unreadable = |sentence: String| {
        vec![ContractFinding {
            read_path: String::new(),
            sentence,
            undefined: false,
        }]
    };
    let reads: Option<Vec<contract::Read>> =
        match contract.reads.as_deref().map(serde_json::from_str) {
            None => None,
            Some(Ok(reads)) => Some(reads),
            Some(Err(e)) => return unreadable(format!("the stored reads cannot be read: {e}")),
        };
    let reader_schema;
    let reader = match &reads {
        Some(reads) => ContractReader::Reads(reads),
        None => {
            let ty = producer.schema_type();
            let limits = &registry.options.limits;
            reader_schema = match Model::parse_standalone(ty, &contract.reader, limits) {
                Ok(reader) => reader,
                Err(e) => {
                    return unreadable(format!(
                        "the contract's reader schema is not a {ty} schema as the producer's \
                         is: {e}"
                    ))
                }
            };
            ContractReader::Schema(&reader_schema)
        }
    };
    match producer.check_contract(reader) {
        Ok(verdict) => verdict
            .findings
            .into_iter()
            .map(|f| ContractFinding {
                sentence: format!("{}: {}", f.read_path, f.message),
                undefined: f.kind == contract::FindingKind::UndefinedReadPath,
                read_path: f.read_path,
            })
            .collect(),
        Err(e) => unreadable(format!("the contract could not be checked: {e}")),
    }
}

/// Check a producer schema against one contract: the findings as sentences (empty: satisfied).
pub fn findings(registry: &Registry, producer: &Model, contract: &ContractRecord) -> Vec<String> {
    contract_findings(registry, producer, contract)
        .into_iter()
        .map(|f| f.sentence)
        .collect()
}

/// What the subject's `contractCheck` makes of a candidate's contract findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Judgement {
    /// Findings that refuse the candidate (`ENFORCE`).
    pub refusals: Vec<String>,
    /// Findings let through (`WARN`).
    pub warnings: Vec<String>,
}

/// Check a candidate schema for `subject` against the contracts that count, under the policy
/// of `config`'s `contractCheck`: one sentence per finding, naming the consumer, its version
/// and the read path, as a refusal (`ENFORCE`), a warning (`WARN`) or not at all (`OFF`).
pub async fn judge(
    registry: &Registry,
    reads: &mut dyn Reads,
    subject: &str,
    config: &Config,
    candidate: &Model,
) -> DomainResult<Judgement> {
    let policy = ContractCheck::of(config);
    if policy == ContractCheck::Off {
        return Ok(Judgement::default());
    }
    let mut judgement = Judgement::default();
    let mut history: Option<History> = None;
    for c in counting_contracts(registry, reads, subject).await? {
        for finding in contract_findings(registry, candidate, &c.record) {
            let sentence = format!(
                "consumer {} version {} reads {}",
                c.record.app, c.record.version, finding.sentence
            );
            // A read that no version of the subject ever provided is the consumer's error: a
            // new version cannot break it, so it never refuses the producer, only warns.
            let consumers_error = finding.undefined && {
                if history.is_none() {
                    let texts = ever_registered(reads, subject).await?;
                    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
                    history = Some(History::read(candidate.schema_type(), &texts));
                }
                history
                    .as_ref()
                    .is_some_and(|h| h.never_provided(&finding.read_path))
            };
            if policy == ContractCheck::Enforce && !consumers_error {
                judgement.refusals.push(sentence);
            } else {
                judgement.warnings.push(sentence);
            }
        }
    }
    Ok(judgement)
}

/// The texts of every version the subject ever had, soft-deleted ones included.
async fn ever_registered(reads: &mut dyn Reads, subject: &str) -> DomainResult<Vec<String>> {
    let versions = reads.versions(subject).await?;
    Ok(versions
        .iter()
        .map(|v| v.schema.stored.schema.clone())
        .collect())
}
