//! The order scenario of consumer contracts as its users run it: three projects, each with its
//! `accord.toml`, driving the real `accord` binary against a real registry (in-process on a real
//! socket) on SQLite and on PostgreSQL. `orders` produces `OrderCreated` (`orders-value`);
//! `inventory` reads `/order_id`, `/items/*/sku` and `/items/*/qty`; `email` reads `/order_id` and
//! `/customer/email`.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::common::cli::{self, Run};
use crate::common::orders;
use crate::common::registry::{client, postgres_url, serve, skipped, CT};

/// Run `accord` in `dir`.
async fn accord(dir: &Path, args: &[&str]) -> Run {
    cli::accord(Some(dir), args).await
}

/// `OrderCreated` as a schema file's text.
fn order_created(coupon: bool, email: &str) -> String {
    serde_json::to_string_pretty(&orders::order_created(coupon, email)).unwrap()
}

/// A project directory with `accord.toml` and the given files.
fn project(root: &Path, name: &str, config: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = root.join(name);
    for (path, text) in files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("accord.toml"), config).unwrap();
    dir
}

fn consumer_config(url: &str, app: &str, reads: &[(&str, &str)]) -> String {
    let reads: Vec<String> = reads
        .iter()
        .map(|(path, t)| format!("  {{ path = \"{path}\", type = \"{t}\" }},\n"))
        .collect();
    format!(
        "[registry]\nurl = \"{url}\"\n\n[app]\nname = \"{app}\"\n\n[[consumes]]\nsubject = \
         \"orders-value\"\nreads = [\n{}]\n",
        reads.concat()
    )
}

fn ok(run: &Run) {
    assert_eq!(run.code, 0, "{run:?}");
}

async fn put_config(url: &str, body: Value) {
    let status = client()
        .put(format!("{url}/config/orders-value"))
        .header("content-type", CT)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .status();
    assert!(status.is_success(), "{status}");
}

async fn versions(url: &str) -> Value {
    client()
        .get(format!("{url}/subjects/orders-value/versions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn scenario(database: Option<String>) {
    let registry = serve(database).await;
    let url = registry.url.as_str();
    let root = tempfile::tempdir().unwrap();
    let orders = project(
        root.path(),
        "orders",
        &format!(
            "[registry]\nurl = \"{url}\"\n\n[app]\nname = \"orders\"\n\n[[produces]]\nfiles = \
             \"schemas/*.json\"\n"
        ),
        &[("schemas/orders.json", &order_created(true, "email"))],
    );
    let inventory = project(
        root.path(),
        "inventory",
        &consumer_config(
            url,
            "inventory",
            &[
                ("/order_id", "string"),
                ("/items/*/sku", "string"),
                ("/items/*/qty", "integer"),
            ],
        ),
        &[],
    );
    let email_reads = [("/order_id", "string"), ("/customer/email", "string")];
    let email = project(
        root.path(),
        "email",
        &consumer_config(url, "email", &email_reads),
        &[],
    );

    // Everyone publishes 1.0.0 from main; the consumers verify their contracts first.
    ok(&accord(
        &orders,
        &["publish", "--version", "1.0.0", "--branch", "main"],
    )
    .await);
    for consumer in [&inventory, &email] {
        let verify = accord(consumer, &["contract", "verify"]).await;
        ok(&verify);
        assert!(
            verify
                .stdout
                .contains("orders 1.0.0 (latest on main), schema version 1: satisfied"),
            "{}",
            verify.stdout
        );
        ok(&accord(
            consumer,
            &["publish", "--version", "1.0.0", "--branch", "main"],
        )
        .await);
    }
    // In a project directory, the application and the registry come from its accord.toml.
    for (dir, env) in [
        (&orders, "staging"),
        (&inventory, "staging"),
        (&email, "staging"),
        (&orders, "production"),
    ] {
        let run = accord(
            dir,
            &["record-deployment", "--version", "1.0.0", "--env", env],
        )
        .await;
        ok(&run);
        let app = dir.file_name().unwrap().to_str().unwrap();
        assert_eq!(
            run.stdout,
            format!("recorded: {app} 1.0.0 is deployed in {env}\n")
        );
    }

    // (a) `orders` removes `coupon_code`, read by nobody: allowed, and check says so.
    std::fs::write(
        orders.join("schemas/orders.json"),
        order_created(false, "email"),
    )
    .unwrap();
    let check = accord(&orders, &["check", "--against", "registry"]).await;
    ok(&check);
    let coupon = check
        .stdout
        .lines()
        .find(|l| l.contains("#/properties/coupon_code"))
        .unwrap_or_else(|| panic!("{}", check.stdout));
    assert!(coupon.contains(": ok "), "{coupon}");
    assert!(coupon.ends_with("(read by nobody)"), "{coupon}");
    let publish = accord(
        &orders,
        &["publish", "--version", "1.1.0", "--branch", "main"],
    )
    .await;
    ok(&publish);
    assert_eq!(versions(url).await, json!([1, 2]));

    // (b) At LENIENT, renaming `customer.email`: the level alone passes it; `email`'s contract
    // refuses it, in check, in publish and at the registry.
    put_config(
        url,
        json!({"compatibility": "BACKWARD", "compatibilityPolicy": "LENIENT"}),
    )
    .await;
    std::fs::write(
        orders.join("schemas/orders.json"),
        order_created(false, "email_address"),
    )
    .unwrap();
    let check = accord(
        &orders,
        &["check", "--against", "registry", "--format", "json"],
    )
    .await;
    assert_eq!(check.code, 1, "{check:?}");
    let report: Value = serde_json::from_str(&check.stdout).unwrap();
    let findings = report["subjects"][0]["findings"].as_array().unwrap();
    let engine_breaking: Vec<&Value> = findings
        .iter()
        .filter(|f| {
            f["verdict"] == "breaking" && !f["kind"].as_str().unwrap().starts_with("CONTRACT_")
        })
        .collect();
    assert!(engine_breaking.is_empty(), "the level passes it: {report}");
    let contract: Vec<&Value> = findings
        .iter()
        .filter(|f| f["kind"] == "CONTRACT_READ_UNDEFINED")
        .collect();
    assert_eq!(contract.len(), 1, "{report}");
    let message = contract[0]["message"].as_str().unwrap();
    assert!(message.contains("consumer email 1.0.0"), "{message}");
    assert!(message.contains("/customer/email"), "{message}");
    assert!(!message.contains("inventory"), "{message}");
    let removal = findings
        .iter()
        .find(|f| f["path"] == "#/properties/customer/properties/email")
        .unwrap();
    assert_eq!(removal["read_by"], json!(["email 1.0.0: /customer/email"]));
    let publish = accord(
        &orders,
        &["publish", "--version", "2.0.0", "--branch", "main"],
    )
    .await;
    assert_eq!(publish.code, 1, "{publish:?}");
    assert_eq!(versions(url).await, json!([1, 2]));

    // (c) `email` wants `/customer/phone`, which `orders` does not provide: `contract verify`
    // fails on the consumer's side, before anything is published or deployed.
    std::fs::write(
        email.join("accord.toml"),
        consumer_config(
            url,
            "email",
            &[
                ("/order_id", "string"),
                ("/customer/email", "string"),
                ("/customer/phone", "string"),
            ],
        ),
    )
    .unwrap();
    let verify = accord(&email, &["contract", "verify"]).await;
    assert_eq!(verify.code, 1, "{verify:?}");
    assert!(
        verify.stderr.is_empty(),
        "a verdict, not an error: {verify:?}"
    );
    assert!(
        verify.stdout.contains(
            "/customer/phone UNDEFINED_READ_PATH: reads `/customer/phone`, which the producer \
             schema never defines"
        ),
        "{}",
        verify.stdout
    );
    assert!(verify.stdout.contains("orders 1.1.0"), "{}", verify.stdout);

    // (d) can-i-deploy: yes, no and unknown, with staging and production. The phone-reading
    // version is published from a branch (it does not count on registration), deliberately
    // unverified, and asked about.
    ok(&accord(
        &email,
        &[
            "publish",
            "--version",
            "1.1.0",
            "--branch",
            "feature-phone",
            "--allow-unverified",
        ],
    )
    .await);
    let ask = |app: &'static str, version: &'static str, to: &'static str| {
        let dir = root.path().join(app);
        async move {
            accord(
                &dir,
                &[
                    "can-i-deploy",
                    "--app",
                    app,
                    "--version",
                    version,
                    "--to",
                    to,
                    "--registry",
                    url,
                ],
            )
            .await
        }
    };
    let yes = ask("email", "1.0.0", "production").await;
    assert_eq!(yes.code, 0, "{yes:?}");
    assert!(
        yes.stdout
            .starts_with("can email 1.0.0 be deployed to production? yes"),
        "{}",
        yes.stdout
    );
    let no = ask("email", "1.1.0", "production").await;
    assert_eq!(no.code, 1, "{no:?}");
    assert!(no.stdout.contains("/customer/phone"), "{}", no.stdout);
    let yes = ask("orders", "1.1.0", "staging").await;
    assert_eq!(
        yes.code, 0,
        "orders 1.1.0 only dropped coupon_code: {yes:?}"
    );
    assert!(yes.stdout.contains("inventory"), "{}", yes.stdout);
    let unknown = ask("email", "9.9.9", "production").await;
    assert_eq!(unknown.code, 4, "{unknown:?}");
    let unknown = ask("inventory", "1.0.0", "qa").await;
    assert_eq!(unknown.code, 4, "{unknown:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_scenario_through_the_cli_on_sqlite() {
    scenario(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_scenario_through_the_cli_on_postgres() {
    match postgres_url().await {
        Some(url) => scenario(Some(url)).await,
        None => skipped("contracts_cli::order_scenario_through_the_cli_on_postgres"),
    }
}
