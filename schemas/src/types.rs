//! Small domain types shared by every crate.

use serde::{Deserialize, Serialize};

/// The kind of a schema. Only `JSON` is understood by this release; the others are named so
/// requests carrying them get a clear refusal instead of a parse error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum SchemaType {
    /// JSON Schema.
    #[default]
    Json,
    /// Apache Avro.
    Avro,
    /// Protocol Buffers.
    Protobuf,
}

impl SchemaType {
    /// The name as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            SchemaType::Json => "JSON",
            SchemaType::Avro => "AVRO",
            SchemaType::Protobuf => "PROTOBUF",
        }
    }

    /// Parse a name case-insensitively.
    ///
    /// ```
    /// use accord_schemas::SchemaType;
    /// assert_eq!(SchemaType::parse("json"), Some(SchemaType::Json));
    /// assert_eq!(SchemaType::parse("xml"), None);
    /// ```
    pub fn parse(name: &str) -> Option<SchemaType> {
        match name.to_ascii_uppercase().as_str() {
            "JSON" => Some(SchemaType::Json),
            "AVRO" => Some(SchemaType::Avro),
            "PROTOBUF" => Some(SchemaType::Protobuf),
            _ => None,
        }
    }
}

impl std::fmt::Display for SchemaType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A version number of a subject (1 or more).
pub type Version = i32;
