//! [`Registry`]: the state every domain operation takes (the store, the caches of derived data
//! and the options that change the registry's rules), and nothing of HTTP.

use std::sync::Arc;

use accord_schemas::format::Model;
use accord_schemas::format::PayloadValidator;
use accord_schemas::limits::Limits;

use super::error::{DomainError, DomainResult};
use super::names::validate_subject;
use crate::cache::BoundedCache;
use crate::store::{Reads, Store};

/// Most parsed schema documents kept (they are cheap to rebuild, but references make a parse
/// recursive, so the hot ones are worth keeping).
const DOC_CACHE_SIZE: usize = 10_000;

/// The options that change the registry's rules.
#[derive(Debug, Clone)]
pub struct Options {
    /// Whether modes may be changed (`mode.mutability`).
    pub mode_mutability: bool,
    /// Limits on parsing and checking schemas.
    pub limits: Limits,
    /// Most compiled validators kept for `/validate`.
    pub validator_cache_size: usize,
    /// The branch whose latest application version's contracts count (with deployed ones).
    pub main_branch: String,
}

/// The registry's domain state. Cheap to clone (everything is shared).
#[derive(Clone)]
pub struct Registry {
    /// The store.
    pub store: Arc<dyn Store>,
    /// The options.
    pub options: Arc<Options>,
    /// Parsed documents by schema id, references attached. Schemas are immutable, and a
    /// referenced version cannot be deleted while referenced, so an entry never goes stale.
    pub(crate) docs: Arc<BoundedCache<i64, Model>>,
    /// Compiled validators by schema id.
    pub(crate) validators: Arc<BoundedCache<i64, Arc<PayloadValidator>>>,
}

impl Registry {
    /// A registry over `store` with `options`.
    pub fn new(store: Arc<dyn Store>, options: Options) -> Registry {
        Registry {
            store,
            docs: Arc::new(BoundedCache::new(DOC_CACHE_SIZE)),
            validators: Arc::new(BoundedCache::new(options.validator_cache_size)),
            options: Arc::new(options),
        }
    }

    /// How many compiled validators are cached.
    pub fn cached_validators(&self) -> usize {
        self.validators.len()
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> DomainResult<()> {
        self.store.ping().await.map_err(DomainError::Unavailable)
    }

    /// The store's backend, `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.store.backend()
    }

    /// A read of the store about `subject`, once it is known to be a subject's name (42208
    /// otherwise).
    pub async fn read_subject(&self, subject: &str) -> DomainResult<Box<dyn Reads>> {
        validate_subject(subject)?;
        Ok(self.store.read().await?)
    }
}
