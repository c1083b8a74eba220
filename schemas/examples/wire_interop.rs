//! Frame and unframe events with Accord's serializer and deserializer, for cross-checks with
//! other implementations of the Confluent wire format (the Python `confluent-kafka` serializer in
//! `tests/python`).
//!
//! ```text
//! cargo run -p accord-schemas --features client --example wire_interop -- encode URL SUBJECT SCHEMA_FILE JSON
//!     prints the frame as hex (the schema is registered under SUBJECT if it is not yet)
//! cargo run -p accord-schemas --features client --example wire_interop -- decode URL HEX
//!     prints the event, validated against the writer schema fetched by id
//! ```

use std::process::ExitCode;

use accord_schemas::client::{Deserializer, RegistryClient, Serializer};

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
        _ => Err("usage: wire_interop encode URL SUBJECT SCHEMA_FILE JSON | decode URL HEX".into()),
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
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

async fn decode(url: &str, hex: &str) -> Result<String, String> {
    if hex.len() % 2 != 0 || !hex.is_ascii() {
        return Err("the frame must be hex digits".into());
    }
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|e| e.to_string()))
        .collect::<Result<Vec<u8>, String>>()?;
    let client = RegistryClient::new(url).map_err(|e| e.to_string())?;
    let value = Deserializer::new(client)
        .deserialize(&bytes)
        .await
        .map_err(|e| e.to_string())?;
    Ok(value.to_string())
}
