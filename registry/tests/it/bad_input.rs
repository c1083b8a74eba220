//! Bad input gets its documented error and leaves the store exactly as it was.

use axum::body::Body;
use axum::http::Request;
use serde_json::json;

use crate::common::{Api, CT};
use crate::on_both;

async fn store_unchanged(api: Api) {
    api.register_ok(
        "s",
        &json!({"type":"object","properties":{"id":{"type":"string"}}}),
    )
    .await;
    api.call("PUT", "/config/s", Some(json!({"compatibility":"FULL"})))
        .await;
    let before = api.dump().await;
    let schema = |text: &str| json!({"schemaType":"JSON","schema":text}).to_string();
    let cases: Vec<(&str, &str, &str, String, u16)> = vec![
        ("POST", "/subjects/s/versions", CT, "{not json".into(), 400),
        ("POST", "/subjects/s/versions", "text/plain", schema("{}"), 415),
        ("POST", "/subjects/s/versions", CT, json!({"schema": 5}).to_string(), 400),
        ("POST", "/subjects/s/versions", CT, schema("{\"type\": 5}"), 422),
        ("POST", "/subjects/s/versions", CT, schema("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\",\"pattern\":\"(a\"}}}"), 422),
        ("POST", "/subjects/s/versions", CT, schema("{\"$ref\":\"#/definitions/a\",\"definitions\":{\"a\":{\"$ref\":\"#/definitions/a\"}}}"), 422),
        ("POST", "/subjects/s/versions", CT, schema(&"[".repeat(10_000)), 422),
        ("POST", "/subjects/bad%07name/versions", CT, schema("{}"), 422),
        ("POST", "/subjects/s/versions", CT, json!({"schemaType":"JSON","schema":"{\"type\":\"integer\"}"}).to_string(), 409),
        ("PUT", "/config/s", CT, json!({"compatibility":"sometimes"}).to_string(), 422),
        ("PUT", "/config", CT, json!({"compatibilityPolicy":"whatever"}).to_string(), 422),
        ("PUT", "/mode", CT, json!({"mode":"NEVER"}).to_string(), 422),
        ("PUT", "/mode", CT, json!({"mode":"IMPORT"}).to_string(), 422),
        ("GET", "/subjects/s/versions/0", CT, String::new(), 422),
        ("DELETE", "/subjects/s/versions/abc", CT, String::new(), 422),
        ("DELETE", "/subjects/s?permanent=true", CT, String::new(), 404),
        ("PUT", "/config/s", CT, "[]".into(), 400),
    ];
    for (method, uri, ct, body, want) in cases {
        let req = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", ct)
            .body(Body::from(body.clone()))
            .unwrap();
        let (status, headers, text) = api.send(req).await;
        assert_eq!(status.as_u16(), want, "{method} {uri} {body:.80}: {text}");
        assert_eq!(headers["content-type"], CT, "{method} {uri}");
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        let code = parsed["error_code"].as_i64().unwrap();
        let head = if code >= 1000 { code / 100 } else { code };
        assert_eq!(
            head, want as i64,
            "the code's first digits are the status: {text}"
        );
        assert_eq!(api.dump().await, before, "{method} {uri} changed the store");
    }
}
on_both!(unchanged, store_unchanged);
