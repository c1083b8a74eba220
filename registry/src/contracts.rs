//! Consumer contracts in the registry: applications and their versions, the contracts they
//! publish, deployments per environment, which contracts and producers count for a subject, and
//! "can I deploy?".
//!
//! Conventions:
//! - Versions of an application are ordered by semantic version when both parse (a leading `v`
//!   is allowed), else by publication order. Listings use semantic order only when every version
//!   of the application parses, so the order is total.
//! - The contracts that count for a subject are those of consumer versions deployed in some
//!   environment or latest on their application's main branch ([`AppOptions::main_branch`]);
//!   the producers that count for a subject follow the same rule ([`counting`]).
//! - A publication and a deployment are each one transaction with one audit event; a refused
//!   publication writes nothing.
//!
//! [`AppOptions::main_branch`]: crate::AppOptions::main_branch

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use accord_schemas::api::{
    AppVersion, Application, CanIDeploy, CanIDeployRow, ContractSpec, ContractView, Deployment,
    Produced, ProducerView, PublishVersionRequest,
};
use accord_schemas::contract::{self, Read};
use accord_schemas::json::SchemaDoc;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::service::{normalize_subject, validate_subject, AppState};
use crate::store::{
    AppVersionRecord, ContractRecord, DeploymentRecord, NewAppVersion, NewEvent, ProducedRecord,
    ProducerRecord, Reads, VersionRecord,
};

// ---------------------------------------------------------------------------------------------
// Names and order

/// Whether `name` is a valid environment name: `^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`.
pub fn valid_environment(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 63
        && chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn check_environment(name: &str) -> ApiResult<()> {
    if valid_environment(name) {
        Ok(())
    } else {
        Err(ApiError::invalid_environment(name))
    }
}

/// Application names, versions and branches: 1 to 255 bytes, no control characters.
fn check_name(what: &str, value: &str) -> ApiResult<()> {
    if value.trim().is_empty() || value.len() > 255 || value.chars().any(char::is_control) {
        return Err(ApiError::invalid_application(format!(
            "The {what} {value:?} is not valid: it must be 1 to 255 bytes without control \
             characters"
        )));
    }
    Ok(())
}

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
    state: &AppState,
    index: usize,
    spec: &ContractSpec,
) -> ApiResult<ContractRecord> {
    let subject = &spec.subject;
    let invalid = |detail: String| {
        ApiError::invalid_contract(format!("contract {index} ({subject}): {detail}"))
    };
    validate_subject(subject).map_err(|e| invalid(e.message))?;
    let (reads, reader) = match (&spec.reads, &spec.schema) {
        (Some(reads), None) => {
            if reads.is_empty() {
                return Err(invalid("reads is empty".into()));
            }
            let reader = contract::compile(reads).map_err(|e| invalid(e.to_string()))?;
            let text = serde_json::to_string(reads).map_err(ApiError::internal)?;
            (Some(text), reader)
        }
        (None, Some(schema)) => (None, schema.clone()),
        _ => {
            return Err(invalid(
                "give either `reads` or a reader `schema`, not both or neither".into(),
            ))
        }
    };
    SchemaDoc::from_value_with_limits(reader.clone(), &state.options.limits)
        .map_err(|e| invalid(format!("the reader schema is not valid: {e}")))?;
    Ok(ContractRecord {
        app: String::new(),
        version: String::new(),
        subject: subject.clone(),
        reads,
        reader: reader.to_string(),
    })
}

/// Read a publication body, naming the contract and read of the first problem (42220).
fn parse_publication(body: Value) -> ApiResult<PublishVersionRequest> {
    if let Some(Value::Array(contracts)) = body.get("contracts") {
        for (i, c) in contracts.iter().enumerate() {
            let subject = c.get("subject").and_then(Value::as_str).unwrap_or("?");
            if let Some(Value::Array(reads)) = c.get("reads") {
                for (j, r) in reads.iter().enumerate() {
                    if let Err(e) = serde_json::from_value::<Read>(r.clone()) {
                        let path = r.get("path").and_then(Value::as_str).unwrap_or("?");
                        return Err(ApiError::invalid_contract(format!(
                            "contract {i} ({subject}): read {j} ({path}): {e}"
                        )));
                    }
                }
            }
        }
    }
    serde_json::from_value(body).map_err(ApiError::bad_json)
}

/// `POST /applications/{app}/versions/{version}`: publish, in one transaction.
pub async fn publish(
    state: &AppState,
    app: &str,
    version: &str,
    body: Value,
) -> ApiResult<AppVersion> {
    check_name("application name", app)?;
    check_name("version", version)?;
    let req = parse_publication(body)?;
    check_name("branch", &req.branch)?;
    let mut contracts = Vec::with_capacity(req.contracts.len());
    for (i, spec) in req.contracts.iter().enumerate() {
        if req.contracts[..i]
            .iter()
            .any(|c| normalize_subject(&c.subject) == normalize_subject(&spec.subject))
        {
            return Err(ApiError::invalid_contract(format!(
                "contract {i} ({}): a second contract on the same subject",
                spec.subject
            )));
        }
        let spec = &ContractSpec {
            subject: normalize_subject(&spec.subject),
            ..spec.clone()
        };
        let mut record = compile_contract(state, i, spec)?;
        record.app = app.to_string();
        record.version = version.to_string();
        contracts.push(record);
    }
    let mut produces = Vec::with_capacity(req.produces.len());
    for (i, p) in req.produces.iter().enumerate() {
        validate_subject(p.subject())
            .map_err(|e| ApiError::invalid_application(format!("produces {i}: {}", e.message)))?;
        if p.version().is_some_and(|v| v < 1) {
            return Err(ApiError::invalid_version(&format!("{:?}", p.version())));
        }
        if produces
            .iter()
            .any(|q: &ProducedRecord| q.subject == normalize_subject(p.subject()))
        {
            return Err(ApiError::invalid_application(format!(
                "produces {i}: subject {} is listed twice",
                p.subject()
            )));
        }
        produces.push(ProducedRecord {
            subject: normalize_subject(p.subject()),
            schema_version: p.version(),
        });
    }
    let published = NewAppVersion {
        app: app.to_string(),
        version: version.to_string(),
        branch: req.branch.clone(),
        contracts,
        produces,
    };
    let mut tx = state.store.write(None).await?;
    tx.publish_app_version(&published).await?;
    tx.event(NewEvent {
        kind: "app_version.published",
        subject: None,
        version: None,
        schema_id: None,
        detail: json!({
            "app": app,
            "version": version,
            "branch": req.branch,
            "contracts": published.contracts.iter().map(|c| &c.subject).collect::<Vec<_>>(),
            "produces": req.produces,
        }),
    })
    .await?;
    tx.commit().await?;
    let mut reads = state.store.read().await?;
    app_version(reads.as_mut(), app, version).await
}

fn contract_view(record: &ContractRecord, branch: Option<String>) -> ApiResult<ContractView> {
    let corrupt = |e: serde_json::Error| ApiError::internal(format!("stored contract: {e}"));
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
async fn find_version(
    reads: &mut dyn Reads,
    app: &str,
    version: &str,
) -> ApiResult<AppVersionRecord> {
    let versions = reads.app_versions(app).await?;
    if versions.is_empty() {
        return Err(ApiError::application_not_found(app));
    }
    versions
        .into_iter()
        .find(|v| v.version == version)
        .ok_or_else(|| ApiError::application_version_not_found(app, version))
}

/// `GET /applications/{app}/versions/{version}`.
pub async fn app_version(reads: &mut dyn Reads, app: &str, version: &str) -> ApiResult<AppVersion> {
    let v = find_version(reads, app, version).await?;
    let contracts = reads
        .contracts_of(app, version)
        .await?
        .iter()
        .map(|c| contract_view(c, None))
        .collect::<ApiResult<_>>()?;
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

/// `GET /applications/{app}` (40420).
pub async fn application(reads: &mut dyn Reads, app: &str) -> ApiResult<Application> {
    let versions = reads.app_versions(app).await?;
    if versions.is_empty() {
        return Err(ApiError::application_not_found(app));
    }
    Ok(Application {
        name: app.to_string(),
        versions: ordered(versions).into_iter().map(|v| v.version).collect(),
    })
}

/// `GET /applications`.
pub async fn applications(reads: &mut dyn Reads) -> ApiResult<Vec<Application>> {
    let mut out = Vec::new();
    for name in reads.applications().await? {
        out.push(application(reads, &name).await?);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Deployments

/// `POST /deployments`: record `app`@`version` in `environment`, replacing the app's previous
/// version there, in one transaction.
pub async fn record_deployment(
    state: &AppState,
    app: &str,
    version: &str,
    environment: &str,
) -> ApiResult<Deployment> {
    check_environment(environment)?;
    let mut tx = state.store.write(None).await?;
    find_version(tx.as_mut(), app, version).await?;
    let previous = tx
        .deployments(Some(environment))
        .await?
        .into_iter()
        .find(|d| d.app == app)
        .map(|d| d.version);
    tx.record_deployment(environment, app, version).await?;
    tx.event(NewEvent {
        kind: "deployment.recorded",
        subject: None,
        version: None,
        schema_id: None,
        detail: json!({
            "environment": environment,
            "app": app,
            "version": version,
            "previous": previous,
        }),
    })
    .await?;
    let recorded = tx
        .deployments(Some(environment))
        .await?
        .into_iter()
        .find(|d| d.app == app)
        .ok_or_else(|| ApiError::internal("recorded deployment not found in its transaction"))?;
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
pub async fn deployments_in(
    reads: &mut dyn Reads,
    environment: &str,
) -> ApiResult<Vec<Deployment>> {
    check_environment(environment)?;
    let found = reads.deployments(Some(environment)).await?;
    if found.is_empty() {
        return Err(ApiError::environment_not_found(environment));
    }
    Ok(found.into_iter().map(deployment).collect())
}

/// `GET /deployments`.
pub async fn all_deployments(reads: &mut dyn Reads) -> ApiResult<Vec<Deployment>> {
    Ok(reads
        .deployments(None)
        .await?
        .into_iter()
        .map(deployment)
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Contracts that count

/// Something one application version published: a contract, a produced subject.
pub trait OfAppVersion {
    /// The application.
    fn app(&self) -> &str;
    /// Its version.
    fn version(&self) -> &str;
}

impl OfAppVersion for ContractRecord {
    fn app(&self) -> &str {
        &self.app
    }
    fn version(&self) -> &str {
        &self.version
    }
}

impl OfAppVersion for ProducerRecord {
    fn app(&self) -> &str {
        &self.app
    }
    fn version(&self) -> &str {
        &self.version
    }
}

/// A contract or produced subject that counts, and why.
#[derive(Debug, Clone)]
pub struct Counted<R> {
    /// The contract or produced subject.
    pub record: R,
    /// The application version's branch.
    pub branch: String,
    /// The environments the application version is deployed in.
    pub deployed_in: Vec<String>,
    /// Whether it is the latest version on its application's main branch.
    pub latest_on_main: bool,
}

/// Of `records`, those whose application version is deployed somewhere or latest on its
/// application's main branch, in the order given.
pub async fn counting<R: OfAppVersion>(
    state: &AppState,
    reads: &mut dyn Reads,
    records: Vec<R>,
) -> ApiResult<Vec<Counted<R>>> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let deployments = reads.deployments(None).await?;
    let mut versions_of: BTreeMap<String, Vec<AppVersionRecord>> = BTreeMap::new();
    for r in &records {
        if !versions_of.contains_key(r.app()) {
            versions_of.insert(r.app().to_string(), reads.app_versions(r.app()).await?);
        }
    }
    let main = &state.options.main_branch;
    let mut out = Vec::new();
    for r in records {
        let versions = &versions_of[r.app()];
        let latest_main = latest(versions.iter().filter(|v| &v.branch == main));
        let latest_on_main = latest_main.is_some_and(|v| v.version == r.version());
        let deployed_in: Vec<String> = deployments
            .iter()
            .filter(|d| d.app == r.app() && d.version == r.version())
            .map(|d| d.environment.clone())
            .collect();
        if latest_on_main || !deployed_in.is_empty() {
            let branch = versions
                .iter()
                .find(|v| v.version == r.version())
                .map(|v| v.branch.clone())
                .unwrap_or_default();
            out.push(Counted {
                record: r,
                branch,
                deployed_in,
                latest_on_main,
            });
        }
    }
    Ok(out)
}

/// The contracts on `subject` of consumer versions deployed somewhere or latest on their main
/// branch, by consumer and version.
pub async fn counting_contracts(
    state: &AppState,
    reads: &mut dyn Reads,
    subject: &str,
) -> ApiResult<Vec<Counted<ContractRecord>>> {
    let contracts = reads.contracts_on(subject).await?;
    counting(state, reads, contracts).await
}

/// The producer versions of `subject` deployed somewhere or latest on their main branch, by
/// producer and version.
pub async fn counting_producers(
    state: &AppState,
    reads: &mut dyn Reads,
    subject: &str,
) -> ApiResult<Vec<Counted<ProducerRecord>>> {
    let producers = reads.producers_on(subject).await?;
    counting(state, reads, producers).await
}

/// `GET /contracts?subject=S`: the contracts that count for `subject`.
pub async fn contracts_for(state: &AppState, subject: &str) -> ApiResult<Vec<ContractView>> {
    let mut reads = state.store.read().await?;
    let counted = counting_contracts(state, reads.as_mut(), subject).await?;
    counted
        .into_iter()
        .map(|c| {
            let mut view = contract_view(&c.record, Some(c.branch))?;
            view.deployed_in = c.deployed_in;
            view.latest_on_main = c.latest_on_main;
            Ok(view)
        })
        .collect()
}

/// `GET /producers?subject=S`: the producer versions that count for `subject`, each with the
/// schema it writes (the pinned version, else the subject's latest live one).
pub async fn producers_for(state: &AppState, subject: &str) -> ApiResult<Vec<ProducerView>> {
    let mut reads = state.store.read().await?;
    let reads = reads.as_mut();
    let counted = counting_producers(state, reads, subject).await?;
    let mut out = Vec::with_capacity(counted.len());
    for c in counted {
        let pinned = c.record.produced.schema_version;
        let mut view = ProducerView {
            app: c.record.app,
            version: c.record.version,
            branch: c.branch,
            subject: c.record.produced.subject,
            schema_version: pinned,
            schema: None,
            references: Vec::new(),
            deployed_in: c.deployed_in,
            latest_on_main: c.latest_on_main,
            reason: None,
        };
        match producer_version(reads, &view.subject, pinned).await? {
            Ok(found) => {
                view.schema_version = Some(found.version);
                view.schema = Some(found.schema.schema.clone());
                view.references = found.schema.references.clone();
            }
            Err(why) => view.reason = Some(why),
        }
        out.push(view);
    }
    Ok(out)
}

/// Check a producer schema against one contract: the findings as sentences (empty: satisfied).
pub fn findings(state: &AppState, producer: &SchemaDoc, contract: &ContractRecord) -> Vec<String> {
    let reader = match SchemaDoc::parse_with_limits(&contract.reader, &state.options.limits) {
        Ok(reader) => reader,
        Err(e) => return vec![format!("the stored reader schema cannot be read: {e}")],
    };
    match contract::verify(producer, &reader) {
        Ok(verdict) => verdict
            .findings
            .into_iter()
            .map(|f| format!("{}: {}", f.read_path, f.message))
            .collect(),
        Err(e) => vec![format!("the contract could not be checked: {e}")],
    }
}

/// The failures of a candidate schema for `subject` against the contracts that count: one
/// sentence per finding, naming the consumer, its version and the read path.
pub async fn contract_failures(
    state: &AppState,
    reads: &mut dyn Reads,
    subject: &str,
    candidate: &SchemaDoc,
) -> ApiResult<Vec<String>> {
    let mut out = Vec::new();
    for c in counting_contracts(state, reads, subject).await? {
        for finding in findings(state, candidate, &c.record) {
            out.push(format!(
                "consumer {} version {} reads {finding}",
                c.record.app, c.record.version
            ));
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Can I deploy?

const YES: &str = "yes";
const NO: &str = "no";
const UNKNOWN: &str = "unknown";

/// The version a producer writes to `subject`: the pinned one, else the latest live one; or
/// why there is none.
async fn producer_version(
    reads: &mut dyn Reads,
    subject: &str,
    pinned: Option<i32>,
) -> ApiResult<Result<VersionRecord, String>> {
    let versions = reads.versions(subject).await?;
    let mut live = versions.into_iter().filter(|v| !v.deleted);
    let found = match pinned {
        Some(n) => live.find(|v| v.version == n),
        None => live.last(),
    };
    Ok(found.ok_or_else(|| match pinned {
        Some(n) => format!("subject {subject} has no version {n} registered"),
        None => format!("subject {subject} has no schema registered"),
    }))
}

/// The schema a producer writes to `subject` (see [`producer_version`]), checked, with its
/// version number.
async fn producer_schema(
    state: &AppState,
    reads: &mut dyn Reads,
    subject: &str,
    pinned: Option<i32>,
) -> ApiResult<Result<(SchemaDoc, i32), String>> {
    let found = match producer_version(reads, subject, pinned).await? {
        Ok(found) => found,
        Err(why) => return Ok(Err(why)),
    };
    let doc = crate::service::stored_doc(state, reads, &found.schema, 0).await?;
    Ok(Ok((doc, found.version)))
}

fn row(
    producer: (&str, &str),
    consumer: (&str, &str),
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
    producer: (&str, &str),
    consumer: (&str, &str),
    subject: &str,
    schema_version: i32,
    found: Vec<String>,
) -> CanIDeployRow {
    if found.is_empty() {
        row(
            producer,
            consumer,
            subject,
            YES,
            format!("schema version {schema_version} satisfies the contract"),
        )
    } else {
        row(
            producer,
            consumer,
            subject,
            NO,
            format!("schema version {schema_version}: {}", found.join("; ")),
        )
    }
}

/// `GET /can-i-deploy?app=A&version=V&to=E`: A@V's produced schemas against the contracts of
/// the consumers deployed in E, and A@V's contracts against the schemas of the producers
/// deployed in E.
pub async fn can_i_deploy(
    state: &AppState,
    app: &str,
    version: &str,
    environment: &str,
) -> ApiResult<CanIDeploy> {
    check_environment(environment)?;
    let mut reads = state.store.read().await?;
    let reads = reads.as_mut();
    let known = reads
        .app_versions(app)
        .await?
        .iter()
        .any(|v| v.version == version);
    if !known {
        return Ok(CanIDeploy {
            result: UNKNOWN.into(),
            rows: vec![row(
                ("", ""),
                ("", ""),
                "",
                UNKNOWN,
                format!("application {app} has no published version {version}"),
            )],
        });
    }
    let deployed_all = reads.deployments(Some(environment)).await?;
    if deployed_all.is_empty() {
        return Ok(CanIDeploy {
            result: UNKNOWN.into(),
            rows: vec![row(
                ("", ""),
                ("", ""),
                "",
                UNKNOWN,
                format!("nothing is recorded as deployed in environment {environment}"),
            )],
        });
    }
    // The app's own previous version there is what this deployment replaces.
    let deployed: Vec<DeploymentRecord> =
        deployed_all.into_iter().filter(|d| d.app != app).collect();
    let mut produces_of: HashMap<String, Vec<ProducedRecord>> = HashMap::new();
    let mut contracts_of: HashMap<String, Vec<ContractRecord>> = HashMap::new();
    for d in &deployed {
        produces_of.insert(d.app.clone(), reads.produces_of(&d.app, &d.version).await?);
        contracts_of.insert(d.app.clone(), reads.contracts_of(&d.app, &d.version).await?);
    }
    let mut rows = Vec::new();

    // A as producer: its schemas against the deployed consumers' contracts.
    for p in reads.produces_of(app, version).await? {
        let consumers: Vec<(&DeploymentRecord, &ContractRecord)> = deployed
            .iter()
            .flat_map(|d| {
                contracts_of[&d.app]
                    .iter()
                    .filter(|c| c.subject == p.subject)
                    .map(move |c| (d, c))
            })
            .collect();
        if consumers.is_empty() {
            continue;
        }
        let schema = producer_schema(state, reads, &p.subject, p.schema_version).await?;
        for (d, c) in consumers {
            let consumer = (d.app.as_str(), d.version.as_str());
            rows.push(match &schema {
                Err(why) => row((app, version), consumer, &p.subject, UNKNOWN, why.clone()),
                Ok((doc, n)) => judged(
                    (app, version),
                    consumer,
                    &p.subject,
                    *n,
                    findings(state, doc, c),
                ),
            });
        }
    }

    // A as consumer: its contracts against the deployed producers' schemas.
    for c in reads.contracts_of(app, version).await? {
        let producers: Vec<(&DeploymentRecord, Option<i32>)> = deployed
            .iter()
            .filter_map(|d| {
                produces_of[&d.app]
                    .iter()
                    .find(|p| p.subject == c.subject)
                    .map(|p| (d, p.schema_version))
            })
            .collect();
        if producers.is_empty() {
            rows.push(row(
                ("", ""),
                (app, version),
                &c.subject,
                UNKNOWN,
                format!(
                    "no application deployed in {environment} produces {}",
                    c.subject
                ),
            ));
            continue;
        }
        for (d, pinned) in producers {
            let producer = (d.app.as_str(), d.version.as_str());
            let schema = producer_schema(state, reads, &c.subject, pinned).await?;
            rows.push(match schema {
                Err(why) => row(producer, (app, version), &c.subject, UNKNOWN, why),
                Ok((doc, n)) => judged(
                    producer,
                    (app, version),
                    &c.subject,
                    n,
                    findings(state, &doc, &c),
                ),
            });
        }
    }

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
    fn environment_names() {
        for ok in ["a", "prod", "prod.eu-1", "Q_A", "0", &"a".repeat(63)] {
            assert!(valid_environment(ok), "{ok}");
        }
        for bad in [
            "",
            "-a",
            ".a",
            "_a",
            "a/b",
            "a b",
            "é",
            "a\n",
            &"a".repeat(64),
        ] {
            assert!(!valid_environment(bad), "{bad:?}");
        }
    }

    #[test]
    fn versions_order_by_semver_when_both_parse_else_by_publication() {
        assert_eq!(
            compare_versions(&v("1.10.0", 1), &v("1.9.0", 2)),
            Ordering::Greater
        );
        assert_eq!(
            compare_versions(&v("v2.0.0", 1), &v("1.9.0", 2)),
            Ordering::Greater
        );
        assert_eq!(
            compare_versions(&v("2.0.0-rc.1", 2), &v("2.0.0", 1)),
            Ordering::Less
        );
        assert_eq!(
            compare_versions(&v("c0ffee", 1), &v("0bad", 2)),
            Ordering::Less
        );
        assert_eq!(
            compare_versions(&v("1.0.0", 2), &v("abc", 1)),
            Ordering::Greater
        );
        let all = [v("1.10.0", 1), v("1.9.0", 2), v("1.2.0", 3)];
        assert_eq!(latest(&all).unwrap().version, "1.10.0");
        assert!(latest(&[]).is_none());
        let listed = ordered(vec![v("1.10.0", 1), v("sha", 2), v("1.9.0", 3)]);
        let names: Vec<&str> = listed.iter().map(|v| v.version.as_str()).collect();
        assert_eq!(names, ["1.10.0", "sha", "1.9.0"]);
    }
}
