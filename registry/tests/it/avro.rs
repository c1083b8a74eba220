//! Avro through the HTTP surface: a request without `schemaType` is Avro, answers omit the
//! type, identity ignores attribute order, evolution follows reader/writer resolution, named
//! types come from other subjects through references, and `/validate` reads Avro's JSON
//! encoding and Confluent-framed binary messages.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};

use crate::common::Api;
use crate::on_both;

const ORDER_V1: &str = r#"{"type":"record","name":"Order","namespace":"shop","fields":[
    {"name":"id","type":"long"},
    {"name":"note","type":["null","string"],"default":null}]}"#;

/// `ORDER_V1` with its attributes in another order and other whitespace.
const ORDER_V1_REORDERED: &str = r#"{"fields":[{"type":"long","name":"id"},
    {"default":null,"type":["null","string"],"name":"note"}],
    "namespace":"shop","name":"Order","type":"record"}"#;

async fn post(api: &Api, uri: &str, body: Value) -> (StatusCode, Value) {
    api.call("POST", uri, Some(body)).await
}

async fn raw(api: &Api, uri: &str, content_type: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let req = Request::post(uri)
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap();
    let (status, _, text) = api.send(req).await;
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn avro_without_schema_type(api: Api) {
    let (status, body) = post(
        &api,
        "/subjects/orders-value/versions",
        json!({"schema": ORDER_V1}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = body["id"].as_i64().unwrap();
    assert!(
        body.get("schemaType").is_none(),
        "Avro answers omit schemaType: {body}"
    );

    // The same schema, written differently, is the same schema.
    let (status, again) = post(
        &api,
        "/subjects/orders-value/versions",
        json!({"schema": ORDER_V1_REORDERED}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(
        (again["id"].as_i64(), again["version"].as_i64()),
        (Some(id), Some(1))
    );
    let (status, found) = post(
        &api,
        "/subjects/orders-value",
        json!({"schema": ORDER_V1_REORDERED, "schemaType": "AVRO"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["id"].as_i64(), Some(id));

    let (_, by_id) = api.get(&format!("/schemas/ids/{id}")).await;
    assert!(by_id.get("schemaType").is_none(), "{by_id}");
    let stored: Value = serde_json::from_str(by_id["schema"].as_str().unwrap()).unwrap();
    assert_eq!(
        stored["fields"][1]["default"],
        Value::Null,
        "defaults are kept: {stored}"
    );
    let (_, version) = api.get("/subjects/orders-value/versions/1").await;
    assert!(version.get("schemaType").is_none(), "{version}");
    assert_eq!(version["schema"], by_id["schema"]);

    let (_, types) = api.get("/schemas/types").await;
    assert!(
        types.as_array().unwrap().contains(&json!("AVRO")),
        "{types}"
    );

    // A JSON Schema client says so, and gets its type back.
    let (_, json_schema) = post(
        &api,
        "/subjects/other-value/versions",
        json!({"schemaType": "JSON", "schema": r#"{"type":"object"}"#}),
    )
    .await;
    assert_eq!(json_schema["schemaType"], "JSON", "{json_schema}");
}
on_both!(registers_avro_without_schema_type, avro_without_schema_type);

async fn invalid_avro(api: Api) {
    for (schema, needle) in [
        (
            r#"{"type":"record","name":"A","fields":[{"name":"x","type":"nope"}]}"#,
            "nope",
        ),
        (r#"{"type":"record","name":"A"}"#, ""),
        (r#"{"type":"enum","name":"E","symbols":["A","A"]}"#, ""),
        ("not json", "line 1"),
    ] {
        let (status, body) = post(&api, "/subjects/s/versions", json!({"schema": schema})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{schema}: {body}");
        assert_eq!(body["error_code"], 42201, "{body}");
        let message = body["message"].as_str().unwrap();
        assert!(message.contains("of type AVRO"), "{message}");
        assert!(message.contains(needle), "{schema}: {message}");
    }
    let (_, subjects) = api.get("/subjects").await;
    assert_eq!(subjects, json!([]), "nothing stored");
}
on_both!(refuses_invalid_avro, invalid_avro);

async fn evolution(api: Api) {
    post(
        &api,
        "/subjects/orders-value/versions",
        json!({"schema": ORDER_V1}),
    )
    .await;
    // A field added without a default: the new reader cannot read old data.
    let breaking = r#"{"type":"record","name":"Order","namespace":"shop","fields":[
        {"name":"id","type":"long"},
        {"name":"note","type":["null","string"],"default":null},
        {"name":"total","type":"double"}]}"#;
    let (status, body) = post(
        &api,
        "/subjects/orders-value/versions",
        json!({"schema": breaking}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error_code"], 40901);
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("READER_FIELD_MISSING_DEFAULT_VALUE"),
        "{message}"
    );
    assert!(message.contains("total"), "{message}");
    assert!(message.contains("/fields/2"), "{message}");

    let (status, verdict) = post(
        &api,
        "/compatibility/subjects/orders-value/versions/latest?verbose=true",
        json!({"schema": breaking}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{verdict}");
    assert_eq!(verdict["is_compatible"], false, "{verdict}");

    // With a default it reads old data: compatible, and int → long style promotions too.
    let compatible = r#"{"type":"record","name":"Order","namespace":"shop","fields":[
        {"name":"id","type":"long"},
        {"name":"note","type":["null","string"],"default":null},
        {"name":"total","type":"double","default":0}]}"#;
    let (status, body) = post(
        &api,
        "/subjects/orders-value/versions",
        json!({"schema": compatible}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["version"], 2);

    // FORWARD: old readers must read new data; dropping a field without a default breaks them.
    let (status, _) = api
        .call(
            "PUT",
            "/config/orders-value",
            Some(json!({"compatibility": "FORWARD"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let dropped = r#"{"type":"record","name":"Order","namespace":"shop","fields":[
        {"name":"note","type":["null","string"],"default":null},
        {"name":"total","type":"double","default":0}]}"#;
    let (status, body) = post(
        &api,
        "/subjects/orders-value/versions",
        json!({"schema": dropped}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["message"].as_str().unwrap().contains("id"), "{body}");

    // Another format in the same subject is incompatible whatever the level.
    let (status, body) = post(
        &api,
        "/subjects/orders-value/versions",
        json!({"schemaType": "JSON", "schema": r#"{"type":"object"}"#}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("SCHEMA_TYPE_CHANGED"),
        "{body}"
    );
}
on_both!(judges_avro_evolution, evolution);

async fn references(api: Api) {
    let money = r#"{"type":"record","name":"Money","namespace":"shop","fields":[
        {"name":"units","type":"long"},{"name":"currency","type":"string"}]}"#;
    let (status, _) = post(&api, "/subjects/money/versions", json!({"schema": money})).await;
    assert_eq!(status, StatusCode::OK);
    let payment = r#"{"type":"record","name":"Payment","namespace":"shop","fields":[
        {"name":"amount","type":"shop.Money"}]}"#;
    // Without the reference the name is unknown.
    let (status, body) = post(
        &api,
        "/subjects/payments-value/versions",
        json!({"schema": payment}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("shop.Money"),
        "{body}"
    );
    let with_ref = json!({"schema": payment,
        "references": [{"name": "shop.Money", "subject": "money", "version": -1}]});
    let (status, body) = post(&api, "/subjects/payments-value/versions", with_ref.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = body["id"].as_i64().unwrap();
    let (_, referrers) = api.get("/subjects/money/versions/1/referencedby").await;
    assert_eq!(referrers, json!([id]));

    // A compatible change of the referenced type is judged through the reference, after a
    // restart too (nothing parsed is kept across it).
    let api = api.restarted().await;
    let (_, verdict) = post(
        &api,
        "/compatibility/subjects/payments-value/versions/latest",
        with_ref,
    )
    .await;
    assert_eq!(verdict["is_compatible"], true, "{verdict}");
    let (status, body) = raw(
        &api,
        "/validate/payments-value",
        "application/json",
        br#"{"amount":{"units":5,"currency":"EUR"}}"#.to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["valid"], true, "{body}");
}
on_both!(resolves_avro_references, references);

/// Avro's zig-zag varint of a long.
fn long(n: i64) -> Vec<u8> {
    let mut z = ((n << 1) ^ (n >> 63)) as u64;
    let mut out = Vec::new();
    loop {
        if z < 0x80 {
            out.push(z as u8);
            return out;
        }
        out.push((z as u8 & 0x7f) | 0x80);
        z >>= 7;
    }
}

async fn validation(api: Api) {
    let (_, body) = post(
        &api,
        "/subjects/orders-value/versions",
        json!({"schema": ORDER_V1}),
    )
    .await;
    let id = body["id"].as_i64().unwrap();
    for (payload, valid) in [
        (json!({"id": 7, "note": null}), true),
        (json!({"id": 7, "note": {"string": "gift"}}), true),
        (json!({"id": 7}), true), // `note` has a default
        (json!({"id": "7"}), false),
        (json!({"id": 7, "note": "gift"}), false), // a union value names its branch
        (json!({"note": null}), false),
        (json!({"id": 7, "extra": 1}), false),
    ] {
        let (status, body) = raw(
            &api,
            "/validate/orders-value",
            "application/json",
            payload.to_string().into_bytes(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["valid"], valid, "{payload}: {body}");
    }
    let (_, body) = raw(
        &api,
        "/validate/orders-value",
        "application/json",
        br#"{"id":"7"}"#.to_vec(),
    )
    .await;
    assert_eq!(body["violations"][0]["instancePath"], "/id", "{body}");
    assert_eq!(
        body["violations"][0]["schemaPath"], "/fields/0/type",
        "{body}"
    );

    // A framed binary message: magic byte, the schema id, then the datum (id, union index 1,
    // the string).
    let mut frame = vec![0u8];
    frame.extend_from_slice(&(id as u32).to_be_bytes());
    frame.extend(long(42));
    frame.extend(long(1));
    frame.extend(long(4));
    frame.extend_from_slice(b"gift");
    let (status, body) = raw(
        &api,
        "/validate/orders-value",
        "application/octet-stream",
        frame.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["valid"], true, "{body}");
    // Cut short, it does not decode.
    let (_, body) = raw(
        &api,
        "/validate/orders-value",
        "application/octet-stream",
        frame[..frame.len() - 2].to_vec(),
    )
    .await;
    assert_eq!(body["valid"], false, "{body}");
    assert_eq!(body["violations"][0]["keyword"], "datum", "{body}");
    // A frame naming a schema id no one registered.
    let mut unknown = frame.clone();
    unknown[1..5].copy_from_slice(&999u32.to_be_bytes());
    let (_, body) = raw(
        &api,
        "/validate/orders-value",
        "application/octet-stream",
        unknown,
    )
    .await;
    assert_eq!(body["valid"], false, "{body}");
    assert!(
        body["violations"][0]["message"]
            .as_str()
            .unwrap()
            .contains("999"),
        "{body}"
    );
}
on_both!(validates_avro_payloads, validation);

async fn avro_contracts(api: Api) {
    let (status, _) = post(
        &api,
        "/subjects/orders-value/versions",
        json!({"schema": ORDER_V1}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // billing reads with its own Avro reader schema: it needs `id`.
    let reader = json!({"type": "record", "name": "Order", "namespace": "shop",
        "fields": [{"name": "id", "type": "long"}]});
    let contract =
        json!({"branch": "main", "contracts": [{"subject": "orders-value", "schema": reader}]});
    let (status, body) = api
        .call(
            "POST",
            "/applications/billing/versions/1.0.0",
            Some(contract),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // shipping gives the fields it reads.
    let contract = json!({"branch": "main", "contracts": [{"subject": "orders-value", "reads": [{"path": "/note"}]}]});
    let (status, body) = api
        .call(
            "POST",
            "/applications/shipping/versions/1.0.0",
            Some(contract),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Dropping `id` is BACKWARD compatible for the subject, but billing's reader cannot read it.
    let no_id = r#"{"type":"record","name":"Order","namespace":"shop","fields":[
        {"name":"note","type":["null","string"],"default":null}]}"#;
    let (status, body) = post(
        &api,
        "/subjects/orders-value/versions",
        json!({"schema": no_id}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("billing"), "{message}");
    assert!(message.contains("/fields/0"), "{message}");
    // Dropping `note` breaks shipping, which reads it.
    let no_note = r#"{"type":"record","name":"Order","namespace":"shop","fields":[
        {"name":"id","type":"long"}]}"#;
    let (status, body) = post(
        &api,
        "/subjects/orders-value/versions",
        json!({"schema": no_note}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("shipping") && message.contains("/note"),
        "{message}"
    );
    // A change both can read registers.
    let (status, body) = post(
        &api,
        "/subjects/orders-value/versions",
        json!({"schema": r#"{"type":"record","name":"Order","namespace":"shop","fields":[
            {"name":"id","type":"long"},
            {"name":"note","type":["null","string"],"default":null},
            {"name":"total","type":"double","default":0}]}"#}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // A reader schema that is neither JSON Schema nor Avro is refused at publication.
    let bad = json!({"branch": "main", "contracts": [{"subject": "orders-value", "schema": {"type": "record"}}]});
    let (status, body) = api
        .call("POST", "/applications/bad/versions/1.0.0", Some(bad))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("as Avro"),
        "{body}"
    );
}
on_both!(checks_avro_consumer_contracts, avro_contracts);

async fn spellings(api: Api) {
    // One schema, spelled as Java's serializer writes it and as a user might.
    let java = r#"{"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"long"}]}"#;
    let user =
        r#"{"name":"shop.Order","type":"record","fields":[{"name":"id","type":{"type":"long"}}]}"#;
    let (_, first) = post(&api, "/subjects/o-value/versions", json!({"schema": java})).await;
    let (status, second) = post(&api, "/subjects/o-value/versions", json!({"schema": user})).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_eq!(
        (second["id"].clone(), second["version"].clone()),
        (first["id"].clone(), json!(1))
    );
    let (status, found) = post(&api, "/subjects/o-value", json!({"schema": user})).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let (_, primitive) = post(
        &api,
        "/subjects/k-key/versions",
        json!({"schema": "\"string\""}),
    )
    .await;
    let (_, spelled) = post(
        &api,
        "/subjects/k-key/versions",
        json!({"schema": r#"{"type":"string"}"#}),
    )
    .await;
    assert_eq!(primitive["id"], spelled["id"], "{primitive} {spelled}");
}
on_both!(one_avro_schema_spelled_two_ways_is_one_id, spellings);
