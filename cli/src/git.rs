//! Reading old versions of files from git, by shelling out to the `git` command: it is on every
//! CI runner, and it knows every repository layout, credential helper and object format.
//!
//! A run costs a fixed handful of processes whatever the number of files: one to resolve the
//! ref, one to list the tree at it, one for the changed paths, one `cat-file --batch` for every
//! blob needed. Every git failure is infrastructure (exit 5) with a message saying what to do.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::exit::Exit;
use crate::failure::Failure;

/// A git work tree, addressed from the directory holding `accord.toml`; every path given and
/// returned is relative to that directory.
pub(crate) struct Git {
    dir: PathBuf,
}

impl Git {
    pub(crate) fn new(dir: &Path) -> Git {
        Git {
            dir: dir.to_path_buf(),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("git");
        cmd.args(args)
            .current_dir(&self.dir)
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Result<std::process::Output, Failure> {
        self.command(args).output().map_err(|e| {
            Failure::new(
                Exit::Infrastructure,
                anyhow::Error::from(e).context("cannot run git (is it installed and on PATH?)"),
            )
        })
    }

    fn run_ok(&self, args: &[&str]) -> Result<Vec<u8>, Failure> {
        let out = self.run(args)?;
        if !out.status.success() {
            return Err(infra(format!(
                "`git {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(out.stdout)
    }

    /// The commit `reference` names. A missing ref in a shallow clone gets a message saying how
    /// to fetch it.
    pub(crate) fn resolve(&self, reference: &str) -> Result<String, Failure> {
        let inside = self.run(&["rev-parse", "--is-inside-work-tree"])?;
        if !inside.status.success() {
            return Err(infra(format!(
                "{} is not inside a git work tree: --against git:{reference} needs the \
                 repository's history",
                self.dir.display()
            )));
        }
        let spec = format!("{reference}^{{commit}}");
        let out = self.run(&[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ])?;
        if out.status.success() {
            return Ok(String::from_utf8_lossy(&out.stdout).trim().to_string());
        }
        let shallow = self.run(&["rev-parse", "--is-shallow-repository"])?;
        let branch = reference.strip_prefix("origin/").unwrap_or(reference);
        if String::from_utf8_lossy(&shallow.stdout).trim() == "true" {
            return Err(infra(format!(
                "git:{reference} is not in this shallow clone: fetch the history with \
                 `git fetch --unshallow`, or just the base with `git fetch origin {branch}` \
                 (in GitHub Actions: actions/checkout with `fetch-depth: 0`)"
            )));
        }
        Err(infra(format!(
            "git:{reference} does not name a commit in this repository: check the name, or \
             fetch it with `git fetch origin {branch}`"
        )))
    }

    /// The directory's path from the top of the work tree (`services/orders/`, or empty), for
    /// formats whose paths are relative to the repository (annotations, code scanning). Empty
    /// outside a work tree.
    pub(crate) fn prefix(&self) -> String {
        self.run(&["rev-parse", "--show-prefix"])
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .unwrap_or_default()
    }

    /// The commit checked out and the branch's name (`None` for a detached HEAD), when the
    /// directory is in a work tree with a commit.
    pub(crate) fn head(&self) -> (Option<String>, Option<String>) {
        let line = |args: &[&str]| {
            self.run(args)
                .ok()
                .filter(|out| out.status.success())
                .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
                .filter(|s| !s.is_empty())
        };
        (
            line(&["rev-parse", "--verify", "--quiet", "HEAD"]),
            line(&["symbolic-ref", "--quiet", "--short", "HEAD"]),
        )
    }

    /// The blobs at `commit` under the directory, by path.
    pub(crate) fn tree(&self, commit: &str) -> Result<BTreeMap<String, String>, Failure> {
        let out = self.run_ok(&["ls-tree", "-r", "-z", commit, "--", "."])?;
        let mut files = BTreeMap::new();
        for record in out.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            let record = String::from_utf8_lossy(record);
            // `<mode> SP <type> SP <object> TAB <path>`
            let Some((meta, path)) = record.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (_, kind, object) = (meta.next(), meta.next(), meta.next());
            if kind == Some("blob") {
                if let Some(object) = object {
                    files.insert(path.to_string(), object.to_string());
                }
            }
        }
        Ok(files)
    }

    /// The paths that differ between `commit` and the work tree (tracked files).
    pub(crate) fn changed(&self, commit: &str) -> Result<BTreeSet<String>, Failure> {
        let out = self.run_ok(&[
            "diff",
            "--name-only",
            "--no-renames",
            "--relative",
            "-z",
            commit,
            "--",
            ".",
        ])?;
        Ok(out
            .split(|&b| b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect())
    }

    /// The contents of `objects`, in order, read through one `git cat-file --batch`.
    pub(crate) fn blobs(&self, objects: &[String]) -> Result<Vec<Vec<u8>>, Failure> {
        if objects.is_empty() {
            return Ok(Vec::new());
        }
        let mut child = self
            .command(&["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                Failure::new(
                    Exit::Infrastructure,
                    anyhow::Error::from(e).context("cannot run git"),
                )
            })?;
        let mut stdin = child.stdin.take().expect("piped stdin");
        let requests: String = objects.iter().map(|o| format!("{o}\n")).collect();
        // Written from a thread: git answers while it reads, and both pipes have a bound.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(requests.as_bytes());
        });
        let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut blobs = Vec::with_capacity(objects.len());
        for object in objects {
            let mut header = String::new();
            reader
                .read_line(&mut header)
                .map_err(|e| infra(format!("reading from git cat-file: {e}")))?;
            let size: usize = header
                .trim_end()
                .rsplit(' ')
                .next()
                .and_then(|s| s.parse().ok())
                .filter(|_| !header.trim_end().ends_with("missing"))
                .ok_or_else(|| infra(format!("git cat-file cannot read {object}: {header}")))?;
            let mut blob = vec![0; size + 1];
            reader
                .read_exact(&mut blob)
                .map_err(|e| infra(format!("reading from git cat-file: {e}")))?;
            blob.pop();
            blobs.push(blob);
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(blobs)
    }
}

fn infra(message: String) -> Failure {
    Failure::new(Exit::Infrastructure, anyhow::anyhow!("{message}"))
}
