//! Avro schemas: parsing with references, canonical text and identity, the compatibility check
//! ([`check`]) and datum decoding for Confluent-framed messages.
//!
//! Parsing, Parsing Canonical Form and datum encoding use `apache-avro`; the compatibility check
//! is Accord's own, following Avro's reader/writer resolution rules and collecting every
//! incompatibility with its location in the reader schema (Confluent's `/fields/1/type/size`
//! form).

mod compat;
mod json_encoding;
mod kind;
mod paths;
mod rules;
mod schema;
mod text;

pub use compat::check;
pub(crate) use compat::run;
pub use json_encoding::validate_json;
pub use paths::{field_path_of, pointer_of_read_path, readable_paths};
pub use schema::{AvroSchema, Reference};
pub use text::stored_text;
