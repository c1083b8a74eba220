//! The structural diff (filled in by the engine work).

use super::report::{Direction, Policy, Report};
use crate::json::SchemaDoc;
use crate::limits::Limits;
use crate::Result;

pub(super) fn run(
    _old: &SchemaDoc,
    _new: &SchemaDoc,
    _direction: Direction,
    _policy: Policy,
    _limits: &Limits,
    _report: &mut Report,
) -> Result<()> {
    Ok(())
}
