//! The registry client, the JSON and Avro serializers and deserializers against a real running
//! registry.
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
use accord_schemas::client::{
    AvroDeserializer, AvroSerializer, Deserializer, Error, RegistryClient, Serializer,
};
use accord_schemas::validate::PayloadError;
use accord_schemas::wire;
use apache_avro::types::Value as Avro;
use serde::{Deserialize, Serialize};
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

const ORDER_V1: &str = r#"{"type":"record","name":"Order","namespace":"shop","fields":[
    {"name":"id","type":"long"},{"name":"item","type":"string"}]}"#;
/// v1 plus a field with a default: reads v1 data, giving the default.
const ORDER_V2: &str = r#"{"type":"record","name":"Order","namespace":"shop","fields":[
    {"name":"id","type":"long"},{"name":"item","type":"string"},
    {"name":"quantity","type":"int","default":1}]}"#;
/// v1 plus a field without a default: cannot read v1 data.
const ORDER_BREAKING: &str = r#"{"type":"record","name":"Order","namespace":"shop","fields":[
    {"name":"id","type":"long"},{"name":"item","type":"string"},
    {"name":"warehouse","type":"string"}]}"#;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Order {
    id: i64,
    item: String,
}

#[tokio::test]
async fn avro_round_trips_and_a_reader_schema_gets_the_default() {
    let Some((client, suffix)) = registry("avro_round_trip") else {
        return;
    };
    let subject = format!("avro-orders-{suffix}-value");
    let serializer = AvroSerializer::with_schema(client.clone(), &subject, ORDER_V1);
    let order = Order {
        id: 7,
        item: "book".into(),
    };
    let bytes = serializer.serialize(&order).await.unwrap();
    let id = serializer.schema_id().await.unwrap();
    // Magic byte, id, then the binary datum: long 7 (zigzag 14), string of length 4.
    assert_eq!(&bytes[..5], &wire::encode(id, b"")[..]);
    assert_eq!(&bytes[5..], b"\x0e\x08book");
    let record = Avro::Record(vec![
        ("id".into(), Avro::Long(7)),
        ("item".into(), Avro::String("book".into())),
    ]);
    assert_eq!(
        serializer.serialize_value(record.clone()).await.unwrap(),
        bytes
    );
    assert_eq!(
        serializer
            .serialize(&json!({"id": 7, "item": "book"}))
            .await
            .unwrap(),
        bytes
    );

    // A fresh client fetches the writer schema by id.
    let deserializer = AvroDeserializer::new(RegistryClient::new(client.base_url()).unwrap());
    assert_eq!(
        deserializer.deserialize_with_id(&bytes).await.unwrap(),
        (id, record)
    );
    assert_eq!(
        deserializer
            .deserialize_into::<Order>(&bytes)
            .await
            .unwrap(),
        order
    );

    // Registering again is idempotent; a lookup finds it; `latest` follows a new version.
    assert_eq!(client.register_avro(&subject, ORDER_V1).await.unwrap(), id);
    let looked_up = AvroSerializer::with_registered_schema(client.clone(), &subject, ORDER_V1);
    assert_eq!(looked_up.schema_id().await.unwrap(), id);
    let v2 = client.register_avro(&subject, ORDER_V2).await.unwrap();
    assert_ne!(v2, id);
    let latest = client.latest_avro(&subject).await.unwrap();
    assert_eq!((latest.id, latest.version), (v2, 2));
    let by_latest = AvroSerializer::new(client.clone(), &subject);
    assert_eq!(by_latest.schema_id().await.unwrap(), v2);

    // v1 data read with v2 gets v2's default for the field v1 lacks.
    let reader = deserializer.clone().with_reader_schema(ORDER_V2).unwrap();
    assert_eq!(
        reader.deserialize_json(&bytes).await.unwrap(),
        json!({"id": 7, "item": "book", "quantity": 1})
    );
    // A reader needing a field v1 lacks, without a default, cannot read it.
    let breaking = deserializer.with_reader_schema(ORDER_BREAKING).unwrap();
    match breaking.deserialize(&bytes).await {
        Err(Error::AvroDecode { id: got, message }) => {
            assert_eq!(got, id);
            assert!(message.contains("warehouse"), "{message}");
        }
        other => panic!("{other:?}"),
    }

    // A value that does not fit is refused before anything is produced, naming the field.
    match serializer
        .serialize(&json!({"id": "seven", "item": "book"}))
        .await
    {
        Err(Error::AvroEncode { id: got, path, .. }) => {
            assert_eq!((got, path.as_str()), (id, "/id"))
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn avro_bad_messages_get_distinct_errors() {
    let Some((client, suffix)) = registry("avro_bad_messages") else {
        return;
    };
    let avro_id = client
        .register_avro(&format!("avro-bad-{suffix}"), ORDER_V1)
        .await
        .unwrap();
    let json_id = client
        .register(&format!("json-bad-{suffix}"), r#"{"type":"object"}"#)
        .await
        .unwrap();
    let deserializer = AvroDeserializer::new(client.clone());
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (vec![], "empty"),
        (vec![0, 0, 1], "truncated"),
        (b"\x01\x00\x00\x00\x01\x0e".to_vec(), "magic"),
        (wire::encode(u32::MAX - 7, b"\x0e\x08book"), "not found"),
        (wire::encode(json_id, b"{}"), "not avro"),
        (wire::encode(avro_id, b"\x0e\x08bo"), "ends early"),
        (wire::encode(avro_id, b"\x0e\x08bookXY"), "bytes left"),
        (wire::encode(avro_id, b"\x0e\x01"), "negative length"),
    ];
    for (bytes, case) in cases {
        let err = deserializer.deserialize(&bytes).await.unwrap_err();
        let ok = match case {
            "empty" => matches!(err, Error::Wire(wire::Error::Empty)),
            "truncated" => matches!(err, Error::Wire(wire::Error::Truncated { len: 3 })),
            "magic" => matches!(err, Error::Wire(wire::Error::UnknownMagicByte { byte: 1 })),
            "not found" => matches!(err, Error::SchemaNotFound { id } if id == u32::MAX - 7),
            "not avro" => matches!(
                &err,
                Error::UnsupportedSchemaType { schema_type, expected, .. }
                    if schema_type == "JSON" && expected == "AVRO"
            ),
            "ends early" | "negative length" => {
                matches!(err, Error::AvroDecode { id, .. } if id == avro_id)
            }
            "bytes left" => matches!(
                &err,
                Error::AvroDecode { id, message } if *id == avro_id && message.contains("2 bytes left")
            ),
            _ => unreachable!(),
        };
        assert!(ok, "{case}: {err:?}");
    }

    // The JSON side refuses an Avro schema, as before, now naming what it expected.
    match Deserializer::new(client.clone())
        .deserialize(&wire::encode(avro_id, b"{}"))
        .await
    {
        Err(e @ Error::UnsupportedSchemaType { .. }) => assert_eq!(
            e.to_string(),
            format!("schema {avro_id} is a AVRO schema where JSON is expected")
        ),
        other => panic!("{other:?}"),
    }
    // A lookup of a schema the subject does not hold registers nothing.
    let unregistered =
        AvroSerializer::with_registered_schema(client, format!("avro-bad-{suffix}"), ORDER_V2);
    assert!(matches!(
        unregistered.schema_id().await,
        Err(Error::Registry {
            status: 404,
            error_code: 40403,
            ..
        })
    ));
}

#[tokio::test]
async fn avro_references_resolve_through_the_registry() {
    let Some((client, suffix)) = registry("avro_references") else {
        return;
    };
    let money_subject = format!("money-{suffix}");
    let money = RegisterSchemaRequest {
        schema: Some(
            r#"{"type":"record","name":"Money","namespace":"shop","fields":[
                {"name":"units","type":"long"},{"name":"currency","type":"string"}]}"#
                .into(),
        ),
        // No schemaType: Avro, as in Confluent.
        ..RegisterSchemaRequest::default()
    };
    client
        .register_request(&money_subject, &money)
        .await
        .unwrap();
    let payment = RegisterSchemaRequest {
        schema: Some(
            r#"{"type":"record","name":"Payment","namespace":"shop","fields":[
                {"name":"id","type":"string"},{"name":"amount","type":"shop.Money"}]}"#
                .into(),
        ),
        schema_type: Some("AVRO".into()),
        references: vec![SchemaReference {
            name: "shop.Money".into(),
            subject: money_subject,
            version: 1,
        }],
        ..RegisterSchemaRequest::default()
    };
    let subject = format!("payments-{suffix}-value");
    let id = client
        .register_request(&subject, &payment)
        .await
        .unwrap()
        .id;
    let serializer = AvroSerializer::new(client.clone(), &subject);
    let event = json!({"id": "p-1", "amount": {"units": 250, "currency": "EUR"}});
    let bytes = serializer.serialize(&event).await.unwrap();
    assert_eq!(i64::from(serializer.schema_id().await.unwrap()), id);
    let deserializer = AvroDeserializer::new(RegistryClient::new(client.base_url()).unwrap());
    assert_eq!(deserializer.deserialize_json(&bytes).await.unwrap(), event);
    // Cached: the same parsed schema comes back.
    let writer = client.get_avro_schema_by_id(id as u32).await.unwrap();
    assert!(std::sync::Arc::ptr_eq(
        &writer,
        &client.get_avro_schema_by_id(id as u32).await.unwrap()
    ));
    // The JSON call on it refuses it.
    assert!(matches!(
        client.get_schema_by_id(id as u32).await,
        Err(Error::UnsupportedSchemaType { .. })
    ));
}
