//! The order scenario of consumer contracts at the registry level, over a real socket, on SQLite
//! and on PostgreSQL: `orders` produces `OrderCreated` (subject `orders-value`), `inventory`
//! reads `/order_id` and `/items/*/sku`, `/items/*/qty`, `email` reads `/order_id` and
//! `/customer/email`.

use accord_registry::store::Store;
use serde_json::{json, Value};

use crate::common::orders::order_created;
use crate::common::registry::{client, postgres_url, serve, skipped, InProcess, CT};

struct Registry {
    server: InProcess,
    http: reqwest::Client,
}

impl Registry {
    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, String, Value) {
        let url = format!("{}{path}", self.server.url);
        let mut req = self
            .http
            .request(method.parse().unwrap(), url)
            .header("content-type", CT);
        if let Some(body) = body {
            req = req.body(body.to_string());
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let warnings = res
            .headers()
            .get("x-accord-warnings")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let text = res.text().await.unwrap();
        (
            status,
            warnings,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn ok(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, _, value) = self.call(method, path, body).await;
        assert_eq!(status, 200, "{method} {path}: {value}");
        value
    }

    async fn register(&self, schema: &Value) -> (u16, String, Value) {
        self.call(
            "POST",
            "/subjects/orders-value/versions",
            Some(json!({"schemaType": "JSON", "schema": schema.to_string()})),
        )
        .await
    }

    async fn can_i_deploy(&self, app: &str, version: &str, to: &str) -> Value {
        self.ok(
            "GET",
            &format!("/can-i-deploy?app={app}&version={version}&to={to}"),
            None,
        )
        .await
    }

    /// What a refused write must leave unchanged.
    async fn snapshot(&self) -> Value {
        json!({
            "applications": self.ok("GET", "/applications", None).await,
            "deployments": self.ok("GET", "/deployments", None).await,
            "events": self.server.store.events(0, 1_000_000).await.unwrap().len(),
        })
    }
}

fn read(path: &str, json_type: &str) -> Value {
    json!({"path": path, "type": json_type})
}

async fn scenario(database: Option<String>) {
    let r = Registry {
        server: serve(database).await,
        http: client(),
    };
    let (status, _, body) = r.register(&order_created(true, "email")).await;
    assert_eq!(status, 200, "{body}");

    // The applications and their first versions, all on main.
    r.ok(
        "POST",
        "/applications/orders/versions/1.0.0",
        Some(json!({"branch": "main", "produces": [{"subject": "orders-value", "version": 1}]})),
    )
    .await;
    r.ok(
        "POST",
        "/applications/inventory/versions/1.0.0",
        Some(json!({"branch": "main", "contracts": [{"subject": "orders-value", "reads": [
            read("/order_id", "string"), read("/items/*/sku", "string"), read("/items/*/qty", "integer"),
        ]}]})),
    )
    .await;
    r.ok(
        "POST",
        "/applications/email/versions/1.0.0",
        Some(
            json!({"branch": "main", "contracts": [{"subject": "orders-value", "reads": [
                read("/order_id", "string"), read("/customer/email", "string"),
            ]}]}),
        ),
    )
    .await;
    for (app, env) in [
        ("orders", "staging"),
        ("inventory", "staging"),
        ("email", "staging"),
        ("orders", "production"),
    ] {
        r.ok(
            "POST",
            "/deployments",
            Some(json!({"app": app, "version": "1.0.0", "environment": env})),
        )
        .await;
    }
    let counted = r.ok("GET", "/contracts?subject=orders-value", None).await;
    let consumers: Vec<&str> = counted
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["app"].as_str().unwrap())
        .collect();
    assert_eq!(consumers, ["email", "inventory"], "{counted}");
    assert_eq!(counted[0]["deployed_in"], json!(["staging"]));

    // (a) Removing `coupon_code`, read by nobody, is allowed.
    let (status, _, body) = r.register(&order_created(false, "email")).await;
    assert_eq!((status, body["version"].clone()), (200, json!(2)), "{body}");

    // (b) At LENIENT, renaming `customer.email` passes the level but not `email`'s contract.
    r.ok(
        "PUT",
        "/config/orders-value",
        Some(json!({"compatibility": "BACKWARD", "compatibilityPolicy": "LENIENT"})),
    )
    .await;
    let renamed = order_created(false, "email_address");
    // Against one numbered version the registry answers for the level alone; against `latest`
    // it answers as registration will, contracts included.
    let level = r
        .ok(
            "POST",
            "/compatibility/subjects/orders-value/versions/2",
            Some(json!({"schemaType": "JSON", "schema": renamed.to_string()})),
        )
        .await;
    assert_eq!(level["is_compatible"], json!(true), "{level}");
    let registration = r
        .ok(
            "POST",
            "/compatibility/subjects/orders-value/versions/latest?verbose=true",
            Some(json!({"schemaType": "JSON", "schema": renamed.to_string()})),
        )
        .await;
    assert_eq!(
        registration["is_compatible"],
        json!(false),
        "{registration}"
    );
    assert!(
        registration["messages"]
            .to_string()
            .contains("consumer email version 1.0.0 reads /customer/email"),
        "{registration}"
    );
    let before = r.snapshot().await;
    let (status, _, body) = r.register(&renamed).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error_code"], 40901);
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("consumer email version 1.0.0 reads /customer/email"),
        "{message}"
    );
    assert!(!message.contains("inventory"), "{message}");
    assert_eq!(r.snapshot().await, before);
    r.ok(
        "PUT",
        "/config/orders-value",
        Some(json!({"contractCheck": "warn"})),
    )
    .await;
    let (status, header, body) = r.register(&renamed).await;
    assert_eq!((status, body["version"].clone()), (200, json!(3)), "{body}");
    assert!(
        header.starts_with("1 consumer contract finding"),
        "{header}"
    );
    assert!(
        body["warnings"][0]
            .as_str()
            .unwrap()
            .contains("consumer email version 1.0.0 reads /customer/email"),
        "{body}"
    );
    r.ok(
        "PUT",
        "/config/orders-value",
        Some(json!({"contractCheck": "ENFORCE"})),
    )
    .await;

    // (c) `email` on a branch reads `/customer/phone`, which `orders` does not provide.
    r.ok(
        "POST",
        "/applications/email/versions/1.1.0",
        Some(json!({"branch": "feature-phone", "contracts": [{"subject": "orders-value", "reads": [
            read("/order_id", "string"), read("/customer/email", "string"), read("/customer/phone", "string"),
        ]}]})),
    )
    .await;
    let answer = r.can_i_deploy("email", "1.1.0", "production").await;
    assert_eq!(answer["result"], "no", "{answer}");
    let row = &answer["rows"][0];
    assert_eq!(
        (
            &row["producer"],
            &row["producer_version"],
            &row["consumer"],
            &row["consumer_version"],
            &row["subject"],
            &row["result"],
        ),
        (
            &json!("orders"),
            &json!("1.0.0"),
            &json!("email"),
            &json!("1.1.0"),
            &json!("orders-value"),
            &json!("no")
        ),
        "{answer}"
    );
    assert!(
        row["reason"].as_str().unwrap().contains("/customer/phone"),
        "{answer}"
    );
    // A version on a branch does not count on registration: `orders` may still register.
    let counted = r.ok("GET", "/contracts?subject=orders-value", None).await;
    assert!(
        counted
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["version"] == "1.0.0"),
        "{counted}"
    );

    // (d) yes / no / unknown, with environments staging and production.
    let answer = r.can_i_deploy("email", "1.0.0", "production").await;
    assert_eq!(answer["result"], "yes", "{answer}");
    assert_eq!(answer["rows"][0]["producer_version"], "1.0.0");
    // orders 2.0.0 writes the renamed schema (version 3): email in staging would break.
    r.ok(
        "POST",
        "/applications/orders/versions/2.0.0",
        Some(json!({"branch": "main", "produces": [{"subject": "orders-value", "version": 3}]})),
    )
    .await;
    let answer = r.can_i_deploy("orders", "2.0.0", "staging").await;
    assert_eq!(answer["result"], "no", "{answer}");
    let rows = answer["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{answer}");
    let email_row = rows.iter().find(|r| r["consumer"] == "email").unwrap();
    assert_eq!(email_row["result"], "no");
    assert!(email_row["reason"]
        .as_str()
        .unwrap()
        .contains("/customer/email"));
    let inventory_row = rows.iter().find(|r| r["consumer"] == "inventory").unwrap();
    assert_eq!(inventory_row["result"], "yes", "{answer}");
    // Into production, where no consumer runs yet, nothing objects.
    let answer = r.can_i_deploy("orders", "2.0.0", "production").await;
    assert_eq!(answer, json!({"result": "yes", "rows": []}));
    // Unknown: a version never published, an environment nothing was deployed to, a producer
    // that does not run in the environment.
    let answer = r.can_i_deploy("email", "9.9.9", "production").await;
    assert_eq!(answer["result"], "unknown", "{answer}");
    assert!(answer["rows"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("9.9.9"));
    let answer = r.can_i_deploy("email", "1.0.0", "qa").await;
    assert_eq!(answer["result"], "unknown", "{answer}");
    r.ok(
        "POST",
        "/applications/analytics/versions/0.1.0",
        Some(json!({"branch": "main", "contracts": [
            {"subject": "orders-value", "reads": [read("/order_id", "string")]},
            {"subject": "payments-value", "schema": {"type": "object", "required": ["amount"]}},
        ]})),
    )
    .await;
    let answer = r.can_i_deploy("analytics", "0.1.0", "production").await;
    assert_eq!(answer["result"], "unknown", "{answer}");
    let unknown = answer["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["result"] == "unknown")
        .unwrap();
    assert_eq!(unknown["subject"], "payments-value");

    // Recording a deployment replaces the app's previous version in that environment.
    r.ok(
        "POST",
        "/deployments",
        Some(json!({"app": "orders", "version": "2.0.0", "environment": "production"})),
    )
    .await;
    let production = r.ok("GET", "/deployments/production", None).await;
    assert_eq!(production.as_array().unwrap().len(), 1, "{production}");
    assert_eq!(production[0]["version"], "2.0.0");
    // Now email 1.0.0 into production meets the renamed schema.
    let answer = r.can_i_deploy("email", "1.0.0", "production").await;
    assert_eq!(answer["result"], "no", "{answer}");

    // Publication and deployment recording are transactions.
    let before = r.snapshot().await;
    let (status, _, body) = r
        .call(
            "POST",
            "/applications/billing/versions/1.0.0",
            Some(json!({"branch": "main", "produces": ["invoices-value"], "contracts": [
                {"subject": "orders-value", "reads": [read("/order_id", "string")]},
                {"subject": "payments-value", "reads": [read("/amount", "number"), read("/currency", "text")]},
            ]})),
        )
        .await;
    assert_eq!(
        (status, body["error_code"].clone()),
        (422, json!(42220)),
        "{body}"
    );
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("contract 1 (payments-value): read 1 (/currency)"),
        "{message}"
    );
    let (status, _, body) = r
        .call(
            "POST",
            "/deployments",
            Some(json!({"app": "orders", "version": "1.0.0", "environment": "prod/eu"})),
        )
        .await;
    assert_eq!(
        (status, body["error_code"].clone()),
        (422, json!(42221)),
        "{body}"
    );
    let (status, _, body) = r
        .call(
            "POST",
            "/deployments",
            Some(json!({"app": "orders", "version": "3.0.0", "environment": "production"})),
        )
        .await;
    assert_eq!(
        (status, body["error_code"].clone()),
        (404, json!(40421)),
        "{body}"
    );
    assert_eq!(r.snapshot().await, before);
}

#[tokio::test]
async fn order_scenario_on_sqlite() {
    scenario(None).await;
}

#[tokio::test]
async fn order_scenario_on_postgres() {
    match postgres_url().await {
        Some(url) => scenario(Some(url)).await,
        None => skipped("contracts::order_scenario_on_postgres"),
    }
}
