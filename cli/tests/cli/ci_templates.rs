//! The CI templates and the README's "Use it in CI" section stay true: every `accord` command in
//! them parses, and the README's `accord.toml` is accepted.

use crate::common::root;
use crate::gate::{Repo, ORDER_V1};

/// The `accord ...` commands in a template, with CI variables replaced by `main` and shell
/// redirections dropped.
fn commands(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim_start_matches([' ', '-', '#']).trim();
        let line = line.strip_prefix("run: ").unwrap_or(line);
        let line = line.strip_prefix("entry: ").unwrap_or(line);
        if !line.starts_with("accord ") {
            continue;
        }
        let command = line.split(['>', '|']).next().unwrap_or_default();
        let args: Vec<String> = command
            .split_whitespace()
            .skip(1)
            .map(|a| {
                let a = a.trim_matches('"');
                match a.find(['$']) {
                    Some(i) => format!("{}main", &a[..i]),
                    None => a.to_string(),
                }
            })
            .collect();
        out.push(args);
    }
    out
}

#[test]
fn every_accord_command_in_the_templates_parses() {
    let mut seen = 0;
    for name in [
        "github-actions.yml",
        "gitlab-ci.yml",
        "pre-commit-hooks.yaml",
    ] {
        let text = std::fs::read_to_string(root().join("ci/templates").join(name)).unwrap();
        let found = commands(&text);
        assert!(!found.is_empty(), "{name} runs no accord command");
        for mut args in found {
            // Flags are checked as clap meets them; `--help` then stops before running.
            args.push("--help".to_string());
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = crate::common::run(&args);
            assert_eq!(run.code, 0, "{name}: accord {args:?}: {}", run.stderr);
            seen += 1;
        }
    }
    assert!(seen >= 6, "{seen}");
}

#[test]
fn the_readme_accord_toml_is_accepted() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("## Use it in CI")
        .nth(1)
        .expect("README has a \"Use it in CI\" section");
    let toml = section
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the section shows an accord.toml");
    let repo = Repo::new();
    repo.write("accord.toml", toml)
        .write("schemas/payments.json", ORDER_V1)
        .write("events/orders/order.json", ORDER_V1);
    let run = repo.accord(&["subjects"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("events/orders/order.json  orders-value"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("FULL_TRANSITIVE"), "{}", run.stdout);
}
