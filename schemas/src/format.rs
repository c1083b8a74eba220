//! The formats behind one interface: a [`Model`] is a parsed schema of any supported type, and
//! everything the registry, the CLI and the contracts do with a schema goes through it —
//! parsing with references, the stored (canonical) text, the compatibility check at a level,
//! payload validation and the paths a reader reads. The choice of format is made here, once.

use std::sync::Arc;

use serde_json::Value;

use crate::avro::{self, AvroSchema};
use crate::compat::{self, walk_history, Change, ChangeKind, Direction, Level, Policy, Report};
use crate::json::SchemaDoc;
use crate::limits::Limits;
use crate::validate::{self, parse_payload, Outcome, PayloadError, PayloadLimits, Violation};
use crate::{canonical, contract, Error, Result, SchemaType};

mod consumers;

pub use consumers::{pointer_of_read_path, ContractReader, History};

/// A parsed, checked schema: immutable and cheap to clone, so it can be cached by id.
#[derive(Debug, Clone)]
pub enum Model {
    /// JSON Schema.
    Json(SchemaDoc),
    /// Avro.
    Avro(Arc<AvroSchema>),
}

/// The formats this build parses, in the order `/schemas/types` lists them.
pub const SUPPORTED: [SchemaType; 2] = [SchemaType::Avro, SchemaType::Json];

/// Read schema text as JSON within `limits` (every supported format is written in JSON).
pub fn read(text: &str, limits: &Limits) -> Result<Value> {
    canonical::parse(text, limits)
}

/// The text stored and answered for a schema read by [`read`]: JSON Schema re-serialised
/// compactly (keys sorted with `normalize`), Avro with its attributes in Avro's own order.
pub fn stored_text(ty: SchemaType, json: &Value, normalize: bool) -> Result<String> {
    match ty {
        SchemaType::Json => Ok(canonical::canonical_text(json, normalize)),
        SchemaType::Avro => Ok(avro::stored_text(json, normalize)),
        SchemaType::Protobuf => Err(Error::UnsupportedSchemaType(ty.to_string())),
    }
}

/// The stored text of a schema read by [`read`] (see [`stored_text`]) and the text its identity
/// is computed from. JSON Schema: the stored text. Avro: its normalized form, whatever
/// `normalize` says, as Confluent compares Avro schemas by the text Avro's parser writes back:
/// two spellings of one schema (`{"type":"int"}` and `"int"`, a full name or a name and a
/// namespace, attributes in any order) are one schema, one id.
pub fn stored_and_identity_text(
    ty: SchemaType,
    json: &Value,
    normalize: bool,
) -> Result<(String, String)> {
    let stored = stored_text(ty, json, normalize)?;
    let identity = match ty {
        SchemaType::Avro if !normalize => avro::stored_text(json, true),
        _ => stored.clone(),
    };
    Ok((stored, identity))
}

impl Model {
    /// Check `json` (read from `text` by [`read`]) as a schema of type `ty` whose references,
    /// by name, are `references`.
    pub fn parse(
        ty: SchemaType,
        text: &str,
        json: Value,
        references: &[(&str, &Model)],
        limits: &Limits,
    ) -> Result<Model> {
        Model::parse_as(ty, text, json, references, limits, true)
    }

    /// A stored schema's text, read as it was accepted: Avro is not held to the rules Accord
    /// added for a new schema ([`crate::avro::AvroSchema::parse_stored`]), so what was
    /// registered before them stays readable.
    pub fn parse_stored(
        ty: SchemaType,
        text: &str,
        references: &[(&str, &Model)],
        limits: &Limits,
    ) -> Result<Model> {
        let json = read(text, limits)?;
        Model::parse_as(ty, text, json, references, limits, false)
    }

    fn parse_as(
        ty: SchemaType,
        text: &str,
        json: Value,
        references: &[(&str, &Model)],
        limits: &Limits,
        new: bool,
    ) -> Result<Model> {
        match ty {
            SchemaType::Json => {
                let mut doc = SchemaDoc::from_value_with_limits(json, limits)?;
                for (name, model) in references {
                    let Model::Json(referenced) = model else {
                        return Err(mixed(name, model));
                    };
                    doc = doc.with_reference(name.to_string(), referenced.clone());
                }
                doc.check_references()?;
                Ok(Model::Json(doc))
            }
            SchemaType::Avro => {
                let mut schemas = Vec::with_capacity(references.len());
                for (name, model) in references {
                    let Model::Avro(referenced) = model else {
                        return Err(mixed(name, model));
                    };
                    schemas.push(referenced.as_ref());
                }
                let parsed = match (schemas.is_empty(), new) {
                    (true, true) => AvroSchema::parse_with_limits(text, &[], limits)?,
                    (true, false) => AvroSchema::parse_stored(text, &[], limits)?,
                    (false, true) => AvroSchema::parse_with_schemas(text, &schemas, limits)?,
                    (false, false) => {
                        AvroSchema::parse_stored_with_schemas(text, &schemas, limits)?
                    }
                };
                Ok(Model::Avro(Arc::new(parsed)))
            }
            SchemaType::Protobuf => Err(Error::UnsupportedSchemaType(ty.to_string())),
        }
    }

    /// A schema read on its own, as a tool reads a file: JSON Schema `$ref`s to other documents
    /// are left unresolved (they are judged where they are used); Avro named types must all be
    /// defined in the text.
    pub fn parse_standalone(ty: SchemaType, text: &str, limits: &Limits) -> Result<Model> {
        match ty {
            SchemaType::Json => Ok(Model::Json(SchemaDoc::parse_with_limits(text, limits)?)),
            _ => Model::parse_text(ty, text, &[], limits),
        }
    }

    /// The text stored for this schema (see [`stored_text`]).
    pub fn stored_text(&self, normalize: bool) -> String {
        let text = match self {
            Model::Json(doc) => return canonical::canonical_text(doc.value(), normalize),
            Model::Avro(schema) => schema.json(),
        };
        avro::stored_text(text, normalize)
    }

    /// [`Model::parse`] from text.
    pub fn parse_text(
        ty: SchemaType,
        text: &str,
        references: &[(&str, &Model)],
        limits: &Limits,
    ) -> Result<Model> {
        let json = read(text, limits)?;
        Model::parse(ty, text, json, references, limits)
    }

    /// The schema's type.
    pub fn schema_type(&self) -> SchemaType {
        match self {
            Model::Json(_) => SchemaType::Json,
            Model::Avro(_) => SchemaType::Avro,
        }
    }

    /// The field paths a reader using this schema reads (consumer contracts' form).
    pub fn readable_paths(&self) -> Vec<String> {
        match self {
            Model::Json(doc) => contract::read_paths(doc.value()),
            Model::Avro(schema) => avro::readable_paths(schema),
        }
    }

    /// The record name the record naming strategies use: a JSON Schema's `title`, an Avro named
    /// type's full name.
    pub fn record_name(&self) -> Option<String> {
        match self {
            Model::Json(doc) => doc.value().get("title")?.as_str().map(str::to_string),
            Model::Avro(schema) => match schema.schema() {
                apache_avro::Schema::Record(r) => Some(r.name.fullname(None)),
                apache_avro::Schema::Enum(e) => Some(e.name.fullname(None)),
                apache_avro::Schema::Fixed(f) => Some(f.name.fullname(None)),
                _ => None,
            },
        }
    }

    /// The names of the top-level fields: a JSON Schema's `properties`, an Avro record's
    /// fields (what reserved field names are checked against).
    pub fn top_level_fields(&self) -> Vec<String> {
        match self {
            Model::Json(doc) => doc
                .value()
                .get("properties")
                .and_then(|p| p.as_object())
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default(),
            Model::Avro(schema) => match schema.schema() {
                apache_avro::Schema::Record(r) => r.fields.iter().map(|f| f.name.clone()).collect(),
                _ => Vec::new(),
            },
        }
    }

    /// The validator of payloads of this schema.
    pub fn validator(&self, limits: &Limits) -> Result<PayloadValidator, validate::Error> {
        Ok(match self {
            Model::Json(doc) => {
                let compiled = validate::Validator::compile_with_limits(doc, limits)?;
                PayloadValidator::Json(Arc::new(compiled))
            }
            Model::Avro(schema) => PayloadValidator::Avro(schema.clone()),
        })
    }
}

fn mixed(name: &str, model: &Model) -> Error {
    Error::invalid(
        "",
        format!(
            "reference {name:?} is a {} schema; a schema can only reference schemas of its own type",
            model.schema_type()
        ),
    )
}

/// The BACKWARD check of `new` against `old` under `policy`.
pub fn check(old: &Model, new: &Model, policy: Policy, limits: &Limits) -> Result<Report> {
    let mut report = Report::new(Level::Backward, policy);
    run(old, new, Direction::Backward, policy, limits, &mut report)?;
    report.finish();
    Ok(report)
}

/// Check `candidate` against a subject's live `history` (newest first) at `level`, whatever
/// the format; a version of another type is incompatible (`SCHEMA_TYPE_CHANGED`).
pub fn check_level(
    candidate: &Model,
    history: &[Model],
    level: Level,
    policy: Policy,
    limits: &Limits,
) -> Result<Report> {
    walk_history(
        candidate,
        history,
        level,
        policy,
        |old, new, direction, report| run(old, new, direction, policy, limits, report),
    )
}

fn run(
    old: &Model,
    new: &Model,
    direction: Direction,
    policy: Policy,
    limits: &Limits,
    report: &mut Report,
) -> Result<()> {
    match (old, new) {
        (Model::Json(a), Model::Json(b)) => compat::run(a, b, direction, policy, limits, report),
        (Model::Avro(a), Model::Avro(b)) => avro::run(a, b, direction, policy, limits, report),
        _ => {
            let kind = ChangeKind::SchemaTypeChanged;
            report.changes.push(Change {
                kind,
                path: String::new(),
                compatible: policy.allows(kind),
                direction,
                old_pointer: Some(String::new()),
                new_pointer: Some(String::new()),
                old_value: Some(Value::String(old.schema_type().to_string())),
                new_value: Some(Value::String(new.schema_type().to_string())),
                message: format!(
                    "the schema type changed from {} to {}: a reader of one cannot read the other",
                    old.schema_type(),
                    new.schema_type()
                ),
            });
            Ok(())
        }
    }
}

/// An outcome with one violation of a binary frame (keyword `frame`).
pub fn frame_violation(message: String) -> Outcome {
    Outcome::from_violations(
        vec![Violation {
            instance_path: String::new(),
            schema_path: String::new(),
            keyword: "frame".to_string(),
            message,
        }],
        false,
    )
}

/// Validate one binary datum written with `writer` as read with `reader` (Avro's schema
/// resolution): it must decode completely and resolve. A JSON Schema has no binary datums.
pub fn validate_datum(writer: &Model, reader: &Model, datum: &[u8]) -> Outcome {
    let (Model::Avro(writer), Model::Avro(reader)) = (writer, reader) else {
        return frame_violation(format!(
            "a binary datum needs Avro schemas; the frame's schema is {} and the reader {}",
            writer.schema_type(),
            reader.schema_type()
        ));
    };
    datum_outcome(writer.decode(datum, Some(reader)))
}

fn datum_outcome<T>(decoded: std::result::Result<T, String>) -> Outcome {
    match decoded {
        Ok(_) => Outcome::valid(),
        Err(message) => Outcome::from_violations(
            vec![Violation {
                instance_path: String::new(),
                schema_path: String::new(),
                keyword: "datum".to_string(),
                message: format!("the datum does not decode with its schema: {message}"),
            }],
            false,
        ),
    }
}

/// Checks payloads against one schema: JSON documents for JSON Schema, Avro's JSON encoding
/// or binary datums for Avro.
#[derive(Debug)]
pub enum PayloadValidator {
    /// A compiled JSON Schema (shared: compiling is the costly part).
    Json(Arc<validate::Validator>),
    /// An Avro schema.
    Avro(Arc<AvroSchema>),
}

impl PayloadValidator {
    /// The payload of a Confluent frame written with this schema: a JSON document for JSON
    /// Schema, a binary datum for Avro (which must decode completely).
    pub fn validate_frame_payload(
        &self,
        payload: &[u8],
        limits: &PayloadLimits,
    ) -> Result<Outcome, PayloadError> {
        match self {
            PayloadValidator::Json(v) => v.validate_bytes(payload, limits),
            PayloadValidator::Avro(schema) => Ok(datum_outcome(schema.decode(payload, None))),
        }
    }

    /// Parse one JSON payload within `limits` and validate it (for Avro: as Avro's JSON
    /// encoding of a datum).
    pub fn validate_bytes(
        &self,
        payload: &[u8],
        limits: &PayloadLimits,
    ) -> Result<Outcome, PayloadError> {
        match self {
            PayloadValidator::Json(v) => v.validate_bytes(payload, limits),
            PayloadValidator::Avro(schema) => {
                let value = parse_payload(payload, limits)?;
                Ok(avro::validate_json(
                    schema,
                    &value,
                    validate::Validator::DEFAULT_MAX_VIOLATIONS,
                ))
            }
        }
    }
}
