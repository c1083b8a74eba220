//! The validating serializer and deserializer: JSON values in, Confluent-framed bytes out, and
//! back.

use std::sync::Arc;

use serde_json::Value;
use tokio::sync::OnceCell;

use super::error::Error;
use super::registry::RegistryClient;
use crate::validate::{parse_payload, PayloadLimits, Validator};
use crate::wire;

/// Which schema a [`Serializer`] writes with.
#[derive(Debug, Clone)]
enum Source {
    /// The subject's latest version at the first message.
    Latest,
    /// This schema text, registered under the subject at the first message (idempotent).
    Register(String),
}

/// Validates values against a subject's schema and frames them (magic byte, schema id, JSON).
///
/// The schema is looked up (or registered) once, at the first message; later messages make no
/// registry calls. An invalid value is refused with [`Error::Invalid`] and nothing is produced.
///
/// ```no_run
/// # async fn run() -> Result<(), accord_schemas::client::Error> {
/// use accord_schemas::client::{RegistryClient, Serializer};
///
/// let client = RegistryClient::new("http://127.0.0.1:8081")?;
/// let serializer = Serializer::new(client, "orders-value");
/// let bytes = serializer.serialize(&serde_json::json!({"order_id": "o-1"})).await?;
/// assert_eq!(bytes[0], 0); // Confluent's magic byte
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Serializer {
    client: RegistryClient,
    subject: String,
    source: Source,
    schema: OnceCell<(u32, Arc<Validator>)>,
}

impl Serializer {
    /// Write with the latest version of `subject`, as of the first message (Confluent's
    /// `use.latest.version`).
    pub fn new(client: RegistryClient, subject: impl Into<String>) -> Serializer {
        Serializer {
            client,
            subject: subject.into(),
            source: Source::Latest,
            schema: OnceCell::new(),
        }
    }

    /// Write with `schema`, registering it under `subject` at the first message (Confluent's
    /// default `auto.register.schemas`; registering an existing schema returns its id).
    pub fn with_schema(
        client: RegistryClient,
        subject: impl Into<String>,
        schema: impl Into<String>,
    ) -> Serializer {
        Serializer {
            client,
            subject: subject.into(),
            source: Source::Register(schema.into()),
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

    async fn schema(&self) -> Result<&(u32, Arc<Validator>), Error> {
        self.schema
            .get_or_try_init(|| async {
                let id = match &self.source {
                    Source::Latest => self.client.latest(&self.subject).await?.id,
                    Source::Register(text) => self.client.register(&self.subject, text).await?,
                };
                Ok((id, self.client.validator(id).await?))
            })
            .await
    }

    /// Validate `value` and frame it as compact JSON.
    pub async fn serialize(&self, value: &Value) -> Result<Vec<u8>, Error> {
        let (id, validator) = self.schema().await?;
        let outcome = validator.validate(value);
        if !outcome.is_valid() {
            return Err(Error::Invalid { id: *id, outcome });
        }
        let mut out = Vec::with_capacity(256);
        out.extend_from_slice(&[wire::MAGIC_BYTE]);
        out.extend_from_slice(&id.to_be_bytes());
        serde_json::to_writer(&mut out, value).map_err(Error::Encode)?;
        Ok(out)
    }
}

/// Unframes messages, fetches the writer's schema by id (cached), validates, and returns the
/// value.
///
/// Reads what any Confluent JSON Schema serializer writes. Every bad message is its own error:
/// [`Error::Wire`] (empty, truncated, wrong magic byte), [`Error::SchemaNotFound`],
/// [`Error::Payload`] (not JSON, too large, too deep), [`Error::Invalid`].
///
/// ```no_run
/// # async fn run(bytes: &[u8]) -> Result<(), accord_schemas::client::Error> {
/// use accord_schemas::client::{Deserializer, RegistryClient};
///
/// let deserializer = Deserializer::new(RegistryClient::new("http://127.0.0.1:8081")?);
/// let value = deserializer.deserialize(bytes).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Deserializer {
    client: RegistryClient,
    limits: PayloadLimits,
}

impl Deserializer {
    /// A deserializer using `client`'s caches, with the default [`PayloadLimits`].
    pub fn new(client: RegistryClient) -> Deserializer {
        Deserializer {
            client,
            limits: PayloadLimits::default(),
        }
    }

    /// Use `limits` for payloads.
    pub fn with_limits(mut self, limits: PayloadLimits) -> Deserializer {
        self.limits = limits;
        self
    }

    /// Unframe, validate against the writer's schema and return the value.
    pub async fn deserialize(&self, bytes: &[u8]) -> Result<Value, Error> {
        Ok(self.deserialize_with_id(bytes).await?.1)
    }

    /// [`Deserializer::deserialize`], also returning the writer's schema id.
    pub async fn deserialize_with_id(&self, bytes: &[u8]) -> Result<(u32, Value), Error> {
        let (id, payload) = wire::decode(bytes)?;
        let validator = self.client.validator(id).await?;
        let value =
            parse_payload(payload, &self.limits).map_err(|source| Error::Payload { id, source })?;
        let outcome = validator.validate(&value);
        if !outcome.is_valid() {
            return Err(Error::Invalid { id, outcome });
        }
        Ok((id, value))
    }
}
