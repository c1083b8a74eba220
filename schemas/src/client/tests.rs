//! Unit tests of the client's URL building, error decoding and checks of answers.

use super::error::{registry_error, Error};
use super::registry::{check_type, endpoint, to_id, RegistryClient};
use crate::json::SchemaDoc;
use crate::validate::Validator;
use crate::SchemaType;
use reqwest::{Method, Url};

#[test]
fn endpoints_encode_subjects_and_keep_a_path_prefix() {
    let base = Url::parse("http://127.0.0.1:8081").unwrap();
    assert_eq!(
        endpoint(&base, &["subjects", "orders-value", "versions"]).as_str(),
        "http://127.0.0.1:8081/subjects/orders-value/versions"
    );
    assert_eq!(
        endpoint(&base, &["subjects", "a/b c?#%", "versions", "latest"]).as_str(),
        "http://127.0.0.1:8081/subjects/a%2Fb%20c%3F%23%25/versions/latest"
    );
    let prefixed = Url::parse("https://host/registry/?x=1").unwrap();
    assert_eq!(
        endpoint(&prefixed, &["schemas", "ids", "7"]).as_str(),
        "https://host/registry/schemas/ids/7"
    );
}

#[test]
fn only_http_urls_are_accepted() {
    for bad in ["ftp://host", "mailto:a@b", "127.0.0.1:8081", ""] {
        assert!(
            matches!(RegistryClient::new(bad), Err(Error::InvalidUrl { .. })),
            "{bad}"
        );
    }
}

#[test]
fn error_bodies_become_registry_errors() {
    let err = registry_error(
        Method::GET,
        "http://r/schemas/ids/9".into(),
        404,
        br#"{"error_code":40403,"message":"Schema 9 not found"}"#,
    );
    assert!(matches!(
        &err,
        Error::Registry { status: 404, error_code: 40403, message, .. } if message == "Schema 9 not found"
    ));
    assert_eq!(
        err.to_string(),
        "GET http://r/schemas/ids/9 answered 404: Schema 9 not found (error code 40403)"
    );
    let err = registry_error(Method::POST, "u".into(), 502, b"<html>bad gateway</html>");
    assert!(
        matches!(err, Error::Registry { error_code: -1, .. }),
        "{err}"
    );
}

#[test]
fn a_schema_is_read_only_with_its_own_type() {
    assert!(check_type("s", Some("JSON"), SchemaType::Json).is_ok());
    assert!(check_type("s", Some("json"), SchemaType::Json).is_ok());
    // Confluent reads an absent schemaType as AVRO.
    assert!(check_type("s", None, SchemaType::Avro).is_ok());
    assert!(check_type("s", Some("AVRO"), SchemaType::Avro).is_ok());
    for (other, want) in [
        (None, SchemaType::Json),
        (Some("AVRO"), SchemaType::Json),
        (Some("JSON"), SchemaType::Avro),
        (Some("PROTOBUF"), SchemaType::Json),
        (Some("PROTOBUF"), SchemaType::Avro),
        (Some("XML"), SchemaType::Avro),
    ] {
        assert!(
            matches!(
                check_type("s", other, want),
                Err(Error::UnsupportedSchemaType { .. })
            ),
            "{other:?} as {want}"
        );
    }
    assert_eq!(
        check_type("schema 4", Some("JSON"), SchemaType::Avro)
            .unwrap_err()
            .to_string(),
        "schema 4 is a JSON schema where AVRO is expected"
    );
}

#[test]
fn ids_must_fit_in_32_bits() {
    assert_eq!(to_id(7, "x").unwrap(), 7);
    assert!(to_id(-1, "x").is_err());
    assert!(to_id(1 << 33, "x").is_err());
}

#[test]
fn invalid_errors_summarise_the_violations() {
    let v = Validator::compile(&SchemaDoc::parse(r#"{"required":["a","b"]}"#).unwrap()).unwrap();
    let err = Error::Invalid {
        id: 3,
        outcome: v.validate(&serde_json::json!({})),
    };
    assert_eq!(
        err.to_string(),
        "payload is invalid against schema 3: (root): \"a\" is a required property [/required] (and 1 more)"
    );
}

#[test]
fn the_token_stays_out_of_debug_output_and_must_fit_a_header() {
    let mut options = super::ClientOptions {
        token: Some("s3cr3t".to_string()),
        ..super::ClientOptions::default()
    };
    let shown = format!("{options:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert_eq!(options.timeout, super::DEFAULT_TIMEOUT);
    assert!(RegistryClient::with_options("http://127.0.0.1:8081", &options).is_ok());
    options.token = Some("line\nbreak".to_string());
    assert!(matches!(
        RegistryClient::with_options("http://127.0.0.1:8081", &options),
        Err(Error::InvalidToken)
    ));
}

mod avro {
    use apache_avro::types::Value;
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    use crate::avro::AvroSchema;
    use crate::client::avro_codec::{encode, to_avro_value};
    use crate::client::Error;

    const ORDER: &str = r#"{"type":"record","name":"Order","namespace":"shop","fields":[
        {"name":"id","type":"long"},
        {"name":"item","type":"string"},
        {"name":"note","type":["null","string"],"default":null},
        {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID","SHIPPED"]}},
        {"name":"tags","type":{"type":"array","items":"string"}},
        {"name":"total","type":"double"},
        {"name":"gift","type":"boolean"},
        {"name":"lines","type":{"type":"array","items":{"type":"record","name":"Line",
            "fields":[{"name":"sku","type":"string"},{"name":"count","type":"int"}]}},"default":[]}
    ]}"#;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum Status {
        #[serde(rename = "NEW")]
        New,
        #[serde(rename = "SHIPPED")]
        Shipped,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Line {
        sku: String,
        count: i32,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Order {
        id: i64,
        item: String,
        note: Option<String>,
        status: Status,
        tags: Vec<String>,
        total: f64,
        gift: bool,
        lines: Vec<Line>,
    }

    fn order() -> AvroSchema {
        AvroSchema::parse(ORDER, &[]).unwrap()
    }

    /// The datum as Avro's binary encoding (and so fastavro, behind Confluent's Python
    /// serializer) writes it, byte by byte.
    fn expected_datum() -> Vec<u8> {
        let mut datum = vec![0x0e, 0x08]; // id 7 (zigzag 14), item: length 4
        datum.extend_from_slice(b"book");
        datum.extend_from_slice(&[0x02, 0x02, b'x']); // note: branch 1 (string) "x"
        datum.push(0x04); // status: symbol 2 (SHIPPED)
        datum.extend_from_slice(&[0x04, 0x02, b'a', 0x02, b'b', 0x00]); // tags: one block of 2
        datum.extend_from_slice(&12.5f64.to_le_bytes()); // total
        datum.push(0x01); // gift
        datum.extend_from_slice(&[0x02, 0x02, b'p', 0x06, 0x00]); // lines: [{p, 3}]
        datum
    }

    fn framed(id: u32, datum: &[u8]) -> Vec<u8> {
        crate::wire::encode(id, datum)
    }

    #[test]
    fn json_values_encode_as_avro_binary_datums_in_confluent_frames() {
        let value = json!({
            "id": 7, "item": "book", "note": "x", "status": "SHIPPED", "tags": ["a", "b"],
            "total": 12.5, "gift": true, "lines": [{"sku": "p", "count": 3}]
        });
        let bytes = encode(3, &order(), to_avro_value(&value).unwrap()).unwrap();
        assert_eq!(bytes, framed(3, &expected_datum()));
    }

    #[test]
    fn serde_values_round_trip_and_defaults_fill_absent_fields() {
        let order_value = Order {
            id: 7,
            item: "book".into(),
            note: Some("x".into()),
            status: Status::Shipped,
            tags: vec!["a".into(), "b".into()],
            total: 12.5,
            gift: true,
            lines: vec![Line {
                sku: "p".into(),
                count: 3,
            }],
        };
        let bytes = encode(9, &order(), to_avro_value(&order_value).unwrap()).unwrap();
        assert_eq!(bytes, framed(9, &expected_datum()));
        let decoded = order().decode(&bytes[5..], None).unwrap();
        assert_eq!(
            apache_avro::from_value::<Order>(&decoded).unwrap(),
            order_value
        );

        // `note` and `lines` have defaults: a value without them is written with those.
        let value = json!({"id": 1, "item": "pen", "status": "NEW", "tags": [], "total": 0.5,
                           "gift": false});
        let bytes = encode(9, &order(), to_avro_value(&value).unwrap()).unwrap();
        let decoded: Order =
            apache_avro::from_value(&order().decode(&bytes[5..], None).unwrap()).unwrap();
        assert_eq!((decoded.note, decoded.lines), (None, vec![]));
    }

    #[test]
    fn avro_values_are_resolved_to_the_schema() {
        let value = Value::Record(vec![
            ("id".into(), Value::Int(7)), // promoted to long
            ("item".into(), Value::String("book".into())),
            ("note".into(), Value::String("x".into())), // the union's string branch
            ("status".into(), Value::Enum(2, "SHIPPED".into())),
            (
                "tags".into(),
                Value::Array(vec![Value::String("a".into()), Value::String("b".into())]),
            ),
            ("total".into(), Value::Double(12.5)),
            ("gift".into(), Value::Boolean(true)),
            (
                "lines".into(),
                Value::Array(vec![Value::Record(vec![
                    ("sku".into(), Value::String("p".into())),
                    ("count".into(), Value::Int(3)),
                ])]),
            ),
        ]);
        assert_eq!(
            encode(3, &order(), value).unwrap(),
            framed(3, &expected_datum())
        );
    }

    #[test]
    fn an_enum_default_is_not_written_for_an_unknown_symbol() {
        let schema = AvroSchema::parse(
            r#"{"type":"record","name":"R","fields":[{"name":"s","type":["null",
                {"type":"enum","name":"S","symbols":["A","B"],"default":"A"}]}]}"#,
            &[],
        )
        .unwrap();
        let ok = encode(1, &schema, to_avro_value(&json!({"s": "B"})).unwrap()).unwrap();
        assert_eq!(&ok[5..], [0x02, 0x02]);
        match encode(1, &schema, to_avro_value(&json!({"s": "C"})).unwrap()) {
            Err(Error::AvroEncode { path, message, .. }) => {
                assert_eq!(path, "/s");
                assert!(
                    message.starts_with("\"C\" is not a symbol of the enum"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_numbers_keep_their_range() {
        let schema = AvroSchema::parse(
            r#"{"type":"record","name":"N","fields":[{"name":"big","type":"long"},
                {"name":"small","type":"int"},{"name":"real","type":"double"}]}"#,
            &[],
        )
        .unwrap();
        let value = to_avro_value(&json!({"big": 1_u64 << 40, "small": -3, "real": 0.25})).unwrap();
        let bytes = encode(1, &schema, value).unwrap();
        let decoded = schema.decode(&bytes[5..], None).unwrap();
        assert_eq!(
            serde_json::Value::try_from(decoded).unwrap(),
            json!({"big": 1_u64 << 40, "small": -3, "real": 0.25})
        );
    }

    fn refusal(value: serde_json::Value) -> String {
        match encode(5, &order(), to_avro_value(&value).unwrap()) {
            Err(e @ Error::AvroEncode { id: 5, .. }) => e.to_string(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_value_that_does_not_fit_is_refused_naming_where() {
        let good = json!({"id": 7, "item": "book", "status": "NEW", "tags": [], "total": 1.0,
                          "gift": false, "lines": [{"sku": "p", "count": 3}]});
        let with = |key: &str, v: serde_json::Value| {
            let mut value = good.clone();
            value[key] = v;
            value
        };
        let message = refusal(with("id", json!("seven")));
        assert!(
            message.starts_with("value does not fit Avro schema 5 at /id: "),
            "{message}"
        );
        let mut missing = good.clone();
        missing.as_object_mut().unwrap().remove("item");
        let message = refusal(missing);
        assert!(message.contains(" at /item: "), "{message}");
        assert!(message.contains("item"), "{message}");
        let message = refusal(with("status", json!("LOST")));
        assert!(message.contains(" at /status: "), "{message}");
        assert!(message.contains("LOST"), "{message}");
        let message = refusal(with(
            "lines",
            json!([{"sku": "p", "count": 1}, {"sku": 2, "count": 1}]),
        ));
        assert!(message.contains(" at /lines/1/sku: "), "{message}");
        let message = refusal(with("lines", json!([{"sku": "p", "count": 1_u64 << 40}])));
        assert!(
            message.contains(" at /lines/0/count: 1099511627776 does not fit in an int"),
            "{message}"
        );
        let message = refusal(json!([1, 2]));
        assert!(
            message.starts_with("value does not fit Avro schema 5: "),
            "{message}"
        );
    }
}

#[test]
fn avro_refusals_of_large_values_stay_short() {
    let schema = crate::avro::AvroSchema::parse(r#"{"type":"array","items":"int"}"#, &[]).unwrap();
    let value = serde_json::json!(vec!["x".repeat(100); 100]);
    let value = super::avro_codec::to_avro_value(&value).unwrap();
    let message = super::avro_codec::encode(1, &schema, value)
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("value does not fit Avro schema 1 at /0: "),
        "{message}"
    );
    assert!(message.chars().count() < 600, "{}", message.len());
}
