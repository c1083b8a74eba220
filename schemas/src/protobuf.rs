//! Protobuf schemas: parsing with references, the canonical text, Confluent's
//! `format=serialized` and the compatibility check ([`check`]).
//!
//! Crates: `protox` 0.9 compiles `.proto` text at run time (a pure-Rust `protoc`: no binary, no
//! build script; proto2 and proto3, editions not yet), through a [`protox::file::FileResolver`] of
//! Accord's own that never touches the file system; `prost-reflect` 0.16 (the version `protox`
//! builds its pools with) is the model: a [`prost_reflect::FileDescriptor`] of the schema's file
//! in the pool of it and everything it imports. Descriptors rather than a syntax tree, because
//! names come resolved (every type reference is fully qualified), extension options are kept,
//! and the same model later serves dynamic messages and the proto3 JSON mapping.
//!
//! Conventions:
//! - imports resolve, in this order, from the references the caller supplies (import name →
//!   text, no I/O), the well-known types `google/protobuf/*.proto` (shipped by `protox`), and
//!   the files Confluent bundles without registration (`confluent/meta.proto`,
//!   `confluent/type/decimal.proto`, `google/type/*.proto`, kept under `protobuf/bundled/`: the
//!   definitions of the published files, their long explanatory comments left out);
//! - the canonical text is printed from the descriptors ([`ProtobufSchema::canonical_text`]), so
//!   layout, comments and the order of options never change it, and every type name in it is
//!   fully qualified;
//! - the check follows Confluent's Protobuf diff (kind names, verdicts, `#/Message/3` paths),
//!   with one rule of Accord's: `FIELD_REMOVED_WITHOUT_RESERVED`.

mod bundled;
mod compat;
mod schema;
mod text;

#[cfg(test)]
mod tests;

pub use compat::{check, check_level};
pub use schema::ProtobufSchema;
