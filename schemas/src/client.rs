//! An async client of the registry's Confluent-compatible API, for services that validate
//! in-process (feature `client`).
//!
//! [`RegistryClient`] fetches schemas by id and by subject version, resolves their references
//! recursively through the registry, and caches what never changes: a schema by id, a referenced
//! subject version, and the compiled [`Validator`](crate::validate::Validator) of each schema
//! id. What can change (a subject's latest version) is asked for each time. The client is cheap
//! to clone; clones share the caches.
//!
//! [`Serializer`] and [`Deserializer`] put validation on the produce and consume paths with the
//! Confluent wire format ([`crate::wire`]), so their bytes interoperate with Confluent's JSON
//! Schema serializers in both directions.
//!
//! Conventions: request and response bodies are the shared [`crate::api`] types; every failure
//! is a [`client::Error`](Error) naming the request or the schema it concerns; an invalid payload
//! is [`Error::Invalid`] carrying the full [`Outcome`](crate::validate::Outcome).
//!
//! Besides those cached methods, the client has one method per REST endpoint the `accord` command
//! line uses (configuration, versions, compatibility, lookup, contracts, producers, application
//! versions, deployments), answering the [`crate::api`] types as the registry sent them.

mod calls;
mod codec;
mod error;
mod options;
mod registry;
#[cfg(test)]
mod tests;

pub use codec::{Deserializer, Serializer};
pub use error::Error;
pub use options::{ClientOptions, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, MAX_REFERENCE_DEPTH};
pub use registry::{AvroSubjectSchema, RegistryClient, SubjectSchema};
