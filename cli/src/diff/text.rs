//! Text for people: a verdict line, then one line per change in the compiler style tools and
//! editors understand, `file:line:col: verdict KIND #/path: sentence`, placed in the candidate
//! file where it has the node, then the warnings in the same shape.

use std::io::{self, Write};

use accord_schemas::compat::{Direction, Report};
use anstyle::{AnsiColor, Style};

use crate::input::LoadedSchema;
use crate::output::Output;

const BOLD: Style = Style::new().bold();
const GREEN: Style = AnsiColor::Green.on_default();
const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();

pub(super) fn render(
    out: &mut Output,
    report: &Report,
    old: &LoadedSchema,
    new: &LoadedSchema,
) -> io::Result<()> {
    let breaking = report.breaking().count();
    let allowed = report.changes.len() - breaking;
    let (green, red, bold, yellow) = (
        out.paint(GREEN),
        out.paint(RED),
        out.paint(BOLD),
        out.paint(YELLOW),
    );
    let setting = format!("({}, {})", report.level, report.policy);
    if report.compatible {
        let detail = match allowed {
            0 => "no changes".to_string(),
            n => format!("{}, none breaking", count(n, "change")),
        };
        let style = out.paint(GREEN.bold());
        writeln!(out, "{style}compatible{style:#} {setting}: {detail}")?;
    } else {
        let mut detail = count(breaking, "breaking change");
        if allowed > 0 {
            detail.push_str(&format!(", {allowed} allowed"));
        }
        writeln!(out, "{red}NOT compatible{red:#} {setting}: {detail}")?;
    }

    let both_ways = report.level.checks_backward() && report.level.checks_forward();
    let direction = |d: Direction| match (both_ways, d) {
        (false, _) => "",
        (true, Direction::Backward) => " (backward)",
        (true, Direction::Forward) => " (forward)",
    };
    for change in &report.changes {
        let (verdict, style) = if change.compatible {
            ("ok", green)
        } else {
            ("breaking", red)
        };
        let pointers = (change.old_pointer.as_deref(), change.new_pointer.as_deref());
        writeln!(
            out,
            "{}: {style}{verdict}{style:#}{} {} {bold}{}{bold:#}: {}",
            location(change.direction, pointers, old, new),
            direction(change.direction),
            change.kind.name(),
            change.path,
            change.message
        )?;
    }
    for warning in &report.warnings {
        let pointers = (
            warning.old_pointer.as_deref(),
            warning.new_pointer.as_deref(),
        );
        // The kind's name is its serialised form; the core offers no other.
        let kind = serde_json::to_value(warning.kind).unwrap_or_default();
        writeln!(
            out,
            "{}: {yellow}warning{yellow:#}{} {} {bold}{}{bold:#}: {}",
            location(warning.direction, pointers, old, new),
            direction(warning.direction),
            kind.as_str().unwrap_or_default(),
            warning.path,
            warning.message
        )?;
    }
    Ok(())
}

/// `file:line:col` of a finding: in the candidate file when it has the node, else in the old
/// one; just the candidate's name when neither can be placed. In a FORWARD check the candidate
/// plays "old", so the pointers swap files.
fn location(
    direction: Direction,
    (old_pointer, new_pointer): (Option<&str>, Option<&str>),
    old: &LoadedSchema,
    new: &LoadedSchema,
) -> String {
    let (in_new, in_old) = match direction {
        Direction::Backward => (new_pointer, old_pointer),
        Direction::Forward => (old_pointer, new_pointer),
    };
    let place = |file: &LoadedSchema, pointer: Option<&str>| {
        let (line, column) = file.places.locate(&file.text, pointer?)?;
        Some(format!("{}:{line}:{column}", file.source.name()))
    };
    place(new, in_new)
        .or_else(|| place(old, in_old))
        .unwrap_or_else(|| new.source.name())
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
