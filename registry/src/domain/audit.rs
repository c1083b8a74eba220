//! The audit log's event kinds and the one function that appends an event. Every domain write
//! calls [`record`] inside its own transaction, so a change and its event commit together or
//! not at all.

use serde_json::Value;

use super::error::DomainResult;
use crate::store::{NewEvent, WriteTx};

/// What an audit event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventKind {
    /// A new version of a subject.
    SchemaRegistered,
    /// A version soft-deleted.
    VersionSoftDeleted,
    /// A version removed.
    VersionHardDeleted,
    /// A subject's live versions soft-deleted.
    SubjectSoftDeleted,
    /// A subject's versions removed.
    SubjectHardDeleted,
    /// A config set (global or a subject's).
    ConfigChanged,
    /// A config removed.
    ConfigDeleted,
    /// A mode set.
    ModeChanged,
    /// A mode removed.
    ModeDeleted,
    /// An application version published with its contracts.
    AppVersionPublished,
    /// A deployment recorded.
    DeploymentRecorded,
}

impl EventKind {
    /// The name stored in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::SchemaRegistered => "schema.registered",
            EventKind::VersionSoftDeleted => "version.soft_deleted",
            EventKind::VersionHardDeleted => "version.hard_deleted",
            EventKind::SubjectSoftDeleted => "subject.soft_deleted",
            EventKind::SubjectHardDeleted => "subject.hard_deleted",
            EventKind::ConfigChanged => "config.changed",
            EventKind::ConfigDeleted => "config.deleted",
            EventKind::ModeChanged => "mode.changed",
            EventKind::ModeDeleted => "mode.deleted",
            EventKind::AppVersionPublished => "app_version.published",
            EventKind::DeploymentRecorded => "deployment.recorded",
        }
    }
}

/// What an event is about: a subject (`""`: none, e.g. the global scope), a version, a schema.
#[derive(Debug, Clone, Copy, Default)]
pub struct About<'a> {
    /// The subject, `""` for none.
    pub subject: &'a str,
    /// The version.
    pub version: Option<i32>,
    /// The schema id.
    pub schema_id: Option<i64>,
}

impl<'a> About<'a> {
    /// About a subject (or, with `""`, the global scope).
    pub fn subject(subject: &'a str) -> About<'a> {
        About {
            subject,
            ..About::default()
        }
    }
}

/// Append an event of `kind` about `about` with `detail` to the transaction's audit log.
pub async fn record(
    tx: &mut dyn WriteTx,
    kind: EventKind,
    about: About<'_>,
    detail: Value,
) -> DomainResult<()> {
    tx.event(NewEvent {
        kind: kind.as_str(),
        subject: (!about.subject.is_empty()).then(|| about.subject.to_string()),
        version: about.version,
        schema_id: about.schema_id,
        detail,
    })
    .await?;
    Ok(())
}
