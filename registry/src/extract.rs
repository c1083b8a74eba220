//! Extractors whose rejections are [`ApiError`]s, so every failure has Confluent's body.
//!
//! Query parameters are read as Confluent's server reads them: booleans are `true` iff the value
//! equals `true` case-insensitively (the Python client sends `True`/`False`), anything else is
//! `false`; integers that do not parse fall back to their default.
//!
//! Parameter-name variants: the Python client sends `deleted_only` (for `deletedOnly`),
//! `subject` (for `subjectPrefix` on `GET /subjects`) and `reference_format` (for
//! `referenceFormat`). Confluent Schema Registry ignores these names; Accord accepts both
//! spellings, the camelCase one winning when both are present, so Python users get the filter
//! they asked for. This is a conscious deviation from the reference behaviour.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::ApiError;
use crate::media::{is_json_request_type, DEFAULT_TYPE};

/// A JSON body read leniently as to media type (any JSON type Confluent accepts, see
/// [`crate::media`]) and strictly as to syntax.
#[derive(Debug, Clone)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(ct) = req.headers().get(header::CONTENT_TYPE) {
            let ct = ct.to_str().unwrap_or("");
            if !is_json_request_type(ct) {
                return Err(ApiError::http(StatusCode::UNSUPPORTED_MEDIA_TYPE));
            }
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::http(StatusCode::PAYLOAD_TOO_LARGE)
            } else {
                ApiError::new(StatusCode::BAD_REQUEST, 400, e.body_text())
            }
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                422,
                "The request body is required",
            ));
        }
        // Every entity of the API is a JSON object; serde would read `[]` as an empty struct.
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(ApiError::bad_json)?;
        if !value.is_object() {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                400,
                "Invalid JSON: the request body must be a JSON object",
            ));
        }
        serde_json::from_value(value)
            .map(Json)
            .map_err(ApiError::bad_json)
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => ([(header::CONTENT_TYPE, DEFAULT_TYPE)], body).into_response(),
            Err(e) => ApiError::internal(e).into_response(),
        }
    }
}

/// The query string as name/value pairs, in order.
#[derive(Debug, Clone, Default)]
pub struct Params(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Query(pairs) =
            axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
                .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, 400, e.body_text()))?;
        Ok(Params(pairs))
    }
}

impl Params {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of the first of `names` present.
    pub fn get_any(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|n| self.get(n))
    }

    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A boolean (`true` in any case, else false), from the first of `names` present.
    pub fn flag(&self, names: &[&str]) -> bool {
        self.get_any(names)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    /// An integer, or `default` when absent or not a number.
    pub fn int(&self, name: &str, default: i64) -> i64 {
        self.get(name)
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(default)
    }

    /// `offset`/`limit` pagination applied to `items`: skip `offset`, then at most `limit` when it
    /// is within `1..=max`, else `max`.
    pub fn page<T>(&self, items: Vec<T>, max: i64) -> Vec<T> {
        let offset = self.int("offset", 0).max(0) as usize;
        let limit = self.int("limit", -1);
        let limit = if limit > 0 && limit <= max {
            limit
        } else {
            max
        };
        items
            .into_iter()
            .skip(offset)
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Params {
        Params(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn booleans_are_true_only_for_true_in_any_case() {
        for (v, want) in [
            ("true", true),
            ("True", true),
            ("TRUE", true),
            ("False", false),
            ("yes", false),
            ("", false),
            ("1", false),
        ] {
            assert_eq!(p(&[("deleted", v)]).flag(&["deleted"]), want, "{v:?}");
        }
        assert!(!p(&[]).flag(&["deleted"]));
        assert!(p(&[("deleted_only", "True")]).flag(&["deletedOnly", "deleted_only"]));
    }

    #[test]
    fn pagination_honours_limit_only_within_the_maximum() {
        let items: Vec<i32> = (0..10).collect();
        assert_eq!(p(&[]).page(items.clone(), 1000), items);
        assert_eq!(
            p(&[("offset", "2"), ("limit", "3")]).page(items.clone(), 1000),
            vec![2, 3, 4]
        );
        assert_eq!(p(&[("limit", "0")]).page(items.clone(), 1000), items);
        assert_eq!(
            p(&[("limit", "5")]).page(items.clone(), 4),
            vec![0, 1, 2, 3]
        );
        assert_eq!(p(&[("offset", "20")]).page(items, 1000), Vec::<i32>::new());
    }
}
