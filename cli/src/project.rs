//! The project: `accord.toml` at the repository root and the files it maps. Every command that
//! works on a project (`check`, `publish`, `subjects`, `contract verify`, and the defaults of the
//! deployment commands) reads it through here:
//!
//! - `config`: the file parsed strictly (unknown keys are errors, every error names
//!   `file:line:col`) into [`Config`], and the file → subject mapping it yields;
//! - `files`: the produced schema files, read, parsed and mapped ([`Produced`]);
//! - `contracts`: the `[[consumes]]` entries loaded into contracts ([`Loaded`]);
//! - `reads`: tables of reads (inline or in a contract file), checked;
//! - `paths`: paths relative to the root, and `check`'s PATHS filter;
//! - `spans`: errors naming `file:line:col`.
//!
//! Paths in the file and in everything derived from it are relative to the directory holding
//! `accord.toml` (the root), with `/` separators, as git and CI annotations spell them.

mod config;
mod contracts;
mod files;
mod paths;
mod reads;
mod spans;

pub(crate) use config::{Config, DEFAULT_LEVEL, DEFAULT_NAMING, DEFAULT_POLICY, FILE_NAME};
pub(crate) use contracts::{load as load_contracts, Loaded};
pub(crate) use files::{produced, Produced};
pub(crate) use paths::{relative, PathFilter};
