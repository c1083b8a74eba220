//! `/schemas...`: schemas by id and GUID, listings, types.

use std::sync::Arc;

use accord_schemas::api::{ContextId, ErrorBody, Schema, SubjectVersion};
use accord_schemas::identity::Identity;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ApiResult};
use crate::extract::{json_bytes, json_response, Json, Params};
use crate::media::DEFAULT_TYPE;
use crate::openapi::{tags, DeletedQuery, GuidPath, IdPath, PageQuery};
use crate::routes::Segments;
use crate::service::{normalize_subject, schema_response, schema_string, AppState};
use crate::store::SchemaRecord;

async fn by_id(state: &AppState, id_text: &str) -> ApiResult<Arc<SchemaRecord>> {
    let id: i64 = id_text
        .trim()
        .parse()
        .map_err(|_| ApiError::schema_id_not_found(id_text))?;
    state
        .store
        .schema_by_id(id)
        .await?
        .ok_or_else(|| ApiError::schema_id_not_found(id))
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
        (status = 404, description = "40403: no such schema", body = ErrorBody),
    ),
)]
pub async fn get_by_id(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Response> {
    let record = by_id(&state, segments.at(0)).await?;
    if params.get("subject").is_none_or(str::is_empty) && !params.flag(&["fetchMaxId"]) {
        let body = record
            .rendered
            .get_or_try_init(|| json_bytes(&schema_string(&record)))?;
        return Ok(json_response(body.clone()));
    }
    let mut out = schema_string(&record);
    if let Some(subject) = params.get("subject").filter(|s| !s.is_empty()) {
        let subject = normalize_subject(subject);
        let uses = state.store.versions_of_schema(record.id).await?;
        if let Some((s, v, _)) = uses
            .iter()
            .filter(|(s, _, _)| *s == subject)
            .max_by_key(|(_, v, deleted)| (!deleted, *v))
        {
            out.subject = Some(s.clone());
            out.version = Some(*v);
        }
    }
    if params.flag(&["fetchMaxId"]) {
        out.max_id = Some(state.store.max_schema_id().await?);
    }
    Ok(Json(out).into_response())
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
        (status = 404, description = "40403: no such schema", body = ErrorBody),
    ),
)]
pub async fn get_raw_by_id(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<Response> {
    let record = by_id(&state, segments.at(0)).await?;
    Ok((
        [(header::CONTENT_TYPE, DEFAULT_TYPE)],
        record.schema.clone(),
    )
        .into_response())
}

/// List the subjects using a schema.
#[utoipa::path(
    get,
    path = "/schemas/ids/{id}/subjects",
    operation_id = "listSubjectsOfSchema",
    tag = tags::SCHEMAS,
    params(
        IdPath,
        DeletedQuery,
        ("subject" = Option<String>, Query, description = "Only this subject"),
        PageQuery,
    ),
    responses(
        (status = 200, description = "The subjects", body = Vec<String>),
        (status = 404, description = "40403: no such schema", body = ErrorBody),
    ),
)]
pub async fn subjects_of_id(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<Vec<String>>> {
    let record = by_id(&state, segments.at(0))
        .await
        .map_err(|_| ApiError::schema_not_found())?;
    let deleted = params.flag(&["deleted"]);
    let filter = params.get("subject").map(normalize_subject);
    let mut subjects: Vec<String> = state
        .store
        .versions_of_schema(record.id)
        .await?
        .into_iter()
        .filter(|(s, _, d)| (deleted || !d) && filter.as_ref().is_none_or(|f| f == s))
        .map(|(s, _, _)| s)
        .collect();
    subjects.dedup();
    Ok(Json(params.page(subjects, i32::MAX as i64)))
}

/// List the subject-versions using a schema.
#[utoipa::path(
    get,
    path = "/schemas/ids/{id}/versions",
    operation_id = "listVersionsOfSchema",
    tag = tags::SCHEMAS,
    params(
        IdPath,
        DeletedQuery,
        ("subject" = Option<String>, Query, description = "Only this subject"),
        PageQuery,
    ),
    responses(
        (status = 200, description = "The subject-versions", body = Vec<SubjectVersion>),
        (status = 404, description = "40403: no such schema", body = ErrorBody),
    ),
)]
pub async fn versions_of_id(
    State(state): State<AppState>,
    segments: Segments,
    params: Params,
) -> ApiResult<Json<Vec<SubjectVersion>>> {
    let record = by_id(&state, segments.at(0))
        .await
        .map_err(|_| ApiError::schema_not_found())?;
    let deleted = params.flag(&["deleted"]);
    let filter = params.get("subject").map(normalize_subject);
    let out: Vec<SubjectVersion> = state
        .store
        .versions_of_schema(record.id)
        .await?
        .into_iter()
        .filter(|(s, _, d)| (deleted || !d) && filter.as_ref().is_none_or(|f| f == s))
        .map(|(subject, version, _)| SubjectVersion { subject, version })
        .collect();
    Ok(Json(params.page(out, i32::MAX as i64)))
}

async fn by_guid(state: &AppState, guid: &str) -> ApiResult<Arc<SchemaRecord>> {
    let not_found = || ApiError::schema_id_not_found(guid);
    let identity = Identity::parse_guid(guid).ok_or_else(not_found)?;
    let mut reads = state.store.read().await?;
    let row = reads
        .schema_by_identity(&identity.hex())
        .await?
        .ok_or_else(not_found)?;
    state
        .store
        .schema_by_id(row.id)
        .await?
        .ok_or_else(not_found)
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
        (status = 404, description = "40403: no such schema", body = ErrorBody),
    ),
)]
pub async fn get_by_guid(
    State(state): State<AppState>,
    segments: Segments,
) -> ApiResult<Json<Schema>> {
    let record = by_guid(&state, segments.at(0)).await?;
    Ok(Json(schema_string(&record)))
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
    let ids = match by_guid(&state, segments.at(0)).await {
        Ok(record) => vec![ContextId {
            context: ".".to_string(),
            id: record.id,
        }],
        Err(_) => Vec::new(),
    };
    Ok(Json(ids))
}

/// List the schema types: `["JSON"]`.
#[utoipa::path(
    get,
    path = "/schemas/types",
    operation_id = "listSchemaTypes",
    tag = tags::SCHEMAS,
    responses((status = 200, description = "The schema types", body = Vec<String>)),
)]
pub async fn types() -> Json<Vec<&'static str>> {
    Json(vec!["JSON"])
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
    responses((status = 200, description = "The schemas", body = Vec<Schema>)),
)]
pub async fn list(State(state): State<AppState>, params: Params) -> ApiResult<Json<Vec<Schema>>> {
    let prefix = params.get("subjectPrefix").unwrap_or("");
    let prefix = if prefix == ":*:" { "" } else { prefix };
    let deleted = params.flag(&["deleted"]);
    let latest_only = params.flag(&["latestOnly"]);
    let rule_type = params.get("ruleType").filter(|r| !r.is_empty());
    let all = state.store.all_versions(prefix).await?;
    let mut out: Vec<Schema> = Vec::new();
    for (i, v) in all.iter().enumerate() {
        if v.deleted && !deleted {
            continue;
        }
        if latest_only {
            let newer = all[i + 1..]
                .iter()
                .any(|w| w.subject == v.subject && (deleted || !w.deleted));
            if newer {
                continue;
            }
        }
        if let Some(rt) = rule_type {
            let has = v.schema.rule_set.as_ref().is_some_and(|rs| {
                rs.migration_rules
                    .iter()
                    .chain(&rs.domain_rules)
                    .chain(&rs.encoding_rules)
                    .any(|r| r.rule_type.as_deref() == Some(rt))
            });
            if !has {
                continue;
            }
        }
        out.push(schema_response(v));
    }
    Ok(Json(params.page(out, 1000)))
}
