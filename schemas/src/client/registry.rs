//! [`RegistryClient`]: schemas by id and by subject version, references resolved through the
//! registry, and the caches of what never changes.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::{registry_error, Error};
use super::options::{ClientOptions, MAX_REFERENCE_DEPTH};
use crate::api::{error_code, RegisterSchemaRequest, RegisterSchemaResponse, Schema, MEDIA_TYPE};
use crate::json::SchemaDoc;
use crate::validate::Validator;
use crate::SchemaType;

/// A schema registered under a subject.
#[derive(Debug, Clone)]
pub struct SubjectSchema {
    /// The subject.
    pub subject: String,
    /// The version within the subject.
    pub version: i32,
    /// The schema id.
    pub id: u32,
    /// The schema with its references resolved.
    pub doc: Arc<SchemaDoc>,
}

/// An async registry client with caches of schemas and compiled validators by id.
///
/// ```no_run
/// # async fn run() -> Result<(), accord_schemas::client::Error> {
/// use accord_schemas::client::RegistryClient;
///
/// let client = RegistryClient::new("http://127.0.0.1:8081")?;
/// let id = client.register("orders-value", r#"{"type":"object"}"#).await?;
/// let validator = client.validator(id).await?; // fetched and compiled once, then cached
/// assert!(validator.is_valid(&serde_json::json!({})));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct RegistryClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    schemas: RwLock<HashMap<u32, Arc<SchemaDoc>>>,
    versions: RwLock<HashMap<(String, i32), Arc<SchemaDoc>>>,
    validators: RwLock<HashMap<u32, Arc<Validator>>>,
}

impl std::fmt::Debug for RegistryClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistryClient")
            .field("base", &self.inner.base.as_str())
            .finish_non_exhaustive()
    }
}

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

impl RegistryClient {
    /// A client of the registry at `base_url` (e.g. `http://127.0.0.1:8081`, optionally with a
    /// path prefix), with the default [`ClientOptions`].
    ///
    /// ```
    /// use accord_schemas::client::RegistryClient;
    /// assert!(RegistryClient::new("http://127.0.0.1:8081").is_ok());
    /// assert!(RegistryClient::new("not a url").is_err());
    /// ```
    pub fn new(base_url: &str) -> Result<RegistryClient, Error> {
        RegistryClient::with_options(base_url, &ClientOptions::default())
    }

    /// A client of the registry at `base_url` with these timeouts, token and user agent.
    pub fn with_options(base_url: &str, options: &ClientOptions) -> Result<RegistryClient, Error> {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(token) = options.token.as_deref() {
            let mut value = reqwest::header::HeaderValue::from_str(&format!("Bearer {token}"))
                .map_err(|_| Error::InvalidToken)?;
            value.set_sensitive(true);
            headers.insert(reqwest::header::AUTHORIZATION, value);
        }
        let mut builder = reqwest::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .default_headers(headers);
        if let Some(agent) = &options.user_agent {
            builder = builder.user_agent(agent.clone());
        }
        let http = builder.build().map_err(|e| Error::InvalidUrl {
            url: base_url.to_string(),
            message: e.to_string(),
        })?;
        RegistryClient::with_http_client(base_url, http)
    }

    /// A client using a configured `reqwest::Client` (timeouts, TLS, default headers for
    /// authentication).
    pub fn with_http_client(
        base_url: &str,
        http: reqwest::Client,
    ) -> Result<RegistryClient, Error> {
        let invalid = |message: String| Error::InvalidUrl {
            url: base_url.to_string(),
            message,
        };
        let base = Url::parse(base_url).map_err(|e| invalid(e.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https".to_string()));
        }
        if base.cannot_be_a_base() {
            return Err(invalid("not a base URL".to_string()));
        }
        Ok(RegistryClient {
            inner: Arc::new(Inner {
                http,
                base,
                schemas: RwLock::default(),
                versions: RwLock::default(),
                validators: RwLock::default(),
            }),
        })
    }

    /// The registry's base URL.
    pub fn base_url(&self) -> &str {
        self.inner.base.as_str()
    }

    /// The schema with id `id` (`GET /schemas/ids/{id}`), its references resolved through
    /// `GET /subjects/{subject}/versions/{version}`, recursively. Cached by id.
    pub async fn get_schema_by_id(&self, id: u32) -> Result<Arc<SchemaDoc>, Error> {
        if let Some(doc) = read(&self.inner.schemas).get(&id) {
            return Ok(doc.clone());
        }
        let url = self.url(&["schemas", "ids", &id.to_string()]);
        let schema: Schema = match self.send(Method::GET, url, None::<&()>).await {
            Err(Error::Registry {
                status: 404,
                error_code: code,
                ..
            // An id above the registry's integer range is answered as the framework's plain 404
            // (code 404), as Confluent's server does: no schema has it either.
            }) if code == error_code::SCHEMA_NOT_FOUND || code == 404 || code == -1 => {
                return Err(Error::SchemaNotFound { id });
            }
            other => other?,
        };
        let doc = Arc::new(
            self.resolve(format!("schema {id}"), schema, Vec::new())
                .await?,
        );
        write(&self.inner.schemas).insert(id, doc.clone());
        Ok(doc)
    }

    /// The compiled validator of schema `id`: fetched and compiled on first use, then cached.
    pub async fn validator(&self, id: u32) -> Result<Arc<Validator>, Error> {
        if let Some(v) = read(&self.inner.validators).get(&id) {
            return Ok(v.clone());
        }
        let doc = self.get_schema_by_id(id).await?;
        let validator =
            Arc::new(Validator::compile(&doc).map_err(|source| Error::Compile { id, source })?);
        // Another task may have compiled it meanwhile; keep the first so all share one.
        Ok(write(&self.inner.validators)
            .entry(id)
            .or_insert(validator)
            .clone())
    }

    /// Register a JSON schema under `subject` (`POST /subjects/{subject}/versions`); its id.
    /// Registering a schema the subject already has returns the existing id.
    pub async fn register(&self, subject: &str, schema: &str) -> Result<u32, Error> {
        let request = RegisterSchemaRequest {
            schema: Some(schema.to_string()),
            schema_type: Some(SchemaType::Json.as_str().to_string()),
            ..RegisterSchemaRequest::default()
        };
        let response = self.register_request(subject, &request).await?;
        to_id(response.id, &format!("registration under {subject:?}"))
    }

    /// Register with a full request (references, metadata, rules) and return the registry's
    /// full answer.
    pub async fn register_request(
        &self,
        subject: &str,
        request: &RegisterSchemaRequest,
    ) -> Result<RegisterSchemaResponse, Error> {
        let url = self.url(&["subjects", subject, "versions"]);
        self.send(Method::POST, url, Some(request)).await
    }

    /// The latest version of `subject` (`GET /subjects/{subject}/versions/latest`). Not cached:
    /// a new version may be registered at any time.
    pub async fn latest(&self, subject: &str) -> Result<SubjectSchema, Error> {
        self.subject_version(subject, "latest").await
    }

    /// Version `version` of `subject`.
    pub async fn version(&self, subject: &str, version: i32) -> Result<SubjectSchema, Error> {
        self.subject_version(subject, &version.to_string()).await
    }

    async fn subject_version(&self, subject: &str, version: &str) -> Result<SubjectSchema, Error> {
        let what = format!("subject {subject:?} version {version}");
        let url = self.url(&["subjects", subject, "versions", version]);
        let schema: Schema = self.send(Method::GET, url, None::<&()>).await?;
        let id = to_id(schema.id.ok_or_else(|| unexpected(&what, "no id"))?, &what)?;
        let version = schema
            .version
            .ok_or_else(|| unexpected(&what, "no version"))?;
        let cached = read(&self.inner.schemas).get(&id).cloned();
        let doc = match cached {
            Some(doc) => doc,
            None => {
                let doc = Arc::new(self.resolve(what, schema, Vec::new()).await?);
                write(&self.inner.schemas).insert(id, doc.clone());
                doc
            }
        };
        Ok(SubjectSchema {
            subject: subject.to_string(),
            version,
            id,
            doc,
        })
    }

    /// Parse `schema` and attach its references, fetched by subject version. `chain` holds the
    /// subject versions being resolved above this one, to refuse cycles.
    fn resolve(
        &self,
        what: String,
        schema: Schema,
        chain: Vec<(String, i32)>,
    ) -> BoxFuture<'_, Result<SchemaDoc, Error>> {
        Box::pin(async move {
            check_json_type(&what, schema.schema_type.as_deref())?;
            let text = schema
                .schema
                .ok_or_else(|| unexpected(&what, "no schema text"))?;
            let mut doc = SchemaDoc::parse(&text).map_err(|source| Error::Schema {
                what: what.clone(),
                source,
            })?;
            for reference in schema.references {
                let key = (reference.subject.clone(), reference.version);
                let doc_ref = self.referenced(key, &chain).await?;
                doc = doc.with_reference(reference.name, (*doc_ref).clone());
            }
            Ok(doc)
        })
    }

    /// The schema registered as `subject` version `version`, with its own references; cached.
    async fn referenced(
        &self,
        key: (String, i32),
        chain: &[(String, i32)],
    ) -> Result<Arc<SchemaDoc>, Error> {
        if let Some(doc) = read(&self.inner.versions).get(&key) {
            return Ok(doc.clone());
        }
        let what = format!("{}/{}", key.0, key.1);
        if chain.contains(&key) {
            let mut names: Vec<String> = chain.iter().map(|(s, v)| format!("{s}/{v}")).collect();
            names.push(what);
            return Err(Error::ReferenceCycle {
                chain: names.join(" -> "),
            });
        }
        if chain.len() >= MAX_REFERENCE_DEPTH {
            return Err(Error::ReferencesTooDeep { what });
        }
        let mut url = self.url(&["subjects", &key.0, "versions", &key.1.to_string()]);
        // Soft-deleted versions stay readable so old data remains decodable.
        url.query_pairs_mut().append_pair("deleted", "true");
        let schema: Schema = self.send(Method::GET, url, None::<&()>).await?;
        let mut below = chain.to_vec();
        below.push(key.clone());
        let doc = Arc::new(
            self.resolve(format!("reference {what}"), schema, below)
                .await?,
        );
        write(&self.inner.versions).insert(key, doc.clone());
        Ok(doc)
    }

    /// The URL of `segments` under the base URL, each segment percent-encoded.
    pub(super) fn url(&self, segments: &[&str]) -> Url {
        endpoint(&self.inner.base, segments)
    }

    /// [`RegistryClient::url`] with a query string.
    pub(super) fn url_with(&self, segments: &[&str], query: &[(&str, &str)]) -> Url {
        let mut url = self.url(segments);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    pub(super) async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<&B>,
    ) -> Result<T, Error> {
        let url_text = url.to_string();
        let http_error = |source| Error::Http {
            method: method.clone(),
            url: url_text.clone(),
            source,
        };
        let mut request = self
            .inner
            .http
            .request(method.clone(), url)
            .header(ACCEPT, format!("{MEDIA_TYPE}, application/json"));
        if let Some(body) = body {
            let bytes = serde_json::to_vec(body).map_err(Error::Encode)?;
            request = request.header(CONTENT_TYPE, MEDIA_TYPE).body(bytes);
        }
        let response = request.send().await.map_err(http_error)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(http_error)?;
        if !status.is_success() {
            return Err(registry_error(method, url_text, status.as_u16(), &bytes));
        }
        serde_json::from_slice(&bytes).map_err(|e| Error::UnexpectedAnswer {
            what: format!("{method} {url_text}"),
            message: e.to_string(),
        })
    }
}

pub(super) fn endpoint(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    url.set_query(None);
    url.set_fragment(None);
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

pub(super) fn check_json_type(what: &str, schema_type: Option<&str>) -> Result<(), Error> {
    // Confluent reads an absent schemaType as AVRO.
    let schema_type = schema_type.unwrap_or("AVRO");
    if SchemaType::parse(schema_type) == Some(SchemaType::Json) {
        Ok(())
    } else {
        Err(Error::UnsupportedSchemaType {
            what: what.to_string(),
            schema_type: schema_type.to_string(),
        })
    }
}

pub(super) fn to_id(id: i64, what: &str) -> Result<u32, Error> {
    u32::try_from(id).map_err(|_| unexpected(what, &format!("schema id {id} is not a 32-bit id")))
}

fn unexpected(what: &str, message: &str) -> Error {
    Error::UnexpectedAnswer {
        what: what.to_string(),
        message: message.to_string(),
    }
}

/// Caches hold plain data; a panic while holding a lock leaves them consistent.
fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|e| e.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|e| e.into_inner())
}
