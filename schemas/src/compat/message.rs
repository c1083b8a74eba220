//! Sentences for changes.
