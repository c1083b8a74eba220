//! Configs: the compatibility level and policy, normalisation, data-contract defaults and
//! overrides, and Accord's `contractCheck`, global or per subject. Reading the effective config
//! (subject merged over global merged over the server's default), setting and removing one,
//! each change with its audit event in one transaction.
//!
//! See Confluent's [config](https://docs.confluent.io/platform/current/schema-registry/develop/api.html#config).

use accord_schemas::api::{Config, ConfigUpdateRequest};
use accord_schemas::compat::{Level, Policy};
use serde_json::json;

use super::audit::{self, About, EventKind};
use super::error::{DomainError, DomainResult};
use super::names::validate_subject;
use super::registry::Registry;
use crate::store::Reads;

/// What the subject's `contractCheck` asks of a new version against its consumers' contracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractCheck {
    /// Refuse a version that breaks a contract that counts (the default).
    Enforce,
    /// Accept it, with the findings as warnings.
    Warn,
    /// Do not check contracts.
    Off,
}

impl ContractCheck {
    /// Every setting.
    pub const ALL: [ContractCheck; 3] = [
        ContractCheck::Enforce,
        ContractCheck::Warn,
        ContractCheck::Off,
    ];

    /// Parse `ENFORCE`, `WARN` or `OFF` (any case).
    pub fn parse(text: &str) -> Option<ContractCheck> {
        let upper = text.to_ascii_uppercase();
        ContractCheck::ALL.into_iter().find(|c| c.as_str() == upper)
    }

    /// The setting of an effective config: `ENFORCE` when unset.
    pub fn of(config: &Config) -> ContractCheck {
        config
            .contract_check
            .as_deref()
            .and_then(ContractCheck::parse)
            .unwrap_or(ContractCheck::Enforce)
    }

    /// The canonical name.
    pub fn as_str(self) -> &'static str {
        match self {
            ContractCheck::Enforce => "ENFORCE",
            ContractCheck::Warn => "WARN",
            ContractCheck::Off => "OFF",
        }
    }
}

/// The server's default config: level `BACKWARD`.
pub fn default_config() -> Config {
    Config {
        compatibility_level: Some(Level::Backward.as_str().to_string()),
        ..Config::default()
    }
}

/// The effective config of a subject (`None`: the global one), merged subject, then global,
/// then the server's default.
pub async fn effective_config(
    reads: &mut dyn Reads,
    subject: Option<&str>,
) -> DomainResult<Config> {
    let global = reads
        .config("")
        .await?
        .unwrap_or_default()
        .merged_over(&default_config());
    Ok(match subject {
        Some(s) => match reads.config(s).await? {
            Some(c) => c.merged_over(&global),
            None => global,
        },
        None => global,
    })
}

/// The level and policy of an effective config.
pub fn level_and_policy(config: &Config) -> (Level, Policy) {
    let level = config
        .compatibility_level
        .as_deref()
        .and_then(Level::parse)
        .unwrap_or_default();
    let policy = config
        .compatibility_policy
        .as_deref()
        .and_then(Policy::parse)
        .unwrap_or_default();
    (level, policy)
}

/// The global config, defaults filled in.
pub async fn global(registry: &Registry) -> DomainResult<Config> {
    let mut reads = registry.store.read().await?;
    effective_config(reads.as_mut(), None).await
}

/// A subject's own config, or with `default_to_global` its effective one (40408 without
/// either).
pub async fn of_subject(
    registry: &Registry,
    subject: &str,
    default_to_global: bool,
) -> DomainResult<Config> {
    let mut reads = registry.read_subject(subject).await?;
    if default_to_global {
        return effective_config(reads.as_mut(), Some(subject)).await;
    }
    reads
        .config(subject)
        .await?
        .ok_or_else(|| DomainError::SubjectConfigNotFound(subject.to_string()))
}

/// Check and normalise the names in an update.
fn checked(mut update: ConfigUpdateRequest) -> DomainResult<ConfigUpdateRequest> {
    if let Some(level) = &update.compatibility {
        let level = Level::parse(level).ok_or(DomainError::InvalidLevel)?;
        update.compatibility = Some(level.as_str().to_string());
    }
    if let Some(policy) = &update.compatibility_policy {
        let policy = Policy::parse(policy).ok_or(DomainError::InvalidPolicy)?;
        update.compatibility_policy = Some(policy.as_str().to_string());
    }
    if let Some(check) = &update.contract_check {
        let check = ContractCheck::parse(check).ok_or(DomainError::InvalidContractCheck)?;
        update.contract_check = Some(check.as_str().to_string());
    }
    Ok(update)
}

/// Merge `update` over the global config; the update, normalised.
pub async fn set_global(
    registry: &Registry,
    update: ConfigUpdateRequest,
) -> DomainResult<ConfigUpdateRequest> {
    set(registry, "", update).await
}

/// Merge `update` over a subject's config (42208 for an invalid subject); the update,
/// normalised.
pub async fn set_subject(
    registry: &Registry,
    subject: &str,
    update: ConfigUpdateRequest,
) -> DomainResult<ConfigUpdateRequest> {
    validate_subject(subject)?;
    set(registry, subject, update).await
}

/// Merge `update` over the config of `scope` (`""`: global).
async fn set(
    registry: &Registry,
    scope: &str,
    update: ConfigUpdateRequest,
) -> DomainResult<ConfigUpdateRequest> {
    let update = checked(update)?;
    let mut tx = registry.store.write(None).await?;
    let previous = tx.config(scope).await?.unwrap_or_default();
    let merged = update.to_config().merged_over(&previous);
    tx.set_config(scope, Some(&merged)).await?;
    let detail = serde_json::to_value(&merged).map_err(|e| DomainError::Internal(e.to_string()))?;
    let about = About::subject(scope);
    audit::record(tx.as_mut(), EventKind::ConfigChanged, about, detail).await?;
    tx.commit().await?;
    Ok(update)
}

/// Remove the config of `scope` (`""`: global); the previous one, if there was one.
pub async fn remove(registry: &Registry, scope: &str) -> DomainResult<Option<Config>> {
    let mut tx = registry.store.write(None).await?;
    let previous = tx.config(scope).await?;
    if previous.is_some() {
        tx.set_config(scope, None).await?;
        let about = About::subject(scope);
        audit::record(tx.as_mut(), EventKind::ConfigDeleted, about, json!({})).await?;
        tx.commit().await?;
    }
    Ok(previous)
}

/// Remove a subject's config: the removed one (40401 when it had none).
pub async fn remove_subject(registry: &Registry, subject: &str) -> DomainResult<Config> {
    remove(registry, subject)
        .await?
        .ok_or_else(|| DomainError::SubjectNotFound(subject.to_string()))
}

/// Reset the global config: the previous one with the server's defaults filled in.
pub async fn reset_global(registry: &Registry) -> DomainResult<Config> {
    Ok(remove(registry, "")
        .await?
        .unwrap_or_default()
        .merged_over(&default_config()))
}
