//! The data a check produces: levels, policies, changes, warnings and the report.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::kinds::{Allowed, ChangeKind};

/// A subject's compatibility level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Level {
    /// No requirement.
    None,
    /// New readers read data of the latest version.
    #[default]
    Backward,
    /// New readers read data of every version.
    BackwardTransitive,
    /// Readers of the latest version read new data.
    Forward,
    /// Readers of every version read new data.
    ForwardTransitive,
    /// Both BACKWARD and FORWARD against the latest version.
    Full,
    /// Both directions against every version.
    FullTransitive,
}

impl Level {
    /// Every level, in Confluent's documentation order.
    pub const ALL: [Level; 7] = [
        Level::None,
        Level::Backward,
        Level::BackwardTransitive,
        Level::Forward,
        Level::ForwardTransitive,
        Level::Full,
        Level::FullTransitive,
    ];

    /// The level's name, e.g. `BACKWARD_TRANSITIVE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "NONE",
            Level::Backward => "BACKWARD",
            Level::BackwardTransitive => "BACKWARD_TRANSITIVE",
            Level::Forward => "FORWARD",
            Level::ForwardTransitive => "FORWARD_TRANSITIVE",
            Level::Full => "FULL",
            Level::FullTransitive => "FULL_TRANSITIVE",
        }
    }

    /// Parse a level name case-insensitively (surrounding whitespace ignored).
    ///
    /// ```
    /// use accord_schemas::compat::Level;
    /// assert_eq!(Level::parse("full_transitive"), Some(Level::FullTransitive));
    /// assert_eq!(Level::parse("sideways"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Level> {
        let upper = name.trim().to_ascii_uppercase();
        Level::ALL.into_iter().find(|l| l.as_str() == upper)
    }

    /// Whether every live version takes part, not only the latest.
    pub fn is_transitive(self) -> bool {
        matches!(
            self,
            Level::BackwardTransitive | Level::ForwardTransitive | Level::FullTransitive
        )
    }

    /// Whether new readers must read old data.
    pub fn checks_backward(self) -> bool {
        matches!(
            self,
            Level::Backward | Level::BackwardTransitive | Level::Full | Level::FullTransitive
        )
    }

    /// Whether old readers must read new data.
    pub fn checks_forward(self) -> bool {
        matches!(
            self,
            Level::Forward | Level::ForwardTransitive | Level::Full | Level::FullTransitive
        )
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which change kinds a check allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Policy {
    /// Confluent's default: the kinds the table allows under STRICT.
    #[default]
    Strict,
    /// STRICT plus nine JSON Schema object-property kinds (additions and removals under open or
    /// partially open content models) and Protobuf's `FIELD_REMOVED_WITHOUT_RESERVED`.
    Lenient,
    /// Only added optional properties and documentation changes (`title`, `description`; a
    /// changed `$comment` or `examples` is no change at all); for Protobuf, added messages,
    /// enums, fields, oneof members and enum values (and messages moved by them).
    AddOnly,
}

impl Policy {
    /// Every policy.
    pub const ALL: [Policy; 3] = [Policy::Strict, Policy::Lenient, Policy::AddOnly];

    /// The policy's name, e.g. `ADD_ONLY`.
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Strict => "STRICT",
            Policy::Lenient => "LENIENT",
            Policy::AddOnly => "ADD_ONLY",
        }
    }

    /// Parse a policy name case-insensitively; `-` and `_` are interchangeable.
    ///
    /// ```
    /// use accord_schemas::compat::Policy;
    /// assert_eq!(Policy::parse("add-only"), Some(Policy::AddOnly));
    /// assert_eq!(Policy::parse("lenient"), Some(Policy::Lenient));
    /// ```
    pub fn parse(name: &str) -> Option<Policy> {
        let upper = name.trim().to_ascii_uppercase().replace('-', "_");
        Policy::ALL.into_iter().find(|p| p.as_str() == upper)
    }

    /// Whether a change of `kind` is allowed under this policy.
    pub fn allows(self, kind: ChangeKind) -> bool {
        match self {
            Policy::Strict => kind.allowed() == Allowed::Strict,
            Policy::Lenient => kind.allowed() != Allowed::Never,
            Policy::AddOnly => kind.is_add_only(),
        }
    }
}

impl std::fmt::Display for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which way a change was found: BACKWARD (`old` = the existing version) or FORWARD (the
/// candidate plays `old`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// New readers, old data.
    Backward,
    /// Old readers, new data.
    Forward,
}

/// One difference between two schemas, with its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The kind, with Confluent's name.
    #[serde(rename = "type")]
    pub kind: ChangeKind,
    /// Confluent-style location, e.g. `#/properties/email`.
    pub path: String,
    /// Whether the active policy allows this change.
    pub compatible: bool,
    /// The direction of the check that found it.
    pub direction: Direction,
    /// JSON pointer into the schema playing `old`, where the changed node or keyword is.
    pub old_pointer: Option<String>,
    /// JSON pointer into the schema playing `new`.
    pub new_pointer: Option<String>,
    /// The old value of the keyword or sub-schema, where there is one.
    pub old_value: Option<Value>,
    /// The new value of the keyword or sub-schema, where there is one.
    pub new_value: Option<Value>,
    /// What changed and why it breaks readers or not, in one sentence.
    pub message: String,
}

/// The kinds of warning: spots where a verdict (Confluent's) can still let an invalid event
/// through, or keywords the diff does not compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum WarningKind {
    /// A member was added to a `oneOf` whose members overlap.
    OneOfMembersOverlap,
    /// A property became required on the assumption that readers apply its `default`.
    RequiredWithDefault,
    /// A name was added to `required` that the old schema never declared as a property.
    UndeclaredRequiredAdded,
    /// A keyword the diff does not compare changed (draft-04 boolean `exclusiveMaximum` /
    /// `exclusiveMinimum`, `contains`, `format`).
    UncomparedKeywordChanged,
}

/// A warning next to the verdict: it never changes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// The kind.
    #[serde(rename = "type")]
    pub kind: WarningKind,
    /// Confluent-style location.
    pub path: String,
    /// The direction of the check that found it.
    pub direction: Direction,
    /// JSON pointer into the schema playing `old`.
    pub old_pointer: Option<String>,
    /// JSON pointer into the schema playing `new`.
    pub new_pointer: Option<String>,
    /// What may go wrong, in one sentence.
    pub message: String,
}

/// The result of a check: the verdict and every change, sorted deterministically (direction,
/// path, kind).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Whether every change is allowed by the policy.
    pub compatible: bool,
    /// The level checked.
    pub level: Level,
    /// The policy applied.
    pub policy: Policy,
    /// Every change found, allowed or not.
    pub changes: Vec<Change>,
    /// Warnings; they never change the verdict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// For a history check that failed: the index in the history (newest first) of the version
    /// that failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_against: Option<usize>,
}

impl Report {
    pub(crate) fn new(level: Level, policy: Policy) -> Report {
        Report {
            compatible: true,
            level,
            policy,
            changes: Vec::new(),
            warnings: Vec::new(),
            failed_against: None,
        }
    }

    /// Sort, de-duplicate and compute the verdict.
    pub(crate) fn finish(&mut self) {
        let key = |c: &Change| (c.direction, c.path.clone(), c.kind);
        self.changes.sort_by_key(key);
        self.warnings
            .sort_by(|a, b| (a.direction, &a.path, a.kind).cmp(&(b.direction, &b.path, b.kind)));
        self.warnings
            .dedup_by(|a, b| a.direction == b.direction && a.path == b.path && a.kind == b.kind);
        self.compatible = self.changes.iter().all(|c| c.compatible);
    }

    /// The changes the policy does not allow.
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| !c.compatible)
    }

    /// Confluent's message for each breaking change:
    /// `{errorType:"<TYPE>", description:"<text>'}` (its mismatched closing quote included).
    pub fn confluent_messages(&self) -> Vec<String> {
        self.breaking()
            .map(|c| {
                format!(
                    "{{errorType:\"{}\", description:\"The {} at path '{}' is {}: {}'}}",
                    c.kind.name(),
                    if c.direction == Direction::Backward {
                        "new schema"
                    } else {
                        "old schema"
                    },
                    c.path,
                    "not compatible",
                    c.message
                )
            })
            .collect()
    }
}
