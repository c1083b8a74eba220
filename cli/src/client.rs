//! The registry as the commands see it: the async `accord_schemas::client::RegistryClient`
//! behind a small blocking facade. The commands run one call after another and read files and
//! git in between, so they stay plain functions; [`Registry::call`] drives a call on a
//! current-thread runtime. One client means one timeout
//! (`accord_schemas::client::DEFAULT_TIMEOUT`), one media type
//! and one way of sending the token.
//!
//! A token in `ACCORD_TOKEN` is sent as a bearer token and never printed. Every failure that is
//! not the registry's answer about the request is infrastructure (exit 5) with one message saying
//! what to do: unreachable, a refused token (401/403), a 5xx, an answer that is not the
//! registry's JSON.

use std::future::Future;

use accord_schemas::api::{ErrorBody, RegisterSchemaRequest};
use accord_schemas::client::{ClientOptions, Error as ClientError, RegistryClient};
use anyhow::anyhow;

use crate::exit::Exit;
use crate::failure::Failure;
use crate::project::Config;

/// The registry used when neither a flag, the environment nor accord.toml names one (the port
/// Confluent's registry listens on).
pub(crate) const DEFAULT_URL: &str = "http://127.0.0.1:8081";

/// The environment variable holding the registry token (sent as a bearer token, never printed).
pub(crate) const TOKEN_ENV: &str = "ACCORD_TOKEN";

/// The registry at one URL.
pub(crate) struct Registry {
    runtime: tokio::runtime::Runtime,
    client: RegistryClient,
    /// The base URL ending in `/`, for messages about the registry as a whole.
    base: String,
    has_token: bool,
}

/// An error answer of the registry that callers handle (a 404, a 409 refusal, a 422).
#[derive(Debug)]
pub(crate) struct Refusal {
    pub(crate) status: u16,
    pub(crate) body: ErrorBody,
}

/// The outcome of one call: the answer, or the registry's refusal; infrastructure failures are
/// the outer `Err`.
pub(crate) type Answer<T> = Result<Result<T, Refusal>, Failure>;

impl Registry {
    /// The registry of a project: `--registry` when given, else `[registry] url`.
    pub(crate) fn for_project(config: &Config, flag: Option<&str>) -> Result<Registry, Failure> {
        let url = flag.or(config.registry_url.as_deref()).ok_or_else(|| {
            Failure::invalid_input(format!(
                "{}: no registry configured: add `[registry] url = \"http://...\"`, or pass \
                 --registry URL",
                config.path.display()
            ))
        })?;
        Registry::new(url)
    }

    /// The registry at `url`; a URL that cannot be used is invalid input (exit 3).
    pub(crate) fn new(url: &str) -> Result<Registry, Failure> {
        let token = std::env::var(TOKEN_ENV).ok().filter(|t| !t.is_empty());
        let mut options = ClientOptions::default();
        options.user_agent = Some(concat!("accord/", env!("CARGO_PKG_VERSION")).to_string());
        let has_token = token.is_some();
        options.token = token;
        let client = RegistryClient::with_options(url, &options).map_err(|e| match e {
            ClientError::InvalidToken => Failure::usage(format!(
                "{TOKEN_ENV} holds characters a header cannot carry"
            )),
            ClientError::InvalidUrl { message, .. } => {
                Failure::invalid_input(format!("the registry url `{url}` is not a URL: {message}"))
            }
            e => Failure::invalid_input(format!("the registry url `{url}` cannot be used: {e}")),
        })?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Failure::new(Exit::Infrastructure, anyhow!("cannot start: {e}")))?;
        let base = client.base_url().to_string();
        let base = if base.ends_with('/') {
            base
        } else {
            format!("{base}/")
        };
        Ok(Registry {
            runtime,
            client,
            base,
            has_token,
        })
    }

    /// Run one async call of the client to its end, as it answered.
    pub(crate) fn run<T>(&self, call: impl Future<Output = T>) -> T {
        self.runtime.block_on(call)
    }

    /// The async client, for [`Registry::run`].
    pub(crate) fn client(&self) -> &RegistryClient {
        &self.client
    }

    /// One REST call (a method of [`RegistryClient`]'s endpoint list), its errors sorted into the
    /// registry's refusals, which the caller handles, and infrastructure failures.
    pub(crate) fn call<'a, T, F>(&'a self, call: impl FnOnce(&'a RegistryClient) -> F) -> Answer<T>
    where
        F: Future<Output = Result<T, ClientError>>,
    {
        match self.runtime.block_on(call(&self.client)) {
            Ok(answer) => Ok(Ok(answer)),
            Err(e) => self.sort(e).map(Err),
        }
    }

    fn sort(&self, error: ClientError) -> Result<Refusal, Failure> {
        let base = &self.base;
        match error {
            ClientError::Http { source, .. } => {
                let what = if source.is_timeout() {
                    "did not answer in time"
                } else {
                    "cannot be reached"
                };
                Err(infra(format!(
                    "the registry at {base} {what}: {}; check [registry] url in accord.toml (or \
                     --registry) and that the registry is running",
                    root_cause(&source)
                )))
            }
            ClientError::Registry { status, .. } if status == 401 || status == 403 => {
                let hint = if self.has_token {
                    format!("the token in {TOKEN_ENV} was refused")
                } else {
                    format!("set {TOKEN_ENV} to a token the registry accepts")
                };
                let status = status_text(status);
                Err(infra(format!(
                    "the registry at {base} answered {status}: {hint}"
                )))
            }
            ClientError::Registry {
                status, message, ..
            } if status >= 500 => Err(infra(format!(
                "the registry at {base} failed ({}): {message}; try again later or ask its \
                 operators",
                status_text(status)
            ))),
            ClientError::Registry {
                status,
                error_code: -1,
                message,
                ..
            } => Err(infra(format!(
                "the registry at {base} answered {}: {message}; is the url right?",
                status_text(status)
            ))),
            ClientError::Registry {
                status,
                error_code,
                message,
                ..
            } => Ok(Refusal {
                status,
                body: ErrorBody {
                    error_code,
                    message,
                },
            }),
            ClientError::UnexpectedAnswer { message, .. } => Err(infra(format!(
                "the registry at {base} answered with a body that is not what a registry sends \
                 ({message}); is the url right?"
            ))),
            other => Err(infra(format!(
                "the registry at {base} cannot be used: {other}"
            ))),
        }
    }
}

/// `404 Not Found`, as HTTP names a status.
fn status_text(status: u16) -> String {
    match reqwest::StatusCode::from_u16(status) {
        Ok(s) => s.to_string(),
        Err(_) => status.to_string(),
    }
}

/// The request body for a schema's text of type `ty`.
pub(crate) fn schema_request(text: &str, ty: accord_schemas::SchemaType) -> RegisterSchemaRequest {
    RegisterSchemaRequest {
        schema: Some(text.to_string()),
        schema_type: Some(ty.to_string()),
        ..RegisterSchemaRequest::default()
    }
}

/// A refusal the caller did not expect, as a failure with the registry's words.
pub(crate) fn unexpected(what: &str, refusal: Refusal) -> Failure {
    let exit = if refusal.status == 422 {
        Exit::InvalidInput
    } else {
        Exit::Infrastructure
    };
    Failure::new(
        exit,
        anyhow!(
            "{what}: the registry answered {} ({}): {}",
            status_text(refusal.status),
            refusal.body.error_code,
            refusal.body.message
        ),
    )
}

/// Why an application version counts for a subject, as `GET /contracts` and `GET /producers`
/// say: `deployed in staging, production`, `latest on main`, or both.
pub(crate) fn counts_as(deployed_in: &[String], latest_on_main: bool) -> String {
    let mut why = Vec::new();
    if !deployed_in.is_empty() {
        why.push(format!("deployed in {}", deployed_in.join(", ")));
    }
    if latest_on_main {
        why.push("latest on main".to_string());
    }
    why.join(", ")
}

fn infra(message: String) -> Failure {
    Failure::new(Exit::Infrastructure, anyhow!("{message}"))
}

/// The innermost cause says why (connection refused, timed out, DNS).
pub(crate) fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
