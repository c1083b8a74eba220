//! The underlying type of an Avro schema: logical types become what they annotate (`date` is
//! an int, `timestamp-millis` a long, `decimal` bytes or fixed, `uuid` a string), as
//! resolution and the JSON encoding see them.

use apache_avro::Schema;

/// The underlying type of a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Null,
    Boolean,
    Int,
    Long,
    Float,
    Double,
    Bytes,
    String,
    Array,
    Map,
    Union,
    Record,
    Enum,
    Fixed,
}

impl Ty {
    /// The underlying type of `s` (a reference is taken for a record: resolve it first).
    pub(crate) fn of(s: &Schema) -> Ty {
        match s {
            Schema::Null => Ty::Null,
            Schema::Boolean => Ty::Boolean,
            Schema::Int | Schema::Date | Schema::TimeMillis => Ty::Int,
            Schema::Long
            | Schema::TimeMicros
            | Schema::TimestampMillis
            | Schema::TimestampMicros
            | Schema::TimestampNanos
            | Schema::LocalTimestampMillis
            | Schema::LocalTimestampMicros
            | Schema::LocalTimestampNanos => Ty::Long,
            Schema::Float => Ty::Float,
            Schema::Double => Ty::Double,
            Schema::Bytes | Schema::BigDecimal | Schema::Decimal(_) => Ty::Bytes,
            Schema::String | Schema::Uuid => Ty::String,
            Schema::Array(_) => Ty::Array,
            Schema::Map(_) => Ty::Map,
            Schema::Union(_) => Ty::Union,
            Schema::Record(_) => Ty::Record,
            Schema::Enum(_) => Ty::Enum,
            Schema::Fixed(_) | Schema::Duration => Ty::Fixed,
            Schema::Ref { .. } => Ty::Record,
        }
    }

    /// Confluent's name of the type (`INT`, `RECORD`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Ty::Null => "NULL",
            Ty::Boolean => "BOOLEAN",
            Ty::Int => "INT",
            Ty::Long => "LONG",
            Ty::Float => "FLOAT",
            Ty::Double => "DOUBLE",
            Ty::Bytes => "BYTES",
            Ty::String => "STRING",
            Ty::Array => "ARRAY",
            Ty::Map => "MAP",
            Ty::Union => "UNION",
            Ty::Record => "RECORD",
            Ty::Enum => "ENUM",
            Ty::Fixed => "FIXED",
        }
    }

    /// The name Avro's JSON encoding writes a union branch of an unnamed type under (`int`).
    pub(crate) fn branch_name(self) -> String {
        self.name().to_ascii_lowercase()
    }
}
