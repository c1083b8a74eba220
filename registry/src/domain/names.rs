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

/// Refuse subjects Confluent refuses: empty, over 255 bytes, or with control characters.
pub fn validate_subject(subject: &str) -> DomainResult<()> {
    if subject.is_empty() || subject.len() > 255 || subject.chars().any(char::is_control) {
        return Err(DomainError::InvalidSubject(subject.to_string()));
    }
    Ok(())
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
    /// Parse a version as Confluent does: `latest` (any case, surrounding blanks ignored),
    /// `-1` (also the latest), or a number in `1..=2^31-1`.
    pub fn parse(text: &str) -> DomainResult<VersionSel> {
        let t = text.trim();
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
    fn contexts_and_the_default_qualifier() {
        assert_eq!(normalize_subject(":.:foo"), "foo");
        assert_eq!(context_of(":.ctx:foo"), ".ctx");
        assert_eq!(context_of("foo"), ".");
    }
}
