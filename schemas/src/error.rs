//! The error of the core: "could not check", with what was wrong and where.

/// A failure to read or check a schema. Never used for "incompatible" or "invalid payload".
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not JSON. `line` and `column` are 1-based.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// What the parser said.
        message: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
    },
    /// The JSON is not a valid schema.
    #[error("invalid schema at {pointer}: {message}")]
    InvalidSchema {
        /// JSON pointer to the offending node (empty for the root).
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// A `$ref` could not be resolved inside the document or its references.
    #[error("unresolved $ref {reference:?} at {pointer}: {message}")]
    UnresolvedRef {
        /// The reference as written.
        reference: String,
        /// JSON pointer to the node carrying the `$ref`.
        pointer: String,
        /// Why it could not be resolved.
        message: String,
    },
    /// A Protobuf `import` names a file that is neither among the schema's references nor a
    /// well-known or bundled type.
    #[error("import {import:?} in {importer:?} not found: it is not among the schema's references, the well-known types or the types bundled with the registry")]
    UnresolvedImport {
        /// The import as written.
        import: String,
        /// The file that imports it.
        importer: String,
    },
    /// A limit of [`crate::limits::Limits`] was exceeded.
    #[error("limit exceeded: {limit} is {max}, {message}")]
    Limit {
        /// The name of the limit (e.g. `max_depth`).
        limit: &'static str,
        /// The limit's value.
        max: usize,
        /// Where or how it was exceeded.
        message: String,
    },
    /// The schema type is not one this build understands.
    #[error("unsupported schema type {0:?}")]
    UnsupportedSchemaType(String),
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An [`Error::InvalidSchema`] at `pointer`.
    pub fn invalid(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidSchema {
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// An [`Error::Json`] from a `serde_json` error.
    pub fn from_json(err: &serde_json::Error) -> Self {
        Error::Json {
            message: strip_position(&err.to_string()),
            line: err.line(),
            column: err.column(),
        }
    }
}

/// `serde_json` appends " at line L column C"; we report the position in fields of our own.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
