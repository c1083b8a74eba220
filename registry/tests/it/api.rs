//! Every route of the Confluent surface and its error codes.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};

use crate::common::{sqlite_api, Api, CT};
use crate::on_both;

fn order_v1() -> Value {
    json!({"type":"object","properties":{"id":{"type":"string"}},"required":["id"],"additionalProperties":false})
}

fn order_v2() -> Value {
    json!({"type":"object","properties":{"id":{"type":"string"},"note":{"type":"string"}},"required":["id"],"additionalProperties":false})
}

fn order_id_integer() -> Value {
    json!({"type":"object","properties":{"id":{"type":"integer"}},"required":["id"],"additionalProperties":false})
}

async fn registration_semantics(api: Api) {
    // New subject: id 1, version 1; the canonical text is compact and keeps key order.
    let (status, body) = api
        .call(
            "POST",
            "/subjects/orders-value/versions",
            Some(json!({"schemaType":"JSON","schema":"{ \"type\": \"object\",\n \"properties\": {\"id\": {\"type\": \"string\"}}, \"required\": [\"id\"], \"additionalProperties\": false }"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["id"], 1);
    assert_eq!(body["version"], 1);
    assert_eq!(body["schema"], order_v1().to_string());
    let guid = body["guid"].as_str().unwrap().to_string();
    // Re-registering returns the same id and version, no new version.
    assert_eq!(api.register_ok("orders-value", &order_v1()).await, (1, 1));
    // The same identity in another subject shares the id.
    assert_eq!(api.register_ok("other-value", &order_v1()).await, (1, 1));
    // A compatible v2 gets a new id and version 2.
    assert_eq!(api.register_ok("orders-value", &order_v2()).await, (2, 2));

    let (status, body) = api.get("/subjects/orders-value/versions").await;
    assert_eq!((status, body), (StatusCode::OK, json!([1, 2])));
    let (_, body) = api.get("/subjects/orders-value/versions/latest").await;
    assert_eq!(body["version"], 2);
    assert_eq!(body["subject"], "orders-value");
    assert_eq!(body["schemaType"], "JSON");
    let (_, body) = api.get("/subjects/orders-value/versions/1").await;
    assert_eq!(body["id"], 1);
    assert_eq!(body["guid"], guid.as_str());
    let (_, body) = api.get("/subjects/orders-value/versions/-1").await;
    assert_eq!(body["version"], 2);
    let (_, body) = api
        .get("/subjects/orders-value/versions/%20LATEST%20")
        .await;
    assert_eq!(body["version"], 2);

    // By id, by guid, raw text.
    let (status, body) = api.get("/schemas/ids/1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["schema"], order_v1().to_string());
    assert!(body.get("subject").is_none());
    let (_, body) = api.get("/schemas/ids/1?subject=orders-value").await;
    assert_eq!(
        (body["subject"].clone(), body["version"].clone()),
        (json!("orders-value"), json!(1))
    );
    let (_, body) = api.get("/schemas/ids/1?fetchMaxId=true").await;
    assert_eq!(body["maxId"], 2);
    let (_, body) = api.get(&format!("/schemas/guids/{guid}")).await;
    assert_eq!(body["schema"], order_v1().to_string());
    let (_, body) = api.get(&format!("/schemas/guids/{guid}/ids")).await;
    assert_eq!(body, json!([{"context":".","id":1}]));
    let (status, body) = api.get("/schemas/ids/1/schema").await;
    assert_eq!((status, body), (StatusCode::OK, order_v1()));
    let (_, body) = api.get("/subjects/orders-value/versions/2/schema").await;
    assert_eq!(body, order_v2());
    let (_, body) = api.get("/schemas/ids/1/subjects").await;
    assert_eq!(body, json!(["orders-value", "other-value"]));
    let (_, body) = api.get("/schemas/ids/1/versions").await;
    assert_eq!(
        body,
        json!([{"subject":"orders-value","version":1},{"subject":"other-value","version":1}])
    );
    let (_, body) = api.get("/schemas").await;
    assert_eq!(body.as_array().unwrap().len(), 3);
    let (_, body) = api
        .get("/schemas?latestOnly=true&subjectPrefix=orders")
        .await;
    assert_eq!(body.as_array().unwrap().len(), 1);
    assert_eq!(body[0]["version"], 2);
    let (_, body) = api.get("/schemas/types").await;
    assert_eq!(body, json!(["AVRO", "JSON"]));
    let (_, body) = api.get("/subjects").await;
    assert_eq!(body, json!(["orders-value", "other-value"]));
    let (_, body) = api.get("/subjects?subjectPrefix=oth").await;
    assert_eq!(body, json!(["other-value"]));
    let (_, body) = api.get("/subjects?offset=1&limit=1").await;
    assert_eq!(body, json!(["other-value"]));

    // Lookup.
    let lookup =
        |schema: Value| json!({"schemaType":"JSON","schema":schema.to_string(),"references":[]});
    let (status, body) = api
        .call(
            "POST",
            "/subjects/orders-value?normalize=False&deleted=False",
            Some(lookup(order_v2())),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["id"].clone(), body["version"].clone()),
        (json!(2), json!(2))
    );
    let (status, body) = api
        .call(
            "POST",
            "/subjects/orders-value",
            Some(lookup(json!({"type":"string"}))),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body,
        json!({"error_code":40403,"message":"Schema not found"})
    );
    let (_, body) = api
        .call("POST", "/subjects/nobody", Some(lookup(order_v1())))
        .await;
    assert_eq!(body["error_code"], 40401);
    // Key order differs: found only with normalize=true.
    let reordered = json!({"additionalProperties":false,"required":["id"],"type":"object","properties":{"id":{"type":"string"}}});
    let (status, _) = api
        .call(
            "POST",
            "/subjects/orders-value",
            Some(lookup(reordered.clone())),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = api
        .call(
            "POST",
            "/subjects/orders-value?normalize=true",
            Some(lookup(reordered)),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["version"], 1);
}
on_both!(registration, registration_semantics);

async fn error_codes(api: Api) {
    api.register_ok("s", &order_v1()).await;
    let cases: Vec<(&str, &str, u16, i64, &str)> = vec![
        ("GET", "/subjects/none/versions", 404, 40401, "Subject 'none' not found."),
        ("GET", "/subjects/none/versions/1", 404, 40401, "Subject 'none' not found."),
        ("GET", "/subjects/s/versions/7", 404, 40402, "Version 7 not found."),
        ("GET", "/subjects/s/versions/0", 422, 42202, "The specified version '0' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\""),
        ("GET", "/subjects/s/versions/abc", 422, 42202, "The specified version 'abc' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\""),
        ("GET", "/subjects/s/versions/-2", 422, 42202, "The specified version '-2' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\""),
        ("GET", "/subjects/s/versions/2147483648", 422, 42202, "The specified version '2147483648' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\""),
        ("GET", "/schemas/ids/999", 404, 40403, "Schema 999 not found"),
        ("GET", "/schemas/ids/999/subjects", 404, 40403, "Schema not found"),
        ("GET", "/schemas/guids/00000000-0000-0000-0000-000000000000", 404, 40403, "Schema 00000000-0000-0000-0000-000000000000 not found"),
        ("GET", "/config/s", 404, 40408, "Subject 's' does not have subject-level compatibility configured"),
        ("GET", "/mode/s", 404, 40409, "Subject 's' does not have subject-level mode configured"),
        ("DELETE", "/config/s", 404, 40401, "Subject 's' not found."),
        ("DELETE", "/mode/s", 404, 40401, "Subject 's' not found."),
        ("GET", "/nothing/here", 404, 404, "HTTP 404 Not Found"),
        ("GET", "/associations/subjects/s", 404, 404, "HTTP 404 Not Found"),
        ("POST", "/associations", 404, 404, "HTTP 404 Not Found"),
        ("PUT", "/subjects", 405, 405, "HTTP 405 Method Not Allowed"),
        ("DELETE", "/schemas/ids/1", 405, 405, "HTTP 405 Method Not Allowed"),
        ("DELETE", "/subjects/s/versions/1?permanent=true", 404, 40407, "Subject 's' Version 1 was not deleted first before being permanently deleted"),
        ("DELETE", "/subjects/s?permanent=true", 404, 40405, "Subject 's' was not deleted first before being permanently deleted"),
        ("DELETE", "/subjects/none", 404, 40401, "Subject 'none' not found."),
        ("POST", "/compatibility/subjects/none/versions/3", 404, 40402, "Version 3 not found."),
    ];
    for (method, uri, status, code, message) in cases {
        let body = (method == "POST").then(|| json!({"schemaType":"JSON","schema":"{}"}));
        let (got_status, got) = api.call(method, uri, body).await;
        assert_eq!(got_status.as_u16(), status, "{method} {uri}: {got}");
        assert_eq!(
            got,
            json!({"error_code": code, "message": message}),
            "{method} {uri}"
        );
    }
}
on_both!(errors, error_codes);

async fn invalid_schemas_and_levels(api: Api) {
    let post = |schema: &str, ty: &str| json!({"schemaType": ty, "schema": schema});
    let (status, body) = api
        .call(
            "POST",
            "/subjects/s/versions",
            Some(post("{\"type\": 5}", "JSON")),
        )
        .await;
    assert_eq!(
        (status.as_u16(), body["error_code"].as_i64()),
        (422, Some(42201)),
        "{body}"
    );
    let m = body["message"].as_str().unwrap();
    assert!(
        m.starts_with("Invalid schema of type JSON, details: "),
        "{m}"
    );
    assert!(m.contains("/type"), "the problem is named: {m}");
    let (_, body) = api
        .call(
            "POST",
            "/subjects/s/versions",
            Some(post("{not json", "JSON")),
        )
        .await;
    assert_eq!(body["error_code"], 42201);
    assert!(
        body["message"].as_str().unwrap().contains("line 1"),
        "{body}"
    );
    let (_, body) = api
        .call("POST", "/subjects/s/versions", Some(post("", "JSON")))
        .await;
    assert_eq!(body, json!({"error_code":42201,"message":"Empty schema"}));
    let (_, body) = api
        .call("POST", "/subjects/s/versions", Some(post("{}", "FOO")))
        .await;
    assert_eq!(
        body,
        json!({"error_code":42201,"message":"Invalid schema type FOO"})
    );
    let (_, body) = api
        .call(
            "POST",
            "/subjects/s/versions",
            Some(json!({"schemaType":"JSON","schema":"{\"$ref\":\"missing.json\"}"})),
        )
        .await;
    assert_eq!(body["error_code"], 42201, "{body}");
    // A $ref cycle with no base case is refused, not a hang.
    let (status, body) = api
        .call(
            "POST",
            "/subjects/s/versions",
            Some(post(r##"{"$ref":"#/definitions/a","definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}}}"##, "JSON")),
        )
        .await;
    assert_eq!(status.as_u16(), 422, "{body}");
    // Levels and modes.
    let (_, body) = api
        .call("PUT", "/config", Some(json!({"compatibility":"SIDEWAYS"})))
        .await;
    assert_eq!(
        body,
        json!({"error_code":42203,"message":"Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive"})
    );
    let (_, body) = api
        .call("PUT", "/mode", Some(json!({"mode":"SOMETIMES"})))
        .await;
    assert_eq!(
        body,
        json!({"error_code":42204,"message":"Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD."})
    );
    let (_, body) = api
        .call("PUT", "/mode/s", Some(json!({"mode":"FORWARD"})))
        .await;
    assert_eq!(
        body,
        json!({"error_code":42204,"message":"Forward mode only supported on global level"})
    );
    // Subjects: control characters and more than 255 bytes.
    let (_, body) = api.register("bad%01subject", &order_v1()).await;
    assert_eq!(
        body,
        json!({"error_code":42208,"message":"The specified subject 'bad\u{1}subject' is not a valid."})
    );
    let long = "x".repeat(256);
    let (_, body) = api.register(&long, &order_v1()).await;
    assert_eq!(body["error_code"], 42208);
    assert_eq!(api.register_ok(&"x".repeat(255), &order_v1()).await, (1, 1));
}
on_both!(invalid_input, invalid_schemas_and_levels);

async fn incompatible_refused(api: Api) {
    api.register_ok("orders", &order_v1()).await;
    let (status, body) = api.register("orders", &order_id_integer()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error_code"], 40901);
    let m = body["message"].as_str().unwrap();
    assert!(
        m.starts_with("Schema being registered is incompatible with an earlier schema for subject \"orders\", details: ["),
        "{m}"
    );
    assert!(m.contains("errorType:\"TYPE_CHANGED\""), "{m}");
    assert!(m.contains("#/properties/id"), "the path is named: {m}");
    assert!(m.contains("{oldSchemaVersion: 1}"), "{m}");
    assert!(
        m.contains(&format!("{{oldSchema: '{}'}}", order_v1())),
        "{m}"
    );
    assert!(
        m.ends_with("{validateFields: 'false', compatibility: 'BACKWARD'}]"),
        "{m}"
    );
    // Nothing was stored; the refusal is counted.
    let (_, versions) = api.get("/subjects/orders/versions").await;
    assert_eq!(versions, json!([1]));
    let (_, metrics) = api.get("/metrics").await;
    assert!(metrics
        .as_str()
        .unwrap()
        .contains("accord_compatibility_refusals_total 1"));

    // The compatibility endpoints say the same.
    let req = json!({"schemaType":"JSON","schema":order_id_integer().to_string()});
    let (_, body) = api
        .call(
            "POST",
            "/compatibility/subjects/orders/versions/latest?verbose=true",
            Some(req.clone()),
        )
        .await;
    assert_eq!(body["is_compatible"], false);
    assert!(body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m.as_str().unwrap().contains("TYPE_CHANGED")));
    let (_, body) = api
        .call(
            "POST",
            "/compatibility/subjects/orders/versions/",
            Some(req.clone()),
        )
        .await;
    assert_eq!(body, json!({"is_compatible": false}));
    let ok = json!({"schemaType":"JSON","schema":order_v2().to_string()});
    let (_, body) = api
        .call(
            "POST",
            "/compatibility/subjects/orders/versions?verbose=true",
            Some(ok.clone()),
        )
        .await;
    assert_eq!(body, json!({"is_compatible": true, "messages": []}));
    let (_, body) = api
        .call(
            "POST",
            "/compatibility/subjects/unknown/versions/latest",
            Some(ok),
        )
        .await;
    assert_eq!(body, json!({"is_compatible": true}));
    // verbose turns a parse error into a message on the single-version check.
    let bad = json!({"schemaType":"JSON","schema":"{nope"});
    let (status, body) = api
        .call(
            "POST",
            "/compatibility/subjects/orders/versions/1?verbose=true",
            Some(bad.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["is_compatible"], false);
    let (_, body) = api
        .call(
            "POST",
            "/compatibility/subjects/orders/versions/1",
            Some(bad),
        )
        .await;
    assert_eq!(body["error_code"], 42201);

    // force=true skips the check; level NONE too.
    let (status, body) = api
        .call(
            "POST",
            "/subjects/orders/versions?force=true",
            Some(json!({"schemaType":"JSON","schema":order_id_integer().to_string()})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["version"], 2);
}
on_both!(incompatible, incompatible_refused);

async fn forward_level(api: Api) {
    let v1 = json!({"type":"object","properties":{"id":{"type":"string"}},"required":["id"]});
    let v2 = json!({"type":"object","properties":{"id":{"type":"string"}}});
    api.register_ok("f", &v1).await;
    let (status, body) = api
        .call("PUT", "/config/f", Some(json!({"compatibility":"forward"})))
        .await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"compatibility":"FORWARD"}))
    );
    let (status, body) = api.register("f", &v2).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "dropping `required` breaks FORWARD: {body}"
    );
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("compatibility: 'FORWARD'"));
    api.call(
        "PUT",
        "/config/f",
        Some(json!({"compatibility":"BACKWARD"})),
    )
    .await;
    assert_eq!(api.register_ok("f", &v2).await.1, 2);
}
on_both!(forward, forward_level);

async fn transitive_levels(api: Api) {
    api.call(
        "PUT",
        "/config/t",
        Some(json!({"compatibility":"BACKWARD_TRANSITIVE"})),
    )
    .await;
    let v1 = json!({"type":"object","properties":{"a":{"type":"string"}}});
    let v2 = json!({"type":"object","properties":{"a":{"type":"string"}}, "additionalProperties": false});
    api.register_ok("t", &v1).await;
    let (_, body) = api
        .call(
            "POST",
            "/compatibility/subjects/t/versions?verbose=true",
            Some(json!({"schema": v2.to_string(), "schemaType":"JSON"})),
        )
        .await;
    // The verdict itself belongs to the engine; the endpoint must agree with registration.
    let (status, _) = api.register("t", &v2).await;
    assert_eq!(
        body["is_compatible"] == true,
        status == StatusCode::OK,
        "{body}"
    );
}
on_both!(transitive, transitive_levels);

async fn deletion(api: Api) {
    let s1 =
        json!({"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false});
    let s2 = json!({"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"additionalProperties":false});
    assert_eq!(api.register_ok("d", &s1).await, (1, 1));
    assert_eq!(api.register_ok("d", &s2).await, (2, 2));
    // Soft-delete a version: gone from lists and latest, readable with deleted=true and by id.
    let (status, body) = api.call("DELETE", "/subjects/d/versions/2", None).await;
    assert_eq!((status, body), (StatusCode::OK, json!(2)));
    let (_, body) = api.call("DELETE", "/subjects/d/versions/2", None).await;
    assert_eq!(
        body,
        json!({"error_code":40406,"message":"Subject 'd' Version 2 was soft deleted.Set permanent=true to delete permanently"})
    );
    let (_, body) = api.get("/subjects/d/versions").await;
    assert_eq!(body, json!([1]));
    let (_, body) = api.get("/subjects/d/versions?deleted=True").await;
    assert_eq!(body, json!([1, 2]));
    let (_, body) = api.get("/subjects/d/versions?deletedOnly=true").await;
    assert_eq!(body, json!([2]));
    let (_, body) = api.get("/subjects/d/versions?deleted_only=true").await;
    assert_eq!(body, json!([2]), "the Python client's spelling");
    let (_, body) = api.get("/subjects/d/versions?deletedAsNegative=true").await;
    assert_eq!(body, json!([1, -2]));
    let (_, body) = api.get("/subjects/d/versions/latest").await;
    assert_eq!(body["version"], 1);
    let (_, body) = api.get("/subjects/d/versions/2").await;
    assert_eq!(body["error_code"], 40402);
    let (_, body) = api.get("/subjects/d/versions/2?deleted=true").await;
    assert_eq!(
        (body["version"].clone(), body["deleted"].clone()),
        (json!(2), json!(true))
    );
    let (status, _) = api.get("/schemas/ids/2").await;
    assert_eq!(status, StatusCode::OK);
    // Soft-delete the subject.
    let (_, body) = api.call("DELETE", "/subjects/d", None).await;
    assert_eq!(body, json!([1]));
    let (_, body) = api.call("DELETE", "/subjects/d", None).await;
    assert_eq!(
        body,
        json!({"error_code":40404,"message":"Subject 'd' was soft deleted.Set permanent=true to delete permanently"})
    );
    let (_, body) = api.get("/subjects/d/versions").await;
    assert_eq!(body["error_code"], 40401);
    let (_, body) = api.get("/subjects").await;
    assert_eq!(body, json!([]));
    let (_, body) = api.get("/subjects?deleted=true").await;
    assert_eq!(body, json!(["d"]));
    let (_, body) = api.get("/subjects?deletedOnly=true").await;
    assert_eq!(body, json!(["d"]));
    // Re-registering the same two schemas after a soft delete: their ids are kept, the versions
    // continue the numbering (3 and 4), as in Confluent Schema Registry.
    assert_eq!(api.register_ok("d", &s1).await, (1, 3));
    assert_eq!(api.register_ok("d", &s2).await, (2, 4));
    let (_, body) = api.get("/subjects/d/versions?deleted=true").await;
    assert_eq!(
        body,
        json!([3, 4]),
        "the soft-deleted versions holding the same ids gave way"
    );
    // Hard delete: soft first, then permanent.
    api.call("DELETE", "/subjects/d", None).await;
    api.call("PUT", "/config/d", Some(json!({"compatibility":"NONE"})))
        .await;
    let (_, body) = api.call("DELETE", "/subjects/d?permanent=true", None).await;
    assert_eq!(body, json!([3, 4]));
    let (_, body) = api.get("/subjects?deleted=true").await;
    assert_eq!(body, json!([]));
    let (_, body) = api.get("/config/d").await;
    assert_eq!(
        body["error_code"], 40408,
        "a hard-deleted subject loses its config"
    );
    let (_, body) = api.get("/schemas/ids/1").await;
    assert_eq!(body["error_code"], 40403);
    // After a hard delete the numbers come back; the identity keeps its id.
    assert_eq!(api.register_ok("d", &s1).await, (1, 1));
    // Hard-deleting one version.
    api.register_ok("d", &s2).await;
    api.call("DELETE", "/subjects/d/versions/latest", None)
        .await;
    let (_, body) = api
        .call("DELETE", "/subjects/d/versions/2?permanent=true", None)
        .await;
    assert_eq!(body, json!(2));
    let (_, body) = api.get("/subjects/d/versions?deleted=true").await;
    assert_eq!(body, json!([1]));
    let (_, events) = (0, api.store.store.events(0, 1000).await.unwrap());
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert!(
        kinds.contains(&"version.soft_deleted") && kinds.contains(&"subject.hard_deleted"),
        "{kinds:?}"
    );
}
on_both!(delete, deletion);

use accord_registry::store::Store;

async fn references(api: Api) {
    let customer = json!({"type":"object","properties":{"name":{"type":"string"}}});
    api.register_ok("customer", &customer).await;
    let order = json!({"type":"object","properties":{"customer":{"$ref":"customer.json"}}});
    let req = json!({
        "schemaType":"JSON",
        "schema": order.to_string(),
        "references":[{"name":"customer.json","subject":"customer","version":1}]
    });
    let (status, body) = api
        .call("POST", "/subjects/order/versions", Some(req.clone()))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["references"],
        json!([{"name":"customer.json","subject":"customer","version":1}])
    );
    let order_id = body["id"].as_i64().unwrap();
    let (_, body) = api.get("/subjects/customer/versions/1/referencedby").await;
    assert_eq!(body, json!([order_id]));
    let (_, body) = api.get("/subjects/order/versions/1").await;
    assert_eq!(body["references"][0]["subject"], "customer");
    // A referenced version cannot be deleted.
    let (_, body) = api
        .call("DELETE", "/subjects/customer/versions/1", None)
        .await;
    assert_eq!(body["error_code"], 42206, "{body}");
    let (_, body) = api.call("DELETE", "/subjects/customer", None).await;
    assert_eq!(body["error_code"], 42206, "{body}");
    // Once the referrer is soft-deleted the soft delete passes, the permanent one does not.
    api.call("DELETE", "/subjects/order", None).await;
    let (_, body) = api
        .call("DELETE", "/subjects/customer/versions/1", None)
        .await;
    assert_eq!(body, json!(1));
    let (_, body) = api
        .call(
            "DELETE",
            "/subjects/customer/versions/1?permanent=true",
            None,
        )
        .await;
    assert_eq!(body["error_code"], 42206);
    // A reference to nothing is refused.
    let dangling = json!({
        "schemaType":"JSON",
        "schema": order.to_string(),
        "references":[{"name":"customer.json","subject":"nobody","version":1}]
    });
    let (_, body) = api
        .call("POST", "/subjects/order2/versions", Some(dangling))
        .await;
    assert_eq!(body["error_code"], 42201);
}
on_both!(refs, references);

async fn config_and_mode(api: Api) {
    let (_, body) = api.get("/config").await;
    assert_eq!(body, json!({"compatibilityLevel":"BACKWARD"}));
    let (_, body) = api
        .call(
            "PUT",
            "/config",
            Some(json!({"compatibility":"full","compatibilityPolicy":"lenient"})),
        )
        .await;
    assert_eq!(
        body,
        json!({"compatibility":"FULL","compatibilityPolicy":"LENIENT"})
    );
    let (_, body) = api.get("/config").await;
    assert_eq!(
        body,
        json!({"compatibilityLevel":"FULL","compatibilityPolicy":"LENIENT"})
    );
    let (_, body) = api
        .call(
            "PUT",
            "/config/s",
            Some(json!({"compatibility":"NONE","compatibilityPolicy":"add-only"})),
        )
        .await;
    assert_eq!(
        body,
        json!({"compatibility":"NONE","compatibilityPolicy":"ADD_ONLY"})
    );
    let (_, body) = api.get("/config/s").await;
    assert_eq!(
        body,
        json!({"compatibilityLevel":"NONE","compatibilityPolicy":"ADD_ONLY"})
    );
    let (_, body) = api.get("/config/other?defaultToGlobal=true").await;
    assert_eq!(
        body,
        json!({"compatibilityLevel":"FULL","compatibilityPolicy":"LENIENT"})
    );
    let (_, body) = api.call("DELETE", "/config/s", None).await;
    assert_eq!(
        body,
        json!({"compatibilityLevel":"NONE","compatibilityPolicy":"ADD_ONLY"})
    );
    let (_, body) = api.call("DELETE", "/config", None).await;
    assert_eq!(
        body,
        json!({"compatibilityLevel":"FULL","compatibilityPolicy":"LENIENT"})
    );
    let (_, body) = api.get("/config").await;
    assert_eq!(body, json!({"compatibilityLevel":"BACKWARD"}));

    // Modes.
    let (_, body) = api.get("/mode").await;
    assert_eq!(body, json!({"mode":"READWRITE"}));
    api.register_ok("m", &order_v1()).await;
    let (_, body) = api
        .call("PUT", "/mode/m", Some(json!({"mode":"READONLY"})))
        .await;
    assert_eq!(body, json!({"mode":"READONLY"}));
    let (_, body) = api.get("/mode/m").await;
    assert_eq!(body, json!({"mode":"READONLY"}));
    let (_, body) = api.register("m", &order_v2()).await;
    assert_eq!(
        body,
        json!({"error_code":42205,"message":"Subject m in context . is in read-only mode"})
    );
    let (_, body) = api.call("DELETE", "/subjects/m", None).await;
    assert_eq!(body["error_code"], 42205);
    // Re-registering an existing schema still answers (the fast path needs no write).
    assert_eq!(api.register_ok("m", &order_v1()).await, (1, 1));
    let (_, body) = api.call("DELETE", "/mode/m", None).await;
    assert_eq!(body, json!({"mode":"READONLY"}));
    let (_, body) = api.get("/mode/m?defaultToGlobal=true").await;
    assert_eq!(body, json!({"mode":"READWRITE"}));

    // IMPORT: refused while live subjects exist, unless forced; then client-supplied ids.
    let (_, body) = api
        .call("PUT", "/mode", Some(json!({"mode":"IMPORT"})))
        .await;
    assert_eq!(
        body,
        json!({"error_code":42205,"message":"Cannot import since found existing subjects"})
    );
    let (_, body) = api
        .call("PUT", "/mode?force=True", Some(json!({"mode":"IMPORT"})))
        .await;
    assert_eq!(body, json!({"mode":"IMPORT"}));
    let (_, body) = api.register("imp", &order_v2()).await;
    assert_eq!(body["error_code"], 42205);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .ends_with("is not in read-write mode"));
    let (status, body) = api
        .call(
            "POST",
            "/subjects/imp/versions",
            Some(json!({"schemaType":"JSON","schema":order_v2().to_string(),"id":100,"version":7})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["id"].clone(), body["version"].clone()),
        (json!(100), json!(7))
    );
    // An id already used by another schema is refused.
    let (_, body) = api
        .call(
            "POST",
            "/subjects/imp2/versions",
            Some(
                json!({"schemaType":"JSON","schema":"{\"type\":\"string\"}","id":100,"version":1}),
            ),
        )
        .await;
    assert_eq!(
        body,
        json!({"error_code":42205,"message":"Overwrite new schema with id 100 in context . is not permitted."})
    );
    api.call("PUT", "/mode", Some(json!({"mode":"READWRITE"})))
        .await;
    // Back in READWRITE: a supplied id is refused, new ids continue after the imported one.
    let (_, body) = api
        .call(
            "POST",
            "/subjects/imp/versions",
            Some(json!({"schemaType":"JSON","schema":"{\"type\":\"object\"}","id":5})),
        )
        .await;
    assert_eq!(body["error_code"], 42205);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .ends_with("is not in import mode"));
    api.call("PUT", "/config/imp", Some(json!({"compatibility":"NONE"})))
        .await;
    assert_eq!(
        api.register_ok("imp", &json!({"type":"object"})).await,
        (101, 8)
    );
}
on_both!(config_mode, config_and_mode);

#[tokio::test]
async fn http_conventions() {
    let api = sqlite_api().await;
    // %2F is part of the subject.
    assert_eq!(api.register_ok("team%2Forders", &order_v1()).await, (1, 1));
    let (_, body) = api.get("/subjects").await;
    assert_eq!(body, json!(["team/orders"]));
    let (_, body) = api.get("/subjects/team%2Forders/versions/1").await;
    assert_eq!(body["subject"], "team/orders");
    // Trailing slash.
    let (status, _) = api.get("/subjects/").await;
    assert_eq!(status, StatusCode::OK);
    // GET with Content-Type and no body; octet-stream bodies read as JSON.
    let (status, _, _) = api
        .send(
            Request::get("/subjects")
                .header("content-type", CT)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, text) = api
        .send(
            Request::post("/subjects/o/versions")
                .header("content-type", "application/octet-stream")
                .body(Body::from(
                    json!({"schemaType":"JSON","schema":"{\"type\":\"string\"}"}).to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    // Unsupported media type, malformed JSON, missing body, unknown fields.
    let (status, _, text) = api
        .send(
            Request::post("/subjects/o/versions")
                .header("content-type", "text/plain")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(
        (status.as_u16(), text.as_str()),
        (
            415,
            r#"{"error_code":415,"message":"HTTP 415 Unsupported Media Type"}"#
        )
    );
    let (status, body) = api
        .call_raw("POST", "/subjects/o/versions", "{\"schema\": ")
        .await;
    assert_eq!(
        (status.as_u16(), body["error_code"].as_i64()),
        (400, Some(400)),
        "{body}"
    );
    let (status, body) = api
        .call_raw("POST", "/subjects/o/versions", "{\"schema\": 5}")
        .await;
    assert_eq!(
        (status.as_u16(), body["error_code"].as_i64()),
        (400, Some(400)),
        "{body}"
    );
    let (status, body) = api.call_raw("POST", "/subjects/o/versions", "").await;
    assert_eq!(
        (status.as_u16(), body["error_code"].as_i64()),
        (422, Some(422)),
        "{body}"
    );
    let (status, body) = api
        .call_raw("POST", "/subjects/o/versions", &json!({"schemaType":"JSON","schema":"{\"type\":\"string\"}","unknownField":1,"ruleset":{"domainRules":[]}}).to_string())
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Accept negotiation.
    let (status, headers, _) = api
        .send(
            Request::get("/subjects")
                .header("accept", "application/json")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/json");
    let (_, headers, _) = api
        .send(
            Request::get("/subjects")
                .header("accept", "*/*")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(headers["content-type"], CT);
    // Nothing acceptable: the default type all the same, as Confluent answers (no 406).
    let (status, headers, _) = api
        .send(
            Request::get("/subjects")
                .header("accept", "text/html")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], CT);
    // Request ids: generated, or taken and echoed.
    let (_, headers, _) = api
        .send(Request::get("/").body(Body::empty()).unwrap())
        .await;
    assert_eq!(headers["x-request-id"].len(), 36);
    let (_, headers, _) = api
        .send(
            Request::get("/")
                .header("x-request-id", "abc-123")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(headers["x-request-id"], "abc-123");
    // Root, metadata, contexts, health, metrics.
    assert_eq!(api.get("/").await.1, json!({}));
    assert_eq!(
        api.call("POST", "/", Some(json!({"a":"b"}))).await.1,
        json!({})
    );
    let (_, body) = api.get("/v1/metadata/id").await;
    assert!(body["scope"]["clusters"]["schema-registry-cluster"].is_string());
    let (_, body) = api.get("/v1/metadata/version").await;
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    let (_, body) = api.get("/contexts").await;
    assert_eq!(body, json!(["."]));
    assert_eq!(api.register_ok(":.staging:orders", &order_v1()).await.1, 1);
    let (_, body) = api.get("/contexts").await;
    assert_eq!(body, json!([".", ".staging"]));
    let (_, body) = api.get("/contexts/.staging/subjects/orders/versions").await;
    assert_eq!(body, json!([1]));
    let (_, body) = api.get("/contexts/.staging/subjects").await;
    assert_eq!(body, json!([":.staging:orders"]));
    let (_, body) = api.call("DELETE", "/contexts/.staging", None).await;
    assert_eq!(body["error_code"], 42211);
    let (status, _, _) = api
        .send(
            Request::delete("/contexts/.empty")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(api.get("/health/live").await.0, StatusCode::OK);
    let (status, body) = api.get("/health/ready").await;
    assert_eq!(
        (status, body["store"].clone()),
        (StatusCode::OK, json!("sqlite"))
    );
    assert_eq!(api.get("/no/such/route").await.0, StatusCode::NOT_FOUND);
    let (_, headers, text) = api
        .send(Request::get("/metrics").body(Body::empty()).unwrap())
        .await;
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert!(text.contains("accord_http_requests_total{route=\"/subjects/{subject}/versions\",method=\"POST\",status=\"200\"}"), "{text}");
    assert!(
        text.contains(
            "accord_http_request_duration_seconds_bucket{route=\"/subjects\",le=\"+Inf\"}"
        ),
        "{text}"
    );
    assert!(text.contains("accord_registrations_total 4"), "{text}");
    assert!(text.contains("route=\"unmatched\""), "{text}");
    // Python's parameter spellings.
    let (_, body) = api.get("/subjects?subject=team").await;
    assert_eq!(body, json!(["team/orders"]));
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let api = Api::new(
        crate::common::sqlite().await,
        accord_registry::AppOptions {
            body_limit: 1024,
            ..Default::default()
        },
    );
    let before = api.dump().await;
    let big = json!({"schemaType":"JSON","schema": format!("{{\"description\":\"{}\"}}", "x".repeat(4096))});
    let (status, body) = api.call("POST", "/subjects/big/versions", Some(big)).await;
    assert_eq!(status.as_u16(), 413);
    assert_eq!(
        body,
        json!({"error_code":413,"message":"HTTP 413 Payload Too Large"})
    );
    assert_eq!(api.dump().await, before);
}

#[tokio::test]
async fn metadata_lookup() {
    let api = sqlite_api().await;
    let req = |schema: &str, owner: &str| json!({"schemaType":"JSON","schema":schema,"metadata":{"properties":{"owner":owner}}});
    api.call(
        "POST",
        "/subjects/md/versions",
        Some(req("{\"type\":\"object\"}", "alice")),
    )
    .await;
    api.call("PUT", "/config/md", Some(json!({"compatibility":"NONE"})))
        .await;
    api.call(
        "POST",
        "/subjects/md/versions",
        Some(req("{\"type\":\"string\"}", "bob")),
    )
    .await;
    let (_, body) = api.get("/subjects/md/metadata?key=owner&value=alice").await;
    assert_eq!(body["version"], 1);
    assert_eq!(body["metadata"], json!({"properties":{"owner":"alice"}}));
    let (_, body) = api.get("/subjects/md/metadata?key=owner&value=carol").await;
    assert_eq!(body["error_code"], 40403);
    let (_, body) = api
        .get("/subjects/none/metadata?key=owner&value=carol")
        .await;
    assert_eq!(body["error_code"], 40401);
}

impl Api {
    async fn call_raw(&self, method: &str, uri: &str, body: &str) -> (StatusCode, Value) {
        let req = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", CT)
            .body(Body::from(body.to_string()))
            .unwrap();
        let (status, _, text) = self.send(req).await;
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

async fn data_contracts(api: Api) {
    let v1 =
        json!({"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false});
    let v2 = json!({"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"additionalProperties":false});
    let with_owner = json!({"schemaType":"JSON","schema":v1.to_string(),"metadata":{"properties":{"owner":"alice"}}});
    let (_, body) = api
        .call("POST", "/subjects/dc/versions", Some(with_owner))
        .await;
    assert_eq!(
        (body["id"].clone(), body["version"].clone()),
        (json!(1), json!(1)),
        "{body}"
    );
    // A client that sends no metadata (every serializer) gets the latest version's: the same
    // schema is the same version, not a new one.
    assert_eq!(api.register_ok("dc", &v1).await, (1, 1));
    let (status, body) = api
        .call(
            "POST",
            "/subjects/dc",
            Some(json!({"schemaType":"JSON","schema":v1.to_string()})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["version"], 1);
    let (_, body) = api.register("dc", &v2).await;
    assert_eq!(
        body["metadata"],
        json!({"properties":{"owner":"alice"}}),
        "{body}"
    );
    // The config's defaults and overrides merge under and over it.
    api.call(
        "PUT",
        "/config/dc",
        Some(
            json!({"defaultMetadata":{"properties":{"owner":"nobody","tier":"gold"}},
                    "overrideMetadata":{"properties":{"team":"orders"}}}),
        ),
    )
    .await;
    let v3 = json!({"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"},"c":{"type":"string"}},"additionalProperties":false});
    let (_, body) = api.register("dc", &v3).await;
    assert_eq!(
        body["metadata"],
        json!({"properties":{"owner":"alice","team":"orders","tier":"gold"}}),
        "{body}"
    );
}
on_both!(data_contract, data_contracts);

async fn reserved_fields(api: Api) {
    api.call("PUT", "/config/rf", Some(json!({"validateFields": true})))
        .await;
    let v1 =
        json!({"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false});
    let req = |schema: &Value, metadata: Value| json!({"schemaType":"JSON","schema":schema.to_string(),"metadata":metadata});
    let reserved = json!({"properties":{"confluent:reserved":"ssn"}});
    let (status, body) = api
        .call(
            "POST",
            "/subjects/rf/versions",
            Some(req(&v1, reserved.clone())),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // A top-level field named like a reserved one is refused.
    let with_ssn =
        json!({"type":"object","properties":{"a":{"type":"string"},"ssn":{"type":"string"}}});
    let (status, body) = api
        .call(
            "POST",
            "/subjects/rf/versions",
            Some(req(&with_ssn, reserved)),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let m = body["message"].as_str().unwrap();
    assert!(
        m.contains("FIELD_CONFLICTS_WITH_RESERVED_FIELD") && m.contains("ssn"),
        "{m}"
    );
    assert!(
        m.contains("{validateFields: 'true', compatibility: 'BACKWARD'}"),
        "{m}"
    );
    // Dropping the reservation is refused too.
    let (status, body) = api
        .call(
            "POST",
            "/subjects/rf/versions",
            Some(req(&with_ssn, json!({"properties":{"owner":"x"}}))),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("RESERVED_FIELD_REMOVED"));
    // Without validateFields both pass.
    api.call("PUT", "/config/rf", Some(json!({"validateFields": false})))
        .await;
    let (status, body) = api
        .call(
            "POST",
            "/subjects/rf/versions",
            Some(req(&with_ssn, json!({"properties":{"owner":"x"}}))),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
on_both!(validate_fields, reserved_fields);
