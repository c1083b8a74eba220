//! Avro (`.avsc`) through the CLI: `diff` with findings at `file:line:col`, `--type` to override
//! the extension, `validate` of Avro's JSON encoding, `init` finding `.avsc` files, `check`
//! against git, and `publish` + `check --against registry` with a real registry.

use crate::check_registry::Registry;
use crate::common::{run, temp_file};
use crate::gate::{findings, Repo};

const ORDER_V1: &str = r#"{
  "type": "record",
  "name": "Order",
  "namespace": "shop",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "item", "type": "string"}
  ]
}
"#;

/// `ORDER_V1` plus a field without a default: cannot read v1 data.
const ORDER_BREAKING: &str = r#"{
  "type": "record",
  "name": "Order",
  "namespace": "shop",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "item", "type": "string"},
    {"name": "warehouse", "type": "string"}
  ]
}
"#;

/// `ORDER_V1` plus a field with a default.
const ORDER_V2: &str = r#"{
  "type": "record",
  "name": "Order",
  "namespace": "shop",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "item", "type": "string"},
    {"name": "quantity", "type": "int", "default": 1}
  ]
}
"#;

fn avsc(contents: &str) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new().suffix(".avsc").tempfile().unwrap();
    std::fs::write(file.path(), contents).unwrap();
    file
}

#[test]
fn diff_places_each_finding_in_the_avsc() {
    let (old, new) = (avsc(ORDER_V1), avsc(ORDER_BREAKING));
    let (old_path, new_path) = (old.path().to_str().unwrap(), new.path().to_str().unwrap());
    let r = run(&["diff", old_path, new_path]);
    assert_eq!(r.code, 1, "{r:?}");
    let expected = format!("{new_path}:8:5: breaking READER_FIELD_MISSING_DEFAULT_VALUE /fields/2");
    assert!(r.stdout.contains(&expected), "{}", r.stdout);
    assert!(r.stdout.contains("warehouse"), "{}", r.stdout);

    let compatible = avsc(ORDER_V2);
    let r = run(&["diff", old_path, compatible.path().to_str().unwrap()]);
    assert_eq!(r.code, 0, "{r:?}");
    // FORWARD: old readers ignore the new field.
    let r = run(&["diff", "--level", "FORWARD", old_path, new_path]);
    assert_eq!(r.code, 0, "{r:?}");

    let r = run(&["diff", "--format", "json", old_path, new_path]);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["compatible"], false);
    assert_eq!(report["changes"][0]["path"], "/fields/2");
}

#[test]
fn type_overrides_the_extension() {
    let (old, new) = (
        temp_file(ORDER_V1.as_bytes()),
        temp_file(ORDER_BREAKING.as_bytes()),
    );
    let (old_path, new_path) = (old.path().to_str().unwrap(), new.path().to_str().unwrap());
    // Read as JSON Schema, an Avro record is not a valid schema document.
    let r = run(&["diff", old_path, new_path]);
    assert_eq!(r.code, 3, "{r:?}");
    let r = run(&["diff", "--type", "avro", old_path, new_path]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains("READER_FIELD_MISSING_DEFAULT_VALUE"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_invalid_avsc_is_invalid_input() {
    let bad =
        avsc(r#"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "nope"}]}"#);
    let good = avsc(ORDER_V1);
    let r = run(&[
        "diff",
        good.path().to_str().unwrap(),
        bad.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 3, "{r:?}");
    assert!(
        r.stderr.contains(bad.path().to_str().unwrap()),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nope"), "{}", r.stderr);
}

#[test]
fn validate_reads_avro_json_encoding() {
    let schema = avsc(ORDER_V2);
    let payloads = temp_file(
        b"{\"id\": 1, \"item\": \"pen\"}\n{\"id\": \"2\", \"item\": \"cup\"}\n{\"id\": 3, \"item\": \"ink\", \"quantity\": 2}\n",
    );
    let r = run(&[
        "validate",
        "--schema",
        schema.path().to_str().unwrap(),
        payloads.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains(":2: invalid /id"), "{}", r.stdout);
    assert!(!r.stdout.contains(":1: invalid"), "{}", r.stdout);
    assert!(!r.stdout.contains(":3: invalid"), "{}", r.stdout);
}

const CONFIG: &str = r#"[defaults]
level = "BACKWARD"
policy = "STRICT"

[[produces]]
files = "schemas/*.avsc"
"#;

#[test]
fn init_finds_avsc_files() {
    let repo = Repo::new();
    repo.write("schemas/order.avsc", ORDER_V1);
    let run = repo.accord(&["init"]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = std::fs::read_to_string(repo.path().join("accord.toml")).unwrap();
    assert!(text.contains("files = \"schemas/*.avsc\""), "{text}");
    let subjects = repo.accord(&["subjects"]);
    assert!(subjects.stdout.contains("order-value"), "{subjects:?}");
}

#[test]
fn check_against_git_judges_avsc_changes() {
    let repo = Repo::new();
    repo.write("accord.toml", CONFIG)
        .write("schemas/order.avsc", ORDER_V1)
        .commit("v1");
    repo.write("schemas/order.avsc", ORDER_BREAKING)
        .commit("warehouse");
    let run = repo.accord(&["check", "--against", "git:HEAD~1", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        findings(&run),
        [(
            "order-value".to_string(),
            "schemas/order.avsc:8:5".to_string(),
            "READER_FIELD_MISSING_DEFAULT_VALUE".to_string(),
            "breaking".to_string()
        )]
    );
}

#[test]
fn publish_and_check_against_the_registry() {
    let registry = Registry::start();
    let repo = Repo::new();
    let config = format!("[registry]\nurl = \"{}\"\n\n{CONFIG}", registry.url);
    repo.write("accord.toml", &config)
        .write("schemas/order.avsc", ORDER_V1)
        .commit("v1");
    let run = repo.accord(&["publish"]);
    assert_eq!(run.code, 0, "{run:?}");
    let latest = registry.get("/subjects/order-value/versions/latest");
    assert!(
        latest.get("schemaType").is_none(),
        "registered as Avro: {latest}"
    );

    repo.write("schemas/order.avsc", ORDER_BREAKING);
    let run = repo.accord(&["check", "--against", "registry", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let found = findings(&run);
    assert!(
        found.iter().any(|f| f.1 == "schemas/order.avsc:8:5"
            && f.2 == "READER_FIELD_MISSING_DEFAULT_VALUE"),
        "{found:?}"
    );
    repo.write("schemas/order.avsc", ORDER_V2);
    let run = repo.accord(&["check", "--against", "registry"]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = repo.accord(&["publish"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        registry.get("/subjects/order-value/versions"),
        serde_json::json!([1, 2])
    );
}

#[test]
fn validate_against_an_avro_subject_and_avro_frames() {
    let registry = Registry::start();
    registry.post(
        "/subjects/order-value/versions",
        serde_json::json!({ "schema": ORDER_V1 }),
    );
    let id = registry.get("/subjects/order-value/versions/latest")["id"]
        .as_i64()
        .unwrap();
    let payloads =
        temp_file(b"{\"id\": 1, \"item\": \"pen\"}\n{\"id\": \"2\", \"item\": \"cup\"}\n");
    let payload_path = payloads.path().to_str().unwrap();
    let url = registry.url.as_str();
    let args = [
        "validate",
        "--registry",
        url,
        "--subject",
        "order-value",
        payload_path,
    ];
    let r = run(&args);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains(":2: invalid /id"), "{}", r.stdout);

    // Frames: magic byte, the id, then the binary datum {id: 7, item: "pen"}; the second ends
    // early.
    let header = format!("00{id:08x}");
    let frames = temp_file(format!("{header}0e0670656e\n{header}0e067065\n").as_bytes());
    let frames_path = frames.path().to_str().unwrap();
    let r = run(&[
        "validate",
        "--registry",
        url,
        "--framed",
        "hex",
        frames_path,
    ]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(!r.stdout.contains(":1: invalid"), "{}", r.stdout);
    assert!(r.stdout.contains(":2: invalid"), "{}", r.stdout);
    assert!(r.stdout.contains("ends before"), "{}", r.stdout);
}

#[test]
fn check_against_the_registry_judges_avro_consumer_contracts() {
    let registry = Registry::start();
    let repo = Repo::new();
    let config = format!("[registry]\nurl = \"{}\"\n\n{CONFIG}", registry.url);
    repo.write("accord.toml", &config)
        .write("schemas/order.avsc", ORDER_V1)
        .commit("v1");
    assert_eq!(repo.accord(&["publish"]).code, 0);
    // A consumer reads `item`.
    registry.post(
        "/applications/billing/versions/1.0.0",
        serde_json::json!({"branch": "main", "contracts": [{"subject": "order-value",
            "reads": [{"path": "/item"}]}]}),
    );
    let no_item = ORDER_V1.replace(",\n    {\"name\": \"item\", \"type\": \"string\"}", "");
    assert!(!no_item.contains("item"), "{no_item}");
    repo.write("schemas/order.avsc", &no_item);
    let run = repo.accord(&["check", "--against", "registry", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let report = run.json();
    let text = report.to_string();
    assert!(text.contains("billing") && text.contains("/item"), "{text}");
    // With `item` kept the consumer is satisfied.
    repo.write("schemas/order.avsc", ORDER_V2);
    let run = repo.accord(&["check", "--against", "registry"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn contract_verify_against_an_avro_producer() {
    let registry = Registry::start();
    registry.post(
        "/subjects/order-value/versions",
        serde_json::json!({ "schema": ORDER_V1 }),
    );
    let consumer = Repo::new();
    let config = |path: &str| {
        format!(
            "[registry]\nurl = \"{}\"\n\n[app]\nname = \"billing\"\n\n[[consumes]]\n\
             subject = \"order-value\"\nreads = [{{ path = \"{path}\" }}]\n",
            registry.url
        )
    };
    consumer.write("accord.toml", &config("/item"));
    let run = consumer.accord(&["contract", "verify"]);
    assert_eq!(run.code, 0, "{run:?}");
    consumer.write("accord.toml", &config("/warehouse"));
    let run = consumer.accord(&["contract", "verify"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("/warehouse"), "{run:?}");
}

/// A reader schema that needs `total`, which `ORDER_V1` does not write, without a default.
const READER_NEEDS_TOTAL: &str = r#"{
  "type": "record",
  "name": "Order",
  "namespace": "shop",
  "fields": [
    {"name": "item", "type": "string"},
    {"name": "total", "type": "double"}
  ]
}
"#;

#[test]
fn an_avro_reader_schema_is_a_contract_verified_published_and_binding_the_producer() {
    let registry = Registry::start();
    let producer = Repo::new();
    let config = format!("[registry]\nurl = \"{}\"\n\n{CONFIG}", registry.url);
    producer
        .write("accord.toml", &config)
        .write("schemas/order.avsc", ORDER_V1)
        .commit("v1");
    assert_eq!(producer.accord(&["publish"]).code, 0);

    let consumer = Repo::new();
    consumer
        .write(
            "accord.toml",
            &format!(
                "[registry]\nurl = \"{}\"\n\n[app]\nname = \"billing\"\n\n[[consumes]]\n\
                 subject = \"order-value\"\nschema = \"reader.avsc\"\n",
                registry.url
            ),
        )
        .write("reader.avsc", READER_NEEDS_TOTAL)
        .commit("v1");
    // `total` is not written and has no default: the finding names the field and its line in
    // the reader schema.
    let run = consumer.accord(&["contract", "verify"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("reader.avsc:7:5: /total NOT_PROVIDED: the producer does not write `/total`"),
        "{}",
        run.stdout
    );
    let run = consumer.accord(&["contract", "verify", "--format", "json"]);
    let report = run.json();
    assert_eq!(report["rows"][0]["findings"][0]["read_path"], "/total");
    assert_eq!(report["rows"][0]["findings"][0]["at"], "reader.avsc:7:5");
    // Publishing what verify rejects is refused.
    let run = consumer.accord(&["publish", "--version", "1.0.0"]);
    assert_eq!(run.code, 1, "{run:?}");

    // With a default the reader reads v1: satisfied, published, stored as the Avro schema.
    let with_default = READER_NEEDS_TOTAL.replace(
        r#""type": "double"}"#,
        r#""type": "double", "default": 0.0}"#,
    );
    consumer
        .write("reader.avsc", &with_default)
        .commit("default");
    let run = consumer.accord(&["contract", "verify"]);
    assert_eq!(run.code, 0, "{run:?}");
    let run = consumer.accord(&["publish", "--version", "1.0.0"]);
    assert_eq!(run.code, 0, "{run:?}");
    let published = registry.get("/applications/billing/versions/1.0.0");
    assert_eq!(
        published["contracts"][0]["schema"]["type"], "record",
        "{published}"
    );

    // The producer retypes `item`, which the reader reads as a string: the check against the
    // registry names the consumer and places the finding at the field in the producer's file.
    let retyped = ORDER_V1.replace(
        r#"{"name": "item", "type": "string"}"#,
        r#"{"name": "item", "type": "long"}"#,
    );
    producer.write("schemas/order.avsc", &retyped);
    let run = producer.accord(&["check", "--against", "registry", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let found = findings(&run);
    assert!(
        found.contains(&(
            "order-value".to_string(),
            "schemas/order.avsc:7:5".to_string(),
            "CONTRACT_READ_NOT_ACCEPTED".to_string(),
            "breaking".to_string()
        )),
        "{found:?}"
    );
    assert!(run.stdout.contains("billing 1.0.0"), "{}", run.stdout);
}
