//! The Avro serializer and deserializer: Avro values (or any serde value) in, Confluent-framed
//! Avro binary datums out, and back, resolved to a reader schema when the caller gives one.

use std::collections::HashMap;
use std::sync::Arc;

use apache_avro::schema::Name;
use apache_avro::types::Value;
use apache_avro::Schema;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::sync::OnceCell;

use super::error::Error;
use super::registry::RegistryClient;
use crate::avro::AvroSchema;
use crate::wire;

/// Which schema an [`AvroSerializer`] writes with.
#[derive(Debug, Clone)]
enum Source {
    /// The subject's latest version at the first message.
    Latest,
    /// This schema text, registered under the subject at the first message (idempotent).
    Register(String),
    /// This schema text, which the subject must already hold.
    Lookup(String),
}

/// Encodes values as Avro binary datums of a subject's schema and frames them (magic byte,
/// schema id, datum), byte for byte as Confluent's Avro serializers do.
///
/// The schema is registered (or looked up) once, at the first message, and fetched by its id
/// with its references resolved; later messages make no registry calls. A value that does not
/// fit the schema is refused with [`Error::AvroEncode`], naming where and why, and nothing is
/// produced.
///
/// ```no_run
/// # async fn run() -> Result<(), accord_schemas::client::Error> {
/// use accord_schemas::client::{AvroSerializer, RegistryClient};
///
/// #[derive(serde::Serialize)]
/// struct Order {
///     id: i64,
///     item: String,
/// }
///
/// let client = RegistryClient::new("http://127.0.0.1:8081")?;
/// let schema = r#"{"type":"record","name":"Order","fields":[
///     {"name":"id","type":"long"},{"name":"item","type":"string"}]}"#;
/// let serializer = AvroSerializer::with_schema(client, "orders-value", schema);
/// let bytes = serializer.serialize(&Order { id: 7, item: "book".into() }).await?;
/// assert_eq!(bytes[0], 0); // Confluent's magic byte
/// assert_eq!(&bytes[5..], b"\x0e\x08book"); // the Avro binary datum
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct AvroSerializer {
    client: RegistryClient,
    subject: String,
    source: Source,
    schema: OnceCell<(u32, Arc<AvroSchema>)>,
}

impl AvroSerializer {
    /// Write with the latest version of `subject`, as of the first message (Confluent's
    /// `use.latest.version`).
    pub fn new(client: RegistryClient, subject: impl Into<String>) -> AvroSerializer {
        AvroSerializer::from_source(client, subject.into(), Source::Latest)
    }

    /// Write with the Avro schema `schema`, registering it under `subject` at the first message
    /// (Confluent's default `auto.register.schemas`; registering an existing schema returns its
    /// id).
    pub fn with_schema(
        client: RegistryClient,
        subject: impl Into<String>,
        schema: impl Into<String>,
    ) -> AvroSerializer {
        AvroSerializer::from_source(client, subject.into(), Source::Register(schema.into()))
    }

    /// Write with the Avro schema `schema`, which `subject` must already hold: it is looked up,
    /// never registered (Confluent's `auto.register.schemas=false`).
    pub fn with_registered_schema(
        client: RegistryClient,
        subject: impl Into<String>,
        schema: impl Into<String>,
    ) -> AvroSerializer {
        AvroSerializer::from_source(client, subject.into(), Source::Lookup(schema.into()))
    }

    fn from_source(client: RegistryClient, subject: String, source: Source) -> AvroSerializer {
        AvroSerializer {
            client,
            subject,
            source,
            schema: OnceCell::new(),
        }
    }

    /// The subject written to.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The id of the schema messages are written with (resolving it on first use).
    pub async fn schema_id(&self) -> Result<u32, Error> {
        Ok(self.schema().await?.0)
    }

    /// The schema messages are written with, as the registry holds it (resolving it on first
    /// use).
    pub async fn writer_schema(&self) -> Result<Arc<AvroSchema>, Error> {
        Ok(self.schema().await?.1.clone())
    }

    async fn schema(&self) -> Result<&(u32, Arc<AvroSchema>), Error> {
        self.schema
            .get_or_try_init(|| async {
                let id = match &self.source {
                    Source::Latest => return self.latest().await,
                    Source::Register(text) => {
                        self.client.register_avro(&self.subject, text).await?
                    }
                    Source::Lookup(text) => self.client.lookup_avro(&self.subject, text).await?,
                };
                Ok((id, self.client.get_avro_schema_by_id(id).await?))
            })
            .await
    }

    async fn latest(&self) -> Result<(u32, Arc<AvroSchema>), Error> {
        let latest = self.client.latest_avro(&self.subject).await?;
        Ok((latest.id, latest.schema))
    }

    /// Encode `value` (resolved to the schema first: an `Int` where a `long` is written, a
    /// `Map` or `Record` for a record, a `String` for an enum symbol, a plain value for a union
    /// branch) and frame it.
    pub async fn serialize_value(&self, value: Value) -> Result<Vec<u8>, Error> {
        let (id, schema) = self.schema().await?;
        encode(*id, schema, value)
    }

    /// Encode any `serde::Serialize` value: a struct as a record, a unit enum variant as an
    /// enum symbol, an `Option` as a union with `null`, a `serde_json::Value` as what it holds.
    pub async fn serialize<T: Serialize + ?Sized>(&self, value: &T) -> Result<Vec<u8>, Error> {
        let (id, schema) = self.schema().await?;
        let value = to_avro_value(value).map_err(|message| Error::AvroEncode {
            id: *id,
            path: String::new(),
            message,
        })?;
        encode(*id, schema, value)
    }
}

/// `value` as an Avro value. `serde_json` numbers (serialized as a private struct holding
/// their text, since this crate enables `arbitrary_precision`) are turned back into numbers as
/// `apache_avro` reads JSON numbers: an `Int` when they fit in 32 bits, else a `Long`, else a
/// `Double`.
pub(super) fn to_avro_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, String> {
    let value = apache_avro::to_value(value).map_err(|e| e.to_string())?;
    Ok(json_numbers(value))
}

const JSON_NUMBER: &str = "$serde_json::private::Number";

fn json_numbers(value: Value) -> Value {
    match value {
        Value::Record(fields) => match fields.as_slice() {
            [(name, Value::String(text))] if name == JSON_NUMBER => {
                match serde_json::from_str::<serde_json::Value>(text) {
                    Ok(number @ serde_json::Value::Number(_)) => Value::from(number),
                    _ => Value::Record(fields),
                }
            }
            _ => Value::Record(
                fields
                    .into_iter()
                    .map(|(name, v)| (name, json_numbers(v)))
                    .collect(),
            ),
        },
        Value::Map(items) => Value::Map(
            items
                .into_iter()
                .map(|(key, v)| (key, json_numbers(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(json_numbers).collect()),
        Value::Union(i, inner) => Value::Union(i, Box::new(json_numbers(*inner))),
        other => other,
    }
}

/// The frame of `value` as a datum of `schema` (schema id `id`).
pub(super) fn encode(id: u32, schema: &AvroSchema, value: Value) -> Result<Vec<u8>, Error> {
    let schemata: Vec<&Schema> = schema
        .references()
        .iter()
        .chain([schema.schema()])
        .collect();
    let refused = |path: String, message: String| Error::AvroEncode {
        id,
        path,
        message: shortened(message),
    };
    let resolved = match value
        .clone()
        .resolve_schemata(schema.schema(), schemata.clone())
    {
        Ok(resolved) => resolved,
        Err(e) => {
            let named = schema.named_types();
            let at = locate(&value, schema.schema(), &named, &schemata, 0);
            return Err(refused(at, e.to_string()));
        }
    };
    if let Some((path, message)) = altered(&value, &resolved, String::new(), 0) {
        return Err(refused(path, message));
    }
    let datum = apache_avro::to_avro_datum_schemata(schema.schema(), schemata, resolved)
        .map_err(|e| refused(String::new(), e.to_string()))?;
    let mut out = Vec::with_capacity(wire::HEADER_LEN + datum.len());
    wire::encode_into(id, &datum, &mut out);
    Ok(out)
}

/// The longest message of Avro's encoder or decoder kept in an error: they show the value, which
/// may be large.
const MAX_MESSAGE_CHARS: usize = 500;

fn shortened(message: String) -> String {
    if message.chars().count() <= MAX_MESSAGE_CHARS {
        return message;
    }
    let mut short: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
    short.push('…');
    short
}

/// Where resolution changed what the caller wrote instead of refusing it, and how: Avro's
/// resolution is a reader's, which maps an unknown enum symbol to the enum's default and
/// narrows a `long` into an `int` field; a writer must not change its data so.
fn altered(
    original: &Value,
    resolved: &Value,
    path: String,
    depth: usize,
) -> Option<(String, String)> {
    if depth > MAX_LOCATE_DEPTH {
        return None;
    }
    let below = |key: &str, a: &Value, b: &Value| {
        let key = key.replace('~', "~0").replace('/', "~1");
        altered(a, b, format!("{path}/{key}"), depth + 1)
    };
    match (original, resolved) {
        (Value::String(symbol) | Value::Enum(_, symbol), Value::Enum(_, written))
            if symbol != written =>
        {
            Some((
                path,
                format!(
                    "{symbol:?} is not a symbol of the enum (its default {written:?} is for \
                     readers of unknown symbols, not for writers)"
                ),
            ))
        }
        (Value::Long(n), Value::Int(_)) if i32::try_from(*n).is_err() => {
            Some((path, format!("{n} does not fit in an int (32 bits)")))
        }
        (Value::Union(_, a), Value::Union(_, b)) => altered(a, b, path, depth + 1),
        (a, Value::Union(_, b)) => altered(a, b, path, depth + 1),
        (Value::Union(_, a), b) => altered(a, b, path, depth + 1),
        (Value::Record(fields), Value::Record(written)) => written.iter().find_map(|(name, b)| {
            let a = fields.iter().find(|(n, _)| n == name).map(|(_, a)| a)?;
            below(name, a, b)
        }),
        (Value::Map(items), Value::Record(written)) => written
            .iter()
            .find_map(|(name, b)| below(name, items.get(name)?, b)),
        (Value::Array(items), Value::Array(written)) => items
            .iter()
            .zip(written)
            .enumerate()
            .find_map(|(i, (a, b))| below(&i.to_string(), a, b)),
        (Value::Map(items), Value::Map(written)) => {
            let mut keys: Vec<&String> = written.keys().collect();
            keys.sort();
            keys.into_iter()
                .find_map(|key| below(key, items.get(key)?, &written[key]))
        }
        _ => None,
    }
}

/// How deep [`locate`] looks for the part of a value that does not fit.
const MAX_LOCATE_DEPTH: usize = 64;

/// The path (`/items/2/sku`) of the innermost part of `value` that does not resolve to
/// `schema` on its own, or a missing field without a default; empty when the value as a
/// whole is what does not fit.
fn locate(
    value: &Value,
    schema: &Schema,
    named: &HashMap<Name, &Schema>,
    schemata: &[&Schema],
    depth: usize,
) -> String {
    if depth > MAX_LOCATE_DEPTH {
        return String::new();
    }
    let schema = match schema {
        Schema::Ref { name } => named.get(name).copied().unwrap_or(schema),
        other => other,
    };
    let fails = |v: &Value, s: &Schema| v.clone().resolve_schemata(s, schemata.to_vec()).is_err();
    let below = |key: &str, v: &Value, s: &Schema| {
        let key = key.replace('~', "~0").replace('/', "~1");
        format!("/{key}{}", locate(v, s, named, schemata, depth + 1))
    };
    match (schema, value) {
        (Schema::Record(record), Value::Record(_) | Value::Map(_)) => {
            for field in &record.fields {
                let got = match value {
                    Value::Record(fields) => fields
                        .iter()
                        .find(|(name, _)| name == &field.name)
                        .map(|(_, v)| v),
                    Value::Map(items) => items.get(&field.name),
                    _ => None,
                };
                match got {
                    Some(v) if fails(v, &field.schema) => {
                        return below(&field.name, v, &field.schema)
                    }
                    None if field.default.is_none() => return format!("/{}", field.name),
                    _ => {}
                }
            }
            String::new()
        }
        (Schema::Array(array), Value::Array(items)) => items
            .iter()
            .enumerate()
            .find(|(_, v)| fails(v, &array.items))
            .map(|(i, v)| below(&i.to_string(), v, &array.items))
            .unwrap_or_default(),
        (Schema::Map(map), Value::Map(items)) => {
            let mut keys: Vec<&String> = items.keys().collect();
            keys.sort();
            keys.into_iter()
                .find(|key| fails(&items[*key], &map.types))
                .map(|key| below(key, &items[key], &map.types))
                .unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// Unframes messages, fetches the writer's Avro schema by id (cached, references resolved)
/// and decodes the datum, resolved to the caller's reader schema when one is given (a field
/// the writer lacked gets the reader's default).
///
/// Reads what any Confluent Avro serializer writes. Every bad message is its own error:
/// [`Error::Wire`] (empty, truncated, wrong magic byte), [`Error::SchemaNotFound`],
/// [`Error::UnsupportedSchemaType`] (the id names a schema that is not Avro),
/// [`Error::AvroDecode`] (not a datum of the schema, or not readable with the reader schema).
///
/// ```no_run
/// # async fn run(bytes: &[u8]) -> Result<(), accord_schemas::client::Error> {
/// use accord_schemas::client::{AvroDeserializer, RegistryClient};
///
/// let reader = r#"{"type":"record","name":"Order","fields":[
///     {"name":"id","type":"long"},{"name":"quantity","type":"int","default":1}]}"#;
/// let deserializer = AvroDeserializer::new(RegistryClient::new("http://127.0.0.1:8081")?)
///     .with_reader_schema(reader)?;
/// let order: serde_json::Value = deserializer.deserialize_json(bytes).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct AvroDeserializer {
    client: RegistryClient,
    reader: Option<Arc<AvroSchema>>,
}

impl AvroDeserializer {
    /// A deserializer using `client`'s caches, reading each datum with its writer's schema.
    pub fn new(client: RegistryClient) -> AvroDeserializer {
        AvroDeserializer {
            client,
            reader: None,
        }
    }

    /// Read every datum with `reader` (Avro's schema resolution against the writer's schema).
    pub fn with_reader(mut self, reader: AvroSchema) -> AvroDeserializer {
        self.reader = Some(Arc::new(reader));
        self
    }

    /// [`AvroDeserializer::with_reader`] with the reader schema's text (without references;
    /// parse one that has some with [`AvroSchema::parse`] and its references).
    pub fn with_reader_schema(self, reader: &str) -> Result<AvroDeserializer, Error> {
        let reader = AvroSchema::parse(reader, &[]).map_err(|source| Error::Schema {
            what: "the reader schema".to_string(),
            source,
        })?;
        Ok(self.with_reader(reader))
    }

    /// The reader schema, when one was given.
    pub fn reader(&self) -> Option<&AvroSchema> {
        self.reader.as_deref()
    }

    /// Unframe and decode to an Avro value.
    pub async fn deserialize(&self, bytes: &[u8]) -> Result<Value, Error> {
        Ok(self.deserialize_with_id(bytes).await?.1)
    }

    /// [`AvroDeserializer::deserialize`], also returning the writer's schema id.
    pub async fn deserialize_with_id(&self, bytes: &[u8]) -> Result<(u32, Value), Error> {
        let (id, datum) = wire::decode(bytes)?;
        let writer = self.client.get_avro_schema_by_id(id).await?;
        let value = writer
            .decode(datum, self.reader.as_deref())
            .map_err(|message| Error::AvroDecode {
                id,
                message: shortened(message),
            })?;
        Ok((id, value))
    }

    /// Unframe, decode and convert into `T` (`apache_avro::from_value`).
    pub async fn deserialize_into<T: DeserializeOwned>(&self, bytes: &[u8]) -> Result<T, Error> {
        let (id, value) = self.deserialize_with_id(bytes).await?;
        apache_avro::from_value(&value).map_err(|e| Error::AvroDecode {
            id,
            message: shortened(format!(
                "not convertible into {}: {e}",
                std::any::type_name::<T>()
            )),
        })
    }

    /// Unframe, decode and convert to JSON much as Confluent's Python deserializer returns a
    /// datum: records and maps as objects, enum symbols as strings, a union as its branch's
    /// value; bytes and fixed become arrays of numbers.
    pub async fn deserialize_json(&self, bytes: &[u8]) -> Result<serde_json::Value, Error> {
        let (id, value) = self.deserialize_with_id(bytes).await?;
        serde_json::Value::try_from(value).map_err(|e| Error::AvroDecode {
            id,
            message: shortened(format!("not convertible to JSON: {e}")),
        })
    }
}
