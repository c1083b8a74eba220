//! `accord validate`: JSON and NDJSON payloads against a local schema, streamed; exit codes,
//! both formats, per-payload errors that never stop the stream.

use insta::assert_snapshot;
use serde_json::Value;

use crate::common::{accord, run, run_with, temp_file, V1, V2};

const PAYLOADS: &str = "schemas/examples/order-created.payloads.ndjson";
const EXAMPLE: &str = "schemas/examples/order-created.example.json";

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn every_valid_payload_exits_0() {
    let valid = "{\"a\": 1}\n{\"a\": 2}\n\n{\"a\": 3}\n";
    let schema = temp_file(br#"{"type": "object", "required": ["a"]}"#);
    let run = run_with(
        accord(&["validate", "--schema", &schema.path().display().to_string()]),
        Some(valid.as_bytes()),
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "checked 3 payloads: 3 valid, 0 invalid\n");
    assert!(run.stderr.is_empty(), "{run:?}");
}

#[test]
fn the_example_stream_reports_each_violation_with_file_and_line() {
    let run = run(&["validate", "--schema", V2, PAYLOADS]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_snapshot!(run.stdout, @r#"
    schemas/examples/order-created.payloads.ndjson:3: invalid /customer: "email" is a required property [/properties/customer/required]
    schemas/examples/order-created.payloads.ndjson:3: invalid /items/0/qty: 0 is less than the minimum of 1 [/properties/items/items/properties/qty/minimum]
    schemas/examples/order-created.payloads.ndjson:3: invalid /total: -3 is less than the minimum of 0 [/properties/total/minimum]
    schemas/examples/order-created.payloads.ndjson:4: invalid (root): Additional properties are not allowed ('gift' was unexpected) [/additionalProperties]
    schemas/examples/order-created.payloads.ndjson:4: invalid /currency: "usd" does not match "^[A-Z]{3}$" [/properties/currency/pattern]
    checked 4 payloads: 2 valid, 2 invalid
    "#);
}

#[test]
fn json_output_is_one_object_per_failed_payload_then_a_summary() {
    let run = run(&["validate", "--schema", V2, PAYLOADS, "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    for failed in &lines[..2] {
        let keys: Vec<&str> = failed
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["source", "line", "valid", "violations"], "{failed}");
        assert_eq!(failed["source"], PAYLOADS);
        assert_eq!(failed["valid"], false);
        for violation in failed["violations"].as_array().expect("violations") {
            for key in ["instancePath", "schemaPath", "keyword", "message"] {
                assert!(violation[key].is_string(), "{key} in {violation}");
            }
        }
    }
    assert_eq!(lines[0]["line"], 3);
    assert_eq!(lines[1]["line"], 4);
    let total = lines[0]["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .find(|v| v["instancePath"] == "/total")
        .expect("a violation at /total");
    assert_eq!(total["keyword"], "minimum");
    assert_eq!(total["schemaPath"], "/properties/total/minimum");
    assert_eq!(
        lines[2],
        serde_json::json!({"summary": {"payloads": 4, "valid": 2, "invalid": 2, "unreadable": 0, "stopped_early": false}})
    );
}

#[test]
fn a_multi_line_document_is_one_payload() {
    let valid = run(&["validate", "--schema", V2, EXAMPLE]);
    assert_eq!(valid.code, 0, "{valid:?}");
    assert_eq!(valid.stdout, "checked 1 payload: 1 valid, 0 invalid\n");

    // v1 is closed and has no `coupon_code`: reported against the file, with no line.
    let invalid = run(&["validate", "--schema", V1, EXAMPLE, "-f", "json"]);
    assert_eq!(invalid.code, 1, "{invalid:?}");
    let lines = json_lines(&invalid.stdout);
    assert_eq!(lines[0]["source"], EXAMPLE);
    assert!(lines[0].get("line").is_none(), "{}", lines[0]);
    assert_eq!(lines[0]["violations"][0]["keyword"], "additionalProperties");

    // Forced NDJSON reads the same file line by line: its lines are not JSON on their own.
    let forced = run(&["validate", "--schema", V2, EXAMPLE, "--ndjson"]);
    assert_eq!(forced.code, 1, "{forced:?}");
    assert!(
        forced
            .stdout
            .starts_with(&format!("{EXAMPLE}:1: error not JSON: ")),
        "{}",
        forced.stdout
    );
}

#[test]
fn bad_lines_are_reported_and_the_stream_goes_on() {
    let schema = temp_file(br#"{"type": "object", "properties": {"n": {"type": "integer"}}}"#);
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"n\": 1}\r\n");
    input.extend_from_slice(b"not json\n");
    input.extend_from_slice(b"\n");
    input.extend_from_slice(format!("{}{}\n", "[".repeat(10_000), "]".repeat(10_000)).as_bytes());
    // One line over the 16 MiB payload limit: skipped without being held.
    input.extend_from_slice(b"\"");
    input.extend(std::iter::repeat_n(b'x', 17 * 1024 * 1024));
    input.extend_from_slice(b"\"\n");
    input.extend_from_slice(b"{\"n\": \"two\"}\n");
    input.extend_from_slice(b"{\"n\": 3}");

    let args = [
        "validate",
        "-s",
        &schema.path().display().to_string(),
        "-f",
        "json",
    ];
    let run = run_with(accord(&args), Some(&input));
    assert_eq!(run.code, 1, "{run:?}");
    let lines = json_lines(&run.stdout);
    let by_line: Vec<(u64, &str)> = lines[..lines.len() - 1]
        .iter()
        .map(|l| {
            let what = l["error"].as_str().unwrap_or("violations");
            (l["line"].as_u64().expect("line"), what)
        })
        .collect();
    assert_eq!(by_line.len(), 4, "{}", run.stdout);
    assert_eq!(by_line[0].0, 2);
    assert!(by_line[0].1.starts_with("not JSON: "), "{by_line:?}");
    assert_eq!(by_line[1].0, 4);
    assert!(by_line[1].1.contains("nested too deeply"), "{by_line:?}");
    assert_eq!(by_line[2].0, 5);
    assert!(by_line[2].1.contains("too large"), "{by_line:?}");
    assert_eq!(by_line[3], (6, "violations"));
    assert_eq!(
        lines.last().expect("summary")["summary"],
        serde_json::json!({"payloads": 6, "valid": 2, "invalid": 1, "unreadable": 3, "stopped_early": false})
    );
}

#[test]
fn max_errors_stops_the_stream() {
    let stopped = run(&["validate", "--schema", V2, PAYLOADS, "--max-errors", "1"]);
    assert_eq!(stopped.code, 1, "{stopped:?}");
    assert!(!stopped.stdout.contains(":4:"), "{}", stopped.stdout);
    assert!(
        stopped.stdout.ends_with(
            "checked 3 payloads: 2 valid, 1 invalid (stopped at --max-errors after 1 failed payload)\n"
        ),
        "{}",
        stopped.stdout
    );
    let zero = run(&["validate", "--schema", V2, PAYLOADS, "--max-errors", "0"]);
    assert_eq!(zero.code, 2, "{zero:?}");
}

#[test]
fn several_inputs_are_checked_in_order_with_their_own_line_numbers() {
    let payloads = std::fs::read(crate::common::root().join(PAYLOADS)).expect("payloads");
    let run = run_with(
        accord(&[
            "validate", "--schema", V2, EXAMPLE, "-", PAYLOADS, "-f", "json",
        ]),
        Some(&payloads),
    );
    assert_eq!(run.code, 1, "{run:?}");
    let lines = json_lines(&run.stdout);
    let places: Vec<(String, u64)> = lines[..lines.len() - 1]
        .iter()
        .map(|l| {
            (
                l["source"].as_str().expect("source").to_string(),
                l["line"].as_u64().expect("line"),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("<stdin>".to_string(), 3),
            ("<stdin>".to_string(), 4),
            (PAYLOADS.to_string(), 3),
            (PAYLOADS.to_string(), 4)
        ]
    );
    assert_eq!(lines.last().expect("summary")["summary"]["payloads"], 9);
}

#[test]
fn an_empty_input_has_no_payloads() {
    let run = run_with(accord(&["validate", "--schema", V2]), Some(b"\n\n"));
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "checked 0 payloads: 0 valid, 0 invalid\n");
}

#[test]
fn bad_schemas_and_missing_files_are_invalid_input() {
    let missing = run(&["validate", "--schema", V2, "nope.ndjson"]);
    assert_eq!(missing.code, 3, "{missing:?}");
    assert!(missing.stdout.is_empty());
    assert!(
        missing.stderr.contains("cannot read nope.ndjson: "),
        "{}",
        missing.stderr
    );

    let no_schema = run(&["validate", "--schema", "nope.json", PAYLOADS]);
    assert_eq!(no_schema.code, 3, "{no_schema:?}");
    assert!(
        no_schema.stderr.contains("cannot read nope.json: "),
        "{}",
        no_schema.stderr
    );

    let not_schema = temp_file(b"{\n  \"properties\": {\"a\": {\"minimum\": \"zero\"}}\n}");
    let path = not_schema.path().display().to_string();
    let invalid = run(&["validate", "--schema", &path, PAYLOADS]);
    assert_eq!(invalid.code, 3, "{invalid:?}");
    assert!(
        invalid
            .stderr
            .starts_with(&format!("accord: error: {path}:2:")),
        "{}",
        invalid.stderr
    );

    // Look-around needs a backtracking engine: refused, never run on untrusted input.
    let backtracking = temp_file(br#"{"properties": {"a": {"pattern": "^(?=a)a+$"}}}"#);
    let path = backtracking.path().display().to_string();
    let refused = run(&["validate", "--schema", &path, PAYLOADS]);
    assert_eq!(refused.code, 3, "{refused:?}");
    assert!(
        refused
            .stderr
            .contains("unsupported pattern at /properties/a/pattern"),
        "{}",
        refused.stderr
    );
}

#[test]
fn stdin_can_be_read_once() {
    let run = run(&["validate", "--schema", "-", "-"]);
    assert_eq!(run.code, 2, "{run:?}");
    let schema_from_stdin = run_with(
        accord(&["validate", "--schema", "-", EXAMPLE]),
        Some(br#"{"type": "object", "required": ["order_id"]}"#),
    );
    assert_eq!(schema_from_stdin.code, 0, "{schema_from_stdin:?}");
}
