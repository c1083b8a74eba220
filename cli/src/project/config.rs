//! `accord.toml`: the project file at the repository root, and the file → subject mapping it
//! yields.
//!
//! The file is parsed strictly (unknown keys are errors) and every error names its line, so a
//! typo fails the CI gate loudly instead of silently checking nothing. Paths in the file and in
//! everything derived from it are relative to the directory holding `accord.toml` (the root),
//! with `/` separators, as git and CI annotations spell them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use accord_schemas::compat::{Level, Policy};
use accord_schemas::contract::Read;
use globset::{GlobBuilder, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

use super::paths::relative;
use super::reads::check_reads;
use super::spans::Spans;
use crate::exit::Exit;
use crate::failure::Failure;

/// The file name looked for in the current directory and its parents.
pub(crate) const FILE_NAME: &str = "accord.toml";

/// The level of a subject `accord.toml` says nothing about (Confluent's default).
pub(crate) const DEFAULT_LEVEL: Level = Level::Backward;

/// The policy of a subject `accord.toml` says nothing about (Confluent's rules).
pub(crate) const DEFAULT_POLICY: Policy = Policy::Strict;

/// How subjects are named when `accord.toml` does not say (Confluent's `TopicNameStrategy`).
pub(crate) const DEFAULT_NAMING: Naming = Naming::Topic;

/// `accord.toml` as written; every table refuses keys it does not know.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    registry: Option<RawRegistry>,
    #[serde(default)]
    defaults: RawDefaults,
    #[serde(default)]
    produces: Vec<Spanned<RawProduces>>,
    #[serde(default)]
    subjects: BTreeMap<String, Spanned<RawSubject>>,
    app: Option<Spanned<RawApp>>,
    #[serde(default)]
    consumes: Vec<Spanned<RawConsumes>>,
}

/// `[registry]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegistry {
    url: Spanned<String>,
}

/// `[defaults]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawDefaults {
    level: Option<Spanned<String>>,
    policy: Option<Spanned<String>>,
    naming: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
}

/// One `[[produces]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProduces {
    files: Spanned<String>,
    subject: Option<String>,
    topic: Option<String>,
    naming: Option<Spanned<String>>,
    level: Option<Spanned<String>>,
    policy: Option<Spanned<String>>,
}

/// One `[subjects."name"]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawSubject {
    level: Option<Spanned<String>>,
    policy: Option<Spanned<String>>,
    retired: bool,
}

/// `[app]`, and what the application reads (`[[consumes]]`, needing `[app]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApp {
    name: Spanned<String>,
}

/// One `[[consumes]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConsumes {
    subject: Spanned<String>,
    reads: Option<Vec<Spanned<Read>>>,
    schema: Option<Spanned<String>>,
    file: Option<Spanned<String>>,
}

/// How a subject name is derived from a schema file (Confluent's subject name strategies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Naming {
    /// `<topic>-value`; the topic defaults to the file's stem.
    Topic,
    /// The schema's `title` (the record name).
    Record,
    /// `<topic>-<title>`.
    TopicRecord,
}

impl Naming {
    const ALL: [Naming; 3] = [Naming::Topic, Naming::Record, Naming::TopicRecord];

    fn from_name(value: &str) -> Option<Naming> {
        Naming::ALL.into_iter().find(|n| n.as_str() == value)
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Naming::Topic => "topic",
            Naming::Record => "record",
            Naming::TopicRecord => "topic-record",
        }
    }

    /// Whether the subject depends on the schema's content (its `title`).
    pub(crate) fn needs_title(self) -> bool {
        self != Naming::Topic
    }
}

/// One `[[produces]]` entry, checked.
#[derive(Debug)]
pub(crate) struct Produces {
    pub(crate) glob: String,
    pub(crate) matcher: GlobMatcher,
    pub(crate) line: usize,
    pub(crate) subject: Option<String>,
    pub(crate) topic: Option<String>,
    pub(crate) naming: Naming,
    pub(crate) level: Option<Level>,
    pub(crate) policy: Option<Policy>,
}

/// One `[subjects."name"]` table, checked.
#[derive(Debug, Default, Clone)]
pub(crate) struct SubjectOverride {
    pub(crate) level: Option<Level>,
    pub(crate) policy: Option<Policy>,
    pub(crate) retired: bool,
}

/// Where a consumer's contract on one subject comes from.
#[derive(Debug, Clone)]
pub(crate) enum ContractSource {
    /// A `reads` table in `accord.toml`.
    Reads(Vec<Read>),
    /// A reader JSON Schema file (relative to the root).
    Schema(String),
    /// A contract file holding a `reads` table (relative to the root).
    File(String),
}

/// One `[[consumes]]` entry, checked: what this application reads of a subject.
#[derive(Debug, Clone)]
pub(crate) struct Consumes {
    pub(crate) subject: String,
    /// The entry's line in `accord.toml`.
    pub(crate) line: usize,
    pub(crate) source: ContractSource,
}

/// `accord.toml`, parsed and checked.
#[derive(Debug)]
pub(crate) struct Config {
    /// The directory holding the file: every path is relative to it.
    pub(crate) root: PathBuf,
    /// The file itself, for messages.
    pub(crate) path: PathBuf,
    pub(crate) registry_url: Option<String>,
    pub(crate) level: Level,
    pub(crate) policy: Policy,
    pub(crate) produces: Vec<Produces>,
    pub(crate) subjects: BTreeMap<String, SubjectOverride>,
    /// `[app] name`: the application's name in the registry (for contracts and deployments).
    pub(crate) app: Option<String>,
    /// What the application reads (`[[consumes]]`).
    pub(crate) consumes: Vec<Consumes>,
}

/// Where a schema file's subject and settings come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mapping {
    pub(crate) subject: String,
    pub(crate) level: Level,
    pub(crate) policy: Policy,
    /// How the subject was chosen, for `accord subjects --explain`.
    pub(crate) why: String,
}

impl Config {
    /// Find `accord.toml` (the given file, or the nearest one from the current directory up) and
    /// load it.
    pub(crate) fn find_and_load(explicit: Option<&Path>) -> Result<Config, Failure> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None => nearest()?.ok_or_else(|| {
                let cwd = std::env::current_dir().unwrap_or_default();
                Failure::invalid_input(format!(
                    "no {FILE_NAME} in {} or any parent directory: run `accord init` to write \
                     one, or pass --config FILE",
                    cwd.display()
                ))
            })?,
        };
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Failure::new(
                Exit::InvalidInput,
                anyhow::Error::from(e).context(format!("cannot read {}", path.display())),
            )
        })?;
        let root = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Config::parse(&text, &path, root)
    }

    /// The nearest `accord.toml` from the current directory up, loaded, or `None` when there is
    /// none (commands for which the file only gives defaults).
    pub(crate) fn find_nearest() -> Result<Option<Config>, Failure> {
        match nearest()? {
            Some(path) => Config::find_and_load(Some(&path)).map(Some),
            None => Ok(None),
        }
    }

    /// Parse the text of `path`; `root` is the directory paths are relative to.
    pub(crate) fn parse(text: &str, path: &Path, root: PathBuf) -> Result<Config, Failure> {
        let name = path.display().to_string();
        let at = Spans { name: &name, text };
        let raw: RawConfig = at.toml()?;
        if let Some(format) = &raw.defaults.format {
            if !format.get_ref().eq_ignore_ascii_case("json") {
                return Err(at.error(
                    Some(format.span()),
                    format!(
                        "unsupported schema format `{}`; only \"json\" (JSON Schema) is supported",
                        format.get_ref()
                    ),
                ));
            }
        }
        let naming = setting(at, &raw.defaults.naming)?.unwrap_or(DEFAULT_NAMING);
        let registry_url = raw
            .registry
            .as_ref()
            .map(|r| registry_url(at, &r.url))
            .transpose()?;
        let produces = raw
            .produces
            .iter()
            .map(|entry| produces(at, entry, naming))
            .collect::<Result<_, _>>()?;
        let mut subjects = BTreeMap::new();
        for (subject, table) in &raw.subjects {
            let t = table.get_ref();
            let over = SubjectOverride {
                level: setting(at, &t.level)?,
                policy: setting(at, &t.policy)?,
                retired: t.retired,
            };
            subjects.insert(subject.clone(), over);
        }
        let app = raw
            .app
            .as_ref()
            .map(|app| app_name(at, &app.get_ref().name))
            .transpose()?;
        let mut consumes: Vec<Consumes> = Vec::new();
        for entry in &raw.consumes {
            let c = consumes_entry(at, entry, app.is_some(), &consumes)?;
            consumes.push(c);
        }
        Ok(Config {
            root,
            path: path.to_path_buf(),
            app,
            consumes,
            registry_url,
            level: setting(at, &raw.defaults.level)?.unwrap_or(DEFAULT_LEVEL),
            policy: setting(at, &raw.defaults.policy)?.unwrap_or(DEFAULT_POLICY),
            produces,
            subjects,
        })
    }

    /// Whether the config marks `subject` as retired.
    pub(crate) fn is_retired(&self, subject: &str) -> bool {
        self.subjects.get(subject).is_some_and(|s| s.retired)
    }

    /// The first `[[produces]]` entry whose glob matches `path` (relative to the root).
    pub(crate) fn entry_for(&self, path: &str) -> Option<&Produces> {
        self.produces.iter().find(|p| p.matcher.is_match(path))
    }

    /// The subject, level and policy of the schema file at `path`; `title` is the schema's
    /// `title`, needed by the record strategies. `Err` is a sentence for the user.
    pub(crate) fn map(
        &self,
        entry: &Produces,
        path: &str,
        title: Option<&str>,
    ) -> Result<Mapping, String> {
        let (subject, mut why) = match &entry.subject {
            Some(subject) => (subject.clone(), "explicit subject".to_string()),
            None => {
                let stem = Path::new(path)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let topic = entry.topic.clone().unwrap_or(stem);
                let title = || {
                    title.map(str::to_string).ok_or_else(|| {
                        format!(
                            "{path}: the {} naming needs the schema's \"title\" (its record \
                             name), and it has none",
                            entry.naming.as_str()
                        )
                    })
                };
                let subject = match entry.naming {
                    Naming::Topic => format!("{topic}-value"),
                    Naming::Record => title()?,
                    Naming::TopicRecord => format!("{topic}-{}", title()?),
                };
                (subject, format!("{} naming", entry.naming.as_str()))
            }
        };
        let over = self.subjects.get(&subject).cloned().unwrap_or_default();
        let level = over.level.or(entry.level).unwrap_or(self.level);
        let policy = over.policy.or(entry.policy).unwrap_or(self.policy);
        if over.level.is_some() || over.policy.is_some() {
            why.push_str(", subject override");
        } else if entry.level.is_some() || entry.policy.is_some() {
            why.push_str(", entry override");
        }
        why = format!("{why} (accord.toml:{})", entry.line);
        Ok(Mapping {
            subject,
            level,
            policy,
            why,
        })
    }

    /// Every file under the root matched by some `[[produces]]` glob, sorted. A glob that matches
    /// nothing is an error naming its line.
    pub(crate) fn produced_files(&self) -> Result<Vec<String>, Failure> {
        let mut hits = vec![0usize; self.produces.len()];
        let mut files = Vec::new();
        let walker = walkdir::WalkDir::new(&self.root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !(e.file_type().is_dir()
                        && matches!(
                            e.file_name().to_str(),
                            Some(".git" | "target" | "node_modules")
                        ))
            });
        for entry in walker {
            let entry = entry.map_err(|e| {
                Failure::new(
                    Exit::InvalidInput,
                    anyhow::Error::from(e).context(format!("cannot list {}", self.root.display())),
                )
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Some(rel) = relative(&self.root, entry.path()) else {
                continue;
            };
            let mut matched = false;
            for (i, p) in self.produces.iter().enumerate() {
                if p.matcher.is_match(&rel) {
                    hits[i] += 1;
                    matched = true;
                }
            }
            if matched {
                files.push(rel);
            }
        }
        if let Some(i) = hits.iter().position(|&n| n == 0) {
            let p = &self.produces[i];
            return Err(Failure::invalid_input(format!(
                "{}:{}: the glob \"{}\" matches no file",
                self.path.display(),
                p.line,
                p.glob
            )));
        }
        Ok(files)
    }
}

/// A value of `accord.toml` that is one of a closed set of names: one validator serves every
/// such kind, so every error reads "unknown KIND `VALUE`; expected one of ...".
trait Setting: Sized + Copy + 'static {
    /// What the value is called in errors.
    const KIND: &'static str;
    /// Every value, in the order errors list them.
    const ALL: &'static [Self];
    fn name(self) -> &'static str;
    fn parse(value: &str) -> Option<Self>;
}

macro_rules! setting {
    ($type:ty, $kind:literal, $parse:path) => {
        impl Setting for $type {
            const KIND: &'static str = $kind;
            const ALL: &'static [$type] = &<$type>::ALL;
            fn name(self) -> &'static str {
                self.as_str()
            }
            fn parse(value: &str) -> Option<$type> {
                $parse(value)
            }
        }
    };
}

setting!(Level, "level", Level::parse);
setting!(Policy, "policy", Policy::parse);
setting!(Naming, "naming", Naming::from_name);

/// The setting written at `value`, if any; an unknown name fails at its position.
fn setting<T: Setting>(at: Spans, value: &Option<Spanned<String>>) -> Result<Option<T>, Failure> {
    let Some(v) = value else {
        return Ok(None);
    };
    T::parse(v.get_ref()).map(Some).ok_or_else(|| {
        at.error(
            Some(v.span()),
            format!(
                "unknown {} `{}`; expected one of {}",
                T::KIND,
                v.get_ref(),
                T::ALL
                    .iter()
                    .map(|t| t.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })
}

/// `[registry] url`, without a trailing `/`.
fn registry_url(at: Spans, url: &Spanned<String>) -> Result<String, Failure> {
    let trimmed = url.get_ref().trim_end_matches('/').to_string();
    if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
        Ok(trimmed)
    } else {
        Err(at.error(
            Some(url.span()),
            format!("registry url `{trimmed}` must start with http:// or https://"),
        ))
    }
}

/// `[app] name`: 1 to 255 bytes without control characters, as the registry stores names.
fn app_name(at: Spans, name: &Spanned<String>) -> Result<String, Failure> {
    let value = name.get_ref();
    if value.trim().is_empty() || value.len() > 255 || value.chars().any(char::is_control) {
        return Err(at.error(
            Some(name.span()),
            format!("app name {value:?} is not valid: 1 to 255 bytes without control characters"),
        ));
    }
    Ok(value.clone())
}

/// One `[[produces]]` entry; `naming` is the default naming.
fn produces(at: Spans, entry: &Spanned<RawProduces>, naming: Naming) -> Result<Produces, Failure> {
    let line = at.line(entry.span().start);
    let entry = entry.get_ref();
    let files_at = Some(entry.files.span());
    if entry.subject.is_some() && entry.topic.is_some() {
        return Err(at.error(
            files_at,
            "a [[produces]] entry takes `subject` or `topic`, not both",
        ));
    }
    let glob = entry.files.get_ref().clone();
    let matcher = GlobBuilder::new(&glob)
        .literal_separator(true)
        .build()
        .map_err(|e| at.error(files_at, format!("invalid glob: {e}")))?
        .compile_matcher();
    Ok(Produces {
        glob,
        matcher,
        line,
        subject: entry.subject.clone(),
        topic: entry.topic.clone(),
        naming: setting(at, &entry.naming)?.unwrap_or(naming),
        level: setting(at, &entry.level)?,
        policy: setting(at, &entry.policy)?,
    })
}

/// One `[[consumes]]` entry; `earlier` are the entries before it (one contract per subject).
fn consumes_entry(
    at: Spans,
    entry: &Spanned<RawConsumes>,
    has_app: bool,
    earlier: &[Consumes],
) -> Result<Consumes, Failure> {
    let line = at.line(entry.span().start);
    let e = entry.get_ref();
    let span = Some(e.subject.span());
    let subject = e.subject.get_ref().clone();
    if !has_app {
        return Err(at.error(
            span,
            "[[consumes]] needs the application's name: add `[app] name = \"...\"`",
        ));
    }
    if subject.trim().is_empty() {
        return Err(at.error(span, "the subject is empty"));
    }
    if let Some(first) = earlier.iter().find(|c| c.subject == subject) {
        return Err(at.error(
            span,
            format!(
                "a second [[consumes]] entry for {subject} (the first is on line {}): give one \
                 contract per subject",
                first.line
            ),
        ));
    }
    let source =
        match (&e.reads, &e.schema, &e.file) {
            (Some(reads), None, None) if reads.is_empty() => {
                return Err(at.error(span, "`reads` is empty"))
            }
            (Some(reads), None, None) => ContractSource::Reads(check_reads(reads, at)?),
            (None, Some(schema), None) => ContractSource::Schema(schema.get_ref().clone()),
            (None, None, Some(file)) => ContractSource::File(file.get_ref().clone()),
            _ => return Err(at.error(
                span,
                "a [[consumes]] entry takes exactly one of `reads` (a table of reads), `schema` \
                 (a reader JSON Schema file) or `file` (a contract file)",
            )),
        };
    Ok(Consumes {
        subject,
        line,
        source,
    })
}

/// The nearest `accord.toml` from the current directory up, if any.
fn nearest() -> Result<Option<PathBuf>, Failure> {
    let cwd = std::env::current_dir().map_err(|e| Failure::new(Exit::Infrastructure, e))?;
    Ok(cwd
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file()))
}

#[cfg(test)]
mod tests;
