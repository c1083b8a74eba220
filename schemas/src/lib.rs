//! `accord-schemas`: the core of Accord.
//!
//! Everything here is pure and synchronous: the schema models ([`json`], [`avro`],
//! [`protobuf`]), the canonical form and identity of a schema ([`canonical`], [`identity`]), the
//! compatibility engine ([`compat`]), payload validation ([`validate`]), the Confluent wire
//! format ([`wire`]) and the request and response bodies of the registry's API ([`api`]). No I/O
//! happens in this crate unless the optional `client` feature is turned on.
//!
//! Conventions that hold throughout:
//! - an incompatibility or a payload violation is *data* (a report), never an `Err`; `Err` means
//!   only "could not check" (invalid input, a limit exceeded);
//! - every parse and every check runs within explicit [`limits`].

pub mod api;
pub mod avro;
pub mod canonical;
#[cfg(feature = "client")]
pub mod client;
pub mod compat;
pub mod contract;
pub mod error;
pub mod format;
pub mod identity;
pub mod json;
pub mod limits;
pub mod protobuf;
pub mod types;
pub mod validate;
pub mod wire;

pub use error::{Error, Result};
pub use types::{SchemaType, Version};
