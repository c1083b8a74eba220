//! The command line, as clap parses it: every command's arguments, and nothing else. Doc comments
//! here are the `--help` text. Values that need checking beyond their syntax (levels, policies,
//! versions, `--against`) are parsed into checked types here, so commands receive checked values.
//! Commands import their arguments from here; this module imports no command.

use std::fmt;
use std::path::PathBuf;

use accord_schemas::compat::{Level, Policy};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::client::DEFAULT_URL;
use crate::exit::EXIT_CODES_HELP;
use crate::project::{DEFAULT_LEVEL, DEFAULT_POLICY};

/// Accord keeps the producers and consumers of events in agreement: it diffs schemas with
/// Confluent Schema Registry's compatibility rules and validates payloads against them.
#[derive(Debug, Parser)]
#[command(name = "accord", version, after_help = EXIT_CODES_HELP)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Compare two schema files and list every change with its verdict.
    ///
    /// JSON Schema, or Avro (`.avsc`, or --type avro).
    ///
    /// Answers "can a reader using NEW read every event written with OLD?" (BACKWARD), or the
    /// question of the level given. Exits 0 when compatible, 1 when not.
    #[command(after_help = EXIT_CODES_HELP)]
    Diff(DiffArgs),
    /// Validate JSON or NDJSON payloads against a schema.
    ///
    /// The schema is a file (--schema), a subject's version in the registry (--subject,
    /// --version), or, with --framed, the schema whose id each Confluent frame names.
    /// Payloads come from files or standard input: a file holding one JSON document is one
    /// payload; NDJSON (one payload per line) is detected from the first line, or forced with
    /// --ndjson, and streamed in constant memory. Invalid payloads are reported one line per
    /// violation as `file:line: invalid /pointer: message [schema path]`, then a summary. Exits 0
    /// when every payload is valid, 1 when one is not (or is not JSON).
    #[command(after_help = EXIT_CODES_HELP)]
    Validate(ValidateArgs),
    /// The CI gate: check schema files against git or the registry.
    ///
    /// Checks the schema files accord.toml maps to subjects against their old versions, from git
    /// (`--against git:main`) or the registry (`--against registry`). Every finding names its
    /// file, line and column, its change kind, its verdict and a hint of what would make it
    /// compatible. New files are new subjects; a deleted file is a deleted subject, breaking
    /// unless accord.toml marks it retired. Exits 0 when every subject is compatible, 1 on a
    /// breaking change.
    #[command(after_help = EXIT_CODES_HELP)]
    Check(CheckArgs),
    /// Register the schemas accord.toml maps, once each.
    ///
    /// Registers every schema whose content its subject does not hold yet. Checks all of them
    /// against the registry first and registers nothing unless all pass; a second run registers
    /// nothing and says "unchanged" for each.
    #[command(after_help = EXIT_CODES_HELP)]
    Publish(PublishArgs),
    /// Print the file → subject → level mapping accord.toml yields.
    ///
    /// Exits 3 when two files map to one subject.
    #[command(after_help = EXIT_CODES_HELP)]
    Subjects(SubjectsArgs),
    /// Write a starter accord.toml from the schema files found here.
    #[command(after_help = EXIT_CODES_HELP)]
    Init(InitArgs),
    /// Record that a version of an application is deployed in an environment.
    ///
    /// Replaces the application's previous version in that environment. The version must have
    /// been published to the registry (with its contracts). Exits 0 when recorded, 4 when the
    /// registry does not know the application or version.
    #[command(after_help = EXIT_CODES_HELP)]
    RecordDeployment(RecordDeploymentArgs),
    /// Can this version of an application be deployed to an environment?
    ///
    /// Checks its produced schemas against the contracts of the consumers deployed there, and its
    /// contracts against the schemas of the producers deployed there, and prints one row per
    /// producer, consumer and subject. Exits 0 (yes), 1 (no) or 4 (unknown: a version,
    /// counterpart or schema the registry does not know).
    #[command(name = "can-i-deploy", after_help = EXIT_CODES_HELP)]
    CanIDeploy(CanIDeployArgs),
    /// Consumer contracts: what this application reads of the subjects it consumes.
    #[command(subcommand)]
    Contract(ContractCommand),
}

/// The project file, for the commands that work on a project.
#[derive(Debug, Args)]
pub(crate) struct ProjectFile {
    /// The project file (default: accord.toml in the current directory or a parent).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}

/// The project file and the registry it names.
#[derive(Debug, Args)]
pub(crate) struct ProjectArgs {
    #[command(flatten)]
    pub(crate) file: ProjectFile,
    /// The registry's URL, instead of `[registry] url` (a token in ACCORD_TOKEN is sent as a
    /// bearer token).
    #[arg(long, value_name = "URL", env = "ACCORD_REGISTRY_URL")]
    pub(crate) registry: Option<String>,
}

/// Which version of which application, and where the registry is.
#[derive(Debug, Args)]
pub(crate) struct AppVersionArgs {
    /// The application (default: `[app] name` of accord.toml).
    #[arg(long)]
    pub(crate) app: Option<String>,
    /// The application's version (a semantic version or a git SHA).
    #[arg(long)]
    pub(crate) version: String,
    /// The registry's URL (default: `[registry] url` of accord.toml when there is one, else
    /// http://127.0.0.1:8081); a token in ACCORD_TOKEN is sent as a bearer token.
    #[arg(long, value_name = "URL", env = "ACCORD_REGISTRY_URL")]
    pub(crate) registry: Option<String>,
    /// The project file giving the defaults of --app and --registry (default: accord.toml in
    /// the current directory or a parent, if any).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
}

/// `accord record-deployment`.
#[derive(Debug, Args)]
pub(crate) struct RecordDeploymentArgs {
    /// The version deployed.
    #[command(flatten)]
    pub(crate) deployed: AppVersionArgs,
    /// The environment (letters, digits, `.`, `_`, `-`).
    #[arg(long)]
    pub(crate) env: String,
}

/// `accord can-i-deploy`.
#[derive(Debug, Args)]
pub(crate) struct CanIDeployArgs {
    /// The version to deploy.
    #[command(flatten)]
    pub(crate) candidate: AppVersionArgs,
    /// The environment to deploy to.
    #[arg(long)]
    pub(crate) to: String,
    /// While the answer is unknown, ask again this many times.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub(crate) retry_while_unknown: u32,
    /// Seconds between two attempts.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub(crate) retry_interval: u64,
    /// Output format: a table for people, or the registry's JSON answer.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

/// `accord diff`.
#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The existing schema: the one the data was written with (`-` reads standard input).
    #[arg(value_name = "OLD")]
    pub(crate) old: PathBuf,
    /// The candidate schema: the one readers will use (`-` reads standard input).
    #[arg(value_name = "NEW")]
    pub(crate) new: PathBuf,
    /// Compatibility level: NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE,
    /// FULL, FULL_TRANSITIVE (case-insensitive; with two files a transitive level is its plain
    /// form).
    #[arg(long, short, value_name = "LEVEL", default_value_t = DEFAULT_LEVEL, value_parser = parse_level)]
    pub(crate) level: Level,
    /// Which changes are allowed: STRICT (Confluent's default), LENIENT, or ADD_ONLY (only added
    /// optional properties and documentation) (case-insensitive, `-` or `_`).
    #[arg(long, short, value_name = "POLICY", default_value_t = DEFAULT_POLICY, value_parser = parse_policy)]
    pub(crate) policy: Policy,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// The schemas' format; by default from the file name (`.avsc` is Avro, anything else JSON
    /// Schema).
    #[arg(long = "type", value_name = "TYPE", value_enum)]
    pub(crate) schema_type: Option<SchemaTypeArg>,
}

/// `accord validate`.
#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// The schema file the payloads must satisfy (`-` reads standard input): JSON Schema, or
    /// Avro (`.avsc`, payloads in Avro's JSON encoding).
    #[arg(long, short, value_name = "FILE", required_unless_present_any = ["subject", "framed"], conflicts_with_all = ["subject", "framed"])]
    pub(crate) schema: Option<PathBuf>,
    /// The format of --schema; by default from the file name (`.avsc` is Avro, anything else
    /// JSON Schema).
    #[arg(long = "type", value_name = "TYPE", value_enum, requires = "schema")]
    pub(crate) schema_type: Option<SchemaTypeArg>,
    /// Validate against this subject's schema in the registry (the latest version unless
    /// --version is given).
    #[arg(long, value_name = "SUBJECT", conflicts_with = "framed")]
    pub(crate) subject: Option<String>,
    /// The version of --subject: a number or `latest`.
    #[arg(long = "version", id = "subject_version", value_name = "VERSION", requires = "subject", conflicts_with_all = ["schema", "framed"], value_parser = parse_version)]
    pub(crate) version: Option<SubjectVersion>,
    /// Each input line is one Confluent-framed message (magic byte 0, 4-byte big-endian schema
    /// id, JSON payload), written in hex or base64: one frame per line, since raw frames carry no
    /// delimiter (blank lines are skipped).
    /// The id selects the schema, fetched from the registry once per id. A bad frame (not hex or
    /// base64, truncated, a magic byte other than 0, an unknown schema id) is reported for its
    /// line and the stream goes on.
    #[arg(long, value_name = "ENCODING", value_enum)]
    pub(crate) framed: Option<FrameEncoding>,
    /// The schema registry for --subject and --framed.
    #[arg(
        long,
        value_name = "URL",
        env = "ACCORD_REGISTRY_URL",
        default_value = DEFAULT_URL
    )]
    pub(crate) registry: String,
    /// Payload files (JSON or NDJSON); none, or `-`, reads standard input.
    #[arg(value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
    /// Read every input as NDJSON (one payload per line) instead of detecting it.
    #[arg(long)]
    pub(crate) ndjson: bool,
    /// Stop after this many invalid payloads (the exit code is then 1).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) max_errors: Option<u64>,
    /// Output format: text for people; json for one JSON object per line, one per invalid
    /// payload, then a summary object.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

/// A schema format named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaTypeArg {
    /// JSON Schema.
    Json,
    /// Avro.
    Avro,
    /// Protobuf (not supported yet: refused with a message).
    Protobuf,
}

impl SchemaTypeArg {
    /// The core's schema type.
    pub(crate) fn schema_type(self) -> accord_schemas::SchemaType {
        match self {
            SchemaTypeArg::Json => accord_schemas::SchemaType::Json,
            SchemaTypeArg::Avro => accord_schemas::SchemaType::Avro,
            SchemaTypeArg::Protobuf => accord_schemas::SchemaType::Protobuf,
        }
    }
}

/// How `--framed` records are written, one per line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FrameEncoding {
    /// Hexadecimal digits (upper or lower case), two per byte.
    Hex,
    /// Standard base64 (RFC 4648, `+` and `/`), padding optional.
    Base64,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people: one line per finding, colour on a terminal.
    Text,
    /// For machines: JSON.
    Json,
}

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
    #[command(flatten)]
    pub(crate) project: ProjectArgs,
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

/// `accord publish`.
#[derive(Debug, Args)]
pub(crate) struct PublishArgs {
    /// Check and say what would be registered, register nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Publish the contracts even when `accord contract verify` would reject them (by default a
    /// contract the producers do not satisfy stops the publication: nothing is registered or
    /// published).
    #[arg(long)]
    pub(crate) allow_unverified: bool,
    #[command(flatten)]
    pub(crate) project: ProjectArgs,
    /// The application version to publish with its contracts (needs `[app] name`); default: the
    /// CI's commit variable (GITHUB_SHA, CI_COMMIT_SHA, ...), else git's HEAD.
    #[arg(long = "version", value_name = "VERSION")]
    pub(crate) app_version: Option<String>,
    /// The branch the version was built from; default: the CI's branch variable
    /// (GITHUB_HEAD_REF/GITHUB_REF_NAME, CI_COMMIT_REF_NAME, ...), else git's current branch.
    #[arg(long, value_name = "BRANCH")]
    pub(crate) branch: Option<String>,
}

/// `accord contract ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ContractCommand {
    /// Check this application's contracts against the schemas its producers write.
    ///
    /// For each `[[consumes]]` entry of accord.toml, checks the contract against the schema of
    /// every producer version deployed in some environment or latest on its main branch (or,
    /// when no producer has published, the subject's latest registered version). A read the
    /// producer never defines, may omit, or fills with values the contract does not accept is a
    /// finding. Exits 0 when every contract is satisfied, 1 when one is not, 4 when a subject or
    /// producer schema is unknown to the registry.
    #[command(after_help = EXIT_CODES_HELP)]
    Verify(VerifyArgs),
}

/// `accord contract verify`.
#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    #[command(flatten)]
    pub(crate) project: ProjectArgs,
    /// Output format: text for people, or one JSON object.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

/// `accord subjects`.
#[derive(Debug, Args)]
pub(crate) struct SubjectsArgs {
    /// Also say why each file has its subject and settings (naming strategy, overrides, and
    /// the line of accord.toml that maps it).
    #[arg(long)]
    pub(crate) explain: bool,
    #[command(flatten)]
    pub(crate) project: ProjectFile,
}

/// `accord init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The registry URL to write into `[registry]`.
    #[arg(long, value_name = "URL")]
    pub(crate) registry: Option<String>,
    /// Overwrite an existing accord.toml.
    #[arg(long)]
    pub(crate) force: bool,
}

/// `--version`: a version number or `latest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SubjectVersion {
    Latest,
    Number(i32),
}

impl fmt::Display for SubjectVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SubjectVersion::Latest => f.write_str("latest"),
            SubjectVersion::Number(n) => write!(f, "{n}"),
        }
    }
}

fn parse_version(value: &str) -> Result<SubjectVersion, String> {
    if value.eq_ignore_ascii_case("latest") {
        return Ok(SubjectVersion::Latest);
    }
    match value.parse::<i32>() {
        Ok(n) if n >= 1 => Ok(SubjectVersion::Number(n)),
        _ => Err("expected a version number (1 or more) or `latest`".to_string()),
    }
}

/// The formats of `accord check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutFormat {
    /// For people: grouped by subject, one line per finding and its hint; colour on a terminal.
    Text,
    /// One JSON object, `"version": 1` (documented in the README).
    Json,
    /// GitHub Actions workflow commands: `::error file=...,line=...,col=...::...`.
    Github,
    /// JUnit XML: one test case per subject.
    Junit,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// Markdown for a pull-request comment.
    Markdown,
}

fn parse_level(value: &str) -> Result<Level, String> {
    Level::parse(value).ok_or_else(|| {
        let names: Vec<&str> = Level::ALL.iter().map(|l| l.as_str()).collect();
        format!("unknown level; expected one of {}", names.join(", "))
    })
}

fn parse_policy(value: &str) -> Result<Policy, String> {
    Policy::parse(value).ok_or_else(|| {
        let names: Vec<&str> = Policy::ALL.iter().map(|p| p.as_str()).collect();
        format!("unknown policy; expected one of {}", names.join(", "))
    })
}
