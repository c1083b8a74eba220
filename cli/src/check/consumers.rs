//! The consumers' side of `check --against registry`: the contracts that count for the subject
//! (`GET /contracts?subject=S`), checked against the new schema as the registry will at
//! registration, and the consumers named on every finding of the engine (`read_by`, and "read by
//! nobody").
//!
//! Each contract finding names the consumer, its version and the read path
//! (`CONTRACT_READ_UNDEFINED`, `CONTRACT_READ_NOT_PROVIDED`, `CONTRACT_READ_NOT_ACCEPTED`):
//! breaking when the subject's `contractCheck` is `ENFORCE` (the default), a warning under
//! `WARN`, not checked under `OFF`.
//!
//! One exception, because it is not the producer's doing: a read path that no version of the
//! subject ever defined (every registered version, soft-deleted ones included; none at all for a
//! new subject) is the consumer's error. It is reported as the warning
//! `CONTRACT_READ_NEVER_PROVIDED` ("consumer X reads P which no producer version ever provided:
//! fix the contract") and does not fail the producer; the consumer's `accord contract verify`
//! keeps failing on it.

use accord_schemas::api::{error_code, ContractView};
use accord_schemas::contract::{self, FindingKind};
use accord_schemas::format::{self, ContractReader, History, Model};
use accord_schemas::limits::Limits;

use super::report::{Finding, Side, SubjectResult, Verdict};
use crate::client::{counts_as, unexpected, Registry};
use crate::exit::Exit;
use crate::failure::Failure;
use crate::locate::locate;
use crate::project::Produced;

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

/// Every schema the subject ever had (soft-deleted versions included), fetched and read once,
/// when a read path the new schema does not define needs it.
struct EverRegistered<'a> {
    client: &'a Registry,
    subject: &'a str,
    history: Option<History>,
}

impl EverRegistered<'_> {
    /// Whether no version ever provided `read_path`, read as the producer's format.
    fn never_provided(&mut self, read_path: &str, producer: &Model) -> Result<bool, Failure> {
        if self.history.is_none() {
            let texts = self.fetch()?;
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            self.history = Some(History::read(producer.schema_type(), &texts));
        }
        Ok(self
            .history
            .as_ref()
            .is_some_and(|h| h.never_provided(read_path)))
    }

    fn fetch(&self) -> Result<Vec<String>, Failure> {
        let subject = self.subject;
        let versions = match self.client.call(|c| c.versions(subject, true))? {
            Ok(versions) => versions,
            Err(r) if r.body.error_code == error_code::SUBJECT_NOT_FOUND => Vec::new(),
            Err(r) => return Err(unexpected(&format!("versions of {subject}"), r)),
        };
        let mut schemas = Vec::new();
        for v in versions {
            let number = v.to_string();
            let schema = self
                .client
                .call(|c| c.schema_at(subject, &number, true))?
                .map_err(|r| unexpected(&format!("{subject} version {v}"), r))?;
            schemas.push(schema.schema.unwrap_or_default());
        }
        Ok(schemas)
    }
}

fn reads_of(contracts: &[ContractView]) -> Vec<(String, Vec<String>)> {
    contracts
        .iter()
        .map(|c| {
            let paths = match &c.reads {
                Some(reads) => reads.iter().map(|r| r.path.clone()).collect(),
                None => contract::read_paths(&c.schema),
            };
            (format!("{} {}", c.app, c.version), paths)
        })
        .collect()
}

/// Say on each finding of the engine which consumers read the value it is about.
fn name_readers(result: &mut SubjectResult, reads: &[(String, Vec<String>)]) {
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
}

/// Add the consumers' side to `result` (see the module documentation). `old` is the registry's
/// latest version, to place a finding about a value the new schema no longer has.
///
/// Returns the sentences the registry's compatibility check gives for the contract findings
/// judged here, so that they are not counted again as a refusal of the registry's own.
pub(super) fn consumers(
    client: &Registry,
    p: &Produced,
    old: Option<(&str, &str)>,
    contract_check: &str,
    result: &mut SubjectResult,
) -> Result<Vec<String>, Failure> {
    let subject = &p.mapping.subject;
    let Some(contracts) = contracts(client, subject)? else {
        return Ok(Vec::new());
    };
    name_readers(result, &reads_of(&contracts));
    if contract_check == "OFF" {
        return Ok(Vec::new());
    }
    let verdict = if contract_check == "WARN" {
        Verdict::Warning
    } else {
        Verdict::Breaking
    };
    let mut history = EverRegistered {
        client,
        subject,
        history: None,
    };
    let mut judged = Vec::new();
    for c in &contracts {
        let who = consumer_name(c);
        let unreadable = |e: &dyn std::fmt::Display| {
            Failure::invalid_input(format!(
                "the contract of {who} on {subject} in the registry is not a schema this CLI \
                 reads: {e}"
            ))
        };
        let reader_schema;
        let reader = match &c.reads {
            Some(reads) => ContractReader::Reads(reads),
            None => {
                let text = c.schema.to_string();
                let ty = p.doc.schema_type();
                reader_schema = Model::parse_standalone(ty, &text, &Limits::default())
                    .map_err(|e| unreadable(&e))?;
                ContractReader::Schema(&reader_schema)
            }
        };
        let found = p.doc.check_contract(reader);
        let found = found.map_err(|e| {
            Failure::new(
                Exit::Undetermined,
                anyhow::anyhow!("cannot check {} against the contract of {who}: {e}", p.path),
            )
        })?;
        for finding in found.findings {
            judged.push(format!(
                "consumer {} version {} reads {}: {}",
                c.app, c.version, finding.read_path, finding.message
            ));
            let never = finding.kind == FindingKind::UndefinedReadPath
                && history.never_provided(&finding.read_path, &p.doc)?;
            let (file, line, column, side, pointer) = place(p, old, &finding.read_path);
            let (kind, verdict, message, hint) = if never {
                (
                    "CONTRACT_READ_NEVER_PROVIDED",
                    Verdict::Warning,
                    format!(
                        "consumer {who} reads {} which no producer version ever provided: fix \
                         the contract",
                        finding.read_path
                    ),
                    "nothing to change here: the consumer's owners fix their contract (their \
                     `accord contract verify` fails on it)",
                )
            } else {
                let (kind, hint) = kind_and_hint(finding.kind);
                (
                    kind,
                    verdict,
                    format!("consumer {who}: {}", finding.message),
                    hint,
                )
            };
            result.findings.push(Finding {
                file,
                line,
                column,
                side,
                kind: kind.to_string(),
                verdict,
                direction: None,
                path: format!("#{pointer}"),
                message,
                hint: Some(hint.to_string()),
                read_by: Some(vec![format!(
                    "{} {}: {}",
                    c.app, c.version, finding.read_path
                )]),
            });
        }
    }
    Ok(judged)
}

/// The finding kind of a contract finding the producer is answerable for, and its hint.
fn kind_and_hint(kind: FindingKind) -> (&'static str, &'static str) {
    match kind {
        FindingKind::UndefinedReadPath => (
            "CONTRACT_READ_UNDEFINED",
            "keep the value the consumer reads, or agree with its owners to change their \
             contract first",
        ),
        FindingKind::NotProvided => (
            "CONTRACT_READ_NOT_PROVIDED",
            "keep the value required, or agree with the consumer's owners to make their read \
             optional first",
        ),
        _ => (
            "CONTRACT_READ_NOT_ACCEPTED",
            "keep the values within what the consumer accepts, or agree with its owners to widen \
             their contract first",
        ),
    }
}

/// Where the value at `read_path` is declared: in the new file, else in the old version, else
/// at the nearest ancestor the new file has; with the pointer the finding names.
fn place(
    p: &Produced,
    old: Option<(&str, &str)>,
    read_path: &str,
) -> (String, usize, usize, Side, String) {
    let ty = p.doc.schema_type();
    let at = |text: &str, path: &str| {
        let json = serde_json::from_str(text).ok()?;
        let pointer = format::pointer_of_read_path(ty, &json, path)?;
        locate(text, &pointer).map(|(line, column)| (line, column, pointer))
    };
    if let Some((line, column, pointer)) = at(&p.text, read_path) {
        return (p.path.clone(), line, column, Side::New, pointer);
    }
    if let Some((name, text)) = old {
        if let Some((line, column, pointer)) = at(text, read_path) {
            return (name.to_string(), line, column, Side::Old, pointer);
        }
    }
    // Placed at an ancestor, the finding keeps the pointer its read path has in the format.
    let pointer =
        format::pointer_of_read_path(ty, &serde_json::Value::Null, read_path).unwrap_or_default();
    let mut prefix = read_path;
    while let Some(cut) = prefix.rfind('/') {
        prefix = &prefix[..cut];
        if let Some((line, column, _)) = at(&p.text, prefix) {
            return (p.path.clone(), line, column, Side::New, pointer);
        }
    }
    (p.path.clone(), 1, 1, Side::New, pointer)
}
