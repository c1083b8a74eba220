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
