//! Schemas from the registry for `accord validate --subject` and `--framed`, through the one
//! registry client (`crate::client`), and the mapping of its errors to exit codes.
//!
//! - a token in `ACCORD_TOKEN` is sent as a bearer token, as every command does, and never printed;
//! - the registry cannot be reached, or answers with a server error: exit 5, one message naming
//!   the registry and the cause;
//! - an unknown subject or version: exit 4, naming it;
//! - a schema id that is not in the registry (framed input): an error for that payload only,
//!   remembered so the id is asked for once.

use std::collections::HashMap;
use std::sync::Arc;

use accord_schemas::api::error_code;
use accord_schemas::client::Error as ClientError;
use accord_schemas::format::PayloadValidator;
use accord_schemas::limits::Limits;
use anyhow::anyhow;

use crate::args::SubjectVersion;
use crate::client::{root_cause, Registry as Client};
use crate::exit::Exit;
use crate::failure::Failure;

pub(super) struct Registry {
    client: Client,
    url: String,
    /// Validators by schema id, and ids the registry does not have (with the message to report).
    by_id: HashMap<u32, Result<Arc<PayloadValidator>, String>>,
}

impl Registry {
    /// The registry of `--registry`; a URL that cannot be used is a usage error.
    pub(super) fn connect(url: &str) -> Result<Registry, Failure> {
        let client = Client::new(url).map_err(|f| Failure::new(Exit::Usage, f.error))?;
        Ok(Registry {
            client,
            url: url.to_string(),
            by_id: HashMap::new(),
        })
    }

    /// The compiled schema of `subject` at `version` (the latest when `None`): JSON Schema, or
    /// Avro (payloads in Avro's JSON encoding).
    pub(super) fn subject(
        &mut self,
        subject: &str,
        version: Option<SubjectVersion>,
    ) -> Result<PayloadValidator, Failure> {
        let version = version.unwrap_or(SubjectVersion::Latest);
        let api = self.client.client();
        let number = match version {
            SubjectVersion::Latest => "latest".to_string(),
            SubjectVersion::Number(n) => n.to_string(),
        };
        let answer = self.client.run(api.model_at(subject, &number));
        let (found_version, id, model) = answer.map_err(|e| match &e {
            ClientError::Registry {
                status: 404,
                error_code: error_code::SUBJECT_NOT_FOUND,
                ..
            } => Failure::new(
                Exit::Undetermined,
                anyhow!(
                    "subject {subject:?} not found in the registry at {}",
                    self.url
                ),
            ),
            ClientError::Registry {
                status: 404,
                error_code: error_code::VERSION_NOT_FOUND,
                ..
            } => Failure::new(
                Exit::Undetermined,
                anyhow!(
                    "version {version} of subject {subject:?} not found in the registry at {}",
                    self.url
                ),
            ),
            ClientError::UnsupportedSchemaType { .. }
            | ClientError::Schema { .. }
            | ClientError::ReferenceCycle { .. }
            | ClientError::ReferencesTooDeep { .. } => Failure::invalid_input(format!(
                "subject {subject:?} in the registry at {}: {e}",
                self.url
            )),
            _ => self.failure(e),
        })?;
        model.validator(&Limits::DEFAULT).map_err(|e| {
            Failure::invalid_input(format!(
                "subject {subject:?} version {found_version} (schema id {id}) cannot be \
                 compiled: {e}"
            ))
        })
    }

    /// The validator of schema `id`, fetched and compiled on first use. `Ok(Err(message))` when
    /// this id cannot be used (not in the registry, not a JSON schema, not compilable): an error
    /// of the payloads framed with it. `Err` when the registry cannot answer at all.
    pub(super) fn by_id(
        &mut self,
        id: u32,
    ) -> Result<Result<Arc<PayloadValidator>, String>, Failure> {
        if let Some(known) = self.by_id.get(&id) {
            return Ok(known.clone());
        }
        let api = self.client.client();
        let answer = self.client.run(async {
            let model = api.model_by_id(id).await?;
            model
                .validator(&Limits::DEFAULT)
                .map_err(|source| ClientError::Compile { id, source })
        });
        let known = match answer {
            Ok(validator) => Ok(Arc::new(validator)),
            Err(ClientError::SchemaNotFound { id }) => {
                Err(format!("unknown schema id {id}: not in the registry"))
            }
            Err(
                e @ (ClientError::UnsupportedSchemaType { .. }
                | ClientError::Schema { .. }
                | ClientError::Compile { .. }
                | ClientError::ReferenceCycle { .. }
                | ClientError::ReferencesTooDeep { .. }),
            ) => Err(format!("schema id {id} cannot be used: {e}")),
            Err(e) => return Err(self.failure(e)),
        };
        self.by_id.insert(id, known.clone());
        Ok(known)
    }

    /// The failure for an error that is not about the payloads: the registry is unreachable
    /// (exit 5), or answered in a way that cannot be used (exit 5).
    fn failure(&self, error: ClientError) -> Failure {
        let url = &self.url;
        match &error {
            ClientError::Http {
                method,
                url: request,
                source,
            } => {
                let why = if source.is_timeout() {
                    "timed out".to_string()
                } else {
                    root_cause(source)
                };
                Failure::new(
                    Exit::Infrastructure,
                    anyhow!("the registry at {url} is unreachable: {method} {request}: {why}"),
                )
            }
            _ => Failure::new(
                Exit::Infrastructure,
                anyhow!("the registry at {url} cannot be used: {error}"),
            ),
        }
    }
}
