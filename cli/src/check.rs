//! `accord check [PATHS] --against git:REF|registry`: the CI gate. Each schema file
//! `accord.toml` maps to a subject is checked against that subject's old version at the
//! subject's level and policy; the result is rendered in the format CI shows best.
//!
//! - `git:REF` needs no registry: old versions come from git at REF, compared by subject, so a
//!   renamed file whose subject stays the same is compared with its old self; a subject whose file
//!   is gone is a deleted subject (breaking unless retired), one with no old file is new.
//! - `registry` checks against the subject's live history with the registry's own level and
//!   policy (see `check/registry.rs`).
//!
//! Exit codes: 0 every subject compatible, 1 a breaking change, 3 bad config or schema, 4 a
//! check over its budget, 5 git or the registry failed.

mod consumers;
mod git_source;
pub(crate) mod hints;
pub(crate) mod registry;
pub(crate) mod report;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use accord_schemas::compat::check_level;
use accord_schemas::json::SchemaDoc;
use accord_schemas::Error as SchemaError;
use clap::Args;

use crate::config::{Config, Mapping};
use crate::failure::{Failure, Outcome};
use crate::formats::{self, OutFormat};
use crate::input::{schema_failure, Source};
use crate::output::{write_failed, Output};
use crate::Exit;

pub(crate) use report::{CheckReport, Located, Status, SubjectResult};

/// `accord check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Only check the schema files under these paths (default: every file accord.toml maps).
    #[arg(value_name = "PATHS")]
    pub(crate) paths: Vec<PathBuf>,
    /// What to compare with: `git:REF` (e.g. git:main, git:origin/main, git:HEAD~1) reads the
    /// old versions from git; `registry` checks against each subject's live history in the
    /// registry of accord.toml, at the level and policy the registry has for it.
    #[arg(long, value_name = "git:REF|registry", value_parser = parse_against)]
    pub(crate) against: Against,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutFormat::Text)]
    pub(crate) format: OutFormat,
    /// The project file (default: accord.toml in the current directory or a parent).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// The registry's URL, instead of `[registry] url` (a token in ACCORD_TOKEN is sent as a
    /// bearer token).
    #[arg(long, value_name = "URL", env = "ACCORD_REGISTRY_URL")]
    pub(crate) registry: Option<String>,
}

/// What `check` compares with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Against {
    Git(String),
    Registry,
}

fn parse_against(value: &str) -> Result<Against, String> {
    match value.strip_prefix("git:") {
        Some("") => Err("`git:` needs a ref, e.g. git:main".to_string()),
        Some(reference) => Ok(Against::Git(reference.to_string())),
        None if value == "registry" => Ok(Against::Registry),
        None => Err("expected `git:REF` (e.g. git:main) or `registry`".to_string()),
    }
}

pub(crate) fn run(args: &CheckArgs, out: &mut Output) -> Outcome {
    let config = Config::find_and_load(args.config.as_deref())?;
    let filter = PathFilter::new(&config.root, &args.paths)?;
    let mut report = match &args.against {
        Against::Git(reference) => git_source::check(&config, reference, &filter)?,
        Against::Registry => {
            let client = registry::client(&config, args.registry.as_deref())?;
            let files = produced(&config, &filter)?;
            registry::check(&config, &client, &files)?
        }
    };
    report.repo_prefix = crate::git::Git::new(&config.root).prefix();
    formats::render(args.format, out, &report).map_err(write_failed)?;
    Ok(if report.compatible {
        Exit::Pass
    } else {
        Exit::Failure
    })
}

/// A schema file now: its path (relative to the root), text, document and subject.
pub(crate) struct Produced {
    pub(crate) path: String,
    pub(crate) text: String,
    pub(crate) doc: SchemaDoc,
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
        let mapping = map(config, &path, doc.value())?;
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

/// Parse a schema; errors name `name:line:col`.
pub(crate) fn parse(name: &str, text: &str) -> Result<SchemaDoc, Failure> {
    SchemaDoc::parse(text).map_err(|e| schema_failure(&Source::File(PathBuf::from(name)), text, &e))
}

/// The mapping of a produced file.
pub(crate) fn map(
    config: &Config,
    path: &str,
    schema: &serde_json::Value,
) -> Result<Mapping, Failure> {
    let entry = config
        .entry_for(path)
        .ok_or_else(|| Failure::invalid_input(format!("{path}: no [[produces]] glob matches")))?;
    let title = schema.get("title").and_then(|t| t.as_str());
    config
        .map(entry, path, title)
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

/// Check `new` against its old version; `old_name` is how the old version is named in
/// findings placed in it.
pub(crate) fn compare(
    produced: &Produced,
    old_name: &str,
    old_text: &str,
    history: &[SchemaDoc],
    status: Status,
) -> Result<SubjectResult, Failure> {
    let m = &produced.mapping;
    let report = check_level(&produced.doc, history, m.level, m.policy)
        .map_err(|e| check_failure(&produced.path, &e))?;
    let findings = report::findings(
        &report,
        &Located {
            name: old_name,
            text: old_text,
        },
        &Located {
            name: &produced.path,
            text: &produced.text,
        },
    );
    Ok(SubjectResult {
        subject: m.subject.clone(),
        file: Some(produced.path.clone()),
        old_file: (old_name != produced.path).then(|| old_name.to_string()),
        status,
        level: m.level,
        policy: m.policy,
        compatible: report.compatible,
        findings,
    })
}

fn check_failure(path: &str, error: &SchemaError) -> Failure {
    let exit = match error {
        SchemaError::Limit { .. } => Exit::Undetermined,
        _ => Exit::InvalidInput,
    };
    Failure::new(exit, anyhow::anyhow!("cannot check {path}: {error}"))
}

/// The PATHS given on the command line, as prefixes relative to the root.
pub(crate) struct PathFilter {
    prefixes: Option<Vec<String>>,
}

impl PathFilter {
    pub(crate) fn all() -> PathFilter {
        PathFilter { prefixes: None }
    }

    pub(crate) fn new(root: &Path, paths: &[PathBuf]) -> Result<PathFilter, Failure> {
        if paths.is_empty() {
            return Ok(PathFilter::all());
        }
        let root = absolute(root)?;
        let mut prefixes = Vec::new();
        for path in paths {
            let full = absolute(path)?;
            let rel = crate::config::relative(&root, &full).ok_or_else(|| {
                Failure::usage(format!(
                    "{} is outside the project at {}",
                    path.display(),
                    root.display()
                ))
            })?;
            prefixes.push(rel);
        }
        Ok(PathFilter {
            prefixes: Some(prefixes),
        })
    }

    pub(crate) fn accepts(&self, path: &str) -> bool {
        match &self.prefixes {
            None => true,
            Some(prefixes) => prefixes.iter().any(|p| {
                p.is_empty()
                    || path == p
                    || path
                        .strip_prefix(p.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            }),
        }
    }
}

/// `path` made absolute and free of `.`/`..` and symlinks as far as it exists.
fn absolute(path: &Path) -> Result<PathBuf, Failure> {
    let cwd = std::env::current_dir().map_err(|e| Failure::new(Exit::Infrastructure, e))?;
    let full = cwd.join(path);
    if let Ok(canonical) = full.canonicalize() {
        return Ok(canonical);
    }
    // A path that no longer exists (a deleted file): canonicalise what does.
    let mut existing = full.as_path();
    let mut rest = Vec::new();
    while let Some(parent) = existing.parent() {
        rest.push(existing.file_name().unwrap_or_default().to_os_string());
        existing = parent;
        if let Ok(canonical) = existing.canonicalize() {
            let mut out = canonical;
            out.extend(rest.iter().rev());
            return Ok(out);
        }
    }
    Ok(full)
}
