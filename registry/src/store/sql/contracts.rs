//! Consumer contracts in SQL: applications and their versions, the contracts they publish,
//! the subjects they produce, deployments.

use sqlx::AnyConnection;

use crate::store::{AppVersionRecord, ContractRecord, DeploymentRecord, NewAppVersion};
use crate::store::{ProducedRecord, ProducerRecord, StoreResult};

pub(super) async fn q_applications(c: &mut AnyConnection) -> StoreResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT name FROM applications ORDER BY name")
        .fetch_all(&mut *c)
        .await?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}

pub(super) async fn q_app_versions(
    c: &mut AnyConnection,
    app: &str,
) -> StoreResult<Vec<AppVersionRecord>> {
    let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT app, version, branch, created_at, seq FROM app_versions WHERE app = $1 \
         ORDER BY seq",
    )
    .bind(app)
    .fetch_all(&mut *c)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(app, version, branch, created_at, seq)| AppVersionRecord {
            app,
            version,
            branch,
            created_at,
            seq,
        })
        .collect())
}

/// The contracts `WHERE clause` (which may end in `ORDER BY`), its `$1`, `$2`, ... bound to
/// `binds` in order.
async fn contracts_where(
    c: &mut AnyConnection,
    clause: &str,
    binds: &[&str],
) -> StoreResult<Vec<ContractRecord>> {
    let sql = format!("SELECT app, version, subject, reads, reader FROM contracts WHERE {clause}");
    let mut query = sqlx::query_as::<_, (String, String, String, Option<String>, String)>(&sql);
    for value in binds {
        query = query.bind(*value);
    }
    let rows = query.fetch_all(&mut *c).await?;
    Ok(rows
        .into_iter()
        .map(|(app, version, subject, reads, reader)| ContractRecord {
            app,
            version,
            subject,
            reads,
            reader,
        })
        .collect())
}

pub(super) async fn q_contracts_of(
    c: &mut AnyConnection,
    app: &str,
    version: &str,
) -> StoreResult<Vec<ContractRecord>> {
    let clause = "app = $1 AND version = $2 ORDER BY subject";
    contracts_where(c, clause, &[app, version]).await
}

pub(super) async fn q_contracts_on(
    c: &mut AnyConnection,
    subject: &str,
) -> StoreResult<Vec<ContractRecord>> {
    contracts_where(c, "subject = $1 ORDER BY app, version", &[subject]).await
}

pub(super) async fn q_produces_of(
    c: &mut AnyConnection,
    app: &str,
    version: &str,
) -> StoreResult<Vec<ProducedRecord>> {
    let rows: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT subject, schema_version FROM produces WHERE app = $1 AND version = $2 \
         ORDER BY subject",
    )
    .bind(app)
    .bind(version)
    .fetch_all(&mut *c)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(subject, v)| ProducedRecord {
            subject,
            schema_version: v.map(|v| v as i32),
        })
        .collect())
}

pub(super) async fn q_producers_on(
    c: &mut AnyConnection,
    subject: &str,
) -> StoreResult<Vec<ProducerRecord>> {
    let rows: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT app, version, subject, schema_version FROM produces WHERE subject = $1 \
         ORDER BY app, version",
    )
    .bind(subject)
    .fetch_all(&mut *c)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(app, version, subject, v)| ProducerRecord {
            app,
            version,
            produced: ProducedRecord {
                subject,
                schema_version: v.map(|v| v as i32),
            },
        })
        .collect())
}

pub(super) async fn q_deployments(
    c: &mut AnyConnection,
    environment: Option<&str>,
) -> StoreResult<Vec<DeploymentRecord>> {
    let select = "SELECT environment, app, version, deployed_at FROM deployments";
    let rows: Vec<(String, String, String, i64)> = match environment {
        Some(env) => {
            sqlx::query_as(&format!(
                "{select} WHERE environment = $1 ORDER BY environment, app"
            ))
            .bind(env)
            .fetch_all(&mut *c)
            .await?
        }
        None => {
            sqlx::query_as(&format!("{select} ORDER BY environment, app"))
                .fetch_all(&mut *c)
                .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(
            |(environment, app, version, deployed_at)| DeploymentRecord {
                environment,
                app,
                version,
                deployed_at,
            },
        )
        .collect())
}

/// Write a publication's rows (the caller holds the locks of its contracts' subjects).
pub(super) async fn publish(
    c: &mut AnyConnection,
    p: &NewAppVersion,
    postgres: bool,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO applications (name, created_at) VALUES ($1, $2) \
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(&p.app)
    .bind(now)
    .execute(&mut *c)
    .await?;
    if postgres {
        // Serialise publishers of one application, so publication order (seq) is unique.
        sqlx::query("SELECT name FROM applications WHERE name = $1 FOR UPDATE")
            .bind(&p.app)
            .fetch_optional(&mut *c)
            .await?;
    }
    sqlx::query(
        "INSERT INTO app_versions (app, version, branch, created_at, seq) \
         VALUES ($1, $2, $3, $4, \
           (SELECT COALESCE(MAX(seq), 0) + 1 FROM app_versions WHERE app = $1)) \
         ON CONFLICT (app, version) DO UPDATE SET branch = excluded.branch",
    )
    .bind(&p.app)
    .bind(&p.version)
    .bind(&p.branch)
    .bind(now)
    .execute(&mut *c)
    .await?;
    for table in ["contracts", "produces"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE app = $1 AND version = $2"
        ))
        .bind(&p.app)
        .bind(&p.version)
        .execute(&mut *c)
        .await?;
    }
    for contract in &p.contracts {
        sqlx::query(
            "INSERT INTO contracts (app, version, subject, reads, reader) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&p.app)
        .bind(&p.version)
        .bind(&contract.subject)
        .bind(contract.reads.clone())
        .bind(&contract.reader)
        .execute(&mut *c)
        .await?;
    }
    for produced in &p.produces {
        sqlx::query(
            "INSERT INTO produces (app, version, subject, schema_version) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(&p.app)
        .bind(&p.version)
        .bind(&produced.subject)
        .bind(produced.schema_version.map(i64::from))
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

/// Record `app` at `version` in `environment`, replacing its previous version there.
pub(super) async fn record_deployment(
    c: &mut AnyConnection,
    environment: &str,
    app: &str,
    version: &str,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO deployments (environment, app, version, deployed_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (environment, app) \
         DO UPDATE SET version = excluded.version, deployed_at = excluded.deployed_at",
    )
    .bind(environment)
    .bind(app)
    .bind(version)
    .bind(now)
    .execute(&mut *c)
    .await?;
    Ok(())
}
