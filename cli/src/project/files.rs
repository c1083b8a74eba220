//! The schema files a project produces: found by the `[[produces]]` globs, read, parsed and
//! mapped to their subjects.

use std::collections::BTreeMap;
use std::path::PathBuf;

use accord_schemas::format::Model;

use super::config::{Config, Mapping};
use super::paths::PathFilter;
use crate::failure::Failure;
use crate::input::{parse_schema, schema_type_of, Source};

/// A schema file now: its path (relative to the root), text, document and subject.
pub(crate) struct Produced {
    pub(crate) path: String,
    pub(crate) text: String,
    pub(crate) doc: Model,
    pub(crate) mapping: Mapping,
}

/// Every produced file under the filter, read, parsed and mapped; two files on one subject is
/// an error (exit 3).
pub(crate) fn produced(config: &Config, filter: &PathFilter) -> Result<Vec<Produced>, Failure> {
    let mut out = Vec::new();
    for path in config.produced_files()? {
        if !filter.accepts(&path) {
            continue;
        }
        let text = read(config, &path)?;
        let doc = parse(&path, &text)?;
        let mapping = map(config, &path, &doc)?;
        out.push(Produced {
            path,
            text,
            doc,
            mapping,
        });
    }
    ambiguity(
        out.iter()
            .map(|p| (p.mapping.subject.as_str(), p.path.as_str())),
    )?;
    Ok(out)
}

/// Read a file under the root.
pub(crate) fn read(config: &Config, path: &str) -> Result<String, Failure> {
    let source = Source::File(PathBuf::from(path));
    std::fs::read_to_string(config.root.join(path)).map_err(|e| source.read_failure(e))
}

/// Parse a schema, of the format its name says (`.avsc` is Avro); errors name `name:line:col`.
pub(crate) fn parse(name: &str, text: &str) -> Result<Model, Failure> {
    let ty = schema_type_of(name, None);
    parse_schema(&Source::File(PathBuf::from(name)), text, ty)
}

/// The mapping of a produced file.
pub(crate) fn map(config: &Config, path: &str, schema: &Model) -> Result<Mapping, Failure> {
    let entry = config
        .entry_for(path)
        .ok_or_else(|| Failure::invalid_input(format!("{path}: no [[produces]] glob matches")))?;
    let title = schema.record_name();
    config
        .map(entry, path, title.as_deref())
        .map_err(Failure::invalid_input)
}

/// Two files mapped to one subject cannot both be its schema.
pub(crate) fn ambiguity<'a>(
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> Result<(), Failure> {
    let mut by_subject: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (subject, path) in pairs {
        by_subject.entry(subject).or_default().push(path);
    }
    let clashes: Vec<String> = by_subject
        .iter()
        .filter(|(_, files)| files.len() > 1)
        .map(|(subject, files)| format!("{subject} ← {}", files.join(", ")))
        .collect();
    if clashes.is_empty() {
        return Ok(());
    }
    Err(Failure::invalid_input(format!(
        "ambiguous mapping: more than one file maps to the same subject ({}); give each file \
         its own subject in accord.toml",
        clashes.join("; ")
    )))
}
