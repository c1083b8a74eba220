//! Extractors whose rejections are [`ApiError`]s, so every failure has Confluent's body.
//!
//! Request bodies: read whatever charset they are written in (see [`crate::media::utf8_body`]);
//! a whole number written `1.0` (or `1e2`) where an integer is expected is read as that integer,
//! as Jackson does for Confluent's server, while `1.5` there is refused with a message naming it.
//!
//! Query parameters: the boolean ones ([`BOOLEAN_PARAMS`]) are `true` or `false` in any case (the
//! Python client sends `True`/`False`); any other value is refused with 422 naming the parameter,
//! rather than read as `false` (`?permanent=1` must not quietly do a soft delete). `offset` and
//! `limit` are whole numbers in Java's `int` range, `offset` not negative; anything else is
//! refused with 422 too, rather than replaced by a default. `limit` zero or negative means no
//! limit, as in Confluent's server. The check runs when the query is extracted, for every route.
//!
//! Parameter-name variants: the Python client sends `deleted_only` (for `deletedOnly`),
//! `subject` (for `subjectPrefix` on `GET /subjects`) and `reference_format` (for
//! `referenceFormat`). Confluent Schema Registry ignores these names; Accord accepts both
//! spellings, the camelCase one winning when both are present, so Python users get the filter
//! they asked for. This is a conscious deviation from the reference behaviour.

use std::borrow::Cow;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::ApiError;
use crate::media::{is_json_request_type, utf8_body, DEFAULT_TYPE};

/// A JSON body read leniently as to media type and charset, strictly as to syntax.
#[derive(Debug, Clone)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|ct| ct.to_str().unwrap_or("").to_owned());
        if let Some(ct) = &content_type {
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
        let text = utf8_body(content_type.as_deref(), &bytes)?;
        if text.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                422,
                "The request body is required",
            ));
        }
        // Every entity of the API is a JSON object; serde would read `[]` as an empty struct.
        let value: serde_json::Value = serde_json::from_slice(&text).map_err(ApiError::bad_json)?;
        if !value.is_object() {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                400,
                "Invalid JSON: the request body must be a JSON object",
            ));
        }
        from_json_text(text).map(Json)
    }
}

/// Deserialize `text`, reading a whole number written as a decimal (`1.0`, `1e2`) where an
/// integer is expected as that integer. Only the number that failed is rewritten, so numbers
/// kept as written (inside a JSON value) stay as written.
fn from_json_text<T: DeserializeOwned>(mut text: Cow<'_, [u8]>) -> Result<T, ApiError> {
    // Each pass rewrites one number; a body has only so many integer fields.
    for _ in 0..64 {
        let e = match serde_json::from_slice(&text) {
            Ok(v) => return Ok(v),
            Err(e) => e,
        };
        if !e.to_string().starts_with("invalid type: floating point") {
            return Err(ApiError::bad_json(e));
        }
        let Some((range, number)) = number_at(&text, e.line(), e.column()) else {
            return Err(ApiError::bad_json(e));
        };
        let whole = number
            .parse::<f64>()
            .ok()
            .filter(|n| n.fract() == 0.0 && n.abs() < 2f64.powi(63));
        let Some(whole) = whole else {
            return Err(ApiError::bad_json(format!(
                "{number} is not a whole number, where an integer is expected \
                 (line {}, column {})",
                e.line(),
                e.column()
            )));
        };
        let mut rewritten = text.into_owned();
        rewritten.splice(range, (whole as i64).to_string().into_bytes());
        text = Cow::Owned(rewritten);
    }
    Err(ApiError::bad_json("too many decimal numbers"))
}

/// The number token at or just before serde_json's (1-based) error position.
fn number_at(text: &[u8], line: usize, column: usize) -> Option<(std::ops::Range<usize>, String)> {
    let is_number = |b: &u8| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-');
    let line_start = if line <= 1 {
        0
    } else {
        text.iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)?
            .0
            + 1
    };
    let mut at = (line_start + column.saturating_sub(1)).min(text.len().checked_sub(1)?);
    if !is_number(&text[at]) && at > 0 {
        at -= 1;
    }
    if !is_number(&text[at]) {
        return None;
    }
    let start = text[..at]
        .iter()
        .rposition(|b| !is_number(b))
        .map_or(0, |i| i + 1);
    let end = text[at..]
        .iter()
        .position(|b| !is_number(b))
        .map_or(text.len(), |i| at + i);
    let number = std::str::from_utf8(&text[start..end]).ok()?.to_owned();
    Some((start..end, number))
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match json_bytes(&self.0) {
            Ok(body) => json_response(body),
            Err(e) => e.into_response(),
        }
    }
}

/// `value` rendered as a JSON answer body, to be sent now or kept and sent many times.
pub fn json_bytes<T: Serialize>(value: &T) -> Result<Bytes, ApiError> {
    serde_json::to_vec(value)
        .map(Bytes::from)
        .map_err(ApiError::internal)
}

/// A JSON answer of bytes already rendered (a clone of kept bytes shares them, no copy).
pub fn json_response(body: Bytes) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(DEFAULT_TYPE))],
        body,
    )
        .into_response()
}

/// The query parameters read as booleans, wherever they appear.
pub const BOOLEAN_PARAMS: [&str; 12] = [
    "defaultToGlobal",
    "deleted",
    "deletedAsNegative",
    "deletedOnly",
    "deleted_only",
    "fetchMaxId",
    "force",
    "latestOnly",
    "lookupDeletedSchema",
    "normalize",
    "permanent",
    "verbose",
];

/// The integer query parameters, with the least value each accepts (the most is `i32::MAX`).
const INTEGER_PARAMS: [(&str, i64); 2] = [("offset", 0), ("limit", i32::MIN as i64)];

/// The query string as name/value pairs, in order.
#[derive(Debug, Clone, Default)]
pub struct Params(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        if parts.uri.query().is_none_or(str::is_empty) {
            return Ok(Params::default());
        }
        let axum::extract::Query(pairs) =
            axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
                .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, 400, e.body_text()))?;
        let params = Params(pairs);
        params.check()?;
        Ok(params)
    }
}

impl Params {
    /// Refuse a boolean or integer parameter whose value is not one (see the module docs).
    pub fn check(&self) -> Result<(), ApiError> {
        for (name, value) in &self.0 {
            if BOOLEAN_PARAMS.contains(&name.as_str()) && parse_bool(value).is_none() {
                return Err(invalid_param(name, value, "true or false"));
            }
            if let Some((_, least)) = INTEGER_PARAMS.iter().find(|(n, _)| n == name) {
                let fits = value
                    .trim()
                    .parse::<i64>()
                    .is_ok_and(|n| (*least..=i64::from(i32::MAX)).contains(&n));
                if !fits {
                    let range = format!("a whole number from {least} to {}", i32::MAX);
                    return Err(invalid_param(name, value, &range));
                }
            }
        }
        Ok(())
    }

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

    /// A boolean from the first of `names` present; `false` when absent (values were checked
    /// when the query was extracted).
    pub fn flag(&self, names: &[&str]) -> bool {
        self.get_any(names).and_then(parse_bool).unwrap_or(false)
    }

    /// An integer, or `default` when absent or not a number.
    pub fn int(&self, name: &str, default: i64) -> i64 {
        self.get(name)
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(default)
    }

    /// `offset`/`limit` pagination applied to `items`: a `limit` that is not positive, or above
    /// `max`, means `max`.
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

/// `true`/`false` in any case, around spaces.
fn parse_bool(value: &str) -> Option<bool> {
    let value = value.trim();
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

fn invalid_param(name: &str, value: &str, expected: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        422,
        format!("Invalid value '{value}' of query parameter '{name}': expected {expected}"),
    )
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
    fn booleans_and_page_numbers_that_are_neither_are_refused_naming_the_parameter() {
        for ok in [
            &[("permanent", " TRUE "), ("verbose", "false")][..],
            &[("offset", "0"), ("limit", "-1")],
            &[("limit", "2147483647"), ("other", "yes")],
        ] {
            assert!(p(ok).check().is_ok(), "{ok:?}");
        }
        for (name, value) in [
            ("permanent", "1"),
            ("deleted", "yes"),
            ("normalize", ""),
            ("lookupDeletedSchema", "t"),
            ("offset", "-1"),
            ("offset", "x"),
            ("limit", "1.5"),
            ("limit", "2147483648"),
        ] {
            let e = p(&[(name, value)]).check().unwrap_err();
            assert_eq!((e.status.as_u16(), e.code), (422, 422), "{name}={value}");
            assert!(e.message.contains(&format!("'{name}'")), "{}", e.message);
        }
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Body {
        version: Option<i32>,
        id: i64,
        doc: serde_json::Value,
    }

    fn body(text: &str) -> Result<Body, ApiError> {
        from_json_text(Cow::Borrowed(text.as_bytes()))
    }

    #[test]
    fn whole_decimals_are_read_as_integers_only_where_integers_are_expected() {
        let b = body("{\"version\": 1.0,\n \"id\": 3e2, \"doc\": {\"minimum\": 2.0}}").unwrap();
        assert_eq!(
            b,
            Body {
                version: Some(1),
                id: 300,
                doc: serde_json::json!({"minimum": 2.0}),
            }
        );
        assert_eq!(b.doc.to_string(), r#"{"minimum":2.0}"#);
        assert_eq!(body(r#"{"id": -7.000, "doc": null}"#).unwrap().id, -7);
        let e = body(r#"{"version": 1.5, "id": 1, "doc": 1}"#).unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert!(
            e.message.contains("1.5 is not a whole number"),
            "{}",
            e.message
        );
        let e = body(r#"{"version": 1e300, "id": 1, "doc": 1}"#).unwrap_err();
        assert!(e.message.contains("1e300"), "{}", e.message);
        let e = body(r#"{"version": "1", "id": 1, "doc": 1}"#).unwrap_err();
        assert!(e.message.contains("invalid type: string"), "{}", e.message);
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
