//! `accord check --against registry` and `accord publish` against a real registry on SQLite,
//! started in-process on a free port.

use std::sync::Arc;

use accord_registry::store::sql::{SqlStore, StoreOptions};
use accord_registry::{app, AppOptions, AppState};
use serde_json::{json, Value};

use crate::gate::{findings, Repo, ORDER_V1, PAYMENT_V1};

/// A registry serving on 127.0.0.1 until dropped.
struct Registry {
    url: String,
    _runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

impl Registry {
    fn start() -> Registry {
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

    fn get(&self, path: &str) -> Value {
        reqwest::blocking::get(format!("{}{path}", self.url))
            .unwrap()
            .json()
            .unwrap()
    }

    fn put(&self, path: &str, body: Value) {
        let status = reqwest::blocking::Client::new()
            .put(format!("{}{path}", self.url))
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
