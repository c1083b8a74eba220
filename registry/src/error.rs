//! The one error type of the HTTP surface. Every failure, from registry logic or from the
//! framework (unknown route, wrong method, bad JSON, wrong media type, oversized body), renders as
//! Confluent's body `{"error_code": N, "message": "..."}` with the HTTP status N's first three
//! digits name. 5xx bodies never carry internals: the cause is logged once, with the request id
//! of the span it happens in.
//!
//! Domain errors become answers in `From<DomainError> for ApiError`, the only place a domain
//! error is given a status and a code; the constructors below serve the failures of the HTTP
//! layer itself (extraction, media types, the framework's own errors).

use accord_schemas::api::{error_code as code, ErrorBody};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::domain::error::DomainError;
use crate::store::StoreError;

/// An error answer. Build it with the short constructors below.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// Confluent's error code.
    pub code: i64,
    /// The message sent to the client.
    pub message: String,
}

/// The result type of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// An error with an explicit status and code.
    pub fn new(status: StatusCode, code: i64, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// A framework error: the code is the status, the message `HTTP 404 Not Found` style.
    pub fn http(status: StatusCode) -> ApiError {
        ApiError::new(
            status,
            status.as_u16() as i64,
            format!(
                "HTTP {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("Error")
            ),
        )
    }

    /// 42223: Accord's, a required query parameter is missing.
    pub fn missing_parameter(name: &str) -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code::MISSING_PARAMETER,
            format!("The query parameter '{name}' is required."),
        )
    }

    /// 400 with a message of its own.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, 400, message)
    }

    /// 400 for a body that is not JSON or does not fit the expected entity.
    pub fn bad_json(detail: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            400,
            format!("Invalid JSON: {detail}"),
        )
    }

    /// 500 with a generic message; the cause is logged here, once.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %cause, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            code::INTERNAL_SERVER_ERROR,
            "Internal Server Error",
        )
    }

    /// 50001 with Confluent's store message; the cause is logged here, once.
    pub fn store(cause: impl std::fmt::Display, message: &str) -> ApiError {
        tracing::error!(error = %cause, "store error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            code::STORE_ERROR,
            message,
        )
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::store(e, "Error in the backend data store")
    }
}

impl From<DomainError> for ApiError {
    /// The one place a domain error gets its HTTP status and Confluent error code (see
    /// [Confluent's error codes](https://docs.confluent.io/platform/current/schema-registry/develop/api.html#errors)
    /// for the shared ones; `404xx`/`422xx` codes from 40420 and 42220 up are Accord's).
    fn from(e: DomainError) -> Self {
        use DomainError as E;
        let (status, code) = match &e {
            E::SubjectNotFound(_) => (StatusCode::NOT_FOUND, code::SUBJECT_NOT_FOUND),
            E::VersionNotFound(_) => (StatusCode::NOT_FOUND, code::VERSION_NOT_FOUND),
            E::SchemaNotFound | E::SchemaIdNotFound(_) => {
                (StatusCode::NOT_FOUND, code::SCHEMA_NOT_FOUND)
            }
            E::SubjectSoftDeleted(_) => (StatusCode::NOT_FOUND, code::SUBJECT_SOFT_DELETED),
            E::SubjectNotSoftDeleted(_) => (StatusCode::NOT_FOUND, code::SUBJECT_NOT_SOFT_DELETED),
            E::VersionSoftDeleted { .. } => (StatusCode::NOT_FOUND, code::VERSION_SOFT_DELETED),
            E::VersionNotSoftDeleted { .. } => {
                (StatusCode::NOT_FOUND, code::VERSION_NOT_SOFT_DELETED)
            }
            E::SubjectConfigNotFound(_) => (
                StatusCode::NOT_FOUND,
                code::SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
            ),
            E::SubjectModeNotFound(_) => (StatusCode::NOT_FOUND, code::SUBJECT_MODE_NOT_CONFIGURED),
            E::ApplicationNotFound(_) => (StatusCode::NOT_FOUND, code::APPLICATION_NOT_FOUND),
            E::AppVersionNotFound { .. } => {
                (StatusCode::NOT_FOUND, code::APPLICATION_VERSION_NOT_FOUND)
            }
            E::EnvironmentNotFound(_) => (StatusCode::NOT_FOUND, code::ENVIRONMENT_NOT_FOUND),
            E::Incompatible { .. } | E::ContractsBroken { .. } => {
                (StatusCode::CONFLICT, code::INCOMPATIBLE_SCHEMA)
            }
            E::InvalidSchema(_) => (StatusCode::UNPROCESSABLE_ENTITY, code::INVALID_SCHEMA),
            E::InvalidVersion(_) => (StatusCode::UNPROCESSABLE_ENTITY, code::INVALID_VERSION),
            E::InvalidLevel | E::InvalidPolicy | E::InvalidContractCheck => (
                StatusCode::UNPROCESSABLE_ENTITY,
                code::INVALID_COMPATIBILITY_LEVEL,
            ),
            E::InvalidMode(_) => (StatusCode::UNPROCESSABLE_ENTITY, code::INVALID_MODE),
            E::NotPermitted(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                code::OPERATION_NOT_PERMITTED,
            ),
            E::ReferenceExists(_) => (StatusCode::UNPROCESSABLE_ENTITY, code::REFERENCE_EXISTS),
            E::ImportIdMismatch => (StatusCode::UNPROCESSABLE_ENTITY, code::ID_DOES_NOT_MATCH),
            E::InvalidSubject(_) => (StatusCode::UNPROCESSABLE_ENTITY, code::INVALID_SUBJECT),
            E::SchemaTooLarge => (StatusCode::UNPROCESSABLE_ENTITY, code::SCHEMA_TOO_LARGE),
            E::InvalidContext(_) => (StatusCode::UNPROCESSABLE_ENTITY, code::INVALID_SUBJECT),
            E::ContextNotEmpty(_) => (StatusCode::UNPROCESSABLE_ENTITY, code::CONTEXT_NOT_EMPTY),
            E::InvalidContract(_) => (StatusCode::UNPROCESSABLE_ENTITY, code::INVALID_CONTRACT),
            E::InvalidEnvironment(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, code::INVALID_ENVIRONMENT)
            }
            E::InvalidApplication(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, code::INVALID_APPLICATION)
            }
            E::BadEntity(_) | E::InvalidPayload(_) => (StatusCode::BAD_REQUEST, 400),
            E::Unavailable(cause) => {
                tracing::warn!(error = %cause, "readiness check failed");
                return ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    code::STORE_UNAVAILABLE,
                    "The database is not reachable",
                );
            }
            E::Store(cause) => return ApiError::store(cause, "Error in the backend data store"),
            E::Internal(cause) => return ApiError::internal(cause),
        };
        ApiError::new(status, code, e.to_string())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&ErrorBody {
            error_code: self.code,
            message: self.message,
        })
        .unwrap_or_default();
        let mut response = (self.status, body).into_response();
        response.headers_mut().insert(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static(accord_schemas::api::MEDIA_TYPE),
        );
        response
    }
}
