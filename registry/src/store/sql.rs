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

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use accord_schemas::api::Config;
use async_trait::async_trait;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, Row, Transaction};

use super::{
    AppVersionRecord, ContractRecord, DeploymentRecord, Event, NewAppVersion, NewEvent, NewSchema,
    ProducedRecord, ProducerRecord, Reads, Referrer, SchemaRecord, Store, StoreError, StoreResult,
    SubjectSummary, VersionRecord, WriteTx,
};

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
            max_connections: 10,
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
#[derive(Debug, Default)]
struct SchemaCache {
    servable: RwLock<HashMap<i64, Arc<SchemaRecord>>>,
    generation: AtomicU64,
}

impl SchemaCache {
    const MAX_ENTRIES: usize = 100_000;

    fn get(&self, id: i64) -> Option<Arc<SchemaRecord>> {
        self.servable.read().expect("cache lock").get(&id).cloned()
    }

    fn generation(&self) -> u64 {
        self.generation.load(AtomicOrdering::Acquire)
    }

    fn fill(&self, seen_generation: u64, record: Arc<SchemaRecord>) {
        let mut map = self.servable.write().expect("cache lock");
        if self.generation() != seen_generation {
            return;
        }
        if map.len() >= Self::MAX_ENTRIES {
            map.clear();
        }
        map.insert(record.id, record);
    }

    fn evict(&self, id: i64) {
        let mut map = self.servable.write().expect("cache lock");
        self.generation.fetch_add(1, AtomicOrdering::AcqRel);
        map.remove(&id);
    }

    fn clear(&self) {
        let mut map = self.servable.write().expect("cache lock");
        self.generation.fetch_add(1, AtomicOrdering::AcqRel);
        map.clear();
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

const SCHEMA_COLUMNS: &str = "id, identity, schema_type, schema, refs, metadata, rule_set";

fn schema_from_row(row: &sqlx::any::AnyRow, offset: usize) -> StoreResult<SchemaRecord> {
    let refs: String = row.try_get(offset + 4)?;
    let metadata: Option<String> = row.try_get(offset + 5)?;
    let rule_set: Option<String> = row.try_get(offset + 6)?;
    let corrupt = |what: &str, e: serde_json::Error| StoreError::Corrupt(format!("{what}: {e}"));
    Ok(SchemaRecord {
        id: row.try_get(offset)?,
        identity: row.try_get(offset + 1)?,
        schema_type: row.try_get(offset + 2)?,
        schema: row.try_get(offset + 3)?,
        references: serde_json::from_str(&refs).map_err(|e| corrupt("references", e))?,
        metadata: metadata
            .map(|m| serde_json::from_str(&m))
            .transpose()
            .map_err(|e| corrupt("metadata", e))?,
        rule_set: rule_set
            .map(|m| serde_json::from_str(&m))
            .transpose()
            .map_err(|e| corrupt("ruleSet", e))?,
        rendered: Default::default(),
    })
}

async fn q_schema_row(c: &mut AnyConnection, id: i64) -> StoreResult<Option<SchemaRecord>> {
    let row = sqlx::query(&format!(
        "SELECT {SCHEMA_COLUMNS} FROM schemas WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *c)
    .await?;
    row.map(|r| schema_from_row(&r, 0)).transpose()
}

async fn q_schema_by_identity(
    c: &mut AnyConnection,
    identity: &str,
) -> StoreResult<Option<SchemaRecord>> {
    let row = sqlx::query(&format!(
        "SELECT {SCHEMA_COLUMNS} FROM schemas WHERE identity = $1"
    ))
    .bind(identity)
    .fetch_optional(&mut *c)
    .await?;
    row.map(|r| schema_from_row(&r, 0)).transpose()
}

fn version_from_row(row: &sqlx::any::AnyRow) -> StoreResult<VersionRecord> {
    let version: i64 = row.try_get(1)?;
    let deleted: i64 = row.try_get(2)?;
    Ok(VersionRecord {
        subject: row.try_get(0)?,
        version: version as i32,
        deleted: deleted != 0,
        ts: row.try_get(3)?,
        schema: Arc::new(schema_from_row(row, 4)?),
    })
}

const VERSION_SELECT: &str = "SELECT v.subject, v.version, v.deleted, v.ts, \
    s.id, s.identity, s.schema_type, s.schema, s.refs, s.metadata, s.rule_set \
    FROM versions v JOIN schemas s ON s.id = v.schema_id";

async fn q_versions(c: &mut AnyConnection, subject: &str) -> StoreResult<Vec<VersionRecord>> {
    let rows = sqlx::query(&format!(
        "{VERSION_SELECT} WHERE v.subject = $1 ORDER BY v.version"
    ))
    .bind(subject)
    .fetch_all(&mut *c)
    .await?;
    rows.iter().map(version_from_row).collect()
}

async fn q_referrers(
    c: &mut AnyConnection,
    subject: &str,
    version: i32,
) -> StoreResult<Vec<Referrer>> {
    let rows = sqlx::query(
        "SELECT r.schema_id, \
           (SELECT COUNT(*) FROM versions v WHERE v.schema_id = r.schema_id AND v.deleted = 0), \
           (SELECT COUNT(*) FROM versions v WHERE v.schema_id = r.schema_id) \
         FROM schema_refs r WHERE r.subject = $1 AND r.version = $2 ORDER BY r.schema_id",
    )
    .bind(subject)
    .bind(version as i64)
    .fetch_all(&mut *c)
    .await?;
    let mut out = Vec::new();
    for row in rows {
        let live: i64 = row.try_get(1)?;
        let any: i64 = row.try_get(2)?;
        if any > 0 {
            out.push(Referrer {
                schema_id: row.try_get(0)?,
                live: live > 0,
            });
        }
    }
    out.dedup_by_key(|r| r.schema_id);
    Ok(out)
}

async fn q_config(c: &mut AnyConnection, scope: &str) -> StoreResult<Option<Config>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT body FROM config WHERE scope = $1")
        .bind(scope)
        .fetch_optional(&mut *c)
        .await?;
    row.map(|(body,)| {
        serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(format!("config: {e}")))
    })
    .transpose()
}

async fn q_mode(c: &mut AnyConnection, scope: &str) -> StoreResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT mode FROM modes WHERE scope = $1")
        .bind(scope)
        .fetch_optional(&mut *c)
        .await?;
    Ok(row.map(|(m,)| m))
}

async fn q_subjects(c: &mut AnyConnection) -> StoreResult<Vec<SubjectSummary>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT subject, SUM(CASE WHEN deleted = 0 THEN 1 ELSE 0 END) \
         FROM versions GROUP BY subject ORDER BY subject",
    )
    .fetch_all(&mut *c)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, live)| SubjectSummary {
            name,
            soft_deleted: live == 0,
        })
        .collect())
}

async fn q_applications(c: &mut AnyConnection) -> StoreResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT name FROM applications ORDER BY name")
        .fetch_all(&mut *c)
        .await?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}

async fn q_app_versions(c: &mut AnyConnection, app: &str) -> StoreResult<Vec<AppVersionRecord>> {
    let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT app, version, branch, created_at, seq FROM app_versions WHERE app = $1 \
         ORDER BY seq",
    )
    .bind(app)
    .fetch_all(&mut *c)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(app, version, branch, created_at, seq)| AppVersionRecord {
            app,
            version,
            branch,
            created_at,
            seq,
        })
        .collect())
}

const CONTRACT_SELECT: &str = "SELECT app, version, subject, reads, reader FROM contracts";

fn contracts_from(
    rows: Vec<(String, String, String, Option<String>, String)>,
) -> Vec<ContractRecord> {
    rows.into_iter()
        .map(|(app, version, subject, reads, reader)| ContractRecord {
            app,
            version,
            subject,
            reads,
            reader,
        })
        .collect()
}

async fn q_contracts_of(
    c: &mut AnyConnection,
    app: &str,
    version: &str,
) -> StoreResult<Vec<ContractRecord>> {
    let rows = sqlx::query_as(&format!(
        "{CONTRACT_SELECT} WHERE app = $1 AND version = $2 ORDER BY subject"
    ))
    .bind(app)
    .bind(version)
    .fetch_all(&mut *c)
    .await?;
    Ok(contracts_from(rows))
}

async fn q_contracts_on(c: &mut AnyConnection, subject: &str) -> StoreResult<Vec<ContractRecord>> {
    let rows = sqlx::query_as(&format!(
        "{CONTRACT_SELECT} WHERE subject = $1 ORDER BY app, version"
    ))
    .bind(subject)
    .fetch_all(&mut *c)
    .await?;
    Ok(contracts_from(rows))
}

async fn q_produces_of(
    c: &mut AnyConnection,
    app: &str,
    version: &str,
) -> StoreResult<Vec<ProducedRecord>> {
    let rows: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT subject, schema_version FROM produces WHERE app = $1 AND version = $2 \
         ORDER BY subject",
    )
    .bind(app)
    .bind(version)
    .fetch_all(&mut *c)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(subject, v)| ProducedRecord {
            subject,
            schema_version: v.map(|v| v as i32),
        })
        .collect())
}

async fn q_producers_on(c: &mut AnyConnection, subject: &str) -> StoreResult<Vec<ProducerRecord>> {
    let rows: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT app, version, subject, schema_version FROM produces WHERE subject = $1 \
         ORDER BY app, version",
    )
    .bind(subject)
    .fetch_all(&mut *c)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(app, version, subject, v)| ProducerRecord {
            app,
            version,
            produced: ProducedRecord {
                subject,
                schema_version: v.map(|v| v as i32),
            },
        })
        .collect())
}

async fn q_deployments(
    c: &mut AnyConnection,
    environment: Option<&str>,
) -> StoreResult<Vec<DeploymentRecord>> {
    let select = "SELECT environment, app, version, deployed_at FROM deployments";
    let rows: Vec<(String, String, String, i64)> = match environment {
        Some(env) => {
            sqlx::query_as(&format!(
                "{select} WHERE environment = $1 ORDER BY environment, app"
            ))
            .bind(env)
            .fetch_all(&mut *c)
            .await?
        }
        None => {
            sqlx::query_as(&format!("{select} ORDER BY environment, app"))
                .fetch_all(&mut *c)
                .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(
            |(environment, app, version, deployed_at)| DeploymentRecord {
                environment,
                app,
                version,
                deployed_at,
            },
        )
        .collect())
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
                q_schema_by_identity(&mut self.$field, identity).await
            }
            async fn schema_row(&mut self, id: i64) -> StoreResult<Option<SchemaRecord>> {
                q_schema_row(&mut self.$field, id).await
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
        let explicit_id = id;
        if let Some(existing) = q_schema_by_identity(&mut self.tx, &schema.identity).await? {
            return Ok(existing.id);
        }
        let refs = serde_json::to_string(&schema.references)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let metadata = schema
            .metadata
            .as_ref()
            .map(|m| serde_json::to_string(m).unwrap_or_default());
        let rule_set = schema
            .rule_set
            .as_ref()
            .map(|m| serde_json::to_string(m).unwrap_or_default());
        // A concurrent writer of another subject may store the same identity first: the unique
        // index makes us wait for it, then we take its row.
        let conflict = "ON CONFLICT (identity) DO NOTHING RETURNING id";
        let inserted: Option<(i64,)> = match id {
            Some(id) => {
                sqlx::query_as(&format!(
                    "INSERT INTO schemas (id, identity, schema_type, schema, refs, metadata, \
                     rule_set, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) {conflict}"
                ))
                .bind(id)
                .bind(&schema.identity)
                .bind(&schema.schema_type)
                .bind(&schema.schema)
                .bind(&refs)
                .bind(metadata.clone())
                .bind(rule_set.clone())
                .bind(now_ms())
                .fetch_optional(&mut *self.tx)
                .await?
            }
            None => {
                sqlx::query_as(&format!(
                    "INSERT INTO schemas (identity, schema_type, schema, refs, metadata, \
                     rule_set, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) {conflict}"
                ))
                .bind(&schema.identity)
                .bind(&schema.schema_type)
                .bind(&schema.schema)
                .bind(&refs)
                .bind(metadata)
                .bind(rule_set)
                .bind(now_ms())
                .fetch_optional(&mut *self.tx)
                .await?
            }
        };
        let id = match inserted {
            Some((id,)) => id,
            None => q_schema_by_identity(&mut self.tx, &schema.identity)
                .await?
                .map(|s| s.id)
                .ok_or_else(|| StoreError::Conflict("schema row vanished".into()))?,
        };
        if inserted.is_some() {
            for r in &schema.references {
                sqlx::query(
                    "INSERT INTO schema_refs (schema_id, name, subject, version) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(&r.name)
                .bind(&r.subject)
                .bind(r.version as i64)
                .execute(&mut *self.tx)
                .await?;
            }
            if let (Dialect::Postgres, Some(explicit)) = (self.dialect, explicit_id) {
                // An explicit (imported) id does not move the identity sequence; move it here so
                // the next allocated id cannot collide with it. Never move it backwards: ids
                // handed to concurrent, uncommitted writers are above MAX(id).
                sqlx::query(
                    "SELECT setval(pg_get_serial_sequence('schemas', 'id'), \
                     GREATEST($1, (SELECT last_value FROM schemas_id_seq)))",
                )
                .bind(explicit)
                .execute(&mut *self.tx)
                .await?;
            }
        }
        Ok(id)
    }

    async fn insert_version(
        &mut self,
        subject: &str,
        version: i32,
        schema_id: i64,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO subjects (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
            .bind(subject)
            .execute(&mut *self.tx)
            .await?;
        sqlx::query(
            "INSERT INTO versions (subject, version, schema_id, deleted, ts) \
             VALUES ($1, $2, $3, 0, $4)",
        )
        .bind(subject)
        .bind(version as i64)
        .bind(schema_id)
        .bind(now_ms())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn soft_delete(&mut self, subject: &str, version: i32) -> StoreResult<()> {
        sqlx::query("UPDATE versions SET deleted = 1, ts = $3 WHERE subject = $1 AND version = $2")
            .bind(subject)
            .bind(version as i64)
            .bind(now_ms())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn hard_delete(&mut self, subject: &str, version: i32) -> StoreResult<()> {
        let removed: Option<(i64,)> = sqlx::query_as(
            "DELETE FROM versions WHERE subject = $1 AND version = $2 RETURNING schema_id",
        )
        .bind(subject)
        .bind(version as i64)
        .fetch_optional(&mut *self.tx)
        .await?;
        if let Some((id,)) = removed {
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
        match config {
            Some(config) => {
                let body = serde_json::to_string(config)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                sqlx::query(
                    "INSERT INTO config (scope, body) VALUES ($1, $2) \
                     ON CONFLICT (scope) DO UPDATE SET body = excluded.body",
                )
                .bind(scope)
                .bind(body)
                .execute(&mut *self.tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM config WHERE scope = $1")
                    .bind(scope)
                    .execute(&mut *self.tx)
                    .await?;
            }
        }
        Ok(())
    }

    async fn set_mode(&mut self, scope: &str, mode: Option<&str>) -> StoreResult<()> {
        match mode {
            Some(mode) => {
                sqlx::query(
                    "INSERT INTO modes (scope, mode) VALUES ($1, $2) \
                     ON CONFLICT (scope) DO UPDATE SET mode = excluded.mode",
                )
                .bind(scope)
                .bind(mode)
                .execute(&mut *self.tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM modes WHERE scope = $1")
                    .bind(scope)
                    .execute(&mut *self.tx)
                    .await?;
            }
        }
        Ok(())
    }

    async fn publish_app_version(&mut self, p: &NewAppVersion) -> StoreResult<()> {
        let now = now_ms();
        // A new contract changes what registrations of its subject must satisfy.
        let subjects: Vec<&str> = p.contracts.iter().map(|c| c.subject.as_str()).collect();
        self.lock_subjects(subjects).await?;
        sqlx::query(
            "INSERT INTO applications (name, created_at) VALUES ($1, $2) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(&p.app)
        .bind(now)
        .execute(&mut *self.tx)
        .await?;
        if self.dialect == Dialect::Postgres {
            // Serialise publishers of one application, so publication order (seq) is unique.
            sqlx::query("SELECT name FROM applications WHERE name = $1 FOR UPDATE")
                .bind(&p.app)
                .fetch_optional(&mut *self.tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO app_versions (app, version, branch, created_at, seq) \
             VALUES ($1, $2, $3, $4, \
               (SELECT COALESCE(MAX(seq), 0) + 1 FROM app_versions WHERE app = $1)) \
             ON CONFLICT (app, version) DO UPDATE SET branch = excluded.branch",
        )
        .bind(&p.app)
        .bind(&p.version)
        .bind(&p.branch)
        .bind(now)
        .execute(&mut *self.tx)
        .await?;
        for table in ["contracts", "produces"] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE app = $1 AND version = $2"
            ))
            .bind(&p.app)
            .bind(&p.version)
            .execute(&mut *self.tx)
            .await?;
        }
        for c in &p.contracts {
            sqlx::query(
                "INSERT INTO contracts (app, version, subject, reads, reader) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&p.app)
            .bind(&p.version)
            .bind(&c.subject)
            .bind(c.reads.clone())
            .bind(&c.reader)
            .execute(&mut *self.tx)
            .await?;
        }
        for produced in &p.produces {
            sqlx::query(
                "INSERT INTO produces (app, version, subject, schema_version) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(&p.app)
            .bind(&p.version)
            .bind(&produced.subject)
            .bind(produced.schema_version.map(i64::from))
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    async fn record_deployment(
        &mut self,
        environment: &str,
        app: &str,
        version: &str,
    ) -> StoreResult<()> {
        // A deployed version's contracts count for registrations of their subjects.
        let contracts = q_contracts_of(&mut self.tx, app, version).await?;
        self.lock_subjects(contracts.iter().map(|c| c.subject.as_str()).collect())
            .await?;
        sqlx::query(
            "INSERT INTO deployments (environment, app, version, deployed_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (environment, app) \
             DO UPDATE SET version = excluded.version, deployed_at = excluded.deployed_at",
        )
        .bind(environment)
        .bind(app)
        .bind(version)
        .bind(now_ms())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn event(&mut self, event: NewEvent) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO events (ts, kind, subject, version, schema_id, detail) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(now_ms())
        .bind(event.kind)
        .bind(event.subject)
        .bind(event.version.map(i64::from))
        .bind(event.schema_id)
        .bind(event.detail.to_string())
        .execute(&mut *self.tx)
        .await?;
        Ok(())
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
        let rows = sqlx::query(
            "SELECT seq, ts, kind, subject, version, schema_id, detail FROM events \
             WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|row| {
                let detail: String = row.try_get(6)?;
                let version: Option<i64> = row.try_get(4)?;
                Ok(Event {
                    seq: row.try_get(0)?,
                    ts: row.try_get(1)?,
                    kind: row.try_get(2)?,
                    subject: row.try_get(3)?,
                    version: version.map(|v| v as i32),
                    schema_id: row.try_get(5)?,
                    detail: serde_json::from_str(&detail)
                        .map_err(|e| StoreError::Corrupt(format!("event: {e}")))?,
                })
            })
            .collect()
    }

    fn backend(&self) -> &'static str {
        match self.dialect {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }
}
