//! The registry's REST calls as they are, one method per endpoint: request and answer bodies are
//! the [`crate::api`] types, nothing is cached or resolved. The `accord` command line drives the
//! registry through these; a service validating payloads needs only [`RegistryClient`]'s cached
//! methods.

use reqwest::Method;

use super::error::Error;
use super::registry::RegistryClient;
use crate::api::{
    AppVersion, CanIDeploy, CompatibilityCheckResponse, Config, ContractView, Deployment,
    DeploymentRequest, ProducerView, PublishVersionRequest, RegisterSchemaRequest, Schema,
};

impl RegistryClient {
    /// `GET /config/{subject}?defaultToGlobal=true`: the subject's effective configuration.
    pub async fn effective_config(&self, subject: &str) -> Result<Config, Error> {
        let url = self.url_with(&["config", subject], &[("defaultToGlobal", "true")]);
        self.send(Method::GET, url, None::<&()>).await
    }

    /// `GET /subjects/{subject}/versions`: the live versions, oldest first (a 40401 error for a
    /// subject without any); with `deleted`, soft-deleted versions too.
    pub async fn versions(&self, subject: &str, deleted: bool) -> Result<Vec<i32>, Error> {
        let query: &[(&str, &str)] = if deleted { &[("deleted", "true")] } else { &[] };
        let url = self.url_with(&["subjects", subject, "versions"], query);
        self.send(Method::GET, url, None::<&()>).await
    }

    /// `GET /subjects/{subject}/versions/{version}` (`version`: a number or `latest`), as the
    /// registry answers it, references unresolved; with `deleted`, a soft-deleted version too.
    pub async fn schema_at(
        &self,
        subject: &str,
        version: &str,
        deleted: bool,
    ) -> Result<Schema, Error> {
        let query: &[(&str, &str)] = if deleted { &[("deleted", "true")] } else { &[] };
        let url = self.url_with(&["subjects", subject, "versions", version], query);
        self.send(Method::GET, url, None::<&()>).await
    }

    /// `POST /compatibility/subjects/{subject}/versions?verbose=true`: the registry's verdict on
    /// `request` against every version that counts at the subject's level (and the consumer
    /// contracts, as registration would check them), with its reasons.
    pub async fn compatibility(
        &self,
        subject: &str,
        request: &RegisterSchemaRequest,
    ) -> Result<CompatibilityCheckResponse, Error> {
        let url = self.url_with(
            &["compatibility", "subjects", subject, "versions"],
            &[("verbose", "true")],
        );
        self.send(Method::POST, url, Some(request)).await
    }

    /// `POST /subjects/{subject}`: the version of the subject holding this schema (a 40403
    /// error when none does).
    pub async fn lookup(
        &self,
        subject: &str,
        request: &RegisterSchemaRequest,
    ) -> Result<Schema, Error> {
        let url = self.url(&["subjects", subject]);
        self.send(Method::POST, url, Some(request)).await
    }

    /// `GET /contracts?subject=S`: the consumer contracts that count for the subject (of
    /// consumer versions deployed somewhere or latest on their main branch).
    pub async fn contracts(&self, subject: &str) -> Result<Vec<ContractView>, Error> {
        let url = self.url_with(&["contracts"], &[("subject", subject)]);
        self.send(Method::GET, url, None::<&()>).await
    }

    /// `GET /producers?subject=S`: the producer versions that count for the subject, with the
    /// schema each writes.
    pub async fn producers(&self, subject: &str) -> Result<Vec<ProducerView>, Error> {
        let url = self.url_with(&["producers"], &[("subject", subject)]);
        self.send(Method::GET, url, None::<&()>).await
    }

    /// `POST /applications/{app}/versions/{version}`: publish an application version with its
    /// contracts and produced subjects (one transaction in the registry).
    pub async fn publish_version(
        &self,
        app: &str,
        version: &str,
        request: &PublishVersionRequest,
    ) -> Result<AppVersion, Error> {
        let url = self.url(&["applications", app, "versions", version]);
        self.send(Method::POST, url, Some(request)).await
    }

    /// `POST /deployments`: record a version of an application as deployed in an environment.
    pub async fn record_deployment(
        &self,
        request: &DeploymentRequest,
    ) -> Result<Deployment, Error> {
        let url = self.url(&["deployments"]);
        self.send(Method::POST, url, Some(request)).await
    }

    /// `GET /can-i-deploy?app=A&version=V&to=E`.
    pub async fn can_i_deploy(
        &self,
        app: &str,
        version: &str,
        to: &str,
    ) -> Result<CanIDeploy, Error> {
        let url = self.url_with(
            &["can-i-deploy"],
            &[("app", app), ("version", version), ("to", to)],
        );
        self.send(Method::GET, url, None::<&()>).await
    }
}
