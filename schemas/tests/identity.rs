//! Schema identity: the GUIDs of the worked examples (a copy of the conformance fixture lives in
//! `tests/fixtures/guid-examples.json`), and canonical text feeding the identity.

use accord_schemas::api::{Metadata, RuleSet, SchemaReference};
use accord_schemas::canonical::{canonical_text, parse};
use accord_schemas::identity::Identity;
use accord_schemas::limits::Limits;
use serde_json::Value;

#[test]
fn guid_examples_match() {
    let fixture: Value = serde_json::from_str(include_str!("fixtures/guid-examples.json")).unwrap();
    let cases = fixture["cases"].as_array().unwrap();
    assert!(cases.len() >= 9);
    for case in cases {
        let schema = case["schema"].as_str().unwrap();
        let references: Vec<SchemaReference> = serde_json::from_value(
            case.get("references")
                .cloned()
                .unwrap_or(Value::Array(vec![])),
        )
        .unwrap();
        let metadata: Option<Metadata> = case
            .get("metadata")
            .map(|m| serde_json::from_value(m.clone()).unwrap());
        let rule_set: Option<RuleSet> = case
            .get("ruleSet")
            .map(|m| serde_json::from_value(m.clone()).unwrap());
        let id = Identity::of(schema, &references, metadata.as_ref(), rule_set.as_ref());
        assert_eq!(
            id.guid(),
            case["guid"].as_str().unwrap(),
            "{}",
            case["description"]
        );
        assert_eq!(Identity::parse_guid(&id.guid()), Some(id));
    }
}

#[test]
fn canonical_text_removes_whitespace_and_keeps_order_and_numbers() {
    let pretty = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"id\": {\n      \"type\": \"string\"\n    },\n    \"email\": {\n      \"type\": \"string\",\n      \"format\": \"email\"\n    }\n  },\n  \"required\": [\n    \"id\"\n  ]\n}";
    let canonical = canonical_text(&parse(pretty, &Limits::DEFAULT).unwrap(), false);
    assert_eq!(
        canonical,
        r#"{"type":"object","properties":{"id":{"type":"string"},"email":{"type":"string","format":"email"}},"required":["id"]}"#
    );
    // The pretty text hashes differently; its canonical form hashes like the compact one.
    assert_eq!(
        Identity::of(&canonical, &[], None, None).guid(),
        "d25d51f6-cd10-d494-74ea-ff7964d56cf1"
    );
    let numbers = canonical_text(
        &parse(
            r#"{ "multipleOf": 0.10, "maximum": 100.50 }"#,
            &Limits::DEFAULT,
        )
        .unwrap(),
        false,
    );
    assert_eq!(numbers, r#"{"multipleOf":0.10,"maximum":100.50}"#);
}
