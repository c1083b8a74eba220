//! Consumer contracts from the CLI against a real registry (SQLite, in-process on a free port):
//! `accord publish` publishing the application version with its contracts, `accord contract
//! verify` on the consumer side, and `accord check --against registry` naming the consumers of
//! every change.

use serde_json::{json, Value};

use crate::check_registry::Registry;
use crate::common::{run_with, Run};
use crate::gate::Repo;

/// `OrderCreated`, open content model; `email` names the customer's address field.
fn order(coupon: bool, email: &str) -> String {
    let mut properties = json!({
        "order_id": {"type": "string"},
        "customer": {
            "type": "object",
            "properties": {email: {"type": "string"}},
        },
    });
    if email == "email" {
        properties["customer"]["required"] = json!(["email"]);
    }
    if coupon {
        properties["coupon_code"] = json!({"type": "string"});
    }
    serde_json::to_string_pretty(&json!({
        "type": "object",
        "properties": properties,
        "required": ["order_id", "customer"],
    }))
    .unwrap()
}

/// The producer's repository: `orders`, producing `orders-value`.
fn orders(registry: &Registry) -> Repo {
    let repo = Repo::new();
    repo.write(
        "accord.toml",
        &format!(
            "[registry]\nurl = \"{}\"\n\n[app]\nname = \"orders\"\n\n[[produces]]\nfiles = \
             \"schemas/*.json\"\n",
            registry.url
        ),
    )
    .write("schemas/orders.json", &order(true, "email"))
    .commit("v1");
    repo
}

/// The consumer's repository: `email`, reading what `reads` lists of `orders-value`.
fn email(registry: &Registry, reads: &[&str]) -> Repo {
    let repo = Repo::new();
    repo.write("accord.toml", &email_config(registry, reads))
        .commit("v1");
    repo
}

fn email_config(registry: &Registry, reads: &[&str]) -> String {
    let reads: Vec<String> = reads
        .iter()
        .map(|p| format!("  {{ path = \"{p}\", type = \"string\" }},\n"))
        .collect();
    format!(
        "[registry]\nurl = \"{}\"\n\n[app]\nname = \"email\"\n\n[[consumes]]\nsubject = \
         \"orders-value\"\nreads = [\n{}]\n",
        registry.url,
        reads.concat()
    )
}

/// Run `accord` in `repo` with none of the CI variables a publication reads, plus `env`.
fn accord_env(repo: &Repo, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = crate::common::accord(args);
    cmd.current_dir(repo.path())
        .env_remove("ACCORD_TOKEN")
        .env_remove("ACCORD_REGISTRY_URL");
    // Every variable of the CI systems whose commit and branch a publication reads.
    let ci = [
        "GITHUB_",
        "CI_",
        "BUILDKITE_",
        "CIRCLE_",
        "BITBUCKET_",
        "GIT_",
        "TRAVIS_",
    ];
    for (name, _) in std::env::vars() {
        if ci.iter().any(|prefix| name.starts_with(prefix)) {
            cmd.env_remove(name);
        }
    }
    for (name, value) in env {
        cmd.env(name, value);
    }
    run_with(cmd, None)
}

fn accord(repo: &Repo, args: &[&str]) -> Run {
    accord_env(repo, args, &[])
}

fn published(registry: &Registry, app: &str, version: &str) -> Value {
    registry.get(&format!("/applications/{app}/versions/{version}"))
}

#[test]
fn publish_publishes_the_application_version_with_its_contracts_and_pinned_subjects() {
    let registry = Registry::start();
    let producer = orders(&registry);
    let run = accord(
        &producer,
        &["publish", "--version", "1.0.0", "--branch", "main"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "registered  orders-value (schemas/orders.json): version 1, id 1\n\
         published  orders 1.0.0 (branch main): 0 contracts, 1 produced subject\n"
    );
    let v = published(&registry, "orders", "1.0.0");
    assert_eq!(v["branch"], "main");
    assert_eq!(
        v["produces"],
        json!([{"subject": "orders-value", "version": 1}])
    );

    // The consumer: one contract as a table in accord.toml, one in a contract file, one as a
    // reader schema.
    let consumer = Repo::new();
    consumer
        .write(
            "accord.toml",
            &format!(
                "{}\n[[consumes]]\nsubject = \"payments-value\"\nfile = \
                 \"contracts/payments.toml\"\n\n[[consumes]]\nsubject = \
                 \"refunds-value\"\nschema = \"contracts/refunds.json\"\n",
                email_config(&registry, &["/order_id", "/customer/email"])
            ),
        )
        .write(
            "contracts/payments.toml",
            "[[reads]]\npath = \"/amount\"\ntype = \"number\"\n",
        )
        .write(
            "contracts/refunds.json",
            r#"{"type": "object", "properties": {"reason": {"type": "string"}}}"#,
        )
        .commit("v1");
    let dry = accord(&consumer, &["publish", "--dry-run", "--version", "2.0.0"]);
    assert_eq!(dry.code, 0, "{dry:?}");
    assert_eq!(
        dry.stdout,
        "would publish  email 2.0.0 (branch main): 3 contracts, 0 produced subjects\n"
    );
    assert_eq!(
        registry.get("/applications"),
        json!([{"name": "orders", "versions": ["1.0.0"]}])
    );

    let run = accord(&consumer, &["publish", "--version", "2.0.0"]);
    assert_eq!(run.code, 0, "{run:?}");
    let v = published(&registry, "email", "2.0.0");
    assert_eq!(v["branch"], "main", "the branch comes from git");
    let contracts = v["contracts"].as_array().unwrap();
    assert_eq!(contracts.len(), 3, "{v}");
    let by_subject = |s: &str| contracts.iter().find(|c| c["subject"] == s).unwrap();
    assert_eq!(
        by_subject("orders-value")["reads"][1],
        json!({"path": "/customer/email", "type": "string", "required": true, "tolerate_unknown": false})
    );
    assert_eq!(by_subject("payments-value")["reads"][0]["path"], "/amount");
    assert_eq!(
        by_subject("refunds-value")["schema"]["properties"]["reason"]["type"],
        "string"
    );
}

#[test]
fn publish_reads_the_version_and_branch_from_ci_then_from_git() {
    let registry = Registry::start();
    let repo = orders(&registry);
    let run = accord_env(
        &repo,
        &["publish"],
        &[("GITHUB_SHA", "abc123"), ("GITHUB_REF_NAME", "release")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        published(&registry, "orders", "abc123")["branch"],
        "release"
    );

    // A pull request: the source branch wins over the ref name; Jenkins' `origin/` is dropped.
    let run = accord_env(
        &repo,
        &["publish"],
        &[
            ("CI_COMMIT_SHA", "def456"),
            ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature/x"),
            ("CI_COMMIT_REF_NAME", "ignored"),
        ],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        published(&registry, "orders", "def456")["branch"],
        "feature/x"
    );
    let run = accord_env(
        &repo,
        &["publish"],
        &[("GIT_COMMIT", "0a1b2c"), ("GIT_BRANCH", "origin/main")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(published(&registry, "orders", "0a1b2c")["branch"], "main");

    // No CI: git's HEAD and branch.
    let head = repo.git(&["rev-parse", "HEAD"]);
    let run = accord(&repo, &["publish"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains(&format!("published  orders {} (branch main)", head.trim())),
        "{}",
        run.stdout
    );
    // Flags win over both.
    let run = accord_env(
        &repo,
        &["publish", "--version", "9.9.9", "--branch", "hotfix"],
        &[("GITHUB_SHA", "abc123")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(published(&registry, "orders", "9.9.9")["branch"], "hotfix");
}

#[test]
fn publish_without_an_app_refuses_version_flags_and_bad_contracts_publish_nothing() {
    let registry = Registry::start();
    let repo = Repo::new();
    repo.write(
        "accord.toml",
        &format!(
            "[registry]\nurl = \"{}\"\n\n[[produces]]\nfiles = \"s/*.json\"\n",
            registry.url
        ),
    )
    .write("s/orders.json", &order(false, "email"))
    .commit("v1");
    let run = accord(&repo, &["publish", "--version", "1.0.0"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("has no `[app] name"), "{}", run.stderr);
    assert_eq!(registry.get("/subjects"), json!([]));

    // A contract file with a bad read fails before anything is registered or published.
    let consumer = Repo::new();
    consumer
        .write(
            "accord.toml",
            &format!(
                "[registry]\nurl = \"{}\"\n\n[app]\nname = \"email\"\n\n[[produces]]\nfiles = \
                 \"s/*.json\"\n\n[[consumes]]\nsubject = \"orders-value\"\nfile = \"c.toml\"\n",
                registry.url
            ),
        )
        .write("s/receipts.json", &order(false, "email"))
        .write(
            "c.toml",
            "[[reads]]\npath = \"/a\"\n\n[[reads]]\npath = \"b\"\n",
        )
        .commit("v1");
    let run = accord(&consumer, &["publish", "--version", "1.0.0"]);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(
        run.stderr,
        "accord: error: c.toml:4:1: read 1: \"b\" is not a JSON pointer (it must start with \
         '/')\n"
    );
    assert_eq!(registry.get("/subjects"), json!([]));
    assert_eq!(registry.get("/applications"), json!([]));
}

#[test]
fn contract_verify_says_yes_no_and_unknown() {
    let registry = Registry::start();
    let producer = orders(&registry);
    // A project that reads nothing has nothing to verify: the same CI step fits every project.
    let run = accord(&producer, &["contract", "verify"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.ends_with(
            "accord.toml: no [[consumes]] entry: this application declares no contract to verify\n"
        ),
        "{}",
        run.stdout
    );

    // Before any producer application publishes, the subject's latest version stands in; with no
    // version at all, the answer is unknown.
    let consumer = email(&registry, &["/order_id", "/customer/email"]);
    let run = accord(&consumer, &["contract", "verify"]);
    assert_eq!(run.code, 4, "{run:?}");
    assert!(
        run.stdout
            .contains("the registry has no schema for orders-value and no producer of it"),
        "{}",
        run.stdout
    );
    registry.post(
        "/subjects/orders-value/versions",
        json!({"schemaType": "JSON", "schema": order(true, "email")}),
    );
    let run = accord(&consumer, &["contract", "verify"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.starts_with(
            "orders-value: the subject (latest registered version (no producer application has \
             published)), schema version 1: satisfied\n"
        ),
        "{}",
        run.stdout
    );

    let run = accord(
        &producer,
        &["publish", "--version", "1.0.0", "--branch", "main"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let run = accord(&consumer, &["contract", "verify"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout,
        "orders-value: orders 1.0.0 (latest on main), schema version 1: satisfied\n\
         pass: email: 1 contract against 1 producer schema: 0 not satisfied, 0 unknown\n"
    );

    // A read the producer does not provide: caught on the consumer's side, before publishing.
    consumer.write(
        "accord.toml",
        &email_config(
            &registry,
            &["/order_id", "/customer/email", "/customer/phone"],
        ),
    );
    let run = accord(&consumer, &["contract", "verify", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let report = run.json();
    assert_eq!(report["result"], "no");
    assert_eq!(report["rows"][0]["producer"], "orders");
    assert_eq!(
        report["rows"][0]["findings"],
        json!([{
            "read_path": "/customer/phone",
            "kind": "UNDEFINED_READ_PATH",
            "message": "reads `/customer/phone`, which the producer schema never defines"
        }])
    );
    let run = accord(&consumer, &["contract", "verify"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "  /customer/phone UNDEFINED_READ_PATH: reads `/customer/phone`, which the producer \
             schema never defines\n"
        ),
        "{}",
        run.stdout
    );

    // A producer version pinned to a schema version the registry does not have: unknown.
    registry.post(
        "/applications/orders/versions/1.1.0",
        json!({"branch": "main", "produces": [{"subject": "orders-value", "version": 7}]}),
    );
    consumer.write("accord.toml", &email_config(&registry, &["/order_id"]));
    let run = accord(&consumer, &["contract", "verify"]);
    assert_eq!(run.code, 4, "{run:?}");
    assert!(
        run.stdout.contains("orders 1.1.0 (latest on main)"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_names_the_consumers_of_every_change_and_applies_their_contracts() {
    let registry = Registry::start();
    let producer = orders(&registry);
    assert_eq!(
        accord(
            &producer,
            &["publish", "--version", "1.0.0", "--branch", "main"]
        )
        .code,
        0
    );
    let consumer = email(&registry, &["/order_id", "/customer/email"]);
    assert_eq!(
        accord(&consumer, &["publish", "--version", "1.0.0"]).code,
        0
    );

    // A property nobody reads goes away: allowed, and said to be read by nobody.
    producer.write("schemas/orders.json", &order(false, "email"));
    let run = accord(
        &producer,
        &["check", "--against", "registry", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    let findings = run.json()["subjects"][0]["findings"].clone();
    assert_eq!(findings[0]["path"], "#/properties/coupon_code");
    assert_eq!(findings[0]["read_by"], json!([]));
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("(read by nobody)"),
        "{findings}"
    );

    // With the subject at LENIENT, renaming the field `email` reads passes the level; the
    // contract refuses it, naming the consumer and the read path.
    registry.put(
        "/config/orders-value",
        json!({"compatibility": "BACKWARD", "compatibilityPolicy": "LENIENT"}),
    );
    producer.write("schemas/orders.json", &order(false, "email_address"));
    let run = accord(&producer, &["check", "--against", "registry"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains(
            "breaking CONTRACT_READ_UNDEFINED #/properties/customer/properties/email: consumer \
             email 1.0.0 (latest on main): reads `/customer/email`, which the producer schema \
             never defines"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("(read by email 1.0.0: /customer/email)"),
        "{}",
        run.stdout
    );
    let json = accord(
        &producer,
        &["check", "--against", "registry", "--format", "json"],
    )
    .json();
    let contract: Vec<&Value> = json["subjects"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "CONTRACT_READ_UNDEFINED")
        .collect();
    assert_eq!(contract.len(), 1, "{json}");
    assert_eq!(contract[0]["verdict"], "breaking");
    assert_eq!(
        contract[0]["read_by"],
        json!(["email 1.0.0: /customer/email"])
    );
    // Placed in the registry's version, where the read value still is.
    assert_eq!(contract[0]["side"], "old");

    // publish refuses too, and registers nothing.
    let run = accord(
        &producer,
        &["publish", "--version", "1.1.0", "--branch", "main"],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(registry.get("/subjects/orders-value/versions"), json!([1]));

    // contractCheck WARN: a warning, not a failure; OFF: not checked, readers still named.
    let config = |check: &str| json!({"compatibility": "BACKWARD", "compatibilityPolicy": "LENIENT", "contractCheck": check});
    registry.put("/config/orders-value", config("WARN"));
    let run = accord(&producer, &["check", "--against", "registry"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("warning CONTRACT_READ_UNDEFINED"),
        "{}",
        run.stdout
    );
    registry.put("/config/orders-value", config("OFF"));
    let run = accord(&producer, &["check", "--against", "registry"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stdout.contains("CONTRACT_READ"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("(read by email 1.0.0: /customer/email)"),
        "{}",
        run.stdout
    );
}

/// `email` reading `reads` of `orders-value`, published as 1.0.0 from main without verification.
fn unverified_email(registry: &Registry, reads: &[&str]) -> Repo {
    let consumer = email(registry, reads);
    let run = accord(
        &consumer,
        &["publish", "--version", "1.0.0", "--allow-unverified"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    consumer
}

/// `check --against registry` of `orders` without `coupon_code`, which nobody reads.
fn check_without_coupon(producer: &Repo) -> Run {
    producer.write("schemas/orders.json", &order(false, "email"));
    accord(producer, &["check", "--against", "registry"])
}

/// `run` failed on email 1.0.0's read of `/customer/<field>`, which `orders` no longer defines.
fn assert_undefined_read(run: &Run, field: &str) {
    assert_eq!(run.code, 1, "{run:?}");
    let line = format!(
        "breaking CONTRACT_READ_UNDEFINED #/properties/customer/properties/{field}: consumer \
         email 1.0.0 (latest on main): reads `/customer/{field}`"
    );
    assert!(run.stdout.contains(&line), "{}", run.stdout);
}

/// How `contract verify` reports a read of `/customer/phone`, which `orders` never had.
const PHONE_FINDING: &str = "  /customer/phone UNDEFINED_READ_PATH: reads `/customer/phone`, \
                             which the producer schema never defines\n";

/// `orders` with its version 1.0.0 published from main (`orders-value` version 1).
fn published_orders(registry: &Registry) -> Repo {
    let producer = orders(registry);
    let run = accord(
        &producer,
        &["publish", "--version", "1.0.0", "--branch", "main"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    producer
}

#[test]
fn publish_refuses_a_contract_that_verify_rejects_unless_allow_unverified() {
    let registry = Registry::start();
    published_orders(&registry);
    // The consumer reads a value `orders` never had; it also produces a subject of its own.
    let consumer = Repo::new();
    consumer
        .write(
            "accord.toml",
            &format!(
                "{}\n[[produces]]\nfiles = \"s/*.json\"\n",
                email_config(&registry, &["/order_id", "/customer/phone"])
            ),
        )
        .write("s/receipts.json", &order(false, "email"))
        .commit("v1");
    let verify = accord(&consumer, &["contract", "verify"]);
    assert_eq!(verify.code, 1, "{verify:?}");

    for args in [
        &["publish", "--version", "1.0.0"][..],
        &["publish", "--dry-run", "--version", "1.0.0"],
    ] {
        let run = accord(&consumer, args);
        assert_eq!(run.code, 1, "{args:?}: {run:?}");
        assert!(
            run.stdout.starts_with(&verify.stdout),
            "the same findings as verify:\n{}\n---\n{}",
            verify.stdout,
            run.stdout
        );
        assert!(run.stdout.contains(PHONE_FINDING), "{}", run.stdout);
        assert!(
            run.stdout.ends_with(
                "nothing registered or published: a contract is not satisfied (fix it, or pass \
                 --allow-unverified to publish it anyway)\n"
            ),
            "{}",
            run.stdout
        );
        assert_eq!(registry.get("/subjects"), json!(["orders-value"]));
        assert_eq!(
            registry.get("/applications"),
            json!([{"name": "orders", "versions": ["1.0.0"]}])
        );
    }

    let run = accord(
        &consumer,
        &["publish", "--version", "1.0.0", "--allow-unverified"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        published(&registry, "email", "1.0.0")["contracts"][0]["reads"][1]["path"],
        "/customer/phone"
    );
    assert_eq!(
        registry.get("/subjects"),
        json!(["orders-value", "receipts-value"])
    );
}

#[test]
fn a_read_no_producer_version_ever_provided_warns_the_producer_and_fails_the_consumer() {
    let registry = Registry::start();
    let producer = published_orders(&registry);
    let consumer = unverified_email(
        &registry,
        &["/order_id", "/customer/email", "/customer/phone"],
    );

    // The producer drops a property nobody reads: the consumer's typo does not block it.
    let run = check_without_coupon(&producer);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains(
            "warning CONTRACT_READ_NEVER_PROVIDED #/properties/customer/properties/phone: \
             consumer email 1.0.0 (latest on main) reads /customer/phone which no producer \
             version ever provided: fix the contract"
        ),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("keep the value the consumer reads"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("REGISTRY_REFUSED"), "{}", run.stdout);
    let json = accord(
        &producer,
        &["check", "--format", "json", "--against", "registry"],
    )
    .json();
    let subject = &json["subjects"][0];
    let contract_findings: Vec<(&Value, &Value, &Value)> = subject["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"].as_str().unwrap().starts_with("CONTRACT_"))
        .map(|f| (&f["kind"], &f["verdict"], &f["read_by"]))
        .collect();
    assert_eq!(
        contract_findings,
        [(
            &json!("CONTRACT_READ_NEVER_PROVIDED"),
            &json!("warning"),
            &json!(["email 1.0.0: /customer/phone"])
        )],
        "{json}"
    );
    assert_eq!(subject["compatible"], true, "{json}");

    // Dropping a value the consumer reads and an earlier version provided still breaks it.
    producer.write("schemas/orders.json", &order(false, "email_address"));
    let run = accord(&producer, &["check", "--against", "registry"]);
    assert_undefined_read(&run, "email");
    assert!(
        run.stdout.contains("warning CONTRACT_READ_NEVER_PROVIDED"),
        "{}",
        run.stdout
    );

    // The consumer's own check keeps failing on the read.
    let verify = accord(&consumer, &["contract", "verify"]);
    assert_eq!(verify.code, 1, "{verify:?}");
    assert!(verify.stdout.contains(PHONE_FINDING), "{}", verify.stdout);
}

#[test]
fn a_read_only_a_soft_deleted_version_provided_still_binds_the_producer() {
    let registry = Registry::start();
    let producer = published_orders(&registry);
    // Version 2 had `/customer/phone`; it was soft-deleted, but events written with it may exist.
    registry.put("/config/orders-value", json!({"compatibility": "NONE"}));
    let mut with_phone: Value = serde_json::from_str(&order(true, "email")).unwrap();
    with_phone["properties"]["customer"]["properties"]["phone"] = json!({"type": "string"});
    registry.post(
        "/subjects/orders-value/versions",
        json!({"schemaType": "JSON", "schema": with_phone.to_string()}),
    );
    let deleted = reqwest::blocking::Client::new()
        .delete(format!("{}/subjects/orders-value/versions/2", registry.url))
        .send()
        .unwrap();
    assert!(deleted.status().is_success(), "{deleted:?}");
    unverified_email(&registry, &["/order_id", "/customer/phone"]);
    let run = check_without_coupon(&producer);
    assert_undefined_read(&run, "phone");
    assert!(!run.stdout.contains("NEVER_PROVIDED"), "{}", run.stdout);
}
