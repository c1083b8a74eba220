//! Accord's `/validate` endpoints.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};

use crate::common::{Api, CT};
use crate::on_both;

async fn post(api: &Api, uri: &str, content_type: &str, body: &str) -> (StatusCode, Value) {
    let req = Request::post(uri)
        .header("content-type", content_type)
        .body(Body::from(body.to_string()))
        .unwrap();
    let (status, _, text) = api.send(req).await;
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn validate_payloads(api: Api) {
    let customer =
        json!({"type":"object","properties":{"name":{"type":"string"}},"required":["name"]});
    api.register_ok("customer", &customer).await;
    let order = json!({
        "type":"object",
        "properties":{"id":{"type":"string"},"total":{"type":"number","minimum":0},"customer":{"$ref":"customer.json"}},
        "required":["id"]
    });
    let (status, body) = api
        .call(
            "POST",
            "/subjects/orders/versions",
            Some(json!({"schemaType":"JSON","schema":order.to_string(),
                "references":[{"name":"customer.json","subject":"customer","version":1}]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = body["id"].as_i64().unwrap();

    // One payload.
    let (status, body) = post(&api, "/validate/orders", CT, r#"{"id":"o-1","total":3}"#).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"valid": true, "violations": []}))
    );
    let (_, body) = post(
        &api,
        "/validate/orders?version=1",
        "application/json",
        r#"{"total":-1}"#,
    )
    .await;
    assert_eq!(body["valid"], false);
    let violations = body["violations"].as_array().unwrap();
    assert_eq!(violations.len(), 2, "{body}");
    assert_eq!(violations[0]["keyword"], "required");
    assert_eq!(violations[1]["instancePath"], "/total");
    assert_eq!(violations[1]["schemaPath"], "/properties/total/minimum");
    // The reference resolves from the registry.
    let (_, body) = post(
        &api,
        &format!("/validate?id={id}"),
        CT,
        r#"{"id":"o","customer":{}}"#,
    )
    .await;
    assert_eq!(body["valid"], false, "{body}");
    assert_eq!(body["violations"][0]["instancePath"], "/customer");
    let (_, body) = post(
        &api,
        &format!("/validate?id={id}"),
        CT,
        r#"{"id":"o","customer":{"name":"n"}}"#,
    )
    .await;
    assert_eq!(body["valid"], true, "{body}");

    // A batch: one answer per line, bad lines do not stop it.
    let batch = "{\"id\":\"a\"}\n{\"total\":1}\nnot json\n\n[1]\n";
    let (status, body) = post(&api, "/validate/orders", "application/x-ndjson", batch).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (
            body["total"].clone(),
            body["valid"].clone(),
            body["invalid"].clone(),
            body["errors"].clone()
        ),
        (json!(4), json!(1), json!(2), json!(1))
    );
    let results = body["results"].as_array().unwrap();
    assert_eq!(
        results[0],
        json!({"valid": true, "violations": [], "line": 1})
    );
    assert_eq!(results[2]["line"], 3);
    assert!(
        results[2]["error"]
            .as_str()
            .unwrap()
            .starts_with("not JSON"),
        "{body}"
    );
    assert_eq!(results[3]["line"], 5);

    // Errors.
    let (status, body) = post(&api, "/validate/orders", CT, "{nope").await;
    assert_eq!(
        (status.as_u16(), body["error_code"].clone()),
        (400, json!(400))
    );
    let (_, body) = post(&api, "/validate/nobody", CT, "{}").await;
    assert_eq!(body["error_code"], 40401);
    let (_, body) = post(&api, "/validate/orders?version=9", CT, "{}").await;
    assert_eq!(body["error_code"], 40402);
    let (_, body) = post(&api, "/validate/orders?version=zero", CT, "{}").await;
    assert_eq!(body["error_code"], 42202);
    let (_, body) = post(&api, "/validate?id=999", CT, "{}").await;
    assert_eq!(
        body,
        json!({"error_code":40403,"message":"Schema 999 not found"})
    );
    let (_, body) = post(&api, "/validate", CT, "{}").await;
    assert_eq!(body["error_code"], 400);
    let (status, _) = post(&api, "/validate/orders", "text/plain", "{}").await;
    assert_eq!(status.as_u16(), 415);
    let (_, metrics) = api.get("/metrics").await;
    let metrics = metrics.as_str().unwrap().to_string();
    assert!(
        metrics.contains("accord_validations_total{result=\"valid\"} 3"),
        "{metrics}"
    );
    assert!(
        metrics.contains("accord_validations_total{result=\"invalid\"} 4"),
        "{metrics}"
    );
}
on_both!(validate, validate_payloads);
