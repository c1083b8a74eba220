//! Helpers shared by the end-to-end tests.

pub(crate) mod registry;
