//! The SQL store: one implementation for SQLite and PostgreSQL through sqlx's `Any` driver, with
//! the few dialect differences (how writers are serialised, how imported ids move the id
//! sequence) kept in [`Dialect`].
//!
//! SQLite runs in WAL mode with `synchronous=FULL` (a commit is on disk before it is
//! acknowledged, power loss included), with a separate single-connection write pool (so writers
//! queue in the process instead of spinning on the file lock) and `BEGIN IMMEDIATE` transactions
//! (so writers in other processes are serialised by the database). PostgreSQL serialises writers of one
//! subject with `SELECT ... FOR UPDATE` on the subject's row; writers of different subjects run
//! in parallel, and the unique identity index settles races on a new schema.

use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::Arc;
use std::time::Duration;

use accord_schemas::api::Config;
use async_trait::async_trait;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, Row, Transaction};

use crate::cache::BoundedCache;

use super::{
    AppVersionRecord, ContractRecord, DeploymentRecord, Event, NewAppVersion, NewEvent, NewSchema,
    ProducedRecord, ProducerRecord, Reads, Referrer, SchemaRecord, Store, StoreError, StoreResult,
    SubjectSummary, VersionRecord, WriteTx,
};

mod contracts;
mod events;
mod schemas;
mod settings;

use contracts::{
    q_app_versions, q_applications, q_contracts_of, q_contracts_on, q_deployments, q_producers_on,
    q_produces_of,
};
use schemas::{
    q_referrers, q_schema, q_subjects, q_versions, schema_from_row, version_from_row, SchemaKey,
    SCHEMA_COLUMNS, VERSION_SELECT,
};
use settings::{q_config, q_mode};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The SQL dialect behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite (a file, WAL mode).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// Options for opening a store.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Most connections of the (read) pool.
    pub max_connections: u32,
    /// How long to wait for a connection or a lock before failing.
    pub acquire_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            max_connections: crate::defaults::MAX_CONNECTIONS,
            acquire_timeout: Duration::from_secs(30),
        }
    }
}

/// Schemas by id, in memory.
///
/// A schema row never changes, but whether `GET /schemas/ids/{id}` may serve it does: once the
/// last version using it is hard-deleted, the id answers 404 (as in Confluent Schema Registry).
/// So an id is cached as servable only after the database said so, and evicted on every hard
/// delete that touches it: locally when the deleting transaction commits, and on every other
/// instance through PostgreSQL's `NOTIFY` (sent by that transaction, delivered on commit). A
/// fill that raced with an eviction is dropped (the generation moved), and a lost notification
/// connection clears the whole cache. SQLite is a single-instance store: several processes on
/// one SQLite file would not see each other's hard deletes here.
#[derive(Debug)]
struct SchemaCache {
    servable: BoundedCache<i64, Arc<SchemaRecord>>,
    generation: AtomicU64,
}

impl Default for SchemaCache {
    fn default() -> Self {
        SchemaCache {
            servable: BoundedCache::new(Self::MAX_ENTRIES),
            generation: AtomicU64::new(0),
        }
    }
}

impl SchemaCache {
    const MAX_ENTRIES: usize = 100_000;

    fn get(&self, id: i64) -> Option<Arc<SchemaRecord>> {
        self.servable.get(&id)
    }

    fn generation(&self) -> u64 {
        self.generation.load(AtomicOrdering::Acquire)
    }

    fn fill(&self, seen_generation: u64, record: Arc<SchemaRecord>) {
        // Checked under the cache's write lock: an eviction bumps the generation before it
        // takes that lock, so a fill that read the database before it is dropped.
        self.servable
            .insert_when(record.id, record, || self.generation() == seen_generation);
    }

    fn evict(&self, id: i64) {
        self.generation.fetch_add(1, AtomicOrdering::AcqRel);
        self.servable.remove(&id);
    }

    fn clear(&self) {
        self.generation.fetch_add(1, AtomicOrdering::AcqRel);
        self.servable.clear();
    }
}

/// The PostgreSQL channel hard deletes are announced on (payload: the schema id).
const EVICT_CHANNEL: &str = "accord_schema_hard_deleted";

/// The store. See the module documentation.
#[derive(Debug, Clone)]
pub struct SqlStore {
    read: AnyPool,
    write: AnyPool,
    dialect: Dialect,
    cache: Arc<SchemaCache>,
    listener: Option<Arc<tokio::task::JoinHandle<()>>>,
}

/// Turn a database setting into a URL: `postgres://...` and `sqlite:...` pass through, anything
/// else is a SQLite file path (created with its folder when missing).
pub fn database_url(setting: &str) -> StoreResult<String> {
    if setting.starts_with("postgres://") || setting.starts_with("postgresql://") {
        return Ok(setting.to_string());
    }
    let path = setting
        .strip_prefix("sqlite://")
        .or_else(|| setting.strip_prefix("sqlite:"))
        .unwrap_or(setting);
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    if let Some(parent) = Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|e| {
                StoreError::Corrupt(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
    }
    Ok(match query {
        Some(q) => format!("sqlite://{path}?{q}"),
        None => format!("sqlite://{path}?mode=rwc"),
    })
}

impl SqlStore {
    /// Open the database named by `setting` (see [`database_url`]) and apply migrations.
    pub async fn connect(setting: &str, options: &StoreOptions) -> StoreResult<SqlStore> {
        sqlx::any::install_default_drivers();
        let url = database_url(setting)?;
        let dialect = if url.starts_with("sqlite:") {
            Dialect::Sqlite
        } else {
            Dialect::Postgres
        };
        let connect = AnyConnectOptions::from_str(&url)?;
        let store = match dialect {
            Dialect::Sqlite => {
                // WAL is a property of the file: set it once, before the pools open.
                let mut c = AnyConnection::connect_with(&connect).await?;
                c.execute("PRAGMA journal_mode=WAL").await?;
                c.close().await?;
                let pool = |max: u32| {
                    AnyPoolOptions::new()
                        .max_connections(max)
                        .acquire_timeout(options.acquire_timeout)
                        .after_connect(|conn, _| {
                            Box::pin(async move {
                                conn.execute(
                                    "PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON; \
                                     PRAGMA synchronous=FULL",
                                )
                                .await?;
                                Ok(())
                            })
                        })
                        .connect_with(connect.clone())
                };
                SqlStore {
                    read: pool(options.max_connections.max(1)).await?,
                    write: pool(1).await?,
                    dialect,
                    cache: Arc::default(),
                    listener: None,
                }
            }
            Dialect::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(options.max_connections.max(2))
                    .acquire_timeout(options.acquire_timeout)
                    .connect_with(connect)
                    .await?;
                let cache: Arc<SchemaCache> = Arc::default();
                let listener = listen_for_evictions(&url, cache.clone()).await?;
                SqlStore {
                    read: pool.clone(),
                    write: pool,
                    dialect,
                    cache,
                    listener: Some(Arc::new(listener)),
                }
            }
        };
        let migrator = match dialect {
            Dialect::Sqlite => &SQLITE_MIGRATIONS,
            Dialect::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&store.write).await?;
        Ok(store)
    }

    /// The dialect.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Close the pools.
    pub async fn close(&self) {
        if let Some(l) = &self.listener {
            l.abort();
        }
        self.read.close().await;
        self.write.close().await;
    }
}

/// Listen for hard deletes announced by any instance and evict them from `cache`.
async fn listen_for_evictions(
    url: &str,
    cache: Arc<SchemaCache>,
) -> StoreResult<tokio::task::JoinHandle<()>> {
    let mut listener = sqlx::postgres::PgListener::connect(url).await?;
    listener.listen(EVICT_CHANNEL).await?;
    Ok(tokio::spawn(async move {
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => match n.payload().parse() {
                    Ok(id) => cache.evict(id),
                    Err(_) => cache.clear(),
                },
                // The connection was lost (sqlx reconnects): notifications may be missing.
                Ok(None) => cache.clear(),
                Err(e) => {
                    tracing::warn!(error = %e, "schema cache listener failed; retrying");
                    cache.clear();
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }))
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A pooled connection for reads.
struct ReadConn {
    conn: PoolConnection<Any>,
}

macro_rules! impl_reads {
    ($ty:ty, $field:ident) => {
        #[async_trait]
        impl Reads for $ty {
            async fn versions(&mut self, subject: &str) -> StoreResult<Vec<VersionRecord>> {
                q_versions(&mut self.$field, subject).await
            }
            async fn schema_by_identity(
                &mut self,
                identity: &str,
            ) -> StoreResult<Option<SchemaRecord>> {
                q_schema(&mut self.$field, SchemaKey::Identity(identity)).await
            }
            async fn schema_row(&mut self, id: i64) -> StoreResult<Option<SchemaRecord>> {
                q_schema(&mut self.$field, SchemaKey::Id(id)).await
            }
            async fn referrers(
                &mut self,
                subject: &str,
                version: i32,
            ) -> StoreResult<Vec<Referrer>> {
                q_referrers(&mut self.$field, subject, version).await
            }
            async fn config(&mut self, scope: &str) -> StoreResult<Option<Config>> {
                q_config(&mut self.$field, scope).await
            }
            async fn mode(&mut self, scope: &str) -> StoreResult<Option<String>> {
                q_mode(&mut self.$field, scope).await
            }
            async fn subjects(&mut self) -> StoreResult<Vec<SubjectSummary>> {
                q_subjects(&mut self.$field).await
            }
            async fn applications(&mut self) -> StoreResult<Vec<String>> {
                q_applications(&mut self.$field).await
            }
            async fn app_versions(&mut self, app: &str) -> StoreResult<Vec<AppVersionRecord>> {
                q_app_versions(&mut self.$field, app).await
            }
            async fn contracts_of(
                &mut self,
                app: &str,
                version: &str,
            ) -> StoreResult<Vec<ContractRecord>> {
                q_contracts_of(&mut self.$field, app, version).await
            }
            async fn produces_of(
                &mut self,
                app: &str,
                version: &str,
            ) -> StoreResult<Vec<ProducedRecord>> {
                q_produces_of(&mut self.$field, app, version).await
            }
            async fn contracts_on(&mut self, subject: &str) -> StoreResult<Vec<ContractRecord>> {
                q_contracts_on(&mut self.$field, subject).await
            }
            async fn producers_on(&mut self, subject: &str) -> StoreResult<Vec<ProducerRecord>> {
                q_producers_on(&mut self.$field, subject).await
            }
            async fn deployments(
                &mut self,
                environment: Option<&str>,
            ) -> StoreResult<Vec<DeploymentRecord>> {
                q_deployments(&mut self.$field, environment).await
            }
        }
    };
}

impl_reads!(ReadConn, conn);
impl_reads!(SqlTx, tx);

/// A write transaction.
struct SqlTx {
    tx: Transaction<'static, Any>,
    dialect: Dialect,
    cache: Arc<SchemaCache>,
    evicted: Vec<i64>,
}

impl SqlTx {
    /// PostgreSQL: take the write lock of each subject (in name order, so two writers cannot
    /// deadlock), as a registration does, so a registration and a change to the contracts that
    /// count for its subject are serialised. SQLite serialises every writer already.
    async fn lock_subjects(&mut self, mut subjects: Vec<&str>) -> StoreResult<()> {
        if self.dialect != Dialect::Postgres {
            return Ok(());
        }
        subjects.sort_unstable();
        subjects.dedup();
        for subject in subjects {
            sqlx::query("INSERT INTO subjects (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
                .bind(subject)
                .execute(&mut *self.tx)
                .await?;
            sqlx::query("SELECT name FROM subjects WHERE name = $1 FOR UPDATE")
                .bind(subject)
                .fetch_optional(&mut *self.tx)
                .await?;
        }
        Ok(())
    }
}

#[async_trait]
impl WriteTx for SqlTx {
    async fn insert_schema(&mut self, schema: &NewSchema, id: Option<i64>) -> StoreResult<i64> {
        let postgres = self.dialect == Dialect::Postgres;
        schemas::insert_schema(&mut self.tx, schema, id, postgres, now_ms()).await
    }

    async fn insert_version(
        &mut self,
        subject: &str,
        version: i32,
        schema_id: i64,
    ) -> StoreResult<()> {
        schemas::insert_version(&mut self.tx, subject, version, schema_id, now_ms()).await
    }

    async fn soft_delete(&mut self, subject: &str, version: i32) -> StoreResult<()> {
        schemas::soft_delete(&mut self.tx, subject, version, now_ms()).await
    }

    async fn hard_delete(&mut self, subject: &str, version: i32) -> StoreResult<()> {
        if let Some(id) = schemas::delete_version(&mut self.tx, subject, version).await? {
            if self.dialect == Dialect::Postgres {
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(EVICT_CHANNEL)
                    .bind(id.to_string())
                    .execute(&mut *self.tx)
                    .await?;
            }
            self.evicted.push(id);
        }
        Ok(())
    }

    async fn set_config(&mut self, scope: &str, config: Option<&Config>) -> StoreResult<()> {
        settings::set_config(&mut self.tx, scope, config).await
    }

    async fn set_mode(&mut self, scope: &str, mode: Option<&str>) -> StoreResult<()> {
        settings::set_mode(&mut self.tx, scope, mode).await
    }

    async fn publish_app_version(&mut self, p: &NewAppVersion) -> StoreResult<()> {
        // A new contract changes what registrations of its subject must satisfy.
        let subjects: Vec<&str> = p.contracts.iter().map(|c| c.subject.as_str()).collect();
        self.lock_subjects(subjects).await?;
        let postgres = self.dialect == Dialect::Postgres;
        contracts::publish(&mut self.tx, p, postgres, now_ms()).await
    }

    async fn record_deployment(
        &mut self,
        environment: &str,
        app: &str,
        version: &str,
    ) -> StoreResult<()> {
        // A deployed version's contracts count for registrations of their subjects.
        let deployed = q_contracts_of(&mut self.tx, app, version).await?;
        self.lock_subjects(deployed.iter().map(|c| c.subject.as_str()).collect())
            .await?;
        contracts::record_deployment(&mut self.tx, environment, app, version, now_ms()).await
    }

    async fn event(&mut self, event: NewEvent) -> StoreResult<()> {
        events::insert(&mut self.tx, event, now_ms()).await
    }

    async fn commit(self: Box<Self>) -> StoreResult<()> {
        let SqlTx {
            tx, cache, evicted, ..
        } = *self;
        tx.commit().await?;
        for id in evicted {
            cache.evict(id);
        }
        Ok(())
    }
}

#[async_trait]
impl Store for SqlStore {
    async fn read(&self) -> StoreResult<Box<dyn Reads>> {
        Ok(Box::new(ReadConn {
            conn: self.read.acquire().await?,
        }))
    }

    async fn write(&self, subject: Option<&str>) -> StoreResult<Box<dyn WriteTx>> {
        let tx = match self.dialect {
            Dialect::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await?,
            Dialect::Postgres => {
                let mut tx = self.write.begin().await?;
                if let Some(subject) = subject {
                    sqlx::query(
                        "INSERT INTO subjects (name) VALUES ($1) ON CONFLICT (name) DO NOTHING",
                    )
                    .bind(subject)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("SELECT name FROM subjects WHERE name = $1 FOR UPDATE")
                        .bind(subject)
                        .fetch_optional(&mut *tx)
                        .await?;
                }
                tx
            }
        };
        Ok(Box::new(SqlTx {
            tx,
            dialect: self.dialect,
            cache: self.cache.clone(),
            evicted: Vec::new(),
        }))
    }

    async fn ping(&self) -> StoreResult<()> {
        let mut conn = self.read.acquire().await?;
        conn.ping().await?;
        Ok(())
    }

    fn cached_schema(&self, id: i64) -> Option<Arc<SchemaRecord>> {
        self.cache.get(id)
    }

    async fn schema_by_id(&self, id: i64) -> StoreResult<Option<Arc<SchemaRecord>>> {
        if let Some(hit) = self.cache.get(id) {
            return Ok(Some(hit));
        }
        let generation = self.cache.generation();
        let mut conn = self.read.acquire().await?;
        let row = sqlx::query(&format!(
            "SELECT {SCHEMA_COLUMNS} FROM schemas s WHERE s.id = $1 \
             AND EXISTS (SELECT 1 FROM versions v WHERE v.schema_id = s.id)"
        ))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let record = Arc::new(schema_from_row(&row, 0)?);
        self.cache.fill(generation, record.clone());
        Ok(Some(record))
    }

    async fn versions_of_schema(&self, id: i64) -> StoreResult<Vec<(String, i32, bool)>> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT subject, version, deleted FROM versions WHERE schema_id = $1 \
             ORDER BY subject, version",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(s, v, d)| (s, v as i32, d != 0))
            .collect())
    }

    async fn max_schema_id(&self) -> StoreResult<i64> {
        let row: (Option<i64>,) = sqlx::query_as("SELECT MAX(id) FROM schemas")
            .fetch_one(&self.read)
            .await?;
        Ok(row.0.unwrap_or(0))
    }

    async fn all_versions(&self, prefix: &str) -> StoreResult<Vec<VersionRecord>> {
        let mut conn = self.read.acquire().await?;
        let rows = sqlx::query(&format!("{VERSION_SELECT} ORDER BY v.subject, v.version"))
            .fetch_all(&mut *conn)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let subject: String = row.try_get(0)?;
            if subject.starts_with(prefix) {
                out.push(version_from_row(row)?);
            }
        }
        Ok(out)
    }

    async fn events(&self, after: i64, limit: i64) -> StoreResult<Vec<Event>> {
        events::after(&self.read, after, limit).await
    }

    fn backend(&self) -> &'static str {
        match self.dialect {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }
}
