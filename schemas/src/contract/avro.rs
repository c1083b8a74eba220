//! Consumer contracts on Avro subjects: a table of reads is checked against the fields the
//! producer's schema has (a read it lacks is undefined), a reader schema by reader/writer
//! resolution (each incompatibility a finding at its path in the reader).

use super::{Finding, FindingKind, Read, Verdict};
use crate::avro::{self, AvroSchema};
use crate::compat::{ChangeKind, Policy};
use crate::Result;

/// What an Avro consumer reads: the paths of a table of reads, or its reader schema.
#[derive(Debug, Clone, Copy)]
pub enum AvroReader<'a> {
    /// A table of reads (their paths are checked; the JSON types do not apply to Avro).
    Reads(&'a [Read]),
    /// The consumer's reader schema.
    Schema(&'a AvroSchema),
}

/// Check an Avro producer schema against what a consumer reads.
///
/// ```
/// use accord_schemas::avro::AvroSchema;
/// use accord_schemas::contract::avro::{verify_avro, AvroReader};
/// let producer = AvroSchema::parse(r#"{"type":"record","name":"O","fields":[{"name":"id","type":"long"}]}"#, &[]).unwrap();
/// let reader = AvroSchema::parse(r#"{"type":"record","name":"O","fields":[{"name":"id","type":"long"},{"name":"total","type":"double"}]}"#, &[]).unwrap();
/// let verdict = verify_avro(&producer, AvroReader::Schema(&reader)).unwrap();
/// assert!(!verdict.satisfied);
/// assert_eq!(verdict.findings[0].read_path, "/total");
/// ```
pub fn verify_avro(producer: &AvroSchema, reader: AvroReader<'_>) -> Result<Verdict> {
    let findings: Vec<Finding> = match reader {
        AvroReader::Reads(reads) => {
            let provided = avro::readable_paths(producer);
            reads
                .iter()
                .filter(|r| !provided.contains(&r.path))
                .map(|r| Finding {
                    read_path: r.path.clone(),
                    kind: FindingKind::UndefinedReadPath,
                    message: "the producer's Avro schema has no field there".to_string(),
                    change: None,
                })
                .collect()
        }
        AvroReader::Schema(reader) => avro::check(producer, reader, Policy::Strict)?
            .breaking()
            .map(|c| Finding {
                read_path: avro::field_path_of(reader, &c.path),
                kind: if c.kind == ChangeKind::ReaderFieldMissingDefaultValue {
                    FindingKind::NotProvided
                } else {
                    FindingKind::NotAccepted
                },
                // The reader's path in Confluent's form says where in the reader schema.
                message: if c.kind == ChangeKind::ReaderFieldMissingDefaultValue {
                    format!(
                        "the producer does not write `{}`, which the consumer reads without a \
                         default ({} at {})",
                        avro::field_path_of(reader, &c.path),
                        c.kind.name(),
                        c.path
                    )
                } else {
                    format!("{} ({} at {})", c.message, c.kind.name(), c.path)
                },
                change: Some(c.clone()),
            })
            .collect(),
    };
    Ok(Verdict {
        satisfied: findings.is_empty(),
        findings,
    })
}
