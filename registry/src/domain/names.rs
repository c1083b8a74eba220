//! Names and selectors as the registry reads them: subjects (with their context qualifier),
//! versions in paths, environment names and application names.
//!
//! A subject `:.ctx:name` lives in context `.ctx`; the default context's qualifier `:.:` is
//! dropped, so `:.:foo` and `foo` are one subject (see Confluent's
//! [contexts](https://docs.confluent.io/platform/current/schema-registry/schema-linking-cp.html#schema-contexts)).

use super::error::{DomainError, DomainResult};
use crate::store::VersionRecord;

/// The canonical spelling of a subject: the default context's qualifier `:.:` is dropped.
pub fn normalize_subject(subject: &str) -> String {
    subject.strip_prefix(":.:").unwrap_or(subject).to_string()
}

/// The context of a subject: `.ctx` for `:.ctx:name`, `.` otherwise.
pub fn context_of(subject: &str) -> &str {
    subject
        .strip_prefix(':')
        .and_then(|rest| rest.split_once(':'))
        .map(|(ctx, _)| ctx)
        .filter(|ctx| ctx.starts_with('.'))
        .unwrap_or(".")
}

/// The longest subject, in characters.
pub const SUBJECT_MAX_CHARS: usize = 255;

/// The pattern of subject names, as documented in the OpenAPI document: no control character
/// (C0, DEL or C1), with 1 to [`SUBJECT_MAX_CHARS`] characters.
pub const SUBJECT_PATTERN: &str = r"^[^\x00-\x1F\x7F-\x9F]*$";

/// Refuse subjects Confluent refuses: empty, over [`SUBJECT_MAX_CHARS`] characters, or with
/// control characters. (Confluent counts UTF-16 units, so it refuses more than 127 characters
/// outside the Basic Multilingual Plane; Accord counts characters, as JSON Schema's
/// `maxLength` does, so the document states the limit exactly.)
pub fn validate_subject(subject: &str) -> DomainResult<()> {
    let chars = subject.chars().count();
    if chars == 0 || chars > SUBJECT_MAX_CHARS || subject.chars().any(char::is_control) {
        return Err(DomainError::InvalidSubject(subject.to_string()));
    }
    Ok(())
}

/// The pattern of context names, as documented in the OpenAPI document: `.` alone (the default
/// context) or followed by a name without `:` (the qualifier's delimiter) or control characters.
pub const CONTEXT_PATTERN: &str = r"^\.[^:\x00-\x1F\x7F-\x9F]{0,254}$";

/// Refuse a context name outside [`CONTEXT_PATTERN`] (42208, the code of an invalid subject,
/// which a context qualifies).
pub fn validate_context(context: &str) -> DomainResult<()> {
    let mut chars = context.chars();
    let valid = chars.next() == Some('.')
        && context.chars().count() <= 255
        && chars.all(|c| c != ':' && !c.is_control());
    if valid {
        Ok(())
    } else {
        Err(DomainError::InvalidContext(context.to_string()))
    }
}

/// A version in a path: a number, or the latest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionSel {
    /// `latest` or `-1`.
    Latest,
    /// A number in `[1, 2^31-1]`.
    Number(i32),
}

impl VersionSel {
    /// Parse a version as Confluent does: `latest` (any case), `-1` (also the latest), or a
    /// number in `1..=2^31-1`, with what Java's `String.trim` removes (every character up to
    /// U+0020) ignored around it. [`VERSION_PATTERN`] states the same.
    pub fn parse(text: &str) -> DomainResult<VersionSel> {
        let t = text.trim_matches(|c: char| c <= ' ');
        if t.eq_ignore_ascii_case("latest") || t == "-1" {
            return Ok(VersionSel::Latest);
        }
        match t.parse::<i64>() {
            Ok(n) if (1..=i32::MAX as i64).contains(&n) => Ok(VersionSel::Number(n as i32)),
            _ => Err(DomainError::InvalidVersion(text.to_string())),
        }
    }

    /// The version this selects among `versions` (oldest first).
    pub fn pick<'a>(&self, versions: &[&'a VersionRecord]) -> Option<&'a VersionRecord> {
        match self {
            VersionSel::Latest => versions.last().copied(),
            VersionSel::Number(n) => versions.iter().find(|v| v.version == *n).copied(),
        }
    }
}

/// The versions [`VersionSel::parse`] reads, as a pattern for the OpenAPI document: the
/// numbers from 1 to 2^31-1 (leading zeros allowed), `-1` and `latest` in any case, with
/// characters up to U+0020 around them.
pub const VERSION_PATTERN: &str = concat!(
    r"^[\x00-\x20]*(-1|[Ll][Aa][Tt][Ee][Ss][Tt]|\+?0*(",
    r"[1-9][0-9]{0,8}|1[0-9]{9}|20[0-9]{8}|21[0-3][0-9]{7}|214[0-6][0-9]{6}",
    r"|2147[0-3][0-9]{5}|21474[0-7][0-9]{4}|214748[0-2][0-9]{3}|2147483[0-5][0-9]{2}",
    r"|21474836[0-3][0-9]|214748364[0-7]",
    r"))[\x00-\x20]*$"
);

/// The pattern environment names follow, as documented in the OpenAPI document.
pub const ENVIRONMENT_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$";

/// Whether `name` is a valid environment name: [`ENVIRONMENT_PATTERN`].
pub fn valid_environment(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 63
        && chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Refuse an environment name outside [`ENVIRONMENT_PATTERN`].
pub fn check_environment(name: &str) -> DomainResult<()> {
    if valid_environment(name) {
        Ok(())
    } else {
        Err(DomainError::InvalidEnvironment(name.to_string()))
    }
}

/// Application names, versions and branches: 1 to 255 bytes, no control characters.
pub fn check_name(what: &str, value: &str) -> DomainResult<()> {
    if value.trim().is_empty() || value.len() > 255 || value.chars().any(char::is_control) {
        return Err(DomainError::InvalidApplication(format!(
            "The {what} {value:?} is not valid: it must be 1 to 255 bytes without control \
             characters"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_names() {
        for ok in ["a", "prod", "prod.eu-1", "Q_A", "0", &"a".repeat(63)] {
            assert!(valid_environment(ok), "{ok}");
        }
        for bad in [
            "",
            "-a",
            ".a",
            "_a",
            "a/b",
            "a b",
            "é",
            "a\n",
            &"a".repeat(64),
        ] {
            assert!(!valid_environment(bad), "{bad:?}");
        }
    }

    #[test]
    fn versions_are_latest_or_a_positive_int() {
        assert_eq!(VersionSel::parse(" Latest ").unwrap(), VersionSel::Latest);
        assert_eq!(VersionSel::parse("-1").unwrap(), VersionSel::Latest);
        assert_eq!(VersionSel::parse("7").unwrap(), VersionSel::Number(7));
        for bad in ["0", "-2", "2147483648", "x", ""] {
            assert!(matches!(
                VersionSel::parse(bad),
                Err(DomainError::InvalidVersion(_))
            ));
        }
    }

    #[test]
    fn the_documented_patterns_accept_exactly_what_the_server_reads() {
        let version = regex::Regex::new(VERSION_PATTERN).unwrap();
        let samples = [
            "1",
            "7",
            "-1",
            "latest",
            "LaTeSt",
            " 3 ",
            "\t\n5\u{1}",
            "+5",
            "0009",
            "2147483647",
            "2147483648",
            "9999999999",
            "0",
            "-2",
            "-01",
            "x",
            "",
            " ",
            "1.0",
            "1e2",
            "\u{a0}5",
            "5\u{21}",
            "00000000000000000000000000042",
            "2147483646",
            "2147483650",
            "latest ",
        ];
        for text in samples {
            assert_eq!(
                version.is_match(text),
                VersionSel::parse(text).is_ok(),
                "{text:?}"
            );
        }
        let subject = regex::Regex::new(SUBJECT_PATTERN).unwrap();
        let long = "é".repeat(SUBJECT_MAX_CHARS);
        for text in [
            "orders", "a b", "a\u{85}", "a\u{7f}", "a\nb", "ü-value", &long,
        ] {
            assert_eq!(
                subject.is_match(text),
                validate_subject(text).is_ok(),
                "{text:?}"
            );
        }
        assert!(validate_subject(&format!("{long}x")).is_err());
        let context = regex::Regex::new(CONTEXT_PATTERN).unwrap();
        for text in [
            ".",
            ".ctx",
            "ctx",
            ".a:b",
            ".a\u{9f}",
            "",
            "..",
            &format!(".{long}"),
        ] {
            assert_eq!(
                context.is_match(text),
                validate_context(text).is_ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn contexts_and_the_default_qualifier() {
        assert_eq!(normalize_subject(":.:foo"), "foo");
        assert_eq!(context_of(":.ctx:foo"), ".ctx");
        assert_eq!(context_of("foo"), ".");
    }
}
