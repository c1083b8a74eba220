//! The `accord` binary, run for real: arguments in, exit code, standard output and standard error
//! out. One integration binary; helpers live in `common`.

mod common;
mod diff;
mod errors;
mod help;
mod readme;
mod validate;
mod validate_registry;
