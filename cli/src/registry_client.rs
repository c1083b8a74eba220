//! A small blocking client for the registry calls `check` and `publish` make, over the wire
//! types of `accord_schemas::api`. A token in `ACCORD_TOKEN` is sent as a bearer token and never
//! printed.
//!
//! Every failure that is not the registry's answer about the schema is infrastructure (exit 5)
//! with one message saying what to do: unreachable, a refused token (401/403), a 5xx, an answer
//! that is not the registry's JSON.

use std::time::Duration;

use accord_schemas::api::{
    AppVersion, CanIDeploy, CompatibilityCheckResponse, Config, ContractView, Deployment,
    DeploymentRequest, ErrorBody, ProducerView, PublishVersionRequest, RegisterSchemaRequest,
    RegisterSchemaResponse, Schema,
};
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::config::TOKEN_ENV;
use crate::failure::Failure;
use crate::Exit;

const CONTENT_TYPE: &str = "application/vnd.schemaregistry.v1+json";

/// The registry at one URL.
pub(crate) struct RegistryClient {
    base: Url,
    http: Client,
    token: Option<String>,
}

/// An error answer of the registry that callers handle (a 404, a 409 refusal, a 422).
#[derive(Debug)]
pub(crate) struct Refusal {
    pub(crate) status: StatusCode,
    pub(crate) body: ErrorBody,
}

/// The outcome of one call: the answer, or the registry's refusal; infrastructure failures are
/// the outer `Err`.
pub(crate) type Answer<T> = Result<Result<T, Refusal>, Failure>;

impl RegistryClient {
    pub(crate) fn new(url: &str) -> Result<RegistryClient, Failure> {
        let mut base = Url::parse(url).map_err(|e| {
            Failure::invalid_input(format!("the registry url `{url}` is not a URL: {e}"))
        })?;
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let http = Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(10))
            .user_agent(concat!("accord/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Failure::new(Exit::Infrastructure, e))?;
        let token = std::env::var(TOKEN_ENV).ok().filter(|t| !t.is_empty());
        Ok(RegistryClient { base, http, token })
    }

    /// `base` + path segments (each percent-encoded, so a subject with `/` stays one segment).
    fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Url {
        let mut url = self.base.clone();
        {
            let mut path = url.path_segments_mut().expect("http URLs have a path");
            path.pop_if_empty();
            path.extend(segments);
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    fn send<T: DeserializeOwned>(&self, request: RequestBuilder) -> Answer<T> {
        let request = match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        let response = request.header("Accept", CONTENT_TYPE).send().map_err(|e| {
            let what = if e.is_timeout() {
                "did not answer in time"
            } else {
                "cannot be reached"
            };
            Failure::new(
                Exit::Infrastructure,
                anyhow::anyhow!(
                    "the registry at {} {what}: {}; check [registry] url in accord.toml (or \
                     --registry) and that the registry is running",
                    self.base,
                    root_cause(&e)
                ),
            )
        })?;
        let status = response.status();
        let text = response.text().unwrap_or_default();
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            let hint = if self.token.is_some() {
                format!("the token in {TOKEN_ENV} was refused")
            } else {
                format!("set {TOKEN_ENV} to a token the registry accepts")
            };
            return Err(infra(format!(
                "the registry at {} answered {status}: {hint}",
                self.base
            )));
        }
        if status.is_server_error() {
            let message = serde_json::from_str::<ErrorBody>(&text)
                .map(|b| b.message)
                .unwrap_or_else(|_| text.chars().take(200).collect());
            return Err(infra(format!(
                "the registry at {} failed ({status}): {message}; try again later or ask its \
                 operators",
                self.base
            )));
        }
        if status.is_success() {
            return serde_json::from_str(&text).map(Ok).map_err(|e| {
                infra(format!(
                    "the registry at {} answered {status} with a body that is not what a \
                     registry sends ({e}); is the url right?",
                    self.base
                ))
            });
        }
        match serde_json::from_str::<ErrorBody>(&text) {
            Ok(body) => Ok(Err(Refusal { status, body })),
            Err(_) => Err(infra(format!(
                "the registry at {} answered {status}: {}; is the url right?",
                self.base,
                text.chars().take(200).collect::<String>()
            ))),
        }
    }

    fn post<T: DeserializeOwned>(&self, url: Url, body: &impl Serialize) -> Answer<T> {
        let body = serde_json::to_vec(body).expect("a request serialises");
        self.send(
            self.http
                .post(url)
                .header("Content-Type", CONTENT_TYPE)
                .body(body),
        )
    }

    /// `GET /config/{s}?defaultToGlobal=true`: the subject's effective config.
    pub(crate) fn effective_config(&self, subject: &str) -> Answer<Config> {
        let url = self.url(&["config", subject], &[("defaultToGlobal", "true")]);
        self.send(self.http.get(url))
    }

    /// `GET /subjects/{s}/versions`: the live versions (a 40401 refusal for a new subject).
    pub(crate) fn versions(&self, subject: &str) -> Answer<Vec<i32>> {
        let url = self.url(&["subjects", subject, "versions"], &[]);
        self.send(self.http.get(url))
    }

    /// `GET /subjects/{s}/versions/{v}`.
    pub(crate) fn version(&self, subject: &str, version: &str) -> Answer<Schema> {
        let url = self.url(&["subjects", subject, "versions", version], &[]);
        self.send(self.http.get(url))
    }

    /// `POST /compatibility/subjects/{s}/versions?verbose=true`: the registry's verdict against
    /// every version that counts at the subject's level.
    pub(crate) fn compatibility(
        &self,
        subject: &str,
        body: &RegisterSchemaRequest,
    ) -> Answer<CompatibilityCheckResponse> {
        let url = self.url(
            &["compatibility", "subjects", subject, "versions"],
            &[("verbose", "true")],
        );
        self.post(url, body)
    }

    /// `POST /subjects/{s}`: the version of the subject holding this schema, if any.
    pub(crate) fn lookup(&self, subject: &str, body: &RegisterSchemaRequest) -> Answer<Schema> {
        self.post(self.url(&["subjects", subject], &[]), body)
    }

    /// `POST /subjects/{s}/versions`: register.
    pub(crate) fn register(
        &self,
        subject: &str,
        body: &RegisterSchemaRequest,
    ) -> Answer<RegisterSchemaResponse> {
        self.post(self.url(&["subjects", subject, "versions"], &[]), body)
    }
}

impl RegistryClient {
    /// `GET /contracts?subject=S`: the consumer contracts that count for the subject (of
    /// consumer versions deployed somewhere or latest on their main branch).
    pub(crate) fn contracts(&self, subject: &str) -> Answer<Vec<ContractView>> {
        let url = self.url(&["contracts"], &[("subject", subject)]);
        self.send(self.http.get(url))
    }

    /// `GET /producers?subject=S`: the producer versions that count for the subject, with the
    /// schema each writes.
    pub(crate) fn producers(&self, subject: &str) -> Answer<Vec<ProducerView>> {
        let url = self.url(&["producers"], &[("subject", subject)]);
        self.send(self.http.get(url))
    }

    /// `POST /applications/{app}/versions/{version}`: publish an application version with its
    /// contracts and produced subjects (one transaction in the registry).
    pub(crate) fn publish_version(
        &self,
        app: &str,
        version: &str,
        body: &PublishVersionRequest,
    ) -> Answer<AppVersion> {
        self.post(
            self.url(&["applications", app, "versions", version], &[]),
            body,
        )
    }

    /// `POST /deployments`: record a version of an application as deployed in an environment.
    pub(crate) fn record_deployment(&self, body: &DeploymentRequest) -> Answer<Deployment> {
        self.post(self.url(&["deployments"], &[]), body)
    }

    /// `GET /can-i-deploy?app=A&version=V&to=E`.
    pub(crate) fn can_i_deploy(&self, app: &str, version: &str, to: &str) -> Answer<CanIDeploy> {
        let url = self.url(
            &["can-i-deploy"],
            &[("app", app), ("version", version), ("to", to)],
        );
        self.send(self.http.get(url))
    }
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

/// The request body for a JSON Schema's text.
pub(crate) fn schema_request(text: &str) -> RegisterSchemaRequest {
    RegisterSchemaRequest {
        schema: Some(text.to_string()),
        schema_type: Some("JSON".to_string()),
        ..RegisterSchemaRequest::default()
    }
}

/// A refusal the caller did not expect, as a failure with the registry's words.
pub(crate) fn unexpected(what: &str, refusal: Refusal) -> Failure {
    let exit = if refusal.status == StatusCode::UNPROCESSABLE_ENTITY {
        Exit::InvalidInput
    } else {
        Exit::Infrastructure
    };
    Failure::new(
        exit,
        anyhow::anyhow!(
            "{what}: the registry answered {} ({}): {}",
            refusal.status,
            refusal.body.error_code,
            refusal.body.message
        ),
    )
}

fn infra(message: String) -> Failure {
    Failure::new(Exit::Infrastructure, anyhow::anyhow!("{message}"))
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
