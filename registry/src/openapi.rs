//! The OpenAPI document of both surfaces, served at `GET /openapi.json`.
//!
//! Conventions:
//! - Every route is added to the router with `utoipa_axum::routes!`, which takes the path and
//!   methods from the handler's `#[utoipa::path]`: the router and the document come from the
//!   same annotations (see [`crate::routes`]), so the document cannot list a route the router
//!   lacks or miss one it serves. The integration tests request every documented operation and
//!   check the router answers it, and check real answers against the documented schemas.
//! - Bodies are described by the wire types of `accord_schemas::api` (feature `openapi`); the
//!   few answers built in the registry itself are described by the types of this module.
//! - JSON bodies are read as `application/vnd.schemaregistry.v1+json` or `application/json`,
//!   and written as the former, or on the Confluent surface as the type `Accept` asks for
//!   ([`crate::media`]); [`document`] states this once for every operation rather than in each
//!   annotation.

use std::sync::OnceLock;

use accord_schemas::validate::Violation;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::openapi::OpenApi as Document;
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::error::ApiError;
use crate::media::DEFAULT_TYPE;

/// The tags operations are grouped under.
pub mod tags {
    /// Schemas by id and GUID.
    pub const SCHEMAS: &str = "Schemas";
    /// Subjects and their versions.
    pub const SUBJECTS: &str = "Subjects";
    /// Compatibility checks.
    pub const COMPATIBILITY: &str = "Compatibility";
    /// Configuration.
    pub const CONFIG: &str = "Config";
    /// Modes.
    pub const MODE: &str = "Mode";
    /// Contexts and server metadata.
    pub const SERVER: &str = "Server";
    /// Accord's payload validation.
    pub const VALIDATION: &str = "Validation";
    /// Accord's consumer contracts, deployments and can-i-deploy.
    pub const CONTRACTS: &str = "Consumer contracts";
    /// Health, metrics and this document.
    pub const OPERATIONS: &str = "Operations";

    /// The tags of the Confluent surface, whose routes negotiate the response type from
    /// `Accept` ([`crate::media::negotiate`]).
    pub const CONFLUENT: [&str; 6] = [SUBJECTS, SCHEMAS, COMPATIBILITY, CONFIG, MODE, SERVER];
}

const DESCRIPTION: &str = "\
Accord's schema registry: Confluent Schema Registry's REST API for JSON Schema at the root \
(`/subjects`, `/schemas`, `/config`, `/mode`, `/compatibility`, `/contexts`, `/v1/metadata`), \
and Accord's own endpoints under words Confluent does not use (`/validate`, `/applications`, \
`/contracts`, `/producers`, `/deployments`, `/can-i-deploy`, `/health`, `/metrics`, \
`/openapi.json`).

Every error, an unknown route included, answers Confluent's body `{\"error_code\", \"message\"}` \
(`ErrorBody`); the first three digits of `error_code` are the HTTP status.

Paths may end with `/`, and `/contexts/{context}/subjects/...`, `/contexts/{context}/config`, \
`/contexts/{context}/mode`, `/contexts/{context}/compatibility/subjects/...` and \
`/contexts/{context}/schemas/...` are the paths below with subjects qualified by the context \
(`/contexts/.ctx/subjects/foo` is `/subjects/:.ctx:foo`).";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Accord schema registry",
        description = DESCRIPTION,
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    tags(
        (name = tags::SUBJECTS, description = "Register, look up, list and delete the versions of a subject (Confluent)."),
        (name = tags::SCHEMAS, description = "Schemas by id and by GUID (Confluent)."),
        (name = tags::COMPATIBILITY, description = "Test a schema against a subject's versions and, as registration does, its consumers' contracts (Confluent, with Accord's contract check)."),
        (name = tags::CONFIG, description = "Compatibility level and policy, and Accord's `contractCheck` (Confluent)."),
        (name = tags::MODE, description = "READWRITE, READONLY, IMPORT (Confluent)."),
        (name = tags::SERVER, description = "Contexts and server metadata (Confluent)."),
        (name = tags::VALIDATION, description = "Validate payloads against a registered schema (Accord)."),
        (name = tags::CONTRACTS, description = "Applications, consumer contracts, producers, deployments and can-i-deploy (Accord)."),
        (name = tags::OPERATIONS, description = "Health, metrics and this document (Accord)."),
    ),
    components(schemas(accord_schemas::api::ErrorBody)),
)]
struct Base;

/// The document: the base, every routed operation, and the media types (see the module
/// documentation).
pub fn document() -> Document {
    let (_, mut doc) = crate::routes::all().split_for_parts();
    let mut base = Base::openapi();
    base.info.version = env!("CARGO_PKG_VERSION").to_string();
    base.paths = std::mem::take(&mut doc.paths);
    if let (Some(components), Some(generated)) = (base.components.as_mut(), doc.components) {
        components.schemas.extend(generated.schemas);
    }
    with_media_types(&mut base);
    base
}

/// Restate the `application/json` the annotations default to (see the module documentation):
/// requests are read as our type or `application/json`; responses are written as our type, or
/// on the Confluent surface as any type [`crate::media::negotiate`] may choose.
fn with_media_types(doc: &mut Document) {
    for (path, item) in doc.paths.paths.iter_mut() {
        // This document is plain `application/json`, as its annotation says.
        let written_as_annotated = path == "/openapi.json";
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
        ];
        for operation in operations.into_iter().flatten() {
            if let Some(body) = operation.request_body.as_mut() {
                if let Some(json) = body.content.get("application/json").cloned() {
                    body.content.insert(DEFAULT_TYPE.to_string(), json);
                }
            }
            let negotiated = operation
                .tags
                .iter()
                .flatten()
                .any(|t| tags::CONFLUENT.contains(&t.as_str()));
            if written_as_annotated {
                continue;
            }
            for response in operation.responses.responses.values_mut() {
                let utoipa::openapi::RefOr::T(response) = response else {
                    continue;
                };
                if let Some(json) = response.content.shift_remove("application/json") {
                    if negotiated {
                        for media in crate::media::produced_types() {
                            response.content.insert(media.to_string(), json.clone());
                        }
                    } else {
                        response.content.insert(DEFAULT_TYPE.to_string(), json);
                    }
                }
            }
        }
    }
}

/// The document as served: [`document`] with the intra-doc links of the Rust doc comments it
/// was generated from (`` [`Config`] ``) reduced to code spans, which readers can follow.
pub fn document_json() -> Result<serde_json::Value, serde_json::Error> {
    let mut value = serde_json::to_value(document())?;
    plain_links(&mut value);
    Ok(value)
}

fn plain_links(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    serde_json::Value::String(text) if key == "description" => {
                        *text = without_link_brackets(text);
                    }
                    _ => plain_links(v),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(plain_links),
        _ => {}
    }
}

/// `` [`X`] `` becomes `` `X` `` unless a Markdown link target `(...)` follows.
fn without_link_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[`") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("`]") else { break };
        let inner = &after[..end];
        let tail = &after[end + 2..];
        out.push_str(&rest[..start]);
        if tail.starts_with('(') || inner.contains('[') {
            out.push_str(&rest[start..start + 2 + end + 2]);
        } else {
            out.push('`');
            out.push_str(inner.strip_prefix("crate::").unwrap_or(inner));
            out.push('`');
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// `GET /openapi.json`.
///
/// This document (OpenAPI 3.1), generated from the code that routes the requests.
#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "getOpenApiDocument",
    tag = tags::OPERATIONS,
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json", body = Object)),
)]
pub async fn serve() -> Response {
    static RENDERED: OnceLock<Result<String, String>> = OnceLock::new();
    let rendered = RENDERED.get_or_init(|| {
        document_json()
            .and_then(|doc| serde_json::to_string_pretty(&doc))
            .map_err(|e| e.to_string())
    });
    match rendered {
        Ok(text) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            text.clone(),
        )
            .into_response(),
        Err(e) => ApiError::internal(format!("the OpenAPI document: {e}")).into_response(),
    }
}

// ---------------------------------------------------------------------------------------------
// Answers the registry builds itself (not wire types of `accord_schemas::api`)

/// `{"status": "UP"}`, with the store's backend from `/health/ready`.
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct Health {
    /// `UP`.
    status: String,
    /// `sqlite` or `postgres` (`/health/ready` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    store: Option<String>,
}

/// The answer for one JSON payload.
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct PayloadValidation {
    /// Whether the payload is valid.
    valid: bool,
    /// Its violations (empty when valid).
    violations: Vec<Violation>,
    /// Present and true when more violations existed than were collected.
    #[serde(skip_serializing_if = "Option::is_none")]
    truncated: Option<bool>,
}

/// One line of an NDJSON batch: its validation, or why it could not be read.
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct BatchLine {
    /// The line number, from 1.
    line: u64,
    /// Whether the payload is valid (absent when the line could not be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    valid: Option<bool>,
    /// Its violations (absent when the line could not be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    violations: Option<Vec<Violation>>,
    /// Present and true when more violations existed than were collected.
    #[serde(skip_serializing_if = "Option::is_none")]
    truncated: Option<bool>,
    /// Why the line could not be read as a payload (only then present).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The answer for an NDJSON batch (`Content-Type: application/x-ndjson`).
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct BatchValidation {
    /// Lines read.
    total: u64,
    /// Valid payloads.
    valid: u64,
    /// Invalid payloads.
    invalid: u64,
    /// Lines that could not be read as payloads.
    errors: u64,
    /// One entry per line, in order.
    results: Vec<BatchLine>,
}

/// The answer of `/validate`: one payload's, or a batch's.
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
#[serde(untagged)]
pub enum ValidationAnswer {
    /// A JSON body.
    One(PayloadValidation),
    /// An NDJSON body.
    Batch(BatchValidation),
}

// ---------------------------------------------------------------------------------------------
// Parameters shared by several operations

/// `{subject}`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct SubjectPath {
    /// The subject; `:.ctx:name` names it in context `.ctx`. Percent-encode a `/` in it.
    subject: String,
}

/// `{subject}` and `{version}`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct SubjectVersionPath {
    /// The subject; `:.ctx:name` names it in context `.ctx`. Percent-encode a `/` in it.
    subject: String,
    /// A version number from 1, or `latest` (also `-1`).
    version: String,
}

/// `{app}` and `{version}`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct AppVersionPath {
    /// The application.
    app: String,
    /// The application's version (a git SHA or a semantic version).
    version: String,
}

/// `{id}`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct IdPath {
    /// The global schema id.
    id: i64,
}

/// `{guid}`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub struct GuidPath {
    /// The schema's GUID (its identity rendered as a UUID).
    guid: String,
}

/// `?deleted=`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct DeletedQuery {
    /// Include soft-deleted versions.
    deleted: Option<bool>,
}

/// `?permanent=`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct PermanentQuery {
    /// Delete for good what was soft-deleted before.
    permanent: Option<bool>,
}

/// `?normalize=&verbose=` of the compatibility checks.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct CompatibilityQuery {
    /// Normalize the schema before checking.
    normalize: Option<bool>,
    /// Answer the reasons in `messages`.
    verbose: Option<bool>,
}

/// `?defaultToGlobal=`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
#[allow(dead_code)]
pub struct DefaultToGlobalQuery {
    /// Answer the effective setting (the global one when the subject has none) instead of 404.
    default_to_global: Option<bool>,
}

/// `?force=` of `PUT /mode`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ForceQuery {
    /// Switch to IMPORT even though subjects exist.
    force: Option<bool>,
}

/// `?offset=&limit=` of the listings.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct PageQuery {
    /// How many entries to skip.
    offset: Option<i64>,
    /// At most this many entries (`-1`: all).
    limit: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intra_doc_links_become_code_spans() {
        assert_eq!(
            without_link_brackets("See [`Config`] and [`crate::contract::Read`]."),
            "See `Config` and `contract::Read`."
        );
        assert_eq!(
            without_link_brackets("[`a`](https://example.invalid) and [`b`"),
            "[`a`](https://example.invalid) and [`b`"
        );
        assert_eq!(without_link_brackets("no links"), "no links");
    }
}
