//! The audit log in SQL: appended in the writing transaction, read in order.

use sqlx::{AnyConnection, AnyPool, Row};

use crate::store::{Event, NewEvent, StoreError, StoreResult};

/// Append an audit event.
pub(super) async fn insert(c: &mut AnyConnection, event: NewEvent, now: i64) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO events (ts, kind, subject, version, schema_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now)
    .bind(event.kind)
    .bind(event.subject)
    .bind(event.version.map(i64::from))
    .bind(event.schema_id)
    .bind(event.detail.to_string())
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Audit events after `after`, oldest first, at most `limit`.
pub(super) async fn after(pool: &AnyPool, after: i64, limit: i64) -> StoreResult<Vec<Event>> {
    let rows = sqlx::query(
        "SELECT seq, ts, kind, subject, version, schema_id, detail FROM events \
         WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let detail: String = row.try_get(6)?;
            let version: Option<i64> = row.try_get(4)?;
            Ok(Event {
                seq: row.try_get(0)?,
                ts: row.try_get(1)?,
                kind: row.try_get(2)?,
                subject: row.try_get(3)?,
                version: version.map(|v| v as i32),
                schema_id: row.try_get(5)?,
                detail: serde_json::from_str(&detail)
                    .map_err(|e| StoreError::Corrupt(format!("event: {e}")))?,
            })
        })
        .collect()
}
