//! The real `accord-registry` binary: defaults, layered config, graceful shutdown, a SIGKILL in
//! the middle of a burst, and several instances writing one PostgreSQL database concurrently.

use std::collections::{BTreeMap, HashMap};
use std::process::Command;
use std::sync::{Arc, Mutex};

use accord_schemas::compat::{check, Policy};
use accord_schemas::json::SchemaDoc;
use serde_json::{json, Value};

use crate::common::registry::{binary, client, postgres_url, skipped, Process, CT};

#[test]
fn default_config_prints_the_documented_example() {
    let out = Command::new(binary())
        .arg("default-config")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("listen = \"127.0.0.1:8081\""), "{text}");
    assert!(
        text.contains("database_url = \"./accord-data/registry.db\""),
        "{text}"
    );
}

#[test]
fn help_hides_environment_values() {
    let out = Command::new(binary())
        .arg("--help")
        .env("ACCORD_DATABASE_URL", "postgres://u:secret@h/db")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("ACCORD_DATABASE_URL"), "{text}");
    assert!(!text.contains("secret"), "{text}");
}

#[tokio::test]
async fn defaults_file_layering_and_graceful_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    // No database flag: the default ./accord-data/registry.db is created in the working dir.
    let mut server = Process::start_with(&[], dir.path());
    assert!(dir.path().join("accord-data/registry.db").exists());
    let http = client();
    let res = http
        .post(format!("{}/subjects/s/versions", server.url))
        .header("content-type", CT)
        .body(json!({"schemaType":"JSON","schema":"{\"type\":\"string\"}"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    // SIGTERM: a clean exit.
    let status = server.terminate();
    assert!(status.success(), "{status:?}");

    // accord-registry.toml in the working directory is read; flags win over it.
    std::fs::write(
        dir.path().join("accord-registry.toml"),
        "database_url = \"other.db\"\nbody_limit = 100\n",
    )
    .unwrap();
    let server = Process::start_with(&[], dir.path());
    assert!(dir.path().join("other.db").exists());
    let res = http
        .post(format!("{}/subjects/s/versions", server.url))
        .header("content-type", CT)
        .body(json!({"schemaType":"JSON","schema": format!("{{\"description\":\"{}\"}}", "x".repeat(200))}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);
    drop(server);
    let server = Process::start_with(&["--body-limit", "100000"], dir.path());
    let res = http
        .post(format!("{}/subjects/s/versions", server.url))
        .header("content-type", CT)
        .body(json!({"schemaType":"JSON","schema": format!("{{\"description\":\"{}\"}}", "x".repeat(200))}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
}

/// One acknowledged registration.
#[derive(Debug, Clone, PartialEq)]
struct Ack {
    subject: String,
    version: i64,
    id: i64,
    schema: String,
}

async fn register(
    http: &reqwest::Client,
    url: &str,
    subject: &str,
    schema: &Value,
) -> Result<Option<Ack>, String> {
    let res = http
        .post(format!("{url}/subjects/{subject}/versions"))
        .header("content-type", CT)
        .body(json!({"schemaType":"JSON","schema":schema.to_string()}).to_string())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = res.status().as_u16();
    let body: Value = res.json().await.map_err(|e| e.to_string())?;
    match status {
        200 => Ok(Some(Ack {
            subject: subject.to_string(),
            version: body["version"].as_i64().unwrap(),
            id: body["id"].as_i64().unwrap(),
            schema: body["schema"].as_str().unwrap().to_string(),
        })),
        409 => Ok(None),
        _ => Err(format!("{status}: {body}")),
    }
}

/// A closed object with optional string properties `p0..p{n-1}`; with `break_at`, that property
/// is an integer instead (incompatible with any version that has it as a string).
fn schema(n: usize, break_at: Option<usize>) -> Value {
    let mut props = serde_json::Map::new();
    for i in 0..n {
        let ty = if Some(i) == break_at {
            "integer"
        } else {
            "string"
        };
        props.insert(format!("p{i}"), json!({"type": ty}));
    }
    json!({"type":"object","properties":props,"additionalProperties":false})
}

async fn crash_during_burst(database: String, dir: &std::path::Path) {
    let mut server = Process::start(&database, dir);
    let acks: Arc<Mutex<Vec<Ack>>> = Arc::default();
    let url = server.url.clone();
    let mut tasks = Vec::new();
    for client_no in 0..8 {
        let acks = acks.clone();
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let http = client();
            for n in 1..200 {
                let subject = format!("crash-{client_no}");
                match register(&http, &url, &subject, &schema(n, None)).await {
                    Ok(Some(ack)) => acks.lock().unwrap().push(ack),
                    Ok(None) => panic!("a growing closed schema is compatible"),
                    Err(_) => return, // the server died mid-request
                }
            }
        }));
    }
    // Let the burst run, then kill the process without warning.
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        if acks.lock().unwrap().len() >= 40 {
            break;
        }
    }
    server.kill();
    for t in tasks {
        t.await.unwrap();
    }
    let acks = acks.lock().unwrap().clone();
    assert!(acks.len() >= 40);
    assert!(
        acks.len() < 8 * 199,
        "the process died in the middle of the burst"
    );

    // Restart on the same database: every acknowledged registration is there.
    let server = Process::start(&database, dir);
    let http = client();
    for ack in &acks {
        let body: Value = http
            .get(format!(
                "{}/subjects/{}/versions/{}",
                server.url, ack.subject, ack.version
            ))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(body["id"].as_i64(), Some(ack.id), "{ack:?}: {body}");
        assert_eq!(body["schema"].as_str(), Some(ack.schema.as_str()));
    }
    // And the store still takes writes.
    let ack = register(&http, &server.url, "after-crash", &schema(1, None))
        .await
        .unwrap();
    assert!(ack.is_some());
}

#[tokio::test]
async fn sigkill_during_a_burst_loses_no_acknowledged_registration_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    crash_during_burst(db.to_str().unwrap().to_string(), dir.path()).await;
}

#[tokio::test]
async fn sigkill_during_a_burst_loses_no_acknowledged_registration_postgres() {
    let Some(url) = postgres_url().await else {
        return skipped("registry_process::sigkill_..._postgres");
    };
    let dir = tempfile::tempdir().unwrap();
    crash_during_burst(url, dir.path()).await;
}

/// 16 clients register compatible and incompatible versions of a few subjects through
/// `instances`; afterwards the history is gapless, every adjacent pair is compatible, every
/// acknowledged registration is readable from every instance, and ids are unique per identity.
async fn concurrent_writers(instances: &[String]) {
    const SUBJECTS: usize = 3;
    const CLIENTS: usize = 16;
    const ROUNDS: usize = 12;
    let acks: Arc<Mutex<Vec<Ack>>> = Arc::default();
    let refused = Arc::new(Mutex::new(0usize));
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let acks = acks.clone();
        let refused = refused.clone();
        let url = instances[c % instances.len()].clone();
        tasks.push(tokio::spawn(async move {
            let http = client();
            let mut seed = 0x9e37_79b9_7f4a_7c15u64 ^ (c as u64 * 7919);
            let mut next = move || {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed
            };
            for _ in 0..ROUNDS {
                let subject = format!("race-{}", next() as usize % SUBJECTS);
                let n = 1 + next() as usize % 10;
                let breaking = next() % 4 == 0;
                let s = schema(n, breaking.then_some(0));
                match register(&http, &url, &subject, &s).await.unwrap() {
                    Some(ack) => acks.lock().unwrap().push(ack),
                    None => *refused.lock().unwrap() += 1,
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let acks = acks.lock().unwrap().clone();
    assert!(
        *refused.lock().unwrap() > 0,
        "the mix had incompatible versions"
    );
    assert!(
        acks.len() > SUBJECTS * 2,
        "the mix had compatible versions: {acks:?}"
    );
    let http = client();
    let mut ids_by_schema: HashMap<String, i64> = HashMap::new();
    let mut schema_by_id: HashMap<i64, String> = HashMap::new();
    for s in 0..SUBJECTS {
        let subject = format!("race-{s}");
        let mut histories = Vec::new();
        for url in instances {
            let versions: Value = http
                .get(format!("{url}/subjects/{subject}/versions"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let versions: Vec<i64> = serde_json::from_value(versions).unwrap();
            let want: Vec<i64> = (1..=versions.len() as i64).collect();
            assert_eq!(
                versions, want,
                "{subject}: versions 1..n without gaps or duplicates"
            );
            let mut history = BTreeMap::new();
            for v in versions {
                let body: Value = http
                    .get(format!("{url}/subjects/{subject}/versions/{v}"))
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                let text = body["schema"].as_str().unwrap().to_string();
                let id = body["id"].as_i64().unwrap();
                assert_eq!(
                    *ids_by_schema.entry(text.clone()).or_insert(id),
                    id,
                    "one id per identity"
                );
                assert_eq!(
                    *schema_by_id.entry(id).or_insert(text.clone()),
                    text,
                    "one identity per id"
                );
                history.insert(v, (id, text));
            }
            histories.push(history);
        }
        assert!(
            histories.windows(2).all(|w| w[0] == w[1]),
            "every instance sees the same history"
        );
        // Every adjacent pair passes the subject's level (BACKWARD).
        let texts: Vec<&String> = histories[0].values().map(|(_, t)| t).collect();
        for pair in texts.windows(2) {
            let old = SchemaDoc::parse(pair[0]).unwrap();
            let new = SchemaDoc::parse(pair[1]).unwrap();
            let report = check(&old, &new, Policy::Strict).unwrap();
            assert!(report.compatible, "{subject}: {} then {}", pair[0], pair[1]);
        }
        // Every acknowledged registration is in that history.
        for ack in acks.iter().filter(|a| a.subject == subject) {
            let (id, text) = &histories[0][&ack.version];
            assert_eq!((*id, text), (ack.id, &ack.schema), "{ack:?}");
        }
    }
}

#[tokio::test]
async fn concurrent_writers_single_instance_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let server = Process::start(db.to_str().unwrap(), dir.path());
    concurrent_writers(std::slice::from_ref(&server.url)).await;
}

#[tokio::test]
async fn concurrent_writers_two_instances_postgres() {
    let Some(url) = postgres_url().await else {
        return skipped("registry_process::concurrent_writers_two_instances_postgres");
    };
    let dir = tempfile::tempdir().unwrap();
    let a = Process::start(&url, dir.path());
    let b = Process::start(&url, dir.path());
    concurrent_writers(&[a.url.clone(), b.url.clone()]).await;
}
