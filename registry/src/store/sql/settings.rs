//! Settings in SQL: the config and the mode of each scope (`""`: global).

use accord_schemas::api::Config;
use sqlx::AnyConnection;

use crate::store::{StoreError, StoreResult};

pub(super) async fn q_config(c: &mut AnyConnection, scope: &str) -> StoreResult<Option<Config>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT body FROM config WHERE scope = $1")
        .bind(scope)
        .fetch_optional(&mut *c)
        .await?;
    row.map(|(body,)| {
        serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(format!("config: {e}")))
    })
    .transpose()
}

pub(super) async fn q_mode(c: &mut AnyConnection, scope: &str) -> StoreResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT mode FROM modes WHERE scope = $1")
        .bind(scope)
        .fetch_optional(&mut *c)
        .await?;
    Ok(row.map(|(m,)| m))
}

/// Set (`Some`) or remove (`None`) the value of a scope in `table`, whose columns are `scope`
/// and `column` (the table and column names are ours, never a client's).
async fn set_scoped(
    c: &mut AnyConnection,
    (table, column): (&str, &str),
    scope: &str,
    value: Option<&str>,
) -> StoreResult<()> {
    let query = match value {
        Some(_) => format!(
            "INSERT INTO {table} (scope, {column}) VALUES ($1, $2) \
             ON CONFLICT (scope) DO UPDATE SET {column} = excluded.{column}"
        ),
        None => format!("DELETE FROM {table} WHERE scope = $1"),
    };
    let mut query = sqlx::query(&query).bind(scope);
    if let Some(value) = value {
        query = query.bind(value);
    }
    query.execute(&mut *c).await?;
    Ok(())
}

/// Set (`Some`) or remove (`None`) the config of a scope.
pub(super) async fn set_config(
    c: &mut AnyConnection,
    scope: &str,
    config: Option<&Config>,
) -> StoreResult<()> {
    let body = config
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    set_scoped(c, ("config", "body"), scope, body.as_deref()).await
}

/// Set (`Some`) or remove (`None`) the mode of a scope.
pub(super) async fn set_mode(
    c: &mut AnyConnection,
    scope: &str,
    mode: Option<&str>,
) -> StoreResult<()> {
    set_scoped(c, ("modes", "mode"), scope, mode).await
}
