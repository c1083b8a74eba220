//! Text for people, grouped by subject: a header per subject that changed, one line per finding
//! in the compiler style editors understand (`file:line:col: verdict KIND #/path: sentence`),
//! the hint under each breaking one, then a summary line. Unchanged subjects are only counted.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::summary::summary;
use crate::check::report::{CheckReport, Side, Status, Verdict};
use crate::output::Output;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const GREEN: Style = AnsiColor::Green.on_default();
const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();

pub(super) fn render(out: &mut Output, report: &CheckReport) -> io::Result<()> {
    let (bold, dim, green, red, yellow) = (
        out.paint(BOLD),
        out.paint(DIM),
        out.paint(GREEN),
        out.paint(RED),
        out.paint(YELLOW),
    );
    for s in report
        .subjects
        .iter()
        .filter(|s| s.status != Status::Unchanged)
    {
        let (word, style) = match (s.status, s.compatible) {
            (Status::New, _) => ("new subject", green),
            (Status::Retired, _) => ("retired", green),
            (Status::Deleted, _) => ("deleted", red),
            (_, true) => ("compatible", green),
            (_, false) => ("NOT compatible", red),
        };
        let file = match (&s.file, &s.old_file) {
            (Some(file), Some(old)) => format!("{old} → {file}"),
            (Some(file), None) => file.clone(),
            (None, Some(old)) => old.clone(),
            (None, None) => String::new(),
        };
        writeln!(
            out,
            "{bold}{}{bold:#} ({file}, {}, {}): {style}{word}{style:#}",
            s.subject, s.level, s.policy
        )?;
        for f in &s.findings {
            let (verdict, style) = match f.verdict {
                Verdict::Breaking => ("breaking", red),
                Verdict::Ok => ("ok", green),
                Verdict::Warning => ("warning", yellow),
            };
            let side = match f.side {
                Side::Old => " (in the old version)",
                Side::New => "",
            };
            let at = format!("{}:{}:{}{side}", f.file, f.line, f.column);
            let (kind, path) = (&f.kind, &f.path);
            writeln!(
                out,
                "  {at}: {style}{verdict}{style:#} {kind} {bold}{path}{bold:#}: {}",
                f.message
            )?;
            if let Some(hint) = &f.hint {
                writeln!(out, "    {dim}hint:{dim:#} {hint}")?;
            }
        }
    }
    let style = if report.compatible {
        out.paint(GREEN.bold())
    } else {
        red
    };
    let verdict = if report.compatible { "pass" } else { "FAIL" };
    writeln!(out, "{style}{verdict}{style:#}: {}", summary(report))
}
