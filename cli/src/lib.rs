//! `accord-cli`: the `accord` command as a library. [`run`] takes the arguments and returns the
//! [`Exit`] code; the binary only calls it.
//!
//! Conventions that hold here:
//! - every command returns `Result<Exit, Failure>`: `Ok` is the verdict (pass or policy failure),
//!   `Err` is "could not do the job", carrying its exit code (see [`Exit`]);
//! - errors carry context from each I/O boundary and are printed once, here, as a chain;
//! - results go to standard output, errors to standard error; colour only on a terminal.

mod args;
mod check;
mod client;
mod contract;
mod deploy;
mod diff;
mod exit;
mod failure;
mod git;
mod init;
mod input;
mod locate;
mod output;
mod project;
mod publish;
mod subjects;
mod validate;

use std::ffi::OsString;

use clap::Parser;

pub use exit::Exit;

use crate::args::{Cli, Command, ContractCommand};
use crate::output::Output;

/// Run `accord` with `args` (the program name first, as in `std::env::args_os`).
pub fn run<I, T>(args: I) -> Exit
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` come back as "errors" printed to standard output.
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage
            } else {
                Exit::Pass
            };
        }
    };
    let mut out = Output::stdout();
    let outcome = match &cli.command {
        Command::Diff(args) => diff::run(args, &mut out),
        Command::Validate(args) => validate::run(args, &mut out),
        Command::Check(args) => check::run(args, &mut out),
        Command::Publish(args) => publish::run(args, &mut out),
        Command::Subjects(args) => subjects::run(args, &mut out),
        Command::Init(args) => init::run(args, &mut out),
        Command::RecordDeployment(args) => deploy::record(args, &mut out),
        Command::CanIDeploy(args) => deploy::can_i_deploy(args, &mut out),
        Command::Contract(ContractCommand::Verify(args)) => contract::verify(args, &mut out),
    };
    let outcome = outcome.and_then(|exit| out.finish().map(|()| exit));
    match outcome {
        Ok(exit) => exit,
        Err(failure) => {
            eprintln!("accord: error: {:#}", failure.error);
            failure.exit
        }
    }
}
