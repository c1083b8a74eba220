//! Every default of the registry's settings, written once. The settings loader, the
//! `AppOptions` default, the store options and the help text read
//! them from here; `accord-registry.example.toml` restates them for readers, and a test checks
//! it agrees.

/// Address to listen on.
pub const LISTEN: &str = "127.0.0.1:8081";
/// Where schemas are stored (a SQLite file).
pub const DATABASE_URL: &str = "./accord-data/registry.db";
/// Most database connections per instance.
pub const MAX_CONNECTIONS: u32 = 10;
/// Largest request body, in bytes (8 MiB).
pub const BODY_LIMIT: usize = 8 * 1024 * 1024;
/// Whether `PUT /mode` may change modes.
pub const MODE_MUTABILITY: bool = true;
/// Most compiled validators cached for `/validate`.
pub const VALIDATOR_CACHE_SIZE: usize = 1000;
/// The branch whose latest application version's contracts count.
pub const MAIN_BRANCH: &str = "main";
/// The log filter.
pub const LOG: &str = "info";
/// The log format, `text` or `json`.
pub const LOG_FORMAT: &str = "text";
/// The cluster id `/v1/metadata/id` reports.
pub const CLUSTER_ID: &str = "accord";
