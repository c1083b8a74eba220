//! The real `accord` binary, run from async tests.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::registry::cargo_binary;

fn binary() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| cargo_binary("accord-cli", "accord"))
        .clone()
}

/// What one run of `accord` produced.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Run `accord args` (in `dir` when given), off the runtime's threads so an in-process registry
/// keeps serving, with no registry, token or CI variables from outside.
pub(crate) async fn accord(dir: Option<&Path>, args: &[&str]) -> Run {
    let dir = dir.map(Path::to_path_buf);
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let mut cmd = std::process::Command::new(binary());
        cmd.args(&args)
            .env_remove("ACCORD_TOKEN")
            .env_remove("ACCORD_REGISTRY_URL");
        if let Some(dir) = dir {
            cmd.current_dir(dir);
        }
        for (name, _) in std::env::vars() {
            if name.starts_with("GITHUB_") || name.starts_with("CI_") || name.starts_with("GIT_") {
                cmd.env_remove(name);
            }
        }
        let out = cmd.output().expect("run accord");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    })
    .await
    .unwrap()
}
