//! `accord publish [--dry-run]`: register every produced schema whose content the subject does
//! not already hold, all or nothing as far as the checks go.
//!
//! First every file is checked against the registry (exactly as `check --against registry`);
//! if any is breaking nothing is registered (exit 1). Then each schema is looked up
//! (`POST /subjects/{s}`): one the subject already holds is "unchanged", so a second run
//! registers nothing; the rest are registered. A refusal at registration (a race with another
//! publisher, a consumer contract) prints the registry's reasons and exits 1.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::check::{produced, PathFilter, Status};
use crate::config::Config;
use crate::failure::{Failure, Outcome};
use crate::formats::{self, OutFormat};
use crate::output::{write_failed, Output};
use crate::registry_client::{schema_request, unexpected};
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
}

pub(crate) fn run(args: &PublishArgs, out: &mut Output) -> Outcome {
    let config = Config::find_and_load(args.config.as_deref())?;
    let client = crate::check::registry::client(&config, args.registry.as_deref())?;
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
    for (p, status) in files.iter().zip(statuses) {
        let subject = &p.mapping.subject;
        let body = schema_request(&p.text);
        let found = match status {
            Status::New => None,
            _ => match client.lookup(subject, &body)? {
                Ok(schema) => Some(schema),
                Err(r) if matches!(r.body.error_code, 40401 | 40403) => None,
                Err(r) => return Err(unexpected(&format!("lookup in {subject}"), r)),
            },
        };
        let line = if let Some(schema) = found {
            format!(
                "unchanged  {subject} ({}): version {}, id {}",
                p.path,
                schema.version.unwrap_or_default(),
                schema.id.unwrap_or_default()
            )
        } else if args.dry_run {
            format!("would register  {subject} ({})", p.path)
        } else {
            match client.register(subject, &body)? {
                Ok(answer) => format!(
                    "registered  {subject} ({}): version {}, id {}",
                    p.path,
                    answer.version.unwrap_or_default(),
                    answer.id
                ),
                Err(r) if r.status.as_u16() == 409 => {
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
            anyhow::anyhow!("the registry refused a schema (its reasons are above)"),
        ));
    }
    Ok(Exit::Pass)
}
