//! Modes: what a subject (or, globally, every subject) accepts. Reading the effective mode,
//! setting and removing it, each change with its audit event in one transaction.
//!
//! See Confluent's [modes](https://docs.confluent.io/platform/current/schema-registry/develop/api.html#mode):
//! `READWRITE` (the default), `READONLY` and `READONLY_OVERRIDE` refuse changes, `IMPORT`
//! takes registrations with explicit ids and versions (and checks nothing), `FORWARD` (global
//! only) behaves as `IMPORT` here.

use serde_json::json;

use super::audit::{self, About, EventKind};
use super::error::{DomainError, DomainResult};
use super::names::validate_subject;
use super::registry::Registry;
use crate::store::Reads;

/// A mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Registrations and deletions allowed (the default).
    #[default]
    ReadWrite,
    /// Nothing changes.
    ReadOnly,
    /// As `READONLY`.
    ReadOnlyOverride,
    /// Registrations carry their id and version; nothing is checked.
    Import,
    /// As `IMPORT`; global only.
    Forward,
}

impl Mode {
    /// Every mode.
    pub const ALL: [Mode; 5] = [
        Mode::ReadWrite,
        Mode::ReadOnly,
        Mode::ReadOnlyOverride,
        Mode::Import,
        Mode::Forward,
    ];

    /// Parse a mode name (any case, surrounding blanks ignored).
    pub fn parse(text: &str) -> Option<Mode> {
        let upper = text.trim().to_ascii_uppercase();
        Mode::ALL.into_iter().find(|m| m.as_str() == upper)
    }

    /// The canonical name.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::ReadWrite => "READWRITE",
            Mode::ReadOnly => "READONLY",
            Mode::ReadOnlyOverride => "READONLY_OVERRIDE",
            Mode::Import => "IMPORT",
            Mode::Forward => "FORWARD",
        }
    }

    /// Whether changes are refused.
    pub fn is_read_only(self) -> bool {
        matches!(self, Mode::ReadOnly | Mode::ReadOnlyOverride)
    }

    /// Whether registrations are imports (explicit ids, no checks).
    pub fn is_import(self) -> bool {
        matches!(self, Mode::Import | Mode::Forward)
    }
}

fn stored(text: Option<String>) -> Option<Mode> {
    text.as_deref().map(|t| Mode::parse(t).unwrap_or_default())
}

/// The effective mode of a subject (`None`: the global one): subject, then global, then
/// `READWRITE`.
pub async fn effective_mode(reads: &mut dyn Reads, subject: Option<&str>) -> DomainResult<Mode> {
    if let Some(s) = subject {
        if let Some(m) = stored(reads.mode(s).await?) {
            return Ok(m);
        }
    }
    Ok(stored(reads.mode("").await?).unwrap_or_default())
}

/// 42205 unless `subject` may change now.
pub async fn refuse_when_read_only(reads: &mut dyn Reads, subject: &str) -> DomainResult<()> {
    if effective_mode(reads, Some(subject)).await?.is_read_only() {
        return Err(DomainError::NotPermitted(format!(
            "Subject {subject} in context {} is in read-only mode",
            super::names::context_of(subject)
        )));
    }
    Ok(())
}

/// The global mode.
pub async fn global(registry: &Registry) -> DomainResult<Mode> {
    let mut reads = registry.store.read().await?;
    effective_mode(reads.as_mut(), None).await
}

/// A subject's own mode, or with `default_to_global` its effective one (40409 without either).
pub async fn of_subject(
    registry: &Registry,
    subject: &str,
    default_to_global: bool,
) -> DomainResult<Mode> {
    let mut reads = registry.read_subject(subject).await?;
    match stored(reads.mode(subject).await?) {
        Some(own) => Ok(own),
        None if default_to_global => effective_mode(reads.as_mut(), None).await,
        None => Err(DomainError::SubjectModeNotFound(subject.to_string())),
    }
}

/// Set the global mode. `IMPORT` needs no live subject unless `force`.
pub async fn set_global(registry: &Registry, mode: &str, force: bool) -> DomainResult<Mode> {
    set(registry, "", mode, force).await
}

/// Set a subject's mode (42208 for an invalid subject). `IMPORT` needs no live version unless
/// `force`.
pub async fn set_subject(
    registry: &Registry,
    subject: &str,
    mode: &str,
    force: bool,
) -> DomainResult<Mode> {
    validate_subject(subject)?;
    set(registry, subject, mode, force).await
}

/// Set the mode of `scope` (`""`: global).
async fn set(registry: &Registry, scope: &str, mode: &str, force: bool) -> DomainResult<Mode> {
    let mode = Mode::parse(mode).ok_or_else(|| {
        DomainError::InvalidMode(
            "Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD.".into(),
        )
    })?;
    if mode == Mode::Forward && !scope.is_empty() {
        return Err(DomainError::InvalidMode(
            "Forward mode only supported on global level".into(),
        ));
    }
    if !registry.options.mode_mutability {
        return Err(DomainError::NotPermitted(
            "Mode changes are not allowed".into(),
        ));
    }
    let subject = (!scope.is_empty()).then_some(scope);
    let mut tx = registry.store.write(subject).await?;
    if mode == Mode::Import && !force {
        let busy = match subject {
            None => tx.subjects().await?.iter().any(|s| !s.soft_deleted),
            Some(s) => tx.versions(s).await?.iter().any(|v| !v.deleted),
        };
        let current = effective_mode(tx.as_mut(), subject).await?;
        if busy && current != Mode::Import {
            return Err(DomainError::NotPermitted(
                "Cannot import since found existing subjects".into(),
            ));
        }
    }
    tx.set_mode(scope, Some(mode.as_str())).await?;
    let detail = json!({ "mode": mode.as_str() });
    let about = About::subject(scope);
    audit::record(tx.as_mut(), EventKind::ModeChanged, about, detail).await?;
    tx.commit().await?;
    Ok(mode)
}

/// Remove the mode of `scope` (`""`: global); the previous one, if there was one.
pub async fn remove(registry: &Registry, scope: &str) -> DomainResult<Option<Mode>> {
    let mut tx = registry.store.write(None).await?;
    let previous = stored(tx.mode(scope).await?);
    if previous.is_some() {
        tx.set_mode(scope, None).await?;
        audit::record(
            tx.as_mut(),
            EventKind::ModeDeleted,
            About::subject(scope),
            json!({}),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(previous)
}

/// Remove a subject's mode: the removed one (40401 when it had none).
pub async fn remove_subject(registry: &Registry, subject: &str) -> DomainResult<Mode> {
    match remove(registry, subject).await? {
        Some(removed) => Ok(removed),
        None => Err(DomainError::SubjectNotFound(subject.to_string())),
    }
}

/// Reset the global mode: the previous one (`READWRITE` when none was set).
pub async fn reset_global(registry: &Registry) -> DomainResult<Mode> {
    Ok(remove(registry, "").await?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse_in_any_case_and_print_canonically() {
        for m in Mode::ALL {
            assert_eq!(Mode::parse(&m.as_str().to_lowercase()), Some(m));
        }
        assert_eq!(Mode::parse(" import "), Some(Mode::Import));
        assert_eq!(Mode::parse("WRITE"), None);
    }
}
