//! One produced file against its old version(s) with the local engine, at the file's level and
//! policy: the subject's result with every finding placed in a file.

use accord_schemas::format::{check_level, Model};
use accord_schemas::limits::Limits;
use accord_schemas::Error as SchemaError;

use super::report::{findings, Located, Status, SubjectResult};
use crate::exit::Exit;
use crate::failure::Failure;
use crate::project::Produced;

/// Check `new` against its old version; `old_name` is how the old version is named in
/// findings placed in it.
pub(crate) fn compare(
    produced: &Produced,
    old_name: &str,
    old_text: &str,
    history: &[Model],
    status: Status,
) -> Result<SubjectResult, Failure> {
    let m = &produced.mapping;
    let report = check_level(&produced.doc, history, m.level, m.policy, &Limits::DEFAULT)
        .map_err(|e| check_failure(&produced.path, &e))?;
    let findings = findings(
        &report,
        &Located {
            name: old_name,
            text: old_text,
        },
        &Located {
            name: &produced.path,
            text: &produced.text,
        },
    );
    Ok(SubjectResult {
        subject: m.subject.clone(),
        file: Some(produced.path.clone()),
        old_file: (old_name != produced.path).then(|| old_name.to_string()),
        status,
        level: m.level,
        policy: m.policy,
        compatible: report.compatible,
        findings,
    })
}

fn check_failure(path: &str, error: &SchemaError) -> Failure {
    let exit = match error {
        SchemaError::Limit { .. } => Exit::Undetermined,
        _ => Exit::InvalidInput,
    };
    Failure::new(exit, anyhow::anyhow!("cannot check {path}: {error}"))
}
