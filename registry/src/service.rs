//! The registry's domain logic over a [`Store`]: preparing a submitted schema (canonical text,
//! identity, validation with its references), registration (spec §5.4), lookup (§5.6),
//! compatibility (§7) and the effective config and mode of a subject.
//!
//! Handlers stay thin: they parse the request, call one function here and render its answer.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use accord_schemas::api::{Config, RegisterSchemaRequest, RegisterSchemaResponse, Schema};
use accord_schemas::api::{Metadata, RuleSet, SchemaReference};
use accord_schemas::compat::{self, Level, Policy};
use accord_schemas::identity::Identity;
use accord_schemas::json::SchemaDoc;
use accord_schemas::limits::Limits;
use accord_schemas::{canonical, SchemaType};
use serde_json::json;

use crate::error::{ApiError, ApiResult};
use crate::metrics::Metrics;
use crate::store::{NewEvent, NewSchema, Reads, SchemaRecord, Store, VersionRecord, WriteTx};

/// Settings the HTTP surface needs.
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// Largest request body, in bytes.
    pub body_limit: usize,
    /// Whether `PUT /mode` may change modes (`mode.mutability`).
    pub mode_mutability: bool,
    /// Limits on parsing and checking schemas.
    pub limits: Limits,
    /// Reported by `/v1/metadata/id`.
    pub cluster_id: String,
    /// Most compiled validators kept for `/validate`.
    pub validator_cache_size: usize,
    /// The branch whose latest application version's contracts count (with deployed ones).
    pub main_branch: String,
}

impl Default for AppOptions {
    fn default() -> Self {
        AppOptions {
            body_limit: 8 * 1024 * 1024,
            mode_mutability: true,
            limits: Limits::DEFAULT,
            cluster_id: "accord".to_string(),
            validator_cache_size: 1000,
            main_branch: "main".to_string(),
        }
    }
}

/// Parsed schema documents by schema id. Schemas are immutable, and a referenced version cannot
/// be deleted while referenced, so an entry never goes stale.
#[derive(Debug, Default)]
pub struct DocCache {
    docs: Mutex<HashMap<i64, SchemaDoc>>,
}

impl DocCache {
    const MAX_ENTRIES: usize = 10_000;

    fn get(&self, id: i64) -> Option<SchemaDoc> {
        self.docs.lock().expect("doc cache").get(&id).cloned()
    }

    fn put(&self, id: i64, doc: SchemaDoc) {
        let mut docs = self.docs.lock().expect("doc cache");
        if docs.len() >= Self::MAX_ENTRIES {
            docs.clear();
        }
        docs.insert(id, doc);
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The store.
    pub store: Arc<dyn Store>,
    /// Counters and histograms for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// Settings.
    pub options: Arc<AppOptions>,
    /// Parsed documents by schema id.
    pub docs: Arc<DocCache>,
    /// Compiled validators by schema id.
    pub validators: Arc<crate::routes::validate::ValidatorCache>,
}

impl AppState {
    /// State over `store` with `options`.
    pub fn new(store: Arc<dyn Store>, options: AppOptions) -> AppState {
        AppState {
            store,
            metrics: Arc::new(Metrics::default()),
            validators: Arc::new(crate::routes::validate::ValidatorCache::new(
                options.validator_cache_size,
            )),
            options: Arc::new(options),
            docs: Arc::default(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Subjects, versions, modes

/// The canonical spelling of a subject: the default context's qualifier `:.:` is dropped.
pub fn normalize_subject(subject: &str) -> String {
    subject.strip_prefix(":.:").unwrap_or(subject).to_string()
}

/// The context of a subject: `.ctx` for `:.ctx:name`, `.` otherwise.
pub fn context_of(subject: &str) -> &str {
    subject
        .strip_prefix(':')
        .and_then(|rest| rest.split_once(':'))
        .map(|(ctx, _)| ctx)
        .filter(|ctx| ctx.starts_with('.'))
        .unwrap_or(".")
}

/// Refuse subjects Confluent refuses (42208): empty, over 255 bytes, or with control characters.
pub fn validate_subject(subject: &str) -> ApiResult<()> {
    if subject.is_empty() || subject.len() > 255 || subject.chars().any(char::is_control) {
        return Err(ApiError::invalid_subject(subject));
    }
    Ok(())
}

/// A version in a path: a number, or the latest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionSel {
    /// `latest` or `-1`.
    Latest,
    /// A number in `[1, 2^31-1]`.
    Number(i32),
}

impl VersionSel {
    /// Parse spec §1.5's version: `latest` (any case, trimmed), `-1`, or `1..=2^31-1` (42202).
    pub fn parse(text: &str) -> ApiResult<VersionSel> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("latest") || t == "-1" {
            return Ok(VersionSel::Latest);
        }
        match t.parse::<i64>() {
            Ok(n) if (1..=i32::MAX as i64).contains(&n) => Ok(VersionSel::Number(n as i32)),
            _ => Err(ApiError::invalid_version(text)),
        }
    }

    /// The version this selects among `versions` (oldest first).
    pub fn pick<'a>(&self, versions: &[&'a VersionRecord]) -> Option<&'a VersionRecord> {
        match self {
            VersionSel::Latest => versions.last().copied(),
            VersionSel::Number(n) => versions.iter().find(|v| v.version == *n).copied(),
        }
    }
}

/// The modes Confluent knows.
pub const MODES: [&str; 5] = [
    "READWRITE",
    "READONLY",
    "READONLY_OVERRIDE",
    "IMPORT",
    "FORWARD",
];

/// The effective mode of a subject (`None`: the global one): subject → global → `READWRITE`.
pub async fn effective_mode(reads: &mut dyn Reads, subject: Option<&str>) -> ApiResult<String> {
    if let Some(s) = subject {
        if let Some(m) = reads.mode(s).await? {
            return Ok(m);
        }
    }
    Ok(reads
        .mode("")
        .await?
        .unwrap_or_else(|| "READWRITE".to_string()))
}

/// The server's default config: level `BACKWARD`.
pub fn default_config() -> Config {
    Config {
        compatibility_level: Some(Level::Backward.as_str().to_string()),
        ..Config::default()
    }
}

/// The effective config of a subject (`None`: the global one), merged subject → global →
/// server default.
pub async fn effective_config(reads: &mut dyn Reads, subject: Option<&str>) -> ApiResult<Config> {
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

fn level_and_policy(config: &Config) -> (Level, Policy) {
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

// ---------------------------------------------------------------------------------------------
// Preparing a submitted schema

/// A submitted schema, canonicalised, with its identity and (unless validation was skipped) its
/// checked document with references attached.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// `JSON`.
    pub schema_type: String,
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
    /// The checked document, when validated.
    pub doc: Option<SchemaDoc>,
}

impl Candidate {
    fn new_schema(&self) -> NewSchema {
        NewSchema {
            identity: self.identity.hex(),
            schema_type: self.schema_type.clone(),
            schema: self.canonical.clone(),
            references: self.references.clone(),
            metadata: self.metadata.clone(),
            rule_set: self.rule_set.clone(),
        }
    }
}

fn invalid(detail: impl std::fmt::Display) -> ApiError {
    ApiError::invalid_schema(format!("Invalid schema of type JSON, details: {detail}"))
}

/// Canonicalise and identify a submitted schema; with `validate`, also check it as JSON Schema
/// with its references resolved from the store (42201 naming the problem).
pub async fn prepare(
    state: &AppState,
    reads: &mut dyn Reads,
    req: &RegisterSchemaRequest,
    normalize: bool,
    validate: bool,
) -> ApiResult<Candidate> {
    // Accord stores JSON Schema only, so an absent type means JSON (Confluent would read it as
    // Avro and refuse a JSON Schema document).
    let type_name = req.schema_type.as_deref().unwrap_or("JSON");
    match SchemaType::parse(type_name) {
        Some(SchemaType::Json) => {}
        _ => {
            return Err(ApiError::invalid_schema(format!(
                "Invalid schema type {type_name}"
            )))
        }
    }
    let text = req.schema.as_deref().unwrap_or("");
    if text.trim().is_empty() {
        return Err(ApiError::invalid_schema("Empty schema"));
    }
    if text.len() > state.options.limits.max_document_bytes {
        return Err(ApiError::schema_too_large());
    }
    let value = canonical::parse(text, &state.options.limits).map_err(invalid)?;
    let canonical_text = canonical::canonical_text(&value, normalize);
    let mut references = req.references.clone();
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
        &canonical_text,
        &references,
        metadata.as_ref(),
        req.rule_set.as_ref(),
    );
    let doc = if validate {
        let mut doc =
            SchemaDoc::from_value_with_limits(value, &state.options.limits).map_err(invalid)?;
        for r in &references {
            let referenced = reference_doc(state, reads, r, 0).await?;
            doc = doc.with_reference(r.name.clone(), referenced);
        }
        doc.check_references().map_err(invalid)?;
        Some(doc)
    } else {
        None
    };
    Ok(Candidate {
        schema_type: "JSON".to_string(),
        canonical: canonical_text,
        references,
        metadata,
        rule_set: req.rule_set.clone(),
        identity,
        doc,
    })
}

type DocFuture<'a> = Pin<Box<dyn Future<Output = ApiResult<SchemaDoc>> + Send + 'a>>;

const MAX_REFERENCE_DEPTH: usize = 32;

fn reference_doc<'a>(
    state: &'a AppState,
    reads: &'a mut dyn Reads,
    r: &'a SchemaReference,
    depth: usize,
) -> DocFuture<'a> {
    Box::pin(async move {
        let versions = reads.versions(&r.subject).await?;
        let found = if r.version == -1 {
            versions.iter().rev().find(|v| !v.deleted)
        } else {
            versions.iter().find(|v| v.version == r.version)
        };
        let Some(found) = found else {
            return Err(invalid(format!(
                "reference '{}' names subject '{}' version {}, which is not registered",
                r.name, r.subject, r.version
            )));
        };
        stored_doc(state, reads, &found.schema, depth + 1).await
    })
}

/// The checked document of a stored schema with its references attached (cached by id).
pub fn stored_doc<'a>(
    state: &'a AppState,
    reads: &'a mut dyn Reads,
    schema: &'a SchemaRecord,
    depth: usize,
) -> DocFuture<'a> {
    Box::pin(async move {
        if let Some(doc) = state.docs.get(schema.id) {
            return Ok(doc);
        }
        if depth > MAX_REFERENCE_DEPTH {
            return Err(invalid(format!(
                "references are nested deeper than {MAX_REFERENCE_DEPTH}"
            )));
        }
        let mut doc =
            SchemaDoc::parse_with_limits(&schema.schema, &state.options.limits).map_err(invalid)?;
        for r in &schema.references {
            let referenced = reference_doc(state, reads, r, depth).await?;
            doc = doc.with_reference(r.name.clone(), referenced);
        }
        state.docs.put(schema.id, doc.clone());
        Ok(doc)
    })
}

// ---------------------------------------------------------------------------------------------
// Responses

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

/// A schema by id as the API shows it (Confluent's `SchemaString`).
pub fn schema_string(s: &SchemaRecord) -> Schema {
    Schema {
        id: Some(s.id),
        guid: Some(s.guid()),
        schema_type: Some(s.schema_type.clone()),
        references: s.references.clone(),
        metadata: s.metadata.clone(),
        rule_set: s.rule_set.clone(),
        schema: Some(s.schema.clone()),
        ..Schema::default()
    }
}

fn register_response(v: &VersionRecord) -> RegisterSchemaResponse {
    RegisterSchemaResponse {
        id: v.schema.id,
        version: Some(v.version),
        guid: Some(v.schema.guid()),
        schema_type: Some(v.schema.schema_type.clone()),
        references: v.schema.references.clone(),
        metadata: v.schema.metadata.clone(),
        rule_set: v.schema.rule_set.clone(),
        schema: Some(v.schema.schema.clone()),
        ts: Some(v.ts),
        deleted: None,
        warnings: Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Compatibility

/// The verdict of a compatibility check with Confluent's message list (spec §7.5).
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Whether the candidate passes.
    pub compatible: bool,
    /// The messages (empty when compatible).
    pub messages: Vec<String>,
}

const OLD_SCHEMA_MAX: usize = 10 * 1024;

fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Check `candidate` against `history` (live versions, newest first) under `config`.
pub async fn check_compatibility(
    state: &AppState,
    reads: &mut dyn Reads,
    candidate: &SchemaDoc,
    candidate_metadata: Option<&Metadata>,
    history: &[&VersionRecord],
    config: &Config,
) -> ApiResult<Verdict> {
    let (level, policy) = level_and_policy(config);
    // compatibilityGroup: only versions with the candidate's value of that property take part.
    let group_value =
        |m: Option<&Metadata>, key: &str| m.and_then(|m| m.properties.get(key).cloned());
    let history: Vec<&VersionRecord> = match &config.compatibility_group {
        Some(key) => {
            let want = group_value(candidate_metadata, key);
            history
                .iter()
                .copied()
                .filter(|v| group_value(v.schema.metadata.as_ref(), key) == want)
                .collect()
        }
        None => history.to_vec(),
    };
    if level == Level::None || history.is_empty() {
        return Ok(Verdict {
            compatible: true,
            messages: Vec::new(),
        });
    }
    let depth_needed = if level.is_transitive() {
        history.len()
    } else {
        1
    };
    let mut docs = Vec::with_capacity(depth_needed);
    for v in history.iter().take(depth_needed) {
        docs.push(stored_doc(state, reads, &v.schema, 0).await?);
    }
    let report =
        compat::check_level_with_limits(candidate, &docs, level, policy, &state.options.limits)
            .map_err(invalid)?;
    let validate_fields = config.validate_fields.unwrap_or(false);
    let reserved = if validate_fields {
        reserved_field_messages(candidate, candidate_metadata, history[0])
    } else {
        Vec::new()
    };
    if report.compatible && reserved.is_empty() {
        return Ok(Verdict {
            compatible: true,
            messages: Vec::new(),
        });
    }
    let mut messages = report.confluent_messages();
    messages.extend(reserved);
    if let Some(v) = history.get(report.failed_against.unwrap_or(0)) {
        messages.push(format!("{{oldSchemaVersion: {}}}", v.version));
        messages.push(format!(
            "{{oldSchema: '{}'}}",
            truncate(&v.schema.schema, OLD_SCHEMA_MAX)
        ));
    }
    messages.push(format!(
        "{{validateFields: '{}', compatibility: '{}'}}",
        config.validate_fields.unwrap_or(false),
        level.as_str()
    ));
    Ok(Verdict {
        compatible: false,
        messages,
    })
}

/// The reserved names of a metadata: `confluent:reserved`, comma-separated.
fn reserved_names(metadata: Option<&Metadata>) -> Vec<String> {
    metadata
        .and_then(|m| m.properties.get("confluent:reserved"))
        .map(|r| {
            r.split(',')
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// `validateFields` (spec §7.4): a reserved name dropped from the metadata of the previous
/// version, or a reserved name used as a top-level property of the candidate, is an error.
fn reserved_field_messages(
    candidate: &SchemaDoc,
    candidate_metadata: Option<&Metadata>,
    previous: &VersionRecord,
) -> Vec<String> {
    let new = reserved_names(candidate_metadata);
    let old = reserved_names(previous.schema.metadata.as_ref());
    let mut out = Vec::new();
    for name in old.iter().filter(|n| !new.contains(n)) {
        out.push(format!(
            "{{errorType:\"RESERVED_FIELD_REMOVED\", description:\"The new schema has reserved \
             field {name} removed from its metadata provided by the previous schema.'}}"
        ));
    }
    let properties = candidate
        .value()
        .get("properties")
        .and_then(|p| p.as_object());
    for name in &new {
        if properties.is_some_and(|p| p.contains_key(name)) {
            out.push(format!(
                "{{errorType:\"FIELD_CONFLICTS_WITH_RESERVED_FIELD\", description:\"The new \
                 schema has field that conflicts with the reserved field {name}.'}}"
            ));
        }
    }
    out
}

/// The 409 message of spec §7.5.
pub fn incompatible_message(subject: &str, messages: &[String]) -> String {
    format!(
        "Schema being registered is incompatible with an earlier schema for subject \
         \"{subject}\", details: [{}]",
        messages.join(", ")
    )
}

// ---------------------------------------------------------------------------------------------
// Data contracts (spec §5.8)

/// `wider` with `narrower` merged over it: tags and properties by key, sensitive names united.
fn merge_metadata(wider: Option<&Metadata>, narrower: Option<&Metadata>) -> Option<Metadata> {
    match (wider, narrower) {
        (None, None) => None,
        (Some(m), None) | (None, Some(m)) => Some(m.clone()),
        (Some(w), Some(n)) => {
            let mut out = w.clone();
            out.tags.extend(n.tags.clone());
            out.properties.extend(n.properties.clone());
            for s in &n.sensitive {
                if !out.sensitive.contains(s) {
                    out.sensitive.push(s.clone());
                }
            }
            out.sensitive.sort();
            Some(out)
        }
    }
}

/// `wider` with `narrower` merged over it: a rule replaces the rule of the same name.
fn merge_rule_set(wider: Option<&RuleSet>, narrower: Option<&RuleSet>) -> Option<RuleSet> {
    fn rules(
        wide: &[accord_schemas::api::Rule],
        narrow: &[accord_schemas::api::Rule],
    ) -> Vec<accord_schemas::api::Rule> {
        let mut out: Vec<_> = wide
            .iter()
            .filter(|r| !narrow.iter().any(|n| n.name.is_some() && n.name == r.name))
            .cloned()
            .collect();
        out.extend(narrow.iter().cloned());
        out
    }
    match (wider, narrower) {
        (None, None) => None,
        (Some(r), None) | (None, Some(r)) => Some(r.clone()),
        (Some(w), Some(n)) => Some(RuleSet {
            migration_rules: rules(&w.migration_rules, &n.migration_rules),
            domain_rules: rules(&w.domain_rules, &n.domain_rules),
            encoding_rules: rules(&w.encoding_rules, &n.encoding_rules),
            enable_at: n.enable_at.clone().or_else(|| w.enable_at.clone()),
        }),
    }
}

/// The request with its effective metadata and rules: absent ones are the latest live
/// version's, then `merge(merge(default, that), override)` with the config's.
fn with_data_contract(
    req: &RegisterSchemaRequest,
    versions: &[VersionRecord],
    config: &Config,
) -> RegisterSchemaRequest {
    let latest = versions.iter().rev().find(|v| !v.deleted);
    let metadata = req
        .metadata
        .clone()
        .or_else(|| latest.and_then(|v| v.schema.metadata.clone()));
    let rule_set = req
        .rule_set
        .clone()
        .or_else(|| latest.and_then(|v| v.schema.rule_set.clone()));
    let metadata = merge_metadata(config.default_metadata.as_ref(), metadata.as_ref());
    let metadata = merge_metadata(metadata.as_ref(), config.override_metadata.as_ref());
    let rule_set = merge_rule_set(config.default_rule_set.as_ref(), rule_set.as_ref());
    let rule_set = merge_rule_set(rule_set.as_ref(), config.override_rule_set.as_ref());
    RegisterSchemaRequest {
        metadata,
        rule_set,
        ..req.clone()
    }
}

// ---------------------------------------------------------------------------------------------
// Registration

/// Query flags of a registration.
#[derive(Debug, Clone, Copy, Default)]
pub struct RegisterFlags {
    /// `normalize=true`.
    pub normalize: bool,
    /// `force=true`: skip the compatibility check.
    pub force: bool,
}

/// Register a schema under a subject (spec §5.4), in one transaction.
pub async fn register(
    state: &AppState,
    subject: &str,
    req: &RegisterSchemaRequest,
    flags: RegisterFlags,
) -> ApiResult<RegisterSchemaResponse> {
    validate_subject(subject)?;
    let mut tx = state.store.write(Some(subject)).await?;
    let outcome = register_in(state, tx.as_mut(), subject, req, flags).await?;
    match outcome {
        Registered::Existing(v) => Ok(register_response(&v)),
        Registered::New(v, warnings) => {
            tx.commit().await?;
            state.metrics.registered();
            Ok(RegisterSchemaResponse {
                warnings,
                ..register_response(&v)
            })
        }
    }
}

enum Registered {
    Existing(VersionRecord),
    New(VersionRecord, Vec<String>),
}

/// What the subject's `contractCheck` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractCheck {
    /// Refuse a version that breaks a contract that counts (the default).
    Enforce,
    /// Register it, with the findings in the log and the answer's `warnings`.
    Warn,
    /// Do not check contracts.
    Off,
}

impl ContractCheck {
    /// Parse `ENFORCE`, `WARN` or `OFF` (any case).
    pub fn parse(text: &str) -> Option<ContractCheck> {
        match text.to_ascii_uppercase().as_str() {
            "ENFORCE" => Some(ContractCheck::Enforce),
            "WARN" => Some(ContractCheck::Warn),
            "OFF" => Some(ContractCheck::Off),
            _ => None,
        }
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

/// The 409 message of a version refused by consumer contracts.
pub fn contract_refusal_message(subject: &str, failures: &[String]) -> String {
    format!(
        "Schema being registered breaks the contracts of consumers of subject \"{subject}\", \
         details: [{}]",
        failures.join(", ")
    )
}

async fn register_in(
    state: &AppState,
    tx: &mut dyn WriteTx,
    subject: &str,
    req: &RegisterSchemaRequest,
    flags: RegisterFlags,
) -> ApiResult<Registered> {
    let ctx = context_of(subject).to_string();
    let mode = effective_mode(tx, Some(subject)).await?;
    let importing = mode == "IMPORT" || mode == "FORWARD";
    let config = effective_config(tx, Some(subject)).await?;
    let normalize = flags.normalize || config.normalize.unwrap_or(false);
    let versions = tx.versions(subject).await?;
    let merged = with_data_contract(req, &versions, &config);
    let req = &merged;
    let candidate = prepare(state, tx, req, normalize, !importing).await?;
    let identity = candidate.identity.hex();
    let existing = tx.schema_by_identity(&identity).await?;

    // Steps 1 and 4: the same identity in a live version of this subject is that version.
    if let Some(s) = &existing {
        if let Some(v) = versions.iter().find(|v| !v.deleted && v.schema.id == s.id) {
            let id_matches = req.id.is_none_or(|id| id == s.id);
            let version_matches = req.version.is_none_or(|n| n == v.version);
            if id_matches && version_matches {
                return Ok(Registered::Existing(v.clone()));
            }
        }
    }

    // Step 2: the mode.
    match mode.as_str() {
        "READONLY" | "READONLY_OVERRIDE" => {
            return Err(ApiError::not_permitted(format!(
                "Subject {subject} in context {ctx} is in read-only mode"
            )))
        }
        "IMPORT" | "FORWARD" if req.id.is_none() => {
            return Err(ApiError::not_permitted(format!(
                "Subject {subject} in context {ctx} is not in read-write mode"
            )))
        }
        "READWRITE" if req.id.is_some() => {
            return Err(ApiError::not_permitted(format!(
                "Subject {subject} in context {ctx} is not in import mode"
            )))
        }
        _ => {}
    }

    let next_version = versions.last().map_or(1, |v| v.version + 1);
    let version = match req.version {
        Some(n) if importing => {
            if n < 1 {
                return Err(ApiError::invalid_version(&n.to_string()));
            }
            if versions.iter().any(|v| v.version == n) {
                return Err(ApiError::not_permitted(format!(
                    "Overwrite new schema with version {n} in subject {subject} is not \
                     permitted."
                )));
            }
            n
        }
        Some(n) if n != next_version => {
            return Err(ApiError::not_permitted(format!(
                "Subject {subject} in context {ctx} is not in import mode"
            )))
        }
        _ => next_version,
    };

    // Step 6: compatibility against the live history, newest first.
    if !flags.force && !importing {
        let live: Vec<&VersionRecord> = versions.iter().rev().filter(|v| !v.deleted).collect();
        if let Some(doc) = &candidate.doc {
            let verdict =
                check_compatibility(state, tx, doc, candidate.metadata.as_ref(), &live, &config)
                    .await?;
            if !verdict.compatible {
                state.metrics.refused();
                return Err(ApiError::incompatible(incompatible_message(
                    subject,
                    &verdict.messages,
                )));
            }
        }
    }

    // Accord's step: the contracts that count for the subject.
    let contract_check = ContractCheck::of(&config);
    let mut warnings = Vec::new();
    if let (Some(doc), false) = (&candidate.doc, contract_check == ContractCheck::Off) {
        let failures = crate::contracts::contract_failures(state, tx, subject, doc).await?;
        if !failures.is_empty() {
            if contract_check == ContractCheck::Enforce {
                state.metrics.refused();
                return Err(ApiError::incompatible(contract_refusal_message(
                    subject, &failures,
                )));
            }
            for f in &failures {
                tracing::warn!(subject, finding = %f, "contract check (WARN): registered anyway");
            }
            warnings = failures;
        }
    }

    // Step 7: the id.
    let id = match (&existing, req.id) {
        (Some(s), Some(id)) if s.id != id => {
            return Err(ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                42207,
                "The ID of an imported schema does not match the existing ID",
            ))
        }
        (Some(s), _) => s.id,
        (None, Some(id)) => {
            if id < 0 {
                return Err(ApiError::not_permitted(format!(
                    "Overwrite new schema with id {id} in context {ctx} is not permitted."
                )));
            }
            if tx.schema_row(id).await?.is_some() {
                return Err(ApiError::not_permitted(format!(
                    "Overwrite new schema with id {id} in context {ctx} is not permitted."
                )));
            }
            tx.insert_schema(&candidate.new_schema(), Some(id)).await?
        }
        (None, None) => tx.insert_schema(&candidate.new_schema(), None).await?,
    };

    // Step 8: a soft-deleted older version holding the same id gives way.
    for old in versions.iter().filter(|v| v.deleted && v.schema.id == id) {
        if tx.referrers(subject, old.version).await?.is_empty() {
            tx.hard_delete(subject, old.version).await?;
        }
    }

    tx.insert_version(subject, version, id).await?;
    tx.event(NewEvent {
        kind: "schema.registered",
        subject: Some(subject.to_string()),
        version: Some(version),
        schema_id: Some(id),
        detail: json!({ "guid": candidate.identity.guid(), "mode": mode }),
    })
    .await?;
    let stored = tx
        .versions(subject)
        .await?
        .into_iter()
        .find(|v| v.version == version)
        .ok_or_else(|| ApiError::internal("registered version not found in its transaction"))?;
    Ok(Registered::New(stored, warnings))
}

// ---------------------------------------------------------------------------------------------
// Lookup

/// Find a schema under a subject (spec §5.6): by identity, then structurally (same canonical
/// text and references, metadata differing at most in `confluent:version`).
pub async fn lookup(
    state: &AppState,
    subject: &str,
    req: &RegisterSchemaRequest,
    normalize: bool,
    include_deleted: bool,
) -> ApiResult<Schema> {
    let mut reads = state.store.read().await?;
    let config = effective_config(reads.as_mut(), Some(subject)).await?;
    let normalize = normalize || config.normalize.unwrap_or(false);
    let versions = reads.versions(subject).await?;
    let candidates: Vec<&VersionRecord> = versions
        .iter()
        .rev()
        .filter(|v| include_deleted || !v.deleted)
        .collect();
    if candidates.is_empty() {
        return Err(ApiError::subject_not_found(subject));
    }
    // As register would: absent metadata and rules are those of the latest version, merged
    // under and over the config's defaults and overrides.
    let merged = with_data_contract(req, &versions, &config);
    let req = &merged;
    let candidate = prepare(state, reads.as_mut(), req, normalize, false).await?;
    let identity = candidate.identity.hex();
    if let Some(v) = candidates.iter().find(|v| v.schema.identity == identity) {
        return Ok(schema_response(v));
    }
    let strip = |m: Option<&Metadata>| {
        m.cloned().map(|mut m| {
            m.properties.remove("confluent:version");
            m
        })
    };
    let wanted_text = canonical::parse(&candidate.canonical, &state.options.limits)
        .map(|v| canonical::canonical_text(&v, true))
        .unwrap_or_default();
    for v in &candidates {
        let stored_text = canonical::parse(&v.schema.schema, &state.options.limits)
            .map(|v| canonical::canonical_text(&v, true))
            .unwrap_or_default();
        let text_matches = if normalize {
            stored_text == wanted_text
        } else {
            v.schema.schema == candidate.canonical
        };
        if text_matches
            && v.schema.references == candidate.references
            && strip(v.schema.metadata.as_ref()) == strip(candidate.metadata.as_ref())
            && (req.rule_set.is_none() || v.schema.rule_set == req.rule_set)
        {
            return Ok(schema_response(v));
        }
    }
    Err(ApiError::schema_not_found())
}

// ---------------------------------------------------------------------------------------------
// Deletion

fn schema_key(subject: &str, version: i32) -> String {
    format!("{{magic=1,keytype=SCHEMA,subject={subject},version={version}}}")
}

async fn refuse_when_read_only(tx: &mut dyn WriteTx, subject: &str) -> ApiResult<()> {
    let mode = effective_mode(tx, Some(subject)).await?;
    if mode == "READONLY" || mode == "READONLY_OVERRIDE" {
        return Err(ApiError::not_permitted(format!(
            "Subject {subject} in context {} is in read-only mode",
            context_of(subject)
        )));
    }
    Ok(())
}

/// `DELETE /subjects/{subject}/versions/{version}` (spec §6).
pub async fn delete_version(
    state: &AppState,
    subject: &str,
    version: &str,
    permanent: bool,
) -> ApiResult<i32> {
    let sel = VersionSel::parse(version)?;
    let mut tx = state.store.write(Some(subject)).await?;
    refuse_when_read_only(tx.as_mut(), subject).await?;
    let versions = tx.versions(subject).await?;
    if versions.is_empty() {
        return Err(ApiError::subject_not_found(subject));
    }
    let live: Vec<&VersionRecord> = versions.iter().filter(|v| !v.deleted).collect();
    let all: Vec<&VersionRecord> = versions.iter().collect();
    let found = match sel {
        VersionSel::Latest if !live.is_empty() || !permanent => sel.pick(&live),
        _ => sel.pick(&all),
    };
    let Some(found) = found else {
        if !permanent && live.is_empty() {
            return Err(ApiError::subject_not_found(subject));
        }
        return Err(ApiError::version_not_found(version));
    };
    let n = found.version;
    let referrers = tx.referrers(subject, n).await?;
    if permanent {
        if !found.deleted {
            return Err(ApiError::version_not_soft_deleted(subject, n));
        }
        if !referrers.is_empty() {
            return Err(ApiError::reference_exists(schema_key(subject, n)));
        }
        tx.hard_delete(subject, n).await?;
        if versions.len() == 1 {
            tx.set_config(subject, None).await?;
            tx.set_mode(subject, None).await?;
        }
    } else {
        if found.deleted {
            return Err(ApiError::version_soft_deleted(subject, n));
        }
        if referrers.iter().any(|r| r.live) {
            return Err(ApiError::reference_exists(schema_key(subject, n)));
        }
        tx.soft_delete(subject, n).await?;
    }
    tx.event(NewEvent {
        kind: if permanent {
            "version.hard_deleted"
        } else {
            "version.soft_deleted"
        },
        subject: Some(subject.to_string()),
        version: Some(n),
        schema_id: Some(found.schema.id),
        detail: json!({}),
    })
    .await?;
    tx.commit().await?;
    Ok(n)
}

/// `DELETE /subjects/{subject}` (spec §6).
pub async fn delete_subject(
    state: &AppState,
    subject: &str,
    permanent: bool,
) -> ApiResult<Vec<i32>> {
    let mut tx = state.store.write(Some(subject)).await?;
    refuse_when_read_only(tx.as_mut(), subject).await?;
    let versions = tx.versions(subject).await?;
    if versions.is_empty() {
        return Err(ApiError::subject_not_found(subject));
    }
    let live: Vec<&VersionRecord> = versions.iter().filter(|v| !v.deleted).collect();
    let deleted: Vec<i32> = if permanent {
        if !live.is_empty() {
            return Err(ApiError::subject_not_soft_deleted(subject));
        }
        for v in &versions {
            if !tx.referrers(subject, v.version).await?.is_empty() {
                return Err(ApiError::reference_exists(schema_key(subject, v.version)));
            }
        }
        for v in versions.iter().rev() {
            tx.hard_delete(subject, v.version).await?;
        }
        tx.set_config(subject, None).await?;
        tx.set_mode(subject, None).await?;
        versions.iter().map(|v| v.version).collect()
    } else {
        if live.is_empty() {
            return Err(ApiError::subject_soft_deleted(subject));
        }
        for v in &live {
            if tx
                .referrers(subject, v.version)
                .await?
                .iter()
                .any(|r| r.live)
            {
                return Err(ApiError::reference_exists(schema_key(subject, v.version)));
            }
        }
        for v in &live {
            tx.soft_delete(subject, v.version).await?;
        }
        live.iter().map(|v| v.version).collect()
    };
    tx.event(NewEvent {
        kind: if permanent {
            "subject.hard_deleted"
        } else {
            "subject.soft_deleted"
        },
        subject: Some(subject.to_string()),
        version: None,
        schema_id: None,
        detail: json!({ "versions": deleted }),
    })
    .await?;
    tx.commit().await?;
    Ok(deleted)
}

/// Subjects in a context: every subject whose context is `ctx`.
pub fn contexts_of(subjects: &[String]) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = vec![".".to_string()];
    seen.insert(".".to_string());
    for s in subjects {
        let c = context_of(s).to_string();
        if seen.insert(c.clone()) {
            out.push(c);
        }
    }
    out.sort();
    out
}
