//! Contexts: the namespaces subjects are qualified with (`:.ctx:name`), listed from the
//! subjects that exist; a context exists while a subject is qualified with it.

use std::collections::BTreeSet;

use super::error::{DomainError, DomainResult};
use super::names::{context_of, validate_context};
use super::registry::Registry;

/// `.` (the default context) and every context some subject is qualified with, sorted, of
/// those starting with `prefix`.
pub async fn list(registry: &Registry, prefix: Option<&str>) -> DomainResult<Vec<String>> {
    let mut reads = registry.store.read().await?;
    let mut all: BTreeSet<String> = BTreeSet::from([".".to_string()]);
    for s in reads.subjects().await? {
        all.insert(context_of(&s.name).to_string());
    }
    Ok(all
        .into_iter()
        .filter(|c| prefix.is_none_or(|p| c.starts_with(p)))
        .collect())
}

/// `DELETE /contexts/{context}`: refused (42211) while a live subject is qualified with it;
/// otherwise there is nothing to delete.
pub async fn delete(registry: &Registry, context: &str) -> DomainResult<()> {
    validate_context(context)?;
    let mut reads = registry.store.read().await?;
    let busy = reads
        .subjects()
        .await?
        .iter()
        .any(|s| !s.soft_deleted && context_of(&s.name) == context);
    if busy {
        return Err(DomainError::ContextNotEmpty(context.to_string()));
    }
    Ok(())
}
