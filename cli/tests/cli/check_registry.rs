//! `accord check --against registry` and `accord publish` against a real registry on SQLite,
//! started in-process on a free port.

use std::sync::Arc;

use accord_registry::store::sql::{SqlStore, StoreOptions};
use accord_registry::{app, AppOptions, AppState};
use serde_json::{json, Value};

use crate::gate::{findings, Repo, ORDER_V1, PAYMENT_V1};

/// A registry serving on 127.0.0.1 until dropped.
pub(crate) struct Registry {
    pub(crate) url: String,
    _runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

impl Registry {
    pub(crate) fn start() -> Registry {
        let dir = tempfile::tempdir().unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let db = dir.path().join("registry.db");
        let url = runtime.block_on(async {
            let store = SqlStore::connect(db.to_str().unwrap(), &StoreOptions::default())
                .await
                .unwrap();
            let state = AppState::new(Arc::new(store), AppOptions::default());
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move { axum::serve(listener, app(state)).await.unwrap() });
            format!("http://{addr}")
        });
        Registry {
            url,
            _runtime: runtime,
            _dir: dir,
        }
    }

    pub(crate) fn get(&self, path: &str) -> Value {
        reqwest::blocking::get(format!("{}{path}", self.url))
            .unwrap()
            .json()
            .unwrap()
    }

    pub(crate) fn put(&self, path: &str, body: Value) {
        self.send(reqwest::Method::PUT, path, body);
    }

    pub(crate) fn post(&self, path: &str, body: Value) {
        self.send(reqwest::Method::POST, path, body);
    }

    fn send(&self, method: reqwest::Method, path: &str, body: Value) {
        let status = reqwest::blocking::Client::new()
            .request(method, format!("{}{path}", self.url))
            .json(&body)
            .send()
            .unwrap()
            .status();
        assert!(status.is_success(), "{status}");
    }
}

fn repo(registry: &Registry) -> Repo {
    let repo = Repo::new();
    repo.write(
        "accord.toml",
        &format!(
            "[registry]\nurl = \"{}\"\n\n[[produces]]\nfiles = \"schemas/*.json\"\n",
            registry.url
        ),
    )
    .write("schemas/order.json", ORDER_V1)
    .write("schemas/payment.json", PAYMENT_V1)
    .commit("v1");
    repo
}

#[test]
fn publish_registers_once_then_says_unchanged() {
    let registry = Registry::start();
    let repo = repo(&registry);

    let dry = repo.accord(&["publish", "--dry-run"]);
    assert_eq!(dry.code, 0, "{dry:?}");
    assert_eq!(
        dry.stdout,
        "would register  order-value (schemas/order.json)\n\
         would register  payment-value (schemas/payment.json)\n"
    );
    assert_eq!(registry.get("/subjects"), json!([]));

    let first = repo.accord(&["publish"]);
    assert_eq!(first.code, 0, "{first:?}");
    assert_eq!(
        first.stdout,
        "registered  order-value (schemas/order.json): version 1, id 1\n\
         registered  payment-value (schemas/payment.json): version 1, id 2\n"
    );
    let second = repo.accord(&["publish"]);
    assert_eq!(second.code, 0, "{second:?}");
    assert_eq!(
        second.stdout,
        "unchanged  order-value (schemas/order.json): version 1, id 1\n\
         unchanged  payment-value (schemas/payment.json): version 1, id 2\n"
    );
    assert_eq!(registry.get("/subjects/order-value/versions"), json!([1]));

    // A compatible change is registered as version 2; the unchanged subject stays at 1.
    repo.write(
        "schemas/order.json",
        &ORDER_V1.replace(
            r#""total": {"type": "number"}"#,
            r#""total": {"type": "number"},
    "note": {"type": "string"}"#,
        ),
    );
    let third = repo.accord(&["publish"]);
    assert_eq!(third.code, 0, "{third:?}");
    assert!(
        third
            .stdout
            .starts_with("registered  order-value (schemas/order.json): version 2"),
        "{}",
        third.stdout
    );
    assert!(third.stdout.contains("unchanged  payment-value"));
    assert_eq!(
        registry.get("/subjects/order-value/versions"),
        json!([1, 2])
    );
    assert_eq!(registry.get("/subjects/payment-value/versions"), json!([1]));
}

#[test]
fn publish_registers_nothing_when_one_schema_breaks() {
    let registry = Registry::start();
    let repo = repo(&registry);
    assert_eq!(repo.accord(&["publish"]).code, 0);

    // payment gains a field (fine), order breaks: neither is registered.
    repo.write(
        "schemas/payment.json",
        &PAYMENT_V1.replace(
            r#""amount": {"type": "integer", "maximum": 100}"#,
            r#""amount": {"type": "integer", "maximum": 100},
    "currency": {"type": "string"}"#,
        ),
    )
    .write(
        "schemas/order.json",
        &ORDER_V1.replace(
            r#""total": {"type": "number"}"#,
            r#""total": {"type": "string"}"#,
        ),
    );
    let run = repo.accord(&["publish"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("schemas/order.json:6:15: breaking TYPE_CHANGED #/properties/total"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .ends_with("nothing registered: fix the breaking changes first\n"));
    assert_eq!(registry.get("/subjects/order-value/versions"), json!([1]));
    assert_eq!(registry.get("/subjects/payment-value/versions"), json!([1]));
}

#[test]
fn check_against_the_registry_uses_its_level_and_places_findings() {
    let registry = Registry::start();
    let repo = repo(&registry);
    assert_eq!(repo.accord(&["publish"]).code, 0);

    let same = repo.accord(&["check", "--against", "registry", "--format", "json"]);
    assert_eq!(same.code, 0, "{same:?}");
    let statuses: Vec<Value> = same.json()["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].clone())
        .collect();
    assert_eq!(statuses, [json!("unchanged"), json!("unchanged")]);

    repo.write(
        "schemas/order.json",
        &ORDER_V1.replace(
            r#""total": {"type": "number"}"#,
            r#""total": {"type": "string"}"#,
        ),
    )
    .write("schemas/refund.json", r#"{"type": "object"}"#);
    let run = repo.accord(&["check", "--against", "registry", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        findings(&run),
        [(
            "order-value".to_string(),
            "schemas/order.json:6:15".to_string(),
            "TYPE_CHANGED".to_string(),
            "breaking".to_string()
        )]
    );
    let report = run.json();
    assert_eq!(report["against"], "registry");
    assert_eq!(report["subjects"][2]["status"], "new");

    // The registry's level for the subject wins over accord.toml's default.
    registry.put("/config/order-value", json!({"compatibility": "NONE"}));
    let run = repo.accord(&["check", "--against", "registry", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.json()["subjects"][0]["level"], "NONE");
}

#[test]
fn an_unreachable_registry_is_an_infrastructure_failure() {
    // Bind and drop a listener: nothing serves on that port afterwards.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let repo = Repo::new();
    repo.write(
        "accord.toml",
        &format!(
            "[registry]\nurl = \"http://127.0.0.1:{port}\"\n\n[[produces]]\nfiles = \"*.json\"\n"
        ),
    )
    .write("order.json", ORDER_V1);
    for args in [&["check", "--against", "registry"][..], &["publish"]] {
        let run = repo.accord(args);
        assert_eq!(run.code, 5, "{run:?}");
        assert!(
            run.stderr.starts_with(&format!(
                "accord: error: the registry at http://127.0.0.1:{port}/ cannot be reached"
            )),
            "{}",
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }

    let no_registry = Repo::new();
    no_registry
        .write("accord.toml", "[[produces]]\nfiles = \"*.json\"\n")
        .write("order.json", ORDER_V1);
    let run = no_registry.accord(&["check", "--against", "registry"]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr.contains("no registry configured"),
        "{}",
        run.stderr
    );
}

#[test]
fn publish_refuses_a_schema_that_breaks_a_consumer_contract_before_registering_anything() {
    let registry = Registry::start();
    let repo = repo(&registry);
    assert_eq!(repo.accord(&["publish"]).code, 0);
    // A consumer on main reads `total` and needs it present.
    registry.post(
        "/applications/billing/versions/1.0.0",
        json!({"branch": "main", "contracts": [{"subject": "order-value", "reads": [
            {"path": "/total", "type": "number"}
        ]}]}),
    );
    // Dropping `total` from `required` is BACKWARD compatible, so the level passes; the consumer
    // contract, checked before anything is registered (as the registry would at registration),
    // refuses it.
    repo.write(
        "schemas/order.json",
        &ORDER_V1.replace(r#""required": ["id", "total"]"#, r#""required": ["id"]"#),
    );
    let publish = repo.accord(&["publish"]);
    assert_eq!(publish.code, 1, "{publish:?}");
    assert!(
        publish.stdout.contains(
            "breaking CONTRACT_READ_NOT_PROVIDED #/properties/total: consumer billing 1.0.0 \
             (latest on main): the producer may omit `/total`, which the consumer requires"
        ),
        "{}",
        publish.stdout
    );
    assert!(
        publish
            .stdout
            .ends_with("nothing registered: fix the breaking changes first\n"),
        "{}",
        publish.stdout
    );
    assert_eq!(registry.get("/subjects/order-value/versions"), json!([1]));
    // The registry's own compatibility check agrees.
    let verdict: Value = reqwest::blocking::Client::new()
        .post(format!(
            "{}/compatibility/subjects/order-value/versions/latest?verbose=true",
            registry.url
        ))
        .json(&json!({"schemaType": "JSON", "schema": ORDER_V1.replace(r#""required": ["id", "total"]"#, r#""required": ["id"]"#)}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(verdict["is_compatible"], false, "{verdict}");
}

/// A server on 127.0.0.1 answering every request with `status` and `body`, for as long as the
/// test runs.
fn answering(status: &'static str, body: &'static str) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 8192];
            let _ = stream.read(&mut buf);
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

#[test]
fn a_failing_or_refusing_registry_is_an_infrastructure_failure() {
    let cases = [
        (
            "500 Internal Server Error",
            r#"{"error_code":50001,"message":"Error in the backend data store"}"#,
            "failed (500 Internal Server Error): Error in the backend data store",
        ),
        (
            "401 Unauthorized",
            r#"{"error_code":40101,"message":"Unauthorized"}"#,
            "answered 401 Unauthorized: the token in ACCORD_TOKEN was refused",
        ),
        (
            "403 Forbidden",
            r#"{"error_code":40301,"message":"Forbidden"}"#,
            "answered 403 Forbidden: the token in ACCORD_TOKEN was refused",
        ),
    ];
    for (status, body, expected) in cases {
        let url = answering(status, body);
        let repo = Repo::new();
        repo.write(
            "accord.toml",
            &format!("[registry]\nurl = \"{url}\"\n\n[[produces]]\nfiles = \"*.json\"\n"),
        )
        .write("order.json", ORDER_V1);
        for args in [&["check", "--against", "registry"][..], &["publish"]] {
            let mut cmd = crate::common::accord(args);
            cmd.current_dir(repo.path())
                .env("ACCORD_TOKEN", "s3cr3t-token-value");
            let run = crate::common::run_with(cmd, None);
            assert_eq!(run.code, 5, "{run:?}");
            assert_eq!(run.stdout, "");
            assert!(run.stderr.contains(expected), "{}", run.stderr);
            assert!(
                !run.stderr.contains("s3cr3t"),
                "the token leaked: {}",
                run.stderr
            );
            assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        }
    }
}
