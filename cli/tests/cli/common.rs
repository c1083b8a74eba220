//! Running the real `accord` binary from the workspace root, with a colour-neutral environment.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of `accord` produced.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// Standard output parsed as exactly one JSON value (trailing text fails the parse).
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}):\n{}", self.stdout))
    }
}

/// The workspace root: example paths are given relative to it, as the README does.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ has a parent")
        .to_path_buf()
}

/// A command for the real binary, run in the workspace root, with no colour settings inherited.
pub(crate) fn accord(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_accord"));
    cmd.args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS");
    cmd
}

/// Run `accord args`, with `stdin` as standard input (empty when `None`).
pub(crate) fn run_with(mut cmd: Command, stdin: Option<&[u8]>) -> Run {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn accord");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.unwrap_or_default().to_vec();
    // Written from a thread: a large input must not deadlock against a full stdout pipe.
    let writer = std::thread::spawn(move || {
        // accord may stop reading early (e.g. past a size limit): that is not a test failure.
        let _ = input.write_all(&data);
    });
    let output = child.wait_with_output().expect("wait for accord");
    writer.join().expect("stdin writer");
    Run {
        code: output.status.code().expect("accord exited with a code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Run `accord args` with empty standard input.
pub(crate) fn run(args: &[&str]) -> Run {
    run_with(accord(args), None)
}

pub(crate) const V1: &str = "schemas/examples/order-created.v1.json";
pub(crate) const V2: &str = "schemas/examples/order-created.v2.json";
pub(crate) const V3: &str = "schemas/examples/order-created.v3-breaking.json";

/// A temporary file holding `contents`.
pub(crate) fn temp_file(contents: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new()
        .suffix(".json")
        .tempfile()
        .expect("temp file");
    file.write_all(contents).expect("write temp file");
    file
}

/// insta settings that replace a temporary path with `[TEMP]`.
pub(crate) fn temp_filters(path: &Path) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(&regex_escape(&path.display().to_string()), "[TEMP]");
    settings
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$#&-~".contains(c);
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}
