//! The `accord` binary, run for real: arguments in, exit code, standard output and standard error
//! out. One integration binary; helpers live in `common`.

mod avro;
mod check_formats;
mod check_git;
mod check_registry;
mod ci_templates;
mod common;
mod contracts;
mod diff;
mod errors;
mod gate;
mod help;
mod project;
mod readme;
mod validate;
mod validate_registry;
