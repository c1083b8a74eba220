//! The counts every format states: "1 change", "2 changes", and the one-line summary of a
//! report.

use crate::check::report::{CheckReport, Status};

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
