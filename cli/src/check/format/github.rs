//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request's diff. Breaking changes are `::error`, the engine's warnings `::warning`,
//! new and retired subjects `::notice`; allowed changes are left out (they need no attention).
//! Values are escaped as the runner expects (`%`, CR, LF; and `:` `,` in properties). Files are
//! named from the top of the repository, where the runner looks for them.

use std::io::{self, Write};

use super::summary::summary;
use crate::check::report::{CheckReport, Status, Verdict};
use crate::output::Output;

pub(super) fn render(out: &mut Output, report: &CheckReport) -> io::Result<()> {
    for s in &report.subjects {
        for f in &s.findings {
            let command = match f.verdict {
                Verdict::Breaking => "error",
                Verdict::Warning => "warning",
                Verdict::Ok => continue,
            };
            let mut message = format!("{} {}: {}", f.kind, f.path, f.message);
            if let Some(hint) = &f.hint {
                message.push_str(&format!("\nhint: {hint}"));
            }
            writeln!(
                out,
                "::{command} file={},line={},col={},title={}::{}",
                property(&format!("{}{}", report.repo_prefix, f.file)),
                f.line,
                f.column,
                property(&format!("{}: {}", s.subject, f.kind)),
                data(&message)
            )?;
        }
        let notice = match s.status {
            Status::New => "new subject",
            Status::Retired => "retired subject",
            _ => continue,
        };
        writeln!(
            out,
            "::notice file={},title={}::{}",
            property(&format!("{}{}", report.repo_prefix, s.any_file())),
            property(&format!("{}: {notice}", s.subject)),
            data(&format!(
                "{notice} {} ({}, {})",
                s.subject, s.level, s.policy
            ))
        )?;
    }
    writeln!(out, "{}", summary(report))
}

fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
