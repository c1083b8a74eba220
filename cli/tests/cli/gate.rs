//! Helpers for the CI-gate tests: a temporary git repository with `accord.toml` and schema
//! files, commits with a fixed identity and date, and `accord` run inside it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{run_with, Run};

/// A git repository in a temporary directory.
pub(crate) struct Repo {
    pub(crate) dir: tempfile::TempDir,
}

impl Repo {
    /// An empty repository on branch `main`.
    pub(crate) fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Run git in the repository; panics unless it succeeds.
    pub(crate) fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), args)
    }

    /// Write `contents` at `path` (relative), creating directories.
    pub(crate) fn write(&self, path: &str, contents: &str) -> &Repo {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, contents).unwrap();
        self
    }

    pub(crate) fn remove(&self, path: &str) -> &Repo {
        std::fs::remove_file(self.path().join(path)).unwrap();
        self
    }

    /// Stage everything and commit.
    pub(crate) fn commit(&self, message: &str) -> &Repo {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
        self
    }

    /// Run `accord args` in the repository.
    pub(crate) fn accord(&self, args: &[&str]) -> Run {
        accord_in(self.path(), args)
    }
}

/// Run `accord args` in `dir`, colour-neutral and with no registry or token from outside.
pub(crate) fn accord_in(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = crate::common::accord(args);
    cmd.current_dir(dir)
        .env_remove("ACCORD_TOKEN")
        .env_remove("ACCORD_REGISTRY_URL");
    run_with(cmd, None)
}

/// Run git in `dir` with a fixed identity and dates; panics unless it succeeds.
pub(crate) fn git_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Accord Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "Accord Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// insta settings that replace the repository's path with `[REPO]`.
pub(crate) fn repo_filters(path: &Path) -> insta::Settings {
    let mut settings = crate::common::temp_filters(path);
    settings.add_filter(r#""version": "\d+\.\d+\.\d+""#, r#""version": "[VERSION]""#);
    settings
}

/// The order schema every scenario starts from: a closed object, pretty-printed so that line
/// numbers are meaningful.
pub(crate) const ORDER_V1: &str = r#"{
  "title": "Order",
  "type": "object",
  "properties": {
    "id": {"type": "string"},
    "total": {"type": "number"}
  },
  "required": ["id", "total"],
  "additionalProperties": false
}
"#;

pub(crate) const PAYMENT_V1: &str = r#"{
  "title": "Payment",
  "type": "object",
  "properties": {
    "amount": {"type": "integer", "maximum": 100}
  }
}
"#;

pub(crate) const CONFIG: &str = r#"[defaults]
level = "BACKWARD"
policy = "STRICT"

[[produces]]
files = "schemas/*.json"
"#;

/// A repository with `accord.toml`, `schemas/order.json` and `schemas/payment.json` committed.
pub(crate) fn base_repo() -> Repo {
    let repo = Repo::new();
    repo.write("accord.toml", CONFIG)
        .write("schemas/order.json", ORDER_V1)
        .write("schemas/payment.json", PAYMENT_V1)
        .commit("v1");
    repo
}

/// The findings of a `--format json` run, as `(subject, file:line:col, kind, verdict)`.
pub(crate) fn findings(run: &Run) -> Vec<(String, String, String, String)> {
    let report = run.json();
    let mut out = Vec::new();
    for s in report["subjects"].as_array().expect("subjects") {
        for f in s["findings"].as_array().expect("findings") {
            out.push((
                s["subject"].as_str().unwrap().to_string(),
                format!(
                    "{}:{}:{}",
                    f["file"].as_str().unwrap(),
                    f["line"],
                    f["column"]
                ),
                f["kind"].as_str().unwrap().to_string(),
                f["verdict"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

/// The path of a fixture under `cli/tests/fixtures`.
pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
