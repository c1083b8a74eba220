//! What `accord check` found, independent of where the old versions came from: one result per
//! subject, each with its findings placed at `file:line:col`. Every output format renders this.
//!
//! `--format json` serialises [`CheckReport`] as it is; its shape is versioned by
//! [`JSON_VERSION`] and documented in the README ("Use it in CI").

use accord_schemas::compat::{Direction, Level, Policy, Report};
use serde::Serialize;

use super::hints::hint;
use crate::locate::locate;

/// The `"version"` of the JSON shape; bumped when a field changes meaning or goes away.
pub(crate) const JSON_VERSION: u32 = 1;

/// The whole run.
#[derive(Debug, Serialize)]
pub(crate) struct CheckReport {
    pub(crate) version: u32,
    /// What the files were compared with: `git:<ref>` or `registry`.
    pub(crate) against: String,
    pub(crate) compatible: bool,
    pub(crate) subjects: Vec<SubjectResult>,
    /// The project root's path from the top of the git work tree (`services/orders/`, or empty):
    /// annotations and code-scanning results name files from the repository's top.
    #[serde(skip)]
    pub(crate) repo_prefix: String,
}

impl CheckReport {
    pub(crate) fn new(against: String, mut subjects: Vec<SubjectResult>) -> CheckReport {
        subjects.sort_by(|a, b| a.subject.cmp(&b.subject));
        CheckReport {
            version: JSON_VERSION,
            against,
            compatible: subjects.iter().all(|s| s.compatible),
            subjects,
            repo_prefix: String::new(),
        }
    }

    pub(crate) fn breaking(&self) -> usize {
        self.subjects.iter().map(SubjectResult::breaking).sum()
    }
}

/// What happened to a subject between the old state and the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
    /// Its file did not change.
    Unchanged,
    /// Its file changed (or moved) and was checked.
    Changed,
    /// No old version: a new subject.
    New,
    /// Its file is gone and the subject is not retired: breaking.
    Deleted,
    /// Its file is gone and `accord.toml` says the subject is retired.
    Retired,
}

/// One subject's result.
#[derive(Debug, Serialize)]
pub(crate) struct SubjectResult {
    pub(crate) subject: String,
    /// The schema file now (absent for a deleted subject).
    pub(crate) file: Option<String>,
    /// The file the old version came from, when it differs from `file` or `file` is absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) old_file: Option<String>,
    pub(crate) status: Status,
    pub(crate) level: Level,
    pub(crate) policy: Policy,
    pub(crate) compatible: bool,
    pub(crate) findings: Vec<Finding>,
}

impl SubjectResult {
    pub(crate) fn breaking(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.verdict == Verdict::Breaking)
            .count()
    }

    /// The file to point at: the current one, else the old one.
    pub(crate) fn any_file(&self) -> &str {
        self.file
            .as_deref()
            .or(self.old_file.as_deref())
            .unwrap_or_default()
    }
}

/// Whether a finding fails the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Verdict {
    /// Not allowed at the subject's level and policy.
    Breaking,
    /// Allowed.
    Ok,
    /// Allowed, but worth a look (the engine's warnings).
    Warning,
}

/// Which file a finding's position is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Side {
    /// The schema file as it is now.
    New,
    /// The old version (a removal has no node in the new file); its lines are those of the old
    /// version of the file.
    Old,
}

/// One finding, placed in a file.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Finding {
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    /// Whether `line`/`column` are in the new file or in the old version.
    pub(crate) side: Side,
    /// The change kind (the engine's names, or `SUBJECT_DELETED`, `REGISTRY_REFUSED`).
    pub(crate) kind: String,
    pub(crate) verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) direction: Option<Direction>,
    /// Confluent-style path in the schema, e.g. `#/properties/total`.
    pub(crate) path: String,
    pub(crate) message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) hint: Option<String>,
    /// The consumers whose contracts read the value the finding is about, as
    /// `app version: /read/path`; empty when none does. Absent when no contracts were consulted
    /// (`--against git:REF`, a registry without contracts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) read_by: Option<Vec<String>>,
}

/// A file's name and text, to place pointers in.
pub(crate) struct Located<'a> {
    pub(crate) name: &'a str,
    pub(crate) text: &'a str,
}

/// The keywords a change of `kind` is about, tried in order below the change's node so that the
/// position is the changed keyword's (`"type"` of a property whose type changed) rather than the
/// property's. A pointer that already names the keyword is kept.
fn keywords(kind: &str) -> &'static [&'static str] {
    match kind {
        k if k.starts_with("TYPE_") || k == "SCHEMA_TYPE_CHANGED" => &["type"],
        k if k.starts_with("ENUM_ARRAY_") => &["enum"],
        k if k.starts_with("PATTERN_") => &["pattern"],
        k if k.starts_with("MULTIPLE_OF_") => &["multipleOf"],
        k if k.starts_with("ADDITIONAL_PROPERTIES_") => &["additionalProperties"],
        k if k.starts_with("ADDITIONAL_ITEMS_") => &["additionalItems"],
        k if k.starts_with("UNEVALUATED_PROPERTIES_") => &["unevaluatedProperties"],
        k if k.starts_with("UNEVALUATED_ITEMS_") => &["unevaluatedItems"],
        k if k.starts_with("UNIQUE_ITEMS_") => &["uniqueItems"],
        k if k.starts_with("SUM_TYPE_") => &["oneOf", "anyOf"],
        k if k.starts_with("PRODUCT_TYPE_") => &["allOf"],
        k if k.starts_with("COMBINED_TYPE_") => &["oneOf", "anyOf", "allOf"],
        k if k.starts_with("NOT_TYPE_") => &["not"],
        _ => &[],
    }
}

/// Where `pointer` is in `text`, at the kind's keyword below it when there is one.
fn position(text: &str, pointer: &str, kind: &str) -> Option<(usize, usize)> {
    keywords(kind)
        .iter()
        .find_map(|k| locate(text, &format!("{pointer}/{k}")))
        .or_else(|| locate(text, pointer))
}

/// The findings of an engine report, placed in the new file when it has the node, else in the
/// old one. In a FORWARD check the candidate plays "old", so the pointers swap files.
pub(crate) fn findings(report: &Report, old: &Located<'_>, new: &Located<'_>) -> Vec<Finding> {
    let place =
        |direction: Direction, old_pointer: Option<&str>, new_pointer: Option<&str>, kind: &str| {
            let (in_new, in_old) = match direction {
                Direction::Backward => (new_pointer, old_pointer),
                Direction::Forward => (old_pointer, new_pointer),
            };
            let at =
                |file: &Located<'_>, pointer: Option<&str>| position(file.text, pointer?, kind);
            if let Some((line, column)) = at(new, in_new) {
                (new.name.to_string(), line, column, Side::New)
            } else if let Some((line, column)) = at(old, in_old) {
                (old.name.to_string(), line, column, Side::Old)
            } else {
                (new.name.to_string(), 1, 1, Side::New)
            }
        };
    let mut out = Vec::new();
    for change in &report.changes {
        let (file, line, column, side) = place(
            change.direction,
            change.old_pointer.as_deref(),
            change.new_pointer.as_deref(),
            change.kind.name(),
        );
        out.push(Finding {
            file,
            line,
            column,
            side,
            kind: change.kind.name().to_string(),
            verdict: if change.compatible {
                Verdict::Ok
            } else {
                Verdict::Breaking
            },
            direction: Some(change.direction),
            path: change.path.clone(),
            message: change.message.clone(),
            hint: (!change.compatible).then(|| hint(change)),
            read_by: None,
        });
    }
    for warning in &report.warnings {
        let kind = serde_json::to_value(warning.kind).unwrap_or_default();
        let (file, line, column, side) = place(
            warning.direction,
            warning.old_pointer.as_deref(),
            warning.new_pointer.as_deref(),
            kind.as_str().unwrap_or_default(),
        );
        out.push(Finding {
            file,
            line,
            column,
            side,
            kind: kind.as_str().unwrap_or_default().to_string(),
            verdict: Verdict::Warning,
            direction: Some(warning.direction),
            path: warning.path.clone(),
            message: warning.message.clone(),
            hint: None,
            read_by: None,
        });
    }
    out
}
