//! What `accord validate` prints: each failed payload as it is found, then a summary.
//!
//! - text: one line per violation, `file:line: invalid /pointer: message [schema path]`, or
//!   `file:line: error <why the payload or its frame could not be used>`; then
//!   `checked N payloads: ...`;
//! - json: one JSON object per line (NDJSON), so the output streams too: one per failed
//!   payload, `{"source", "line", "valid": false, "violations": [...]}` or
//!   `{"source", "line", "valid": false, "error": "..."}`, then `{"summary": {...}}` (with
//!   `bad_frames` when the input is framed).
//!   `line` is absent for an input that is one JSON document.

use std::fmt::Display;
use std::io::{self, Write};

use accord_schemas::validate::{Outcome, Violation};
use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::args::Format;
use crate::output::Output;

/// Where a payload is: its input and, for NDJSON, its line.
pub(super) struct At<'a> {
    pub(super) source: &'a str,
    pub(super) line: Option<u64>,
}

/// The tally of a run.
#[derive(Debug, Default, Serialize)]
pub(super) struct Counts {
    pub(super) payloads: u64,
    pub(super) valid: u64,
    pub(super) invalid: u64,
    pub(super) unreadable: u64,
    /// With `--framed`: lines that are not a usable frame (not hex or base64, truncated, a magic
    /// byte other than 0, an unknown schema id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) bad_frames: Option<u64>,
    pub(super) stopped_early: bool,
}

impl Counts {
    /// Payloads that fail the run: invalid or not readable as JSON.
    pub(super) fn failed(&self) -> u64 {
        self.invalid + self.unreadable + self.bad_frames.unwrap_or(0)
    }
}

pub(super) struct Reporter {
    format: Format,
    red: Style,
    green: Style,
}

#[derive(Serialize)]
struct FailedJson<'a> {
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    violations: Option<&'a [Violation]>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    truncated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl<'a> FailedJson<'a> {
    /// The failure of the payload `at`, before saying why.
    fn at(at: &At<'a>) -> FailedJson<'a> {
        FailedJson {
            source: at.source,
            line: at.line,
            valid: false,
            violations: None,
            truncated: false,
            error: None,
        }
    }
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    summary: &'a Counts,
}

impl Reporter {
    pub(super) fn new(format: Format, out: &Output) -> Reporter {
        Reporter {
            format,
            red: out.paint(AnsiColor::Red.on_default().bold()),
            green: out.paint(AnsiColor::Green.on_default()),
        }
    }

    pub(super) fn invalid(
        &self,
        out: &mut Output,
        at: &At<'_>,
        outcome: &Outcome,
    ) -> io::Result<()> {
        match self.format {
            Format::Text => {
                let red = self.red;
                for violation in outcome.violations() {
                    writeln!(out, "{}: {red}invalid{red:#} {violation}", place(at))?;
                }
                if outcome.is_truncated() {
                    writeln!(
                        out,
                        "{}: {red}invalid{red:#} ... more violations not shown",
                        place(at)
                    )?;
                }
                Ok(())
            }
            Format::Json => self.json_line(
                out,
                &FailedJson {
                    violations: Some(outcome.violations()),
                    truncated: outcome.is_truncated(),
                    ..FailedJson::at(at)
                },
            ),
        }
    }

    pub(super) fn unreadable(
        &self,
        out: &mut Output,
        at: &At<'_>,
        error: &dyn Display,
    ) -> io::Result<()> {
        match self.format {
            Format::Text => {
                let red = self.red;
                writeln!(out, "{}: {red}error{red:#} {error}", place(at))
            }
            Format::Json => self.json_line(
                out,
                &FailedJson {
                    error: Some(error.to_string()),
                    ..FailedJson::at(at)
                },
            ),
        }
    }

    pub(super) fn summary(&self, out: &mut Output, counts: &Counts) -> io::Result<()> {
        match self.format {
            Format::Text => {
                let (red, green) = (self.red, self.green);
                let invalid = if counts.invalid > 0 {
                    red
                } else {
                    Style::new()
                };
                write!(
                    out,
                    "checked {}: {green}{} valid{green:#}, {invalid}{} invalid{invalid:#}",
                    plural(counts.payloads, "payload"),
                    counts.valid,
                    counts.invalid
                )?;
                if counts.unreadable > 0 {
                    write!(
                        out,
                        ", {red}{} not readable as JSON{red:#}",
                        counts.unreadable
                    )?;
                }
                if let Some(bad) = counts.bad_frames.filter(|&n| n > 0) {
                    write!(out, ", {red}{}{red:#}", plural(bad, "bad frame"))?;
                }
                if counts.stopped_early {
                    write!(
                        out,
                        " (stopped at --max-errors after {})",
                        plural(counts.failed(), "failed payload")
                    )?;
                }
                writeln!(out)
            }
            Format::Json => self.json_line(out, &SummaryJson { summary: counts }),
        }
    }

    fn json_line(&self, out: &mut Output, value: &impl Serialize) -> io::Result<()> {
        serde_json::to_writer(&mut *out, value)?;
        writeln!(out)
    }
}

fn place(at: &At<'_>) -> String {
    match at.line {
        Some(line) => format!("{}:{line}", at.source),
        None => at.source.to_string(),
    }
}

fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
