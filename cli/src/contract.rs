//! The consumer side of contracts: the `[[consumes]]` entries of `accord.toml` loaded into
//! contracts, and `accord contract verify`, which checks them against the schemas the producers
//! write before the consumer publishes them.
//!
//! The producers that count for a subject are those the registry lists under
//! `GET /producers?subject=S`: versions deployed in some environment or latest on their main
//! branch, each with the schema version it writes. When no producer application has published
//! yet, the subject's latest registered version stands in for them (the row says so).
//!
//! Exit codes: 0 every contract satisfied (or none declared), 1 one is not, 4 a subject or
//! producer schema the registry does not know (and nothing unsatisfied), 3 a contract that is not
//! valid.

use std::io::Write;

use accord_schemas::api::error_code;
use accord_schemas::contract::Finding;
use accord_schemas::format::Model;
use accord_schemas::limits::Limits;
use accord_schemas::SchemaType;
use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::args::{Format, VerifyArgs};
use crate::client::{counts_as, unexpected, Registry};
use crate::exit::Exit;
use crate::failure::{Failure, Outcome};
use crate::locate::locate_nearest;
use crate::output::{write_failed, Output};
use crate::project::{load_contracts, Config, Loaded};

/// The outcome of one contract against one producer schema.
#[derive(Debug, Serialize)]
struct Row {
    subject: String,
    /// The producing application; empty when the subject's latest version stands in.
    producer: String,
    producer_version: String,
    /// Where the producer version counts: `deployed in staging, production`, `latest on main`.
    #[serde(skip_serializing_if = "String::is_empty")]
    counts_as: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema_version: Option<i32>,
    /// `yes`, `no` or `unknown`.
    result: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    findings: Vec<Placed>,
    #[serde(skip_serializing_if = "String::is_empty")]
    reason: String,
}

/// A finding, placed in the consumer's reader schema file when the contract is one.
#[derive(Debug, Serialize)]
struct Placed {
    #[serde(flatten)]
    finding: Finding,
    /// `file:line:col` of the read in the reader schema file.
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<String>,
}

/// What `accord contract verify` finds.
#[derive(Debug, Serialize)]
pub(crate) struct VerifyReport {
    /// `yes` (every contract satisfied), `no` or `unknown`.
    pub(crate) result: &'static str,
    app: String,
    rows: Vec<Row>,
}

/// `accord contract verify`.
pub(crate) fn verify(args: &VerifyArgs, out: &mut Output) -> Outcome {
    let config = Config::find_and_load(args.project.file.config.as_deref())?;
    let app = match (&config.app, config.consumes.is_empty()) {
        (Some(app), false) => app.clone(),
        _ => {
            // A producer-only project: nothing to verify, so one CI step fits every project.
            writeln!(
                out,
                "{}: no [[consumes]] entry: this application declares no contract to verify",
                config.path.display()
            )
            .map_err(write_failed)?;
            return Ok(Exit::Pass);
        }
    };
    let contracts = load_contracts(&config)?;
    let client = Registry::for_project(&config, args.project.registry.as_deref())?;
    let report = verify_all(&client, app, &contracts)?;
    let result = report.result;
    match args.format {
        Format::Json => {
            serde_json::to_writer(&mut *out, &report).map_err(|e| write_failed(e.into()))?;
            writeln!(out).map_err(write_failed)?;
        }
        Format::Text => render(out, &report).map_err(write_failed)?,
    }
    Ok(match result {
        "yes" => Exit::Pass,
        "no" => Exit::Failure,
        _ => Exit::Undetermined,
    })
}

/// Every contract against every producer that counts.
pub(crate) fn verify_all(
    client: &Registry,
    app: String,
    contracts: &[Loaded],
) -> Result<VerifyReport, Failure> {
    let mut rows = Vec::new();
    for c in contracts {
        rows.extend(verify_one(client, c)?);
    }
    let result = if rows.iter().any(|r| r.result == "no") {
        "no"
    } else if rows.iter().any(|r| r.result == "unknown") {
        "unknown"
    } else {
        "yes"
    };
    Ok(VerifyReport { result, app, rows })
}

/// One contract against every producer that counts.
fn verify_one(client: &Registry, c: &Loaded) -> Result<Vec<Row>, Failure> {
    let subject = &c.subject;
    let producers = client
        .call(|api| api.producers(subject))?
        .map_err(|r| unexpected(&format!("producers of {subject}"), r))?;
    let mut rows = Vec::new();
    let judge = |row: Row, text: &str| -> Row {
        let verdict = producer_schema(text).and_then(|producer| {
            producer
                .check_contract(c.reader())
                .map_err(|e| format!("the contract could not be checked: {e}"))
        });
        match verdict {
            Ok(verdict) if verdict.satisfied => Row {
                result: "yes",
                ..row
            },
            Ok(verdict) => Row {
                result: "no",
                findings: verdict.findings.into_iter().map(|f| place(c, f)).collect(),
                ..row
            },
            Err(reason) => Row {
                result: "unknown",
                reason,
                ..row
            },
        }
    };
    for p in producers {
        let row = Row {
            subject: subject.clone(),
            producer: p.app.clone(),
            producer_version: p.version.clone(),
            counts_as: counts_as(&p.deployed_in, p.latest_on_main),
            schema_version: p.schema_version,
            result: "unknown",
            findings: Vec::new(),
            reason: String::new(),
        };
        match &p.schema {
            Some(text) => rows.push(judge(row, text)),
            None => rows.push(Row {
                reason: p.reason.clone().unwrap_or_else(|| {
                    format!("the registry has no schema for {} {}", p.app, p.version)
                }),
                ..row
            }),
        }
    }
    if rows.is_empty() {
        // No producer application has published: the subject's latest version stands in.
        let row = Row {
            subject: subject.clone(),
            producer: String::new(),
            producer_version: String::new(),
            counts_as: "latest registered version (no producer application has published)"
                .to_string(),
            schema_version: None,
            result: "unknown",
            findings: Vec::new(),
            reason: String::new(),
        };
        match client.call(|api| api.schema_at(subject, "latest", false))? {
            Ok(schema) => {
                let row = Row {
                    schema_version: schema.version,
                    ..row
                };
                rows.push(judge(row, schema.schema.as_deref().unwrap_or_default()));
            }
            Err(r)
                if matches!(
                    r.body.error_code,
                    error_code::SUBJECT_NOT_FOUND | error_code::VERSION_NOT_FOUND
                ) =>
            {
                rows.push(Row {
                    reason: format!(
                    "the registry has no schema for {subject} and no producer of it: check the \
                     subject's name (accord.toml line {})",
                    c.line
                ),
                    ..row
                })
            }
            Err(r) => return Err(unexpected(&format!("latest version of {subject}"), r)),
        }
    }
    Ok(rows)
}

/// A producer's schema as the registry answers it. The answer does not say its format: a JSON
/// Schema document is read first, then an Avro schema (no JSON Schema document is an Avro schema of another meaning).
fn producer_schema(text: &str) -> Result<Model, String> {
    let limits = Limits::default();
    Model::parse_standalone(SchemaType::Json, text, &limits).or_else(|json| {
        Model::parse_standalone(SchemaType::Avro, text, &limits)
            .map_err(|_| format!("the producer's schema is not one this CLI reads: {json}"))
    })
}

/// A finding at its place in the contract's reader schema file, if it is one.
fn place(c: &Loaded, finding: Finding) -> Placed {
    let at = c.schema.as_ref().map(|file| {
        let (line, column) = locate_nearest(&file.text, &file.model.pointer_of_finding(&finding));
        format!("{}:{line}:{column}", file.name)
    });
    Placed { finding, at }
}

const GREEN: Style = AnsiColor::Green.on_default();
const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();

/// The report for people: one line per contract and producer, the findings below it.
pub(crate) fn render(out: &mut Output, report: &VerifyReport) -> std::io::Result<()> {
    let (green, red, yellow) = (out.paint(GREEN), out.paint(RED), out.paint(YELLOW));
    for r in &report.rows {
        let producer = if r.producer.is_empty() {
            "the subject".to_string()
        } else {
            format!("{} {}", r.producer, r.producer_version)
        };
        let schema = r
            .schema_version
            .map(|v| format!(", schema version {v}"))
            .unwrap_or_default();
        let counts = if r.counts_as.is_empty() {
            String::new()
        } else {
            format!(" ({})", r.counts_as)
        };
        let (word, style) = match r.result {
            "yes" => ("satisfied", green),
            "no" => ("NOT satisfied", red),
            _ => ("unknown", yellow),
        };
        writeln!(
            out,
            "{}: {producer}{counts}{schema}: {style}{word}{style:#}",
            r.subject
        )?;
        for Placed { finding: f, at } in &r.findings {
            let kind = serde_json::to_value(f.kind).unwrap_or_default();
            let at = at.as_ref().map(|at| format!("{at}: ")).unwrap_or_default();
            writeln!(
                out,
                "  {at}{} {}: {}",
                f.read_path,
                kind.as_str().unwrap_or_default(),
                f.message
            )?;
        }
        if !r.reason.is_empty() {
            writeln!(out, "  {}", r.reason)?;
        }
    }
    let (verdict, style) = match report.result {
        "yes" => ("pass", out.paint(GREEN.bold())),
        "no" => ("FAIL", red),
        _ => ("UNKNOWN", yellow),
    };
    let not = report.rows.iter().filter(|r| r.result == "no").count();
    let unknown = report.rows.iter().filter(|r| r.result == "unknown").count();
    let contracts = report
        .rows
        .iter()
        .map(|r| r.subject.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    writeln!(
        out,
        "{style}{verdict}{style:#}: {}: {contracts} contract{} against {} producer schema{}: \
         {not} not satisfied, {unknown} unknown",
        report.app,
        plural(contracts),
        report.rows.len(),
        plural(report.rows.len()),
    )
}
