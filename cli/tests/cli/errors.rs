//! Bad input and bad usage: the exit code, and a message naming the file and the place.

use insta::assert_snapshot;

use crate::common::{accord, run, run_with, temp_file, temp_filters, V1};

#[test]
fn a_missing_file_is_invalid_input_naming_the_path() {
    let run = run(&["diff", "schemas/examples/does-not-exist.json", V1]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stdout.is_empty());
    assert_snapshot!(run.stderr, @"accord: error: cannot read schemas/examples/does-not-exist.json: No such file or directory (os error 2)");
}

#[test]
fn a_json_syntax_error_names_file_line_and_column() {
    let file = temp_file(b"{\n  \"type\": \"object\",\n  \"properties\": {,}\n}\n");
    let path = file.path().display().to_string();
    let run = run(&["diff", &path, V1]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains(&format!("{path}:3:18: invalid JSON")),
        "{}",
        run.stderr
    );
    temp_filters(file.path()).bind(|| {
        assert_snapshot!(run.stderr, @"accord: error: [TEMP]:3:18: invalid JSON: key must be a string");
    });
}

#[test]
fn a_document_that_is_not_a_schema_names_the_pointer() {
    let file = temp_file(br#"{"type": 5}"#);
    let path = file.path().display().to_string();
    let run = run(&["diff", V1, &path]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.starts_with(&format!(
            "accord: error: {path}:1:2: invalid schema at /type: "
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn an_invalid_schema_on_stdin_is_named_stdin() {
    let run = run_with(accord(&["diff", "-", V1]), Some(b"[1, 2]"));
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr
            .starts_with("accord: error: <stdin>:1:1: invalid schema at the root: "),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_or_non_utf8_or_directory_input_is_invalid_input() {
    let empty = run_with(accord(&["diff", "-", V1]), Some(b""));
    assert_eq!(empty.code, 3, "{empty:?}");
    assert!(empty.stderr.contains("<stdin>"), "{empty:?}");

    let latin1 = temp_file(b"{\"title\": \"caf\xe9\"}");
    let path = latin1.path().display().to_string();
    let not_utf8 = run(&["diff", &path, V1]);
    assert_eq!(not_utf8.code, 3, "{not_utf8:?}");
    assert!(
        not_utf8.stderr.contains(&format!(
            "{path}: not UTF-8 text (invalid byte at offset 14)"
        )),
        "{}",
        not_utf8.stderr
    );

    let directory = run(&["diff", "schemas/examples", V1]);
    assert_eq!(directory.code, 3, "{directory:?}");
    assert!(
        directory.stderr.contains("cannot read schemas/examples: "),
        "{}",
        directory.stderr
    );
}

#[test]
fn a_schema_over_the_size_limit_is_refused_without_reading_it_all() {
    // 17 MiB of whitespace-padded JSON on standard input: over the 16 MiB document limit.
    let mut big = vec![b' '; 17 * 1024 * 1024];
    big[0] = b'{';
    big.extend_from_slice(b"}");
    let run = run_with(accord(&["diff", "-", V1]), Some(&big));
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr
            .contains("<stdin>: limit exceeded: max_document_bytes is 16777216"),
        "{}",
        run.stderr
    );
}

#[test]
fn deep_nesting_is_a_clear_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let file = temp_file(deep.as_bytes());
    let path = file.path().display().to_string();
    let run = run(&["diff", &path, V1]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr.starts_with(&format!("accord: error: {path}")),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["diff", V1][..],
        &["diff", V1, V1, "--level", "sideways"],
        &["diff", V1, V1, "--policy", "whatever"],
        &["diff", V1, V1, "--format", "yaml"],
        &["diff", V1, V1, "--no-such-flag"],
        &["no-such-command"],
        &[],
    ] {
        let run = run(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {run:?}");
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
    let run = run(&["diff", V1, V1, "--level", "sideways"]);
    assert!(
        run.stderr.contains(
            "expected one of NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn only_one_input_can_be_stdin() {
    let run = run(&["diff", "-", "-"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert_snapshot!(run.stderr, @"accord: error: only one of OLD and NEW can be `-` (standard input)");
}
