//! `accord diff`: verdicts, exit codes, both formats, stdin, colour, a closed pipe.

use std::process::Stdio;

use insta::{assert_json_snapshot, assert_snapshot};
use serde_json::Value;

use crate::common::{accord, run, run_with, V1, V2, V3};

/// The keys of one change in `--format json`, in order: a contract other tools read.
const CHANGE_KEYS: [&str; 9] = [
    "type",
    "path",
    "compatible",
    "direction",
    "old_pointer",
    "new_pointer",
    "old_value",
    "new_value",
    "message",
];

fn changes(report: &Value) -> &Vec<Value> {
    report["changes"].as_array().expect("changes is an array")
}

fn find<'a>(report: &'a Value, kind: &str, path: &str) -> &'a Value {
    changes(report)
        .iter()
        .find(|c| c["type"] == kind && c["path"] == path)
        .unwrap_or_else(|| panic!("no {kind} at {path} in {report:#}"))
}

/// Every change has exactly the contract's keys, with the contract's types.
fn assert_change_shape(change: &Value) {
    let object = change.as_object().expect("a change is an object");
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    assert_eq!(keys, CHANGE_KEYS, "{change:#}");
    assert!(change["type"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(change["path"].as_str().is_some_and(|p| p.starts_with('#')));
    assert!(change["compatible"].is_boolean());
    assert!(matches!(
        change["direction"].as_str(),
        Some("backward" | "forward")
    ));
    for pointer in ["old_pointer", "new_pointer"] {
        assert!(change[pointer].is_null() || change[pointer].is_string());
    }
    assert!(change["message"].as_str().is_some_and(|m| !m.is_empty()));
}

/// The top level is exactly `compatible, level, policy, changes` (+ `warnings` when present).
fn assert_report_shape(report: &Value) {
    let object = report.as_object().expect("the report is an object");
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    let expected = ["compatible", "level", "policy", "changes"];
    match object.get("warnings") {
        Some(warnings) => {
            assert_eq!(keys, [&expected[..], &["warnings"]].concat());
            assert!(!warnings
                .as_array()
                .expect("warnings is an array")
                .is_empty());
        }
        None => assert_eq!(keys, expected),
    }
    assert!(report["compatible"].is_boolean());
    changes(report).iter().for_each(assert_change_shape);
    let breaking = changes(report).iter().any(|c| c["compatible"] == false);
    assert_eq!(
        report["compatible"], !breaking,
        "verdict = no breaking change"
    );
}

#[test]
fn identical_schemas_are_compatible_at_every_level() {
    for level in [
        "NONE",
        "BACKWARD",
        "BACKWARD_TRANSITIVE",
        "FORWARD",
        "FORWARD_TRANSITIVE",
        "FULL",
        "FULL_TRANSITIVE",
    ] {
        let run = run(&["diff", V2, V2, "--level", level, "--format", "json"]);
        assert_eq!(run.code, 0, "{level}: {run:?}");
        let report = run.json();
        assert_report_shape(&report);
        assert_eq!(report["compatible"], true);
        assert_eq!(report["level"], level);
        assert_eq!(report["policy"], "STRICT");
        assert_eq!(report["changes"], serde_json::json!([]));
    }
}

#[test]
fn level_and_policy_are_case_insensitive() {
    let run = run(&[
        "diff",
        V1,
        V1,
        "--level",
        "full_transitive",
        "--policy",
        "add-only",
        "-f",
        "json",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let report = run.json();
    assert_eq!(report["level"], "FULL_TRANSITIVE");
    assert_eq!(report["policy"], "ADD_ONLY");
}

#[test]
fn adding_an_optional_property_to_a_closed_object_is_compatible() {
    let text = run(&["diff", V1, V2]);
    assert_eq!(text.code, 0, "{text:?}");
    assert!(text.stderr.is_empty(), "{text:?}");
    let first = text.stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("compatible (BACKWARD, STRICT)"),
        "{first}"
    );

    let json = run(&["diff", V1, V2, "--format", "json"]);
    assert_eq!(json.code, 0, "{json:?}");
    let report = json.json();
    assert_report_shape(&report);
    assert_eq!(report["compatible"], true);
    let added = find(
        &report,
        "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
        "#/properties/coupon_code",
    );
    assert_eq!(added["compatible"], true);
    assert_eq!(added["direction"], "backward");
    assert_eq!(added["old_pointer"], Value::Null);
    assert_eq!(added["new_pointer"], "/properties/coupon_code");
    assert_eq!(added["new_value"]["maxLength"], 32);
    // One line per change under the verdict line, located in the candidate file.
    let line = text
        .stdout
        .lines()
        .find(|l| l.contains("#/properties/coupon_code"))
        .expect("a line for the added property");
    let expected = format!(
        "{V2}:44:5: ok OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/coupon_code: "
    );
    assert!(line.starts_with(&expected), "{line}");
}

#[test]
fn a_changed_type_and_a_new_required_property_are_refused() {
    let text = run(&["diff", V1, V3]);
    assert_eq!(text.code, 1, "{text:?}");
    assert!(text.stderr.is_empty(), "{text:?}");
    let first = text.stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("NOT compatible (BACKWARD, STRICT): 2 breaking changes"),
        "{first}"
    );
    let line = text
        .stdout
        .lines()
        .find(|l| l.contains(": breaking TYPE_CHANGED #/properties/total: "))
        .unwrap_or_else(|| panic!("no TYPE_CHANGED line in\n{}", text.stdout));
    // Placed in the candidate file (the exact node is the engine's choice: the property or its
    // `type`).
    assert!(line.starts_with(&format!("{V3}:3")), "{line}");

    let json = run(&["diff", V1, V3, "--format", "json"]);
    assert_eq!(json.code, 1, "{json:?}");
    let report = json.json();
    assert_report_shape(&report);
    assert_eq!(report["compatible"], false);
    let changed = find(&report, "TYPE_CHANGED", "#/properties/total");
    assert_eq!(changed["compatible"], false);
    assert_eq!(changed["direction"], "backward");
    let required = find(
        &report,
        "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
        "#/properties/sales_channel",
    );
    assert_eq!(required["compatible"], false);
    assert_eq!(required["new_pointer"], "/properties/sales_channel");
    let breaking: Vec<&Value> = changes(&report)
        .iter()
        .filter(|c| c["compatible"] == false)
        .collect();
    assert_eq!(breaking.len(), 2, "{report:#}");
}

#[test]
fn the_policy_decides_a_removal_from_a_closed_object() {
    // v2 -> v1 drops `coupon_code` from a closed object: allowed only under LENIENT.
    let strict = run(&["diff", V2, V1, "--format", "json"]);
    assert_eq!(strict.code, 1, "{strict:?}");
    let report = strict.json();
    let removed = find(
        &report,
        "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "#/properties/coupon_code",
    );
    assert_eq!(removed["compatible"], false);
    assert_eq!(removed["old_pointer"], "/properties/coupon_code");

    let lenient = run(&["diff", V2, V1, "--policy", "lenient", "--format", "json"]);
    assert_eq!(lenient.code, 0, "{lenient:?}");
    let report = lenient.json();
    assert_eq!(report["policy"], "LENIENT");
    assert_eq!(
        find(
            &report,
            "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
            "#/properties/coupon_code"
        )["compatible"],
        true
    );
}

#[test]
fn forward_reports_the_swapped_check() {
    // Old readers (v1, closed) cannot read v2 events that carry `coupon_code`.
    let run = run(&["diff", V1, V2, "--level", "FORWARD", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let report = run.json();
    assert_report_shape(&report);
    assert_eq!(report["level"], "FORWARD");
    assert!(changes(&report).iter().all(|c| c["direction"] == "forward"));
    let removed = find(
        &report,
        "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "#/properties/coupon_code",
    );
    // In the swapped check the candidate plays "old".
    assert_eq!(removed["old_pointer"], "/properties/coupon_code");
}

#[test]
fn level_none_accepts_anything() {
    let run = run(&["diff", V1, V3, "--level", "none"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.starts_with("compatible (NONE, STRICT)"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_dash_reads_either_schema_from_stdin() {
    let v1 = std::fs::read(crate::common::root().join(V1)).expect("read v1");
    let from_file = run(&["diff", V1, V3, "--format", "json"]);
    let old_from_stdin = run_with(accord(&["diff", "-", V3, "--format", "json"]), Some(&v1));
    assert_eq!(old_from_stdin.code, from_file.code, "{old_from_stdin:?}");
    assert_eq!(old_from_stdin.stdout, from_file.stdout);

    let same = run_with(accord(&["diff", V1, "-"]), Some(&v1));
    assert_eq!(same.code, 0, "{same:?}");
    assert!(same.stdout.starts_with("compatible (BACKWARD, STRICT)"));
}

#[test]
fn colour_only_when_asked_for_or_on_a_terminal() {
    // Piped: plain text.
    let piped = run(&["diff", V1, V3]);
    assert!(!piped.stdout.contains('\x1b'), "{piped:?}");

    let mut forced = accord(&["diff", V1, V3]);
    forced.env("CLICOLOR_FORCE", "1");
    let forced = run_with(forced, None);
    assert!(forced.stdout.contains("\x1b["), "{forced:?}");
    assert_eq!(strip_ansi(&forced.stdout), piped.stdout);

    let mut refused = accord(&["diff", V1, V3]);
    refused.env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1");
    let refused = run_with(refused, None);
    assert_eq!(refused.stdout, piped.stdout);

    // JSON is never coloured.
    let mut json = accord(&["diff", V1, V3, "--format", "json"]);
    json.env("CLICOLOR_FORCE", "1");
    assert!(!run_with(json, None).stdout.contains('\x1b'));
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let cases: [(&[&str], i32); 3] = [
        (&["diff", V1, V2], 0),
        (&["diff", V1, V3], 1),
        (&["diff", V1, V1, "-f", "json"], 0),
    ];
    for (args, code) in cases {
        let mut cmd = accord(args);
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn accord");
        // Close the reading end before accord writes its report.
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("wait");
        assert_eq!(output.status.code(), Some(code), "{output:?}");
        assert!(
            output.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The outputs the README shows, as a person and a machine see them.
#[test]
fn example_outputs() {
    let compatible = run(&["diff", V1, V2]);
    assert_snapshot!("v1_v2_text", compatible.stdout);
    let refused = run(&["diff", V1, V3]);
    assert_snapshot!("v1_v3_text", refused.stdout);
    let refused = run(&["diff", V1, V3, "--format", "json"]);
    assert_json_snapshot!("v1_v3_json", refused.json());
    let full = run(&["diff", V1, V2, "--level", "FULL"]);
    assert_snapshot!("v1_v2_full_text", full.stdout);
}
