//! `GET /openapi.json`: the document is OpenAPI 3, it and the router cannot drift apart (every
//! documented operation is routed, no other method is routed on a documented path), and real
//! answers match the schemas it documents.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};

use crate::common::{sqlite_api, Api, CT};
use crate::on_both;

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];

/// The body of the 404 of an unknown route (and of nothing else).
fn fallback_404() -> Value {
    json!({"error_code": 404, "message": "HTTP 404 Not Found"})
}

async fn document(api: &Api) -> Value {
    let (status, headers, text) = api
        .send(
            Request::builder()
                .uri("/openapi.json")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(headers["content-type"], "application/json");
    serde_json::from_str(&text).expect("the document is JSON")
}

/// Every (method, path template) the document lists.
fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if METHODS.contains(&method.to_uppercase().as_str()) {
                out.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

/// A concrete path for a template: each `{parameter}` gets a plausible value.
fn concrete(template: &str) -> String {
    template
        .replace("{subject}", "orders-value")
        .replace("{version}", "1")
        .replace("{id}", "1")
        .replace("{guid}", "5b1e0f3c-2d4a-4e8f-9a6b-1c2d3e4f5a6b")
        .replace("{context}", ".ctx")
        .replace("{app}", "email")
        .replace("{environment}", "production")
}

fn request(method: &str, uri: &str, body: Option<&Value>) -> Request<Body> {
    let builder = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", CT);
    match body {
        Some(b) => builder.body(Body::from(b.to_string())).unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    }
}

#[tokio::test]
async fn the_document_is_openapi_3_served_as_json() {
    let api = sqlite_api().await;
    let doc = document(&api).await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["info"]["title"], "Accord schema registry");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));

    // Both surfaces, the contracts surface in full.
    let ops = operations(&doc);
    for (method, path) in [
        ("POST", "/subjects/{subject}/versions"),
        ("POST", "/subjects/{subject}"),
        ("GET", "/subjects/{subject}/versions/{version}"),
        ("GET", "/schemas/ids/{id}"),
        ("POST", "/compatibility/subjects/{subject}/versions"),
        (
            "POST",
            "/compatibility/subjects/{subject}/versions/{version}",
        ),
        ("PUT", "/config/{subject}"),
        ("PUT", "/mode"),
        ("POST", "/validate/{subject}"),
        ("GET", "/metrics"),
        ("GET", "/health/ready"),
        ("GET", "/openapi.json"),
        ("GET", "/applications"),
        ("GET", "/applications/{app}"),
        ("GET", "/applications/{app}/versions/{app_version}"),
        ("POST", "/applications/{app}/versions/{app_version}"),
        ("GET", "/contracts"),
        ("GET", "/producers"),
        ("GET", "/deployments"),
        ("POST", "/deployments"),
        ("GET", "/deployments/{environment}"),
        ("GET", "/can-i-deploy"),
    ] {
        assert!(
            ops.contains(&(method.to_string(), path.to_string())),
            "{method} {path} is not documented"
        );
    }

    // Operation ids are unique; every path parameter is declared; every error answer is
    // Confluent's error body.
    let mut ids = BTreeSet::new();
    for (method, path) in &ops {
        let op = &doc["paths"][path][method.to_lowercase()];
        let id = op["operationId"].as_str().unwrap().to_string();
        assert!(ids.insert(id.clone()), "operationId {id} is used twice");
        let declared: BTreeSet<&str> = op["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .filter(|p| p["in"] == "path")
                    .map(|p| p["name"].as_str().unwrap())
                    .collect()
            })
            .unwrap_or_default();
        let in_path: BTreeSet<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        assert_eq!(declared, in_path, "{method} {path}");
        for (status, response) in op["responses"].as_object().unwrap() {
            if status.starts_with('4') || status.starts_with('5') {
                let content = response["content"].as_object().unwrap();
                assert!(
                    content
                        .values()
                        .all(|c| c["schema"]["$ref"] == "#/components/schemas/ErrorBody"),
                    "{method} {path} {status}"
                );
            }
        }
    }

    // Every reference resolves.
    fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    match v {
                        Value::String(r) if k == "$ref" => out.push(r),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty());
    for r in found {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or(r);
        assert!(
            doc["components"]["schemas"].get(name).is_some(),
            "{r} does not resolve"
        );
    }
    // Descriptions speak to readers of the document, not of rustdoc.
    assert!(!doc.to_string().contains("[`"), "an intra-doc link is left");
}

#[tokio::test]
async fn every_documented_operation_is_routed_and_nothing_else_on_its_path() {
    let api = sqlite_api().await;
    let doc = document(&api).await;
    let ops = operations(&doc);
    let paths: BTreeSet<&String> = ops.iter().map(|(_, p)| p).collect();
    assert!(paths.len() > 30, "{paths:?}");
    for path in paths {
        let uri = concrete(path);
        for method in METHODS {
            let body = (method != "GET" && method != "DELETE").then(|| json!({}));
            let (status, _, text) = api.send(request(method, &uri, body.as_ref())).await;
            let answer: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            if ops.contains(&(method.to_string(), path.clone())) {
                assert!(
                    status != StatusCode::METHOD_NOT_ALLOWED && answer != fallback_404(),
                    "{method} {path} is documented but not routed: {status} {text}"
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is routed but not documented: {text}"
                );
            }
        }
    }
    // The marker above is what an unknown route answers.
    let (status, _, text) = api.send(request("GET", "/nothing/here", None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        fallback_404()
    );
}

/// The document's schemas, to check real answers against.
struct Schemas {
    doc: Value,
}

impl Schemas {
    /// Check an answer to `method` on `template` against what the document says of its status:
    /// the status is documented, the content type is one documented for it, and a JSON body
    /// is valid under the documented schema.
    fn check(
        &self,
        method: &str,
        template: &str,
        status: StatusCode,
        content_type: &str,
        body: &str,
    ) {
        let op = &self.doc["paths"][template][method.to_lowercase()];
        assert!(op.is_object(), "{method} {template} is not documented");
        let response = &op["responses"][status.as_str()];
        assert!(
            response.is_object(),
            "{method} {template}: status {status} is not documented: {body}"
        );
        let Some(content) = response["content"].as_object() else {
            assert!(body.is_empty(), "{method} {template} {status}: {body}");
            return;
        };
        let essence = content_type.split(';').next().unwrap().trim();
        let media = content
            .iter()
            .find(|(k, _)| k.split(';').next().unwrap().trim() == essence)
            .map(|(_, v)| v)
            .unwrap_or_else(|| {
                panic!(
                    "{method} {template} {status}: content type {content_type} is not documented"
                )
            });
        if !essence.ends_with("json") {
            return;
        }
        let instance: Value = serde_json::from_str(body).unwrap();
        let errors = self.violations(&media["schema"], &instance);
        assert!(
            errors.is_empty(),
            "{method} {template} {status}: {errors:?}\n{instance}"
        );
    }

    /// Why `instance` is not valid under `schema` (a schema of the document, whose references
    /// resolve to its components).
    fn violations(&self, schema: &Value, instance: &Value) -> Vec<String> {
        let root = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": self.doc["components"],
            "allOf": [schema],
        });
        let validator = jsonschema::validator_for(&root).unwrap();
        validator
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }
}

/// Send `req`, check the answer against the document, and return its status and JSON.
async fn checked(
    api: &Api,
    schemas: &Schemas,
    template: &str,
    req: Request<Body>,
) -> (StatusCode, Value) {
    let method = req.method().to_string();
    let (status, headers, text) = api.send(req).await;
    let content_type = headers
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    schemas.check(&method, template, status, &content_type, &text);
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn registration(schema: &Value) -> Value {
    json!({"schemaType": "JSON", "schema": schema.to_string()})
}

async fn real_answers_match_the_documented_schemas(api: Api) {
    let schemas = Schemas {
        doc: document(&api).await,
    };
    // The check can fail: a body that is not what the document says is caught.
    let error_body = json!({"$ref": "#/components/schemas/ErrorBody"});
    assert!(schemas
        .violations(&error_body, &json!({"error_code": 40401, "message": "m"}))
        .is_empty());
    assert!(!schemas
        .violations(&error_body, &json!({"error_code": "40401"}))
        .is_empty());
    let producer = json!({"$ref": "#/components/schemas/ProducerView"});
    assert!(!schemas
        .violations(
            &producer,
            &json!({"app": "a", "version": "1", "branch": "main",
            "subject": "s", "schema_version": "1", "schema": null, "deployed_in": [],
            "latest_on_main": false})
        )
        .is_empty());
    // `Read` is described with its wire names and no others.
    let read = json!({"$ref": "#/components/schemas/Read"});
    assert!(schemas
        .violations(
            &read,
            &json!({"path": "/a", "type": "string", "required": false, "enum": ["x"],
            "tolerate_unknown": true})
        )
        .is_empty());
    assert!(!schemas
        .violations(&read, &json!({"path": "/a", "json_type": "string"}))
        .is_empty());

    let call = |method: &'static str, uri: String, template: &'static str, body: Option<Value>| {
        let req = request(method, &uri, body.as_ref());
        let api = &api;
        let schemas = &schemas;
        async move { checked(api, schemas, template, req).await }
    };
    let order = json!({"type": "object", "properties": {"order_id": {"type": "string"},
        "customer": {"type": "object", "properties": {"email": {"type": "string"}}}},
        "required": ["order_id"]});
    let retyped = json!({"type": "object", "properties": {"order_id": {"type": "integer"}},
        "required": ["order_id"]});

    // The Confluent surface.
    let (status, registered) = call(
        "POST",
        "/subjects/orders-value/versions".into(),
        "/subjects/{subject}/versions",
        Some(registration(&order)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let id = registered["id"].as_i64().unwrap();
    let guid = registered["guid"].as_str().unwrap().to_string();
    let (status, _) = call(
        "POST",
        "/subjects/orders-value/versions".into(),
        "/subjects/{subject}/versions",
        Some(registration(&retyped)),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    for (uri, template) in [
        ("/subjects".to_string(), "/subjects"),
        (
            "/subjects/orders-value/versions".into(),
            "/subjects/{subject}/versions",
        ),
        (
            "/subjects/orders-value/versions/1".into(),
            "/subjects/{subject}/versions/{version}",
        ),
        (
            "/subjects/orders-value/versions/latest/schema".into(),
            "/subjects/{subject}/versions/{version}/schema",
        ),
        (
            "/subjects/orders-value/versions/9".into(),
            "/subjects/{subject}/versions/{version}",
        ),
        (
            "/subjects/orders-value/versions/1/referencedby".into(),
            "/subjects/{subject}/versions/{version}/referencedby",
        ),
        (
            format!("/schemas/ids/{id}?fetchMaxId=true"),
            "/schemas/ids/{id}",
        ),
        (
            format!("/schemas/ids/{id}/schema"),
            "/schemas/ids/{id}/schema",
        ),
        (
            format!("/schemas/ids/{id}/subjects"),
            "/schemas/ids/{id}/subjects",
        ),
        (
            format!("/schemas/ids/{id}/versions"),
            "/schemas/ids/{id}/versions",
        ),
        ("/schemas/ids/999".into(), "/schemas/ids/{id}"),
        (format!("/schemas/guids/{guid}"), "/schemas/guids/{guid}"),
        (
            format!("/schemas/guids/{guid}/ids"),
            "/schemas/guids/{guid}/ids",
        ),
        ("/schemas?latestOnly=true".into(), "/schemas"),
        ("/schemas/types".into(), "/schemas/types"),
        ("/config".into(), "/config"),
        ("/config/orders-value".into(), "/config/{subject}"),
        ("/mode".into(), "/mode"),
        ("/mode/orders-value".into(), "/mode/{subject}"),
        ("/contexts".into(), "/contexts"),
        ("/v1/metadata/id".into(), "/v1/metadata/id"),
        ("/v1/metadata/version".into(), "/v1/metadata/version"),
        ("/v1/metadata/deployment".into(), "/v1/metadata/deployment"),
        ("/".into(), "/"),
        ("/health/live".into(), "/health/live"),
        ("/health/ready".into(), "/health/ready"),
        ("/metrics".into(), "/metrics"),
        (
            "/subjects/orders-value/metadata?key=a&value=b".into(),
            "/subjects/{subject}/metadata",
        ),
    ] {
        call("GET", uri, template, None).await;
    }
    // The Confluent surface answers in the type `Accept` asks for, as documented.
    let negotiated = Request::builder()
        .uri("/subjects")
        .header("accept", "application/json")
        .body(Body::empty())
        .unwrap();
    let (status, _) = checked(&api, &schemas, "/subjects", negotiated).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(
        "POST",
        "/subjects/orders-value".into(),
        "/subjects/{subject}",
        Some(registration(&order)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for (uri, template) in [
        (
            "/compatibility/subjects/orders-value/versions?verbose=true",
            "/compatibility/subjects/{subject}/versions",
        ),
        (
            "/compatibility/subjects/orders-value/versions/latest?verbose=true",
            "/compatibility/subjects/{subject}/versions/{version}",
        ),
        (
            "/compatibility/subjects/orders-value/versions/7",
            "/compatibility/subjects/{subject}/versions/{version}",
        ),
    ] {
        call("POST", uri.into(), template, Some(registration(&retyped))).await;
    }
    for (uri, template, body) in [
        (
            "/config/orders-value",
            "/config/{subject}",
            json!({"compatibility": "full", "contractCheck": "warn"}),
        ),
        ("/config", "/config", json!({"compatibility": "sideways"})),
        (
            "/mode/orders-value",
            "/mode/{subject}",
            json!({"mode": "READWRITE"}),
        ),
        ("/mode", "/mode", json!({"mode": "SOMETIMES"})),
    ] {
        call("PUT", uri.into(), template, Some(body)).await;
    }
    for (uri, template) in [
        ("/config/orders-value", "/config/{subject}"),
        ("/mode/orders-value", "/mode/{subject}"),
        ("/contexts/.ctx", "/contexts/{context}"),
    ] {
        call("DELETE", uri.into(), template, None).await;
    }

    // Validation: one payload, a batch with a line that is not JSON.
    let (status, one) = call(
        "POST",
        "/validate/orders-value".into(),
        "/validate/{subject}",
        Some(json!({"order_id": 7})),
    )
    .await;
    assert_eq!((status, &one["valid"]), (StatusCode::OK, &json!(false)));
    let batch = Request::builder()
        .method("POST")
        .uri(format!("/validate?id={id}"))
        .header("content-type", "application/x-ndjson")
        .body(Body::from(
            "{\"order_id\": \"a\"}\n{\"order_id\": 1}\nnot json\n",
        ))
        .unwrap();
    let (status, answer) = checked(&api, &schemas, "/validate", batch).await;
    assert_eq!((status, &answer["errors"]), (StatusCode::OK, &json!(1)));

    // The consumer-contract surface.
    let publications = [
        (
            "email",
            "1.0.0",
            json!({"branch": "main", "contracts": [
            {"subject": "orders-value", "reads": [{"path": "/customer/email", "type": "string", "enum": ["a"], "tolerate_unknown": true}]},
            {"subject": "payments-value", "schema": {"type": "object"}}]}),
        ),
        (
            "orders",
            "1.0.0",
            json!({"branch": "main", "produces": ["orders-value", {"subject": "refunds-value", "version": 2}]}),
        ),
        (
            "orders",
            "2.0.0",
            json!({"branch": "feature", "contracts": [{"subject": "x", "reads": [{"path": "/a", "type": "text"}]}]}),
        ),
    ];
    for (app, version, body) in publications {
        call(
            "POST",
            format!("/applications/{app}/versions/{version}"),
            "/applications/{app}/versions/{app_version}",
            Some(body),
        )
        .await;
    }
    for (app, version, environment) in [
        ("email", "1.0.0", "production"),
        ("orders", "1.0.0", "production"),
        ("orders", "1.0.0", "bad env"),
    ] {
        call(
            "POST",
            "/deployments".into(),
            "/deployments",
            Some(json!({"app": app, "version": version, "environment": environment})),
        )
        .await;
    }
    let (_, producers) = call(
        "GET",
        "/producers?subject=refunds-value".into(),
        "/producers",
        None,
    )
    .await;
    assert_eq!(producers[0]["schema"], Value::Null, "{producers}");
    for (uri, template) in [
        ("/applications", "/applications"),
        ("/applications/email", "/applications/{app}"),
        ("/applications/nobody", "/applications/{app}"),
        (
            "/applications/email/versions/1.0.0",
            "/applications/{app}/versions/{app_version}",
        ),
        (
            "/applications/email/versions/9.9.9",
            "/applications/{app}/versions/{app_version}",
        ),
        ("/contracts?subject=orders-value", "/contracts"),
        ("/contracts", "/contracts"),
        ("/producers?subject=orders-value", "/producers"),
        ("/producers", "/producers"),
        ("/deployments", "/deployments"),
        ("/deployments/production", "/deployments/{environment}"),
        ("/deployments/qa", "/deployments/{environment}"),
        (
            "/can-i-deploy?app=orders&version=1.0.0&to=production",
            "/can-i-deploy",
        ),
        ("/can-i-deploy?app=orders&version=1.0.0", "/can-i-deploy"),
    ] {
        call("GET", uri.into(), template, None).await;
    }
    let (_, verdict) = call(
        "GET",
        "/can-i-deploy?app=email&version=1.0.0&to=production".into(),
        "/can-i-deploy",
        None,
    )
    .await;
    // The email contract requires what orders' schema leaves optional.
    assert_eq!(verdict["result"], "no", "{verdict}");
    call(
        "DELETE",
        "/subjects/orders-value/versions/1".into(),
        "/subjects/{subject}/versions/{version}",
        None,
    )
    .await;
    call(
        "DELETE",
        "/subjects/orders-value".into(),
        "/subjects/{subject}",
        None,
    )
    .await;
}
on_both!(
    answers_match_the_document,
    real_answers_match_the_documented_schemas
);

/// The parameter `name` of `method path`.
fn parameter<'a>(doc: &'a Value, method: &str, path: &str, name: &str) -> &'a Value {
    let params = doc["paths"][path][method]["parameters"]
        .as_array()
        .unwrap_or_else(|| panic!("{method} {path} has no parameters"));
    params
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{method} {path} does not document {name}"))
}

#[tokio::test]
async fn the_document_states_what_the_server_enforces() {
    let api = sqlite_api().await;
    let doc = document(&api).await;

    // Every operation that reads a JSON entity documents the 400 a malformed one gets.
    for (method, path) in operations(&doc) {
        let op = &doc["paths"][&path][method.to_lowercase()];
        let entity = op["requestBody"]["content"]
            .as_object()
            .is_some_and(|c| c.contains_key("application/vnd.schemaregistry.v1+json"));
        if entity {
            assert!(
                op["responses"]["400"].is_object(),
                "{method} {path} reads a body but does not document its 400"
            );
        }
    }

    // Versions: a positive number or `latest`/-1, which the pattern accepts and nothing else.
    let version = &parameter(
        &doc,
        "get",
        "/subjects/{subject}/versions/{version}",
        "version",
    )["schema"]["pattern"];
    let pattern = version.as_str().expect("the version has a pattern");
    for ok in ["1", "2147483647", "latest", "LATEST", "-1"] {
        assert!(matches_version(pattern, ok), "{ok} should match {pattern}");
    }
    for bad in ["0", "-2", "x", "1.5", ""] {
        assert!(
            !matches_version(pattern, bad),
            "{bad} should not match {pattern}"
        );
    }
    for (method, path) in [
        ("get", "/subjects/{subject}/versions/{version}/referencedby"),
        ("post", "/validate/{subject}"),
    ] {
        let op = &doc["paths"][path][method];
        let described = op["responses"]["422"]["description"].as_str().unwrap_or("");
        assert!(described.contains("42202"), "{method} {path}: {described}");
    }
    assert!(
        parameter(&doc, "post", "/validate/{subject}", "version")["schema"]["pattern"].is_string()
    );

    // Environment names.
    let env = parameter(&doc, "get", "/deployments/{environment}", "environment");
    assert_eq!(
        env["schema"]["pattern"],
        "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"
    );
    assert_eq!(
        parameter(&doc, "get", "/can-i-deploy", "to")["schema"]["pattern"],
        env["schema"]["pattern"]
    );

    // `/validate` takes any JSON value, not only objects.
    for path in ["/validate", "/validate/{subject}"] {
        let body =
            &doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"];
        assert_ne!(body["type"], "object", "{path}: {body}");
    }

    let bodies = &doc["components"]["schemas"];
    assert_eq!(
        bodies["DeploymentRequest"]["properties"]["environment"]["pattern"],
        env["schema"]["pattern"]
    );
    assert_eq!(
        bodies["PublishVersionRequest"]["properties"]["branch"]["maxLength"],
        255
    );

    // Modes, levels and contractCheck are the names the server accepts.
    let schemas = &doc["components"]["schemas"];
    let modes = &schemas["Mode"]["properties"]["mode"]["enum"];
    for mode in [
        "READWRITE",
        "READONLY",
        "READONLY_OVERRIDE",
        "IMPORT",
        "FORWARD",
    ] {
        assert!(modes.as_array().unwrap().contains(&json!(mode)), "{modes}");
    }
    let levels = &schemas["ConfigUpdateRequest"]["properties"]["compatibility"]["enum"];
    assert!(
        levels
            .as_array()
            .unwrap()
            .contains(&json!("FULL_TRANSITIVE")),
        "{levels}"
    );
    let checks = &schemas["Config"]["properties"]["contractCheck"]["enum"];
    assert!(
        checks.as_array().unwrap().contains(&json!("WARN")),
        "{checks}"
    );

    // A boolean flag says how it is read.
    let permanent = parameter(&doc, "delete", "/subjects/{subject}", "permanent");
    assert!(permanent["description"]
        .as_str()
        .is_some_and(|d| d.contains("soft")));
}

/// Whether `text` matches the documented version pattern (checked with the same regex engine
/// the JSON Schema validator of these tests uses).
fn matches_version(pattern: &str, text: &str) -> bool {
    let schema = json!({"type": "string", "pattern": pattern});
    jsonschema::validator_for(&schema)
        .expect("the pattern compiles")
        .is_valid(&json!(text))
}
