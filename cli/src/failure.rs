//! How a command fails: an error chain (anyhow, with context added at each I/O boundary) and the
//! exit code it maps to. Commands return `Result<Exit, Failure>`: `Ok` carries the verdict,
//! `Err` means the command could not do its job.

use std::fmt::Display;

use crate::exit::Exit;

/// A command that could not do its job, and the exit code that says why.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) exit: Exit,
    pub(crate) error: anyhow::Error,
}

impl Failure {
    pub(crate) fn new(exit: Exit, error: impl Into<anyhow::Error>) -> Failure {
        Failure {
            exit,
            error: error.into(),
        }
    }

    pub(crate) fn usage(message: impl Display) -> Failure {
        Failure::new(Exit::Usage, anyhow::anyhow!("{message}"))
    }

    pub(crate) fn invalid_input(message: impl Display) -> Failure {
        Failure::new(Exit::InvalidInput, anyhow::anyhow!("{message}"))
    }
}

/// What a command returns.
pub(crate) type Outcome = Result<Exit, Failure>;
