//! Error answers that several operations document alike, as [`utoipa::IntoResponses`] types
//! listed in their `responses(...)`: each set of codes is stated once. A variant's doc comment
//! is the response's description.
//!
//! Only bodies of [`ErrorBody`] are shared this way: the document's base already holds that
//! schema, whereas a type listed here adds none to the document's components.

use accord_schemas::api::ErrorBody;
use utoipa::IntoResponses;

/// Reading a schema by id or GUID.
#[derive(IntoResponses)]
pub enum NoSuchSchema {
    /// 40403: no such schema
    #[response(status = 404)]
    NotFound(ErrorBody),
}

/// Reading a version of a subject.
#[derive(IntoResponses)]
pub enum NoSuchVersion {
    /// 40401: no such subject; 40402: no such version
    #[response(status = 404)]
    NotFound(ErrorBody),
    /// 42202: invalid version
    #[response(status = 422)]
    InvalidVersion(ErrorBody),
}

/// Reading a published application version.
#[derive(IntoResponses)]
pub enum NoSuchAppVersion {
    /// 40420: no such application; 40421: no such version
    #[response(status = 404)]
    NotFound(ErrorBody),
}

/// An environment named in the path or the body.
#[derive(IntoResponses)]
pub enum InvalidEnvironment {
    /// 42221: invalid environment name
    #[response(status = 422)]
    Invalid(ErrorBody),
}

/// The lists of what counts for `?subject=`.
#[derive(IntoResponses)]
pub enum NoSubjectParameter {
    /// 42223: no `subject`
    #[response(status = 422)]
    Missing(ErrorBody),
}

/// The validation of payloads, which reads JSON or NDJSON.
#[derive(IntoResponses)]
pub enum NotPayloads {
    /// Neither JSON nor NDJSON
    #[response(status = 415)]
    UnsupportedType(ErrorBody),
}
