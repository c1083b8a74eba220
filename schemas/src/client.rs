//! An async client of the registry's Confluent-compatible API, for services that validate
//! in-process (feature `client`).
//!
//! [`RegistryClient`] fetches schemas by id and by subject version, resolves their references
//! recursively through the registry, and caches what never changes: a schema by id, a referenced
//! subject version, and the compiled [`Validator`](crate::validate::Validator) of each schema
//! id. What can change (a subject's latest version) is asked for each time. The client is cheap
//! to clone; clones share the caches.
//!
//! JSON Schema and Avro are both supported, each with a serializer and a deserializer on the
//! Confluent wire format ([`crate::wire`]), whose bytes interoperate with Confluent's
//! serializers of the same format in both directions:
//!
//! - [`Serializer`] and [`Deserializer`] put JSON Schema validation on the produce and consume
//!   paths (JSON text after the frame header).
//! - [`AvroSerializer`] encodes an `apache_avro::types::Value` or any `serde::Serialize` value
//!   as an Avro binary datum of the subject's schema (registered or looked up once, its id
//!   cached); [`AvroDeserializer`] decodes a datum with its writer's schema fetched by id
//!   (cached, references resolved), optionally resolved to a reader schema of the caller's so
//!   that fields the writer lacked get the reader's defaults.
//!
//! The registry's schemas are read with the type they have: an answer without `schemaType` is
//! Avro, as in Confluent. A JSON call on an Avro schema (or the other way round) is
//! [`Error::UnsupportedSchemaType`].
//!
//! Conventions: request and response bodies are the shared [`crate::api`] types; every failure
//! is a [`client::Error`](Error) naming the request or the schema it concerns; an invalid payload
//! is [`Error::Invalid`] carrying the full [`Outcome`](crate::validate::Outcome).
//!
//! Besides those cached methods, the client has one method per REST endpoint the `accord` command
//! line uses (configuration, versions, compatibility, lookup, contracts, producers, application
//! versions, deployments), answering the [`crate::api`] types as the registry sent them.

mod avro_codec;
mod calls;
mod codec;
mod error;
mod options;
mod registry;
#[cfg(test)]
mod tests;

pub use avro_codec::{AvroDeserializer, AvroSerializer};
pub use codec::{Deserializer, Serializer};
pub use error::Error;
pub use options::{ClientOptions, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, MAX_REFERENCE_DEPTH};
pub use registry::{AvroSubjectSchema, RegistryClient, SubjectSchema};
