//! Parsing one payload within explicit limits.
//!
//! Every way a payload can fail to be checked (empty, not JSON, too large, too deeply nested,
//! an NDJSON line too long) is a [`PayloadError`] for that payload alone: callers validating a
//! batch or a stream report it and go on with the next payload. Nesting is bounded before any
//! recursion happens, so a deeply nested payload is an error, never a stack overflow.

use serde_json::Value;

/// The deepest nesting `serde_json` parses (its recursion limit): a payload nested deeper is
/// refused whatever [`PayloadLimits::max_depth`] says.
pub const PARSER_MAX_DEPTH: usize = 127;

/// Limits applied to each payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayloadLimits {
    /// Largest payload accepted, in bytes (for NDJSON: the longest line).
    pub max_payload_bytes: usize,
    /// Deepest nesting of arrays and objects accepted (`[]` and `{}` are depth 1). Values above
    /// [`PARSER_MAX_DEPTH`] act as [`PARSER_MAX_DEPTH`].
    pub max_depth: usize,
}

impl PayloadLimits {
    /// The defaults: 16 MiB payloads nested at most [`PARSER_MAX_DEPTH`] deep.
    pub const DEFAULT: PayloadLimits = PayloadLimits {
        max_payload_bytes: 16 * 1024 * 1024,
        max_depth: PARSER_MAX_DEPTH,
    };

    /// The depth limit actually enforced.
    pub fn effective_max_depth(&self) -> usize {
        self.max_depth.min(PARSER_MAX_DEPTH)
    }
}

impl Default for PayloadLimits {
    fn default() -> Self {
        PayloadLimits::DEFAULT
    }
}

/// Why one payload could not be checked. The stream or batch it belongs to goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PayloadError {
    /// The payload is empty or only whitespace.
    #[error("empty payload")]
    Empty,
    /// The payload is not JSON. `line` and `column` are 1-based, within the payload.
    #[error("not JSON: {message} at line {line}, column {column}")]
    NotJson {
        /// What the parser said.
        message: String,
        /// 1-based line of the problem within the payload.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
    },
    /// The payload is larger than [`PayloadLimits::max_payload_bytes`]. For an NDJSON line that
    /// was skipped, `bytes` is the line's full length.
    #[error("payload too large: {bytes} bytes, the limit is {max}")]
    TooLarge {
        /// The payload's size in bytes.
        bytes: u64,
        /// The limit.
        max: usize,
    },
    /// The payload nests arrays and objects deeper than the limit.
    #[error("payload nested too deeply: the limit is {max} levels")]
    TooDeep {
        /// The depth limit.
        max: usize,
    },
}

/// Parse one JSON payload within `limits`.
///
/// ```
/// use accord_schemas::validate::{parse_payload, PayloadError, PayloadLimits};
///
/// let limits = PayloadLimits { max_depth: 3, ..PayloadLimits::default() };
/// assert!(parse_payload(br#"{"a": [[1]]}"#, &limits).is_ok());
/// assert_eq!(
///     parse_payload(br#"{"a": [[[1]]]}"#, &limits),
///     Err(PayloadError::TooDeep { max: 3 })
/// );
/// assert!(matches!(parse_payload(b"{\"a\" 1}", &limits), Err(PayloadError::NotJson { line: 1, column: 6, .. })));
/// assert_eq!(parse_payload(b"  \n", &limits), Err(PayloadError::Empty));
/// ```
pub fn parse_payload(bytes: &[u8], limits: &PayloadLimits) -> Result<Value, PayloadError> {
    if bytes.len() > limits.max_payload_bytes {
        return Err(PayloadError::TooLarge {
            bytes: bytes.len() as u64,
            max: limits.max_payload_bytes,
        });
    }
    let max_depth = limits.effective_max_depth();
    // serde_json enforces its own recursion limit; a lower one needs a scan first.
    if max_depth < PARSER_MAX_DEPTH && exceeds_depth(bytes, max_depth) {
        return Err(PayloadError::TooDeep { max: max_depth });
    }
    serde_json::from_slice(bytes).map_err(|e| {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            PayloadError::Empty
        } else if e.to_string().starts_with("recursion limit exceeded") {
            PayloadError::TooDeep { max: max_depth }
        } else {
            PayloadError::NotJson {
                message: strip_position(&e.to_string()),
                line: e.line(),
                column: e.column().max(1),
            }
        }
    })
}

/// Whether the arrays and objects of `bytes` nest deeper than `max`. Only brackets outside
/// strings count; malformed text is left for the parser to report.
fn exceeds_depth(bytes: &[u8], max: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// `serde_json` appends " at line L column C"; the position has fields of its own.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn default_depth_is_the_parsers_and_deeper_is_an_error_not_a_crash() {
        let limits = PayloadLimits::default();
        assert!(parse_payload(nested(PARSER_MAX_DEPTH).as_bytes(), &limits).is_ok());
        for depth in [PARSER_MAX_DEPTH + 1, 10_000, 1_000_000] {
            assert_eq!(
                parse_payload(nested(depth).as_bytes(), &limits),
                Err(PayloadError::TooDeep {
                    max: PARSER_MAX_DEPTH
                }),
                "depth {depth}"
            );
        }
    }

    #[test]
    fn a_lower_depth_limit_is_exact_and_ignores_brackets_in_strings() {
        let limits = PayloadLimits {
            max_depth: 2,
            ..PayloadLimits::default()
        };
        assert!(parse_payload(br#"[{"a": "[[[[\"{{{"}]"#, &limits).is_ok());
        assert!(parse_payload(br#"[{"a": "\\"}]"#, &limits).is_ok());
        assert_eq!(
            parse_payload(br#"[{"a": []}]"#, &limits),
            Err(PayloadError::TooDeep { max: 2 })
        );
    }

    #[test]
    fn a_depth_limit_above_the_parsers_is_the_parsers() {
        let limits = PayloadLimits {
            max_depth: 1000,
            ..PayloadLimits::default()
        };
        assert_eq!(limits.effective_max_depth(), PARSER_MAX_DEPTH);
        assert_eq!(
            parse_payload(nested(500).as_bytes(), &limits),
            Err(PayloadError::TooDeep {
                max: PARSER_MAX_DEPTH
            })
        );
    }

    #[test]
    fn size_limit_counts_bytes() {
        let limits = PayloadLimits {
            max_payload_bytes: 8,
            ..PayloadLimits::default()
        };
        assert!(parse_payload(b"[1,2,3] ", &limits).is_ok());
        assert_eq!(
            parse_payload(b"[1,2,3,4]", &limits),
            Err(PayloadError::TooLarge { bytes: 9, max: 8 })
        );
    }

    #[test]
    fn not_json_reports_position_without_repeating_it() {
        let err = parse_payload(b"{\"a\": 1,\n \"b\": }", &PayloadLimits::default()).unwrap_err();
        match &err {
            PayloadError::NotJson {
                message,
                line,
                column,
            } => {
                assert_eq!((*line, *column), (2, 7));
                assert!(!message.contains("line"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            err.to_string(),
            "not JSON: expected value at line 2, column 7"
        );
    }

    #[test]
    fn trailing_data_and_invalid_utf8_are_not_json() {
        let limits = PayloadLimits::default();
        assert!(matches!(
            parse_payload(b"{} {}", &limits),
            Err(PayloadError::NotJson { .. })
        ));
        assert!(matches!(
            parse_payload(b"\"\xff\xfe\"", &limits),
            Err(PayloadError::NotJson { .. })
        ));
        assert_eq!(parse_payload(b"", &limits), Err(PayloadError::Empty));
    }
}
