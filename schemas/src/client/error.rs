//! Why a registry call, a schema or a payload failed, and how an error answer of the registry is
//! decoded.

use reqwest::Method;

use super::options::MAX_REFERENCE_DEPTH;
use crate::api::ErrorBody;
use crate::validate::{self, Outcome, PayloadError};
use crate::wire;

/// Why a registry call, a schema or a payload failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The registry URL given to
    /// [`RegistryClient::new`](crate::client::RegistryClient::new) cannot be used.
    #[error("invalid registry URL {url:?}: {message}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        message: String,
    },
    /// The token given in [`ClientOptions::token`](crate::client::ClientOptions::token) holds
    /// characters a header cannot carry.
    #[error("the token holds characters an HTTP header cannot carry")]
    InvalidToken,
    /// The request did not get an answer (connection refused, timeout, unreadable body).
    #[error("{method} {url} failed: {source}")]
    Http {
        /// The request method.
        method: Method,
        /// The request URL.
        url: String,
        /// The transport error.
        #[source]
        source: reqwest::Error,
    },
    /// The registry answered with an error.
    #[error("{method} {url} answered {status}: {message} (error code {error_code})")]
    Registry {
        /// The request method.
        method: Method,
        /// The request URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// Confluent's error code from the body, or -1 when the body was not an error body.
        error_code: i64,
        /// The message from the body.
        message: String,
    },
    /// No schema has this id (HTTP 404 with error code 40403).
    #[error("schema {id} not found in the registry")]
    SchemaNotFound {
        /// The id asked for.
        id: u32,
    },
    /// The schema is not of the type asked for: a JSON Schema where Avro is read or written,
    /// or the other way round, or a type this client does not read at all (Protobuf).
    #[error("{what} is a {schema_type} schema where {expected} is expected")]
    UnsupportedSchemaType {
        /// Which schema (id or subject version).
        what: String,
        /// The type the registry gave.
        schema_type: String,
        /// The type (or types) the call reads.
        expected: String,
    },
    /// The registry's answer lacks something or has something out of range.
    #[error("unexpected answer from the registry for {what}: {message}")]
    UnexpectedAnswer {
        /// What was asked for.
        what: String,
        /// What was wrong.
        message: String,
    },
    /// A schema's text could not be parsed or checked.
    #[error("{what}: {source}")]
    Schema {
        /// Which schema (id or subject version).
        what: String,
        /// Why.
        #[source]
        source: crate::Error,
    },
    /// A schema could not be compiled into a validator.
    #[error("schema {id} cannot be compiled: {source}")]
    Compile {
        /// The schema id.
        id: u32,
        /// Why.
        #[source]
        source: validate::Error,
    },
    /// References refer back to a schema already being resolved.
    #[error("reference cycle: {chain}")]
    ReferenceCycle {
        /// The subject versions of the cycle, `a/1 -> b/2 -> a/1`.
        chain: String,
    },
    /// References nest deeper than [`MAX_REFERENCE_DEPTH`].
    #[error("references nested deeper than {MAX_REFERENCE_DEPTH} levels at {what}")]
    ReferencesTooDeep {
        /// The subject version where the limit was reached.
        what: String,
    },
    /// The message is not Confluent-framed.
    #[error(transparent)]
    Wire(#[from] wire::Error),
    /// The payload could not be checked (not JSON, too large, too deep).
    #[error("payload for schema {id}: {source}")]
    Payload {
        /// The schema id of the frame.
        id: u32,
        /// Why.
        #[source]
        source: PayloadError,
    },
    /// The payload is valid JSON but violates its schema.
    #[error("payload is invalid against schema {id}: {}", summary(.outcome))]
    Invalid {
        /// The schema id.
        id: u32,
        /// The violations.
        outcome: Outcome,
    },
    /// The value does not fit the Avro schema it is written with (a missing field without a
    /// default, a value of another type, a symbol not in the enum, no matching union branch).
    #[error("value does not fit Avro schema {id}{}: {message}", at(.path))]
    AvroEncode {
        /// The schema id.
        id: u32,
        /// Where in the value (`/lines/1/sku`): the innermost part that does not fit, or a
        /// missing field; empty when it is the value as a whole.
        path: String,
        /// Why, as Avro's encoder gives it.
        message: String,
    },
    /// The payload is not a datum of its writer's Avro schema (ends early, leaves bytes over,
    /// holds an impossible value), does not resolve to the reader schema, or does not convert
    /// into the type asked for.
    #[error("payload for Avro schema {id} does not decode: {message}")]
    AvroDecode {
        /// The schema id of the frame.
        id: u32,
        /// Why.
        message: String,
    },
    /// The value could not be written as JSON.
    #[error("value cannot be written as JSON: {0}")]
    Encode(#[source] serde_json::Error),
}

fn at(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" at {path}")
    }
}

fn summary(outcome: &Outcome) -> String {
    let violations = outcome.violations();
    match violations.first() {
        None => "no violations".to_string(),
        Some(first) if violations.len() == 1 => first.to_string(),
        Some(first) => format!("{first} (and {} more)", violations.len() - 1),
    }
}

pub(super) fn registry_error(method: Method, url: String, status: u16, body: &[u8]) -> Error {
    let (error_code, message) = match serde_json::from_slice::<ErrorBody>(body) {
        Ok(body) => (body.error_code, body.message),
        Err(_) => {
            let text = String::from_utf8_lossy(body);
            let text: String = text.chars().take(200).collect();
            (
                -1,
                if text.is_empty() {
                    "(empty body)".to_string()
                } else {
                    text
                },
            )
        }
    };
    Error::Registry {
        method,
        url,
        status,
        error_code,
        message,
    }
}
