//! Media types, as Confluent's server reads and writes them: the request types read as JSON, the
//! charsets a request body may be written in, and the response type chosen from `Accept`.
//!
//! An `Accept` that names nothing we produce still gets the default type, as Confluent answers
//! it (no 406): clients that send a browser's `Accept` keep working.

use std::borrow::Cow;

use axum::http::StatusCode;

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

/// The encodings a request body can be declared in (`charset=`) or detected as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Charset {
    Utf8,
    Latin1,
    /// UTF-16 whose byte order a byte-order mark gives (big-endian without one, as RFC 2781 says).
    Utf16,
    Utf16Be,
    Utf16Le,
    Utf32,
    Utf32Be,
    Utf32Le,
}

impl Charset {
    fn named(name: &str) -> Option<Charset> {
        Some(match name.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" | "us-ascii" | "ascii" => Charset::Utf8,
            "iso-8859-1" | "latin1" | "iso8859-1" => Charset::Latin1,
            "utf-16" | "utf16" => Charset::Utf16,
            "utf-16be" => Charset::Utf16Be,
            "utf-16le" => Charset::Utf16Le,
            "utf-32" | "utf32" => Charset::Utf32,
            "utf-32be" => Charset::Utf32Be,
            "utf-32le" => Charset::Utf32Le,
            _ => return None,
        })
    }

    /// Without a declared charset, JSON's own rule (RFC 4627 section 3, which Jackson follows):
    /// a byte-order mark, or the pattern of zero bytes around the first ASCII character.
    fn detected(body: &[u8]) -> Charset {
        match body {
            [0xFE, 0xFF, ..] => Charset::Utf16,
            [0, 0, 0xFE, 0xFF, ..] | [0, 0, 0, _, ..] => Charset::Utf32Be,
            [0xFF, 0xFE, 0, 0, ..] | [_, 0, 0, 0, ..] => Charset::Utf32Le,
            [0xFF, 0xFE, ..] | [_, 0, _, 0, ..] => Charset::Utf16Le,
            [0, _, 0, _, ..] => Charset::Utf16Be,
            _ => Charset::Utf8,
        }
    }
}

/// The request body as UTF-8 text, decoded from the charset its `Content-Type` declares (or that
/// the body shows, when none is declared). A UTF-8 body is borrowed as it is.
pub fn utf8_body<'a>(
    content_type: Option<&str>,
    body: &'a [u8],
) -> Result<Cow<'a, [u8]>, ApiError> {
    let declared = content_type.and_then(|ct| {
        ct.split(';').skip(1).find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| v.trim().trim_matches('"'))
        })
    });
    let charset = match declared {
        Some(name) => {
            Charset::named(name).ok_or(ApiError::http(StatusCode::UNSUPPORTED_MEDIA_TYPE))?
        }
        None => Charset::detected(body),
    };
    let invalid = || ApiError::bad_json("the body is not text in its declared or detected charset");
    let text: String = match charset {
        Charset::Utf8 => {
            return Ok(Cow::Borrowed(
                body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body),
            ))
        }
        Charset::Latin1 => body.iter().map(|b| char::from(*b)).collect(),
        Charset::Utf16 | Charset::Utf16Be | Charset::Utf16Le => {
            let (big_endian, units) = match (charset, body) {
                (Charset::Utf16Le, [0xFF, 0xFE, rest @ ..]) => (false, rest),
                (Charset::Utf16Le, _) => (false, body),
                (_, [0xFF, 0xFE, rest @ ..]) if charset == Charset::Utf16 => (false, rest),
                (_, [0xFE, 0xFF, rest @ ..]) => (true, rest),
                _ => (true, body),
            };
            if units.len() % 2 != 0 {
                return Err(invalid());
            }
            let units = units.chunks_exact(2).map(|c| {
                let pair = [c[0], c[1]];
                if big_endian {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                }
            });
            char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .map_err(|_| invalid())?
        }
        Charset::Utf32 | Charset::Utf32Be | Charset::Utf32Le => {
            let (big_endian, units) = match (charset, body) {
                (Charset::Utf32Le, [0xFF, 0xFE, 0, 0, rest @ ..]) => (false, rest),
                (Charset::Utf32Le, _) => (false, body),
                (_, [0xFF, 0xFE, 0, 0, rest @ ..]) if charset == Charset::Utf32 => (false, rest),
                (_, [0, 0, 0xFE, 0xFF, rest @ ..]) => (true, rest),
                _ => (true, body),
            };
            if units.len() % 4 != 0 {
                return Err(invalid());
            }
            units
                .chunks_exact(4)
                .map(|c| {
                    let quad = [c[0], c[1], c[2], c[3]];
                    let code = if big_endian {
                        u32::from_be_bytes(quad)
                    } else {
                        u32::from_le_bytes(quad)
                    };
                    char::from_u32(code).ok_or_else(invalid)
                })
                .collect::<Result<String, _>>()?
        }
    };
    Ok(Cow::Owned(text.into_bytes()))
}

/// The response type for an `Accept` header: the best of ours it accepts, else the default.
pub fn choose(accept: Option<&str>) -> &'static str {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return DEFAULT_TYPE;
    };
    if accept == "*/*" || accept == DEFAULT_TYPE {
        return DEFAULT_TYPE;
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
    best.map_or(DEFAULT_TYPE, |(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_negotiation_prefers_the_versioned_type() {
        assert_eq!(choose(None), DEFAULT_TYPE);
        assert_eq!(choose(Some("*/*")), DEFAULT_TYPE);
        assert_eq!(choose(Some("application/json")), "application/json");
        assert_eq!(
            choose(Some(
                "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, \
                 application/json"
            )),
            DEFAULT_TYPE
        );
        assert_eq!(
            choose(Some("application/vnd.schemaregistry+json")),
            "application/vnd.schemaregistry+json"
        );
        // Nothing acceptable: the default type all the same, as Confluent answers.
        assert_eq!(choose(Some("text/html")), DEFAULT_TYPE);
        assert_eq!(
            choose(Some("application/json, */*;q=0")),
            "application/json"
        );
    }

    fn decoded(content_type: Option<&str>, body: &[u8]) -> Result<String, ApiError> {
        utf8_body(content_type, body).map(|b| String::from_utf8(b.into_owned()).unwrap())
    }

    #[test]
    fn bodies_are_decoded_from_their_charset() {
        let text = "{\"schema\":\"é€😀\"}";
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let json = |cs: &str| format!("application/json; charset={cs}");
        assert_eq!(decoded(Some(&json("UTF-16")), &be).unwrap(), text);
        assert_eq!(decoded(Some(&json("utf-16be")), &be).unwrap(), text);
        assert_eq!(decoded(Some(&json("\"utf-16le\"")), &le).unwrap(), text);
        let with_bom = [&[0xFF, 0xFE][..], &le].concat();
        assert_eq!(decoded(Some(&json("utf-16")), &with_bom).unwrap(), text);
        let utf32: Vec<u8> = text
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        assert_eq!(decoded(Some(&json("utf-32le")), &utf32).unwrap(), text);
        // Undeclared: detected from the zero bytes, as JSON's RFC and Jackson do.
        assert_eq!(decoded(None, &le).unwrap(), text);
        assert_eq!(decoded(Some("application/json"), &be).unwrap(), text);
        assert_eq!(decoded(None, text.as_bytes()).unwrap(), text);
        let latin1 = [b'"', 0xE9, b'"'];
        assert_eq!(
            decoded(Some(&json("ISO-8859-1")), &latin1).unwrap(),
            "\"é\""
        );
        assert_eq!(
            decoded(Some(&json("utf-16")), &be[1..]).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            decoded(Some(&json("koi8-r")), b"{}").unwrap_err().status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE
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
