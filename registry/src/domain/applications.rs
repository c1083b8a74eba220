//! Applications: publishing an application version with its consumer contracts and produced
//! subjects, and reading them back.
//!
//! Conventions:
//! - Versions of an application are ordered by semantic version when both parse (a leading `v`
//!   is allowed), else by publication order. Listings use semantic order only when every version
//!   of the application parses, so the order is total.
//! - A publication is one transaction with one audit event; a refused publication writes
//!   nothing.

use std::cmp::Ordering;

use accord_schemas::api::PublishVersionRequest;
use accord_schemas::api::{AppVersion, Application, ContractSpec, ContractView, Produced};
use accord_schemas::avro::AvroSchema;
use accord_schemas::contract::{self, Read};
use accord_schemas::json::SchemaDoc;
use serde_json::{json, Value};

use super::audit::{self, About, EventKind};
use super::error::{DomainError, DomainResult};
use super::names::{check_name, normalize_subject, validate_subject};
use super::registry::Registry;
use crate::store::{AppVersionRecord, ContractRecord, NewAppVersion, ProducedRecord, Reads};

// ---------------------------------------------------------------------------------------------
// Order

fn semver_of(version: &str) -> Option<semver::Version> {
    semver::Version::parse(version.strip_prefix('v').unwrap_or(version)).ok()
}

/// The order of two versions of one application: semantic when both parse, else publication.
pub fn compare_versions(a: &AppVersionRecord, b: &AppVersionRecord) -> Ordering {
    match (semver_of(&a.version), semver_of(&b.version)) {
        (Some(x), Some(y)) => x.cmp(&y).then(a.seq.cmp(&b.seq)),
        _ => a.seq.cmp(&b.seq),
    }
}

/// The latest of `versions` by [`compare_versions`].
pub fn latest<'a>(
    versions: impl IntoIterator<Item = &'a AppVersionRecord>,
) -> Option<&'a AppVersionRecord> {
    versions.into_iter().fold(None, |best, v| match best {
        Some(b) if compare_versions(v, b) != Ordering::Greater => Some(b),
        _ => Some(v),
    })
}

/// `versions` in order (see the module documentation).
fn ordered(mut versions: Vec<AppVersionRecord>) -> Vec<AppVersionRecord> {
    if versions.iter().all(|v| semver_of(&v.version).is_some()) {
        versions.sort_by(compare_versions);
    } else {
        versions.sort_by_key(|v| v.seq);
    }
    versions
}

// ---------------------------------------------------------------------------------------------
// Publication

/// A contract checked and compiled, ready to store.
fn compile_contract(
    registry: &Registry,
    index: usize,
    spec: &ContractSpec,
) -> DomainResult<ContractRecord> {
    let subject = &spec.subject;
    let invalid = |detail: String| {
        DomainError::InvalidContract(format!("contract {index} ({subject}): {detail}"))
    };
    validate_subject(subject).map_err(|e| invalid(e.to_string()))?;
    let (reads, reader) = match (&spec.reads, &spec.schema) {
        (Some(reads), None) => {
            if reads.is_empty() {
                return Err(invalid("reads is empty".into()));
            }
            let reader = contract::compile(reads).map_err(|e| invalid(e.to_string()))?;
            let text =
                serde_json::to_string(reads).map_err(|e| DomainError::Internal(e.to_string()))?;
            (Some(text), reader)
        }
        (None, Some(schema)) => (None, schema.clone()),
        _ => {
            return Err(invalid(
                "give either `reads` or a reader `schema`, not both or neither".into(),
            ))
        }
    };
    // A reader schema is JSON Schema, or Avro for a consumer of an Avro subject (a JSON Schema
    // document is never a valid Avro schema, nor the reverse, so the two cannot be confused).
    let limits = &registry.options.limits;
    if let Err(json) = SchemaDoc::from_value_with_limits(reader.clone(), limits) {
        if reads.is_some() {
            return Err(invalid(format!("the reader schema is not valid: {json}")));
        }
        AvroSchema::parse_with_limits(&reader.to_string(), &[], limits).map_err(|avro| {
            invalid(format!(
                "the reader schema is not valid: as JSON Schema, {json}; as Avro, {avro}"
            ))
        })?;
    }
    Ok(ContractRecord {
        app: String::new(),
        version: String::new(),
        subject: subject.clone(),
        reads,
        reader: reader.to_string(),
    })
}

/// Read a publication body, naming the contract and read of the first problem (42220).
fn parse_publication(body: Value) -> DomainResult<PublishVersionRequest> {
    if let Some(Value::Array(contracts)) = body.get("contracts") {
        for (i, c) in contracts.iter().enumerate() {
            let subject = c.get("subject").and_then(Value::as_str).unwrap_or("?");
            if let Some(Value::Array(reads)) = c.get("reads") {
                for (j, r) in reads.iter().enumerate() {
                    if let Err(e) = serde_json::from_value::<Read>(r.clone()) {
                        let path = r.get("path").and_then(Value::as_str).unwrap_or("?");
                        return Err(DomainError::InvalidContract(format!(
                            "contract {i} ({subject}): read {j} ({path}): {e}"
                        )));
                    }
                }
            }
        }
    }
    serde_json::from_value(body).map_err(|e| DomainError::BadEntity(e.to_string()))
}

/// The contracts of a publication, checked and compiled.
fn contracts_of(
    registry: &Registry,
    app: &str,
    version: &str,
    req: &PublishVersionRequest,
) -> DomainResult<Vec<ContractRecord>> {
    let mut contracts = Vec::with_capacity(req.contracts.len());
    for (i, spec) in req.contracts.iter().enumerate() {
        if req.contracts[..i]
            .iter()
            .any(|c| normalize_subject(&c.subject) == normalize_subject(&spec.subject))
        {
            return Err(DomainError::InvalidContract(format!(
                "contract {i} ({}): a second contract on the same subject",
                spec.subject
            )));
        }
        let spec = &ContractSpec {
            subject: normalize_subject(&spec.subject),
            ..spec.clone()
        };
        let mut record = compile_contract(registry, i, spec)?;
        record.app = app.to_string();
        record.version = version.to_string();
        contracts.push(record);
    }
    Ok(contracts)
}

/// The produced subjects of a publication, checked.
fn produces_of(req: &PublishVersionRequest) -> DomainResult<Vec<ProducedRecord>> {
    let mut produces: Vec<ProducedRecord> = Vec::with_capacity(req.produces.len());
    for (i, p) in req.produces.iter().enumerate() {
        validate_subject(p.subject())
            .map_err(|e| DomainError::InvalidApplication(format!("produces {i}: {e}")))?;
        if p.version().is_some_and(|v| v < 1) {
            return Err(DomainError::InvalidVersion(format!("{:?}", p.version())));
        }
        let subject = normalize_subject(p.subject());
        if produces.iter().any(|q| q.subject == subject) {
            return Err(DomainError::InvalidApplication(format!(
                "produces {i}: subject {} is listed twice",
                p.subject()
            )));
        }
        produces.push(ProducedRecord {
            subject,
            schema_version: p.version(),
        });
    }
    Ok(produces)
}

/// `POST /applications/{app}/versions/{version}`: publish, in one transaction.
pub async fn publish(
    registry: &Registry,
    app: &str,
    version: &str,
    body: Value,
) -> DomainResult<AppVersion> {
    check_name("application name", app)?;
    check_name("version", version)?;
    let req = parse_publication(body)?;
    check_name("branch", &req.branch)?;
    let published = NewAppVersion {
        app: app.to_string(),
        version: version.to_string(),
        branch: req.branch.clone(),
        contracts: contracts_of(registry, app, version, &req)?,
        produces: produces_of(&req)?,
    };
    let mut tx = registry.store.write(None).await?;
    tx.publish_app_version(&published).await?;
    let detail = json!({
        "app": app,
        "version": version,
        "branch": req.branch,
        "contracts": published.contracts.iter().map(|c| &c.subject).collect::<Vec<_>>(),
        "produces": req.produces,
    });
    let kind = EventKind::AppVersionPublished;
    audit::record(tx.as_mut(), kind, About::default(), detail).await?;
    tx.commit().await?;
    let mut reads = registry.store.read().await?;
    app_version_in(reads.as_mut(), app, version).await
}

// ---------------------------------------------------------------------------------------------
// Reading

/// A stored contract as the API shows it.
pub fn contract_view(
    record: &ContractRecord,
    branch: Option<String>,
) -> DomainResult<ContractView> {
    let corrupt = |e: serde_json::Error| DomainError::Internal(format!("stored contract: {e}"));
    Ok(ContractView {
        app: record.app.clone(),
        version: record.version.clone(),
        branch,
        subject: record.subject.clone(),
        reads: record
            .reads
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(corrupt)?,
        schema: serde_json::from_str(&record.reader).map_err(corrupt)?,
        deployed_in: Vec::new(),
        latest_on_main: false,
    })
}

fn produced(p: &ProducedRecord) -> Produced {
    match p.schema_version {
        Some(version) => Produced::Pinned {
            subject: p.subject.clone(),
            version,
        },
        None => Produced::Subject(p.subject.clone()),
    }
}

/// The published version `app`@`version` (40420, 40421).
pub async fn find_version(
    reads: &mut dyn Reads,
    app: &str,
    version: &str,
) -> DomainResult<AppVersionRecord> {
    let versions = reads.app_versions(app).await?;
    if versions.is_empty() {
        return Err(DomainError::ApplicationNotFound(app.to_string()));
    }
    versions
        .into_iter()
        .find(|v| v.version == version)
        .ok_or_else(|| DomainError::AppVersionNotFound {
            app: app.to_string(),
            version: version.to_string(),
        })
}

async fn app_version_in(
    reads: &mut dyn Reads,
    app: &str,
    version: &str,
) -> DomainResult<AppVersion> {
    let v = find_version(reads, app, version).await?;
    let contracts = reads
        .contracts_of(app, version)
        .await?
        .iter()
        .map(|c| contract_view(c, None))
        .collect::<DomainResult<_>>()?;
    let produces = reads
        .produces_of(app, version)
        .await?
        .iter()
        .map(produced)
        .collect();
    Ok(AppVersion {
        app: v.app,
        version: v.version,
        branch: v.branch,
        created_at: v.created_at,
        contracts,
        produces,
    })
}

/// `GET /applications/{app}/versions/{version}`.
pub async fn app_version(
    registry: &Registry,
    app: &str,
    version: &str,
) -> DomainResult<AppVersion> {
    let mut reads = registry.store.read().await?;
    app_version_in(reads.as_mut(), app, version).await
}

async fn application_in(reads: &mut dyn Reads, app: &str) -> DomainResult<Application> {
    let versions = reads.app_versions(app).await?;
    if versions.is_empty() {
        return Err(DomainError::ApplicationNotFound(app.to_string()));
    }
    Ok(Application {
        name: app.to_string(),
        versions: ordered(versions).into_iter().map(|v| v.version).collect(),
    })
}

/// `GET /applications/{app}` (40420).
pub async fn application(registry: &Registry, app: &str) -> DomainResult<Application> {
    let mut reads = registry.store.read().await?;
    application_in(reads.as_mut(), app).await
}

/// `GET /applications`.
pub async fn applications(registry: &Registry) -> DomainResult<Vec<Application>> {
    let mut reads = registry.store.read().await?;
    let mut out = Vec::new();
    for name in reads.applications().await? {
        out.push(application_in(reads.as_mut(), &name).await?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(version: &str, seq: i64) -> AppVersionRecord {
        AppVersionRecord {
            app: "a".into(),
            version: version.into(),
            branch: "main".into(),
            created_at: 0,
            seq,
        }
    }

    #[test]
    fn versions_order_by_semver_when_both_parse_else_by_publication() {
        let cases = [
            (("1.10.0", 1), ("1.9.0", 2), Ordering::Greater),
            (("v2.0.0", 1), ("1.9.0", 2), Ordering::Greater),
            (("2.0.0-rc.1", 2), ("2.0.0", 1), Ordering::Less),
            (("c0ffee", 1), ("0bad", 2), Ordering::Less),
            (("1.0.0", 2), ("abc", 1), Ordering::Greater),
        ];
        for ((a, a_seq), (b, b_seq), expected) in cases {
            assert_eq!(
                compare_versions(&v(a, a_seq), &v(b, b_seq)),
                expected,
                "{a} (published {a_seq}) against {b} (published {b_seq})"
            );
        }
        let all = [v("1.10.0", 1), v("1.9.0", 2), v("1.2.0", 3)];
        assert_eq!(latest(&all).unwrap().version, "1.10.0");
        assert!(latest(&[]).is_none());
        let listed = ordered(vec![v("1.10.0", 1), v("sha", 2), v("1.9.0", 3)]);
        let names: Vec<&str> = listed.iter().map(|v| v.version.as_str()).collect();
        assert_eq!(names, ["1.10.0", "sha", "1.9.0"]);
    }
}
