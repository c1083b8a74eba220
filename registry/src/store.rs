//! Storage: the [`Store`] trait of domain operations and its SQL implementation for SQLite and
//! PostgreSQL ([`sql::SqlStore`], chosen from the URL scheme).
//!
//! Conventions:
//! - Reads go through [`Store`] directly. Every change runs in a [`WriteTx`] opened with
//!   [`Store::write`], which serialises writers of one subject across every instance sharing the
//!   database (PostgreSQL: `SELECT ... FOR UPDATE` on the subject's row; SQLite: `BEGIN
//!   IMMEDIATE`), so "read history, check, append" cannot interleave. Dropping a transaction
//!   without [`WriteTx::commit`] rolls it back.
//! - Schemas are immutable once stored: a schema row is never updated or deleted, its id is
//!   allocated by the database and unique on the identity hash.
//! - Every change appends an [`Event`] to the audit log in the same transaction.
//! - SQL errors never reach handlers: [`StoreError`] says what happened in domain terms.

use std::sync::Arc;

use accord_schemas::api::{Config, Metadata, RuleSet, SchemaReference};
use async_trait::async_trait;

pub mod sql;

/// A stored schema: immutable, shared by every subject-version with the same identity.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaRecord {
    /// The global schema id.
    pub id: i64,
    /// What was stored under it.
    pub stored: NewSchema,
    /// The `GET /schemas/ids/{id}` answer, rendered once per record (it never changes).
    pub rendered: Memo<axum::body::Bytes>,
}

/// A value computed at most once from the immutable value holding it; never part of equality.
#[derive(Debug, Default, Clone)]
pub struct Memo<T>(std::sync::OnceLock<T>);

impl<T> PartialEq for Memo<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Memo<T> {
    /// The value, computed by `init` the first time.
    pub fn get_or_try_init<E>(&self, init: impl FnOnce() -> Result<T, E>) -> Result<&T, E> {
        if let Some(v) = self.0.get() {
            return Ok(v);
        }
        let v = init()?;
        Ok(self.0.get_or_init(|| v))
    }
}

impl SchemaRecord {
    /// The identity as a GUID string.
    pub fn guid(&self) -> String {
        accord_schemas::identity::Identity::parse_guid(&self.stored.identity)
            .map(|i| i.guid())
            .unwrap_or_default()
    }
}

/// A schema about to be stored, or as stored ([`SchemaRecord::stored`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NewSchema {
    /// The identity hash, 32 lowercase hex digits.
    pub identity: String,
    /// `JSON`.
    pub schema_type: String,
    /// The canonical schema text.
    pub schema: String,
    /// References, in request order.
    pub references: Vec<SchemaReference>,
    /// Metadata, when the registration carried any.
    pub metadata: Option<Metadata>,
    /// Rules, when the registration carried any.
    pub rule_set: Option<RuleSet>,
}

/// One version of a subject with its schema.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionRecord {
    /// The subject.
    pub subject: String,
    /// The version number.
    pub version: i32,
    /// Whether it is soft-deleted.
    pub deleted: bool,
    /// When it was registered, or soft-deleted (epoch milliseconds).
    pub ts: i64,
    /// The schema.
    pub schema: Arc<SchemaRecord>,
}

/// A subject and whether all its versions are soft-deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectSummary {
    /// The subject.
    pub name: String,
    /// Whether it has no live version left.
    pub soft_deleted: bool,
}

/// A schema that references a subject-version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Referrer {
    /// The referring schema's id.
    pub schema_id: i64,
    /// Whether some live version uses the referring schema.
    pub live: bool,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Position in the log.
    pub seq: i64,
    /// Epoch milliseconds.
    pub ts: i64,
    /// `schema.registered`, `version.deleted`, `config.changed`, ...
    pub kind: String,
    /// The subject concerned, if any.
    pub subject: Option<String>,
    /// The version concerned, if any.
    pub version: Option<i32>,
    /// The schema concerned, if any.
    pub schema_id: Option<i64>,
    /// Details as JSON.
    pub detail: serde_json::Value,
}

/// An event about to be appended.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// See [`Event::kind`].
    pub kind: &'static str,
    /// See [`Event::subject`].
    pub subject: Option<String>,
    /// See [`Event::version`].
    pub version: Option<i32>,
    /// See [`Event::schema_id`].
    pub schema_id: Option<i64>,
    /// See [`Event::detail`].
    pub detail: serde_json::Value,
}

/// A published version of an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppVersionRecord {
    /// The application.
    pub app: String,
    /// The version as published (a git SHA or a semantic version).
    pub version: String,
    /// The branch it was built from.
    pub branch: String,
    /// When it was first published (epoch milliseconds).
    pub created_at: i64,
    /// Publication order among the application's versions.
    pub seq: i64,
}

/// A consumer contract as stored: what one application version reads of one subject.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractRecord {
    /// The consumer application.
    pub app: String,
    /// The consumer's version.
    pub version: String,
    /// The subject read.
    pub subject: String,
    /// The reads as published (JSON array), when a table of reads was published.
    pub reads: Option<String>,
    /// The reader schema (compiled from the reads, or as published).
    pub reader: String,
}

/// A subject an application version produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducedRecord {
    /// The subject.
    pub subject: String,
    /// The schema version it pins, if any (else the subject's latest).
    pub schema_version: Option<i32>,
}

/// An application version that produces a subject, with the schema version it pins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerRecord {
    /// The producing application.
    pub app: String,
    /// The producer's version.
    pub version: String,
    /// The subject and the schema version it pins, if any.
    pub produced: ProducedRecord,
}

/// What a publication writes: the version with its contracts and produced subjects.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAppVersion {
    /// The application.
    pub app: String,
    /// The version.
    pub version: String,
    /// The branch.
    pub branch: String,
    /// Its contracts (their `app` and `version` are those above).
    pub contracts: Vec<ContractRecord>,
    /// What it produces.
    pub produces: Vec<ProducedRecord>,
}

/// One deployment: `app` at `version` runs in `environment`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeploymentRecord {
    /// The environment.
    pub environment: String,
    /// The application.
    pub app: String,
    /// The deployed version.
    pub version: String,
    /// When it was recorded (epoch milliseconds).
    pub deployed_at: i64,
}

/// What can go wrong in the store, in domain terms.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// A uniqueness rule was violated (e.g. an imported id or version already taken).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The database could not be reached or failed.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    /// Stored data could not be read back.
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
    /// Migrations could not be applied.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(db.message().to_string())
            }
            _ => StoreError::Database(e),
        }
    }
}

/// The result type of the store.
pub type StoreResult<T> = Result<T, StoreError>;

/// Reads shared by [`Store`] and [`WriteTx`].
#[async_trait]
pub trait Reads: Send {
    /// Every version of `subject`, live and soft-deleted, oldest first.
    async fn versions(&mut self, subject: &str) -> StoreResult<Vec<VersionRecord>>;
    /// The schema with this identity hash, whether or not any version uses it now.
    async fn schema_by_identity(&mut self, identity: &str) -> StoreResult<Option<SchemaRecord>>;
    /// The schema with this id, whether or not any version uses it now.
    async fn schema_row(&mut self, id: i64) -> StoreResult<Option<SchemaRecord>>;
    /// The schemas referencing `subject` at `version`.
    async fn referrers(&mut self, subject: &str, version: i32) -> StoreResult<Vec<Referrer>>;
    /// The config stored for a scope (`""` = global).
    async fn config(&mut self, scope: &str) -> StoreResult<Option<Config>>;
    /// The mode stored for a scope (`""` = global).
    async fn mode(&mut self, scope: &str) -> StoreResult<Option<String>>;
    /// Every subject with at least one version.
    async fn subjects(&mut self) -> StoreResult<Vec<SubjectSummary>>;
    /// Every application's name, sorted.
    async fn applications(&mut self) -> StoreResult<Vec<String>>;
    /// The published versions of `app`, in publication order.
    async fn app_versions(&mut self, app: &str) -> StoreResult<Vec<AppVersionRecord>>;
    /// The contracts of one application version, by subject.
    async fn contracts_of(&mut self, app: &str, version: &str) -> StoreResult<Vec<ContractRecord>>;
    /// What one application version produces, by subject.
    async fn produces_of(&mut self, app: &str, version: &str) -> StoreResult<Vec<ProducedRecord>>;
    /// Every contract on `subject`, of every application version.
    async fn contracts_on(&mut self, subject: &str) -> StoreResult<Vec<ContractRecord>>;
    /// Every application version that produces `subject`, by application and version.
    async fn producers_on(&mut self, subject: &str) -> StoreResult<Vec<ProducerRecord>>;
    /// Deployments, of one environment or (`None`) of all, by environment and application.
    async fn deployments(
        &mut self,
        environment: Option<&str>,
    ) -> StoreResult<Vec<DeploymentRecord>>;
}

/// The registry's storage. See the module documentation.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// A read handle (a pooled connection).
    async fn read(&self) -> StoreResult<Box<dyn Reads>>;
    /// Open a write transaction; with `subject`, writers of that subject are serialised.
    async fn write(&self, subject: Option<&str>) -> StoreResult<Box<dyn WriteTx>>;
    /// Whether the database answers.
    async fn ping(&self) -> StoreResult<()>;
    /// The stored schema with this id, if some version (live or soft-deleted) still uses it.
    async fn schema_by_id(&self, id: i64) -> StoreResult<Option<Arc<SchemaRecord>>>;
    /// [`Store::schema_by_id`] when the answer is already in memory, without a future: the
    /// hot path of `GET /schemas/ids/{id}` (a boxed future the size of a query per request
    /// costs more than the lookup). `None` means "ask [`Store::schema_by_id`]".
    fn cached_schema(&self, _id: i64) -> Option<Arc<SchemaRecord>> {
        None
    }
    /// Every version (live and soft-deleted) using schema `id`.
    async fn versions_of_schema(&self, id: i64) -> StoreResult<Vec<(String, i32, bool)>>;
    /// The highest schema id.
    async fn max_schema_id(&self) -> StoreResult<i64>;
    /// Every version of every subject whose name starts with `prefix`, with its schema.
    async fn all_versions(&self, prefix: &str) -> StoreResult<Vec<VersionRecord>>;
    /// Audit events after `after`, oldest first, at most `limit`.
    async fn events(&self, after: i64, limit: i64) -> StoreResult<Vec<Event>>;
    /// The backend's name, `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
}

/// A write transaction. See the module documentation.
#[async_trait]
pub trait WriteTx: Reads {
    /// Store a schema row (`id` only in IMPORT mode) and return its id; an existing row with the
    /// same identity is reused.
    async fn insert_schema(&mut self, schema: &NewSchema, id: Option<i64>) -> StoreResult<i64>;
    /// Add a live version of `subject` using schema `schema_id`.
    async fn insert_version(
        &mut self,
        subject: &str,
        version: i32,
        schema_id: i64,
    ) -> StoreResult<()>;
    /// Mark a version soft-deleted.
    async fn soft_delete(&mut self, subject: &str, version: i32) -> StoreResult<()>;
    /// Remove a version.
    async fn hard_delete(&mut self, subject: &str, version: i32) -> StoreResult<()>;
    /// Set (`Some`) or remove (`None`) the config of a scope.
    async fn set_config(&mut self, scope: &str, config: Option<&Config>) -> StoreResult<()>;
    /// Set (`Some`) or remove (`None`) the mode of a scope.
    async fn set_mode(&mut self, scope: &str, mode: Option<&str>) -> StoreResult<()>;
    /// Publish an application version (creating the application if needed), replacing the
    /// contracts and produced subjects of an earlier publication of the same version; its
    /// publication order stays that of the first publication.
    async fn publish_app_version(&mut self, published: &NewAppVersion) -> StoreResult<()>;
    /// Record `app` at `version` as deployed in `environment`, replacing the app's previous
    /// version there.
    async fn record_deployment(
        &mut self,
        environment: &str,
        app: &str,
        version: &str,
    ) -> StoreResult<()>;
    /// Append an audit event.
    async fn event(&mut self, event: NewEvent) -> StoreResult<()>;
    /// Make every change of this transaction durable.
    async fn commit(self: Box<Self>) -> StoreResult<()>;
}
