//! End-to-end tests: real binaries, real HTTP, real stores.

mod common;
mod contracts;
mod contracts_cli;
mod deploy_cli;
mod registry_http;
mod registry_process;
