//! `--format json`: exactly one object, `{"compatible", "level", "policy", "changes"}` plus
//! `"warnings"` when there are any. This shape is a contract that other tools read: each change
//! is the core's `Change` as it serialises. The core's `Report` also carries `failed_against`,
//! which means nothing for two files, so the object is built here.

use std::io::{self, Write};

use accord_schemas::compat::{Change, Level, Policy, Report, Warning};
use serde::Serialize;

use crate::output::Output;

#[derive(Serialize)]
struct DiffJson<'a> {
    compatible: bool,
    level: Level,
    policy: Policy,
    changes: &'a [Change],
    #[serde(skip_serializing_if = "<[Warning]>::is_empty")]
    warnings: &'a [Warning],
}

pub(super) fn render(out: &mut Output, report: &Report) -> io::Result<()> {
    let body = DiffJson {
        compatible: report.compatible,
        level: report.level,
        policy: report.policy,
        changes: &report.changes,
        warnings: &report.warnings,
    };
    serde_json::to_writer_pretty(&mut *out, &body)?;
    writeln!(out)
}
