//! Schemas, subjects and versions in SQL: schema rows (immutable once stored), versions, the
//! references between them.

use std::sync::Arc;

use sqlx::{AnyConnection, Row};

use crate::store::VersionRecord;
use crate::store::{NewSchema, Referrer, SchemaRecord, StoreError, StoreResult, SubjectSummary};

pub(super) const SCHEMA_COLUMNS: &str =
    "id, identity, schema_type, schema, refs, metadata, rule_set";

pub(super) fn schema_from_row(row: &sqlx::any::AnyRow, offset: usize) -> StoreResult<SchemaRecord> {
    let refs: String = row.try_get(offset + 4)?;
    let metadata: Option<String> = row.try_get(offset + 5)?;
    let rule_set: Option<String> = row.try_get(offset + 6)?;
    let corrupt = |what: &str, e: serde_json::Error| StoreError::Corrupt(format!("{what}: {e}"));
    let stored = NewSchema {
        identity: row.try_get(offset + 1)?,
        schema_type: row.try_get(offset + 2)?,
        schema: row.try_get(offset + 3)?,
        references: serde_json::from_str(&refs).map_err(|e| corrupt("references", e))?,
        metadata: metadata
            .map(|m| serde_json::from_str(&m))
            .transpose()
            .map_err(|e| corrupt("metadata", e))?,
        rule_set: rule_set
            .map(|m| serde_json::from_str(&m))
            .transpose()
            .map_err(|e| corrupt("ruleSet", e))?,
    };
    Ok(SchemaRecord {
        id: row.try_get(offset)?,
        stored,
        rendered: Default::default(),
    })
}

/// One of a schema row's two unique keys.
#[derive(Debug, Clone, Copy)]
pub(super) enum SchemaKey<'a> {
    /// The global id.
    Id(i64),
    /// The identity hash.
    Identity(&'a str),
}

/// The schema row with `key`, if any.
pub(super) async fn q_schema(
    c: &mut AnyConnection,
    key: SchemaKey<'_>,
) -> StoreResult<Option<SchemaRecord>> {
    let column = match key {
        SchemaKey::Id(_) => "id",
        SchemaKey::Identity(_) => "identity",
    };
    let sql = format!("SELECT {SCHEMA_COLUMNS} FROM schemas WHERE {column} = $1");
    let query = match key {
        SchemaKey::Id(id) => sqlx::query(&sql).bind(id),
        SchemaKey::Identity(identity) => sqlx::query(&sql).bind(identity),
    };
    let row = query.fetch_optional(&mut *c).await?;
    row.map(|r| schema_from_row(&r, 0)).transpose()
}

pub(super) fn version_from_row(row: &sqlx::any::AnyRow) -> StoreResult<VersionRecord> {
    let version: i64 = row.try_get(1)?;
    let deleted: i64 = row.try_get(2)?;
    Ok(VersionRecord {
        subject: row.try_get(0)?,
        version: version as i32,
        deleted: deleted != 0,
        ts: row.try_get(3)?,
        schema: Arc::new(schema_from_row(row, 4)?),
    })
}

pub(super) const VERSION_SELECT: &str = "SELECT v.subject, v.version, v.deleted, v.ts, \
    s.id, s.identity, s.schema_type, s.schema, s.refs, s.metadata, s.rule_set \
    FROM versions v JOIN schemas s ON s.id = v.schema_id";

pub(super) async fn q_versions(
    c: &mut AnyConnection,
    subject: &str,
) -> StoreResult<Vec<VersionRecord>> {
    let rows = sqlx::query(&format!(
        "{VERSION_SELECT} WHERE v.subject = $1 ORDER BY v.version"
    ))
    .bind(subject)
    .fetch_all(&mut *c)
    .await?;
    rows.iter().map(version_from_row).collect()
}

pub(super) async fn q_referrers(
    c: &mut AnyConnection,
    subject: &str,
    version: i32,
) -> StoreResult<Vec<Referrer>> {
    let rows = sqlx::query(
        "SELECT r.schema_id, \
           (SELECT COUNT(*) FROM versions v WHERE v.schema_id = r.schema_id AND v.deleted = 0), \
           (SELECT COUNT(*) FROM versions v WHERE v.schema_id = r.schema_id) \
         FROM schema_refs r WHERE r.subject = $1 AND r.version = $2 ORDER BY r.schema_id",
    )
    .bind(subject)
    .bind(version as i64)
    .fetch_all(&mut *c)
    .await?;
    let mut out = Vec::new();
    for row in rows {
        let live: i64 = row.try_get(1)?;
        let any: i64 = row.try_get(2)?;
        if any > 0 {
            out.push(Referrer {
                schema_id: row.try_get(0)?,
                live: live > 0,
            });
        }
    }
    out.dedup_by_key(|r| r.schema_id);
    Ok(out)
}

pub(super) async fn q_subjects(c: &mut AnyConnection) -> StoreResult<Vec<SubjectSummary>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT subject, SUM(CASE WHEN deleted = 0 THEN 1 ELSE 0 END) \
         FROM versions GROUP BY subject ORDER BY subject",
    )
    .fetch_all(&mut *c)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, live)| SubjectSummary {
            name,
            soft_deleted: live == 0,
        })
        .collect())
}

/// Store a schema row (see [`WriteTx::insert_schema`](crate::store::WriteTx::insert_schema)).
pub(super) async fn insert_schema(
    c: &mut AnyConnection,
    schema: &NewSchema,
    id: Option<i64>,
    postgres: bool,
    now: i64,
) -> StoreResult<i64> {
    let explicit_id = id;
    if let Some(existing) = q_schema(c, SchemaKey::Identity(&schema.identity)).await? {
        return Ok(existing.id);
    }
    let refs = serde_json::to_string(&schema.references)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let metadata = schema
        .metadata
        .as_ref()
        .map(|m| serde_json::to_string(m).unwrap_or_default());
    let rule_set = schema
        .rule_set
        .as_ref()
        .map(|m| serde_json::to_string(m).unwrap_or_default());
    // A concurrent writer of another subject may store the same identity first: the unique
    // index makes us wait for it, then we take its row.
    let conflict = "ON CONFLICT (identity) DO NOTHING RETURNING id";
    let inserted: Option<(i64,)> = match id {
        Some(id) => {
            sqlx::query_as(&format!(
                "INSERT INTO schemas (id, identity, schema_type, schema, refs, metadata, \
                 rule_set, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) {conflict}"
            ))
            .bind(id)
            .bind(&schema.identity)
            .bind(&schema.schema_type)
            .bind(&schema.schema)
            .bind(&refs)
            .bind(metadata.clone())
            .bind(rule_set.clone())
            .bind(now)
            .fetch_optional(&mut *c)
            .await?
        }
        None => {
            sqlx::query_as(&format!(
                "INSERT INTO schemas (identity, schema_type, schema, refs, metadata, \
                 rule_set, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) {conflict}"
            ))
            .bind(&schema.identity)
            .bind(&schema.schema_type)
            .bind(&schema.schema)
            .bind(&refs)
            .bind(metadata)
            .bind(rule_set)
            .bind(now)
            .fetch_optional(&mut *c)
            .await?
        }
    };
    let id = match inserted {
        Some((id,)) => id,
        None => q_schema(c, SchemaKey::Identity(&schema.identity))
            .await?
            .map(|s| s.id)
            .ok_or_else(|| StoreError::Conflict("schema row vanished".into()))?,
    };
    if inserted.is_some() {
        for r in &schema.references {
            sqlx::query(
                "INSERT INTO schema_refs (schema_id, name, subject, version) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(&r.name)
            .bind(&r.subject)
            .bind(r.version as i64)
            .execute(&mut *c)
            .await?;
        }
        if let (true, Some(explicit)) = (postgres, explicit_id) {
            // An explicit (imported) id does not move the identity sequence; move it here so
            // the next allocated id cannot collide with it. Never move it backwards: ids
            // handed to concurrent, uncommitted writers are above MAX(id).
            sqlx::query(
                "SELECT setval(pg_get_serial_sequence('schemas', 'id'), \
                 GREATEST($1, (SELECT last_value FROM schemas_id_seq)))",
            )
            .bind(explicit)
            .execute(&mut *c)
            .await?;
        }
    }
    Ok(id)
}

/// Add a live version.
pub(super) async fn insert_version(
    c: &mut AnyConnection,
    subject: &str,
    version: i32,
    schema_id: i64,
    now: i64,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO subjects (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
        .bind(subject)
        .execute(&mut *c)
        .await?;
    sqlx::query(
        "INSERT INTO versions (subject, version, schema_id, deleted, ts) \
         VALUES ($1, $2, $3, 0, $4)",
    )
    .bind(subject)
    .bind(version as i64)
    .bind(schema_id)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Mark a version soft-deleted.
pub(super) async fn soft_delete(
    c: &mut AnyConnection,
    subject: &str,
    version: i32,
    now: i64,
) -> StoreResult<()> {
    sqlx::query("UPDATE versions SET deleted = 1, ts = $3 WHERE subject = $1 AND version = $2")
        .bind(subject)
        .bind(version as i64)
        .bind(now)
        .execute(&mut *c)
        .await?;
    Ok(())
}

/// Remove a version; the id of the schema it used, if it existed.
pub(super) async fn delete_version(
    c: &mut AnyConnection,
    subject: &str,
    version: i32,
) -> StoreResult<Option<i64>> {
    let removed: Option<(i64,)> = sqlx::query_as(
        "DELETE FROM versions WHERE subject = $1 AND version = $2 RETURNING schema_id",
    )
    .bind(subject)
    .bind(version as i64)
    .fetch_optional(&mut *c)
    .await?;
    Ok(removed.map(|(id,)| id))
}
