//! Renderers of an `accord check` report, one module per format: `text` for people, the rest
//! for CI systems (`github` workflow annotations, `junit` XML, `sarif` for code scanning,
//! `markdown` for a pull-request comment) and `json` for tools.

mod github;
mod json;
mod junit;
mod markdown;
mod sarif;
mod text;

use std::io;

use clap::ValueEnum;

use crate::check::CheckReport;
use crate::output::Output;

/// The formats of `accord check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutFormat {
    /// For people: grouped by subject, one line per finding and its hint; colour on a terminal.
    Text,
    /// One JSON object, `"version": 1` (documented in the README).
    Json,
    /// GitHub Actions workflow commands: `::error file=...,line=...,col=...::...`.
    Github,
    /// JUnit XML: one test case per subject.
    Junit,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// Markdown for a pull-request comment.
    Markdown,
}

pub(crate) fn render(format: OutFormat, out: &mut Output, report: &CheckReport) -> io::Result<()> {
    match format {
        OutFormat::Text => text::render(out, report),
        OutFormat::Json => json::render(out, report),
        OutFormat::Github => github::render(out, report),
        OutFormat::Junit => junit::render(out, report),
        OutFormat::Sarif => sarif::render(out, report),
        OutFormat::Markdown => markdown::render(out, report),
    }
}

/// "1 change", "2 changes".
pub(crate) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The one-line summary every format ends with or opens with.
pub(crate) fn summary(report: &CheckReport) -> String {
    use crate::check::Status;
    let n = |status: Status| {
        report
            .subjects
            .iter()
            .filter(|s| s.status == status)
            .count()
    };
    let failing = report.subjects.iter().filter(|s| !s.compatible).count();
    let mut parts = vec![count(report.subjects.len(), "subject") + " checked"];
    if failing > 0 {
        parts.push(format!(
            "{} in {}",
            count(report.breaking(), "breaking change"),
            count(failing, "subject")
        ));
    }
    for (status, word) in [
        (Status::Changed, "changed"),
        (Status::New, "new"),
        (Status::Deleted, "deleted"),
        (Status::Retired, "retired"),
        (Status::Unchanged, "unchanged"),
    ] {
        let k = n(status);
        if k > 0 {
            parts.push(format!("{k} {word}"));
        }
    }
    format!("{} against {}", parts.join(", "), report.against)
}
