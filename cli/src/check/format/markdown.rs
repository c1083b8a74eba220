//! `--format markdown`: a pull-request comment. A verdict line, a table of the subjects that
//! changed, then the breaking changes of each failing subject with their hints. Unchanged
//! subjects are only counted; table cells escape `|`.

use std::io::{self, Write};

use super::summary::{count, summary};
use crate::check::report::{CheckReport, Side, Status, Verdict};
use crate::output::Output;

pub(super) fn render(out: &mut Output, report: &CheckReport) -> io::Result<()> {
    writeln!(out, "## Accord schema check against `{}`", report.against)?;
    writeln!(out)?;
    let verdict = if report.compatible {
        "✅ **pass**"
    } else {
        "❌ **breaking changes**"
    };
    writeln!(out, "{verdict}: {}", summary(report))?;
    let shown: Vec<_> = report
        .subjects
        .iter()
        .filter(|s| s.status != Status::Unchanged)
        .collect();
    if shown.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "| | subject | file | level | policy | result |")?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for s in &shown {
        let (mark, result) = match (s.status, s.compatible) {
            (Status::New, _) => ("🆕", "new subject".to_string()),
            (Status::Retired, _) => ("✅", "retired".to_string()),
            (Status::Deleted, _) => ("❌", "deleted".to_string()),
            (_, true) => (
                "✅",
                match s.findings.len() {
                    0 => "compatible".to_string(),
                    n => format!("compatible ({})", count(n, "allowed change")),
                },
            ),
            (_, false) => ("❌", count(s.breaking(), "breaking change")),
        };
        writeln!(
            out,
            "| {mark} | `{}` | `{}` | {} | {} | {} |",
            cell(&s.subject),
            cell(s.any_file()),
            s.level,
            s.policy,
            result
        )?;
    }
    for s in shown.iter().filter(|s| !s.compatible) {
        writeln!(out)?;
        writeln!(out, "### ❌ `{}`", s.subject)?;
        writeln!(out)?;
        for f in s.findings.iter().filter(|f| f.verdict == Verdict::Breaking) {
            let side = if f.side == Side::Old {
                " (old version)"
            } else {
                ""
            };
            writeln!(
                out,
                "- `{}:{}:{}`{side} **{}** `{}`: {}",
                f.file, f.line, f.column, f.kind, f.path, f.message
            )?;
            if let Some(hint) = &f.hint {
                writeln!(out, "  - _hint:_ {hint}")?;
            }
        }
    }
    Ok(())
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
