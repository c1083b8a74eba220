//! Registration: a schema under a subject becomes a version, in one transaction with its audit
//! event, following Confluent's [register](https://docs.confluent.io/platform/current/schema-registry/develop/api.html#post--subjects-(string-%20subject)-versions)
//! steps:
//! 1. the request as sent, when it is already a live version of the subject, is that version
//!    ([`registered_as_sent`]); otherwise its metadata and rules are completed
//!    ([`with_data_contract`]);
//! 2. the same identity in a live version of the subject is that version (nothing is written);
//! 3. the mode permits the registration (`IMPORT` carries an id and version, `READWRITE` not);
//! 4. the version number: the next one, or the imported one;
//! 5. compatibility against the live history ([`check_compatibility`]), unless importing or
//!    forced, then the consumer contracts that count ([`judge`]);
//! 6. the id: the identity's existing id, the imported one, or a new one;
//! 7. a soft-deleted older version holding the same id gives way.

use accord_schemas::api::{Config, RegisterSchemaRequest, RegisterSchemaResponse};
use serde_json::json;

use super::audit::{self, About, EventKind};
use super::compatibility::check_compatibility;
use super::config::effective_config;
use super::contracts::judge;
use super::data_contract::with_data_contract;
use super::error::{DomainError, DomainResult};
use super::mode::{effective_mode, Mode};
use super::names::{context_of, validate_subject};
use super::registry::Registry;
use super::schemas::{prepare, Candidate};
use crate::store::{SchemaRecord, VersionRecord, WriteTx};

/// Query flags of a registration.
#[derive(Debug, Clone, Copy, Default)]
pub struct RegisterFlags {
    /// `normalize=true`.
    pub normalize: bool,
    /// `force=true`: skip the compatibility level (not the contracts).
    pub force: bool,
}

/// What a registration did.
#[derive(Debug, Clone)]
pub struct Registration {
    /// The answer: the new or existing version.
    pub answer: RegisterSchemaResponse,
    /// Whether a new version was written.
    pub created: bool,
}

/// Whether a registration was refused by the compatibility level or the consumer contracts.
pub fn is_refusal(e: &DomainError) -> bool {
    matches!(
        e,
        DomainError::Incompatible { .. } | DomainError::ContractsBroken { .. }
    )
}

/// Register a schema under a subject, in one transaction (see the module documentation).
pub async fn register(
    registry: &Registry,
    subject: &str,
    req: &RegisterSchemaRequest,
    flags: RegisterFlags,
) -> DomainResult<Registration> {
    validate_subject(subject)?;
    let mut tx = registry.store.write(Some(subject)).await?;
    match register_in(registry, tx.as_mut(), subject, req, flags).await? {
        Registered::Existing(v) => Ok(Registration {
            answer: register_response(&v),
            created: false,
        }),
        Registered::New(v, warnings) => {
            tx.commit().await?;
            Ok(Registration {
                answer: RegisterSchemaResponse {
                    warnings,
                    ..register_response(&v)
                },
                created: true,
            })
        }
    }
}

enum Registered {
    Existing(VersionRecord),
    New(VersionRecord, Vec<String>),
}

fn register_response(v: &VersionRecord) -> RegisterSchemaResponse {
    RegisterSchemaResponse {
        id: v.schema.id,
        version: Some(v.version),
        guid: Some(v.schema.guid()),
        schema_type: super::schemas::answered_type(&v.schema.stored.schema_type),
        references: v.schema.stored.references.clone(),
        metadata: v.schema.stored.metadata.clone(),
        rule_set: v.schema.stored.rule_set.clone(),
        schema: Some(v.schema.stored.schema.clone()),
        ts: Some(v.ts),
        deleted: None,
        warnings: Vec::new(),
    }
}

/// The subject's state a registration decides on.
struct Scene<'a> {
    subject: &'a str,
    mode: Mode,
    config: Config,
    versions: Vec<VersionRecord>,
}

impl Scene<'_> {
    fn not_permitted(&self, why: &str) -> DomainError {
        DomainError::NotPermitted(format!(
            "Subject {} in context {} {why}",
            self.subject,
            context_of(self.subject)
        ))
    }
}

async fn register_in(
    registry: &Registry,
    tx: &mut dyn WriteTx,
    subject: &str,
    req: &RegisterSchemaRequest,
    flags: RegisterFlags,
) -> DomainResult<Registered> {
    let scene = Scene {
        subject,
        mode: effective_mode(tx, Some(subject)).await?,
        config: effective_config(tx, Some(subject)).await?,
        versions: tx.versions(subject).await?,
    };
    let importing = scene.mode.is_import();
    let normalize = flags.normalize || scene.config.normalize.unwrap_or(false);
    let merged = with_data_contract(req, &scene.versions, &scene.config);
    if let Some(v) = registered_as_sent(registry, tx, &scene, req, &merged, normalize).await? {
        return Ok(Registered::Existing(v));
    }
    let req = &merged;
    let candidate = prepare(registry, tx, req, normalize, !importing).await?;
    let existing = tx.schema_by_identity(&candidate.identity.hex()).await?;
    if let Some(v) = live_version_of(&scene, existing.as_ref(), req) {
        return Ok(Registered::Existing(v.clone()));
    }
    check_mode(&scene, req)?;
    let version = next_version(&scene, req)?;
    let mut warnings = Vec::new();
    if !importing {
        warnings = check_candidate(registry, tx, &scene, &candidate, flags.force).await?;
    }
    let id = schema_id(tx, &scene, &candidate, existing.as_ref(), req.id).await?;
    // A soft-deleted older version holding the same id gives way.
    for old in scene
        .versions
        .iter()
        .filter(|v| v.deleted && v.schema.id == id)
    {
        if tx.referrers(subject, old.version).await?.is_empty() {
            tx.hard_delete(subject, old.version).await?;
        }
    }
    tx.insert_version(subject, version, id).await?;
    let about = About {
        subject,
        version: Some(version),
        schema_id: Some(id),
    };
    let detail = json!({ "guid": candidate.identity.guid(), "mode": scene.mode.as_str() });
    audit::record(tx, EventKind::SchemaRegistered, about, detail).await?;
    let stored = tx
        .versions(subject)
        .await?
        .into_iter()
        .find(|v| v.version == version)
        .ok_or_else(|| {
            DomainError::Internal("registered version not found in its transaction".into())
        })?;
    Ok(Registered::New(stored, warnings))
}

/// The live version of the subject that holds `existing`, when the request asks for nothing
/// else (an imported id or version of its own).
fn live_version_of<'a>(
    scene: &'a Scene<'_>,
    existing: Option<&SchemaRecord>,
    req: &RegisterSchemaRequest,
) -> Option<&'a VersionRecord> {
    let s = existing?;
    let v = scene
        .versions
        .iter()
        .find(|v| !v.deleted && v.schema.id == s.id)?;
    let id_matches = req.id.is_none_or(|id| id == s.id);
    let version_matches = req.version.is_none_or(|n| n == v.version);
    (id_matches && version_matches).then_some(v)
}

/// Confluent's first step: unless the config adds metadata or rules of its own, or the request
/// names a version, the request exactly as sent is looked up in the subject before anything is
/// merged into it. Without it, the same request sent twice could inherit the rules of the
/// version it matched the first time and become a second version. Only needed when merging
/// changed the request; otherwise the merged lookup that follows is the same question.
async fn registered_as_sent(
    registry: &Registry,
    tx: &mut dyn WriteTx,
    scene: &Scene<'_>,
    req: &RegisterSchemaRequest,
    merged: &RegisterSchemaRequest,
    normalize: bool,
) -> DomainResult<Option<VersionRecord>> {
    let config = &scene.config;
    let config_adds = config.default_metadata.is_some()
        || config.override_metadata.is_some()
        || config.default_rule_set.is_some()
        || config.override_rule_set.is_some();
    let unchanged = merged.metadata == req.metadata && merged.rule_set == req.rule_set;
    if config_adds || unchanged || req.version.is_some() {
        return Ok(None);
    }
    let as_sent = prepare(registry, tx, req, normalize, false).await?;
    let existing = tx.schema_by_identity(&as_sent.identity.hex()).await?;
    Ok(live_version_of(scene, existing.as_ref(), req).cloned())
}

/// Refuse what the mode does not permit.
fn check_mode(scene: &Scene<'_>, req: &RegisterSchemaRequest) -> DomainResult<()> {
    match scene.mode {
        m if m.is_read_only() => Err(scene.not_permitted("is in read-only mode")),
        m if m.is_import() && req.id.is_none() => {
            Err(scene.not_permitted("is not in read-write mode"))
        }
        Mode::ReadWrite if req.id.is_some() => Err(scene.not_permitted("is not in import mode")),
        _ => Ok(()),
    }
}

/// The version number the registration takes.
fn next_version(scene: &Scene<'_>, req: &RegisterSchemaRequest) -> DomainResult<i32> {
    let next = scene.versions.last().map_or(1, |v| v.version + 1);
    match req.version {
        Some(n) if scene.mode.is_import() => {
            if n < 1 {
                return Err(DomainError::InvalidVersion(n.to_string()));
            }
            if scene.versions.iter().any(|v| v.version == n) {
                return Err(DomainError::NotPermitted(format!(
                    "Overwrite new schema with version {n} in subject {} is not permitted.",
                    scene.subject
                )));
            }
            Ok(n)
        }
        Some(n) if n != next => Err(scene.not_permitted("is not in import mode")),
        _ => Ok(next),
    }
}

/// Compatibility (unless `force`), then the contracts: the warnings `WARN` lets through.
async fn check_candidate(
    registry: &Registry,
    tx: &mut dyn WriteTx,
    scene: &Scene<'_>,
    candidate: &Candidate,
    force: bool,
) -> DomainResult<Vec<String>> {
    let Some(doc) = &candidate.doc else {
        return Ok(Vec::new());
    };
    let subject = scene.subject;
    if !force {
        let live: Vec<&VersionRecord> =
            scene.versions.iter().rev().filter(|v| !v.deleted).collect();
        let metadata = candidate.metadata.as_ref();
        let verdict =
            check_compatibility(registry, tx, doc, metadata, &live, &scene.config).await?;
        if !verdict.compatible {
            return Err(DomainError::Incompatible {
                subject: subject.to_string(),
                messages: verdict.messages,
            });
        }
    }
    let judgement = judge(registry, tx, subject, &scene.config, doc).await?;
    if !judgement.refusals.is_empty() {
        return Err(DomainError::ContractsBroken {
            subject: subject.to_string(),
            failures: judgement.refusals,
        });
    }
    for f in &judgement.warnings {
        tracing::warn!(subject, finding = %f, "contract check (WARN): registered anyway");
    }
    Ok(judgement.warnings)
}

/// The schema id: the identity's existing one, the imported one, or a new one.
async fn schema_id(
    tx: &mut dyn WriteTx,
    scene: &Scene<'_>,
    candidate: &Candidate,
    existing: Option<&SchemaRecord>,
    imported: Option<i64>,
) -> DomainResult<i64> {
    let overwrite = |id: i64| {
        DomainError::NotPermitted(format!(
            "Overwrite new schema with id {id} in context {} is not permitted.",
            context_of(scene.subject)
        ))
    };
    match (existing, imported) {
        (Some(s), Some(id)) if s.id != id => Err(DomainError::ImportIdMismatch),
        (Some(s), _) => Ok(s.id),
        (None, Some(id)) => {
            if id < 0 || tx.schema_row(id).await?.is_some() {
                return Err(overwrite(id));
            }
            Ok(tx.insert_schema(&candidate.new_schema(), Some(id)).await?)
        }
        (None, None) => Ok(tx.insert_schema(&candidate.new_schema(), None).await?),
    }
}
