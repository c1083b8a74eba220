//! The registry's integration tests: the HTTP surface in-process (`oneshot`) and the store suite,
//! each run on SQLite and, when `ACCORD_TEST_DATABASE_URL` is set, on PostgreSQL.

mod common;

mod api;
mod avro;
mod bad_input;
mod confluent_details;
mod contracts;
mod edge;
mod openapi;
mod store_suite;
mod validate;
