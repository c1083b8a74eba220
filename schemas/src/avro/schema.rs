//! Parsing an Avro schema with its references, its canonical text and fingerprint, and datum
//! decoding.

use std::collections::HashMap;

use apache_avro::schema::Name;
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
    reference_texts: Vec<String>,
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
    ///
    /// A new schema is held to the rules of Java's `Schema.Parser` with defaults validated (what
    /// Confluent's registry parses with): a refusal names the offending node with a JSON pointer
    /// (`invalid schema at /fields/2/default: ...`). A schema read back from the store is read
    /// with [`AvroSchema::parse_stored`].
    pub fn parse_with_limits(
        text: &str,
        references: &[Reference<'_>],
        limits: &Limits,
    ) -> Result<AvroSchema> {
        AvroSchema::parse_as(text, references, limits, Rules::New)
    }

    /// A schema already stored, read as it was accepted: the rules Accord added to
    /// apache-avro's for a new schema are not applied (Confluent too validates defaults only of
    /// a new schema), so what was registered before them stays readable.
    pub fn parse_stored(
        text: &str,
        references: &[Reference<'_>],
        limits: &Limits,
    ) -> Result<AvroSchema> {
        AvroSchema::parse_as(text, references, limits, Rules::Stored)
    }

    fn parse_as(
        text: &str,
        references: &[Reference<'_>],
        limits: &Limits,
        rules: Rules,
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
        let mut reference_json = Vec::with_capacity(references.len());
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
            reference_json.push(value);
        }
        // Java's parser's rules (Confluent's), with a pointer to what breaks them; apache-avro's
        // own checks follow.
        if rules == Rules::New {
            super::rules::check(&json, &reference_json)?;
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
            reference_texts: list.iter().map(|t| t.to_string()).collect(),
        })
    }

    /// Parse `text` with the named types of already parsed schemas: each one's own references
    /// come first, in dependency order, then the schema itself (each text once).
    pub fn parse_with_schemas(
        text: &str,
        references: &[&AvroSchema],
        limits: &Limits,
    ) -> Result<AvroSchema> {
        AvroSchema::parse_with_schemas_as(text, references, limits, Rules::New)
    }

    /// [`AvroSchema::parse_with_schemas`] of a stored schema (see [`AvroSchema::parse_stored`]).
    pub fn parse_stored_with_schemas(
        text: &str,
        references: &[&AvroSchema],
        limits: &Limits,
    ) -> Result<AvroSchema> {
        AvroSchema::parse_with_schemas_as(text, references, limits, Rules::Stored)
    }

    fn parse_with_schemas_as(
        text: &str,
        references: &[&AvroSchema],
        limits: &Limits,
        rules: Rules,
    ) -> Result<AvroSchema> {
        let mut texts: Vec<&str> = Vec::new();
        for r in references {
            for t in r
                .reference_texts
                .iter()
                .map(String::as_str)
                .chain([r.text()])
            {
                if !texts.contains(&t) {
                    texts.push(t);
                }
            }
        }
        let named: Vec<Reference<'_>> = texts.iter().map(|t| ("", *t)).collect();
        AvroSchema::parse_as(text, &named, limits, rules)
    }

    /// The texts of every schema this one's named types came from, in dependency order.
    pub fn reference_texts(&self) -> &[String] {
        &self.reference_texts
    }

    /// Every named type of the schema and its references, by full name.
    pub(crate) fn named_types(&self) -> HashMap<Name, &Schema> {
        fn walk<'a>(s: &'a Schema, out: &mut HashMap<Name, &'a Schema>, depth: usize) {
            if depth > 512 {
                return;
            }
            match s {
                Schema::Record(r) if out.insert(r.name.clone(), s).is_none() => {
                    for f in &r.fields {
                        walk(&f.schema, out, depth + 1);
                    }
                }
                Schema::Enum(e) => {
                    out.insert(e.name.clone(), s);
                }
                Schema::Fixed(f) => {
                    out.insert(f.name.clone(), s);
                }
                Schema::Array(a) => walk(&a.items, out, depth + 1),
                Schema::Map(m) => walk(&m.types, out, depth + 1),
                Schema::Union(u) => u.variants().iter().for_each(|v| walk(v, out, depth + 1)),
                Schema::Decimal(d) => walk(&d.inner, out, depth + 1),
                _ => {}
            }
        }
        let mut out = HashMap::new();
        for r in &self.references {
            walk(r, &mut out, 0);
        }
        walk(&self.schema, &mut out, 0);
        out
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
    /// without its five-byte header), resolved to `reader` when given. A datum that ends early
    /// or leaves bytes over is refused (the decoder alone reads a missing value as null).
    pub fn decode(
        &self,
        bytes: &[u8],
        reader: Option<&AvroSchema>,
    ) -> std::result::Result<apache_avro::types::Value, String> {
        // Named types resolve from the references and from the schema itself (recursion).
        let writers: Vec<&Schema> = self.references.iter().chain([&self.schema]).collect();
        let readers: Vec<&Schema> = match reader {
            Some(r) => r.references.iter().chain([&r.schema]).collect(),
            None => Vec::new(),
        };
        let mut input = Input {
            rest: bytes,
            ended_early: false,
        };
        let value = apache_avro::from_avro_datum_reader_schemata(
            &self.schema,
            writers,
            &mut input,
            reader.map(|r| &r.schema),
            readers,
        )
        .map_err(|e| e.to_string())?;
        if input.ended_early {
            return Err("the datum ends before its last value".to_string());
        }
        if !input.rest.is_empty() {
            return Err(format!("{} bytes left after the datum", input.rest.len()));
        }
        Ok(value)
    }
}

/// Which rules a parse applies: a new schema's, or only apache-avro's for a stored one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rules {
    New,
    Stored,
}

/// The datum's bytes, remembering whether a read asked for more than was left.
struct Input<'a> {
    rest: &'a [u8],
    ended_early: bool,
}

impl std::io::Read for Input<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.len() > self.rest.len() {
            self.ended_early = true;
        }
        let n = buf.len().min(self.rest.len());
        buf[..n].copy_from_slice(&self.rest[..n]);
        self.rest = &self.rest[n..];
        Ok(n)
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
