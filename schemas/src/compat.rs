//! The compatibility engine.
//!
//! [`check`] is the one primitive: "can a reader using `new` read every event written with
//! `old`?" (BACKWARD). FORWARD is the same check with the arguments swapped, FULL runs both, and
//! the transitive levels repeat it over the history, newest first, stopping at the first version
//! that fails ([`check_level`]).
//!
//! The diff follows Confluent Schema Registry's JSON Schema rules: it walks both schemas and
//! emits typed [`Change`]s; the verdict is "compatible" iff every change's kind is allowed by the
//! [`Policy`]. The list of changes does not depend on the policy. Beyond Confluent, every change
//! carries JSON pointers into both documents, the values involved and a sentence, the order is
//! deterministic, and [`Warning`]s flag the spots where a compatible verdict can still let an
//! invalid event through. The rules, by keyword family, with every change kind and its verdict,
//! are in `docs/compatibility.md`.

mod diff;
mod kinds;
mod message;
mod report;

pub use kinds::{Allowed, ChangeKind};
pub(crate) use message::sentence;
pub use report::{Change, Direction, Level, Policy, Report, Warning, WarningKind};

use crate::json::SchemaDoc;
use crate::limits::Limits;
use crate::Result;

/// The BACKWARD check of `new` against `old` under `policy`: can a reader using `new` read every
/// event written with `old`?
///
/// ```
/// use accord_schemas::compat::{check, Policy};
/// use accord_schemas::json::SchemaDoc;
///
/// let old = SchemaDoc::parse(r#"{"type":"object","properties":{"id":{"type":"string"}}}"#).unwrap();
/// let new = SchemaDoc::parse(r#"{"type":"object","properties":{"id":{"type":"integer"}}}"#).unwrap();
/// let report = check(&old, &new, Policy::Strict).unwrap();
/// assert!(!report.compatible);
/// assert_eq!(report.changes[0].kind.name(), "TYPE_CHANGED");
/// assert_eq!(report.changes[0].path, "#/properties/id");
/// ```
pub fn check(old: &SchemaDoc, new: &SchemaDoc, policy: Policy) -> Result<Report> {
    check_with_limits(old, new, policy, &Limits::DEFAULT)
}

/// [`check`] within explicit limits.
pub fn check_with_limits(
    old: &SchemaDoc,
    new: &SchemaDoc,
    policy: Policy,
    limits: &Limits,
) -> Result<Report> {
    let mut report = Report::new(Level::Backward, policy);
    diff::run(old, new, Direction::Backward, policy, limits, &mut report)?;
    report.finish();
    Ok(report)
}

/// Check `candidate` against a subject's live `history` (newest first) at `level`.
///
/// Non-transitive levels compare with the newest version only; transitive levels walk the
/// history and stop at the first version that fails, whose index in `history` is then
/// [`Report::failed_against`]. FORWARD checks `history` → `candidate` readers, FULL both
/// directions (the changes of both are reported). An empty history is compatible.
///
/// ```
/// use accord_schemas::compat::{check_level, Level, Policy};
/// use accord_schemas::json::SchemaDoc;
///
/// let v1 = SchemaDoc::parse(r#"{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}"#).unwrap();
/// let v2 = SchemaDoc::parse(r#"{"type":"object","properties":{"id":{"type":"string"}}}"#).unwrap();
/// // Dropping `required` is BACKWARD compatible (the new reader accepts more)...
/// assert!(check_level(&v2, &[v1.clone()], Level::Backward, Policy::Strict).unwrap().compatible);
/// // ...but not FORWARD (old readers still require `id`).
/// assert!(!check_level(&v2, &[v1], Level::Forward, Policy::Strict).unwrap().compatible);
/// ```
pub fn check_level(
    candidate: &SchemaDoc,
    history: &[SchemaDoc],
    level: Level,
    policy: Policy,
) -> Result<Report> {
    check_level_with_limits(candidate, history, level, policy, &Limits::DEFAULT)
}

/// [`check_level`] within explicit limits.
pub fn check_level_with_limits(
    candidate: &SchemaDoc,
    history: &[SchemaDoc],
    level: Level,
    policy: Policy,
    limits: &Limits,
) -> Result<Report> {
    walk_history(
        candidate,
        history,
        level,
        policy,
        |old, new, direction, report| diff::run(old, new, direction, policy, limits, report),
    )
}

/// One JSON Schema comparison in `direction`, its changes added to `report`.
pub(crate) fn run(
    old: &SchemaDoc,
    new: &SchemaDoc,
    direction: Direction,
    policy: Policy,
    limits: &Limits,
    report: &mut Report,
) -> Result<()> {
    diff::run(old, new, direction, policy, limits, report)
}

/// The levels, written once for every format: check `candidate` against the versions of
/// `history` (newest first) that `level` names, calling `run(old, new, direction, report)` for
/// each direction it asks; stop at the first version that fails (its index is
/// [`Report::failed_against`]). The findings kept are those against the newest version, which
/// describe the change being made.
pub fn walk_history<S>(
    candidate: &S,
    history: &[S],
    level: Level,
    policy: Policy,
    mut run: impl FnMut(&S, &S, Direction, &mut Report) -> Result<()>,
) -> Result<Report> {
    let mut report = Report::new(level, policy);
    let versions: &[S] = match level {
        Level::None => &[],
        _ if level.is_transitive() => history,
        _ => &history[..history.len().min(1)],
    };
    for (index, existing) in versions.iter().enumerate() {
        let mut one = Report::new(level, policy);
        if level.checks_backward() {
            run(existing, candidate, Direction::Backward, &mut one)?;
        }
        if level.checks_forward() {
            run(candidate, existing, Direction::Forward, &mut one)?;
        }
        one.finish();
        if !one.compatible {
            one.failed_against = Some(index);
            return Ok(one);
        }
        if index == 0 {
            report = one;
        }
    }
    report.finish();
    Ok(report)
}
