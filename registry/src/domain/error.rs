//! [`DomainError`]: everything a domain operation can refuse or fail with, in the registry's
//! own terms. The HTTP layer turns it into Confluent's `{error_code, message}` in exactly one
//! place (`From<DomainError> for ApiError`, in the HTTP layer's error module); nothing here
//! knows a status or an error code.
//!
//! Messages are the sentences clients see, worded as Confluent Schema Registry words them where
//! it has the same error, so clients that match on text keep working.

use crate::store::StoreError;

/// Why a domain operation did not succeed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DomainError {
    /// The subject has no version (in the selection asked for).
    #[error("Subject '{0}' not found.")]
    SubjectNotFound(String),
    /// The subject has no such version.
    #[error("Version {0} not found.")]
    VersionNotFound(String),
    /// No version holds the schema looked up.
    #[error("Schema not found")]
    SchemaNotFound,
    /// No schema has this id or GUID.
    #[error("Schema {0} not found")]
    SchemaIdNotFound(String),
    /// Soft-deleting a subject whose versions are all soft-deleted already.
    #[error("Subject '{0}' was soft deleted.Set permanent=true to delete permanently")]
    SubjectSoftDeleted(String),
    /// Hard-deleting a subject that still has live versions.
    #[error("Subject '{0}' was not deleted first before being permanently deleted")]
    SubjectNotSoftDeleted(String),
    /// Soft-deleting a version that is soft-deleted already.
    #[error(
        "Subject '{subject}' Version {version} was soft deleted.Set permanent=true to delete \
         permanently"
    )]
    VersionSoftDeleted {
        /// The subject.
        subject: String,
        /// The version.
        version: i32,
    },
    /// Hard-deleting a live version.
    #[error(
        "Subject '{subject}' Version {version} was not deleted first before being permanently \
         deleted"
    )]
    VersionNotSoftDeleted {
        /// The subject.
        subject: String,
        /// The version.
        version: i32,
    },
    /// The subject has no config of its own.
    #[error("Subject '{0}' does not have subject-level compatibility configured")]
    SubjectConfigNotFound(String),
    /// The subject has no mode of its own.
    #[error("Subject '{0}' does not have subject-level mode configured")]
    SubjectModeNotFound(String),
    /// The schema fails the subject's compatibility level against an earlier version.
    #[error(
        "Schema being registered is incompatible with an earlier schema for subject \
         \"{subject}\", details: [{}]", messages.join(", ")
    )]
    Incompatible {
        /// The subject.
        subject: String,
        /// Confluent's message list: the differences, then the old version and the level.
        messages: Vec<String>,
    },
    /// The schema breaks consumer contracts that count, under `contractCheck` `ENFORCE`.
    #[error(
        "Schema being registered breaks the contracts of consumers of subject \"{subject}\", \
         details: [{}]", failures.join(", ")
    )]
    ContractsBroken {
        /// The subject.
        subject: String,
        /// One sentence per finding, naming the consumer, its version and the read path.
        failures: Vec<String>,
    },
    /// The submitted schema cannot be parsed, checked or resolved.
    #[error("{0}")]
    InvalidSchema(String),
    /// A version that is neither a number in `[1, 2^31-1]` nor `latest`.
    #[error(
        "The specified version '{0}' is not a valid version id. Allowed values are between \
         [1, 2^31-1] and the string \"latest\""
    )]
    InvalidVersion(String),
    /// An unknown compatibility level.
    #[error(
        "Invalid compatibility level. Valid values are none, backward, forward, full, \
         backward_transitive, forward_transitive, and full_transitive"
    )]
    InvalidLevel,
    /// An unknown compatibility policy.
    #[error("Invalid compatibility policy. Valid values are STRICT, LENIENT and ADD_ONLY")]
    InvalidPolicy,
    /// An unknown `contractCheck`.
    #[error("Invalid contract check. Valid values are ENFORCE, WARN and OFF")]
    InvalidContractCheck,
    /// An unknown mode, or one the scope cannot take.
    #[error("{0}")]
    InvalidMode(String),
    /// The mode (or the settings) do not permit the operation.
    #[error("{0}")]
    NotPermitted(String),
    /// A schema still references the version being deleted (the version's key).
    #[error("One or more references exist to the schema {0}.")]
    ReferenceExists(String),
    /// An imported schema's id differs from the id its identity already has.
    #[error("The ID of an imported schema does not match the existing ID")]
    ImportIdMismatch,
    /// An empty, too long or control-character subject name.
    #[error("The specified subject '{0}' is not a valid.")]
    InvalidSubject(String),
    /// The schema text is over the document limit.
    #[error("Register operation failed because schema is too large")]
    SchemaTooLarge,
    /// A context name outside [`super::names::CONTEXT_PATTERN`].
    #[error(
        "The specified context '{0}' is not valid: a context is '.' or '.' and a name, \
         without ':' or control characters, at most 255 characters"
    )]
    InvalidContext(String),
    /// A context still holds live subjects.
    #[error("The specified context '{0}' is not empty.")]
    ContextNotEmpty(String),
    /// Nobody published this application.
    #[error("Application '{0}' not found.")]
    ApplicationNotFound(String),
    /// The application has no such published version.
    #[error("Version '{version}' of application '{app}' not found.")]
    AppVersionNotFound {
        /// The application.
        app: String,
        /// The version asked for.
        version: String,
    },
    /// Nothing was ever deployed to the environment.
    #[error("Environment '{0}' not found: no deployment was recorded there.")]
    EnvironmentNotFound(String),
    /// A contract that cannot be stored (naming the contract, read and path).
    #[error("{0}")]
    InvalidContract(String),
    /// An environment name outside `^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`.
    #[error(
        "The environment name {0:?} is not valid: it must match \
         ^[A-Za-z0-9][A-Za-z0-9._-]{{0,62}}$"
    )]
    InvalidEnvironment(String),
    /// An application name, version, branch or produced subject that cannot be stored.
    #[error("{0}")]
    InvalidApplication(String),
    /// A request entity that does not have the expected shape.
    #[error("Invalid JSON: {0}")]
    BadEntity(String),
    /// A payload given to `/validate` that is not JSON.
    #[error("Invalid payload: {0}")]
    InvalidPayload(String),
    /// The database does not answer.
    #[error("the database is not reachable: {0}")]
    Unavailable(#[source] StoreError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An invariant of the registry did not hold (a bug, or corrupt data).
    #[error("internal error: {0}")]
    Internal(String),
}

/// The result type of the domain.
pub type DomainResult<T> = Result<T, DomainError>;

impl DomainError {
    /// 42201 worded as Confluent words an invalid JSON Schema.
    pub fn invalid_json_schema(detail: impl std::fmt::Display) -> DomainError {
        DomainError::invalid_schema(accord_schemas::SchemaType::Json, detail)
    }

    /// 42201 worded as Confluent words an invalid schema of type `ty`.
    pub fn invalid_schema(
        ty: accord_schemas::SchemaType,
        detail: impl std::fmt::Display,
    ) -> DomainError {
        DomainError::InvalidSchema(format!("Invalid schema of type {ty}, details: {detail}"))
    }
}
