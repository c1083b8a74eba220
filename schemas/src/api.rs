//! Request and response bodies of the registry's API, shared by the server and every client so
//! they cannot drift.
//!
//! Field names follow Confluent Schema Registry exactly (`camelCase`, `error_code`); output omits
//! absent fields and empty collections, input ignores unknown fields.
//!
//! With the `openapi` feature, every type here also implements `utoipa::ToSchema`, so the
//! registry's OpenAPI document describes the bodies with the very types that carry them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Implement `Serialize` and `Deserialize` for a struct that derives them with
/// `#[serde(remote = "Self")]`, reading it from a JSON object only: serde's derive would also
/// read a struct from an array of its fields (`[null, null]` as a rule), which Confluent's
/// server refuses and no client sends.
macro_rules! from_objects_only {
    ($ty:ident) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Object;
                impl<'de> serde::de::Visitor<'de> for Object {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a JSON object (", stringify!($ty), ")"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        map: A,
                    ) -> Result<$ty, A::Error> {
                        $ty::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }
                deserializer.deserialize_map(Object)
            }
        }

        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $ty::serialize(self, serializer)
            }
        }
    };
}

/// A reference from one schema to another registered schema: `$ref: "<name>"` in the referring
/// schema resolves to `subject` at `version`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(remote = "Self")]
pub struct SchemaReference {
    /// The name the referring schema uses in its `$ref`.
    pub name: String,
    /// The subject of the referenced schema.
    pub subject: String,
    /// The version of the referenced schema.
    pub version: i32,
}

from_objects_only!(SchemaReference);

/// Schema metadata: tags, free-form properties and the names of sensitive fields. All stored
/// sorted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// Tags by path.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, Vec<String>>,
    /// Free-form properties.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, String>,
    /// Names of sensitive fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensitive: Vec<String>,
}

/// One data-contract rule.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", remote = "Self")]
pub struct Rule {
    /// The rule's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// `TRANSFORM` or `CONDITION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `UPGRADE`, `DOWNGRADE`, `UPDOWN`, `WRITE`, `READ` or `WRITEREAD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// The rule type, e.g. `CEL`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub rule_type: Option<String>,
    /// Tags the rule applies to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Parameters.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
    /// The expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expr: Option<String>,
    /// Action on success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_success: Option<String>,
    /// Action on failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<String>,
    /// Whether the rule is disabled.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
}

from_objects_only!(Rule);

/// A set of data-contract rules.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RuleSet {
    /// Migration rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub migration_rules: Vec<Rule>,
    /// Domain rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domain_rules: Vec<Rule>,
    /// Encoding rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub encoding_rules: Vec<Rule>,
    /// When the rules take effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_at: Option<String>,
}

/// The body of every error response: `{"error_code": 40401, "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Confluent's error code; its first three digits are the HTTP status.
    pub error_code: i64,
    /// What went wrong.
    pub message: String,
}

/// `POST /subjects/{subject}/versions` (register), `POST /subjects/{subject}` (lookup) and the
/// compatibility endpoints: a schema with its type, references, metadata and rules.
///
/// Both `ruleSet` and `ruleset` are accepted on input; unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RegisterSchemaRequest {
    /// The schema text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// `JSON`, `AVRO` (Confluent's default when absent) or `PROTOBUF`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_type: Option<String>,
    /// References to other registered schemas.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<SchemaReference>,
    /// Metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// Data-contract rules.
    #[serde(
        default,
        alias = "ruleset",
        rename = "ruleSet",
        skip_serializing_if = "Option::is_none"
    )]
    pub rule_set: Option<RuleSet>,
    /// The version to register under (IMPORT mode only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    /// The schema id to register under (IMPORT mode only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
}

/// The answer to a registration: `id` always, the rest when known.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RegisterSchemaResponse {
    /// The schema id.
    pub id: i64,
    /// The version (omitted when not positive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    /// The identity as a UUID string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
    /// The schema type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_type: Option<String>,
    /// References.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<SchemaReference>,
    /// Metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// Rules.
    #[serde(
        default,
        alias = "ruleset",
        rename = "ruleSet",
        skip_serializing_if = "Option::is_none"
    )]
    pub rule_set: Option<RuleSet>,
    /// The canonical schema text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Record timestamp, epoch milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ts: Option<i64>,
    /// Whether the version is soft-deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
    /// Accord's: consumer-contract findings let through, because the subject's `contractCheck`
    /// is `WARN` or because no version of the subject ever provided the read (the consumer's
    /// error); one sentence each, naming the consumer, its version and the read path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// A registered schema under a subject (`GET /subjects/{subject}/versions/{version}`, lookup),
/// and, with `subject`/`version` absent, a schema by id (`GET /schemas/ids/{id}`, Confluent's
/// `SchemaString`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// The subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The version under the subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    /// The schema id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The identity as a UUID string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
    /// The schema type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_type: Option<String>,
    /// References.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<SchemaReference>,
    /// Metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// Rules.
    #[serde(
        default,
        alias = "ruleset",
        rename = "ruleSet",
        skip_serializing_if = "Option::is_none"
    )]
    pub rule_set: Option<RuleSet>,
    /// The canonical schema text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The highest schema id (`GET /schemas/ids/{id}?fetchMaxId=true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_id: Option<i64>,
    /// Record timestamp, epoch milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ts: Option<i64>,
    /// Whether the version is soft-deleted (only sent when true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
}

/// Confluent calls a schema by id `SchemaString`; it has the same fields.
pub type SchemaString = Schema;

/// `{"subject": "s", "version": 1}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectVersion {
    /// The subject.
    pub subject: String,
    /// The version.
    pub version: i32,
}

/// `{"context": ".", "id": 1}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContextId {
    /// The context (`.` is the default).
    pub context: String,
    /// The schema id in that context.
    pub id: i64,
}

/// The configuration of a subject or of the registry.
///
/// `GET /config` answers with the level as `compatibilityLevel`; `PUT /config` takes and echoes
/// it as `compatibility` ([`ConfigUpdateRequest`]). Every field is optional so a subject-level
/// config can be merged over the global one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// The compatibility level, e.g. `BACKWARD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compatibility_level: Option<String>,
    /// `STRICT` (default), `LENIENT`, or Accord's `ADD_ONLY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compatibility_policy: Option<String>,
    /// Only versions with the same value of this metadata property take part in checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compatibility_group: Option<String>,
    /// Normalize schemas on registration and lookup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normalize: Option<bool>,
    /// Check reserved fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate_fields: Option<bool>,
    /// Validate new schemas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate_new_schemas: Option<bool>,
    /// Validate rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate_rules: Option<bool>,
    /// Subject alias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Alias for DEKs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias_for_deks: Option<String>,
    /// Default metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_metadata: Option<Metadata>,
    /// Override metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_metadata: Option<Metadata>,
    /// Default rule set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_rule_set: Option<RuleSet>,
    /// Override rule set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_rule_set: Option<RuleSet>,
    /// Accord's check of new versions against consumer contracts: `ENFORCE` (the default),
    /// `WARN` or `OFF`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_check: Option<String>,
}

impl Config {
    /// `self` with every field it lacks taken from `wider`.
    pub fn merged_over(&self, wider: &Config) -> Config {
        macro_rules! pick {
            ($($f:ident),*) => { Config { $($f: self.$f.clone().or_else(|| wider.$f.clone())),* } };
        }
        pick!(
            compatibility_level,
            compatibility_policy,
            compatibility_group,
            normalize,
            validate_fields,
            validate_new_schemas,
            validate_rules,
            alias,
            alias_for_deks,
            default_metadata,
            override_metadata,
            default_rule_set,
            override_rule_set,
            contract_check
        )
    }

    /// The same settings as a [`ConfigUpdateRequest`].
    pub fn to_update(&self) -> ConfigUpdateRequest {
        ConfigUpdateRequest {
            compatibility: self.compatibility_level.clone(),
            compatibility_policy: self.compatibility_policy.clone(),
            compatibility_group: self.compatibility_group.clone(),
            normalize: self.normalize,
            validate_fields: self.validate_fields,
            validate_new_schemas: self.validate_new_schemas,
            validate_rules: self.validate_rules,
            alias: self.alias.clone(),
            alias_for_deks: self.alias_for_deks.clone(),
            default_metadata: self.default_metadata.clone(),
            override_metadata: self.override_metadata.clone(),
            default_rule_set: self.default_rule_set.clone(),
            override_rule_set: self.override_rule_set.clone(),
            contract_check: self.contract_check.clone(),
        }
    }
}

/// The body of `PUT /config[/{subject}]` and its echo: [`Config`] with the level named
/// `compatibility`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConfigUpdateRequest {
    /// The compatibility level, e.g. `FULL` (case-insensitive on input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compatibility: Option<String>,
    /// `STRICT`, `LENIENT` or `ADD_ONLY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compatibility_policy: Option<String>,
    /// Only versions with the same value of this metadata property take part in checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compatibility_group: Option<String>,
    /// Normalize schemas on registration and lookup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normalize: Option<bool>,
    /// Check reserved fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate_fields: Option<bool>,
    /// Validate new schemas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate_new_schemas: Option<bool>,
    /// Validate rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate_rules: Option<bool>,
    /// Subject alias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Alias for DEKs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias_for_deks: Option<String>,
    /// Default metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_metadata: Option<Metadata>,
    /// Override metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_metadata: Option<Metadata>,
    /// Default rule set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_rule_set: Option<RuleSet>,
    /// Override rule set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_rule_set: Option<RuleSet>,
    /// Accord's check of new versions against consumer contracts: `ENFORCE` (the default),
    /// `WARN` or `OFF`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_check: Option<String>,
}

impl ConfigUpdateRequest {
    /// The same settings as a [`Config`].
    pub fn to_config(&self) -> Config {
        Config {
            compatibility_level: self.compatibility.clone(),
            compatibility_policy: self.compatibility_policy.clone(),
            compatibility_group: self.compatibility_group.clone(),
            normalize: self.normalize,
            validate_fields: self.validate_fields,
            validate_new_schemas: self.validate_new_schemas,
            validate_rules: self.validate_rules,
            alias: self.alias.clone(),
            alias_for_deks: self.alias_for_deks.clone(),
            default_metadata: self.default_metadata.clone(),
            override_metadata: self.override_metadata.clone(),
            default_rule_set: self.default_rule_set.clone(),
            override_rule_set: self.override_rule_set.clone(),
            contract_check: self.contract_check.clone(),
        }
    }
}

/// `{"mode": "READWRITE"}`: the body of `GET /mode`, `PUT /mode` and their echoes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mode {
    /// `READWRITE`, `READONLY`, `READONLY_OVERRIDE`, `IMPORT` or `FORWARD`.
    #[serde(default)]
    pub mode: String,
}

/// The answer of the compatibility endpoints.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompatibilityCheckResponse {
    /// The verdict.
    pub is_compatible: bool,
    /// Why (only with `verbose=true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<String>>,
}

/// One contract of an application version: what it reads of one subject, as a table of reads
/// or as a reader JSON Schema (exactly one of the two).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractSpec {
    /// The subject read.
    pub subject: String,
    /// The reads (see [`crate::contract::Read`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reads: Option<Vec<crate::contract::Read>>,
    /// A reader JSON Schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<serde_json::Value>,
}

/// A subject an application produces: its name, or `{"subject", "version"}` to pin the schema
/// version it writes (else the subject's latest version counts).
///
/// Read by hand rather than as an untagged enum, so that an error inside the object (a version
/// that is not a whole number) keeps its position and says what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Produced {
    /// The subject; its latest version counts.
    Subject(String),
    /// The subject at a schema version.
    Pinned {
        /// The subject.
        #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 255))]
        subject: String,
        /// The schema version.
        #[cfg_attr(feature = "openapi", schema(minimum = 1))]
        version: i32,
    },
}

impl<'de> Deserialize<'de> for Produced {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Pinned {
            subject: String,
            #[serde(deserialize_with = "whole_i32")]
            version: i32,
        }
        // A whole number, written `7` or `7.0` (as a Jackson-based server reads an `int`).
        fn whole_i32<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
            let number = serde_json::Number::deserialize(d)?;
            let whole = match number.as_i64() {
                Some(n) => i32::try_from(n).ok(),
                None => number
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() <= f64::from(i32::MAX))
                    .map(|f| f as i32),
            };
            whole.ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "{number} is not a whole number in Java's int range"
                ))
            })
        }
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = Produced;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a subject, or an object {\"subject\", \"version\"}")
            }
            fn visit_str<E: serde::de::Error>(self, subject: &str) -> Result<Produced, E> {
                Ok(Produced::Subject(subject.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Produced, A::Error> {
                let Pinned { subject, version } =
                    Pinned::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Produced::Pinned { subject, version })
            }
        }
        deserializer.deserialize_any(Either)
    }
}

impl Produced {
    /// The subject.
    pub fn subject(&self) -> &str {
        match self {
            Produced::Subject(s) | Produced::Pinned { subject: s, .. } => s,
        }
    }

    /// The pinned schema version, if any.
    pub fn version(&self) -> Option<i32> {
        match self {
            Produced::Subject(_) => None,
            Produced::Pinned { version, .. } => Some(*version),
        }
    }
}

/// `POST /applications/{app}/versions/{version}`: publish an application version with its
/// contracts and produced subjects, in one transaction.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishVersionRequest {
    /// The branch the version was built from.
    pub branch: String,
    /// What this version reads.
    #[serde(default)]
    pub contracts: Vec<ContractSpec>,
    /// What this version produces.
    #[serde(default)]
    pub produces: Vec<Produced>,
}

/// A published contract as the registry shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractView {
    /// The consumer application.
    pub app: String,
    /// The consumer's version.
    pub version: String,
    /// The consumer version's branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// The subject read.
    pub subject: String,
    /// The reads as published, when a table was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reads: Option<Vec<crate::contract::Read>>,
    /// The reader schema (compiled from the reads, or as published).
    pub schema: serde_json::Value,
    /// The environments the consumer version is deployed in (`GET /contracts`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deployed_in: Vec<String>,
    /// Whether the consumer version is the latest on its application's main branch
    /// (`GET /contracts`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub latest_on_main: bool,
}

/// A producer version that counts for a subject (`GET /producers?subject=S`), with the schema
/// it writes: the version it pins, else the subject's latest live version.
///
/// `schema_version`, `schema`, `deployed_in` and `latest_on_main` are always present (`null`,
/// `[]` or `false` when absent); `reason` is present only when `schema` is `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProducerView {
    /// The producing application.
    pub app: String,
    /// The producer's version.
    pub version: String,
    /// The producer version's branch.
    pub branch: String,
    /// The subject produced.
    pub subject: String,
    /// The schema version the producer writes: the pinned one, else the subject's latest live
    /// version (`null` when the subject has none).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub schema_version: Option<i32>,
    /// The schema text of that version (`null` when it is not registered).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub schema: Option<String>,
    /// The references of that schema, as in `Schema`'s `references`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<SchemaReference>,
    /// The environments the producer version is deployed in.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub deployed_in: Vec<String>,
    /// Whether the producer version is the latest on its application's main branch.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub latest_on_main: bool,
    /// Why `schema` is `null`, e.g. `subject orders-value has no version 3 registered`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `GET /applications/{app}/versions/{version}` and the answer of a publication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppVersion {
    /// The application.
    pub app: String,
    /// The version.
    pub version: String,
    /// The branch.
    pub branch: String,
    /// When it was first published, epoch milliseconds.
    pub created_at: i64,
    /// Its contracts.
    #[serde(default)]
    pub contracts: Vec<ContractView>,
    /// What it produces.
    #[serde(default)]
    pub produces: Vec<Produced>,
}

/// One application in `GET /applications`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Application {
    /// The name.
    pub name: String,
    /// Its versions, in order (semantic versions by precedence, others by publication).
    pub versions: Vec<String>,
}

/// `POST /deployments`: record `app` at `version` as deployed in `environment`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeploymentRequest {
    /// The application.
    pub app: String,
    /// Its version (published before).
    pub version: String,
    /// The environment (`^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`).
    pub environment: String,
}

/// A deployment (`GET /deployments/{environment}`, answer of `POST /deployments`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deployment {
    /// The environment.
    pub environment: String,
    /// The application.
    pub app: String,
    /// The deployed version.
    pub version: String,
    /// When it was recorded, epoch milliseconds.
    pub deployed_at: i64,
}

/// The answer of `GET /can-i-deploy`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CanIDeploy {
    /// `yes`, `no` or `unknown` (a version, counterpart or schema the registry does not know).
    pub result: String,
    /// One row per producer/consumer pair and subject checked.
    pub rows: Vec<CanIDeployRow>,
}

/// One row of [`CanIDeploy`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CanIDeployRow {
    /// The producing application (empty when unknown).
    pub producer: String,
    /// Its version (empty when unknown).
    pub producer_version: String,
    /// The consuming application (empty when unknown).
    pub consumer: String,
    /// Its version (empty when unknown).
    pub consumer_version: String,
    /// The subject.
    pub subject: String,
    /// `yes`, `no` or `unknown`.
    pub result: String,
    /// Why (findings for `no`, the missing piece for `unknown`).
    pub reason: String,
}

/// The media type of the registry's API: sent as `Content-Type` of request bodies and asked for
/// in `Accept`; the registry answers with it by default.
///
/// ```
/// assert_eq!(accord_schemas::api::MEDIA_TYPE, "application/vnd.schemaregistry.v1+json");
/// ```
pub const MEDIA_TYPE: &str = "application/vnd.schemaregistry.v1+json";

pub mod error_code;
