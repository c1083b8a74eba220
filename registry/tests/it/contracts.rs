//! Consumer contracts over HTTP: `/applications`, `/contracts`, `/producers`, `/deployments`,
//! `/can-i-deploy`, the `contractCheck` setting (registration and the compatibility endpoints),
//! and every error they answer.

use accord_registry::store::Store;
use accord_registry::AppOptions;
use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::{postgres, skipped, sqlite, Api};
use crate::on_both;

fn read(path: &str, json_type: &str) -> Value {
    json!({"path": path, "type": json_type})
}

fn publication(branch: &str, reads: &[Value]) -> Value {
    json!({"branch": branch, "contracts": [{"subject": "orders-value", "reads": reads}]})
}

async fn publish(api: &Api, app: &str, version: &str, body: Value) -> Value {
    let (status, answer) = api
        .call(
            "POST",
            &format!("/applications/{app}/versions/{version}"),
            Some(body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer
}

async fn deploy(api: &Api, app: &str, version: &str, environment: &str) -> (StatusCode, Value) {
    api.call(
        "POST",
        "/deployments",
        Some(json!({"app": app, "version": version, "environment": environment})),
    )
    .await
}

/// Everything the contract endpoints show, with the audit log's length.
async fn snapshot(api: &Api) -> Value {
    let (_, applications) = api.get("/applications").await;
    let mut versions = Vec::new();
    for a in applications.as_array().unwrap() {
        for v in a["versions"].as_array().unwrap() {
            let (_, detail) = api
                .get(&format!(
                    "/applications/{}/versions/{}",
                    a["name"].as_str().unwrap(),
                    v.as_str().unwrap()
                ))
                .await;
            versions.push(detail);
        }
    }
    let (_, deployments) = api.get("/deployments").await;
    json!({
        "applications": applications,
        "versions": versions,
        "deployments": deployments,
        "events": api.store.store.events(0, 1_000_000).await.unwrap().len(),
    })
}

fn order_schema(email: bool) -> Value {
    let mut customer = json!({"type": "object", "properties": {"name": {"type": "string"}}});
    if email {
        customer["properties"]["email"] = json!({"type": "string"});
        customer["required"] = json!(["email"]);
    }
    json!({"type": "object", "properties": {"order_id": {"type": "string"}, "customer": customer},
           "required": ["order_id", "customer"]})
}

async fn publish_and_read_back(api: Api) {
    let answer = publish(
        &api,
        "email",
        "1.0.0",
        json!({"branch": "main",
               "contracts": [
                   {"subject": "orders-value", "reads": [
                       {"path": "/customer/email", "type": "string"},
                       {"path": "/status", "enum": ["NEW", "PAID"], "required": false},
                   ]},
                   {"subject": "payments-value", "schema": {"type": "object", "required": ["amount"]}},
               ],
               "produces": ["mails-value", {"subject": "bounces-value", "version": 2}]}),
    )
    .await;
    assert_eq!(answer["app"], "email");
    assert_eq!(answer["branch"], "main");
    let (status, got) = api.get("/applications/email/versions/1.0.0").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got, answer);
    let contract = &got["contracts"][0];
    assert_eq!(contract["subject"], "orders-value");
    assert_eq!(contract["reads"][1]["enum"], json!(["NEW", "PAID"]));
    assert_eq!(
        contract["schema"]["properties"]["customer"]["properties"]["email"]["type"],
        "string"
    );
    assert_eq!(contract["schema"]["required"], json!(["customer"]));
    assert_eq!(
        got["contracts"][1]["schema"],
        json!({"type": "object", "required": ["amount"]})
    );
    assert!(got["contracts"][1].get("reads").is_none());
    assert_eq!(
        got["produces"],
        json!([{"subject": "bounces-value", "version": 2}, "mails-value"])
    );

    // Versions in order: semantic when every version parses, else by publication.
    for v in ["1.10.0", "1.9.0", "v2.0.0-rc.1"] {
        publish(&api, "email", v, json!({"branch": "main"})).await;
    }
    let (_, app) = api.get("/applications/email").await;
    assert_eq!(
        app["versions"],
        json!(["1.0.0", "1.9.0", "1.10.0", "v2.0.0-rc.1"])
    );
    for v in ["c0ffee", "0badf00d"] {
        publish(&api, "billing", v, json!({"branch": "main"})).await;
    }
    let (_, list) = api.get("/applications").await;
    assert_eq!(
        list,
        json!([
            {"name": "billing", "versions": ["c0ffee", "0badf00d"]},
            {"name": "email", "versions": ["1.0.0", "1.9.0", "1.10.0", "v2.0.0-rc.1"]},
        ])
    );

    // Publishing a version again replaces its contracts and keeps its place.
    publish(
        &api,
        "email",
        "1.9.0",
        publication("hotfix", &[read("/order_id", "string")]),
    )
    .await;
    let (_, again) = api.get("/applications/email/versions/1.9.0").await;
    assert_eq!(again["branch"], "hotfix");
    assert_eq!(
        again["contracts"][0]["reads"],
        json!([{"path": "/order_id", "type": "string", "required": true, "tolerate_unknown": false}])
    );
    let (_, app) = api.get("/applications/email").await;
    assert_eq!(app["versions"][1], "1.9.0");

    let (status, body) = api.get("/applications/nobody").await;
    assert_eq!(
        (status, body["error_code"].clone()),
        (StatusCode::NOT_FOUND, json!(40420))
    );
    let (status, body) = api.get("/applications/nobody/versions/1").await;
    assert_eq!(
        (status, body["error_code"].clone()),
        (StatusCode::NOT_FOUND, json!(40420))
    );
    let (status, body) = api.get("/applications/email/versions/3.0.0").await;
    assert_eq!(
        (status, body["error_code"].clone()),
        (StatusCode::NOT_FOUND, json!(40421))
    );
    assert_eq!(
        body["message"],
        "Version '3.0.0' of application 'email' not found."
    );
}
on_both!(publish_read_back, publish_and_read_back);

async fn invalid_publications_write_nothing(api: Api) {
    publish(
        &api,
        "email",
        "1.0.0",
        publication("main", &[read("/order_id", "string")]),
    )
    .await;
    let before = snapshot(&api).await;
    let good = json!({"subject": "orders-value", "reads": [read("/order_id", "string")]});
    let cases: Vec<(Value, u16, i64, &str)> = vec![
        (
            json!({"branch": "main", "contracts": [good.clone(), {"subject": "x", "reads": [read("customer/email", "string")]}]}),
            422,
            42220,
            "contract 1 (x): read 0: \"customer/email\" is not a JSON pointer",
        ),
        (
            json!({"branch": "main", "contracts": [{"subject": "x", "reads": [read("/a", "string"), read("/b", "text")]}]}),
            422,
            42220,
            "contract 0 (x): read 1 (/b): unknown type \"text\"",
        ),
        (
            json!({"branch": "main", "contracts": [{"subject": "x", "reads": [{"path": "/a", "typo": true}]}]}),
            422,
            42220,
            "contract 0 (x): read 0 (/a): unknown field `typo`",
        ),
        (
            json!({"branch": "main", "contracts": [{"subject": "x", "reads": [read("/a", "string")], "schema": {}}]}),
            422,
            42220,
            "contract 0 (x): give either `reads` or a reader `schema`",
        ),
        (
            json!({"branch": "main", "contracts": [{"subject": "x"}]}),
            422,
            42220,
            "contract 0 (x): give either",
        ),
        (
            json!({"branch": "main", "contracts": [{"subject": "x", "reads": []}]}),
            422,
            42220,
            "contract 0 (x): reads is empty",
        ),
        (
            json!({"branch": "main", "contracts": [{"subject": "x", "schema": {"type": 12}}]}),
            422,
            42220,
            "contract 0 (x): the reader schema is not valid",
        ),
        (
            json!({"branch": "main", "contracts": [good.clone(), good.clone()]}),
            422,
            42220,
            "contract 1 (orders-value): a second contract on the same subject",
        ),
        (
            json!({"branch": "main", "contracts": [{"subject": "", "reads": [read("/a", "string")]}]}),
            422,
            42220,
            "contract 0 (): The specified subject",
        ),
        (
            json!({"branch": "", "contracts": [good.clone()]}),
            422,
            42222,
            "The branch \"\" is not valid",
        ),
        (
            json!({"contracts": [good.clone()]}),
            400,
            400,
            "missing field `branch`",
        ),
        (
            json!({"branch": "main", "produces": ["a", "a"]}),
            422,
            42222,
            "produces 1: subject a is listed twice",
        ),
        (
            json!({"branch": "main", "produces": [{"subject": "a", "version": 0}]}),
            422,
            42202,
            "",
        ),
    ];
    for (body, status, code, message) in cases {
        let (got, answer) = api
            .call(
                "POST",
                "/applications/billing/versions/1.0.0",
                Some(body.clone()),
            )
            .await;
        assert_eq!(
            (got.as_u16(), answer["error_code"].as_i64()),
            (status, Some(code)),
            "{body}: {answer}"
        );
        let text = answer["message"].as_str().unwrap();
        assert!(text.contains(message), "{body}: {text}");
    }
    let (status, answer) = api
        .call(
            "POST",
            "/applications/bad%07app/versions/1",
            Some(json!({"branch": "main"})),
        )
        .await;
    assert_eq!(
        (status.as_u16(), answer["error_code"].clone()),
        (422, json!(42222))
    );
    assert_eq!(snapshot(&api).await, before);
}
on_both!(invalid_publications, invalid_publications_write_nothing);

async fn deployments_replace_and_validate(api: Api) {
    publish(&api, "orders", "1.0.0", json!({"branch": "main"})).await;
    publish(&api, "orders", "1.1.0", json!({"branch": "main"})).await;
    let (status, recorded) = deploy(&api, "orders", "1.0.0", "staging").await;
    assert_eq!(status, StatusCode::OK, "{recorded}");
    assert_eq!(
        (
            &recorded["environment"],
            &recorded["app"],
            &recorded["version"]
        ),
        (&json!("staging"), &json!("orders"), &json!("1.0.0"))
    );
    deploy(&api, "orders", "1.1.0", "staging").await;
    deploy(&api, "orders", "1.0.0", "prod.eu-1").await;
    let (_, staging) = api.get("/deployments/staging").await;
    assert_eq!(staging.as_array().unwrap().len(), 1);
    assert_eq!(staging[0]["version"], "1.1.0");
    let (_, all) = api.get("/deployments").await;
    let pairs: Vec<(&str, &str)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["environment"].as_str().unwrap(),
                d["version"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(pairs, [("prod.eu-1", "1.0.0"), ("staging", "1.1.0")]);
    let events = api.store.store.events(0, 1000).await.unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.kind, "deployment.recorded");

    let before = snapshot(&api).await;
    let long = "a".repeat(64);
    for bad in [
        "",
        "-prod",
        "prod/eu",
        "prod eu",
        "prod\u{e9}",
        long.as_str(),
        ".hidden",
    ] {
        let (status, body) = deploy(&api, "orders", "1.0.0", bad).await;
        assert_eq!(
            (status.as_u16(), body["error_code"].clone()),
            (422, json!(42221)),
            "{bad:?}: {body}"
        );
        assert!(body["message"].as_str().unwrap().contains("^[A-Za-z0-9]"));
    }
    let (status, _) = deploy(&api, "orders", "1.0.0", &"a".repeat(63)).await;
    assert_eq!(status, StatusCode::OK);
    let before_long = snapshot(&api).await;
    assert_ne!(before, before_long);
    let (status, body) = deploy(&api, "nobody", "1.0.0", "staging").await;
    assert_eq!(
        (status.as_u16(), body["error_code"].clone()),
        (404, json!(40420))
    );
    let (status, body) = deploy(&api, "orders", "9.9.9", "staging").await;
    assert_eq!(
        (status.as_u16(), body["error_code"].clone()),
        (404, json!(40421))
    );
    let (status, body) = api
        .call("POST", "/deployments", Some(json!({"app": "orders"})))
        .await;
    assert_eq!(
        (status.as_u16(), body["error_code"].clone()),
        (400, json!(400))
    );
    assert_eq!(snapshot(&api).await, before_long);

    let (status, body) = api.get("/deployments/qa").await;
    assert_eq!(
        (status.as_u16(), body["error_code"].clone()),
        (404, json!(40422))
    );
    let (status, body) = api.get("/deployments/-qa").await;
    assert_eq!(
        (status.as_u16(), body["error_code"].clone()),
        (422, json!(42221))
    );
}
on_both!(deployments, deployments_replace_and_validate);

async fn contracts_that_count(api: Api) {
    let reads = [read("/order_id", "string")];
    // email: 1.0.0 deployed, 1.10.0 latest on main (semver, though published before 1.9.0),
    // 2.0.0 on a branch; only 1.0.0 and 1.10.0 count.
    for (v, branch) in [
        ("1.0.0", "main"),
        ("1.10.0", "main"),
        ("1.9.0", "main"),
        ("2.0.0", "feature"),
    ] {
        publish(&api, "email", v, publication(branch, &reads)).await;
    }
    deploy(&api, "email", "1.0.0", "production").await;
    // audit: git SHAs, so the latest published on main counts.
    for v in ["c0ffee", "0badf00d"] {
        publish(&api, "audit", v, publication("main", &reads)).await;
    }
    // The default context's qualifier is dropped, as for subjects elsewhere.
    publish(
        &api,
        "legacy",
        "1",
        json!({"branch": "main", "contracts": [{"subject": ":.:orders-value", "reads": reads}]}),
    )
    .await;
    let (status, counted) = api.get("/contracts?subject=orders-value").await;
    assert_eq!(status, StatusCode::OK);
    let got: Vec<(String, String, Value, Value)> = counted
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["app"].as_str().unwrap().to_string(),
                c["version"].as_str().unwrap().to_string(),
                c.get("deployed_in").cloned().unwrap_or(json!([])),
                c.get("latest_on_main").cloned().unwrap_or(json!(false)),
            )
        })
        .collect();
    let row = |a: &str, v: &str, d: Value, l: bool| (a.to_string(), v.to_string(), d, json!(l));
    assert_eq!(
        got,
        vec![
            row("audit", "0badf00d", json!([]), true),
            row("email", "1.0.0", json!(["production"]), false),
            row("email", "1.10.0", json!([]), true),
            row("legacy", "1", json!([]), true),
        ]
    );
    let (_, none) = api.get("/contracts?subject=nothing-value").await;
    assert_eq!(none, json!([]));
    let (status, body) = api.get("/contracts").await;
    assert_eq!(
        (status.as_u16(), body["error_code"].clone()),
        (422, json!(42223))
    );
}
on_both!(counting, contracts_that_count);

/// The schema text of `subject` at `version`, as the registry stores it.
async fn stored_text(api: &Api, subject: &str, version: i64) -> Value {
    let (status, body) = api
        .get(&format!("/subjects/{subject}/versions/{version}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["schema"].clone()
}

async fn producers_that_count(api: Api) {
    api.register_ok("orders-value", &order_schema(true)).await;
    api.register_ok("orders-value", &order_schema(false)).await;
    let produces = |p: Value| json!({"branch": "main", "produces": [p]});
    // orders: 1.0.0 deployed (writes the latest), 1.1.0 latest on main (pins version 1), 0.9.0
    // neither, 2.0.0 on a branch; only 1.0.0 and 1.1.0 count.
    publish(&api, "orders", "0.9.0", produces(json!("orders-value"))).await;
    publish(&api, "orders", "1.0.0", produces(json!("orders-value"))).await;
    publish(
        &api,
        "orders",
        "1.1.0",
        produces(json!({"subject": "orders-value", "version": 1})),
    )
    .await;
    publish(
        &api,
        "orders",
        "2.0.0",
        json!({"branch": "feature", "produces": ["orders-value"]}),
    )
    .await;
    deploy(&api, "orders", "1.0.0", "production").await;
    deploy(&api, "orders", "1.0.0", "staging").await;
    // legacy pins a version that was never registered.
    publish(
        &api,
        "legacy",
        "1",
        produces(json!({"subject": "orders-value", "version": 3})),
    )
    .await;
    // A consumer of the subject is not a producer of it.
    publish(
        &api,
        "email",
        "1.0.0",
        publication("main", &[read("/order_id", "string")]),
    )
    .await;

    let (status, producers) = api.get("/producers?subject=orders-value").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        producers,
        json!([
            {"app": "legacy", "version": "1", "branch": "main", "subject": "orders-value",
             "schema_version": 3, "schema": null, "deployed_in": [], "latest_on_main": true,
             "reason": "subject orders-value has no version 3 registered"},
            {"app": "orders", "version": "1.0.0", "branch": "main", "subject": "orders-value",
             "schema_version": 2, "schema": stored_text(&api, "orders-value", 2).await,
             "deployed_in": ["production", "staging"], "latest_on_main": false},
            {"app": "orders", "version": "1.1.0", "branch": "main", "subject": "orders-value",
             "schema_version": 1, "schema": stored_text(&api, "orders-value", 1).await,
             "deployed_in": [], "latest_on_main": true},
        ])
    );
    // The default context's qualifier is dropped, as for subjects elsewhere.
    let (_, qualified) = api.get("/producers?subject=:.:orders-value").await;
    assert_eq!(qualified, producers);

    // The latest *live* version: soft-deleting version 2 moves the unpinned producer to 1.
    let (status, _) = api
        .call("DELETE", "/subjects/orders-value/versions/2", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, producers) = api.get("/producers?subject=orders-value").await;
    assert_eq!(producers[1]["version"], "1.0.0");
    assert_eq!(producers[1]["schema_version"], 1);

    // A subject produced but never registered: no schema, and why.
    publish(&api, "audit", "c0ffee", produces(json!("audit-value"))).await;
    let (_, audit) = api.get("/producers?subject=audit-value").await;
    assert_eq!(
        audit,
        json!([{"app": "audit", "version": "c0ffee", "branch": "main", "subject": "audit-value",
                "schema_version": null, "schema": null, "deployed_in": [],
                "latest_on_main": true,
                "reason": "subject audit-value has no schema registered"}])
    );

    // References come with the schema, as in Confluent's Schema.
    api.register_ok("customer", &json!({"type": "object"}))
        .await;
    let (status, body) = api
        .call(
            "POST",
            "/subjects/invoices-value/versions",
            Some(json!({
                "schemaType": "JSON",
                "schema": json!({"type": "object", "properties": {"customer": {"$ref": "customer.json"}}}).to_string(),
                "references": [{"name": "customer.json", "subject": "customer", "version": 1}],
            })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    publish(&api, "billing", "1.0.0", produces(json!("invoices-value"))).await;
    let (_, billing) = api.get("/producers?subject=invoices-value").await;
    assert_eq!(
        billing[0]["references"],
        json!([{"name": "customer.json", "subject": "customer", "version": 1}])
    );
    assert!(producers[0].get("references").is_none(), "{producers}");

    // Unknown subject: nobody produces it.
    let (status, none) = api.get("/producers?subject=nothing-value").await;
    assert_eq!((status, none), (StatusCode::OK, json!([])));
    for uri in ["/producers", "/producers?subjects=orders-value"] {
        let (status, body) = api.get(uri).await;
        assert_eq!(
            (status.as_u16(), body),
            (
                422,
                json!({"error_code": 42223,
                       "message": "The query parameter 'subject' is required."})
            ),
            "{uri}"
        );
    }
}
on_both!(producers, producers_that_count);

async fn registration_checks_contracts(api: Api) {
    publish(
        &api,
        "email",
        "1.0.0",
        publication(
            "main",
            &[
                read("/order_id", "string"),
                read("/customer/email", "string"),
            ],
        ),
    )
    .await;
    // A contract counts before the producer registers anything.
    let (status, body) = api.register("orders-value", &order_schema(false)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error_code"], 40901);
    assert_eq!(
        body["message"],
        "Schema being registered breaks the contracts of consumers of subject \"orders-value\", \
         details: [consumer email version 1.0.0 reads /customer/email: reads `/customer/email`, \
         which the producer schema never defines]"
    );
    api.register_ok("orders-value", &order_schema(true)).await;
    // Another subject is not concerned.
    api.register_ok("other-value", &order_schema(false)).await;

    let (status, body) = api
        .call(
            "PUT",
            "/config/orders-value",
            Some(json!({"contractCheck": "sometimes"})),
        )
        .await;
    assert_eq!(
        (status.as_u16(), body["error_code"].clone()),
        (422, json!(42203))
    );
    let (status, body) = api
        .call(
            "PUT",
            "/config/orders-value",
            Some(json!({"contractCheck": "off", "compatibility": "NONE"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["contractCheck"], "OFF");
    let (_, config) = api.get("/config/orders-value").await;
    assert_eq!(config["contractCheck"], "OFF");
    let (status, _, text) = api
        .send(
            axum::http::Request::builder()
                .method("POST")
                .uri("/subjects/orders-value/versions")
                .header("content-type", crate::common::CT)
                .body(axum::body::Body::from(
                    json!({"schemaType": "JSON", "schema": order_schema(false).to_string()})
                        .to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert!(body.get("warnings").is_none(), "{body}");

    // WARN: registered, with the findings in the body and a header.
    api.call(
        "PUT",
        "/config/orders-value",
        Some(json!({"contractCheck": "WARN"})),
    )
    .await;
    let renamed = json!({"type": "object", "properties": {"order_id": {"type": "integer"}}});
    let (status, headers, text) = api
        .send(
            axum::http::Request::builder()
                .method("POST")
                .uri("/subjects/orders-value/versions")
                .header("content-type", crate::common::CT)
                .body(axum::body::Body::from(
                    json!({"schemaType": "JSON", "schema": renamed.to_string()}).to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    let warnings = body["warnings"].as_array().unwrap();
    let warnings: Vec<&str> = warnings.iter().map(|w| w.as_str().unwrap()).collect();
    assert_eq!(warnings.len(), 4, "{body}");
    assert!(warnings
        .iter()
        .all(|w| w.starts_with("consumer email version 1.0.0 reads /")));
    assert!(warnings[0].contains("`/customer/email`, which the producer schema never defines"));
    assert!(warnings
        .iter()
        .any(|w| w.contains("the producer may omit `/order_id`")));
    assert_eq!(
        headers["x-accord-warnings"],
        "4 consumer contract finding(s) under contractCheck WARN"
    );
    // The global config's contractCheck applies to subjects without their own.
    api.call("PUT", "/config", Some(json!({"contractCheck": "OFF"})))
        .await;
    let (_, global) = api.get("/config").await;
    assert_eq!(global["contractCheck"], "OFF");
}
on_both!(registration, registration_checks_contracts);

/// `POST /compatibility/subjects/{form}` with `schema`: (status, answer).
async fn test_compatibility(api: &Api, form: &str, schema: &Value) -> (StatusCode, Value) {
    api.call(
        "POST",
        &format!("/compatibility/subjects/{form}"),
        Some(json!({"schemaType": "JSON", "schema": schema.to_string()})),
    )
    .await
}

async fn compatibility_checks_contracts(api: Api) {
    publish(
        &api,
        "email",
        "1.0.0",
        publication(
            "main",
            &[
                read("/order_id", "string"),
                read("/customer/email", "string"),
            ],
        ),
    )
    .await;
    api.register_ok("orders-value", &order_schema(true)).await;
    // Dropping the email is compatible at the level (BACKWARD, open content model) but breaks
    // the contract.
    let candidate = order_schema(false);
    let (_, level_only) =
        test_compatibility(&api, "orders-value/versions/1?verbose=true", &candidate).await;
    assert_eq!(level_only, json!({"is_compatible": true, "messages": []}));

    // ENFORCE (the default): the forms that ask as registration would say no, with
    // registration's sentences.
    let (status, refused) = api.register("orders-value", &candidate).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    let (status, enforced) =
        test_compatibility(&api, "orders-value/versions?verbose=true", &candidate).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(enforced["is_compatible"], false, "{enforced}");
    let messages: Vec<&str> = enforced["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        ["consumer email version 1.0.0 reads /customer/email: reads `/customer/email`, which the \
          producer schema never defines"]
    );
    assert_eq!(
        refused["message"],
        format!(
            "Schema being registered breaks the contracts of consumers of subject \
             \"orders-value\", details: [{}]",
            messages.join(", ")
        )
    );
    for form in [
        "orders-value/versions/latest?verbose=true",
        "orders-value/versions/-1?verbose=true",
        "orders-value/versions/?verbose=true",
    ] {
        let (_, body) = test_compatibility(&api, form, &candidate).await;
        assert_eq!(body, enforced, "{form}");
    }
    for form in ["orders-value/versions", "orders-value/versions/latest"] {
        let (_, body) = test_compatibility(&api, form, &candidate).await;
        assert_eq!(body, json!({"is_compatible": false}), "{form}");
    }
    // An explicit version asks about that version only.
    let (_, body) = test_compatibility(&api, "orders-value/versions/1", &candidate).await;
    assert_eq!(body, json!({"is_compatible": true}));
    // The level's messages come first, then one per contract finding.
    let retyped = json!({"type": "object", "properties": {"order_id": {"type": "integer"},
        "customer": {"type": "object", "properties": {"email": {"type": "string"}},
                     "required": ["email"]}}, "required": ["order_id", "customer"]});
    let (_, both) = test_compatibility(&api, "orders-value/versions?verbose=true", &retyped).await;
    let both: Vec<&str> = both["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(both[0].contains("TYPE_CHANGED"), "{both:?}");
    let trailer = both
        .iter()
        .position(|m| m.starts_with("{validateFields:"))
        .unwrap();
    assert!(!both[trailer + 1..].is_empty(), "{both:?}");
    assert!(
        both[trailer + 1..]
            .iter()
            .all(|m| m.starts_with("consumer email version 1.0.0 reads /order_id: ")),
        "{both:?}"
    );
    // A contract counts before the producer registers anything, even for `latest`.
    publish(
        &api,
        "ledger",
        "1",
        json!({"branch": "main", "contracts": [{"subject": "payments-value",
               "reads": [read("/amount", "number")]}]}),
    )
    .await;
    let without = json!({"type": "object", "properties": {"id": {"type": "string"}}});
    let with = json!({"type": "object", "properties": {"amount": {"type": "number"}},
                      "required": ["amount"]});
    for form in ["payments-value/versions/latest", "payments-value/versions"] {
        let (_, body) = test_compatibility(&api, form, &without).await;
        assert_eq!(body, json!({"is_compatible": false}), "{form}");
        let (_, body) = test_compatibility(&api, form, &with).await;
        assert_eq!(body, json!({"is_compatible": true}), "{form}");
    }
    let (status, body) = test_compatibility(&api, "payments-value/versions/1", &with).await;
    assert_eq!(
        (status, body["error_code"].clone()),
        (StatusCode::NOT_FOUND, json!(40402))
    );

    // WARN: the verdict is the level's; the findings are messages marked as warnings.
    let (status, _) = api
        .call(
            "PUT",
            "/config/orders-value",
            Some(json!({"contractCheck": "WARN"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let warned: Vec<String> = messages
        .iter()
        .map(|m| format!("contractCheck WARN: {m}"))
        .collect();
    for form in [
        "orders-value/versions?verbose=true",
        "orders-value/versions/latest?verbose=true",
    ] {
        let (_, body) = test_compatibility(&api, form, &candidate).await;
        assert_eq!(
            body,
            json!({"is_compatible": true, "messages": warned}),
            "{form}"
        );
    }
    let (_, body) = test_compatibility(&api, "orders-value/versions", &candidate).await;
    assert_eq!(body, json!({"is_compatible": true}));
    let (_, body) =
        test_compatibility(&api, "orders-value/versions/1?verbose=true", &candidate).await;
    assert_eq!(body, json!({"is_compatible": true, "messages": []}));
    // WARN leaves a level failure a failure.
    let (_, body) = test_compatibility(&api, "orders-value/versions?verbose=true", &retyped).await;
    assert_eq!(body["is_compatible"], false);
    assert!(body["messages"].as_array().unwrap().iter().any(|m| m
        .as_str()
        .unwrap()
        .starts_with("contractCheck WARN: consumer email")));

    // OFF: contracts play no part.
    api.call(
        "PUT",
        "/config/orders-value",
        Some(json!({"contractCheck": "OFF"})),
    )
    .await;
    for form in [
        "orders-value/versions?verbose=true",
        "orders-value/versions/latest?verbose=true",
    ] {
        let (_, body) = test_compatibility(&api, form, &candidate).await;
        assert_eq!(
            body,
            json!({"is_compatible": true, "messages": []}),
            "{form}"
        );
    }
    // The global setting applies to subjects without their own.
    api.call("PUT", "/config", Some(json!({"contractCheck": "OFF"})))
        .await;
    let (_, body) = test_compatibility(&api, "payments-value/versions/latest", &without).await;
    assert_eq!(body, json!({"is_compatible": true}));
}
on_both!(compatibility, compatibility_checks_contracts);

async fn can_i_deploy_answers(api: Api) {
    api.register_ok("orders-value", &order_schema(true)).await;
    publish(
        &api,
        "orders",
        "1.0.0",
        json!({"branch": "main", "produces": ["orders-value"]}),
    )
    .await;
    publish(
        &api,
        "email",
        "1.0.0",
        publication("main", &[read("/customer/email", "string")]),
    )
    .await;
    publish(
        &api,
        "email",
        "1.1.0",
        publication("main", &[read("/customer/email", "integer")]),
    )
    .await;
    deploy(&api, "orders", "1.0.0", "staging").await;
    let (_, yes) = api
        .get("/can-i-deploy?app=email&version=1.0.0&to=staging")
        .await;
    assert_eq!(
        yes,
        json!({"result": "yes", "rows": [{
            "producer": "orders", "producer_version": "1.0.0",
            "consumer": "email", "consumer_version": "1.0.0",
            "subject": "orders-value", "result": "yes",
            "reason": "schema version 1 satisfies the contract",
        }]})
    );
    let (_, no) = api
        .get("/can-i-deploy?app=email&version=1.1.0&to=staging")
        .await;
    assert_eq!(no["result"], "no", "{no}");
    assert!(no["rows"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("/customer/email"));
    // The producer side: a consumer deployed in staging, and a producer version whose pinned
    // schema version is not registered.
    deploy(&api, "email", "1.0.0", "staging").await;
    publish(
        &api,
        "orders",
        "2.0.0",
        json!({"branch": "main", "produces": [{"subject": "orders-value", "version": 7}]}),
    )
    .await;
    let (_, unknown) = api
        .get("/can-i-deploy?app=orders&version=2.0.0&to=staging")
        .await;
    assert_eq!(unknown["result"], "unknown", "{unknown}");
    assert_eq!(
        unknown["rows"][0]["reason"],
        "subject orders-value has no version 7 registered"
    );
    let (_, yes) = api
        .get("/can-i-deploy?app=orders&version=1.0.0&to=staging")
        .await;
    assert_eq!(yes["result"], "yes", "{yes}");
    assert_eq!(yes["rows"][0]["consumer"], "email");

    for (query, status, code) in [
        ("app=email&version=1.0.0", 422, 42223),
        ("app=email&to=staging", 422, 42223),
        ("version=1&to=staging", 422, 42223),
        ("app=email&version=1.0.0&to=st%2Fage", 422, 42221),
    ] {
        let (got, body) = api.get(&format!("/can-i-deploy?{query}")).await;
        assert_eq!(
            (got.as_u16(), body["error_code"].as_i64().unwrap()),
            (status, code),
            "{query}: {body}"
        );
    }
}
on_both!(can_i_deploy, can_i_deploy_answers);

/// The main branch is a setting.
async fn main_branch_is_configurable(store: crate::common::TestStore) {
    let api = Api::new(
        store,
        AppOptions {
            main_branch: "trunk".into(),
            ..AppOptions::default()
        },
    );
    publish(
        &api,
        "email",
        "1",
        publication("main", &[read("/a", "string")]),
    )
    .await;
    publish(
        &api,
        "email",
        "2",
        publication("trunk", &[read("/b", "string")]),
    )
    .await;
    let (_, counted) = api.get("/contracts?subject=orders-value").await;
    assert_eq!(counted.as_array().unwrap().len(), 1, "{counted}");
    assert_eq!(counted[0]["version"], "2");
    assert_eq!(counted[0]["branch"], "trunk");
}

#[tokio::test]
async fn main_branch_on_sqlite() {
    main_branch_is_configurable(sqlite().await).await;
}

#[tokio::test]
async fn main_branch_on_postgres() {
    match postgres().await {
        Some(store) => main_branch_is_configurable(store).await,
        None => skipped("contracts::main_branch"),
    }
}

/// Regression: a read path that no version of the subject ever provided is the consumer's
/// error (a typo in the contract, say). It never refuses the producer, even under ENFORCE:
/// registration and the compatibility endpoints let the new version through with the finding
/// as a warning.
async fn a_read_never_provided_warns_the_producer(api: Api) {
    api.register_ok("orders-value", &order_schema(true)).await;
    publish(
        &api,
        "sms",
        "1.0.0",
        publication(
            "main",
            &[
                read("/order_id", "string"),
                read("/customer/phone", "string"),
            ],
        ),
    )
    .await;
    let mut v2 = order_schema(true);
    v2["title"] = json!("Order");
    let finding = "consumer sms version 1.0.0 reads /customer/phone: ";
    for form in ["orders-value/versions/latest", "orders-value/versions"] {
        let (status, body) = api
            .call(
                "POST",
                &format!("/compatibility/subjects/{form}?verbose=true"),
                Some(json!({"schemaType": "JSON", "schema": v2.to_string()})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["is_compatible"], true, "{form}: {body}");
        let messages = body["messages"].as_array().unwrap();
        assert!(
            messages.iter().any(|m| m
                .as_str()
                .unwrap()
                .starts_with(&format!("contractCheck WARN: {finding}"))),
            "{form}: {body}"
        );
    }
    let (status, body) = api.register("orders-value", &v2).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["version"], 2, "{body}");
    let warnings = body["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().starts_with(finding)),
        "{body}"
    );
}
on_both!(never_provided, a_read_never_provided_warns_the_producer);
