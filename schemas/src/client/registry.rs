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
use crate::avro::AvroSchema;
use crate::format::Model;
use crate::json::SchemaDoc;
use crate::limits::Limits;
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

/// An Avro schema registered under a subject.
#[derive(Debug, Clone)]
pub struct AvroSubjectSchema {
    /// The subject.
    pub subject: String,
    /// The version within the subject.
    pub version: i32,
    /// The schema id.
    pub id: u32,
    /// The schema with its references resolved.
    pub schema: Arc<AvroSchema>,
}

/// A schema in the caches, its references resolved: JSON Schema or Avro.
#[derive(Debug, Clone)]
enum Cached {
    Json(Arc<SchemaDoc>),
    Avro(Arc<AvroSchema>),
}

impl Cached {
    fn schema_type(&self) -> SchemaType {
        match self {
            Cached::Json(_) => SchemaType::Json,
            Cached::Avro(_) => SchemaType::Avro,
        }
    }

    /// `self` when it is of type `want`, else the refusal naming `what`.
    fn expect(self, what: String, want: Option<SchemaType>) -> Result<Cached, Error> {
        match want {
            Some(want) if self.schema_type() != want => Err(Error::UnsupportedSchemaType {
                what,
                schema_type: self.schema_type().to_string(),
                expected: want.to_string(),
            }),
            _ => Ok(self),
        }
    }

    /// The schema as the format layer's model.
    fn model(self) -> Model {
        match self {
            Cached::Json(doc) => Model::Json((*doc).clone()),
            Cached::Avro(schema) => Model::Avro(schema),
        }
    }

    // The callers have checked the type with `check_type` or `expect`: the other arm is
    // unreachable in practice, but answered as the refusal it would be.
    fn json(self) -> Result<Arc<SchemaDoc>, Error> {
        match self {
            Cached::Json(doc) => Ok(doc),
            other => Err(other
                .expect("the schema".to_string(), Some(SchemaType::Json))
                .unwrap_err()),
        }
    }

    fn avro(self) -> Result<Arc<AvroSchema>, Error> {
        match self {
            Cached::Avro(schema) => Ok(schema),
            other => Err(other
                .expect("the schema".to_string(), Some(SchemaType::Avro))
                .unwrap_err()),
        }
    }
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
    schemas: RwLock<HashMap<u32, Cached>>,
    versions: RwLock<HashMap<(String, i32), Cached>>,
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
    /// `GET /subjects/{subject}/versions/{version}`, recursively. Cached by id. A schema of
    /// another type than JSON is [`Error::UnsupportedSchemaType`].
    pub async fn get_schema_by_id(&self, id: u32) -> Result<Arc<SchemaDoc>, Error> {
        self.by_id(id, Some(SchemaType::Json)).await?.json()
    }

    /// The Avro schema with id `id`, its references (named types of other subjects) resolved
    /// through the registry, recursively. Cached by id. A schema of another type is
    /// [`Error::UnsupportedSchemaType`].
    pub async fn get_avro_schema_by_id(&self, id: u32) -> Result<Arc<AvroSchema>, Error> {
        self.by_id(id, Some(SchemaType::Avro)).await?.avro()
    }

    /// Schema `id` of whatever type, its references resolved through the registry; cached by
    /// id. For a caller that handles every format through [`Model`].
    pub async fn model_by_id(&self, id: u32) -> Result<Model, Error> {
        Ok(self.by_id(id, None).await?.model())
    }

    /// The version, id and schema (of whatever type) of `subject` at `version` (a number or
    /// `latest`).
    pub async fn model_at(&self, subject: &str, version: &str) -> Result<(i32, u32, Model), Error> {
        let (version, id, cached) = self.subject_version(subject, version, None).await?;
        Ok((version, id, cached.model()))
    }

    /// Schema `id` (of type `want` when one is given), from the cache or fetched and resolved.
    async fn by_id(&self, id: u32, want: Option<SchemaType>) -> Result<Cached, Error> {
        let what = format!("schema {id}");
        let cached = read(&self.inner.schemas).get(&id).cloned();
        if let Some(cached) = cached {
            return cached.expect(what, want);
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
        if let Some(want) = want {
            check_type(&what, schema.schema_type.as_deref(), want)?;
        }
        let cached = self.resolve(what, schema, Vec::new()).await?;
        write(&self.inner.schemas).insert(id, cached.clone());
        Ok(cached)
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
        self.register_typed(subject, schema, SchemaType::Json).await
    }

    /// Register an Avro schema under `subject` (`schemaType` `AVRO`); its id. Registering a
    /// schema the subject already has returns the existing id.
    pub async fn register_avro(&self, subject: &str, schema: &str) -> Result<u32, Error> {
        self.register_typed(subject, schema, SchemaType::Avro).await
    }

    async fn register_typed(
        &self,
        subject: &str,
        schema: &str,
        ty: SchemaType,
    ) -> Result<u32, Error> {
        let request = RegisterSchemaRequest {
            schema: Some(schema.to_string()),
            schema_type: Some(ty.as_str().to_string()),
            ..RegisterSchemaRequest::default()
        };
        let response = self.register_request(subject, &request).await?;
        to_id(response.id, &format!("registration under {subject:?}"))
    }

    /// The id of an Avro schema `subject` already holds (`POST /subjects/{subject}`), without
    /// registering it (Confluent's `auto.register.schemas=false`): a 40403 error when the
    /// subject has no such version.
    pub async fn lookup_avro(&self, subject: &str, schema: &str) -> Result<u32, Error> {
        let request = RegisterSchemaRequest {
            schema: Some(schema.to_string()),
            schema_type: Some(SchemaType::Avro.as_str().to_string()),
            ..RegisterSchemaRequest::default()
        };
        let what = format!("lookup under {subject:?}");
        let found = self.lookup(subject, &request).await?;
        to_id(found.id.ok_or_else(|| unexpected(&what, "no id"))?, &what)
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

    /// The latest version of `subject` (`GET /subjects/{subject}/versions/latest`), a JSON
    /// schema. Not cached: a new version may be registered at any time.
    pub async fn latest(&self, subject: &str) -> Result<SubjectSchema, Error> {
        let (version, id, cached) = self
            .subject_version(subject, "latest", Some(SchemaType::Json))
            .await?;
        Ok(SubjectSchema {
            subject: subject.to_string(),
            version,
            id,
            doc: cached.json()?,
        })
    }

    /// Version `version` of `subject`, a JSON schema.
    pub async fn version(&self, subject: &str, version: i32) -> Result<SubjectSchema, Error> {
        let (version, id, cached) = self
            .subject_version(subject, &version.to_string(), Some(SchemaType::Json))
            .await?;
        Ok(SubjectSchema {
            subject: subject.to_string(),
            version,
            id,
            doc: cached.json()?,
        })
    }

    /// The latest version of `subject`, an Avro schema. Not cached.
    pub async fn latest_avro(&self, subject: &str) -> Result<AvroSubjectSchema, Error> {
        let (version, id, cached) = self
            .subject_version(subject, "latest", Some(SchemaType::Avro))
            .await?;
        Ok(AvroSubjectSchema {
            subject: subject.to_string(),
            version,
            id,
            schema: cached.avro()?,
        })
    }

    /// The version, id and resolved schema of `subject` at `version`, which must be of type
    /// `want` when one is given.
    async fn subject_version(
        &self,
        subject: &str,
        version: &str,
        want: Option<SchemaType>,
    ) -> Result<(i32, u32, Cached), Error> {
        let what = format!("subject {subject:?} version {version}");
        let url = self.url(&["subjects", subject, "versions", version]);
        let schema: Schema = self.send(Method::GET, url, None::<&()>).await?;
        let id = to_id(schema.id.ok_or_else(|| unexpected(&what, "no id"))?, &what)?;
        let version = schema
            .version
            .ok_or_else(|| unexpected(&what, "no version"))?;
        if let Some(want) = want {
            check_type(&what, schema.schema_type.as_deref(), want)?;
        }
        let cached = read(&self.inner.schemas).get(&id).cloned();
        let cached = match cached {
            Some(cached) => cached.expect(what, want)?,
            None => {
                let cached = self.resolve(what, schema, Vec::new()).await?;
                write(&self.inner.schemas).insert(id, cached.clone());
                cached
            }
        };
        Ok((version, id, cached))
    }

    /// Parse `schema` and attach its references, fetched by subject version. `chain` holds the
    /// subject versions being resolved above this one, to refuse cycles. A reference must be
    /// of the same type as the schema referring to it.
    fn resolve(
        &self,
        what: String,
        schema: Schema,
        chain: Vec<(String, i32)>,
    ) -> BoxFuture<'_, Result<Cached, Error>> {
        Box::pin(async move {
            let text = schema
                .schema
                .ok_or_else(|| unexpected(&what, "no schema text"))?;
            match schema_type_of(schema.schema_type.as_deref()) {
                Some(SchemaType::Json) => {
                    let mut doc = SchemaDoc::parse(&text).map_err(|source| Error::Schema {
                        what: what.clone(),
                        source,
                    })?;
                    for reference in schema.references {
                        let key = (reference.subject.clone(), reference.version);
                        let referenced = self.referenced(key, &chain, SchemaType::Json).await?;
                        doc = doc.with_reference(reference.name, (*referenced.json()?).clone());
                    }
                    Ok(Cached::Json(Arc::new(doc)))
                }
                Some(SchemaType::Avro) => {
                    let mut models = Vec::with_capacity(schema.references.len());
                    for reference in &schema.references {
                        let key = (reference.subject.clone(), reference.version);
                        let referenced = self.referenced(key, &chain, SchemaType::Avro).await?;
                        models.push((reference.name.as_str(), Model::Avro(referenced.avro()?)));
                    }
                    let references: Vec<(&str, &Model)> =
                        models.iter().map(|(name, model)| (*name, model)).collect();
                    match Model::parse_text(SchemaType::Avro, &text, &references, &Limits::DEFAULT)
                    {
                        Ok(Model::Avro(parsed)) => Ok(Cached::Avro(parsed)),
                        Ok(Model::Json(_)) => unreachable!("Avro text parses as an Avro model"),
                        Err(source) => Err(Error::Schema { what, source }),
                    }
                }
                _ => Err(Error::UnsupportedSchemaType {
                    what,
                    schema_type: schema.schema_type.unwrap_or_default(),
                    expected: "JSON or AVRO".to_string(),
                }),
            }
        })
    }

    /// The schema registered as `subject` version `version`, with its own references; cached.
    /// It must be of type `want`.
    async fn referenced(
        &self,
        key: (String, i32),
        chain: &[(String, i32)],
        want: SchemaType,
    ) -> Result<Cached, Error> {
        let what = format!("{}/{}", key.0, key.1);
        let cached = read(&self.inner.versions).get(&key).cloned();
        if let Some(cached) = cached {
            return cached.expect(format!("reference {what}"), Some(want));
        }
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
        let what = format!("reference {what}");
        check_type(&what, schema.schema_type.as_deref(), want)?;
        let mut below = chain.to_vec();
        below.push(key.clone());
        let cached = self.resolve(what, schema, below).await?;
        write(&self.inner.versions).insert(key, cached.clone());
        Ok(cached)
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

/// The type a registry answer gives: an absent `schemaType` is AVRO, as in Confluent.
pub(super) fn schema_type_of(schema_type: Option<&str>) -> Option<SchemaType> {
    SchemaType::parse(schema_type.unwrap_or("AVRO"))
}

/// Refuse a schema whose type is not `want`.
pub(super) fn check_type(
    what: &str,
    schema_type: Option<&str>,
    want: SchemaType,
) -> Result<(), Error> {
    if schema_type_of(schema_type) == Some(want) {
        Ok(())
    } else {
        Err(Error::UnsupportedSchemaType {
            what: what.to_string(),
            schema_type: schema_type.unwrap_or("AVRO").to_string(),
            expected: want.to_string(),
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
