//! `accord validate --subject` and `--framed` against a real registry served in-process on a
//! loopback socket (SQLite in a temp dir): schemas by subject version, Confluent frames in hex
//! and base64, per-frame errors that never stop the stream, and the exit codes for an unknown
//! subject or version (4) and an unreachable registry (5).

use std::sync::Arc;

use accord_registry::store::sql::{SqlStore, StoreOptions};
use accord_registry::{app, AppOptions, AppState};
use accord_schemas::client::RegistryClient;
use accord_schemas::wire;
use base64::Engine as _;
use insta::assert_snapshot;

use crate::common::{accord, run_with, Run, V1, V2};

const SUBJECT: &str = "orders-value";
const PAYLOADS: &str = "schemas/examples/order-created.payloads.ndjson";

/// A registry on a free loopback port, with OrderCreated v1 and v2 registered under
/// `orders-value`; it stops when dropped.
struct Registry {
    url: String,
    v1: u32,
    v2: u32,
    runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

impl Registry {
    fn start() -> Registry {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("registry.db");
        let db = db.to_str().expect("UTF-8 path").to_string();
        let (url, v1, v2) = runtime.block_on(async {
            let store = SqlStore::connect(&db, &StoreOptions::default())
                .await
                .expect("SQLite store");
            let state = AppState::new(Arc::new(store), AppOptions::default());
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let url = format!("http://{}", listener.local_addr().expect("address"));
            tokio::spawn(async move { axum::serve(listener, app(state)).await });
            let client = RegistryClient::new(&url).expect("client");
            let read = |p: &str| std::fs::read_to_string(crate::common::root().join(p)).unwrap();
            let v1 = client.register(SUBJECT, &read(V1)).await.expect("v1");
            let v2 = client.register(SUBJECT, &read(V2)).await.expect("v2");
            (url, v1, v2)
        });
        assert_ne!(v1, v2);
        Registry {
            url,
            v1,
            v2,
            runtime,
            _dir: dir,
        }
    }

    /// `accord args --registry URL` with `stdin`.
    fn run(&self, args: &[&str], stdin: Option<&[u8]>) -> Run {
        let mut cmd = accord(args);
        cmd.args(["--registry", &self.url])
            .env_remove("ACCORD_REGISTRY_URL");
        run_with(cmd, stdin)
    }

    /// How many `GET /schemas/ids/{id}` requests the registry answered with `status`.
    fn schema_requests(&self, status: u16) -> u64 {
        let metrics = self.runtime.block_on(async {
            reqwest::get(format!("{}/metrics", self.url))
                .await
                .expect("GET /metrics")
                .text()
                .await
                .expect("metrics text")
        });
        let series = format!(
            "accord_http_requests_total{{route=\"/schemas/ids/{{id}}\",method=\"GET\",status=\"{status}\"}} "
        );
        metrics
            .lines()
            .find_map(|l| l.strip_prefix(&series))
            .map_or(0, |n| n.trim().parse().expect("a count"))
    }
}

fn example(line: usize) -> Vec<u8> {
    let text = std::fs::read_to_string(crate::common::root().join(PAYLOADS)).unwrap();
    text.lines()
        .nth(line - 1)
        .expect("payload line")
        .as_bytes()
        .to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A loopback port nothing listens on.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    format!("http://{addr}")
}

#[test]
fn subject_versions_come_from_the_registry() {
    let registry = Registry::start();
    // The latest version (v2) admits `coupon_code`; v1 does not.
    let latest = registry.run(&["validate", "--subject", SUBJECT, PAYLOADS], None);
    assert_eq!(latest.code, 1, "{latest:?}");
    assert_eq!(
        latest.stdout,
        registry
            .run(&["validate", "--schema", V2, PAYLOADS], None)
            .stdout
    );
    assert!(latest
        .stdout
        .ends_with("checked 4 payloads: 2 valid, 2 invalid\n"));

    let v1 = registry.run(
        &["validate", "--subject", SUBJECT, "--version", "1", PAYLOADS],
        None,
    );
    assert_eq!(v1.code, 1, "{v1:?}");
    assert!(
        v1.stdout
            .contains(":2: invalid (root): Additional properties are not allowed ('coupon_code' was unexpected)"),
        "{}",
        v1.stdout
    );
    assert!(v1
        .stdout
        .ends_with("checked 4 payloads: 1 valid, 3 invalid\n"));

    let valid = registry.run(
        &["validate", "--subject", SUBJECT, "--version", "latest", "-"],
        Some(&example(1)),
    );
    assert_eq!(valid.code, 0, "{valid:?}");
    assert_eq!(valid.stdout, "checked 1 payload: 1 valid, 0 invalid\n");
}

#[test]
fn unknown_subjects_and_versions_exit_4_naming_them() {
    let registry = Registry::start();
    let subject = registry.run(&["validate", "--subject", "payments-value", PAYLOADS], None);
    assert_eq!(subject.code, 4, "{subject:?}");
    assert_eq!(subject.stdout, "");
    assert_eq!(
        subject.stderr,
        format!(
            "accord: error: subject \"payments-value\" not found in the registry at {}\n",
            registry.url
        )
    );

    let version = registry.run(
        &["validate", "--subject", SUBJECT, "--version", "7", PAYLOADS],
        None,
    );
    assert_eq!(version.code, 4, "{version:?}");
    assert_eq!(
        version.stderr,
        format!(
            "accord: error: version 7 of subject \"orders-value\" not found in the registry at {}\n",
            registry.url
        )
    );

    let bad = registry.run(
        &["validate", "--subject", SUBJECT, "--version", "0", PAYLOADS],
        None,
    );
    assert_eq!(bad.code, 2, "{bad:?}");
}

#[test]
fn framed_hex_reports_each_bad_frame_and_goes_on() {
    let registry = Registry::start();
    let (v1, v2) = (registry.v1, registry.v2);
    let mut magic_7 = wire::encode(v1, &example(1));
    magic_7[0] = 7;
    let lines = [
        hex(&wire::encode(v1, &example(1))),   // 1: valid against v1
        hex(&wire::encode(v1, &example(3))),   // 2: invalid against v1
        "000000".to_string(),                  // 3: truncated frame
        hex(&magic_7),                         // 4: magic byte 7
        hex(&wire::encode(9999, &example(1))), // 5: unknown schema id
        String::new(),                         // 6: blank, skipped
        hex(&wire::encode(v2, &example(2))),   // 7: valid against v2 (coupon_code)
        hex(&wire::encode(v1, &example(2))),   // 8: invalid against v1 (coupon_code)
        hex(&wire::encode(9999, b"{}")),       // 9: unknown schema id, asked once
        hex(&wire::encode(v1, b"{\"a\":")),    // 10: not JSON
        "0g".to_string(),                      // 11: not hex
        hex(&wire::encode(v2, &example(1))),   // 12: valid against v2
    ];
    let input = lines.join("\n") + "\n";
    let run = registry.run(&["validate", "--framed", "hex"], Some(input.as_bytes()));
    assert_eq!(run.code, 1, "{run:?}");
    let stdout = run.stdout.replace(&format!(" {v1}:"), " V1:");
    assert_snapshot!(stdout, @r#"
    <stdin>:2: invalid /customer: "email" is a required property [/properties/customer/required]
    <stdin>:2: invalid /items/0/qty: 0 is less than the minimum of 1 [/properties/items/items/properties/qty/minimum]
    <stdin>:2: invalid /total: -3 is less than the minimum of 0 [/properties/total/minimum]
    <stdin>:3: error truncated frame: 3 bytes, the header alone is 5 (magic byte and 4-byte schema id)
    <stdin>:4: error unknown magic byte 0x07: expected 0x00 (Confluent framing)
    <stdin>:5: error unknown schema id 9999: not in the registry
    <stdin>:8: invalid (root): Additional properties are not allowed ('coupon_code' was unexpected) [/additionalProperties]
    <stdin>:9: error unknown schema id 9999: not in the registry
    <stdin>:10: error not JSON: EOF while parsing a value at line 1, column 5
    <stdin>:11: error not hex: 'g' at column 2
    checked 11 payloads: 3 valid, 2 invalid, 1 not readable as JSON, 5 bad frames
    "#);
    assert_eq!(run.stderr, "");
    // Each schema id was fetched once, the unknown one included.
    assert_eq!(registry.schema_requests(200), 2);
    assert_eq!(registry.schema_requests(404), 1);
}

#[test]
fn framed_base64_with_json_output() {
    let registry = Registry::start();
    let b64 = |id, payload: &[u8]| {
        base64::engine::general_purpose::STANDARD.encode(wire::encode(id, payload))
    };
    let input = [
        b64(registry.v1, &example(1)),
        b64(registry.v1, &example(4)),
        b64(registry.v2, &example(2)),
        b64(4242, &example(1)),
    ]
    .join("\r\n");
    let framed = crate::common::temp_file(input.as_bytes());
    let path = framed.path().display().to_string();
    let run = registry.run(
        &["validate", "--framed", "base64", "--format", "json", &path],
        None,
    );
    assert_eq!(run.code, 1, "{run:?}");
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert_eq!(lines[0]["line"], 2);
    assert!(lines[0]["violations"]
        .as_array()
        .is_some_and(|v| !v.is_empty()));
    assert_eq!(lines[1]["line"], 4);
    assert_eq!(
        lines[1]["error"],
        "unknown schema id 4242: not in the registry"
    );
    assert_eq!(
        lines[2],
        serde_json::json!({"summary": {"payloads": 4, "valid": 2, "invalid": 1, "unreadable": 0, "bad_frames": 1, "stopped_early": false}})
    );

    // Every frame valid: exit 0.
    let valid = b64(registry.v2, &example(2)) + "\n";
    let run = registry.run(&["validate", "--framed", "base64"], Some(valid.as_bytes()));
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "checked 1 payload: 1 valid, 0 invalid\n");
}

#[test]
fn an_unreachable_registry_exits_5_with_one_message() {
    let url = closed_port_url();
    let frame = hex(&wire::encode(1, b"{}")) + "\n";
    for args in [
        &["validate", "--subject", SUBJECT, PAYLOADS][..],
        &["validate", "--framed", "hex", "-"][..],
    ] {
        let mut cmd = accord(args);
        cmd.env("ACCORD_REGISTRY_URL", &url);
        let run = run_with(cmd, Some(frame.as_bytes()));
        assert_eq!(run.code, 5, "{args:?}: {run:?}");
        assert_eq!(run.stdout, "", "{args:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with(&format!(
                "accord: error: the registry at {url} is unreachable: GET {url}/"
            )),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("onnection refused"), "{}", run.stderr);
    }
}

#[test]
fn the_schema_source_is_one_of_schema_subject_framed() {
    for args in [
        &["validate", PAYLOADS][..],
        &["validate", "--schema", V1, "--subject", SUBJECT, PAYLOADS][..],
        &[
            "validate",
            "--subject",
            SUBJECT,
            "--framed",
            "hex",
            PAYLOADS,
        ][..],
        &["validate", "--schema", V1, "--version", "1", PAYLOADS][..],
        &["validate", "--framed", "octal", PAYLOADS][..],
    ] {
        let run = run_with(accord(args), None);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
    }
    let help = run_with(accord(&["validate", "--help"]), None);
    for text in [
        "--framed <ENCODING>",
        "hex",
        "base64",
        "ACCORD_REGISTRY_URL",
        "one frame per line",
    ] {
        assert!(help.stdout.contains(text), "{text}: {}", help.stdout);
    }
}

#[test]
fn the_token_in_accord_token_is_sent_and_never_printed() {
    use std::io::{Read, Write};
    // A server that answers "subject not found" and hands back the request it received.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut buf = [0u8; 8192];
        let n = stream.read(&mut buf).unwrap();
        tx.send(String::from_utf8_lossy(&buf[..n]).to_lowercase())
            .unwrap();
        let body = r#"{"error_code":40401,"message":"Subject 'orders-value' not found."}"#;
        let _ = write!(
            stream,
            "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        );
    });
    let mut cmd = accord(&[
        "validate",
        "--subject",
        SUBJECT,
        "--registry",
        &url,
        PAYLOADS,
    ]);
    cmd.env("ACCORD_TOKEN", "s3cret-token");
    let run = run_with(cmd, None);
    assert_eq!(run.code, 4, "{run:?}");
    let request = rx.recv().unwrap();
    assert!(
        request.contains("\r\nauthorization: bearer s3cret-token\r\n"),
        "{request}"
    );
    assert!(!run.stderr.contains("s3cret"), "{}", run.stderr);
    assert!(!run.stdout.contains("s3cret"), "{}", run.stdout);
}
