//! `accord record-deployment` and `accord can-i-deploy`: the real binary against a real registry
//! (served in-process on a real socket, SQLite), in the order scenario's deployment situations.

use serde_json::{json, Value};

use crate::common::cli::{accord, Run};
use crate::common::registry::{client, serve, CT};

async fn accord_run(args: &[&str]) -> Run {
    accord(None, args).await
}

async fn post(url: &str, body: Value) -> u16 {
    client()
        .post(url)
        .header("content-type", CT)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn record_deployment_and_can_i_deploy_answer_yes_no_and_unknown() {
    let registry = serve(None).await;
    let r = registry.url.as_str();
    let order = json!({"type": "object", "properties": {
        "order_id": {"type": "string"},
        "customer": {"type": "object", "properties": {"email": {"type": "string"}}, "required": ["email"]}
    }, "required": ["order_id", "customer"]});
    let status = post(
        &format!("{r}/subjects/orders-value/versions"),
        json!({"schemaType": "JSON", "schema": order.to_string()}),
    )
    .await;
    assert_eq!(status, 200);
    let status = post(
        &format!("{r}/applications/orders/versions/1.0.0"),
        json!({"branch": "main", "produces": ["orders-value"]}),
    )
    .await;
    assert_eq!(status, 200);
    let reads = |extra: &str| {
        json!({"branch": "main", "contracts": [{"subject": "orders-value", "reads": [
            {"path": "/order_id", "type": "string"}, {"path": extra, "type": "string"}
        ]}]})
    };
    assert_eq!(
        post(
            &format!("{r}/applications/email/versions/1.0.0"),
            reads("/customer/email")
        )
        .await,
        200
    );
    assert_eq!(
        post(
            &format!("{r}/applications/email/versions/1.1.0"),
            reads("/customer/phone")
        )
        .await,
        200
    );

    for (app, version) in [("orders", "1.0.0"), ("email", "1.0.0")] {
        let run = accord_run(&[
            "record-deployment",
            "--app",
            app,
            "--version",
            version,
            "--env",
            "staging",
            "--registry",
            r,
        ])
        .await;
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        assert!(
            run.stdout
                .contains(&format!("{app} {version} is deployed in staging")),
            "{}",
            run.stdout
        );
    }

    // yes: email 1.0.0 reads what orders provides.
    let yes = accord_run(&[
        "can-i-deploy",
        "--app",
        "email",
        "--version",
        "1.0.0",
        "--to",
        "staging",
        "--registry",
        r,
    ])
    .await;
    assert_eq!(yes.code, 0, "{}{}", yes.stdout, yes.stderr);
    assert!(
        yes.stdout.contains("yes")
            && yes.stdout.contains("orders")
            && yes.stdout.contains("PRODUCER"),
        "{}",
        yes.stdout
    );

    // no: email 1.1.0 reads /customer/phone, which orders does not provide.
    let no = accord_run(&[
        "can-i-deploy",
        "--app",
        "email",
        "--version",
        "1.1.0",
        "--to",
        "staging",
        "--registry",
        r,
    ])
    .await;
    assert_eq!(no.code, 1, "{}{}", no.stdout, no.stderr);
    assert!(
        no.stdout.contains("NO") && no.stdout.contains("/customer/phone"),
        "{}",
        no.stdout
    );
    let json_no = accord_run(&[
        "can-i-deploy",
        "--app",
        "email",
        "--version",
        "1.1.0",
        "--to",
        "staging",
        "--format",
        "json",
        "--registry",
        r,
    ])
    .await;
    let answer: Value = serde_json::from_str(&json_no.stdout).expect("one JSON answer");
    assert_eq!(answer["result"], "no");
    assert_eq!(answer["rows"][0]["consumer"], "email");

    // unknown: a version the registry does not know, or an environment nothing was deployed to.
    let unknown = accord_run(&[
        "can-i-deploy",
        "--app",
        "email",
        "--version",
        "9.9.9",
        "--to",
        "staging",
        "--registry",
        r,
    ])
    .await;
    assert_eq!(unknown.code, 4, "{}{}", unknown.stdout, unknown.stderr);
    assert!(unknown.stdout.contains("UNKNOWN"), "{}", unknown.stdout);
    let retried = accord_run(&[
        "can-i-deploy",
        "--app",
        "email",
        "--version",
        "1.0.0",
        "--to",
        "production",
        "--retry-while-unknown",
        "1",
        "--retry-interval",
        "0",
        "--registry",
        r,
    ])
    .await;
    assert_eq!(retried.code, 4, "{}{}", retried.stdout, retried.stderr);
    assert!(
        retried.stderr.contains("asking again"),
        "{}",
        retried.stderr
    );

    // Bad input and an unknown version are refused with their exit codes.
    let unknown_version = accord_run(&[
        "record-deployment",
        "--app",
        "email",
        "--version",
        "7.0.0",
        "--env",
        "staging",
        "--registry",
        r,
    ])
    .await;
    assert_eq!(unknown_version.code, 4, "{}", unknown_version.stderr);
    let bad_env = accord_run(&[
        "record-deployment",
        "--app",
        "email",
        "--version",
        "1.0.0",
        "--env",
        "bad env!",
        "--registry",
        r,
    ])
    .await;
    assert_eq!(bad_env.code, 3, "{}", bad_env.stderr);
    assert!(bad_env.stderr.contains("environment"), "{}", bad_env.stderr);
}

#[tokio::test]
async fn an_unreachable_registry_is_an_infrastructure_failure() {
    // A port nothing listens on: bind one, then let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let run = accord_run(&[
        "can-i-deploy",
        "--app",
        "a",
        "--version",
        "1",
        "--to",
        "staging",
        "--registry",
        &url,
    ])
    .await;
    assert_eq!(run.code, 5, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("cannot be reached"), "{}", run.stderr);
}
