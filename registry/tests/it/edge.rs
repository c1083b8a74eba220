//! The HTTP edge as Confluent's server behaves at it, over a real socket: path parameters its
//! framework would not convert, `Accept` that matches nothing, bodies in other charsets, and the
//! deliberate reading of query parameters and of whole numbers written as decimals.

use serde_json::{json, Value};

use crate::common::{Api, CT};
use crate::on_both;

/// The app served on a loopback socket, with a client for it.
struct Served {
    url: String,
    http: reqwest::Client,
}

impl Served {
    async fn start(api: &Api) -> Served {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let router = api.router.clone();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Served {
            url,
            http: reqwest::Client::new(),
        }
    }

    /// `method path` with an optional body of `content_type`: (status, text).
    async fn send(&self, method: &str, path: &str, body: Option<(&str, Vec<u8>)>) -> (u16, String) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self.http.request(method, format!("{}{path}", self.url));
        if let Some((content_type, bytes)) = body {
            req = req.header("content-type", content_type).body(bytes);
        }
        let res = req.send().await.unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    async fn json(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let body = body.map(|b| (CT, b.to_string().into_bytes()));
        let (status, text) = self.send(method, path, body).await;
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

const JERSEY_404: &str = r#"{"error_code":404,"message":"HTTP 404 Not Found"}"#;

async fn numeric_path_segments(api: Api) {
    let web = Served::start(&api).await;
    let (id, _) = api.register_ok("s", &json!({"type":"object"})).await;
    // The schema id is a Java Integer in Confluent's resource: what does not convert is the
    // framework's 404, on every route under it.
    for path in [
        "/schemas/ids/abc",
        "/schemas/ids/1.0",
        "/schemas/ids/2147483648",
        "/schemas/ids/%20",
        "/schemas/ids/abc/schema",
        "/schemas/ids/abc/subjects",
        "/schemas/ids/abc/versions",
    ] {
        let (status, text) = web.send("GET", path, None).await;
        assert_eq!((status, text.as_str()), (404, JERSEY_404), "{path}");
    }
    // A number that converts but names no schema is Confluent's 40403; percent-encoded digits
    // are decoded first.
    let (status, body) = web.json("GET", "/schemas/ids/-5", None).await;
    assert_eq!(
        (status, &body["error_code"]),
        (404, &json!(40403)),
        "{body}"
    );
    let (status, body) = web.json("GET", &format!("/schemas/ids/%3{id}"), None).await;
    assert_eq!((status, &body["id"]), (200, &json!(id)), "{body}");
    // The method is matched before the parameter is converted.
    let (status, body) = web.json("POST", "/schemas/ids/abc", Some(json!({}))).await;
    assert_eq!((status, &body["error_code"]), (405, &json!(405)), "{body}");
    // A version is a string there, parsed by the resource: `abc` is 42202, not a 404.
    for path in [
        "/subjects/s/versions/abc",
        "/subjects/s/versions/abc/schema",
        "/subjects/s/versions/abc/referencedby",
    ] {
        let (status, body) = web.json("GET", path, None).await;
        assert_eq!(
            (status, &body["error_code"]),
            (422, &json!(42202)),
            "{path}: {body}"
        );
    }
}
on_both!(
    numeric_path_segments_answer_as_confluent,
    numeric_path_segments
);

async fn accept(api: Api) {
    let web = Served::start(&api).await;
    for accept in [
        "text/html",
        "image/png, text/plain;q=0.5",
        "application/xml",
    ] {
        let res = web
            .http
            .get(format!("{}/subjects", web.url))
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "{accept}");
        assert_eq!(res.headers()["content-type"], CT, "{accept}");
        assert_eq!(res.text().await.unwrap(), "[]", "{accept}");
    }
}
on_both!(an_accept_matching_nothing_gets_the_default_type, accept);

/// Text to the bytes of one charset.
type Encoder<'a> = dyn Fn(&str) -> Vec<u8> + 'a;

/// A registration body whose schema carries non-ASCII text, and that text.
fn registration(title: &str) -> (String, String) {
    let schema = json!({"type":"object","title":title}).to_string();
    (
        json!({"schemaType":"JSON","schema":schema}).to_string(),
        schema,
    )
}

async fn charsets(api: Api) {
    let web = Served::start(&api).await;
    let utf16 = |text: &str, big_endian: bool| -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    };
    let utf32le = |text: &str| -> Vec<u8> {
        text.chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect()
    };
    let cases: Vec<(&str, Box<Encoder<'_>>)> = vec![
        (
            "application/json; charset=utf-16",
            Box::new(|t| utf16(t, true)),
        ),
        (
            "application/vnd.schemaregistry.v1+json; charset=UTF-16",
            Box::new(|t| [&[0xFF, 0xFE][..], &utf16(t, false)].concat()),
        ),
        (
            "application/json; charset=utf-16le",
            Box::new(|t| utf16(t, false)),
        ),
        (
            "application/json;charset=\"UTF-16BE\"",
            Box::new(|t| utf16(t, true)),
        ),
        ("application/json; charset=utf-32le", Box::new(utf32le)),
        (
            "application/json; charset=iso-8859-1",
            Box::new(|t| {
                t.chars()
                    .map(|c| u8::try_from(u32::from(c)).unwrap())
                    .collect()
            }),
        ),
        // Undeclared: detected from the zero bytes around the first character, as Jackson does.
        ("application/json", Box::new(|t| utf16(t, false))),
    ];
    for (i, (content_type, encode)) in cases.iter().enumerate() {
        let title = if content_type.contains("8859") {
            format!("café {i}")
        } else {
            format!("café € 😀 {i}")
        };
        let (body, schema) = registration(&title);
        let subject = format!("cs-{i}");
        let (status, text) = web
            .send(
                "POST",
                &format!("/subjects/{subject}/versions"),
                Some((content_type, encode(&body))),
            )
            .await;
        assert_eq!(status, 200, "{content_type}: {text}");
        let (_, stored) = web
            .json("GET", &format!("/subjects/{subject}/versions/1"), None)
            .await;
        let stored: Value = serde_json::from_str(stored["schema"].as_str().unwrap()).unwrap();
        let sent: Value = serde_json::from_str(&schema).unwrap();
        assert_eq!(stored["title"], sent["title"], "{content_type}");
    }
    let (body, _) = registration("x");
    let (status, text) = web
        .send(
            "POST",
            "/subjects/odd/versions",
            Some((
                "application/json; charset=utf-16",
                utf16(&body, true)[1..].to_vec(),
            )),
        )
        .await;
    assert_eq!(status, 400, "{text}");
    let (status, text) = web
        .send(
            "POST",
            "/subjects/odd/versions",
            Some(("application/json; charset=koi8-r", body.into_bytes())),
        )
        .await;
    assert_eq!(
        (status, text.as_str()),
        (
            415,
            r#"{"error_code":415,"message":"HTTP 415 Unsupported Media Type"}"#
        )
    );
    let (_, subjects) = web.json("GET", "/subjects", None).await;
    assert_eq!(
        subjects.as_array().unwrap().len(),
        cases.len(),
        "{subjects}"
    );
}
on_both!(bodies_are_decoded_from_their_charset, charsets);

async fn query_params(api: Api) {
    let web = Served::start(&api).await;
    api.register_ok("s", &json!({"type":"object"})).await;
    let before = api.dump().await;
    for (method, path, name) in [
        ("DELETE", "/subjects/s?permanent=1", "permanent"),
        (
            "DELETE",
            "/subjects/s/versions/1?permanent=yes",
            "permanent",
        ),
        ("GET", "/subjects?deleted=1", "deleted"),
        ("GET", "/subjects?deletedOnly=", "deletedOnly"),
        ("GET", "/subjects/s/versions?deleted=no", "deleted"),
        ("GET", "/schemas/ids/1?fetchMaxId=0", "fetchMaxId"),
        ("GET", "/config/s?defaultToGlobal=maybe", "defaultToGlobal"),
        ("GET", "/subjects?offset=-1", "offset"),
        ("GET", "/subjects?offset=two", "offset"),
        ("GET", "/subjects?limit=1.5", "limit"),
        ("GET", "/subjects/s/versions?limit=99999999999", "limit"),
        ("GET", "/schemas?offset=2147483648", "offset"),
    ] {
        let (status, body) = web.json(method, path, None).await;
        assert_eq!(
            (status, &body["error_code"]),
            (422, &json!(422)),
            "{path}: {body}"
        );
        let message = body["message"].as_str().unwrap();
        assert!(message.contains(&format!("'{name}'")), "{path}: {message}");
    }
    assert_eq!(
        api.dump().await,
        before,
        "a refused request changed the store"
    );
    // Any case of true/false is read, and a limit that is not positive means no limit.
    let (status, body) = web
        .json("GET", "/subjects?deleted=TRUE&limit=0", None)
        .await;
    assert_eq!((status, body), (200, json!(["s"])));
    let (status, body) = web.json("GET", "/subjects?limit=-1&offset=1", None).await;
    assert_eq!((status, body), (200, json!([])));
    let (status, body) = web
        .json("DELETE", "/subjects/s?permanent=False", None)
        .await;
    assert_eq!((status, body), (200, json!([1])));
    let (status, body) = web.json("DELETE", "/subjects/s?permanent=True", None).await;
    assert_eq!((status, body), (200, json!([1])));
}
on_both!(
    boolean_and_page_parameters_are_read_deliberately,
    query_params
);

async fn whole_decimals(api: Api) {
    let web = Served::start(&api).await;
    api.register_ok(
        "customer",
        &json!({"type":"object","properties":{"name":{"type":"string"}}}),
    )
    .await;
    let order = json!({"type":"object","properties":{"customer":{"$ref":"customer.json"}}});
    let schema = serde_json::to_string(&order.to_string()).unwrap();
    // The reference's version, written as given: (status, answer).
    let register = |version: &'static str| {
        let body = format!(
            r#"{{"schemaType":"JSON","schema":{schema},"references":[{{"name":"customer.json","subject":"customer","version":{version}}}]}}"#
        );
        let web = &web;
        async move {
            let (status, text) = web
                .send(
                    "POST",
                    "/subjects/order/versions",
                    Some((CT, body.into_bytes())),
                )
                .await;
            (status, serde_json::from_str::<Value>(&text).unwrap())
        }
    };
    for version in ["1.5", "1e-1"] {
        let (status, body) = register(version).await;
        assert_eq!((status, &body["error_code"]), (400, &json!(400)), "{body}");
        let message = body["message"].as_str().unwrap();
        let wanted = format!("{version} is not a whole number");
        assert!(message.contains(&wanted), "{message}");
    }
    assert_eq!(
        api.get("/subjects/order/versions").await.1["error_code"],
        40401
    );
    for version in ["1.0", "1e0", "10E-1"] {
        let (status, body) = register(version).await;
        assert_eq!(status, 200, "{version}: {body}");
        assert_eq!(body["version"], 1, "{body}");
        assert_eq!(body["references"][0]["version"], 1, "{body}");
    }
}
on_both!(
    whole_numbers_written_as_decimals_are_integers,
    whole_decimals
);

/// What fuzzing the server from its own document found, each pinned: a produced version written
/// `1.0`, a rule that is an array, reads of a subject no one could register, context names, and
/// a version surrounded by what Java's `trim` removes.
async fn fuzzed(api: Api) {
    let web = Served::start(&api).await;
    api.register_ok("s", &json!({"type":"object"})).await;
    api.register_ok("t", &json!({"type":"object"})).await;
    let publish = json!({"branch":"main","produces":[{"subject":"s","version":1.0}, "t"]});
    let (status, body) = web
        .json("POST", "/applications/a/versions/1", Some(publish))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["produces"][0], json!({"subject":"s","version":1}));
    let half = json!({"branch":"main","produces":[{"subject":"s","version":1.5}]});
    let (status, body) = web
        .json("POST", "/applications/a/versions/2", Some(half))
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("1.5 is not a whole number"));

    let rules = json!({"overrideRuleSet":{"migrationRules":[[null, null]]}});
    let (status, body) = web.json("PUT", "/config/s", Some(rules)).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("a JSON object (Rule)"));
    assert_eq!(api.get("/config/s").await.1["error_code"], 40408);

    let long = "a".repeat(256);
    for path in [
        format!("/mode/{long}?defaultToGlobal=true"),
        format!("/config/{long}?defaultToGlobal=true"),
        "/mode/a%C2%85b?defaultToGlobal=true".to_string(),
    ] {
        let (status, body) = web.json("GET", &path, None).await;
        assert_eq!(
            (status, &body["error_code"]),
            (422, &json!(42208)),
            "{path}"
        );
    }
    let (status, body) = web.json("DELETE", "/contexts/ctx", None).await;
    assert_eq!(
        (status, &body["error_code"]),
        (422, &json!(42208)),
        "{body}"
    );
    assert_eq!(web.send("DELETE", "/contexts/.empty", None).await.0, 204);

    let (status, body) = web
        .json("GET", "/subjects/s/versions/%01%201%09", None)
        .await;
    assert_eq!((status, &body["version"]), (200, &json!(1)), "{body}");
    let (status, body) = web.json("GET", "/subjects/s/versions/%C2%A01", None).await;
    assert_eq!(
        (status, &body["error_code"]),
        (422, &json!(42202)),
        "{body}"
    );
}
on_both!(what_fuzzing_found_is_answered_deliberately, fuzzed);
