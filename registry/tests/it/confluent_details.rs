//! Confluent behaviours that a peer registry's suite and Confluent's own code pin down: when a
//! registration is "the same schema again", what is checked before the subject is looked at,
//! and references to the latest version.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::Api;
use crate::on_both;

fn string_schema() -> Value {
    json!({"type": "string"})
}

fn request(schema: &Value, metadata: Value, rule_set: Value) -> Value {
    json!({
        "schemaType": "JSON",
        "schema": schema.to_string(),
        "metadata": metadata,
        "ruleSet": rule_set,
    })
}

/// Regression: an empty `metadata` and an empty `ruleSet` hash alike, so a subject could reuse
/// the id of another subject's registration and then, on the same request sent again, inherit
/// that registration's rules and create a second version.
async fn same_request_twice_is_one_version(api: Api) {
    let schema = string_schema();
    for (n, (metadata, rule_set)) in [
        (Value::Null, Value::Null),
        (Value::Null, json!({})),
        (json!({}), Value::Null),
        (json!({}), json!({})),
    ]
    .into_iter()
    .enumerate()
    {
        let subject = format!("same-{n}");
        let uri = format!("/subjects/{subject}/versions");
        let req = request(&schema, metadata.clone(), rule_set.clone());
        let (status, first) = api.call("POST", &uri, Some(req.clone())).await;
        assert_eq!(status, StatusCode::OK, "{first}");
        let (status, second) = api.call("POST", &uri, Some(req)).await;
        assert_eq!(status, StatusCode::OK, "{second}");
        assert_eq!(first["id"], second["id"], "{metadata} {rule_set}");
        assert_eq!(first["version"], second["version"], "{metadata} {rule_set}");
        let (_, versions) = api.get(&uri).await;
        assert_eq!(versions, json!([1]), "{metadata} {rule_set}");
    }
}
on_both!(same_request_twice, same_request_twice_is_one_version);

/// Omitting metadata inherits the latest version's (so it is the same schema again); different
/// metadata is a new version, with the same schema text.
async fn metadata_decides_a_new_version(api: Api) {
    let schema = string_schema();
    let owned = request(
        &schema,
        json!({"properties": {"owner": "orders"}}),
        Value::Null,
    );
    let (_, v1) = api
        .call("POST", "/subjects/meta/versions", Some(owned.clone()))
        .await;
    assert_eq!(v1["version"], 1, "{v1}");
    let bare = request(&schema, Value::Null, Value::Null);
    let (_, again) = api
        .call("POST", "/subjects/meta/versions", Some(bare))
        .await;
    assert_eq!(
        (again["id"].clone(), again["version"].clone()),
        (v1["id"].clone(), json!(1))
    );
    let other = request(
        &schema,
        json!({"properties": {"owner": "billing"}}),
        Value::Null,
    );
    let (status, v2) = api
        .call("POST", "/subjects/meta/versions", Some(other))
        .await;
    assert_eq!(status, StatusCode::OK, "{v2}");
    assert_eq!(v2["version"], 2, "{v2}");
    // The first metadata again is the first version again, as in Confluent: a live version of
    // the subject holds that identity.
    let (_, again) = api
        .call("POST", "/subjects/meta/versions", Some(owned))
        .await;
    assert_eq!(
        (again["id"].clone(), again["version"].clone()),
        (v1["id"].clone(), json!(1))
    );
    let (_, versions) = api.get("/subjects/meta/versions").await;
    assert_eq!(versions, json!([1, 2]));
}
on_both!(metadata_new_version, metadata_decides_a_new_version);

/// Lookup and the compatibility endpoints parse the submitted schema first: an invalid schema is
/// 422/42201 even where the subject has no versions.
async fn invalid_schema_before_subject(api: Api) {
    let invalid = json!({"schemaType": "JSON", "schema": "{\"type\": 12}"});
    let not_json = json!({"schemaType": "JSON", "schema": "{not json"});
    for body in [invalid, not_json] {
        for uri in [
            "/subjects/nobody",
            "/compatibility/subjects/nobody/versions/latest",
            "/compatibility/subjects/nobody/versions",
            "/compatibility/subjects/nobody/versions/1",
        ] {
            let (status, answer) = api.call("POST", uri, Some(body.clone())).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {answer}");
            assert_eq!(answer["error_code"], 42201, "{uri}: {answer}");
        }
    }
    // A valid schema against a subject with no versions: lookup says the subject is unknown.
    let valid = json!({"schemaType": "JSON", "schema": "{\"type\": \"string\"}"});
    let (status, answer) = api.call("POST", "/subjects/nobody", Some(valid)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    assert_eq!(answer["error_code"], 40401, "{answer}");
}
on_both!(parse_first, invalid_schema_before_subject);

/// A reference to version -1 is the latest version at registration: stored as that version,
/// listed by `referencedby`, protecting it from deletion, and still resolvable later.
async fn reference_to_latest(api: Api) {
    let customer = json!({"type": "object", "properties": {"name": {"type": "string"}}});
    let (_, cv) = api.register_ok("customer", &customer).await;
    assert_eq!(cv, 1);
    let order = json!({"type": "object", "properties": {"customer": {"$ref": "customer.json"}}, "additionalProperties": false});
    let req = json!({
        "schemaType": "JSON",
        "schema": order.to_string(),
        "references": [{"name": "customer.json", "subject": "customer", "version": -1}],
    });
    let (status, body) = api
        .call("POST", "/subjects/order/versions", Some(req.clone()))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let order_id = body["id"].clone();
    let (_, stored) = api.get("/subjects/order/versions/1").await;
    assert_eq!(
        stored["references"],
        json!([{"name": "customer.json", "subject": "customer", "version": 1}])
    );
    let (_, by) = api.get("/subjects/customer/versions/1/referencedby").await;
    assert_eq!(by, json!([order_id]));
    // The same request again is the same version.
    let (_, again) = api
        .call("POST", "/subjects/order/versions", Some(req.clone()))
        .await;
    assert_eq!(
        (again["id"].clone(), again["version"].clone()),
        (order_id.clone(), json!(1))
    );
    // The referenced version and subject are protected.
    let (_, refused) = api
        .call("DELETE", "/subjects/customer/versions/1", None)
        .await;
    assert_eq!(refused["error_code"], 42206, "{refused}");
    let (_, refused) = api.call("DELETE", "/subjects/customer", None).await;
    assert_eq!(refused["error_code"], 42206, "{refused}");
    // After a restart the referring subject still evolves and validates.
    let api = api.restarted().await;
    let order_v2 = json!({"type": "object", "properties": {"customer": {"$ref": "customer.json"}, "note": {"type": "string"}}, "additionalProperties": false});
    let req_v2 = json!({
        "schemaType": "JSON",
        "schema": order_v2.to_string(),
        "references": [{"name": "customer.json", "subject": "customer", "version": -1}],
    });
    let (status, body) = api
        .call("POST", "/subjects/order/versions", Some(req_v2))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["version"], 2);
    let (status, body) = api
        .call(
            "POST",
            "/validate/order",
            Some(json!({"customer": {"name": "Ada"}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
on_both!(latest_reference, reference_to_latest);
