//! The registry over a real socket: the README's tour, on SQLite and on PostgreSQL.

use accord_registry::store::Store;
use serde_json::{json, Value};

use crate::common::registry::{client, postgres_url, serve, skipped, CT};

async fn tour(database: Option<String>) {
    let server = serve(database).await;
    let http = client();
    let register = |schema: Value| {
        let http = http.clone();
        let url = format!("{}/subjects/OrderCreated/versions", server.url);
        async move {
            let res = http
                .post(url)
                .header("content-type", CT)
                .body(json!({"schemaType":"JSON","schema":schema.to_string()}).to_string())
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap())
        }
    };
    let v1 = json!({"type":"object","properties":{"orderId":{"type":"string"},"amount":{"type":"number"}},"required":["orderId"],"additionalProperties":false});
    let v2 = json!({"type":"object","properties":{"orderId":{"type":"string"},"amount":{"type":"number"},"currency":{"type":"string"}},"required":["orderId"],"additionalProperties":false});
    let v3 = json!({"type":"object","properties":{"orderId":{"type":"integer"},"amount":{"type":"number"},"currency":{"type":"string"}},"required":["orderId"],"additionalProperties":false});
    let (status, body) = register(v1.clone()).await;
    assert_eq!((status, body["version"].clone()), (200, json!(1)), "{body}");
    let id1 = body["id"].as_i64().unwrap();
    let (status, body) = register(v2).await;
    assert_eq!((status, body["version"].clone()), (200, json!(2)), "{body}");
    let (status, body) = register(v3).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error_code"], 40901);
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("#/properties/orderId"), "{message}");
    assert!(message.contains("TYPE_CHANGED"), "{message}");
    let res = http
        .get(format!("{}/schemas/ids/{id1}", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], CT);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["schema"], v1.to_string());
    // A subject with an encoded slash, over the wire.
    let res = http
        .post(format!("{}/subjects/team%2Forders/versions", server.url))
        .header("content-type", CT)
        .body(json!({"schemaType":"JSON","schema":"{\"type\":\"string\"}"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let subjects: Value = http
        .get(format!("{}/subjects", server.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(subjects, json!(["OrderCreated", "team/orders"]));
    // The audit log saw both registrations.
    let events = server.store.events(0, 100).await.unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.kind == "schema.registered")
            .count(),
        3
    );
}

#[tokio::test]
async fn tour_on_sqlite() {
    tour(None).await;
}

#[tokio::test]
async fn tour_on_postgres() {
    match postgres_url().await {
        Some(url) => tour(Some(url)).await,
        None => skipped("registry_http::tour_on_postgres"),
    }
}
