//! `--format json`: the report as one object, `{"version": 1, "against", "compatible",
//! "subjects": [...]}`; each subject has `subject, file, old_file?, status, level, policy,
//! compatible, findings`, each finding `file, line, column, side, kind, verdict, direction?,
//! path, message, hint?`. The shape is a contract (README, "Use it in CI"): fields are only
//! added within a version.

use std::io::{self, Write};

use crate::check::report::CheckReport;
use crate::output::Output;

pub(super) fn render(out: &mut Output, report: &CheckReport) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}
