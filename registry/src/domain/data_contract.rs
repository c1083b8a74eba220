//! Data contracts: the metadata and rules a registration carries, completed the way Confluent
//! does (see [data contracts](https://docs.confluent.io/platform/current/schema-registry/fundamentals/data-contracts.html#configuration-enhancements)):
//! a request without metadata (or rules) takes the latest live version's, then the config's
//! `defaultMetadata` goes under it and `overrideMetadata` over it (likewise for rule sets).

use accord_schemas::api::{Config, Metadata, RegisterSchemaRequest, Rule, RuleSet};

use crate::store::VersionRecord;

/// `wider` with `narrower` merged over it: tags and properties by key, sensitive names united.
fn merge_metadata(wider: Option<&Metadata>, narrower: Option<&Metadata>) -> Option<Metadata> {
    match (wider, narrower) {
        (None, None) => None,
        (Some(m), None) | (None, Some(m)) => Some(m.clone()),
        (Some(w), Some(n)) => {
            let mut out = w.clone();
            out.tags.extend(n.tags.clone());
            out.properties.extend(n.properties.clone());
            for s in &n.sensitive {
                if !out.sensitive.contains(s) {
                    out.sensitive.push(s.clone());
                }
            }
            out.sensitive.sort();
            Some(out)
        }
    }
}

/// `wide` without the rules `narrow` names, then `narrow`.
fn merge_rules(wide: &[Rule], narrow: &[Rule]) -> Vec<Rule> {
    let mut out: Vec<_> = wide
        .iter()
        .filter(|r| !narrow.iter().any(|n| n.name.is_some() && n.name == r.name))
        .cloned()
        .collect();
    out.extend(narrow.iter().cloned());
    out
}

/// `wider` with `narrower` merged over it: a rule replaces the rule of the same name.
fn merge_rule_set(wider: Option<&RuleSet>, narrower: Option<&RuleSet>) -> Option<RuleSet> {
    match (wider, narrower) {
        (None, None) => None,
        (Some(r), None) | (None, Some(r)) => Some(r.clone()),
        (Some(w), Some(n)) => Some(RuleSet {
            migration_rules: merge_rules(&w.migration_rules, &n.migration_rules),
            domain_rules: merge_rules(&w.domain_rules, &n.domain_rules),
            encoding_rules: merge_rules(&w.encoding_rules, &n.encoding_rules),
            enable_at: n.enable_at.clone().or_else(|| w.enable_at.clone()),
        }),
    }
}

/// The request with its effective metadata and rules (see the module documentation).
pub fn with_data_contract(
    req: &RegisterSchemaRequest,
    versions: &[VersionRecord],
    config: &Config,
) -> RegisterSchemaRequest {
    let latest = versions.iter().rev().find(|v| !v.deleted);
    let metadata = req
        .metadata
        .clone()
        .or_else(|| latest.and_then(|v| v.schema.stored.metadata.clone()));
    let rule_set = req
        .rule_set
        .clone()
        .or_else(|| latest.and_then(|v| v.schema.stored.rule_set.clone()));
    let metadata = merge_metadata(config.default_metadata.as_ref(), metadata.as_ref());
    let metadata = merge_metadata(metadata.as_ref(), config.override_metadata.as_ref());
    let rule_set = merge_rule_set(config.default_rule_set.as_ref(), rule_set.as_ref());
    let rule_set = merge_rule_set(rule_set.as_ref(), config.override_rule_set.as_ref());
    RegisterSchemaRequest {
        metadata,
        rule_set,
        ..req.clone()
    }
}
