//! The OpenAPI document of both surfaces, served at `GET /openapi.json`.
//!
//! Conventions:
//! - Every route is added to the router with `utoipa_axum::routes!`, which takes the path and
//!   methods from the handler's `#[utoipa::path]`: the router and the document come from the
//!   same annotations (see [`crate::routes`]), so the document cannot list a route the router
//!   lacks or miss one it serves. The integration tests request every documented operation and
//!   check the router answers it, and check real answers against the documented schemas.
//! - Bodies are described by the types handlers answer with: the wire types of
//!   `accord_schemas::api` (feature `openapi`) and the registry's own answers (in the domain and
//!   the routes), so an answer and its documented schema cannot drift.
//! - JSON bodies are read as `application/vnd.schemaregistry.v1+json` or `application/json`,
//!   and written as the former, or on the Confluent surface as the type `Accept` asks for
//!   ([`crate::media`]); [`document`] states this once for every operation rather than in each
//!   annotation.
//! - The crate root builds the router and passes its generated operations to [`render`]; this
//!   module never reaches back into the routes.

use std::sync::OnceLock;

use accord_schemas::compat::{Level, Policy};
use utoipa::openapi::OpenApi as Document;
use utoipa::OpenApi;

use crate::domain::config::ContractCheck;
use crate::domain::mode::Mode;
use crate::domain::names::{
    CONTEXT_PATTERN, ENVIRONMENT_PATTERN, SUBJECT_PATTERN, VERSION_PATTERN,
};

use crate::media::DEFAULT_TYPE;
use crate::routes::params::tags;

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

/// The document: the base, the routed operations `generated` by the router, and the media
/// types (see the module documentation).
pub fn document(mut doc: Document) -> Document {
    let mut base = Base::openapi();
    base.info.version = env!("CARGO_PKG_VERSION").to_string();
    base.paths = std::mem::take(&mut doc.paths);
    if let (Some(components), Some(generated)) = (base.components.as_mut(), doc.components) {
        components.schemas.extend(generated.schemas);
    }
    with_media_types(&mut base);
    with_input_errors(&mut base);
    base
}

/// Document the answers to bad input once for every operation that takes input, as the server
/// gives them to every route ([`crate::extract`]): 400 for a query string it cannot split into
/// parameters or a body that is not JSON (or not the JSON object the operation reads), 422 for
/// a query parameter the server refuses (a boolean other than `true`/`false`, an offset or
/// limit out of range) or a body it cannot use.
/// Operations that document their own 400 or 422 keep their descriptions.
fn with_input_errors(doc: &mut Document) {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let error = |operation: &utoipa::openapi::path::Operation, description: &str| {
        let content = ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("ErrorBody")))
            .build();
        let mut response = ResponseBuilder::new().description(description);
        for media in written_types(operation) {
            response = response.content(media.to_string(), content.clone());
        }
        utoipa::openapi::RefOr::T(response.build())
    };
    for item in doc.paths.paths.values_mut() {
        for operation in operations(item) {
            let has_query = operation
                .parameters
                .iter()
                .flatten()
                .any(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query));
            let has_body = operation.request_body.is_some();
            let mut missing = Vec::new();
            let responses = &operation.responses.responses;
            let malformed = match (has_query, has_body) {
                (true, true) => Some(
                    "A malformed query string, or a body that is not valid JSON or not the JSON \
                     object the operation reads",
                ),
                (false, true) => {
                    Some("The body is not valid JSON, or not the JSON object the operation reads")
                }
                (true, false) => Some("A malformed query string"),
                (false, false) => None,
            };
            if let (Some(description), false) = (malformed, responses.contains_key("400")) {
                missing.push(("400", error(operation, description)));
            }
            if (has_body || has_query) && !responses.contains_key("422") {
                missing.push((
                    "422",
                    error(
                        operation,
                        "A query parameter or the body is refused (the message names it)",
                    ),
                ));
            }
            for (status, response) in missing {
                operation
                    .responses
                    .responses
                    .insert(status.into(), response);
            }
        }
    }
}

/// The types an operation's answers are written as: on the Confluent surface any type
/// [`crate::media::negotiate`] may choose, elsewhere our type.
fn written_types(
    operation: &utoipa::openapi::path::Operation,
) -> Box<dyn Iterator<Item = &'static str>> {
    let negotiated = operation
        .tags
        .iter()
        .flatten()
        .any(|t| tags::CONFLUENT.contains(&t.as_str()));
    if negotiated {
        Box::new(crate::media::produced_types())
    } else {
        Box::new(std::iter::once(DEFAULT_TYPE))
    }
}

/// The operations of a path item (the registry serves GET, PUT, POST and DELETE).
fn operations(
    item: &mut utoipa::openapi::PathItem,
) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
    ]
    .into_iter()
    .flatten()
}

/// Restate the `application/json` the annotations default to (see the module documentation):
/// requests are read as our type or `application/json`; responses are written as our type, or
/// on the Confluent surface as any type [`crate::media::negotiate`] may choose.
fn with_media_types(doc: &mut Document) {
    for (path, item) in doc.paths.paths.iter_mut() {
        // This document is plain `application/json`, as its annotation says.
        let written_as_annotated = path == "/openapi.json";
        for operation in operations(item) {
            if let Some(body) = operation.request_body.as_mut() {
                if let Some(json) = body.content.get("application/json").cloned() {
                    body.content.insert(DEFAULT_TYPE.to_string(), json);
                }
            }
            if written_as_annotated {
                continue;
            }
            let written: Vec<&str> = written_types(operation).collect();
            for response in operation.responses.responses.values_mut() {
                let utoipa::openapi::RefOr::T(response) = response else {
                    continue;
                };
                if let Some(json) = response.content.shift_remove("application/json") {
                    for media in &written {
                        response.content.insert(media.to_string(), json.clone());
                    }
                }
            }
        }
    }
}

/// The document as served: [`document`] with the intra-doc links of the Rust doc comments it
/// was generated from (`` [`Config`] ``) reduced to code spans, which readers can follow.
pub fn document_json(generated: Document) -> Result<serde_json::Value, serde_json::Error> {
    let mut value = serde_json::to_value(document(generated))?;
    plain_links(&mut value);
    with_names(&mut value);
    Ok(value)
}

/// State the names the server accepts for modes, levels, policies and `contractCheck` as enums
/// of the body properties that carry them (the shared wire types hold them as strings), and the
/// pattern of environment names and the length of branches. The server reads the names in any
/// case; the document lists the canonical spelling it answers with.
fn with_names(doc: &mut serde_json::Value) {
    let modes: Vec<&str> = Mode::ALL.iter().map(|m| m.as_str()).collect();
    let levels: Vec<&str> = Level::ALL.iter().map(|l| l.as_str()).collect();
    let policies: Vec<&str> = Policy::ALL.iter().map(|p| p.as_str()).collect();
    let checks: Vec<&str> = ContractCheck::ALL.iter().map(|c| c.as_str()).collect();
    let named = [
        ("Mode", "mode", &modes),
        ("Config", "compatibilityLevel", &levels),
        ("Config", "compatibilityPolicy", &policies),
        ("Config", "contractCheck", &checks),
        ("ConfigUpdateRequest", "compatibility", &levels),
        ("ConfigUpdateRequest", "compatibilityPolicy", &policies),
        ("ConfigUpdateRequest", "contractCheck", &checks),
    ];
    for (schema, property, names) in named {
        let property = &mut doc["components"]["schemas"][schema]["properties"][property];
        let Some(object) = property.as_object_mut() else {
            continue;
        };
        let nullable = object
            .get("type")
            .and_then(|t| t.as_array())
            .is_some_and(|t| t.iter().any(|t| t == "null"));
        let mut values: Vec<serde_json::Value> = names.iter().map(|n| (*n).into()).collect();
        if nullable {
            values.push(serde_json::Value::Null);
        }
        object.insert("enum".to_string(), values.into());
    }
    with_path_patterns(doc);
    // A produced subject named on its own (the object form's bounds come from its fields).
    let named = &mut doc["components"]["schemas"]["Produced"]["oneOf"][0];
    if let Some(named) = named.as_object_mut() {
        named.insert("minLength".into(), 1.into());
        named.insert("maxLength".into(), 255.into());
    }
    // Every answer carries `mode`; a request without one is refused (42204).
    if let Some(mode) = doc["components"]["schemas"]["Mode"].as_object_mut() {
        mode.insert("required".into(), serde_json::json!(["mode"]));
    }
    let environment =
        &mut doc["components"]["schemas"]["DeploymentRequest"]["properties"]["environment"];
    if let Some(object) = environment.as_object_mut() {
        object.insert("pattern".into(), ENVIRONMENT_PATTERN.into());
    }
    let branch = &mut doc["components"]["schemas"]["PublishVersionRequest"]["properties"]["branch"];
    if let Some(object) = branch.as_object_mut() {
        object.insert("minLength".into(), 1.into());
        object.insert("maxLength".into(), 255.into());
    }
}

/// State the patterns of subjects, contexts and versions ([`SUBJECT_PATTERN`],
/// [`CONTEXT_PATTERN`], [`VERSION_PATTERN`]) on
/// every parameter that carries one, from the constants the server's parsers are tested
/// against. An application's version is its own free-form name and keeps its length limits.
fn with_path_patterns(doc: &mut serde_json::Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let schema_version = path.contains("/subjects/") || path.starts_with("/validate/");
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for operation in item.values_mut() {
            let Some(parameters) = operation
                .get_mut("parameters")
                .and_then(|p| p.as_array_mut())
            else {
                continue;
            };
            for parameter in parameters {
                let pattern = match parameter["name"].as_str() {
                    Some("subject") if parameter["in"] == "path" => SUBJECT_PATTERN,
                    Some("context") if parameter["in"] == "path" => CONTEXT_PATTERN,
                    Some("version") if schema_version => VERSION_PATTERN,
                    _ => continue,
                };
                if let Some(schema) = parameter["schema"].as_object_mut() {
                    schema.insert("pattern".into(), pattern.into());
                }
            }
        }
    }
}

static RENDERED: OnceLock<Result<String, String>> = OnceLock::new();

/// Render the served text of the document once per process (every router documents the same
/// operations); `generated` is called only the first time. The crate root calls this when it
/// builds the router.
pub fn render(generated: impl FnOnce() -> Document) {
    RENDERED.get_or_init(|| {
        document_json(generated())
            .and_then(|doc| serde_json::to_string_pretty(&doc))
            .map_err(|e| e.to_string())
    });
}

/// The served text of the document, once [`render`] ran.
pub fn served() -> Option<&'static Result<String, String>> {
    RENDERED.get()
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
