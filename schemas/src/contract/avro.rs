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
/// assert_eq!(verdict.findings[0].read_path, "/fields/1");
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
                read_path: c.path.clone(),
                kind: if c.kind == ChangeKind::ReaderFieldMissingDefaultValue {
                    FindingKind::NotProvided
                } else {
                    FindingKind::NotAccepted
                },
                message: format!("{} ({})", c.message, c.kind.name()),
                change: Some(c.clone()),
            })
            .collect(),
    };
    Ok(Verdict {
        satisfied: findings.is_empty(),
        findings,
    })
}

/// Whether none of `versions` (the texts of every version a subject ever had) provides
/// `read_path`: then a consumer reading it made an error no new version can fix. A version
/// that cannot be read counts as providing it, so that a doubt stays the producer's.
pub fn never_provided<'a>(versions: impl IntoIterator<Item = &'a str>, read_path: &str) -> bool {
    !versions.into_iter().any(|text| {
        AvroSchema::parse(text, &[]).map_or(true, |s| {
            avro::readable_paths(&s).iter().any(|p| p == read_path)
        })
    })
}
