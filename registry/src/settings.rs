//! The binary's settings: built-in defaults → `accord-registry.toml` → `ACCORD_*` environment →
//! flags. clap reads the environment and the flags (a flag wins over its variable); the file
//! fills what both leave unset. The database URL may hold a password: its `Debug` is redacted
//! and clap never shows environment values.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use serde::Deserialize;

use crate::defaults;

/// The documented example configuration, printed by `accord-registry default-config`. It
/// restates [`defaults`] for readers; a test checks the two agree.
pub const EXAMPLE: &str = include_str!("../accord-registry.example.toml");

/// `accord-registry`: a Confluent-compatible schema registry on SQLite or PostgreSQL.
///
/// With no arguments it listens and stores schemas (in a SQLite file) where the defaults below
/// say.
#[derive(Debug, Parser)]
#[command(name = "accord-registry", version, about)]
pub struct Cli {
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Configuration file [default: accord-registry.toml, if present].
    #[arg(long, env = "ACCORD_CONFIG", hide_env_values = true, global = true)]
    pub config: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, env = "ACCORD_LISTEN", hide_env_values = true)]
    pub listen: Option<String>,
    /// SQLite file path or postgres:// URL.
    #[arg(long, env = "ACCORD_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Most database connections.
    #[arg(long, env = "ACCORD_MAX_CONNECTIONS", hide_env_values = true)]
    pub max_connections: Option<u32>,
    /// Largest request body in bytes.
    #[arg(long, env = "ACCORD_BODY_LIMIT", hide_env_values = true)]
    pub body_limit: Option<usize>,
    /// Whether PUT /mode may change modes.
    #[arg(long, env = "ACCORD_MODE_MUTABILITY", hide_env_values = true)]
    pub mode_mutability: Option<bool>,
    /// Most compiled validators cached for /validate.
    #[arg(long, env = "ACCORD_VALIDATOR_CACHE_SIZE", hide_env_values = true)]
    pub validator_cache_size: Option<usize>,
    /// Branch whose latest application version's contracts count.
    #[arg(long, env = "ACCORD_MAIN_BRANCH", hide_env_values = true)]
    pub main_branch: Option<String>,
    /// Log filter.
    #[arg(long, env = "ACCORD_LOG", hide_env_values = true)]
    pub log: Option<String>,
    /// Log format, text or json.
    #[arg(long, env = "ACCORD_LOG_FORMAT", hide_env_values = true)]
    pub log_format: Option<String>,
}

impl Cli {
    /// The command line, parsed with [`Cli::command_with_defaults`] (exits on a usage error).
    pub fn parse_with_defaults() -> Cli {
        let matches = Cli::command_with_defaults().get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }

    /// The command of [`Cli`] with each option's default, taken from [`defaults`] so it is
    /// written once, stated in its help. clap does not apply them: the settings file may set
    /// what the flags and the environment leave unset ([`Settings::load`]).
    pub fn command_with_defaults() -> clap::Command {
        let shown = [
            ("listen", defaults::LISTEN.to_string()),
            ("database_url", defaults::DATABASE_URL.to_string()),
            ("max_connections", defaults::MAX_CONNECTIONS.to_string()),
            ("body_limit", defaults::BODY_LIMIT.to_string()),
            ("mode_mutability", defaults::MODE_MUTABILITY.to_string()),
            (
                "validator_cache_size",
                defaults::VALIDATOR_CACHE_SIZE.to_string(),
            ),
            ("main_branch", defaults::MAIN_BRANCH.to_string()),
            ("log", defaults::LOG.to_string()),
            ("log_format", defaults::LOG_FORMAT.to_string()),
        ];
        shown
            .into_iter()
            .fold(Cli::command(), |command, (id, default)| {
                command.mut_arg(id, |arg| {
                    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
                    arg.help(format!("{help} [default: {default}]"))
                })
            })
    }
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the registry (the default).
    Serve,
    /// Print the documented example configuration.
    DefaultConfig,
}

/// The settings file: every field optional, unknown keys refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    /// See [`Settings::listen`].
    pub listen: Option<String>,
    /// See [`Settings::database_url`].
    pub database_url: Option<String>,
    /// See [`Settings::max_connections`].
    pub max_connections: Option<u32>,
    /// See [`Settings::body_limit`].
    pub body_limit: Option<usize>,
    /// See [`Settings::mode_mutability`].
    pub mode_mutability: Option<bool>,
    /// See [`Settings::validator_cache_size`].
    pub validator_cache_size: Option<usize>,
    /// See [`Settings::main_branch`].
    pub main_branch: Option<String>,
    /// See [`Settings::log`].
    pub log: Option<String>,
    /// `text` or `json`; see [`Settings::log_json`].
    pub log_format: Option<String>,
}

/// The checked settings the server runs with.
#[derive(Clone)]
pub struct Settings {
    /// Listen address.
    pub listen: SocketAddr,
    /// SQLite path or PostgreSQL URL.
    pub database_url: String,
    /// Most database connections.
    pub max_connections: u32,
    /// Largest request body in bytes.
    pub body_limit: usize,
    /// Whether modes may change.
    pub mode_mutability: bool,
    /// Most compiled validators cached.
    pub validator_cache_size: usize,
    /// The branch whose latest application version's contracts count.
    pub main_branch: String,
    /// Log filter.
    pub log: String,
    /// Whether logs are JSON lines.
    pub log_json: bool,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("listen", &self.listen)
            .field("database_url", &redact(&self.database_url))
            .field("max_connections", &self.max_connections)
            .field("body_limit", &self.body_limit)
            .field("mode_mutability", &self.mode_mutability)
            .field("validator_cache_size", &self.validator_cache_size)
            .field("main_branch", &self.main_branch)
            .field("log", &self.log)
            .field("log_json", &self.log_json)
            .finish()
    }
}

/// A database URL with any password replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

impl Settings {
    /// Layer the file (when present) under the environment and flags of `cli`.
    pub fn load(cli: &Cli) -> anyhow::Result<Settings> {
        let default_path = Path::new("accord-registry.toml");
        let file = match &cli.config {
            Some(path) => read_file(path)?,
            None if default_path.exists() => read_file(default_path)?,
            None => FileSettings::default(),
        };
        let listen = layered(&cli.listen, file.listen, defaults::LISTEN);
        let listen: SocketAddr = listen
            .parse()
            .with_context(|| format!("listen address {listen:?} is not host:port"))?;
        let log_format = layered(&cli.log_format, file.log_format, defaults::LOG_FORMAT);
        let log_json = match log_format.as_str() {
            "text" => false,
            "json" => true,
            other => bail!("log format {other:?} is neither \"text\" nor \"json\""),
        };
        Ok(Settings {
            listen,
            database_url: layered(&cli.database_url, file.database_url, defaults::DATABASE_URL),
            max_connections: layered(
                &cli.max_connections,
                file.max_connections,
                defaults::MAX_CONNECTIONS,
            ),
            body_limit: layered(&cli.body_limit, file.body_limit, defaults::BODY_LIMIT),
            mode_mutability: layered(
                &cli.mode_mutability,
                file.mode_mutability,
                defaults::MODE_MUTABILITY,
            ),
            validator_cache_size: layered(
                &cli.validator_cache_size,
                file.validator_cache_size,
                defaults::VALIDATOR_CACHE_SIZE,
            ),
            main_branch: layered(&cli.main_branch, file.main_branch, defaults::MAIN_BRANCH),
            log: layered(&cli.log, file.log, defaults::LOG),
            log_json,
        })
    }
}

/// One setting: the flag (or its environment variable), else the file's, else the default.
fn layered<T: Clone>(flag: &Option<T>, file: Option<T>, default: impl Into<T>) -> T {
    flag.clone().or(file).unwrap_or_else(|| default.into())
}

fn read_file(path: &Path) -> anyhow::Result<FileSettings> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("invalid settings in {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_config_parses_and_matches_the_defaults() {
        let file: FileSettings = toml::from_str(EXAMPLE).unwrap();
        assert_eq!(file.listen.as_deref(), Some(defaults::LISTEN));
        assert_eq!(file.database_url.as_deref(), Some(defaults::DATABASE_URL));
        assert_eq!(file.max_connections, Some(defaults::MAX_CONNECTIONS));
        assert_eq!(file.body_limit, Some(defaults::BODY_LIMIT));
        assert_eq!(file.mode_mutability, Some(defaults::MODE_MUTABILITY));
        assert_eq!(
            file.validator_cache_size,
            Some(defaults::VALIDATOR_CACHE_SIZE)
        );
        assert_eq!(file.main_branch.as_deref(), Some(defaults::MAIN_BRANCH));
        assert_eq!(file.log.as_deref(), Some(defaults::LOG));
        assert_eq!(file.log_format.as_deref(), Some(defaults::LOG_FORMAT));
    }

    #[test]
    fn no_settings_at_all_are_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.toml");
        std::fs::write(&empty, "").unwrap();
        let cli = Cli::parse_from(["accord-registry", "--config", empty.to_str().unwrap()]);
        let s = Settings::load(&cli).unwrap();
        assert_eq!(s.listen.to_string(), defaults::LISTEN);
        assert_eq!(s.database_url, defaults::DATABASE_URL);
        assert_eq!(s.max_connections, defaults::MAX_CONNECTIONS);
        assert_eq!(s.body_limit, defaults::BODY_LIMIT);
        assert_eq!(s.mode_mutability, defaults::MODE_MUTABILITY);
        assert_eq!(s.validator_cache_size, defaults::VALIDATOR_CACHE_SIZE);
        assert_eq!(
            (s.main_branch.as_str(), s.log.as_str()),
            (defaults::MAIN_BRANCH, defaults::LOG)
        );
        assert!(!s.log_json);
        let options = crate::state::AppOptions::default();
        assert_eq!(options.body_limit, defaults::BODY_LIMIT);
        assert_eq!(options.validator_cache_size, defaults::VALIDATOR_CACHE_SIZE);
        let store = crate::store::sql::StoreOptions::default();
        assert_eq!(store.max_connections, defaults::MAX_CONNECTIONS);
    }

    #[test]
    fn flags_win_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.toml");
        std::fs::write(&path, "listen = \"127.0.0.1:9000\"\nbody_limit = 10\n").unwrap();
        let cli = Cli::parse_from([
            "accord-registry",
            "--config",
            path.to_str().unwrap(),
            "--body-limit",
            "20",
        ]);
        let s = Settings::load(&cli).unwrap();
        assert_eq!(s.listen.port(), 9000);
        assert_eq!(s.body_limit, 20);
    }

    #[test]
    fn every_default_shown_in_the_help_names_an_option() {
        Cli::command_with_defaults().debug_assert();
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(
            redact("./accord-data/registry.db"),
            "./accord-data/registry.db"
        );
    }
}
