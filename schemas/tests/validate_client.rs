//! The registry client, serializer and deserializer against a real running registry.
//!
//! Needs `ACCORD_TEST_REGISTRY_URL` (e.g. `http://127.0.0.1:8081`) and the `client` feature:
//!
//! ```text
//! ACCORD_TEST_REGISTRY_URL=http://127.0.0.1:8081 cargo test -p accord-schemas --features client --test validate_client
//! ```
//!
//! Without the variable each test prints that it was skipped. Subjects carry a unique suffix so
//! runs do not interfere.

#![cfg(feature = "client")]

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use accord_schemas::api::{RegisterSchemaRequest, SchemaReference};
use accord_schemas::client::{Deserializer, Error, RegistryClient, Serializer};
use accord_schemas::validate::PayloadError;
use accord_schemas::wire;
use serde_json::json;

#[path = "../examples/order_events.rs"]
#[allow(unreachable_pub)]
mod order_events;

fn registry(test: &str) -> Option<(RegistryClient, String)> {
    match std::env::var("ACCORD_TEST_REGISTRY_URL") {
        Ok(url) if !url.is_empty() => {
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            let suffix = format!("{test}-{}-{nanos}", std::process::id());
            Some((RegistryClient::new(&url).unwrap(), suffix))
        }
        _ => {
            // Written past the test harness's capture so the skip shows in every run.
            let _ = writeln!(
                std::io::stderr(),
                "skipped {test}: set ACCORD_TEST_REGISTRY_URL to a running registry"
            );
            None
        }
    }
}

#[tokio::test]
async fn serializer_and_deserializer_round_trip_order_events() {
    let Some((client, suffix)) = registry("round_trip") else {
        return;
    };
    let subject = format!("orders-{suffix}-value");
    let serializer = Serializer::with_schema(client.clone(), &subject, order_events::SCHEMA);
    let deserializer = Deserializer::new(RegistryClient::new(client.base_url()).unwrap());

    let event: serde_json::Value =
        serde_json::from_str(&order_events::event_line(0, 0, 0)).unwrap();
    let bytes = serializer.serialize(&event).await.unwrap();
    let id = serializer.schema_id().await.unwrap();
    assert_eq!(&bytes[..5], &wire::encode(id, b"")[..]);
    assert_eq!(
        deserializer.deserialize_with_id(&bytes).await.unwrap(),
        (id, event)
    );

    // Registering the same schema again is idempotent, and `latest` finds it.
    assert_eq!(
        client
            .register(&subject, order_events::SCHEMA)
            .await
            .unwrap(),
        id
    );
    let latest = client.latest(&subject).await.unwrap();
    assert_eq!((latest.id, latest.version), (id, 1));
    let by_latest = Serializer::new(client.clone(), &subject);
    assert_eq!(by_latest.schema_id().await.unwrap(), id);

    // An invalid event is refused on both sides.
    let bad: serde_json::Value = serde_json::from_str(&order_events::event_line(0, 1, 0)).unwrap();
    match serializer.serialize(&bad).await {
        Err(Error::Invalid { id: got, outcome }) => {
            assert_eq!(got, id);
            assert_eq!(outcome.violations()[0].keyword, "required");
        }
        other => panic!("{other:?}"),
    }
    let framed_bad = wire::encode(id, serde_json::to_string(&bad).unwrap().as_bytes());
    assert!(matches!(
        deserializer.deserialize(&framed_bad).await,
        Err(Error::Invalid { .. })
    ));
}

#[tokio::test]
async fn reads_frames_spaced_as_python_json_dumps_writes_them() {
    let Some((client, suffix)) = registry("python_bytes") else {
        return;
    };
    let id = client
        .register(&format!("py-{suffix}-value"), order_events::SCHEMA)
        .await
        .unwrap();
    // `json.dumps` output, as confluent-kafka's JSONSerializer frames it.
    let python_text = order_events::event_line(5, 0, 0)
        .replace("\":", "\": ")
        .replace(",\"", ", \"");
    let mut bytes = vec![0u8];
    bytes.extend_from_slice(&id.to_be_bytes());
    bytes.extend_from_slice(python_text.as_bytes());
    let value = Deserializer::new(client).deserialize(&bytes).await.unwrap();
    assert_eq!(
        value,
        serde_json::from_str::<serde_json::Value>(&python_text).unwrap()
    );
}

#[tokio::test]
async fn references_resolve_through_the_registry() {
    let Some((client, suffix)) = registry("references") else {
        return;
    };
    let customer_subject = format!("customer-{suffix}");
    client
        .register(
            &customer_subject,
            r#"{"type":"object","required":["id"],"properties":{"id":{"type":"string"}}}"#,
        )
        .await
        .unwrap();
    let order = RegisterSchemaRequest {
        schema: Some(
            r#"{"type":"object","properties":{"customer":{"$ref":"customer.json"}}}"#.into(),
        ),
        schema_type: Some("JSON".into()),
        references: vec![SchemaReference {
            name: "customer.json".into(),
            subject: customer_subject,
            version: 1,
        }],
        ..RegisterSchemaRequest::default()
    };
    let response = client
        .register_request(&format!("order-{suffix}"), &order)
        .await
        .unwrap();
    let id = u32::try_from(response.id).unwrap();
    let validator = client.validator(id).await.unwrap();
    assert!(validator.is_valid(&json!({"customer": {"id": "c-1"}})));
    let outcome = validator.validate(&json!({"customer": {"id": 5}}));
    assert_eq!(outcome.violations()[0].instance_path, "/customer/id");
    // Cached: the same compiled validator comes back.
    assert!(std::sync::Arc::ptr_eq(
        &validator,
        &client.validator(id).await.unwrap()
    ));
}

#[tokio::test]
async fn bad_messages_get_distinct_errors() {
    let Some((client, suffix)) = registry("bad_messages") else {
        return;
    };
    let id = client
        .register(&format!("bad-{suffix}"), r#"{"type":"object"}"#)
        .await
        .unwrap();
    let deserializer = Deserializer::new(client);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (vec![], "empty"),
        (vec![0, 0, 1], "truncated"),
        (b"{\"a\":1}".to_vec(), "magic"),
        (wire::encode(u32::MAX - 7, b"{}"), "not found"),
        (wire::encode(id, b"{\"a\":"), "not json"),
        (
            wire::encode(
                id,
                format!("{}{}", "[".repeat(500), "]".repeat(500)).as_bytes(),
            ),
            "too deep",
        ),
    ];
    for (bytes, case) in cases {
        let err = deserializer.deserialize(&bytes).await.unwrap_err();
        let ok = match case {
            "empty" => matches!(err, Error::Wire(wire::Error::Empty)),
            "truncated" => matches!(err, Error::Wire(wire::Error::Truncated { len: 3 })),
            "magic" => matches!(
                err,
                Error::Wire(wire::Error::UnknownMagicByte { byte: b'{' })
            ),
            "not found" => matches!(err, Error::SchemaNotFound { id } if id == u32::MAX - 7),
            "not json" => matches!(
                err,
                Error::Payload {
                    source: PayloadError::NotJson { .. },
                    ..
                }
            ),
            "too deep" => matches!(
                err,
                Error::Payload {
                    source: PayloadError::TooDeep { .. },
                    ..
                }
            ),
            _ => unreachable!(),
        };
        assert!(ok, "{case}: {err:?}");
    }
}
