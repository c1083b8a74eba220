//! `accord record-deployment` and `accord can-i-deploy`: the deployment side of consumer
//! contracts, answered by the registry (`POST /deployments`, `GET /can-i-deploy`).
//!
//! The registry is reached at `--registry` (or `ACCORD_REGISTRY_URL`), else at accord.toml's
//! `[registry] url` when there is an accord.toml, else at the default; `--app` defaults to
//! accord.toml's `[app] name`. A token in `ACCORD_TOKEN` is sent as a bearer token and never
//! printed. An unreachable registry, a 5xx answer or a refused token is an infrastructure failure
//! (exit 5); an application, version or environment the registry does not know makes the answer
//! "unknown" (exit 4).

use std::io::Write;
use std::time::Duration;

use accord_schemas::api::{CanIDeploy, CanIDeployRow, DeploymentRequest};
use anstyle::{AnsiColor, Style};
use anyhow::anyhow;

use crate::args::{AppVersionArgs, CanIDeployArgs, Format, RecordDeploymentArgs};
use crate::client::{Registry, DEFAULT_URL};
use crate::exit::Exit;
use crate::failure::{Failure, Outcome};
use crate::output::{write_failed, Output};
use crate::project::Config;

/// The client, and the application: flags first, then accord.toml (the one given, else the
/// nearest, if any), then the defaults.
fn resolve(args: &AppVersionArgs) -> Result<(Registry, String), Failure> {
    let app = args.app.as_deref();
    let config = match &args.config {
        Some(path) => Some(Config::find_and_load(Some(path))?),
        None if args.registry.is_none() || app.is_none() => Config::find_nearest()?,
        None => None,
    };
    let url = args
        .registry
        .clone()
        .or_else(|| config.as_ref().and_then(|c| c.registry_url.clone()))
        .unwrap_or_else(|| DEFAULT_URL.to_string());
    let app = app
        .map(str::to_string)
        .or_else(|| config.as_ref().and_then(|c| c.app.clone()))
        .ok_or_else(|| {
            Failure::usage(
                "which application? pass --app, or run where accord.toml has `[app] name`",
            )
        })?;
    Ok((Registry::new(&url)?, app))
}

/// `accord record-deployment [--app A] --version V --env E`.
pub(crate) fn record(args: &RecordDeploymentArgs, out: &mut Output) -> Outcome {
    let (registry, app) = resolve(&args.deployed)?;
    let body = DeploymentRequest {
        app,
        version: args.deployed.version.clone(),
        environment: args.env.clone(),
    };
    match registry.call(|c| c.record_deployment(&body))? {
        Ok(d) => {
            writeln!(
                out,
                "recorded: {} {} is deployed in {}",
                d.app, d.version, d.environment
            )
            .map_err(write_failed)?;
            Ok(Exit::Pass)
        }
        Err(r) if r.status == 404 => Err(Failure::new(
            Exit::Undetermined,
            anyhow!(
                "{} (publish the version first: accord publish)",
                r.body.message
            ),
        )),
        Err(r) => Err(Failure::invalid_input(r.body.message)),
    }
}

/// `accord can-i-deploy [--app A] --version V --to E`.
pub(crate) fn can_i_deploy(args: &CanIDeployArgs, out: &mut Output) -> Outcome {
    let (registry, app) = resolve(&args.candidate)?;
    let version = &args.candidate.version;
    let mut attempts = 0;
    let answer = loop {
        let answer = match registry.call(|c| c.can_i_deploy(&app, version, &args.to))? {
            Ok(a) => a,
            Err(r) if r.status == 404 => CanIDeploy {
                result: "unknown".into(),
                rows: vec![CanIDeployRow {
                    producer: String::new(),
                    producer_version: String::new(),
                    consumer: String::new(),
                    consumer_version: String::new(),
                    subject: String::new(),
                    result: "unknown".into(),
                    reason: r.body.message,
                }],
            },
            Err(r) => return Err(Failure::invalid_input(r.body.message)),
        };
        if answer.result != "unknown" || attempts >= args.retry_while_unknown {
            break answer;
        }
        attempts += 1;
        eprintln!(
            "accord: the answer is unknown; asking again in {}s ({attempts}/{})",
            args.retry_interval, args.retry_while_unknown
        );
        std::thread::sleep(Duration::from_secs(args.retry_interval));
    };
    match args.format {
        Format::Json => {
            serde_json::to_writer(&mut *out, &answer).map_err(|e| write_failed(e.into()))?;
            writeln!(out).map_err(write_failed)?;
        }
        Format::Text => render_table(&answer, &app, args, out).map_err(write_failed)?,
    }
    Ok(match answer.result.as_str() {
        "yes" => Exit::Pass,
        "no" => Exit::Failure,
        _ => Exit::Undetermined,
    })
}

fn render_table(
    answer: &CanIDeploy,
    app: &str,
    args: &CanIDeployArgs,
    out: &mut Output,
) -> std::io::Result<()> {
    let (word, style) = match answer.result.as_str() {
        "yes" => (
            "yes",
            Style::new().fg_color(Some(AnsiColor::Green.into())).bold(),
        ),
        "no" => (
            "NO",
            Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
        ),
        _ => (
            "UNKNOWN",
            Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold(),
        ),
    };
    let style = out.paint(style);
    writeln!(
        out,
        "can {app} {} be deployed to {}? {style}{word}{style:#}",
        args.candidate.version, args.to
    )?;
    if answer.rows.is_empty() {
        writeln!(
            out,
            "no counterpart in {} reads or writes what {app} {} does",
            args.to, args.candidate.version
        )?;
        return Ok(());
    }
    let header = [
        "PRODUCER", "VERSION", "CONSUMER", "VERSION", "SUBJECT", "RESULT", "REASON",
    ];
    let rows: Vec<[&str; 7]> = answer
        .rows
        .iter()
        .map(|r| {
            [
                dash(&r.producer),
                dash(&r.producer_version),
                dash(&r.consumer),
                dash(&r.consumer_version),
                dash(&r.subject),
                r.result.as_str(),
                r.reason.as_str(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |out: &mut Output, cells: &[&str; 7]| -> std::io::Result<()> {
        for (i, cell) in cells.iter().enumerate() {
            if i == 6 {
                writeln!(out, "{cell}")?;
            } else {
                write!(out, "{cell:<width$}  ", width = widths[i])?;
            }
        }
        Ok(())
    };
    line(out, &header)?;
    for row in &rows {
        line(out, row)?;
    }
    Ok(())
}

fn dash(s: &str) -> &str {
    if s.is_empty() {
        "-"
    } else {
        s
    }
}
