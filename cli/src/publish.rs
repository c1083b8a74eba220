//! `accord publish [--dry-run]`: register every produced schema whose content the subject does
//! not already hold, all or nothing as far as the checks go.
//!
//! First every file is checked against the registry (exactly as `check --against registry`);
//! if any is breaking nothing is registered (exit 1). Then each schema is looked up
//! (`POST /subjects/{s}`): one the subject already holds is "unchanged", so a second run
//! registers nothing; the rest are registered. A refusal at registration (a race with another
//! publisher, a consumer contract) prints the registry's reasons and exits 1.
//!
//! Contracts (`[[consumes]]`) are verified first, exactly as `accord contract verify` does: one
//! the producers do not satisfy stops everything (its findings printed, exit 1), unless
//! `--allow-unverified`. A contract whose producers are unknown to the registry yet is published.
//!
//! With `[app] name` in `accord.toml`, the application version is published last, in one
//! registry transaction: its branch, its contracts (`[[consumes]]`) and the subjects it produces,
//! each pinned to the schema version just registered or found. The version and branch come from
//! `--version`/`--branch`, else from the CI's environment ([`VERSION_ENV`], [`BRANCH_ENV`]), else
//! from git (`HEAD`'s commit and branch).

use std::io::Write;

use accord_schemas::api::{error_code, Produced as ProducedSubject, PublishVersionRequest};

use crate::args::{OutFormat, PublishArgs};
use crate::check::format;
use crate::check::registry::check_one;
use crate::check::report::{CheckReport, Status};
use crate::client::{schema_request, unexpected, Registry};
use crate::contract;
use crate::exit::Exit;
use crate::failure::{Failure, Outcome};
use crate::git::Git;
use crate::output::{write_failed, Output};
use crate::project::{load_contracts, produced, Config, Loaded, PathFilter, Produced};

/// The CI variables holding the commit built, tried in order (GitHub Actions, GitLab CI,
/// Buildkite, CircleCI, Bitbucket Pipelines, Jenkins, Travis CI).
pub(crate) const VERSION_ENV: [&str; 7] = [
    "GITHUB_SHA",
    "CI_COMMIT_SHA",
    "BUILDKITE_COMMIT",
    "CIRCLE_SHA1",
    "BITBUCKET_COMMIT",
    "GIT_COMMIT",
    "TRAVIS_COMMIT",
];

/// The CI variables holding the branch built, tried in order: a pull request's source branch
/// first (GITHUB_HEAD_REF, CI_MERGE_REQUEST_SOURCE_BRANCH_NAME, TRAVIS_PULL_REQUEST_BRANCH), then
/// the branch pushed.
pub(crate) const BRANCH_ENV: [&str; 9] = [
    "GITHUB_HEAD_REF",
    "GITHUB_REF_NAME",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
    "CI_COMMIT_REF_NAME",
    "BUILDKITE_BRANCH",
    "CIRCLE_BRANCH",
    "BITBUCKET_BRANCH",
    "GIT_BRANCH",
    "TRAVIS_PULL_REQUEST_BRANCH",
];

/// The application version being published: name, version, branch.
struct AppRelease {
    app: String,
    version: String,
    branch: String,
}

fn from_env(names: &[&str]) -> Option<String> {
    names
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .map(|value| value.trim().to_string())
        .find(|value| !value.is_empty())
}

/// The application version to publish, if accord.toml names the application.
fn release(config: &Config, args: &PublishArgs) -> Result<Option<AppRelease>, Failure> {
    let Some(app) = &config.app else {
        if args.app_version.is_some() || args.branch.is_some() {
            return Err(Failure::usage(format!(
                "--version and --branch publish an application version, and {} has no \
                 `[app] name = \"...\"`",
                config.path.display()
            )));
        }
        return Ok(None);
    };
    let (head, head_branch) = Git::new(&config.root).head();
    let version = args
        .app_version
        .clone()
        .or_else(|| from_env(&VERSION_ENV))
        .or(head)
        .ok_or_else(|| {
            Failure::usage(format!(
                "cannot tell which version of {app} this is: pass --version (a semantic \
                 version or the commit), or run in CI or a git work tree"
            ))
        })?;
    let branch = args
        .branch
        .clone()
        .or_else(|| {
            // Jenkins names the remote branch (`origin/main`).
            from_env(&BRANCH_ENV)
                .map(|b| b.strip_prefix("origin/").map(str::to_string).unwrap_or(b))
        })
        .or(head_branch)
        .ok_or_else(|| {
            Failure::usage(format!(
                "cannot tell which branch {app} {version} was built from: pass --branch"
            ))
        })?;
    Ok(Some(AppRelease {
        app: app.clone(),
        version,
        branch,
    }))
}

pub(crate) fn run(args: &PublishArgs, out: &mut Output) -> Outcome {
    let config = Config::find_and_load(args.project.file.config.as_deref())?;
    let release = release(&config, args)?;
    let contracts = load_contracts(&config)?;
    let client = Registry::for_project(&config, args.project.registry.as_deref())?;
    if let (Some(release), false) = (&release, args.allow_unverified || contracts.is_empty()) {
        // What `accord contract verify` rejects is not published: a contract on a read the
        // producers do not provide would block them or mislead can-i-deploy.
        let report = contract::verify_all(&client, release.app.clone(), &contracts)?;
        if report.result == "no" {
            contract::render(out, &report).map_err(write_failed)?;
            writeln!(
                out,
                "nothing registered or published: a contract is not satisfied (fix it, or pass \
                 --allow-unverified to publish it anyway)"
            )
            .map_err(write_failed)?;
            return Ok(Exit::Failure);
        }
    }
    let files = produced(&config, &PathFilter::all())?;
    let mut results = Vec::new();
    for p in &files {
        results.push(check_one(&client, p)?);
    }
    let statuses: Vec<Status> = results.iter().map(|r| r.status).collect();
    if !results.iter().all(|r| r.compatible) {
        let report = CheckReport::new("registry".to_string(), results);
        format::render(OutFormat::Text, out, &report).map_err(write_failed)?;
        writeln!(out, "nothing registered: fix the breaking changes first")
            .map_err(write_failed)?;
        return Ok(Exit::Failure);
    }
    let mut failed = false;
    let mut pinned = Vec::new();
    for (p, status) in files.iter().zip(statuses) {
        let (line, outcome) = register(&client, p, status, args.dry_run)?;
        match outcome {
            Registered::Pinned(pin) => pinned.push(pin),
            Registered::Refused => failed = true,
            Registered::WouldRegister => {}
        }
        writeln!(out, "{line}").map_err(write_failed)?;
    }
    if failed {
        return Err(Failure::new(
            Exit::Failure,
            anyhow::anyhow!(
                "the registry refused a schema (its reasons are above); the application version \
                 was not published"
            ),
        ));
    }
    match release {
        Some(release) => {
            publish_release(&client, &release, contracts, pinned, files.len(), args, out)
        }
        None => Ok(Exit::Pass),
    }
}

/// What became of one produced schema.
enum Registered {
    /// Found or registered: the subject at its version.
    Pinned(ProducedSubject),
    /// The registry refused it (its reasons are in the line printed).
    Refused,
    /// A dry run that would register it.
    WouldRegister,
}

/// Register `p` unless its subject holds it already: the line to print, and what became of it.
fn register(
    client: &Registry,
    p: &Produced,
    status: Status,
    dry_run: bool,
) -> Result<(String, Registered), Failure> {
    let subject = &p.mapping.subject;
    let body = schema_request(&p.text, p.doc.schema_type());
    let found = match status {
        Status::New => None,
        _ => match client.call(|c| c.lookup(subject, &body))? {
            Ok(schema) => Some(schema),
            Err(r)
                if matches!(
                    r.body.error_code,
                    error_code::SUBJECT_NOT_FOUND | error_code::SCHEMA_NOT_FOUND
                ) =>
            {
                None
            }
            Err(r) => return Err(unexpected(&format!("lookup in {subject}"), r)),
        },
    };
    if let Some(schema) = found {
        let line = format!(
            "unchanged  {subject} ({}): version {}, id {}",
            p.path,
            schema.version.unwrap_or_default(),
            schema.id.unwrap_or_default()
        );
        return Ok((line, Registered::Pinned(pin(subject, schema.version))));
    }
    if dry_run {
        let line = format!("would register  {subject} ({})", p.path);
        return Ok((line, Registered::WouldRegister));
    }
    match client.call(|c| c.register_request(subject, &body))? {
        Ok(answer) => {
            let line = format!(
                "registered  {subject} ({}): version {}, id {}",
                p.path,
                answer.version.unwrap_or_default(),
                answer.id
            );
            Ok((line, Registered::Pinned(pin(subject, answer.version))))
        }
        Err(r) if r.status == 409 => {
            let line = format!(
                "refused  {subject} ({}): {} ({})",
                p.path, r.body.message, r.body.error_code
            );
            Ok((line, Registered::Refused))
        }
        Err(r) => Err(unexpected(&format!("registering {subject}"), r)),
    }
}

/// Publish the application version with its contracts and the subjects pinned above.
fn publish_release(
    client: &Registry,
    release: &AppRelease,
    contracts: Vec<Loaded>,
    pinned: Vec<ProducedSubject>,
    files: usize,
    args: &PublishArgs,
    out: &mut Output,
) -> Outcome {
    let what = format!(
        "{} {} (branch {}): {} contract{}, {files} produced subject{}",
        release.app,
        release.version,
        release.branch,
        contracts.len(),
        plural(contracts.len()),
        plural(files),
    );
    if args.dry_run {
        writeln!(out, "would publish  {what}").map_err(write_failed)?;
        return Ok(Exit::Pass);
    }
    let body = PublishVersionRequest {
        branch: release.branch.clone(),
        contracts: contracts.into_iter().map(|c| c.spec).collect(),
        produces: pinned,
    };
    match client.call(|c| c.publish_version(&release.app, &release.version, &body))? {
        Ok(_) => writeln!(out, "published  {what}").map_err(write_failed)?,
        Err(r) => {
            return Err(unexpected(
                &format!("publishing {} {}", release.app, release.version),
                r,
            ))
        }
    }
    Ok(Exit::Pass)
}

/// A produced subject at the version registered or found (the latest when the registry did not
/// say).
fn pin(subject: &str, version: Option<i32>) -> ProducedSubject {
    match version {
        Some(version) => ProducedSubject::Pinned {
            subject: subject.to_string(),
            version,
        },
        None => ProducedSubject::Subject(subject.to_string()),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
