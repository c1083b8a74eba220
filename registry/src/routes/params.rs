//! What the handlers share: the tags operations are grouped under, the [`Segments`] extractor
//! of path parameters, and the path and query parameters several operations document (with the
//! patterns the server enforces, so the OpenAPI document states them).

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use utoipa::IntoParams;

use crate::domain::names::normalize_subject;
use crate::error::{ApiError, ApiResult};
use crate::extract::Params;

/// The tags operations are grouped under.
pub mod tags {
    /// Schemas by id and GUID.
    pub const SCHEMAS: &str = "Schemas";
    /// Subjects and their versions.
    pub const SUBJECTS: &str = "Subjects";
    /// Compatibility checks.
    pub const COMPATIBILITY: &str = "Compatibility";
    /// Configuration.
    pub const CONFIG: &str = "Config";
    /// Modes.
    pub const MODE: &str = "Mode";
    /// Contexts and server metadata.
    pub const SERVER: &str = "Server";
    /// Accord's payload validation.
    pub const VALIDATION: &str = "Validation";
    /// Accord's consumer contracts, deployments and can-i-deploy.
    pub const CONTRACTS: &str = "Consumer contracts";
    /// Health, metrics and the OpenAPI document.
    pub const OPERATIONS: &str = "Operations";

    /// The tags of the Confluent surface, whose routes negotiate the response type from
    /// `Accept` ([`crate::media::choose`], applied by the edge).
    pub const CONFLUENT: [&str; 6] = [SUBJECTS, SCHEMAS, COMPATIBILITY, CONFIG, MODE, SERVER];
}

/// The path parameters, percent-decoded (so `%2F` in a subject is part of it), in order.
/// They are the router's own (shared, not copied into new strings).
#[derive(Debug)]
pub struct Segments(RawPathParams);

impl<S: Send + Sync> FromRequestParts<S> for Segments {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::http(StatusCode::NOT_FOUND))?;
        Ok(Segments(params))
    }
}

impl Segments {
    /// The first parameter as a subject (default context qualifier dropped).
    pub fn subject(&self) -> String {
        normalize_subject(self.at(0))
    }

    /// The parameter at `i`.
    pub fn at(&self, i: usize) -> &str {
        self.0.iter().nth(i).map_or("", |(_, value)| value)
    }
}

/// The query parameter `name`, which the operation requires (42223 without it).
pub fn required<'a>(params: &'a Params, name: &str) -> ApiResult<&'a str> {
    params
        .get(name)
        .ok_or_else(|| ApiError::missing_parameter(name))
}

/// A 200 answer of `body` as `content_type` (for answers that are not JSON entities: schema
/// texts, metrics, the OpenAPI document).
pub fn typed(content_type: &'static str, body: String) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// `{subject}`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SubjectPath {
    /// The subject; `:.ctx:name` names it in context `.ctx`. Percent-encode a `/` in it.
    /// 1 to 255 characters without control characters.
    #[param(min_length = 1, max_length = 255)]
    pub subject: String,
}

/// `{subject}` and `{version}`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SubjectVersionPath {
    /// The subject; `:.ctx:name` names it in context `.ctx`. Percent-encode a `/` in it.
    #[param(min_length = 1, max_length = 255)]
    pub subject: String,
    /// A version number from 1 to 2^31-1, or `latest` (any case; also `-1`).
    pub version: String,
}

/// `{app}` and `{app_version}` (named apart from a schema `{version}`, which is a number).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct AppVersionPath {
    /// The application: 1 to 255 bytes without control characters.
    #[param(min_length = 1, max_length = 255)]
    pub app: String,
    /// The application's version (a git SHA or a semantic version): 1 to 255 bytes without
    /// control characters.
    #[param(min_length = 1, max_length = 255)]
    pub app_version: String,
}

/// `{app}`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct AppPath {
    /// The application.
    #[param(min_length = 1, max_length = 255)]
    pub app: String,
}

/// `{environment}`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct EnvironmentPath {
    /// The environment: `^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`.
    #[param(pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    pub environment: String,
}

/// `{context}`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ContextPath {
    /// The context: `.` (the default context) or `.` and a name, e.g. `.ctx`.
    pub context: String,
}

/// `{id}`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct IdPath {
    /// The global schema id.
    pub id: i64,
}

/// `{guid}`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct GuidPath {
    /// The schema's GUID (its identity rendered as a UUID).
    pub guid: String,
}

/// `?deleted=`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeletedQuery {
    /// Include soft-deleted versions. `true` or `false` in any case; any other value is
    /// refused (422).
    pub deleted: Option<bool>,
}

/// `?deleted=&subject=` of the listings of a schema's uses.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsesQuery {
    /// Include soft-deleted versions. `true` or `false` in any case; any other value is
    /// refused (422).
    pub deleted: Option<bool>,
    /// Only this subject
    pub subject: Option<String>,
}

/// `?permanent=`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PermanentQuery {
    /// Delete for good what was soft-deleted before. `true` or `false` in any case; any other
    /// value (`1` included) is refused (422) rather than read as a soft delete.
    pub permanent: Option<bool>,
}

/// `?normalize=&verbose=` of the compatibility checks.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompatibilityQuery {
    /// Normalize the schema before checking.
    pub normalize: Option<bool>,
    /// Answer the reasons in `messages`.
    pub verbose: Option<bool>,
}

/// `?defaultToGlobal=`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct DefaultToGlobalQuery {
    /// Answer the effective setting (the global one when the subject has none) instead of 404.
    pub default_to_global: Option<bool>,
}

/// `?force=` of `PUT /mode`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForceQuery {
    /// Switch to IMPORT even though subjects exist.
    pub force: Option<bool>,
}

/// `?offset=&limit=` of the listings.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// How many entries to skip.
    #[param(minimum = 0, maximum = 2147483647)]
    pub offset: Option<i32>,
    /// At most this many entries (zero or negative: all).
    #[param(minimum = -2147483648, maximum = 2147483647)]
    pub limit: Option<i32>,
}

/// A paged `GET` listing of one resource (`?offset=&limit=`, [`PageQuery`]): the handler reads
/// the path and query, asks the domain for the whole list and answers the page of it, of at most
/// `most` entries. Each call states its operation (path, id, tag, parameters, the 200 answer and
/// the refusals) and the domain call, over `state`, `segments` and `params` it names.
macro_rules! paged_listing {
    (
        $(#[doc = $doc:tt])*
        fn $name:ident, path = $path:tt, operation_id = $id:tt, tag = $tag:expr,
        params($($param:tt)*),
        answer = $answer:tt, body = Vec<$item:ty>, refusals($($refusal:tt)*),
        most = $most:expr,
        list = |$state:ident, $segments:ident, $params:ident| $list:expr $(,)?
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(get, path = $path, operation_id = $id, tag = $tag, params($($param)*), responses(
            (status = 200, description = $answer, body = Vec<$item>), $($refusal)*
        ))]
        pub async fn $name(
            axum::extract::State($state): axum::extract::State<$crate::state::AppState>,
            $segments: $crate::routes::params::Segments,
            $params: $crate::extract::Params,
        ) -> $crate::error::ApiResult<$crate::extract::Json<Vec<$item>>> {
            let all = $list.await?;
            Ok($crate::extract::Json($params.page(all, $most)))
        }
    };
}

pub(crate) use paged_listing;
