//! Registering version 51 of a subject at BACKWARD_TRANSITIVE against registering version 2,
//! beside the 50 comparisons themselves, all measured in the same run: the cost of the history
//! beyond its comparisons is what parsing stored versions again would add (the registry keeps
//! each stored schema's parsed model by id, so it parses only the submitted schema).
//!
//! Each registration goes through the registry's HTTP service in process (`oneshot`) on SQLite;
//! the registered version is deleted again, untimed, so every iteration registers the same
//! version number. The schemas are Avro records that grow by one field with a default per
//! version.
//!
//! Run: `cargo bench -p accord-registry --bench registration`

#![allow(missing_docs)] // criterion's macros generate undocumented public items

use std::sync::Arc;
use std::time::{Duration, Instant};

use accord_registry::store::sql::{SqlStore, StoreOptions};
use accord_registry::{app, App, AppOptions, AppState};
use accord_schemas::compat::{Level, Policy};
use accord_schemas::format::{self, Model};
use accord_schemas::limits::Limits;
use accord_schemas::SchemaType;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use criterion::{criterion_group, criterion_main, Criterion};
use tower::ServiceExt;

const CT: &str = "application/vnd.schemaregistry.v1+json";

/// Version `n` (from 1): a record of `n` fields, each after the first with a default.
fn version(n: usize) -> String {
    let mut fields = vec![r#"{"name":"id","type":"long"}"#.to_string()];
    for i in 1..n {
        fields.push(format!(r#"{{"name":"f{i}","type":"string","default":""}}"#));
    }
    format!(
        r#"{{"type":"record","name":"Order","namespace":"shop","fields":[{}]}}"#,
        fields.join(",")
    )
}

async fn call(app: &App, method: &str, uri: &str, body: Option<String>) -> StatusCode {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", CT)
        .body(body.map_or_else(Body::empty, Body::from))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let _ = axum::body::to_bytes(response.into_body(), usize::MAX).await;
    status
}

async fn register(app: &App, subject: &str, schema: &str) -> StatusCode {
    let body = serde_json::json!({ "schema": schema }).to_string();
    call(
        app,
        "POST",
        &format!("/subjects/{subject}/versions"),
        Some(body),
    )
    .await
}

/// A subject with `versions` versions at BACKWARD_TRANSITIVE.
async fn subject(app: &App, name: &str, versions: usize) {
    let level = serde_json::json!({"compatibility": "BACKWARD_TRANSITIVE"}).to_string();
    assert_eq!(
        call(app, "PUT", &format!("/config/{name}"), Some(level)).await,
        StatusCode::OK
    );
    for n in 1..=versions {
        assert_eq!(register(app, name, &version(n)).await, StatusCode::OK);
    }
}

/// The time of registering `schema` as version `number` of `name`, `iters` times, each
/// registration deleted again (untimed).
async fn timed(app: &App, name: &str, number: usize, schema: &str, iters: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        let status = register(app, name, schema).await;
        total += start.elapsed();
        assert_eq!(status, StatusCode::OK);
        let uri = format!("/subjects/{name}/versions/{number}");
        assert_eq!(call(app, "DELETE", &uri, None).await, StatusCode::OK);
        let uri = format!("{uri}?permanent=true");
        assert_eq!(call(app, "DELETE", &uri, None).await, StatusCode::OK);
    }
    total
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let app = runtime.block_on(async {
        let store = SqlStore::connect(db.to_str().unwrap(), &StoreOptions::default())
            .await
            .unwrap();
        let app = app(AppState::new(Arc::new(store), AppOptions::default()));
        subject(&app, "short", 1).await;
        subject(&app, "long", 50).await;
        app
    });
    let (v2, v51) = (version(2), version(51));
    let mut group = c.benchmark_group("registration");
    group.sample_size(30);
    group.bench_function("version_2_of_2", |b| {
        b.iter_custom(|iters| runtime.block_on(timed(&app, "short", 2, &v2, iters)))
    });
    group.bench_function("version_51_of_51_backward_transitive", |b| {
        b.iter_custom(|iters| runtime.block_on(timed(&app, "long", 51, &v51, iters)))
    });
    // The comparisons registration runs for version 51: the candidate against each of the 50
    // (already parsed) versions, at the same level.
    let limits = Limits::DEFAULT;
    let parse = |text: &str| Model::parse_text(SchemaType::Avro, text, &[], &limits).unwrap();
    let candidate = parse(&v51);
    let history: Vec<Model> = (1..=50).rev().map(|n| parse(&version(n))).collect();
    group.bench_function("the_50_comparisons", |b| {
        b.iter(|| {
            let level = Level::BackwardTransitive;
            let report =
                format::check_level(&candidate, &history, level, Policy::Strict, &limits).unwrap();
            assert!(report.compatible);
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
