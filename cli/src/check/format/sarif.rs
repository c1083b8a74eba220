//! `--format sarif`: SARIF 2.1.0 for code scanning (GitHub's `upload-sarif`). One run; its
//! rules are the change kinds that occur; each breaking change is an `error` result, each engine
//! warning a `warning`, each allowed change a `note`, at its file, line and column. Locations are
//! relative URIs from the top of the repository (`%SRCROOT%`), as code scanning expects.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use crate::check::report::{CheckReport, Verdict};
use crate::output::Output;

pub(super) fn render(out: &mut Output, report: &CheckReport) -> io::Result<()> {
    let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
    for f in report.subjects.iter().flat_map(|s| &s.findings) {
        let next = rules.len();
        rules.entry(f.kind.as_str()).or_insert(next);
    }
    let mut rule_list: Vec<(&str, usize)> = rules.iter().map(|(k, i)| (*k, *i)).collect();
    rule_list.sort_by_key(|(_, i)| *i);
    let rule_objects: Vec<Value> = rule_list
        .iter()
        .map(|(kind, _)| {
            json!({
                "id": kind,
                "name": rule_name(kind),
                "shortDescription": {"text": describe(kind)},
            })
        })
        .collect();
    let mut results = Vec::new();
    for s in &report.subjects {
        for f in &s.findings {
            let level = match f.verdict {
                Verdict::Breaking => "error",
                Verdict::Warning => "warning",
                Verdict::Ok => "note",
            };
            let mut text = format!("{} ({}): {}", f.path, s.subject, f.message);
            if let Some(hint) = &f.hint {
                text.push_str(&format!(" (hint: {hint})"));
            }
            results.push(json!({
                "ruleId": f.kind,
                "ruleIndex": rules[f.kind.as_str()],
                "level": level,
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&format!("{}{}", report.repo_prefix, f.file)), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }],
                "properties": {
                    "subject": s.subject,
                    "level": s.level,
                    "policy": s.policy,
                    "side": f.side,
                },
            }));
        }
    }
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "accord",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_objects,
            }},
            "results": results,
            "properties": {"against": report.against},
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}

/// `TYPE_CHANGED` → `TypeChanged` (SARIF's rule names are PascalCase by convention).
fn rule_name(kind: &str) -> String {
    kind.split('_')
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_string() + &chars.as_str().to_ascii_lowercase(),
                None => String::new(),
            }
        })
        .collect()
}

/// `TYPE_CHANGED` → "Type changed".
fn describe(kind: &str) -> String {
    let lower = kind.replace('_', " ").to_ascii_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// A relative path as a URI reference: segments percent-encoded, `/` kept.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
