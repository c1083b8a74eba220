//! The one error type of the HTTP surface. Every failure, from registry logic or from the
//! framework (unknown route, wrong method, bad JSON, wrong media type, oversized body), renders as
//! Confluent's body `{"error_code": N, "message": "..."}` with the HTTP status N's first three
//! digits name. 5xx bodies never carry internals: the cause is logged once, with the request id
//! of the span it happens in.

use accord_schemas::api::ErrorBody;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

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

    /// 40401.
    pub fn subject_not_found(subject: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            40401,
            format!("Subject '{subject}' not found."),
        )
    }

    /// 40402.
    pub fn version_not_found(version: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            40402,
            format!("Version {version} not found."),
        )
    }

    /// 40403 without an id.
    pub fn schema_not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, 40403, "Schema not found")
    }

    /// 40403 naming the id or guid.
    pub fn schema_id_not_found(id: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            40403,
            format!("Schema {id} not found"),
        )
    }

    /// 40404.
    pub fn subject_soft_deleted(subject: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            40404,
            format!(
                "Subject '{subject}' was soft deleted.Set permanent=true to delete permanently"
            ),
        )
    }

    /// 40405.
    pub fn subject_not_soft_deleted(subject: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            40405,
            format!("Subject '{subject}' was not deleted first before being permanently deleted"),
        )
    }

    /// 40406.
    pub fn version_soft_deleted(subject: &str, version: i32) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            40406,
            format!(
                "Subject '{subject}' Version {version} was soft deleted.Set permanent=true to \
                 delete permanently"
            ),
        )
    }

    /// 40407.
    pub fn version_not_soft_deleted(subject: &str, version: i32) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            40407,
            format!(
                "Subject '{subject}' Version {version} was not deleted first before being \
                 permanently deleted"
            ),
        )
    }

    /// 40408.
    pub fn subject_compatibility_not_configured(subject: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            40408,
            format!("Subject '{subject}' does not have subject-level compatibility configured"),
        )
    }

    /// 40409.
    pub fn subject_mode_not_configured(subject: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            40409,
            format!("Subject '{subject}' does not have subject-level mode configured"),
        )
    }

    /// 40901.
    pub fn incompatible(message: String) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, 40901, message)
    }

    /// 42201.
    pub fn invalid_schema(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, 42201, message)
    }

    /// 42202.
    pub fn invalid_version(version: &str) -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            42202,
            format!(
                "The specified version '{version}' is not a valid version id. Allowed values are \
                 between [1, 2^31-1] and the string \"latest\""
            ),
        )
    }

    /// 42203.
    pub fn invalid_compatibility_level() -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            42203,
            "Invalid compatibility level. Valid values are none, backward, forward, full, \
             backward_transitive, forward_transitive, and full_transitive",
        )
    }

    /// 42203 for an unknown `compatibilityPolicy` (Accord's; Confluent has no separate code).
    pub fn invalid_compatibility_policy() -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            42203,
            "Invalid compatibility policy. Valid values are STRICT, LENIENT and ADD_ONLY",
        )
    }

    /// 42204.
    pub fn invalid_mode(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, 42204, message)
    }

    /// 42205.
    pub fn not_permitted(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, 42205, message)
    }

    /// 42206.
    pub fn reference_exists(what: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            42206,
            format!("One or more references exist to the schema {what}."),
        )
    }

    /// 42208.
    pub fn invalid_subject(subject: &str) -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            42208,
            format!("The specified subject '{subject}' is not a valid."),
        )
    }

    /// 42209.
    pub fn schema_too_large() -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            42209,
            "Register operation failed because schema is too large",
        )
    }

    /// 40420: Accord's, an application nobody published.
    pub fn application_not_found(app: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            40420,
            format!("Application '{app}' not found."),
        )
    }

    /// 40421: Accord's, a version of an application that was never published.
    pub fn application_version_not_found(app: &str, version: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            40421,
            format!("Version '{version}' of application '{app}' not found."),
        )
    }

    /// 40422: Accord's, an environment nothing was ever deployed to.
    pub fn environment_not_found(environment: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            40422,
            format!("Environment '{environment}' not found: no deployment was recorded there."),
        )
    }

    /// 42220: Accord's, a contract that cannot be stored (naming the contract, read and path).
    pub fn invalid_contract(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, 42220, message)
    }

    /// 42221: Accord's, an environment name outside `^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`.
    pub fn invalid_environment(environment: &str) -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            42221,
            format!(
                "The environment name {environment:?} is not valid: it must match \
                 ^[A-Za-z0-9][A-Za-z0-9._-]{{0,62}}$"
            ),
        )
    }

    /// 42222: Accord's, an application name, version or branch that cannot be stored.
    pub fn invalid_application(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, 42222, message)
    }

    /// 42223: Accord's, a required query parameter is missing.
    pub fn missing_parameter(name: &str) -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            42223,
            format!("The query parameter '{name}' is required."),
        )
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
            500,
            "Internal Server Error",
        )
    }

    /// 50001 with Confluent's store message; the cause is logged here, once.
    pub fn store(cause: impl std::fmt::Display, message: &str) -> ApiError {
        tracing::error!(error = %cause, "store error");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, 50001, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::store(e, "Error in the backend data store")
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
            HeaderValue::from_static(crate::media::DEFAULT_TYPE),
        );
        response
    }
}
