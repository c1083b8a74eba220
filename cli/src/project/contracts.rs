//! The consumer side of a project: its `[[consumes]]` entries loaded into contracts, each with
//! what is published (`ContractSpec`) and what it reads, to check it as the registry will.

use accord_schemas::api::ContractSpec;
use accord_schemas::contract;
use accord_schemas::format::{ContractReader, Model};

use super::config::{Config, ContractSource};
use super::files::{parse, read};
use super::reads::parse_contract_file;
use crate::failure::Failure;

/// One contract of this application, ready to publish and to check.
pub(crate) struct Loaded {
    pub(crate) subject: String,
    /// Its `[[consumes]]` line in accord.toml.
    pub(crate) line: usize,
    /// What is published.
    pub(crate) spec: ContractSpec,
    /// The reader schema file, for a contract given as one.
    pub(crate) schema: Option<ReaderFile>,
}

/// A reader schema file named by `[[consumes]] schema = "..."`.
pub(crate) struct ReaderFile {
    /// Its path, as accord.toml names it.
    pub(crate) name: String,
    /// Its text, to place findings at their lines.
    pub(crate) text: String,
    /// The schema, in the format its extension names (JSON Schema, Avro).
    pub(crate) model: Model,
}

impl Loaded {
    /// What the consumer reads, for [`Model::check_contract`].
    pub(crate) fn reader(&self) -> ContractReader<'_> {
        match (&self.spec.reads, &self.schema) {
            (_, Some(file)) => ContractReader::Schema(&file.model),
            (Some(reads), None) => ContractReader::Reads(reads),
            (None, None) => ContractReader::Reads(&[]),
        }
    }
}

/// Load every `[[consumes]]` entry: tables compiled, files read and checked.
pub(crate) fn load(config: &Config) -> Result<Vec<Loaded>, Failure> {
    let mut out = Vec::new();
    for c in &config.consumes {
        let at = format!("{}:{}", config.path.display(), c.line);
        let (spec, schema) = match &c.source {
            ContractSource::Reads(reads) => (reads_contract(&c.subject, reads.clone(), &at)?, None),
            ContractSource::File(file) => {
                let text = read(config, file)?;
                let reads = parse_contract_file(&text, file)?;
                (reads_contract(&c.subject, reads, &at)?, None)
            }
            ContractSource::Schema(file) => {
                let text = read(config, file)?;
                let model = parse(file, &text)?;
                let value = serde_json::from_str(&text).map_err(|e| {
                    Failure::invalid_input(format!("{file}: not a JSON document: {e}"))
                })?;
                let spec = ContractSpec {
                    subject: c.subject.clone(),
                    reads: None,
                    schema: Some(value),
                };
                let name = file.clone();
                (spec, Some(ReaderFile { name, text, model }))
            }
        };
        out.push(Loaded {
            subject: c.subject.clone(),
            line: c.line,
            spec,
            schema,
        });
    }
    Ok(out)
}

fn reads_contract(
    subject: &str,
    reads: Vec<contract::Read>,
    at: &str,
) -> Result<ContractSpec, Failure> {
    let compiled = contract::compile(&reads)
        .map_err(|e| Failure::invalid_input(format!("{at}: contract on {subject}: {e}")))?;
    accord_schemas::json::SchemaDoc::from_value(compiled).map_err(|e| {
        Failure::invalid_input(format!(
            "{at}: contract on {subject} compiles to no schema: {e}"
        ))
    })?;
    Ok(ContractSpec {
        subject: subject.to_string(),
        reads: Some(reads),
        schema: None,
    })
}
