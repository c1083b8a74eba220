//! Media types, as Confluent's server handles them: the request types we read as JSON, and the
//! response type chosen from `Accept` (406 when none of ours is acceptable).

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The preferred response type, and the one used for `*/*`.
pub const DEFAULT_TYPE: &str = accord_schemas::api::MEDIA_TYPE;

/// What we produce, with the server-side quality of each.
const PRODUCED: [(&str, f32); 3] = [
    (DEFAULT_TYPE, 1.0),
    ("application/vnd.schemaregistry+json", 0.9),
    ("application/json", 0.5),
];

/// The response types [`negotiate`] chooses among, preferred first.
pub fn produced_types() -> impl Iterator<Item = &'static str> {
    PRODUCED.iter().map(|(t, _)| *t)
}

/// Whether a request body of this `Content-Type` is read as JSON.
pub fn is_json_request_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "application/vnd.schemaregistry.v1+json"
            | "application/vnd.schemaregistry+json"
            | "application/json"
            | "application/octet-stream"
    )
}

/// The response type for an `Accept` header, or `None` when nothing we produce is acceptable.
pub fn choose(accept: Option<&str>) -> Option<&'static str> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(DEFAULT_TYPE);
    };
    if accept == "*/*" || accept == DEFAULT_TYPE {
        return Some(DEFAULT_TYPE);
    }
    let mut ranges: Vec<(String, f32)> = Vec::new();
    for part in accept.split(',') {
        let mut pieces = part.split(';');
        let range = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        if range.is_empty() {
            continue;
        }
        let mut q = 1.0f32;
        for p in pieces {
            if let Some(v) = p.trim().strip_prefix("q=") {
                q = v.trim().parse().unwrap_or(0.0);
            }
        }
        ranges.push((range, q));
    }
    let mut best: Option<(&'static str, f32)> = None;
    for (produced, qs) in PRODUCED {
        // The most specific matching range decides the client's quality for this type.
        let mut matched: Option<(u8, f32)> = None;
        for (range, q) in &ranges {
            let specificity = if range == produced {
                3
            } else if range == "application/*" {
                2
            } else if range == "*/*" || range == "*" {
                1
            } else {
                continue;
            };
            if matched.is_none_or(|(s, _)| specificity > s) {
                matched = Some((specificity, *q));
            }
        }
        if let Some((_, q)) = matched {
            let score = q * qs;
            if score > 0.0 && best.is_none_or(|(_, b)| score > b) {
                best = Some((produced, score));
            }
        }
    }
    best.map(|(t, _)| t)
}

/// Middleware: refuse with 406 when `Accept` names nothing we produce; label JSON answers with
/// the negotiated type.
pub async fn negotiate(request: Request, next: Next) -> Response {
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok());
    let Some(chosen) = choose(accept) else {
        return ApiError::http(StatusCode::NOT_ACCEPTABLE).into_response();
    };
    let mut response = next.run(request).await;
    if chosen != DEFAULT_TYPE {
        let ours = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v == DEFAULT_TYPE);
        if ours {
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(chosen));
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_negotiation_prefers_the_versioned_type() {
        assert_eq!(choose(None), Some(DEFAULT_TYPE));
        assert_eq!(choose(Some("*/*")), Some(DEFAULT_TYPE));
        assert_eq!(choose(Some("application/json")), Some("application/json"));
        assert_eq!(
            choose(Some(
                "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, \
                 application/json"
            )),
            Some(DEFAULT_TYPE)
        );
        assert_eq!(
            choose(Some("application/vnd.schemaregistry+json")),
            Some("application/vnd.schemaregistry+json")
        );
        assert_eq!(choose(Some("text/html")), None);
        assert_eq!(
            choose(Some("application/json, */*;q=0")),
            Some("application/json")
        );
    }

    #[test]
    fn request_types_read_as_json() {
        assert!(is_json_request_type("application/octet-stream"));
        assert!(is_json_request_type("application/json; charset=utf-8"));
        assert!(is_json_request_type(
            "Application/Vnd.SchemaRegistry.v1+JSON"
        ));
        assert!(!is_json_request_type("text/plain"));
        assert!(!is_json_request_type("application/x-www-form-urlencoded"));
    }
}
