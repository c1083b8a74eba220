//! `/schemas...`: schemas by id and GUID, listings, types. Each handler calls one function of
//! [`crate::domain::schemas`].

use accord_schemas::api::{ContextId, Schema, SubjectVersion};
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::domain::schemas::{self, SchemaFilter, UsesFilter};
use crate::error::ApiResult;
use crate::extract::{json_bytes, json_response, Json, Params};
use crate::media::DEFAULT_TYPE;
use crate::routes::params::{
    paged_listing, tags, typed, DeletedQuery, GuidPath, IdPath, PageQuery, Segments, UsesQuery,
};
use crate::routes::responses::NoSuchSchema;
use crate::state::AppState;

/// The uses of a schema that `?deleted=&subject=` ([`UsesQuery`]) select.
fn uses_filter(params: &Params) -> UsesFilter<'_> {
    UsesFilter {
        deleted: params.flag(&["deleted"]),
        subject: params.get("subject"),
    }
}

/// Get a schema by id.
///
/// With `subject`, the answer also names that subject's version holding the schema.
#[utoipa::path(
    get,
    path = "/schemas/ids/{id}",
    operation_id = "getSchemaById",
    tag = tags::SCHEMAS,
    params(
        IdPath,
        ("subject" = Option<String>, Query, description = "Name this subject's version of the schema"),
        ("fetchMaxId" = Option<bool>, Query, description = "Also answer the highest schema id as `maxId`"),
    ),
    responses(
        (status = 200, description = "The schema", body = Schema),
        NoSuchSchema,
    ),
)]
pub async fn get_by_id(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Response> {
    let subject = params.get("subject").filter(|s| !s.is_empty());
    let max_id = params.flag(&["fetchMaxId"]);
    if subject.is_none() && !max_id {
        // The plain answer never changes for a stored schema: rendered once per cached record.
        let record = schemas::by_id(&state.registry, segments.at(0)).await?;
        let body = record
            .rendered
            .get_or_try_init(|| json_bytes(&schemas::schema_string(&record)))?;
        return Ok(json_response(body.clone()));
    }
    let schema = schemas::get_by_id(&state.registry, segments.at(0), subject, max_id).await?;
    Ok(Json(schema).into_response())
}

/// Get a schema's text by id.
///
/// The schema document itself, as registered (canonical text).
#[utoipa::path(
    get,
    path = "/schemas/ids/{id}/schema",
    operation_id = "getSchemaTextById",
    tag = tags::SCHEMAS,
    params(IdPath),
    responses(
        (status = 200, description = "The schema document", body = Object),
        NoSuchSchema,
    ),
)]
pub async fn get_raw_by_id(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<Response> {
    let record = schemas::by_id(&state.registry, segments.at(0)).await?;
    Ok(typed(DEFAULT_TYPE, record.stored.schema.clone()))
}

paged_listing! {
    /// List the subjects using a schema.
    fn subjects_of_id, path = "/schemas/ids/{id}/subjects", operation_id = "listSubjectsOfSchema",
    tag = tags::SCHEMAS, params(IdPath, UsesQuery, PageQuery), answer = "The subjects",
    body = Vec<String>, refusals(NoSuchSchema,), most = i32::MAX as i64,
    list = |state, segments, params| schemas::subjects_of(&state.registry, segments.at(0), uses_filter(&params)),
}

paged_listing! {
    /// List the subject-versions using a schema.
    fn versions_of_id, path = "/schemas/ids/{id}/versions", operation_id = "listVersionsOfSchema",
    tag = tags::SCHEMAS, params(IdPath, UsesQuery, PageQuery), answer = "The subject-versions",
    body = Vec<SubjectVersion>, refusals(NoSuchSchema,), most = i32::MAX as i64,
    list = |state, segments, params| schemas::uses_of(&state.registry, segments.at(0), uses_filter(&params)),
}

/// Get a schema by GUID.
#[utoipa::path(
    get,
    path = "/schemas/guids/{guid}",
    operation_id = "getSchemaByGuid",
    tag = tags::SCHEMAS,
    params(GuidPath),
    responses(
        (status = 200, description = "The schema", body = Schema),
        NoSuchSchema,
    ),
)]
pub async fn get_by_guid(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<Json<Schema>> {
    Ok(Json(
        schemas::by_guid(&state.registry, segments.at(0)).await?,
    ))
}

/// List the ids of a GUID.
///
/// One entry per context holding the schema (Accord has one global id space); empty when the
/// GUID is unknown.
#[utoipa::path(
    get,
    path = "/schemas/guids/{guid}/ids",
    operation_id = "listIdsOfGuid",
    tag = tags::SCHEMAS,
    params(GuidPath),
    responses((status = 200, description = "The ids", body = Vec<ContextId>)),
)]
pub async fn ids_of_guid(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<Json<Vec<ContextId>>> {
    Ok(Json(
        schemas::ids_of_guid(&state.registry, segments.at(0)).await?,
    ))
}

/// List the schema types: `["AVRO", "JSON"]`.
#[utoipa::path(
    get,
    path = "/schemas/types",
    operation_id = "listSchemaTypes",
    tag = tags::SCHEMAS,
    responses((status = 200, description = "The schema types", body = Vec<String>)),
)]
pub async fn types() -> Json<Vec<String>> {
    Json(schemas::schema_types())
}

/// List schemas.
///
/// Every registered subject-version as a schema with its subject and version.
#[utoipa::path(
    get,
    path = "/schemas",
    operation_id = "listSchemas",
    tag = tags::SCHEMAS,
    params(
        ("subjectPrefix" = Option<String>, Query, description = "Only subjects starting with this"),
        DeletedQuery,
        ("latestOnly" = Option<bool>, Query, description = "Only each subject's latest version"),
        ("ruleType" = Option<String>, Query, description = "Only schemas with a rule of this type"),
        PageQuery,
    ),
    responses(
        (status = 200, description = "The schemas", body = Vec<Schema>),
    ),
)]
pub async fn list(State(state): State<AppState>, params: Params) -> ApiResult<Json<Vec<Schema>>> {
    let filter = SchemaFilter {
        subject_prefix: params.get("subjectPrefix").unwrap_or(""),
        deleted: params.flag(&["deleted"]),
        latest_only: params.flag(&["latestOnly"]),
        rule_type: params.get("ruleType").filter(|r| !r.is_empty()),
    };
    let out = schemas::list(&state.registry, &filter).await?;
    Ok(Json(params.page(out, 1000)))
}
