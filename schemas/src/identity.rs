//! The identity of a schema: one MD5 digest over its canonical text, references, metadata and
//! rule set, rendered as a UUID (the GUID). Two registrations with the same identity share one
//! schema id.
//!
//! The byte layout is Confluent Schema Registry's, so GUIDs computed here resolve in clients that
//! compute them themselves.

use md5::{Digest, Md5};

use crate::api::{Metadata, Rule, RuleSet, SchemaReference};

/// The 16 bytes of a schema's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identity(pub [u8; 16]);

impl Identity {
    /// The identity of `canonical_text` with its references, metadata and rule set.
    ///
    /// ```
    /// use accord_schemas::identity::Identity;
    /// let id = Identity::of(r#"{"type":"string","description":"Größe – 大小"}"#, &[], None, None);
    /// assert_eq!(id.guid(), "35302731-4917-caed-9c90-114e2f06580d");
    /// ```
    pub fn of(
        canonical_text: &str,
        references: &[SchemaReference],
        metadata: Option<&Metadata>,
        rule_set: Option<&RuleSet>,
    ) -> Identity {
        let mut md5 = Md5::new();
        md5.update(canonical_text.as_bytes());
        for r in references {
            md5.update(r.name.as_bytes());
            md5.update(r.subject.as_bytes());
            md5.update(r.version.to_be_bytes());
        }
        if let Some(m) = metadata {
            md5.update([1u8]);
            for (key, values) in &m.tags {
                md5.update(key.as_bytes());
                let mut values: Vec<&String> = values.iter().collect();
                values.sort();
                for v in values {
                    md5.update(v.as_bytes());
                }
            }
            for (key, value) in &m.properties {
                md5.update(key.as_bytes());
                md5.update(value.as_bytes());
            }
            let mut sensitive: Vec<&String> = m.sensitive.iter().collect();
            sensitive.sort();
            for s in sensitive {
                md5.update(s.as_bytes());
            }
        }
        if let Some(rs) = rule_set {
            md5.update([1u8]);
            let rules = rs
                .migration_rules
                .iter()
                .chain(&rs.domain_rules)
                .chain(&rs.encoding_rules);
            for rule in rules {
                hash_rule(&mut md5, rule);
            }
            if let Some(e) = &rs.enable_at {
                md5.update(e.as_bytes());
            }
        }
        Identity(md5.finalize().into())
    }

    /// The identity as a lowercase 8-4-4-4-12 UUID string.
    pub fn guid(&self) -> String {
        let h: String = self.0.iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    }

    /// The identity as 32 lowercase hex digits.
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Parse a GUID (with or without dashes, any case).
    pub fn parse_guid(text: &str) -> Option<Identity> {
        let hex: String = text.chars().filter(|c| *c != '-').collect();
        if hex.len() != 32 || !hex.is_ascii() {
            return None;
        }
        let mut out = [0u8; 16];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Identity(out))
    }
}

fn hash_rule(md5: &mut Md5, rule: &Rule) {
    let opt = |md5: &mut Md5, s: &Option<String>| {
        if let Some(s) = s {
            md5.update(s.as_bytes());
        }
    };
    opt(md5, &rule.name);
    opt(md5, &rule.doc);
    opt(md5, &rule.kind);
    opt(md5, &rule.mode);
    opt(md5, &rule.rule_type);
    let mut tags: Vec<&String> = rule.tags.iter().collect();
    tags.sort();
    for t in tags {
        md5.update(t.as_bytes());
    }
    for (k, v) in &rule.params {
        md5.update(k.as_bytes());
        md5.update(v.as_bytes());
    }
    opt(md5, &rule.expr);
    opt(md5, &rule.on_success);
    opt(md5, &rule.on_failure);
    if rule.disabled {
        md5.update([1u8]);
    }
}
