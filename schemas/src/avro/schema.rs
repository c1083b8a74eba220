//! Parsing an Avro schema with its references, its canonical text and fingerprint, and datum
//! decoding.

use apache_avro::Schema;
use md5::{Digest, Md5};
use serde_json::Value;

use crate::limits::Limits;
use crate::{Error, Result};

/// Another schema whose named types the parsed one uses: its name (or subject) and its text.
pub type Reference<'a> = (&'a str, &'a str);

/// A parsed Avro schema, with the JSON the user sent and the schemas it references.
#[derive(Debug, Clone)]
pub struct AvroSchema {
    text: String,
    json: Value,
    schema: Schema,
    references: Vec<Schema>,
}

impl AvroSchema {
    /// Parse `text`, resolving named types against `references`, within the default limits.
    ///
    /// ```
    /// use accord_schemas::avro::AvroSchema;
    /// let s = AvroSchema::parse(r#"{"type":"record","name":"A","fields":[{"name":"x","type":"int"}]}"#, &[]).unwrap();
    /// assert_eq!(s.canonical_text(), r#"{"name":"A","type":"record","fields":[{"name":"x","type":"int"}]}"#);
    /// ```
    pub fn parse(text: &str, references: &[Reference<'_>]) -> Result<AvroSchema> {
        AvroSchema::parse_with_limits(text, references, &Limits::DEFAULT)
    }

    /// [`AvroSchema::parse`] within explicit limits.
    pub fn parse_with_limits(
        text: &str,
        references: &[Reference<'_>],
        limits: &Limits,
    ) -> Result<AvroSchema> {
        for (name, body) in references.iter().map(|(n, b)| (*n, *b)).chain([("", text)]) {
            if body.len() > limits.max_document_bytes {
                return Err(Error::Limit {
                    limit: "max_document_bytes",
                    max: limits.max_document_bytes,
                    message: format!("schema {name:?} has {} bytes", body.len()),
                });
            }
        }
        let json: Value = serde_json::from_str(text).map_err(|e| Error::from_json(&e))?;
        check_depth(&json, 0, limits)?;
        for (name, body) in references {
            let value: Value = serde_json::from_str(body).map_err(|e| Error::from_json(&e))?;
            check_depth(&value, 0, limits).map_err(|e| match e {
                Error::Limit { limit, max, .. } => Error::Limit {
                    limit,
                    max,
                    message: format!("in reference {name:?}"),
                },
                other => other,
            })?;
        }
        let list: Vec<&str> = references.iter().map(|(_, b)| *b).collect();
        // The parser panics on some invalid names instead of returning an error: a panic is
        // turned into the refusal it should have been.
        let parsed = std::panic::catch_unwind(|| {
            if list.is_empty() {
                // The JSON is already read (for the depth limit): parse from it, not the text.
                Schema::parse(&json).map(|s| (s, Vec::new()))
            } else {
                Schema::parse_str_with_list(text, &list)
            }
        });
        let (schema, references) = match parsed {
            Ok(result) => result.map_err(avro_error)?,
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "the schema could not be parsed".to_string());
                return Err(Error::invalid("", message));
            }
        };
        Ok(AvroSchema {
            text: text.to_string(),
            json,
            schema,
            references,
        })
    }

    /// The text as the user sent it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The JSON as the user sent it.
    pub fn json(&self) -> &Value {
        &self.json
    }

    /// The parsed schema.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The parsed schemas of the references, in the order given.
    pub fn references(&self) -> &[Schema] {
        &self.references
    }

    /// Avro's Parsing Canonical Form: names fully qualified, documentation, aliases, defaults and
    /// custom properties dropped, attributes in a fixed order, no whitespace. Two texts of the
    /// same schema that differ only in whitespace or attribute order have the same canonical
    /// text.
    pub fn canonical_text(&self) -> String {
        self.schema.canonical_form()
    }

    /// Lowercase hex MD5 of [`AvroSchema::canonical_text`].
    pub fn fingerprint(&self) -> String {
        let digest = Md5::digest(self.canonical_text().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Decode one binary datum written with this schema (the payload of a Confluent frame,
    /// without its five-byte header), resolved to `reader` when given.
    pub fn decode(
        &self,
        mut bytes: &[u8],
        reader: Option<&AvroSchema>,
    ) -> std::result::Result<apache_avro::types::Value, String> {
        let writers: Vec<&Schema> = self.references.iter().collect();
        let value = apache_avro::from_avro_datum_schemata(
            &self.schema,
            writers,
            &mut bytes,
            reader.map(|r| &r.schema),
        )
        .map_err(|e| e.to_string())?;
        if !bytes.is_empty() {
            return Err(format!("{} bytes left after the datum", bytes.len()));
        }
        Ok(value)
    }
}

fn avro_error(err: apache_avro::Error) -> Error {
    Error::invalid("", err.to_string())
}

fn check_depth(value: &Value, depth: usize, limits: &Limits) -> Result<()> {
    if depth > limits.max_depth {
        return Err(Error::Limit {
            limit: "max_depth",
            max: limits.max_depth,
            message: "the schema nests too deeply".to_string(),
        });
    }
    match value {
        Value::Array(items) => items
            .iter()
            .try_for_each(|v| check_depth(v, depth + 1, limits)),
        Value::Object(map) => map
            .values()
            .try_for_each(|v| check_depth(v, depth + 1, limits)),
        _ => Ok(()),
    }
}
