//! What consumer contracts need of a format, written once: a producer schema checked against
//! what a consumer reads (a table of reads or a reader schema of the producer's format), where
//! a finding is in either schema, and whether any version a subject ever had provided a read.

use serde_json::Value;

use super::Model;
use crate::avro::{self, AvroSchema};
use crate::contract::avro::{verify_avro, AvroReader};
use crate::contract::{self, Finding, Read, Verdict};
use crate::json::SchemaDoc;
use crate::{Error, Result, SchemaType};

/// What a consumer reads, as its contract gives it.
#[derive(Debug, Clone, Copy)]
pub enum ContractReader<'a> {
    /// A table of reads.
    Reads(&'a [Read]),
    /// A reader schema, of the producer's format.
    Schema(&'a Model),
}

impl Model {
    /// Check this producer schema against what a consumer reads: every finding, each naming
    /// the field read (`/customer/email`). A reader schema of another format than the
    /// producer's cannot be checked (an error saying so).
    ///
    /// ```
    /// use accord_schemas::format::{ContractReader, Model};
    /// use accord_schemas::limits::Limits;
    /// use accord_schemas::SchemaType;
    /// let limits = Limits::default();
    /// let producer = Model::parse_text(SchemaType::Avro, r#"{"type":"record","name":"O","fields":[{"name":"id","type":"long"}]}"#, &[], &limits).unwrap();
    /// let reader = Model::parse_text(SchemaType::Avro, r#"{"type":"record","name":"O","fields":[{"name":"id","type":"long"},{"name":"total","type":"double"}]}"#, &[], &limits).unwrap();
    /// let verdict = producer.check_contract(ContractReader::Schema(&reader)).unwrap();
    /// assert_eq!(verdict.findings[0].read_path, "/total");
    /// ```
    pub fn check_contract(&self, reader: ContractReader<'_>) -> Result<Verdict> {
        match (self, reader) {
            (Model::Json(producer), ContractReader::Reads(reads)) => {
                let compiled =
                    contract::compile(reads).map_err(|e| Error::invalid("", e.to_string()))?;
                contract::verify(producer, &SchemaDoc::from_value(compiled)?)
            }
            (Model::Json(producer), ContractReader::Schema(Model::Json(reader))) => {
                contract::verify(producer, reader)
            }
            (Model::Avro(producer), ContractReader::Reads(reads)) => {
                verify_avro(producer, AvroReader::Reads(reads))
            }
            (Model::Avro(producer), ContractReader::Schema(Model::Avro(reader))) => {
                verify_avro(producer, AvroReader::Schema(reader))
            }
            (producer, ContractReader::Schema(reader)) => Err(Error::invalid(
                "",
                format!(
                    "the consumer's reader schema is {} and the producer's {}: a contract's \
                     reader schema is written in the producer's format",
                    reader.schema_type(),
                    producer.schema_type()
                ),
            )),
        }
    }

    /// Where the value at `read_path` is declared in this schema's document
    /// ([`pointer_of_read_path`]).
    pub fn pointer_of_read_path(&self, read_path: &str) -> Option<String> {
        match self {
            Model::Json(doc) => pointer_of_read_path(SchemaType::Json, doc.value(), read_path),
            Model::Avro(schema) => pointer_of_read_path(SchemaType::Avro, schema.json(), read_path),
        }
    }

    /// Where a finding of [`Model::check_contract`] is in this (reader) schema's document: the
    /// engine's pointer into the reader for an Avro reader (Confluent's paths are the reader's),
    /// else that of its read path.
    pub fn pointer_of_finding(&self, finding: &Finding) -> String {
        match (self, &finding.change) {
            (Model::Avro(_), Some(change)) => change.new_pointer.clone().unwrap_or_default(),
            _ => self
                .pointer_of_read_path(&finding.read_path)
                .unwrap_or_default(),
        }
    }
}

/// Where the value at `read_path` is declared in `json`, a schema document of type `ty`, as a
/// JSON pointer (for placing a contract finding at its line): JSON Schema's `properties`/`items`
/// path (which may not exist in the text: the caller then places it at an ancestor), an Avro
/// field's entry in its record's `fields` (`None` when the document has no such field).
pub fn pointer_of_read_path(ty: SchemaType, json: &Value, read_path: &str) -> Option<String> {
    match ty {
        SchemaType::Avro => avro::pointer_of_read_path(json, read_path),
        _ => Some(contract::schema_pointer(read_path)),
    }
}

/// The versions a subject ever had (soft-deleted ones included), read once in their format,
/// to ask of each read path whether any of them provided it: a read none provided is a
/// consumer's error no new version can fix ([`contract::never_provided`]). A version that
/// cannot be read counts as providing everything, so that a doubt stays the producer's; a
/// subject without versions has no history to judge by, and a contract ahead of the producer
/// binds its first version.
///
/// ```
/// use accord_schemas::format::History;
/// use accord_schemas::SchemaType;
/// let v1 = r#"{"type":"record","name":"O","fields":[{"name":"email","type":"string"}]}"#;
/// let history = History::read(SchemaType::Avro, &[v1]);
/// assert!(history.never_provided("/phone"));
/// assert!(!history.never_provided("/email"));
/// assert!(!History::read(SchemaType::Avro, &[]).never_provided("/email"));
/// assert!(!History::read(SchemaType::Avro, &["not a schema"]).never_provided("/phone"));
/// ```
#[derive(Debug, Clone)]
pub struct History(Versions);

#[derive(Debug, Clone)]
enum Versions {
    /// JSON Schema documents (`true` for one that cannot be read: it may carry anything).
    Json(Vec<Value>),
    /// The readable paths of each Avro version (`None` for one that cannot be read).
    Avro(Vec<Option<Vec<String>>>),
    /// A format this build cannot read: every version may have provided anything.
    Unread,
}

impl History {
    /// The texts of every version of a subject of type `ty`, each read once.
    pub fn read(ty: SchemaType, texts: &[&str]) -> History {
        History(match ty {
            SchemaType::Json => Versions::Json(
                texts
                    .iter()
                    .map(|t| serde_json::from_str(t).unwrap_or(Value::Bool(true)))
                    .collect(),
            ),
            SchemaType::Avro => Versions::Avro(
                texts
                    .iter()
                    .map(|t| {
                        AvroSchema::parse(t, &[])
                            .ok()
                            .map(|s| avro::readable_paths(&s))
                    })
                    .collect(),
            ),
            SchemaType::Protobuf => Versions::Unread,
        })
    }

    /// Whether no version provided `read_path` (see the type's docs).
    pub fn never_provided(&self, read_path: &str) -> bool {
        match &self.0 {
            Versions::Json(values) => contract::never_provided(values, read_path),
            Versions::Avro(versions) => {
                !versions.is_empty()
                    && !versions.iter().any(|paths| {
                        paths
                            .as_ref()
                            .is_none_or(|paths| paths.iter().any(|p| p == read_path))
                    })
            }
            Versions::Unread => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;

    fn model(ty: SchemaType, text: &str) -> Model {
        Model::parse_text(ty, text, &[], &Limits::default()).unwrap()
    }

    const ORDER: &str = r#"{"type":"record","name":"O","fields":[{"name":"id","type":"long"}]}"#;

    #[test]
    fn reads_are_judged_in_the_producers_format() {
        let read = |path: &str| Read {
            path: path.into(),
            json_type: None,
            required: true,
            accepted: None,
            tolerate_unknown: false,
        };
        let avro = model(SchemaType::Avro, ORDER);
        let reads = [read("/id"), read("/phone")];
        let verdict = avro.check_contract(ContractReader::Reads(&reads)).unwrap();
        let paths: Vec<&str> = verdict
            .findings
            .iter()
            .map(|f| f.read_path.as_str())
            .collect();
        assert_eq!(paths, ["/phone"]);

        let json = model(
            SchemaType::Json,
            r#"{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}"#,
        );
        let verdict = json.check_contract(ContractReader::Reads(&reads)).unwrap();
        let paths: Vec<&str> = verdict
            .findings
            .iter()
            .map(|f| f.read_path.as_str())
            .collect();
        assert_eq!(paths, ["/phone"]);
    }

    #[test]
    fn a_reader_schema_of_another_format_is_an_error_not_a_verdict() {
        let avro = model(SchemaType::Avro, ORDER);
        let json = model(SchemaType::Json, r#"{"type":"object"}"#);
        let e = avro
            .check_contract(ContractReader::Schema(&json))
            .unwrap_err()
            .to_string();
        assert!(e.contains("reader schema is JSON"), "{e}");
    }

    #[test]
    fn findings_are_placed_at_the_field_in_either_schema() {
        let producer = model(SchemaType::Avro, ORDER);
        let reader = model(
            SchemaType::Avro,
            r#"{"type":"record","name":"O","fields":[{"name":"id","type":"int"}]}"#,
        );
        let verdict = producer
            .check_contract(ContractReader::Schema(&reader))
            .unwrap();
        let f = &verdict.findings[0];
        assert_eq!(f.read_path, "/id");
        assert_eq!(reader.pointer_of_finding(f), "/fields/0/type");
        assert_eq!(
            producer.pointer_of_read_path("/id").as_deref(),
            Some("/fields/0")
        );
        assert_eq!(producer.pointer_of_read_path("/phone"), None);
    }
}
