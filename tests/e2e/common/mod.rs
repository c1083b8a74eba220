//! Helpers shared by the end-to-end tests.

pub(crate) mod cli;
pub(crate) mod orders;
pub(crate) mod registry;
