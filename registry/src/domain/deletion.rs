//! Deleting versions and subjects, as Confluent does: a soft delete hides live versions (they
//! stay readable with `deleted=true` and keep their ids), a permanent delete (`permanent=true`)
//! removes what was soft-deleted before. A version still referenced by a live schema (by any
//! schema, for a permanent delete) cannot go. Each deletion is one transaction with its audit
//! event.

use serde_json::json;

use super::audit::{self, About, EventKind};
use super::error::{DomainError, DomainResult};
use super::mode::refuse_when_read_only;
use super::names::VersionSel;
use super::registry::Registry;
use crate::store::{VersionRecord, WriteTx};

/// The key Confluent names a referenced version by in 42206.
fn schema_key(subject: &str, version: i32) -> String {
    format!("{{magic=1,keytype=SCHEMA,subject={subject},version={version}}}")
}

/// Remove the subject's own config and mode: nothing of it is left.
async fn forget_subject(tx: &mut dyn WriteTx, subject: &str) -> DomainResult<()> {
    tx.set_config(subject, None).await?;
    tx.set_mode(subject, None).await?;
    Ok(())
}

/// A write transaction on `subject` where it may change, with its versions (40401 without).
async fn open(
    registry: &Registry,
    subject: &str,
) -> DomainResult<(Box<dyn WriteTx>, Vec<VersionRecord>)> {
    let mut tx = registry.store.write(Some(subject)).await?;
    refuse_when_read_only(tx.as_mut(), subject).await?;
    let versions = tx.versions(subject).await?;
    if versions.is_empty() {
        return Err(DomainError::SubjectNotFound(subject.to_string()));
    }
    Ok((tx, versions))
}

/// `DELETE /subjects/{subject}/versions/{version}`: the deleted version.
pub async fn delete_version(
    registry: &Registry,
    subject: &str,
    version: &str,
    permanent: bool,
) -> DomainResult<i32> {
    let sel = VersionSel::parse(version)?;
    let (mut tx, versions) = open(registry, subject).await?;
    let live: Vec<&VersionRecord> = versions.iter().filter(|v| !v.deleted).collect();
    let all: Vec<&VersionRecord> = versions.iter().collect();
    let found = match sel {
        VersionSel::Latest if !live.is_empty() || !permanent => sel.pick(&live),
        _ => sel.pick(&all),
    };
    let Some(found) = found else {
        if !permanent && live.is_empty() {
            return Err(DomainError::SubjectNotFound(subject.to_string()));
        }
        return Err(DomainError::VersionNotFound(version.to_string()));
    };
    let n = found.version;
    let referrers = tx.referrers(subject, n).await?;
    let in_use = || DomainError::ReferenceExists(schema_key(subject, n));
    let kind = if permanent {
        if !found.deleted {
            return Err(DomainError::VersionNotSoftDeleted {
                subject: subject.to_string(),
                version: n,
            });
        }
        if !referrers.is_empty() {
            return Err(in_use());
        }
        tx.hard_delete(subject, n).await?;
        if versions.len() == 1 {
            forget_subject(tx.as_mut(), subject).await?;
        }
        EventKind::VersionHardDeleted
    } else {
        if found.deleted {
            return Err(DomainError::VersionSoftDeleted {
                subject: subject.to_string(),
                version: n,
            });
        }
        if referrers.iter().any(|r| r.live) {
            return Err(in_use());
        }
        tx.soft_delete(subject, n).await?;
        EventKind::VersionSoftDeleted
    };
    let about = About {
        subject,
        version: Some(n),
        schema_id: Some(found.schema.id),
    };
    audit::record(tx.as_mut(), kind, about, json!({})).await?;
    tx.commit().await?;
    Ok(n)
}

/// `DELETE /subjects/{subject}`: the deleted versions.
pub async fn delete_subject(
    registry: &Registry,
    subject: &str,
    permanent: bool,
) -> DomainResult<Vec<i32>> {
    let (mut tx, versions) = open(registry, subject).await?;
    let live: Vec<&VersionRecord> = versions.iter().filter(|v| !v.deleted).collect();
    let (kind, deleted) = if permanent {
        if !live.is_empty() {
            return Err(DomainError::SubjectNotSoftDeleted(subject.to_string()));
        }
        for v in &versions {
            if !tx.referrers(subject, v.version).await?.is_empty() {
                return Err(DomainError::ReferenceExists(schema_key(subject, v.version)));
            }
        }
        for v in versions.iter().rev() {
            tx.hard_delete(subject, v.version).await?;
        }
        forget_subject(tx.as_mut(), subject).await?;
        let all = versions.iter().map(|v| v.version).collect::<Vec<_>>();
        (EventKind::SubjectHardDeleted, all)
    } else {
        if live.is_empty() {
            return Err(DomainError::SubjectSoftDeleted(subject.to_string()));
        }
        for v in &live {
            let referrers = tx.referrers(subject, v.version).await?;
            if referrers.iter().any(|r| r.live) {
                return Err(DomainError::ReferenceExists(schema_key(subject, v.version)));
            }
        }
        for v in &live {
            tx.soft_delete(subject, v.version).await?;
        }
        (
            EventKind::SubjectSoftDeleted,
            live.iter().map(|v| v.version).collect(),
        )
    };
    let detail = json!({ "versions": deleted });
    audit::record(tx.as_mut(), kind, About::subject(subject), detail).await?;
    tx.commit().await?;
    Ok(deleted)
}
