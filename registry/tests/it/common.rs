//! Helpers: a registry over a fresh store (SQLite in a temp dir, or PostgreSQL in a fresh schema
//! when `ACCORD_TEST_DATABASE_URL` is set), requests through `oneshot`, and a dump of the store
//! for before/after comparisons.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use accord_registry::store::sql::{SqlStore, StoreOptions};
use accord_registry::store::Store;
use accord_registry::{app, AppOptions, AppState};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};
use sqlx::Connection;
use tower::ServiceExt;

pub(crate) const CT: &str = "application/vnd.schemaregistry.v1+json";

/// A store on one backend, kept alive with whatever it needs.
pub(crate) struct TestStore {
    pub(crate) store: SqlStore,
    pub(crate) url: String,
    _dir: Option<tempfile::TempDir>,
}

pub(crate) async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.db");
    let url = path.to_str().unwrap().to_string();
    let store = SqlStore::connect(&url, &StoreOptions::default())
        .await
        .unwrap();
    TestStore {
        store,
        url,
        _dir: Some(dir),
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh PostgreSQL schema on `ACCORD_TEST_DATABASE_URL`, or `None` (the test then says it
/// was skipped).
pub(crate) async fn postgres_url() -> Option<String> {
    let base = std::env::var("ACCORD_TEST_DATABASE_URL").ok()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    let name = format!(
        "accord_t_{}_{}_{}_{}",
        now.as_secs(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        now.subsec_nanos()
    );
    let mut conn = sqlx::PgConnection::connect(&base).await.unwrap();
    // Schemas of earlier runs are dropped once they are an hour old.
    let old: Vec<(String,)> = sqlx::query_as(
        "SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'accord\\_t\\_%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for (schema,) in old {
        let secs: u64 = schema
            .split('_')
            .nth(2)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        if secs + 3600 < now.as_secs() {
            let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                .execute(&mut conn)
                .await;
        }
    }
    sqlx::query(&format!("CREATE SCHEMA {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{sep}options=-c%20search_path%3D{name}"))
}

pub(crate) async fn postgres() -> Option<TestStore> {
    let url = postgres_url().await?;
    let store = SqlStore::connect(&url, &StoreOptions::default())
        .await
        .unwrap();
    Some(TestStore {
        store,
        url,
        _dir: None,
    })
}

pub(crate) fn skipped(test: &str) {
    eprintln!("{test}: skipped on PostgreSQL (ACCORD_TEST_DATABASE_URL is not set)");
}

/// The registry's router over a store, with its state.
pub(crate) struct Api {
    pub(crate) router: accord_registry::App,
    pub(crate) store: TestStore,
}

impl Api {
    pub(crate) fn new(store: TestStore, options: AppOptions) -> Api {
        let state = AppState::new(Arc::new(store.store.clone()), options);
        Api {
            router: app(state),
            store,
        }
    }

    pub(crate) async fn send(
        &self,
        req: Request<Body>,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, headers, String::from_utf8_lossy(&body).into_owned())
    }

    /// A request with a JSON body (or none), answered as (status, JSON).
    pub(crate) async fn call(
        &self,
        method: &str,
        uri: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", CT);
        let body = match body {
            Some(b) => Body::from(b.to_string()),
            None => {
                req = req.header("accept", "application/vnd.schemaregistry.v1+json");
                Body::empty()
            }
        };
        let (status, _, text) = self.send(req.body(body).unwrap()).await;
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, value)
    }

    pub(crate) async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.call("GET", uri, None).await
    }

    /// Register `schema` (JSON text) under `subject`; the answer.
    pub(crate) async fn register(&self, subject: &str, schema: &Value) -> (StatusCode, Value) {
        self.call(
            "POST",
            &format!("/subjects/{subject}/versions"),
            Some(json!({"schemaType": "JSON", "schema": schema.to_string()})),
        )
        .await
    }

    /// Register and expect success: (id, version).
    pub(crate) async fn register_ok(&self, subject: &str, schema: &Value) -> (i64, i64) {
        let (status, body) = self.register(subject, schema).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        (
            body["id"].as_i64().unwrap(),
            body["version"].as_i64().unwrap(),
        )
    }

    /// A second registry process on the same database, with empty caches: what a restart
    /// sees. `self` keeps the database alive.
    pub(crate) async fn restarted(&self) -> Api {
        let store = SqlStore::connect(&self.store.url, &StoreOptions::default())
            .await
            .unwrap();
        let store = TestStore {
            store,
            url: self.store.url.clone(),
            _dir: None,
        };
        Api::new(store, AppOptions::default())
    }

    /// Everything the store holds, for before/after comparisons.
    pub(crate) async fn dump(&self) -> Value {
        dump(&self.store.store).await
    }
}

pub(crate) async fn dump(store: &SqlStore) -> Value {
    let versions: Vec<Value> = store
        .all_versions("")
        .await
        .unwrap()
        .iter()
        .map(|v| {
            json!([
                v.subject,
                v.version,
                v.deleted,
                v.schema.id,
                v.schema.stored.schema
            ])
        })
        .collect();
    let events = store.events(0, 1_000_000).await.unwrap().len();
    let mut reads = store.read().await.unwrap();
    let mut scopes = Vec::new();
    for s in reads.subjects().await.unwrap() {
        scopes.push(s.name);
    }
    scopes.push(String::new());
    let mut config = Vec::new();
    for scope in &scopes {
        config.push(json!([
            scope,
            reads.config(scope).await.unwrap(),
            reads.mode(scope).await.unwrap()
        ]));
    }
    json!({
        "versions": versions,
        "events": events,
        "config": config,
        "max_id": store.max_schema_id().await.unwrap(),
    })
}

pub(crate) async fn sqlite_api() -> Api {
    Api::new(sqlite().await, AppOptions::default())
}

/// Run a test body on SQLite, and on PostgreSQL when configured.
#[macro_export]
macro_rules! on_both {
    ($name:ident, $body:path) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                $body($crate::common::Api::new(
                    $crate::common::sqlite().await,
                    accord_registry::AppOptions::default(),
                ))
                .await;
            }
            #[tokio::test]
            async fn postgres() {
                match $crate::common::postgres().await {
                    Some(store) => {
                        $body($crate::common::Api::new(
                            store,
                            accord_registry::AppOptions::default(),
                        ))
                        .await
                    }
                    None => $crate::common::skipped(stringify!($name)),
                }
            }
        }
    };
}
