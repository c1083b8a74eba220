//! `accord.toml`: the project file at the repository root, and the file → subject mapping it
//! yields.
//!
//! The file is parsed strictly (unknown keys are errors) and every error names its line, so a
//! typo fails the CI gate loudly instead of silently checking nothing. Paths in the file and in
//! everything derived from it are relative to the directory holding `accord.toml` (the root),
//! with `/` separators, as git and CI annotations spell them.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use accord_schemas::compat::{Level, Policy};
use accord_schemas::contract::{self, Read};
use globset::{GlobBuilder, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

use crate::failure::Failure;
use crate::Exit;

/// The file name looked for in the current directory and its parents.
pub(crate) const FILE_NAME: &str = "accord.toml";

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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApp {
    name: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConsumes {
    subject: Spanned<String>,
    reads: Option<Vec<Spanned<Read>>>,
    schema: Option<Spanned<String>>,
    file: Option<Spanned<String>>,
}

/// A contract file named by `[[consumes]] file = "..."`: a table of reads.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContractFile {
    reads: Vec<Spanned<Read>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegistry {
    url: Spanned<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefaults {
    level: Option<Spanned<String>>,
    policy: Option<Spanned<String>>,
    naming: Option<Spanned<String>>,
    format: Option<Spanned<String>>,
}

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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSubject {
    level: Option<Spanned<String>>,
    policy: Option<Spanned<String>>,
    #[serde(default)]
    retired: bool,
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
    fn parse(value: &str) -> Option<Naming> {
        match value {
            "topic" => Some(Naming::Topic),
            "record" => Some(Naming::Record),
            "topic-record" => Some(Naming::TopicRecord),
            _ => None,
        }
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
        let err = |span: Option<Range<usize>>, message: String| {
            let at = match span {
                Some(span) => {
                    let (line, col) = line_col(text, span.start);
                    format!("{name}:{line}:{col}")
                }
                None => name.clone(),
            };
            Failure::invalid_input(format!("{at}: {message}"))
        };
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| err(e.span(), e.message().trim_end().to_string()))?;

        let level = |value: &Option<Spanned<String>>| -> Result<Option<Level>, Failure> {
            value
                .as_ref()
                .map(|v| {
                    Level::parse(v.get_ref()).ok_or_else(|| {
                        let names: Vec<&str> = Level::ALL.iter().map(|l| l.as_str()).collect();
                        err(
                            Some(v.span()),
                            format!(
                                "unknown level `{}`; expected one of {}",
                                v.get_ref(),
                                names.join(", ")
                            ),
                        )
                    })
                })
                .transpose()
        };
        let policy = |value: &Option<Spanned<String>>| -> Result<Option<Policy>, Failure> {
            value
                .as_ref()
                .map(|v| {
                    Policy::parse(v.get_ref()).ok_or_else(|| {
                        err(
                            Some(v.span()),
                            format!(
                                "unknown policy `{}`; expected one of STRICT, LENIENT, ADD_ONLY",
                                v.get_ref()
                            ),
                        )
                    })
                })
                .transpose()
        };
        let naming = |value: &Option<Spanned<String>>| -> Result<Option<Naming>, Failure> {
            value
                .as_ref()
                .map(|v| {
                    Naming::parse(v.get_ref()).ok_or_else(|| {
                        err(
                            Some(v.span()),
                            format!(
                                "unknown naming `{}`; expected one of topic, record, topic-record",
                                v.get_ref()
                            ),
                        )
                    })
                })
                .transpose()
        };

        if let Some(format) = &raw.defaults.format {
            if !format.get_ref().eq_ignore_ascii_case("json") {
                return Err(err(
                    Some(format.span()),
                    format!(
                        "unsupported schema format `{}`; only \"json\" (JSON Schema) is supported",
                        format.get_ref()
                    ),
                ));
            }
        }
        let default_naming = naming(&raw.defaults.naming)?.unwrap_or(Naming::Topic);
        let registry_url = match &raw.registry {
            Some(registry) => {
                let url = registry.url.get_ref().trim_end_matches('/').to_string();
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    return Err(err(
                        Some(registry.url.span()),
                        format!("registry url `{url}` must start with http:// or https://"),
                    ));
                }
                Some(url)
            }
            None => None,
        };

        let mut produces = Vec::new();
        for entry in &raw.produces {
            let (line, _) = line_col(text, entry.span().start);
            let entry = entry.get_ref();
            if entry.subject.is_some() && entry.topic.is_some() {
                return Err(err(
                    Some(entry.files.span()),
                    "a [[produces]] entry takes `subject` or `topic`, not both".to_string(),
                ));
            }
            let glob = entry.files.get_ref().clone();
            let matcher = GlobBuilder::new(&glob)
                .literal_separator(true)
                .build()
                .map_err(|e| err(Some(entry.files.span()), format!("invalid glob: {e}")))?
                .compile_matcher();
            produces.push(Produces {
                glob,
                matcher,
                line,
                subject: entry.subject.clone(),
                topic: entry.topic.clone(),
                naming: naming(&entry.naming)?.unwrap_or(default_naming),
                level: level(&entry.level)?,
                policy: policy(&entry.policy)?,
            });
        }
        let mut subjects = BTreeMap::new();
        for (subject, table) in &raw.subjects {
            let t = table.get_ref();
            subjects.insert(
                subject.clone(),
                SubjectOverride {
                    level: level(&t.level)?,
                    policy: policy(&t.policy)?,
                    retired: t.retired,
                },
            );
        }
        let app = match &raw.app {
            Some(app) => {
                let name = app.get_ref().name.get_ref();
                if name.trim().is_empty() || name.len() > 255 || name.chars().any(char::is_control)
                {
                    return Err(err(
                        Some(app.get_ref().name.span()),
                        format!(
                            "app name {name:?} is not valid: 1 to 255 bytes without control \
                             characters"
                        ),
                    ));
                }
                Some(name.clone())
            }
            None => None,
        };
        let mut consumes: Vec<Consumes> = Vec::new();
        for entry in &raw.consumes {
            let (line, _) = line_col(text, entry.span().start);
            let span = Some(entry.get_ref().subject.span());
            let e = entry.get_ref();
            let subject = e.subject.get_ref().clone();
            if app.is_none() {
                return Err(err(
                    span,
                    "[[consumes]] needs the application's name: add `[app] name = \"...\"`"
                        .to_string(),
                ));
            }
            if subject.trim().is_empty() {
                return Err(err(span, "the subject is empty".to_string()));
            }
            if let Some(first) = consumes.iter().find(|c| c.subject == subject) {
                return Err(err(
                    span,
                    format!(
                        "a second [[consumes]] entry for {subject} (the first is on line {}): \
                         give one contract per subject",
                        first.line
                    ),
                ));
            }
            let source =
                match (&e.reads, &e.schema, &e.file) {
                    (Some(reads), None, None) => {
                        if reads.is_empty() {
                            return Err(err(span, "`reads` is empty".to_string()));
                        }
                        check_reads(reads, |span, message| err(Some(span), message))?;
                        ContractSource::Reads(reads.iter().map(|r| r.get_ref().clone()).collect())
                    }
                    (None, Some(schema), None) => ContractSource::Schema(schema.get_ref().clone()),
                    (None, None, Some(file)) => ContractSource::File(file.get_ref().clone()),
                    _ => return Err(err(
                        span,
                        "a [[consumes]] entry takes exactly one of `reads` (a table of reads), \
                         `schema` (a reader JSON Schema file) or `file` (a contract file)"
                            .to_string(),
                    )),
                };
            consumes.push(Consumes {
                subject,
                line,
                source,
            });
        }
        Ok(Config {
            root,
            path: path.to_path_buf(),
            app,
            consumes,
            registry_url,
            level: level(&raw.defaults.level)?.unwrap_or(Level::Backward),
            policy: policy(&raw.defaults.policy)?.unwrap_or(Policy::Strict),
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

/// Compile a table of reads, so a bad read fails here with its position: `err` makes the failure
/// from the read's span and a sentence.
fn check_reads(
    reads: &[Spanned<Read>],
    err: impl Fn(Range<usize>, String) -> Failure,
) -> Result<(), Failure> {
    let plain: Vec<Read> = reads.iter().map(|r| r.get_ref().clone()).collect();
    contract::compile(&plain).map(|_| ()).map_err(|e| {
        let index = e.index().min(reads.len() - 1);
        err(reads[index].span(), e.to_string())
    })
}

/// The reads of a contract file (TOML with a `reads` array of tables); errors name
/// `file:line:col`.
pub(crate) fn parse_contract_file(text: &str, name: &str) -> Result<Vec<Read>, Failure> {
    let at = |span: Option<Range<usize>>, message: String| {
        let at = match span {
            Some(span) => {
                let (line, col) = line_col(text, span.start);
                format!("{name}:{line}:{col}")
            }
            None => name.to_string(),
        };
        Failure::invalid_input(format!("{at}: {message}"))
    };
    let raw: RawContractFile =
        toml::from_str(text).map_err(|e| at(e.span(), e.message().trim_end().to_string()))?;
    if raw.reads.is_empty() {
        return Err(at(None, "`reads` is empty".to_string()));
    }
    check_reads(&raw.reads, |span, message| at(Some(span), message))?;
    Ok(raw.reads.into_iter().map(Spanned::into_inner).collect())
}

/// The nearest `accord.toml` from the current directory up, if any.
fn nearest() -> Result<Option<PathBuf>, Failure> {
    let cwd = std::env::current_dir().map_err(|e| Failure::new(Exit::Infrastructure, e))?;
    Ok(cwd
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file()))
}

/// `path` relative to `root`, with `/` separators.
pub(crate) fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new("accord.toml"), PathBuf::from("."))
            .map_err(|f| format!("{:#}", f.error))
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("[defaults]\nlevel = \"BACKWARD\"\ncolour = 1\n").unwrap_err();
        assert!(
            e.starts_with("accord.toml:3:1: unknown field `colour`"),
            "{e}"
        );
        let e = parse("[defaults]\n\nlevel = \"SIDEWAYS\"\n").unwrap_err();
        assert!(
            e.starts_with("accord.toml:3:9: unknown level `SIDEWAYS`"),
            "{e}"
        );
        let e = parse("[[produces]]\nfiles = \"a/*.json\"\nsubject = \"x\"\ntopic = \"y\"\n")
            .unwrap_err();
        assert!(e.starts_with("accord.toml:2:9:"), "{e}");
        let e = parse("[registry]\nurl = \"ftp://x\"\n").unwrap_err();
        assert!(e.starts_with("accord.toml:2:7:"), "{e}");
    }

    #[test]
    fn consumes_entries_are_checked_and_errors_name_the_line() {
        let config = parse(
            "[app]\nname = \"email\"\n\n[[consumes]]\nsubject = \"orders-value\"\n\
             reads = [\n  { path = \"/order_id\", type = \"string\" },\n  \
             { path = \"/status\", enum = [\"NEW\"], tolerate_unknown = true, required = false },\n]\n\
             [[consumes]]\nsubject = \"payments-value\"\nschema = \"contracts/payments.json\"\n\
             [[consumes]]\nsubject = \"refunds-value\"\nfile = \"contracts/refunds.toml\"\n",
        )
        .unwrap();
        assert_eq!(config.app.as_deref(), Some("email"));
        let lines: Vec<(&str, usize)> = config
            .consumes
            .iter()
            .map(|c| (c.subject.as_str(), c.line))
            .collect();
        assert_eq!(
            lines,
            [
                ("orders-value", 4),
                ("payments-value", 10),
                ("refunds-value", 13)
            ]
        );
        match &config.consumes[0].source {
            ContractSource::Reads(reads) => {
                assert_eq!(reads.len(), 2);
                assert!(!reads[1].required && reads[1].tolerate_unknown);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            &config.consumes[1].source,
            ContractSource::Schema(f) if f == "contracts/payments.json"
        ));

        let cases = [
            (
                "[[consumes]]\nsubject = \"s\"\nreads = [{ path = \"/a\" }]\n",
                "accord.toml:2:11: [[consumes]] needs the application's name",
            ),
            (
                "[app]\nname = \"a\"\n[[consumes]]\nsubject = \"s\"\nschema = \"r.json\"\n\
                 file = \"c.toml\"\n",
                "accord.toml:4:11: a [[consumes]] entry takes exactly one of",
            ),
            (
                "[app]\nname = \"a\"\n[[consumes]]\nsubject = \"s\"\nreads = [\n\
                 { path = \"/a\" },\n{ path = \"b\" },\n]\n",
                "accord.toml:7:1: read 1: \"b\" is not a JSON pointer",
            ),
            (
                "[app]\nname = \"a\"\n[[consumes]]\nsubject = \"s\"\nreads = [\n\
                 { path = \"/a\", type = \"text\" },\n]\n",
                "accord.toml:6:1: read 0 (/a): unknown type \"text\"",
            ),
            (
                "[app]\nname = \"a\"\n[[consumes]]\nsubject = \"s\"\nreads = [\n\
                 { path = \"/a\", typ = \"string\" },\n]\n",
                "accord.toml:6:",
            ),
            (
                "[app]\nname = \"a\"\n[[consumes]]\nsubject = \"s\"\nreads = [{ path = \"/a\" }]\n\
                 [[consumes]]\nsubject = \"s\"\nreads = [{ path = \"/b\" }]\n",
                "accord.toml:7:11: a second [[consumes]] entry for s (the first is on line 3)",
            ),
            (
                "[app]\nname = \"\"\n",
                "accord.toml:2:8: app name \"\" is not valid",
            ),
        ];
        for (text, expected) in cases {
            let e = parse(text).unwrap_err();
            assert!(e.starts_with(expected), "{text}\n→ {e}");
        }
    }

    #[test]
    fn contract_files_hold_a_reads_table_and_errors_name_the_file() {
        let reads = parse_contract_file(
            "[[reads]]\npath = \"/order_id\"\ntype = \"string\"\n\n[[reads]]\npath = \"/items/*/sku\"\n",
            "contracts/orders.toml",
        )
        .unwrap();
        assert_eq!(reads.len(), 2);
        assert_eq!(reads[1].path, "/items/*/sku");
        let e = parse_contract_file("[[reads]]\npath = \"/a\"\ntype = \"strng\"\n", "c.toml")
            .map_err(|f| format!("{:#}", f.error))
            .unwrap_err();
        assert!(
            e.starts_with("c.toml:1:1: read 0 (/a): unknown type"),
            "{e}"
        );
        let e = parse_contract_file("reads = []\n", "c.toml")
            .map_err(|f| format!("{:#}", f.error))
            .unwrap_err();
        assert_eq!(e, "c.toml: `reads` is empty");
    }

    #[test]
    fn subjects_follow_the_naming_and_overrides_win() {
        let config = parse(
            "[defaults]\nlevel = \"FULL\"\nnaming = \"topic-record\"\n\
             [[produces]]\nfiles = \"s/*.json\"\ntopic = \"orders\"\npolicy = \"lenient\"\n\
             [[produces]]\nfiles = \"t/*.json\"\nnaming = \"topic\"\n\
             [subjects.\"orders-Order\"]\nlevel = \"none\"\n",
        )
        .unwrap();
        let entry = config.entry_for("s/order.json").unwrap();
        let m = config.map(entry, "s/order.json", Some("Order")).unwrap();
        assert_eq!(m.subject, "orders-Order");
        assert_eq!((m.level, m.policy), (Level::None, Policy::Lenient));
        assert!(config.map(entry, "s/order.json", None).is_err());
        let entry = config.entry_for("t/pay-done.json").unwrap();
        let m = config.map(entry, "t/pay-done.json", None).unwrap();
        assert_eq!(m.subject, "pay-done-value");
        assert_eq!((m.level, m.policy), (Level::Full, Policy::Strict));
        assert!(m.why.contains("accord.toml:8"), "{}", m.why);
    }
}
