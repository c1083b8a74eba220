//! `--against git:REF`: old versions from git, matched to the files by subject.
//!
//! Only what changed is read: a file at the same path whose blob is unchanged since REF is
//! reported unchanged without being parsed twice; the old blobs needed (changed files, renames,
//! and every old file when the naming strategy reads the schema's title) come through one
//! `git cat-file --batch`.

use std::collections::{BTreeMap, BTreeSet};

use super::compare::compare;
use super::report::{CheckReport, Finding, Side, Status, SubjectResult, Verdict};
use crate::failure::Failure;
use crate::git::Git;
use crate::input::{parse_schema, Source};
use crate::project::{produced, Config, PathFilter, Produced};

pub(super) fn check(
    config: &Config,
    reference: &str,
    filter: &PathFilter,
) -> Result<CheckReport, Failure> {
    let git = Git::new(&config.root);
    let commit = git.resolve(reference)?;
    let files = produced(config, filter)?;
    let tree = git.tree(&commit)?;
    let changed = git.changed(&commit)?;

    // The old files `accord.toml` maps, with their subjects. The title-reading strategies need
    // the old contents of all of them; the topic strategy needs none.
    let old_paths: Vec<&String> = tree
        .keys()
        .filter(|p| filter.accepts(p) && config.entry_for(p).is_some())
        .collect();
    let needs_title = |p: &str| config.entry_for(p).is_some_and(|e| e.naming.needs_title());
    let mut old_text: BTreeMap<String, String> = BTreeMap::new();
    let now: BTreeMap<&str, &Produced> = files
        .iter()
        .map(|p| (p.mapping.subject.as_str(), p))
        .collect();
    let first_pass: Vec<&String> = old_paths
        .iter()
        .copied()
        .filter(|p| needs_title(p) || (changed.contains(*p) && tree.contains_key(*p)))
        .collect();
    read_blobs(&git, &tree, &first_pass, &mut old_text, reference)?;

    let mut old_subjects: BTreeMap<String, String> = BTreeMap::new();
    for path in &old_paths {
        let title = match old_text.get(*path) {
            Some(text) if needs_title(path) => serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| v.get("title")?.as_str().map(str::to_string)),
            _ => None,
        };
        let entry = config.entry_for(path).expect("filtered on entry_for");
        // An old file the mapping cannot name (no title) cannot be matched to a subject.
        if let Ok(mapping) = config.map(entry, path, title.as_deref()) {
            old_subjects
                .entry(mapping.subject)
                .or_insert_with(|| (*path).clone());
        }
    }

    // Renamed files: their old blobs were not read in the first pass.
    let renamed: Vec<&String> = now
        .iter()
        .filter_map(|(subject, p)| {
            let old = old_subjects.get(*subject)?;
            (old != &p.path && !old_text.contains_key(old)).then_some(old)
        })
        .collect();
    read_blobs(&git, &tree, &renamed, &mut old_text, reference)?;

    let mut results = Vec::new();
    for (subject, p) in &now {
        let result = match old_subjects.get(*subject) {
            None => untouched(p, Status::New),
            Some(old) if *old == p.path && !changed.contains(old) => {
                untouched(p, Status::Unchanged)
            }
            Some(old) => changed_file(p, old, &old_text[old], reference)?,
        };
        results.push(result);
    }
    for (subject, old) in &old_subjects {
        if now.contains_key(subject.as_str()) {
            continue;
        }
        let retired = config.is_retired(subject);
        let over = config.subjects.get(subject);
        results.push(SubjectResult {
            subject: subject.clone(),
            file: None,
            old_file: Some(old.clone()),
            status: if retired {
                Status::Retired
            } else {
                Status::Deleted
            },
            level: over.and_then(|o| o.level).unwrap_or(config.level),
            policy: over.and_then(|o| o.policy).unwrap_or(config.policy),
            compatible: retired,
            findings: if retired {
                Vec::new()
            } else {
                vec![deleted(subject, old, reference)]
            },
        });
    }
    Ok(CheckReport::new(format!("git:{reference}"), results))
}

/// A file with nothing to compare: new, or the same blob as at REF.
fn untouched(p: &Produced, status: Status) -> SubjectResult {
    SubjectResult {
        subject: p.mapping.subject.clone(),
        file: Some(p.path.clone()),
        old_file: None,
        status,
        level: p.mapping.level,
        policy: p.mapping.policy,
        compatible: true,
        findings: Vec::new(),
    }
}

/// A file against its old version `text` at `old` (its path at REF).
fn changed_file(
    p: &Produced,
    old: &str,
    text: &str,
    reference: &str,
) -> Result<SubjectResult, Failure> {
    let old_name = format!("{old} (git:{reference})");
    // The old version is read as the format the file has now (its name at REF may differ).
    let source = Source::File(old_name.clone().into());
    let old_doc = parse_schema(&source, text, p.doc.schema_type())?;
    let mut result = compare(
        p,
        old,
        text,
        std::slice::from_ref(&old_doc),
        Status::Changed,
    )?;
    for f in &mut result.findings {
        if f.side == Side::Old {
            f.file = old.to_string();
        }
    }
    Ok(result)
}

fn deleted(subject: &str, old: &str, reference: &str) -> Finding {
    Finding {
        file: old.to_string(),
        line: 1,
        column: 1,
        side: Side::Old,
        kind: "SUBJECT_DELETED".to_string(),
        verdict: Verdict::Breaking,
        direction: None,
        path: "#".to_string(),
        message: format!(
            "the schema of subject {subject} was deleted (it was {old} at git:{reference}); \
             consumers still read it"
        ),
        hint: Some(format!(
            "restore the file, or mark the subject retired in accord.toml: [subjects.\"{subject}\"] \
             retired = true"
        )),
        read_by: None,
    }
}

fn read_blobs(
    git: &Git,
    tree: &BTreeMap<String, String>,
    paths: &[&String],
    into: &mut BTreeMap<String, String>,
    reference: &str,
) -> Result<(), Failure> {
    let unique: BTreeSet<&String> = paths.iter().copied().collect();
    let paths: Vec<&String> = unique.into_iter().collect();
    let objects: Vec<String> = paths.iter().map(|p| tree[*p].clone()).collect();
    for (path, blob) in paths.iter().zip(git.blobs(&objects)?) {
        let text = String::from_utf8(blob).map_err(|_| {
            Failure::invalid_input(format!("{path} (git:{reference}): not UTF-8 text"))
        })?;
        into.insert((*path).clone(), text);
    }
    Ok(())
}
