//! Subjects and their versions: listings, one version, the schemas referencing a version, the
//! latest version by metadata, and lookup (is this schema registered under the subject?).
//! Registration is in [`super::registration`], deletion in [`super::deletion`].

use accord_schemas::api::{Metadata, RegisterSchemaRequest, Schema};
use accord_schemas::canonical;

use super::config::effective_config;
use super::data_contract::with_data_contract;
use super::error::{DomainError, DomainResult};
use super::mode::effective_mode;
use super::names::{normalize_subject, VersionSel};
use super::registry::Registry;
use super::schemas::{prepare, schema_response};
use crate::store::VersionRecord;

/// Which versions (or subjects) a listing shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Listing {
    /// Soft-deleted ones too.
    pub deleted: bool,
    /// Only soft-deleted ones.
    pub deleted_only: bool,
    /// Soft-deleted versions as negative numbers (versions only).
    pub deleted_as_negative: bool,
}

impl Listing {
    /// Whether an entry, soft-deleted or not (`deleted`), is shown.
    fn shows(&self, deleted: bool) -> bool {
        if self.deleted_only {
            deleted
        } else {
            self.deleted || !deleted
        }
    }
}

/// `GET /subjects`: the subjects starting with `prefix` (`:*:`: all).
pub async fn list(
    registry: &Registry,
    prefix: &str,
    listing: Listing,
) -> DomainResult<Vec<String>> {
    let prefix = normalize_subject(prefix);
    let mut reads = registry.store.read().await?;
    Ok(reads
        .subjects()
        .await?
        .into_iter()
        .filter(|s| listing.shows(s.soft_deleted))
        .filter(|s| prefix == ":*:" || s.name.starts_with(&prefix))
        .map(|s| s.name)
        .collect())
}

/// `GET /subjects/{subject}/versions` (40401 when none is shown).
pub async fn versions(
    registry: &Registry,
    subject: &str,
    listing: Listing,
) -> DomainResult<Vec<i32>> {
    let mut reads = registry.store.read().await?;
    let negative = listing.deleted_as_negative;
    // Versions shown as negative numbers are the soft-deleted ones, so they are shown too.
    let listing = Listing {
        deleted: listing.deleted || negative,
        ..listing
    };
    let out: Vec<i32> = reads
        .versions(subject)
        .await?
        .iter()
        .filter(|v| listing.shows(v.deleted))
        .map(|v| {
            if negative && v.deleted {
                -v.version
            } else {
                v.version
            }
        })
        .collect();
    if out.is_empty() {
        return Err(DomainError::SubjectNotFound(subject.to_string()));
    }
    Ok(out)
}

/// `{subject}/versions/{version}` among live versions, or all with `include_deleted`.
pub async fn version(
    registry: &Registry,
    subject: &str,
    version: &str,
    include_deleted: bool,
) -> DomainResult<VersionRecord> {
    let sel = VersionSel::parse(version)?;
    let mut reads = registry.store.read().await?;
    let all = reads.versions(subject).await?;
    let candidates: Vec<&VersionRecord> = all
        .iter()
        .filter(|v| include_deleted || !v.deleted)
        .collect();
    if candidates.is_empty() {
        return Err(DomainError::SubjectNotFound(subject.to_string()));
    }
    sel.pick(&candidates)
        .cloned()
        .ok_or_else(|| DomainError::VersionNotFound(version.to_string()))
}

/// `GET /subjects/{subject}/versions/{version}`.
pub async fn get_version(
    registry: &Registry,
    subject: &str,
    version: &str,
    include_deleted: bool,
) -> DomainResult<Schema> {
    Ok(schema_response(
        &self::version(registry, subject, version, include_deleted).await?,
    ))
}

/// `GET /subjects/{subject}/versions/{version}/schema`: the schema text.
pub async fn version_text(
    registry: &Registry,
    subject: &str,
    version: &str,
    include_deleted: bool,
) -> DomainResult<String> {
    let v = self::version(registry, subject, version, include_deleted).await?;
    Ok(v.schema.stored.schema.clone())
}

/// `GET /subjects/{subject}/versions/{version}/referencedby`: the ids of the schemas
/// referencing the version, of live versions unless `deleted`.
pub async fn referenced_by(
    registry: &Registry,
    subject: &str,
    version: &str,
    deleted: bool,
) -> DomainResult<Vec<i64>> {
    let v = self::version(registry, subject, version, deleted).await?;
    let mut reads = registry.store.read().await?;
    Ok(reads
        .referrers(subject, v.version)
        .await?
        .into_iter()
        .filter(|r| deleted || r.live)
        .map(|r| r.schema_id)
        .collect())
}

/// `GET /subjects/{subject}/metadata`: the latest version whose metadata properties hold every
/// `(key, value)` pair.
pub async fn by_metadata(
    registry: &Registry,
    subject: &str,
    pairs: &[(&str, &str)],
    deleted: bool,
) -> DomainResult<Schema> {
    let mut reads = registry.store.read().await?;
    let all = reads.versions(subject).await?;
    let candidates: Vec<&VersionRecord> = all.iter().filter(|v| deleted || !v.deleted).collect();
    if candidates.is_empty() {
        return Err(DomainError::SubjectNotFound(subject.to_string()));
    }
    let matches = |v: &VersionRecord| {
        pairs.iter().all(|(k, val)| {
            v.schema
                .stored
                .metadata
                .as_ref()
                .and_then(|m| m.properties.get(*k))
                .is_some_and(|p| p == val)
        })
    };
    candidates
        .iter()
        .rev()
        .find(|v| matches(v))
        .map(|v| schema_response(v))
        .ok_or(DomainError::SchemaNotFound)
}

/// `POST /subjects/{subject}`: find a schema under a subject, by identity, then structurally
/// (same canonical text and references, metadata differing at most in `confluent:version`), as
/// Confluent's [lookup](https://docs.confluent.io/platform/current/schema-registry/develop/api.html#post--subjects-(string-%20subject)).
pub async fn lookup(
    registry: &Registry,
    subject: &str,
    req: &RegisterSchemaRequest,
    normalize: bool,
    include_deleted: bool,
) -> DomainResult<Schema> {
    let limits = &registry.options.limits;
    let mut reads = registry.store.read().await?;
    let config = effective_config(reads.as_mut(), Some(subject)).await?;
    let normalize = normalize || config.normalize.unwrap_or(false);
    let versions = reads.versions(subject).await?;
    // As register would: absent metadata and rules are those of the latest version, merged
    // under and over the config's defaults and overrides. The submitted schema is read and
    // checked before the subject is looked at, as Confluent does: an invalid schema is 42201
    // even where the subject has no versions (an IMPORT-mode subject is not checked, as it
    // was not at registration).
    let req = &with_data_contract(req, &versions, &config);
    let validate = !effective_mode(reads.as_mut(), Some(subject))
        .await?
        .is_import();
    let candidate = prepare(registry, reads.as_mut(), req, normalize, validate).await?;
    let candidates: Vec<&VersionRecord> = versions
        .iter()
        .rev()
        .filter(|v| include_deleted || !v.deleted)
        .collect();
    if candidates.is_empty() {
        return Err(DomainError::SubjectNotFound(subject.to_string()));
    }
    let identity = candidate.identity.hex();
    if let Some(v) = candidates
        .iter()
        .find(|v| v.schema.stored.identity == identity)
    {
        return Ok(schema_response(v));
    }
    let strip = |m: Option<&Metadata>| {
        m.cloned().map(|mut m| {
            m.properties.remove("confluent:version");
            m
        })
    };
    let normalized = |text: &str| {
        canonical::parse(text, limits)
            .map(|v| canonical::canonical_text(&v, true))
            .unwrap_or_default()
    };
    let wanted_text = normalized(&candidate.canonical);
    for v in &candidates {
        let text_matches = if normalize {
            normalized(&v.schema.stored.schema) == wanted_text
        } else {
            v.schema.stored.schema == candidate.canonical
        };
        if text_matches
            && v.schema.stored.references == candidate.references
            && strip(v.schema.stored.metadata.as_ref()) == strip(candidate.metadata.as_ref())
            && (req.rule_set.is_none() || v.schema.stored.rule_set == req.rule_set)
        {
            return Ok(schema_response(v));
        }
    }
    Err(DomainError::SchemaNotFound)
}
