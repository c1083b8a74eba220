//! Schemas: preparing a submitted schema (canonical text, identity, validation with its
//! references resolved from the store), the checked document of a stored schema, schemas by id
//! and GUID, and the listings of `/schemas`.
//!
//! Reference resolution is [`resolve_reference`]: the one place a reference's subject and
//! version are turned into a stored version.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use accord_schemas::api::{ContextId, Metadata, RegisterSchemaRequest, RuleSet, Schema};
use accord_schemas::api::{SchemaReference, SubjectVersion};
use accord_schemas::format::{self, Model};
use accord_schemas::identity::Identity;
use accord_schemas::SchemaType;

use super::error::{DomainError, DomainResult};
use super::names::normalize_subject;
use super::registry::Registry;
use crate::store::{NewSchema, Reads, SchemaRecord, VersionRecord};

/// The schema types the registry stores, as `/schemas/types` lists them.
pub fn schema_types() -> Vec<String> {
    format::SUPPORTED.iter().map(|t| t.to_string()).collect()
}

/// A submitted schema, canonicalised, with its identity and (unless validation was skipped) its
/// checked model with references attached.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The schema's type.
    pub schema_type: SchemaType,
    /// The canonical text.
    pub canonical: String,
    /// References (sorted and de-duplicated when normalising).
    pub references: Vec<SchemaReference>,
    /// Metadata.
    pub metadata: Option<Metadata>,
    /// Rules.
    pub rule_set: Option<RuleSet>,
    /// The identity.
    pub identity: Identity,
    /// The checked model, when validated.
    pub doc: Option<Model>,
}

impl Candidate {
    /// The row to store for this candidate.
    pub fn new_schema(&self) -> NewSchema {
        NewSchema {
            identity: self.identity.hex(),
            schema_type: self.schema_type.to_string(),
            schema: self.canonical.clone(),
            references: self.references.clone(),
            metadata: self.metadata.clone(),
            rule_set: self.rule_set.clone(),
        }
    }
}

/// The type a request names: absent means AVRO, as in Confluent (its JSON Schema and Protobuf
/// clients always send `schemaType`); 42201 for a type this registry does not store.
pub fn requested_type(name: Option<&str>) -> DomainResult<SchemaType> {
    let name = name.unwrap_or("AVRO");
    match SchemaType::parse(name) {
        Some(t) if format::SUPPORTED.contains(&t) => Ok(t),
        _ => Err(DomainError::InvalidSchema(format!(
            "Invalid schema type {name}"
        ))),
    }
}

/// Canonicalise and identify a submitted schema; with `validate`, also check it as its type
/// with its references resolved from the store (42201 naming the problem).
pub async fn prepare(
    registry: &Registry,
    reads: &mut dyn Reads,
    req: &RegisterSchemaRequest,
    normalize: bool,
    validate: bool,
) -> DomainResult<Candidate> {
    let limits = &registry.options.limits;
    let ty = requested_type(req.schema_type.as_deref())?;
    let text = req.schema.as_deref().unwrap_or("");
    if text.trim().is_empty() {
        return Err(DomainError::InvalidSchema("Empty schema".into()));
    }
    if text.len() > limits.max_document_bytes {
        return Err(DomainError::SchemaTooLarge);
    }
    let invalid = |e| DomainError::invalid_schema(ty, e);
    let value = format::read(text, limits).map_err(invalid)?;
    let (canonical_text, identity_text) =
        format::stored_and_identity_text(ty, &value, normalize).map_err(invalid)?;
    let mut references = pinned_references(reads, &req.references).await?;
    if normalize {
        references.sort();
        references.dedup();
    }
    let mut metadata = req.metadata.clone();
    if let Some(m) = metadata.as_mut() {
        m.sensitive.sort();
        m.sensitive.dedup();
        for values in m.tags.values_mut() {
            values.sort();
        }
    }
    let identity = Identity::of(
        &identity_text,
        &references,
        metadata.as_ref(),
        req.rule_set.as_ref(),
    );
    let doc = if validate {
        let mut referenced = Vec::with_capacity(references.len());
        for r in &references {
            let found = resolve_reference(reads, r).await?;
            referenced.push(stored_doc_at(registry, reads, &found.schema, 1).await?);
        }
        let named: Vec<(&str, &Model)> = references
            .iter()
            .map(|r| r.name.as_str())
            .zip(referenced.iter())
            .collect();
        Some(Model::parse(ty, text, value, &named, limits).map_err(invalid)?)
    } else {
        None
    };
    Ok(Candidate {
        schema_type: ty,
        canonical: canonical_text,
        references,
        metadata,
        rule_set: req.rule_set.clone(),
        identity,
        doc,
    })
}

type DocFuture<'a> = Pin<Box<dyn Future<Output = DomainResult<Model>> + Send + 'a>>;

const MAX_REFERENCE_DEPTH: usize = 32;

/// The references with every `-1` (latest) replaced by the version it names now, as Confluent
/// stores them: a reference then keeps naming the version the schema was checked against,
/// protects that version from deletion and lists its referrer in `referencedby`.
async fn pinned_references(
    reads: &mut dyn Reads,
    references: &[SchemaReference],
) -> DomainResult<Vec<SchemaReference>> {
    let mut pinned = Vec::with_capacity(references.len());
    for r in references {
        let version = if r.version == -1 {
            resolve_reference(reads, r).await?.version
        } else {
            r.version
        };
        pinned.push(SchemaReference {
            version,
            ..r.clone()
        });
    }
    Ok(pinned)
}

/// The stored version a reference names: its version, or with `-1` the subject's latest live
/// one (42201 when there is none).
pub async fn resolve_reference(
    reads: &mut dyn Reads,
    r: &SchemaReference,
) -> DomainResult<VersionRecord> {
    let versions = reads.versions(&r.subject).await?;
    let found = if r.version == -1 {
        versions.into_iter().rev().find(|v| !v.deleted)
    } else {
        versions.into_iter().find(|v| v.version == r.version)
    };
    found.ok_or_else(|| {
        DomainError::InvalidSchema(format!(
            "Invalid schema, details: reference '{}' names subject '{}' version {}, which is not registered",
            r.name, r.subject, r.version
        ))
    })
}

/// The checked model of a stored schema with its references attached (cached by id).
pub async fn stored_doc(
    registry: &Registry,
    reads: &mut dyn Reads,
    schema: &SchemaRecord,
) -> DomainResult<Model> {
    stored_doc_at(registry, reads, schema, 0).await
}

fn stored_doc_at<'a>(
    registry: &'a Registry,
    reads: &'a mut dyn Reads,
    schema: &'a SchemaRecord,
    depth: usize,
) -> DocFuture<'a> {
    Box::pin(async move {
        if let Some(doc) = registry.docs.get(&schema.id) {
            return Ok(doc);
        }
        let ty = SchemaType::parse(&schema.stored.schema_type).unwrap_or(SchemaType::Json);
        if depth > MAX_REFERENCE_DEPTH {
            return Err(DomainError::invalid_schema(
                ty,
                format!("references are nested deeper than {MAX_REFERENCE_DEPTH}"),
            ));
        }
        let mut referenced = Vec::with_capacity(schema.stored.references.len());
        for r in &schema.stored.references {
            let found = resolve_reference(reads, r).await?;
            referenced.push(stored_doc_at(registry, reads, &found.schema, depth + 1).await?);
        }
        let named: Vec<(&str, &Model)> = schema
            .stored
            .references
            .iter()
            .map(|r| r.name.as_str())
            .zip(referenced.iter())
            .collect();
        let limits = &registry.options.limits;
        let doc = Model::parse_stored(ty, &schema.stored.schema, &named, limits)
            .map_err(|e| DomainError::invalid_schema(ty, e))?;
        registry.docs.insert(schema.id, doc.clone());
        Ok(doc)
    })
}

// ---------------------------------------------------------------------------------------------
// Answers

/// A subject-version as the API shows it.
pub fn schema_response(v: &VersionRecord) -> Schema {
    Schema {
        subject: Some(v.subject.clone()),
        version: Some(v.version),
        deleted: v.deleted.then_some(true),
        ts: Some(v.ts),
        ..schema_string(&v.schema)
    }
}

/// `schemaType` as Confluent answers it: absent for AVRO, its default.
pub fn answered_type(stored: &str) -> Option<String> {
    (stored != SchemaType::Avro.as_str()).then(|| stored.to_string())
}

/// A schema by id as the API shows it (Confluent's `SchemaString`).
pub fn schema_string(s: &SchemaRecord) -> Schema {
    Schema {
        id: Some(s.id),
        guid: Some(s.guid()),
        schema_type: answered_type(&s.stored.schema_type),
        references: s.stored.references.clone(),
        metadata: s.stored.metadata.clone(),
        rule_set: s.stored.rule_set.clone(),
        schema: Some(s.stored.schema.clone()),
        ..Schema::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Schemas by id and GUID

/// The schema with id `id_text` while some version uses it (40403).
pub async fn by_id(registry: &Registry, id_text: &str) -> DomainResult<Arc<SchemaRecord>> {
    let id: i64 = id_text
        .trim()
        .parse()
        .map_err(|_| DomainError::SchemaIdNotFound(id_text.to_string()))?;
    if let Some(hit) = registry.store.cached_schema(id) {
        return Ok(hit);
    }
    registry
        .store
        .schema_by_id(id)
        .await?
        .ok_or_else(|| DomainError::SchemaIdNotFound(id.to_string()))
}

/// `GET /schemas/ids/{id}`: the schema, with the version `subject` holds it as and the
/// highest id when asked.
pub async fn get_by_id(
    registry: &Registry,
    id_text: &str,
    subject: Option<&str>,
    fetch_max_id: bool,
) -> DomainResult<Schema> {
    let record = by_id(registry, id_text).await?;
    let mut out = schema_string(&record);
    if let Some(subject) = subject.filter(|s| !s.is_empty()) {
        let subject = normalize_subject(subject);
        let uses = registry.store.versions_of_schema(record.id).await?;
        if let Some((s, v, _)) = uses
            .iter()
            .filter(|(s, _, _)| *s == subject)
            .max_by_key(|(_, v, deleted)| (!deleted, *v))
        {
            out.subject = Some(s.clone());
            out.version = Some(*v);
        }
    }
    if fetch_max_id {
        out.max_id = Some(registry.store.max_schema_id().await?);
    }
    Ok(out)
}

/// Which uses of a schema [`uses_of`] and [`subjects_of`] list.
#[derive(Debug, Clone, Copy, Default)]
pub struct UsesFilter<'a> {
    /// Include soft-deleted versions (else live ones only).
    pub deleted: bool,
    /// Only this subject's versions.
    pub subject: Option<&'a str>,
}

/// The subject-versions using schema `id_text` (40403 without an id) that `filter` selects.
pub async fn uses_of(
    registry: &Registry,
    id_text: &str,
    filter: UsesFilter<'_>,
) -> DomainResult<Vec<SubjectVersion>> {
    let record = by_id(registry, id_text)
        .await
        .map_err(|_| DomainError::SchemaNotFound)?;
    let (deleted, only) = (filter.deleted, filter.subject.map(normalize_subject));
    Ok(registry
        .store
        .versions_of_schema(record.id)
        .await?
        .into_iter()
        .filter(|(s, _, d)| (deleted || !d) && only.as_ref().is_none_or(|f| f == s))
        .map(|(subject, version, _)| SubjectVersion { subject, version })
        .collect())
}

/// The subjects using schema `id_text` (see [`uses_of`]).
pub async fn subjects_of(
    registry: &Registry,
    id_text: &str,
    filter: UsesFilter<'_>,
) -> DomainResult<Vec<String>> {
    let mut subjects: Vec<String> = uses_of(registry, id_text, filter)
        .await?
        .into_iter()
        .map(|u| u.subject)
        .collect();
    subjects.dedup();
    Ok(subjects)
}

/// The schema with this GUID while some version uses it (40403).
pub async fn by_guid(registry: &Registry, guid: &str) -> DomainResult<Schema> {
    let not_found = || DomainError::SchemaIdNotFound(guid.to_string());
    let identity = Identity::parse_guid(guid).ok_or_else(not_found)?;
    let mut reads = registry.store.read().await?;
    let row = reads
        .schema_by_identity(&identity.hex())
        .await?
        .ok_or_else(not_found)?;
    let record = registry
        .store
        .schema_by_id(row.id)
        .await?
        .ok_or_else(not_found)?;
    Ok(schema_string(&record))
}

/// The ids of a GUID: one per context holding it (one global id space), none when unknown.
pub async fn ids_of_guid(registry: &Registry, guid: &str) -> DomainResult<Vec<ContextId>> {
    Ok(match by_guid(registry, guid).await {
        Ok(schema) => vec![ContextId {
            context: ".".to_string(),
            id: schema.id.unwrap_or_default(),
        }],
        Err(_) => Vec::new(),
    })
}

/// What `GET /schemas` selects.
#[derive(Debug, Clone, Default)]
pub struct SchemaFilter<'a> {
    /// Only subjects starting with this (`""` or `:*:`: all).
    pub subject_prefix: &'a str,
    /// Include soft-deleted versions.
    pub deleted: bool,
    /// Only each subject's latest version.
    pub latest_only: bool,
    /// Only schemas with a rule of this type.
    pub rule_type: Option<&'a str>,
}

fn has_rule_type(v: &VersionRecord, rule_type: &str) -> bool {
    v.schema.stored.rule_set.as_ref().is_some_and(|rs| {
        rs.migration_rules
            .iter()
            .chain(&rs.domain_rules)
            .chain(&rs.encoding_rules)
            .any(|r| r.rule_type.as_deref() == Some(rule_type))
    })
}

/// `GET /schemas`: every selected subject-version as a schema.
pub async fn list(registry: &Registry, filter: &SchemaFilter<'_>) -> DomainResult<Vec<Schema>> {
    let prefix = match filter.subject_prefix {
        ":*:" => "",
        p => p,
    };
    let deleted = filter.deleted;
    let all = registry.store.all_versions(prefix).await?;
    let mut out = Vec::new();
    for (i, v) in all.iter().enumerate() {
        if v.deleted && !deleted {
            continue;
        }
        if filter.latest_only
            && all[i + 1..]
                .iter()
                .any(|w| w.subject == v.subject && (deleted || !w.deleted))
        {
            continue;
        }
        if filter.rule_type.is_some_and(|rt| !has_rule_type(v, rt)) {
            continue;
        }
        out.push(schema_response(v));
    }
    Ok(out)
}
