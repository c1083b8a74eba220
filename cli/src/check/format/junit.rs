//! `--format junit`: JUnit XML, the format every CI system can show as a test report. One test
//! suite; one test case per subject (`name` the subject, `classname` its file); a breaking
//! subject has one `<failure>` whose message counts the breaking changes and whose text lists
//! them, one per line, with their hints.

use std::io::{self, Write};

use super::summary::count;
use crate::check::report::{CheckReport, Verdict};
use crate::output::Output;

pub(super) fn render(out: &mut Output, report: &CheckReport) -> io::Result<()> {
    let tests = report.subjects.len();
    let failures = report.subjects.iter().filter(|s| !s.compatible).count();
    let name = format!("accord check --against {}", report.against);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="{}" tests="{tests}" failures="{failures}" errors="0">"#,
        escape(&name)
    )?;
    writeln!(
        out,
        r#"  <testsuite name="{}" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#,
        escape(&name)
    )?;
    for s in &report.subjects {
        let open = format!(
            r#"    <testcase name="{}" classname="{}""#,
            escape(&s.subject),
            escape(s.any_file())
        );
        if s.compatible {
            writeln!(out, "{open}/>")?;
            continue;
        }
        writeln!(out, "{open}>")?;
        let mut body = String::new();
        for f in s.findings.iter().filter(|f| f.verdict == Verdict::Breaking) {
            body.push_str(&format!(
                "{}:{}:{}: {} {}: {}\n",
                f.file, f.line, f.column, f.kind, f.path, f.message
            ));
            if let Some(hint) = &f.hint {
                body.push_str(&format!("  hint: {hint}\n"));
            }
        }
        writeln!(
            out,
            r#"      <failure message="{} ({}, {})" type="breaking">{}</failure>"#,
            escape(&count(s.breaking(), "breaking change")),
            s.level,
            s.policy,
            escape(&body)
        )?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// Escape for both XML text and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && c != '\t' && c != '\r' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
