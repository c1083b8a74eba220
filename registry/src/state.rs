//! The HTTP surface's state: the domain's [`Registry`], the metrics and the settings only HTTP
//! needs. Handlers take it; nothing below the routes does.

use std::sync::Arc;

use accord_schemas::limits::Limits;

use crate::defaults;
use crate::domain::registry::{Options, Registry};
use crate::metrics::Metrics;
use crate::store::Store;

/// Settings of the registry, the HTTP surface's and the domain's.
#[derive(Debug, Clone)]
pub struct AppOptions {
    /// Largest request body, in bytes.
    pub body_limit: usize,
    /// Whether `PUT /mode` may change modes (`mode.mutability`).
    pub mode_mutability: bool,
    /// Limits on parsing and checking schemas.
    pub limits: Limits,
    /// Reported by `/v1/metadata/id`.
    pub cluster_id: String,
    /// Most compiled validators kept for `/validate`.
    pub validator_cache_size: usize,
    /// The branch whose latest application version's contracts count (with deployed ones).
    pub main_branch: String,
}

impl Default for AppOptions {
    fn default() -> Self {
        AppOptions {
            body_limit: defaults::BODY_LIMIT,
            mode_mutability: defaults::MODE_MUTABILITY,
            limits: Limits::DEFAULT,
            cluster_id: defaults::CLUSTER_ID.to_string(),
            validator_cache_size: defaults::VALIDATOR_CACHE_SIZE,
            main_branch: defaults::MAIN_BRANCH.to_string(),
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The domain.
    pub registry: Registry,
    /// Counters and histograms for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// Settings.
    pub options: Arc<AppOptions>,
}

impl AppState {
    /// State over `store` with `options`.
    pub fn new(store: Arc<dyn Store>, options: AppOptions) -> AppState {
        let domain = Options {
            mode_mutability: options.mode_mutability,
            limits: options.limits,
            validator_cache_size: options.validator_cache_size,
            main_branch: options.main_branch.clone(),
        };
        AppState {
            registry: Registry::new(store, domain),
            metrics: Arc::new(Metrics::default()),
            options: Arc::new(options),
        }
    }
}
