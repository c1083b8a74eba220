//! End-to-end tests: real binaries, real HTTP, real stores.

mod common;
mod registry_http;
mod registry_process;
