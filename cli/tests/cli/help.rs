//! `--help` and `--version`: exit 0, and the exit codes documented where users look.

use std::collections::BTreeMap;

use insta::assert_snapshot;

use crate::common::{root, run};

#[test]
fn help_lists_the_exit_codes() {
    let help = run(&["--help"]);
    assert_eq!(help.code, 0, "{help:?}");
    assert_snapshot!(help.stdout);

    let diff_help = run(&["diff", "--help"]);
    assert_eq!(diff_help.code, 0, "{diff_help:?}");
    assert!(
        diff_help.stdout.contains("Exit codes:"),
        "{}",
        diff_help.stdout
    );
    assert!(diff_help.stdout.contains("[default: BACKWARD]"));
    assert!(diff_help.stdout.contains("[default: STRICT]"));
}

#[test]
fn version_exits_0() {
    let run = run(&["--version"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout.trim(),
        format!("accord {}", env!("CARGO_PKG_VERSION"))
    );
}

/// The README's exit-code table and `--help` name the same codes with the same meaning.
#[test]
fn readme_and_help_agree_on_exit_codes() {
    let help = run(&["--help"]).stdout;
    let from_help: BTreeMap<u8, String> = help
        .lines()
        .skip_while(|l| *l != "Exit codes:")
        .skip(1)
        .filter_map(|l| {
            let (code, meaning) = l.trim().split_once("  ")?;
            Some((
                code.parse().ok()?,
                meaning.split(':').next()?.trim().to_string(),
            ))
        })
        .collect();
    assert_eq!(
        from_help.keys().copied().collect::<Vec<_>>(),
        [0, 1, 2, 3, 4, 5]
    );

    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let from_readme: BTreeMap<u8, String> = readme
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            // | `0` | pass | ... |
            let code = cells.get(1)?.trim_matches('`').parse().ok()?;
            Some((code, cells.get(2)?.to_string()))
        })
        .collect();
    assert_eq!(
        from_readme, from_help,
        "README.md exit codes differ from --help"
    );
}
