//! The registry's domain: every rule of the registry, over the [`Store`](crate::store::Store),
//! with no HTTP in sight. Each operation takes a [`registry::Registry`] (the store, caches and
//! options) and returns a [`error::DomainError`] when it refuses or fails; each write and its
//! audit event ([`audit`]) run in one transaction.
//!
//! One file per resource, mirroring `routes/`: [`subjects`] (with [`registration`] and
//! [`deletion`]), [`schemas`], [`compatibility`], [`config`], [`mode`], [`contexts`],
//! [`validate`], and for consumer contracts [`applications`], [`contracts`] and
//! [`deployments`]. The places behaviour hangs on: registration is
//! [`registration::register`], lookup [`subjects::lookup`], the compatibility check
//! [`compatibility::check_compatibility`], reference resolution
//! [`schemas::resolve_reference`], and the contract-check policy [`contracts::judge`].

pub mod applications;
pub mod audit;
pub mod compatibility;
pub mod config;
pub mod contexts;
pub mod contracts;
pub mod data_contract;
pub mod deletion;
pub mod deployments;
pub mod error;
pub mod mode;
pub mod names;
pub mod registration;
pub mod registry;
pub mod schemas;
pub mod subjects;
pub mod validate;

#[cfg(test)]
mod tests;
