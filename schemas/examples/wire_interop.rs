//! Frame and unframe events with Accord's JSON Schema and Avro serializers and deserializers, for
//! cross-checks with other implementations of the Confluent wire format (the Python
//! `confluent-kafka` serializers in `tests/python`).
//!
//! ```text
//! cargo run -p accord-schemas --features client --example wire_interop -- encode URL SUBJECT SCHEMA_FILE JSON
//!     prints the frame as hex (the schema is registered under SUBJECT if it is not yet)
//! cargo run -p accord-schemas --features client --example wire_interop -- decode URL HEX
//!     prints the event, validated against the writer schema fetched by id
//! cargo run -p accord-schemas --features client --example wire_interop -- avro-encode URL SUBJECT SCHEMA_FILE JSON
//!     prints the frame of the event as an Avro binary datum, as hex (the Avro schema is
//!     registered under SUBJECT if it is not yet)
//! cargo run -p accord-schemas --features client --example wire_interop -- avro-decode URL HEX [READER_SCHEMA_FILE]
//!     prints the schema id and the event as JSON, decoded with the writer schema fetched by
//!     id, resolved to the reader schema when one is given: `{"id":1,"value":{...}}`
//! ```

use std::process::ExitCode;

use accord_schemas::client::{
    AvroDeserializer, AvroSerializer, Deserializer, RegistryClient, Serializer,
};

const USAGE: &str = "usage: wire_interop encode URL SUBJECT SCHEMA_FILE JSON | decode URL HEX \
                     | avro-encode URL SUBJECT SCHEMA_FILE JSON \
                     | avro-decode URL HEX [READER_SCHEMA_FILE]";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["encode", url, subject, schema_file, json] => {
            encode(url, subject, schema_file, json).await
        }
        ["decode", url, hex] => decode(url, hex).await,
        ["avro-encode", url, subject, schema_file, json] => {
            avro_encode(url, subject, schema_file, json).await
        }
        ["avro-decode", url, hex] => avro_decode(url, hex, None).await,
        ["avro-decode", url, hex, reader_file] => avro_decode(url, hex, Some(reader_file)).await,
        _ => Err(USAGE.into()),
    };
    match result {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wire_interop: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn encode(url: &str, subject: &str, schema_file: &str, json: &str) -> Result<String, String> {
    let schema = std::fs::read_to_string(schema_file).map_err(|e| format!("{schema_file}: {e}"))?;
    let client = RegistryClient::new(url).map_err(|e| e.to_string())?;
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let bytes = Serializer::with_schema(client, subject, schema)
        .serialize(&value)
        .await
        .map_err(|e| e.to_string())?;
    Ok(to_hex(&bytes))
}

async fn decode(url: &str, hex: &str) -> Result<String, String> {
    let bytes = from_hex(hex)?;
    let client = RegistryClient::new(url).map_err(|e| e.to_string())?;
    let value = Deserializer::new(client)
        .deserialize(&bytes)
        .await
        .map_err(|e| e.to_string())?;
    Ok(value.to_string())
}

async fn avro_encode(
    url: &str,
    subject: &str,
    schema_file: &str,
    json: &str,
) -> Result<String, String> {
    let schema = std::fs::read_to_string(schema_file).map_err(|e| format!("{schema_file}: {e}"))?;
    let client = RegistryClient::new(url).map_err(|e| e.to_string())?;
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let bytes = AvroSerializer::with_schema(client, subject, schema)
        .serialize(&value)
        .await
        .map_err(|e| e.to_string())?;
    Ok(to_hex(&bytes))
}

async fn avro_decode(url: &str, hex: &str, reader_file: Option<&str>) -> Result<String, String> {
    let bytes = from_hex(hex)?;
    let client = RegistryClient::new(url).map_err(|e| e.to_string())?;
    let mut deserializer = AvroDeserializer::new(client);
    if let Some(file) = reader_file {
        let reader = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        deserializer = deserializer
            .with_reader_schema(&reader)
            .map_err(|e| e.to_string())?;
    }
    let (id, value) = deserializer
        .deserialize_with_id(&bytes)
        .await
        .map_err(|e| e.to_string())?;
    let value = serde_json::Value::try_from(value).map_err(|e| e.to_string())?;
    Ok(serde_json::json!({"id": id, "value": value}).to_string())
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(hex: &str) -> Result<Vec<u8>, String> {
    if hex.len() % 2 != 0 || !hex.is_ascii() {
        return Err("the frame must be hex digits".into());
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|e| e.to_string()))
        .collect()
}
