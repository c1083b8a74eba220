//! The `accord` binary: everything lives in the `accord_cli` library; this only hands it the
//! arguments and turns its answer into the process exit code.

fn main() -> std::process::ExitCode {
    accord_cli::run(std::env::args_os()).into()
}
