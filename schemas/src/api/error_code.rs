//! The `error_code` values of [`ErrorBody`](super::ErrorBody): Confluent Schema Registry's codes,
//! and Accord's own in the ranges Confluent leaves free. A code's first three digits are the HTTP
//! status it comes with. Errors of the HTTP framework itself (an unknown route, a wrong method, a
//! body that is not JSON) carry the bare status as their code (404, 405, 400), as Confluent's
//! Jersey framework does.
//!
//! The constants are `i64`, the type of [`ErrorBody::error_code`](super::ErrorBody::error_code),
//! so that they can be used as match patterns on a decoded body.

/// 40401: the subject does not exist (or has no live version).
pub const SUBJECT_NOT_FOUND: i64 = 40401;
/// 40402: the subject has no such version.
pub const VERSION_NOT_FOUND: i64 = 40402;
/// 40403: no schema has this id (or the schema looked up is not under the subject).
pub const SCHEMA_NOT_FOUND: i64 = 40403;
/// 40404: the subject was soft-deleted; a permanent delete is needed to remove it.
pub const SUBJECT_SOFT_DELETED: i64 = 40404;
/// 40405: a permanent delete of a subject that was not soft-deleted first.
pub const SUBJECT_NOT_SOFT_DELETED: i64 = 40405;
/// 40406: the version was soft-deleted; a permanent delete is needed to remove it.
pub const VERSION_SOFT_DELETED: i64 = 40406;
/// 40407: a permanent delete of a version that was not soft-deleted first.
pub const VERSION_NOT_SOFT_DELETED: i64 = 40407;
/// 40408: the subject has no compatibility level of its own (asked without
/// `defaultToGlobal`).
pub const SUBJECT_COMPATIBILITY_NOT_CONFIGURED: i64 = 40408;
/// 40409: the subject has no mode of its own (asked without `defaultToGlobal`).
pub const SUBJECT_MODE_NOT_CONFIGURED: i64 = 40409;
/// 40420 (Accord): no application of this name was ever published.
pub const APPLICATION_NOT_FOUND: i64 = 40420;
/// 40421 (Accord): the application has no such published version.
pub const APPLICATION_VERSION_NOT_FOUND: i64 = 40421;
/// 40422 (Accord): no deployment was ever recorded in this environment.
pub const ENVIRONMENT_NOT_FOUND: i64 = 40422;
/// 40901: the schema is not compatible with the versions its level compares with (or breaks
/// a consumer contract under `contractCheck` ENFORCE).
pub const INCOMPATIBLE_SCHEMA: i64 = 40901;
/// 42201: the schema cannot be parsed or is not a valid schema of its type.
pub const INVALID_SCHEMA: i64 = 42201;
/// 42202: the version is neither a number in [1, 2^31-1] nor `latest`.
pub const INVALID_VERSION: i64 = 42202;
/// 42203: an unknown compatibility level (Accord also uses it for an unknown
/// `compatibilityPolicy`).
pub const INVALID_COMPATIBILITY_LEVEL: i64 = 42203;
/// 42204: an unknown mode, or a mode change the registry refuses.
pub const INVALID_MODE: i64 = 42204;
/// 42205: the operation is not permitted in the current mode (e.g. an id given outside
/// IMPORT).
pub const OPERATION_NOT_PERMITTED: i64 = 42205;
/// 42206: other schemas refer to the one being deleted.
pub const REFERENCE_EXISTS: i64 = 42206;
/// 42207: an imported schema's id differs from the id the same schema already has.
pub const ID_DOES_NOT_MATCH: i64 = 42207;
/// 42208: the subject name is not valid.
pub const INVALID_SUBJECT: i64 = 42208;
/// 42209: the schema is larger than the registry accepts.
pub const SCHEMA_TOO_LARGE: i64 = 42209;
/// 42211: the context still qualifies live subjects and cannot be deleted.
pub const CONTEXT_NOT_EMPTY: i64 = 42211;
/// 42220 (Accord): a consumer contract that cannot be stored.
pub const INVALID_CONTRACT: i64 = 42220;
/// 42221 (Accord): an environment name outside `^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`.
pub const INVALID_ENVIRONMENT: i64 = 42221;
/// 42222 (Accord): an application name, version or branch that cannot be stored.
pub const INVALID_APPLICATION: i64 = 42222;
/// 42223 (Accord): a required query parameter is missing.
pub const MISSING_PARAMETER: i64 = 42223;
/// 500: an unexpected failure inside the registry (the cause is in its log, not the body).
pub const INTERNAL_SERVER_ERROR: i64 = 500;
/// 50001: the backend store failed.
pub const STORE_ERROR: i64 = 50001;
/// 50301 (Accord): the registry is up but its database cannot be reached (readiness).
pub const STORE_UNAVAILABLE: i64 = 50301;
