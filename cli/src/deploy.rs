//! `accord record-deployment` and `accord can-i-deploy`: the deployment side of consumer
//! contracts, answered by the registry (`POST /deployments`, `GET /can-i-deploy`).
//!
//! The registry is reached at `--registry` (or `ACCORD_REGISTRY_URL`); a token in `ACCORD_TOKEN`
//! is sent as a bearer token and never printed. An unreachable registry, a 5xx answer or a refused
//! token is an infrastructure failure (exit 5); an application, version or environment the
//! registry does not know makes the answer "unknown" (exit 4).

use std::io::Write;
use std::time::Duration;

use accord_schemas::api::{CanIDeploy, Deployment, DeploymentRequest, ErrorBody};
use anstyle::{AnsiColor, Style};
use anyhow::anyhow;

use crate::args::{CanIDeployArgs, Format, RecordDeploymentArgs, RegistryArgs};
use crate::failure::{Failure, Outcome};
use crate::output::{write_failed, Output};
use crate::Exit;

/// A blocking client for the registry's deployment endpoints.
struct Registry {
    base: String,
    http: reqwest::blocking::Client,
    token: Option<String>,
}

/// What the registry answered, when it answered.
enum Answer<T> {
    Ok(T),
    /// A 4xx with Confluent's error body.
    Refused(u16, ErrorBody),
}

impl Registry {
    fn new(args: &RegistryArgs) -> Result<Registry, Failure> {
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| {
                Failure::new(
                    Exit::Infrastructure,
                    anyhow!(e).context("cannot build an HTTP client"),
                )
            })?;
        Ok(Registry {
            base: args.registry.trim_end_matches('/').to_string(),
            http,
            token: std::env::var("ACCORD_TOKEN").ok().filter(|t| !t.is_empty()),
        })
    }

    fn send<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::blocking::RequestBuilder,
        what: &str,
    ) -> Result<Answer<T>, Failure> {
        let request = match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        let infra = |e: anyhow::Error| Failure::new(Exit::Infrastructure, e);
        let response = request.send().map_err(|e| {
            infra(anyhow!(e).context(format!(
                "cannot reach the registry at {} ({what})",
                self.base
            )))
        })?;
        let status = response.status();
        let body = response.text().map_err(|e| {
            infra(anyhow!(e).context(format!("cannot read the registry's answer ({what})")))
        })?;
        if status.is_success() {
            return serde_json::from_str(&body).map(Answer::Ok).map_err(|e| {
                infra(anyhow!(e).context(format!(
                    "the registry's answer to {what} is not what Accord expects"
                )))
            });
        }
        if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
            return Err(infra(anyhow!(
                "the registry refused the credentials ({status}); check ACCORD_TOKEN"
            )));
        }
        if status.is_server_error() {
            return Err(infra(anyhow!(
                "the registry failed on {what}: {status}: {}",
                body.trim()
            )));
        }
        let error = serde_json::from_str::<ErrorBody>(&body).unwrap_or(ErrorBody {
            error_code: i64::from(status.as_u16()),
            message: body.trim().to_string(),
        });
        Ok(Answer::Refused(status.as_u16(), error))
    }
}

/// `accord record-deployment --app A --version V --env E`.
pub(crate) fn record(args: &RecordDeploymentArgs, out: &mut Output) -> Outcome {
    let registry = Registry::new(&args.registry)?;
    let body = DeploymentRequest {
        app: args.app.clone(),
        version: args.version.clone(),
        environment: args.env.clone(),
    };
    let request = registry
        .http
        .post(format!("{}/deployments", registry.base))
        .json(&body);
    match registry.send::<Deployment>(request, "recording the deployment")? {
        Answer::Ok(d) => {
            writeln!(
                out,
                "recorded: {} {} is deployed in {}",
                d.app, d.version, d.environment
            )
            .map_err(write_failed)?;
            Ok(Exit::Pass)
        }
        Answer::Refused(404, e) => Err(Failure::new(
            Exit::Undetermined,
            anyhow!("{} (publish the version first: accord publish)", e.message),
        )),
        Answer::Refused(_, e) => Err(Failure::invalid_input(e.message)),
    }
}

/// `accord can-i-deploy --app A --version V --to E`.
pub(crate) fn can_i_deploy(args: &CanIDeployArgs, out: &mut Output) -> Outcome {
    let registry = Registry::new(&args.registry)?;
    let mut attempts = 0;
    let answer = loop {
        let request = registry
            .http
            .get(format!("{}/can-i-deploy", registry.base))
            .query(&[
                ("app", args.app.as_str()),
                ("version", args.version.as_str()),
                ("to", args.to.as_str()),
            ]);
        let answer = match registry.send::<CanIDeploy>(request, "asking can-i-deploy")? {
            Answer::Ok(a) => a,
            Answer::Refused(404, e) => CanIDeploy {
                result: "unknown".into(),
                rows: vec![accord_schemas::api::CanIDeployRow {
                    producer: String::new(),
                    producer_version: String::new(),
                    consumer: String::new(),
                    consumer_version: String::new(),
                    subject: String::new(),
                    result: "unknown".into(),
                    reason: e.message,
                }],
            },
            Answer::Refused(_, e) => return Err(Failure::invalid_input(e.message)),
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
        Format::Text => render_table(&answer, args, out).map_err(write_failed)?,
    }
    Ok(match answer.result.as_str() {
        "yes" => Exit::Pass,
        "no" => Exit::Failure,
        _ => Exit::Undetermined,
    })
}

fn render_table(
    answer: &CanIDeploy,
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
        "can {} {} be deployed to {}? {style}{word}{style:#}",
        args.app, args.version, args.to
    )?;
    if answer.rows.is_empty() {
        writeln!(
            out,
            "no counterpart in {} reads or writes what {} {} does",
            args.to, args.app, args.version
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
