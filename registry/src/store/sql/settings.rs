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

/// Set (`Some`) or remove (`None`) the config of a scope.
pub(super) async fn set_config(
    c: &mut AnyConnection,
    scope: &str,
    config: Option<&Config>,
) -> StoreResult<()> {
    match config {
        Some(config) => {
            let body =
                serde_json::to_string(config).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            sqlx::query(
                "INSERT INTO config (scope, body) VALUES ($1, $2) \
                 ON CONFLICT (scope) DO UPDATE SET body = excluded.body",
            )
            .bind(scope)
            .bind(body)
            .execute(&mut *c)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM config WHERE scope = $1")
                .bind(scope)
                .execute(&mut *c)
                .await?;
        }
    }
    Ok(())
}

/// Set (`Some`) or remove (`None`) the mode of a scope.
pub(super) async fn set_mode(
    c: &mut AnyConnection,
    scope: &str,
    mode: Option<&str>,
) -> StoreResult<()> {
    match mode {
        Some(mode) => {
            sqlx::query(
                "INSERT INTO modes (scope, mode) VALUES ($1, $2) \
                 ON CONFLICT (scope) DO UPDATE SET mode = excluded.mode",
            )
            .bind(scope)
            .bind(mode)
            .execute(&mut *c)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM modes WHERE scope = $1")
                .bind(scope)
                .execute(&mut *c)
                .await?;
        }
    }
    Ok(())
}
