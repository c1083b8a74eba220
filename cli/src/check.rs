//! `accord check [PATHS] --against git:REF|registry`: the CI gate. Each schema file
//! `accord.toml` maps to a subject is checked against that subject's old version at the
//! subject's level and policy; the result is rendered in the format CI shows best.
//!
//! - `git:REF` needs no registry: old versions come from git at REF, compared by subject, so a
//!   renamed file whose subject stays the same is compared with its old self; a subject whose file
//!   is gone is a deleted subject (breaking unless retired), one with no old file is new.
//! - `registry` checks against the subject's live history with the registry's own level and
//!   policy (see `check/registry.rs`).
//!
//! Exit codes: 0 every subject compatible, 1 a breaking change, 3 bad config or schema, 4 a
//! check over its budget, 5 git or the registry failed.

mod compare;
mod consumers;
pub(crate) mod format;
mod git_source;
mod hints;
pub(crate) mod registry;
pub(crate) mod report;

use crate::args::{Against, CheckArgs};
use crate::client::Registry;
use crate::exit::Exit;
use crate::failure::Outcome;
use crate::git::Git;
use crate::output::{write_failed, Output};
use crate::project::{produced, Config, PathFilter};

pub(crate) fn run(args: &CheckArgs, out: &mut Output) -> Outcome {
    let config = Config::find_and_load(args.project.file.config.as_deref())?;
    let filter = PathFilter::new(&config.root, &args.paths)?;
    let mut report = match &args.against {
        Against::Git(reference) => git_source::check(&config, reference, &filter)?,
        Against::Registry => {
            let client = Registry::for_project(&config, args.project.registry.as_deref())?;
            let files = produced(&config, &filter)?;
            registry::check(&client, &files)?
        }
    };
    report.repo_prefix = Git::new(&config.root).prefix();
    format::render(args.format, out, &report).map_err(write_failed)?;
    Ok(if report.compatible {
        Exit::Pass
    } else {
        Exit::Failure
    })
}
