//! The consumer side of a project: its `[[consumes]]` entries loaded into contracts, each with
//! what is published (`ContractSpec`) and the reader schema it is checked as.

use accord_schemas::api::ContractSpec;
use accord_schemas::contract;
use accord_schemas::format::Model;
use accord_schemas::json::SchemaDoc;

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
    /// The reader schema it compiles to.
    pub(crate) reader: SchemaDoc,
}

/// Load every `[[consumes]]` entry: tables compiled, files read and checked.
pub(crate) fn load(config: &Config) -> Result<Vec<Loaded>, Failure> {
    let mut out = Vec::new();
    for c in &config.consumes {
        let at = format!("{}:{}", config.path.display(), c.line);
        let (spec, reader) = match &c.source {
            ContractSource::Reads(reads) => reads_contract(&c.subject, reads.clone(), &at)?,
            ContractSource::File(file) => {
                let text = read(config, file)?;
                let reads = parse_contract_file(&text, file)?;
                reads_contract(&c.subject, reads, &at)?
            }
            ContractSource::Schema(file) => {
                let text = read(config, file)?;
                let reader = match parse(file, &text)? {
                    Model::Json(doc) => doc,
                    other => {
                        return Err(Failure::invalid_input(format!(
                            "{file}: a {} reader schema cannot be a contract yet; give the \
                             fields it reads as `reads`",
                            other.schema_type()
                        )))
                    }
                };
                let spec = ContractSpec {
                    subject: c.subject.clone(),
                    reads: None,
                    schema: Some(reader.value().clone()),
                };
                (spec, reader)
            }
        };
        out.push(Loaded {
            subject: c.subject.clone(),
            line: c.line,
            spec,
            reader,
        });
    }
    Ok(out)
}

fn reads_contract(
    subject: &str,
    reads: Vec<contract::Read>,
    at: &str,
) -> Result<(ContractSpec, SchemaDoc), Failure> {
    let compiled = contract::compile(&reads)
        .map_err(|e| Failure::invalid_input(format!("{at}: contract on {subject}: {e}")))?;
    let reader = SchemaDoc::from_value(compiled).map_err(|e| {
        Failure::invalid_input(format!(
            "{at}: contract on {subject} compiles to no schema: {e}"
        ))
    })?;
    let spec = ContractSpec {
        subject: subject.to_string(),
        reads: Some(reads),
        schema: None,
    };
    Ok((spec, reader))
}
