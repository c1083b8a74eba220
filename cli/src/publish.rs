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
use std::path::PathBuf;

use accord_schemas::api::{error_code, Produced as ProducedSubject, PublishVersionRequest};
use clap::Args;

use crate::check::{produced, PathFilter, Status};
use crate::client::{schema_request, unexpected};
use crate::config::Config;
use crate::failure::{Failure, Outcome};
use crate::formats::{self, OutFormat};
use crate::output::{write_failed, Output};
use crate::Exit;

/// `accord publish`.
#[derive(Debug, Args)]
pub(crate) struct PublishArgs {
    /// Check and say what would be registered, register nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// The project file (default: accord.toml in the current directory or a parent).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// The registry's URL, instead of `[registry] url` (a token in ACCORD_TOKEN is sent as a
    /// bearer token).
    #[arg(long, value_name = "URL", env = "ACCORD_REGISTRY_URL")]
    pub(crate) registry: Option<String>,
    /// The application version to publish with its contracts (needs `[app] name`); default: the
    /// CI's commit variable (GITHUB_SHA, CI_COMMIT_SHA, ...), else git's HEAD.
    #[arg(long = "version", value_name = "VERSION")]
    pub(crate) app_version: Option<String>,
    /// The branch the version was built from; default: the CI's branch variable
    /// (GITHUB_HEAD_REF/GITHUB_REF_NAME, CI_COMMIT_REF_NAME, ...), else git's current branch.
    #[arg(long, value_name = "BRANCH")]
    pub(crate) branch: Option<String>,
    /// Publish the contracts even when `accord contract verify` would reject them (by default a
    /// contract the producers do not satisfy stops the publication: nothing is registered or
    /// published).
    #[arg(long)]
    pub(crate) allow_unverified: bool,
}

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
    let (head, head_branch) = crate::git::Git::new(&config.root).head();
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
    let config = Config::find_and_load(args.config.as_deref())?;
    let release = release(&config, args)?;
    let contracts = crate::contract::load(&config)?;
    let client = crate::check::registry::client(&config, args.registry.as_deref())?;
    if let (Some(release), false) = (&release, args.allow_unverified || contracts.is_empty()) {
        // What `accord contract verify` rejects is not published: a contract on a read the
        // producers do not provide would block them or mislead can-i-deploy.
        let report = crate::contract::verify_all(&client, release.app.clone(), &contracts)?;
        if report.result == "no" {
            crate::contract::render(out, &report).map_err(write_failed)?;
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
        results.push(crate::check::registry::check_one(&client, p)?);
    }
    let statuses: Vec<Status> = results.iter().map(|r| r.status).collect();
    if !results.iter().all(|r| r.compatible) {
        let report = crate::check::CheckReport::new("registry".to_string(), results);
        formats::render(OutFormat::Text, out, &report).map_err(write_failed)?;
        writeln!(out, "nothing registered: fix the breaking changes first")
            .map_err(write_failed)?;
        return Ok(Exit::Failure);
    }
    let mut failed = false;
    let mut pinned = Vec::new();
    for (p, status) in files.iter().zip(statuses) {
        let subject = &p.mapping.subject;
        let body = schema_request(&p.text);
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
        let line = if let Some(schema) = found {
            pinned.push(pin(subject, schema.version));
            format!(
                "unchanged  {subject} ({}): version {}, id {}",
                p.path,
                schema.version.unwrap_or_default(),
                schema.id.unwrap_or_default()
            )
        } else if args.dry_run {
            format!("would register  {subject} ({})", p.path)
        } else {
            match client.call(|c| c.register_request(subject, &body))? {
                Ok(answer) => {
                    pinned.push(pin(subject, answer.version));
                    format!(
                        "registered  {subject} ({}): version {}, id {}",
                        p.path,
                        answer.version.unwrap_or_default(),
                        answer.id
                    )
                }
                Err(r) if r.status == 409 => {
                    failed = true;
                    format!(
                        "refused  {subject} ({}): {} ({})",
                        p.path, r.body.message, r.body.error_code
                    )
                }
                Err(r) => return Err(unexpected(&format!("registering {subject}"), r)),
            }
        };
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
    if let Some(release) = release {
        let what = format!(
            "{} {} (branch {}): {} contract{}, {} produced subject{}",
            release.app,
            release.version,
            release.branch,
            contracts.len(),
            plural(contracts.len()),
            files.len(),
            plural(files.len()),
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
