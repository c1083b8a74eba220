//! The one bounded in-memory cache of the registry, used for schemas by id (in the store),
//! parsed schema documents and compiled validators (in the domain).
//!
//! Every entry it holds is derived from immutable data (a schema row never changes), so the
//! only question is memory: the cache keeps at most `capacity` entries and evicts the oldest
//! inserted first. Reads take a shared lock and never reorder anything, so concurrent readers
//! of a hot entry do not contend with each other.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::RwLock;

/// Entries by key, and the keys in insertion order.
type Entries<K, V> = (HashMap<K, V>, VecDeque<K>);

/// A map of at most `capacity` entries, the oldest inserted evicted first.
#[derive(Debug)]
pub struct BoundedCache<K, V> {
    capacity: usize,
    inner: RwLock<Entries<K, V>>,
}

impl<K: Eq + Hash + Clone, V: Clone> BoundedCache<K, V> {
    /// An empty cache holding at most `capacity` entries (at least one).
    pub fn new(capacity: usize) -> BoundedCache<K, V> {
        BoundedCache {
            capacity: capacity.max(1),
            inner: RwLock::new((HashMap::new(), VecDeque::new())),
        }
    }

    /// The entry for `key`.
    pub fn get(&self, key: &K) -> Option<V> {
        self.inner.read().expect("cache lock").0.get(key).cloned()
    }

    /// Insert (or replace) the entry for `key`, evicting the oldest beyond the capacity.
    pub fn insert(&self, key: K, value: V) {
        self.insert_when(key, value, || true);
    }

    /// [`BoundedCache::insert`], but only if `still_valid` (evaluated under the write lock, so
    /// a concurrent [`BoundedCache::remove`] is either before it or after the insertion).
    pub fn insert_when(&self, key: K, value: V, still_valid: impl FnOnce() -> bool) {
        let mut guard = self.inner.write().expect("cache lock");
        if !still_valid() {
            return;
        }
        let (map, order) = &mut *guard;
        if map.insert(key.clone(), value).is_none() {
            order.push_back(key);
        }
        while map.len() > self.capacity {
            match order.pop_front() {
                Some(old) => {
                    map.remove(&old);
                }
                None => break,
            }
        }
    }

    /// Drop the entry for `key`, if any.
    pub fn remove(&self, key: &K) {
        let mut guard = self.inner.write().expect("cache lock");
        let (map, order) = &mut *guard;
        if map.remove(key).is_some() {
            order.retain(|k| k != key);
        }
    }

    /// Drop every entry.
    pub fn clear(&self) {
        let mut guard = self.inner.write().expect("cache lock");
        guard.0.clear();
        guard.1.clear();
    }

    /// How many entries are cached.
    pub fn len(&self) -> usize {
        self.inner.read().expect("cache lock").0.len()
    }

    /// Whether the cache is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_keeps_at_most_its_capacity_oldest_out_first() {
        let cache = BoundedCache::new(2);
        assert!(cache.is_empty());
        cache.insert(1, "string");
        cache.insert(2, "integer");
        cache.insert(2, "integer");
        assert_eq!(cache.len(), 2);
        cache.insert(3, "boolean");
        assert_eq!(cache.len(), 2);
        assert!(cache.get(&1).is_none(), "the oldest went first");
        assert_eq!(
            (cache.get(&2), cache.get(&3)),
            (Some("integer"), Some("boolean"))
        );
    }

    #[test]
    fn removed_entries_leave_the_order_too() {
        let cache = BoundedCache::new(2);
        cache.insert(1, 'a');
        cache.insert(2, 'b');
        cache.remove(&1);
        cache.insert(3, 'c');
        assert_eq!((cache.get(&2), cache.get(&3)), (Some('b'), Some('c')));
        cache.insert_when(4, 'd', || false);
        assert_eq!(cache.get(&4), None);
        cache.clear();
        assert!(cache.is_empty());
    }
}
