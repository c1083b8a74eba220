//! `accord diff OLD NEW`: compare two schema files at a level under a policy, print every change
//! with its verdict, exit 0 when compatible and 1 when not.
//!
//! The check is the core's `check_level` with OLD as the one-version history, so FORWARD and FULL
//! mean exactly what they mean at registration; with a single old version a transitive level
//! behaves as its plain form. The renderers live in `diff/`, one per format.

mod json;
mod text;

use std::slice;

use accord_schemas::format::check_level;
use accord_schemas::limits::Limits;
use accord_schemas::Error as SchemaError;

use crate::args::{DiffArgs, Format};
use crate::exit::Exit;
use crate::failure::{Failure, Outcome};
use crate::input::{load_schemas, LoadedSchema, Source};
use crate::output::{write_failed, Output};

pub(crate) fn run(args: &DiffArgs, out: &mut Output) -> Outcome {
    let old = Source::new(&args.old);
    let new = Source::new(&args.new);
    if old == Source::Stdin && new == Source::Stdin {
        return Err(Failure::usage(
            "only one of OLD and NEW can be `-` (standard input)",
        ));
    }
    let explicit = args.schema_type.map(|t| t.schema_type());
    let (old, new) = load_schemas(&old, &new, explicit)?;
    let history = slice::from_ref(&old.doc);
    let report = check_level(&new.doc, history, args.level, args.policy, &Limits::DEFAULT)
        .map_err(|e| check_failure(&old, &new, &e))?;
    match args.format {
        Format::Text => text::render(out, &report, &old, &new),
        Format::Json => json::render(out, &report),
    }
    .map_err(write_failed)?;
    let exit = if report.compatible {
        Exit::Pass
    } else {
        Exit::Failure
    };
    // The process ends with this answer: the two documents and their models are left to the
    // operating system instead of being freed one allocation at a time (for large schemas that
    // took longer than the comparison).
    std::mem::forget((old, new, report));
    Ok(exit)
}

/// Both documents parsed but the check could not finish: a budget exceeded leaves the verdict
/// undetermined; anything else is a problem with the input.
fn check_failure(old: &LoadedSchema, new: &LoadedSchema, error: &SchemaError) -> Failure {
    let exit = match error {
        SchemaError::Limit { .. } => Exit::Undetermined,
        _ => Exit::InvalidInput,
    };
    Failure::new(
        exit,
        anyhow::anyhow!(
            "cannot check {} against {}: {error}",
            new.source.name(),
            old.source.name()
        ),
    )
}
