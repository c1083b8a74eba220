//! Deployments: which application version runs in which environment, and "can I deploy?":
//! whether an application version agrees with every counterpart deployed in an environment, in
//! both directions (its produced schemas against the deployed consumers' contracts, its
//! contracts against the deployed producers' schemas).

use std::collections::HashMap;

use accord_schemas::api::{CanIDeploy, CanIDeployRow, Deployment};
use accord_schemas::format::Model;
use serde_json::json;

use super::applications::find_version;
use super::audit::{self, About, EventKind};
use super::contracts::{findings, producer_schema};
use super::error::{DomainError, DomainResult};
use super::names::check_environment;
use super::registry::Registry;
use crate::store::{ContractRecord, DeploymentRecord, ProducedRecord, Reads};

/// `POST /deployments`: record `app`@`version` in `environment`, replacing the app's previous
/// version there, in one transaction.
pub async fn record(
    registry: &Registry,
    app: &str,
    version: &str,
    environment: &str,
) -> DomainResult<Deployment> {
    check_environment(environment)?;
    let mut tx = registry.store.write(None).await?;
    find_version(tx.as_mut(), app, version).await?;
    let previous = tx
        .deployments(Some(environment))
        .await?
        .into_iter()
        .find(|d| d.app == app)
        .map(|d| d.version);
    tx.record_deployment(environment, app, version).await?;
    let detail = json!({
        "environment": environment,
        "app": app,
        "version": version,
        "previous": previous,
    });
    let kind = EventKind::DeploymentRecorded;
    audit::record(tx.as_mut(), kind, About::default(), detail).await?;
    let recorded = tx
        .deployments(Some(environment))
        .await?
        .into_iter()
        .find(|d| d.app == app)
        .ok_or_else(|| {
            DomainError::Internal("recorded deployment not found in its transaction".into())
        })?;
    tx.commit().await?;
    Ok(deployment(recorded))
}

fn deployment(d: DeploymentRecord) -> Deployment {
    Deployment {
        environment: d.environment,
        app: d.app,
        version: d.version,
        deployed_at: d.deployed_at,
    }
}

/// `GET /deployments/{environment}` (42221, 40422).
pub async fn in_environment(
    registry: &Registry,
    environment: &str,
) -> DomainResult<Vec<Deployment>> {
    check_environment(environment)?;
    let mut reads = registry.store.read().await?;
    let found = reads.deployments(Some(environment)).await?;
    if found.is_empty() {
        return Err(DomainError::EnvironmentNotFound(environment.to_string()));
    }
    Ok(found.into_iter().map(deployment).collect())
}

/// `GET /deployments`.
pub async fn all(registry: &Registry) -> DomainResult<Vec<Deployment>> {
    let mut reads = registry.store.read().await?;
    Ok(reads
        .deployments(None)
        .await?
        .into_iter()
        .map(deployment)
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Can I deploy?

const YES: &str = "yes";
const NO: &str = "no";
const UNKNOWN: &str = "unknown";

/// An application and its version, `("", "")` for none.
type AppAt<'a> = (&'a str, &'a str);

const NOBODY: AppAt<'static> = ("", "");

fn row(
    producer: AppAt<'_>,
    consumer: AppAt<'_>,
    subject: &str,
    result: &str,
    reason: String,
) -> CanIDeployRow {
    CanIDeployRow {
        producer: producer.0.to_string(),
        producer_version: producer.1.to_string(),
        consumer: consumer.0.to_string(),
        consumer_version: consumer.1.to_string(),
        subject: subject.to_string(),
        result: result.to_string(),
        reason,
    }
}

fn judged(
    producer: AppAt<'_>,
    consumer: AppAt<'_>,
    subject: &str,
    schema_version: i32,
    found: Vec<String>,
) -> CanIDeployRow {
    if found.is_empty() {
        let reason = format!("schema version {schema_version} satisfies the contract");
        row(producer, consumer, subject, YES, reason)
    } else {
        let reason = format!("schema version {schema_version}: {}", found.join("; "));
        row(producer, consumer, subject, NO, reason)
    }
}

/// The row of one producer/consumer pair: the producer's schema judged against the contract,
/// or `unknown` with the reason the producer has no schema.
fn pair_row(
    registry: &Registry,
    producer: AppAt<'_>,
    consumer: AppAt<'_>,
    schema: &Result<(Model, i32), String>,
    contract: &ContractRecord,
) -> CanIDeployRow {
    let subject = &contract.subject;
    match schema {
        Err(why) => row(producer, consumer, subject, UNKNOWN, why.clone()),
        Ok((doc, n)) => {
            let found = findings(registry, doc, contract);
            judged(producer, consumer, subject, *n, found)
        }
    }
}

fn unknown(reason: String) -> CanIDeploy {
    CanIDeploy {
        result: UNKNOWN.into(),
        rows: vec![row(NOBODY, NOBODY, "", UNKNOWN, reason)],
    }
}

/// What is deployed in the environment besides the application itself (whose previous version
/// the deployment replaces), with what each produces and reads.
struct Counterparts {
    deployed: Vec<DeploymentRecord>,
    produces_of: HashMap<String, Vec<ProducedRecord>>,
    contracts_of: HashMap<String, Vec<ContractRecord>>,
}

/// `GET /can-i-deploy?app=A&version=V&to=E` (see the module documentation).
pub async fn can_i_deploy(
    registry: &Registry,
    app: &str,
    version: &str,
    environment: &str,
) -> DomainResult<CanIDeploy> {
    check_environment(environment)?;
    let mut reads = registry.store.read().await?;
    let reads = reads.as_mut();
    let known = reads
        .app_versions(app)
        .await?
        .iter()
        .any(|v| v.version == version);
    if !known {
        return Ok(unknown(format!(
            "application {app} has no published version {version}"
        )));
    }
    let deployed_all = reads.deployments(Some(environment)).await?;
    if deployed_all.is_empty() {
        return Ok(unknown(format!(
            "nothing is recorded as deployed in environment {environment}"
        )));
    }
    let mut others = Counterparts {
        deployed: deployed_all.into_iter().filter(|d| d.app != app).collect(),
        produces_of: HashMap::new(),
        contracts_of: HashMap::new(),
    };
    for d in &others.deployed {
        let produces = reads.produces_of(&d.app, &d.version).await?;
        others.produces_of.insert(d.app.clone(), produces);
        let contracts = reads.contracts_of(&d.app, &d.version).await?;
        others.contracts_of.insert(d.app.clone(), contracts);
    }
    let me = (app, version);
    let mut rows = as_producer(registry, reads, me, &others).await?;
    rows.extend(as_consumer(registry, reads, me, &others, environment).await?);
    let result = if rows.iter().any(|r| r.result == NO) {
        NO
    } else if rows.iter().any(|r| r.result == UNKNOWN) {
        UNKNOWN
    } else {
        YES
    };
    Ok(CanIDeploy {
        result: result.into(),
        rows,
    })
}

/// The application as producer: its schemas against the deployed consumers' contracts.
async fn as_producer(
    registry: &Registry,
    reads: &mut dyn Reads,
    me: AppAt<'_>,
    others: &Counterparts,
) -> DomainResult<Vec<CanIDeployRow>> {
    let mut rows = Vec::new();
    for p in reads.produces_of(me.0, me.1).await? {
        let consumers: Vec<(&DeploymentRecord, &ContractRecord)> = others
            .deployed
            .iter()
            .flat_map(|d| {
                others.contracts_of[&d.app]
                    .iter()
                    .filter(|c| c.subject == p.subject)
                    .map(move |c| (d, c))
            })
            .collect();
        if consumers.is_empty() {
            continue;
        }
        let schema = producer_schema(registry, reads, &p.subject, p.schema_version).await?;
        for (d, c) in consumers {
            let consumer = (d.app.as_str(), d.version.as_str());
            rows.push(pair_row(registry, me, consumer, &schema, c));
        }
    }
    Ok(rows)
}

/// The application as consumer: its contracts against the deployed producers' schemas.
async fn as_consumer(
    registry: &Registry,
    reads: &mut dyn Reads,
    me: AppAt<'_>,
    others: &Counterparts,
    environment: &str,
) -> DomainResult<Vec<CanIDeployRow>> {
    let mut rows = Vec::new();
    for c in reads.contracts_of(me.0, me.1).await? {
        let producers: Vec<(&DeploymentRecord, Option<i32>)> = others
            .deployed
            .iter()
            .filter_map(|d| {
                others.produces_of[&d.app]
                    .iter()
                    .find(|p| p.subject == c.subject)
                    .map(|p| (d, p.schema_version))
            })
            .collect();
        if producers.is_empty() {
            let reason = format!(
                "no application deployed in {environment} produces {}",
                c.subject
            );
            rows.push(row(NOBODY, me, &c.subject, UNKNOWN, reason));
            continue;
        }
        for (d, pinned) in producers {
            let producer = (d.app.as_str(), d.version.as_str());
            let schema = producer_schema(registry, reads, &c.subject, pinned).await?;
            rows.push(pair_row(registry, producer, me, &schema, &c));
        }
    }
    Ok(rows)
}
