//! The engine beyond single change kinds: levels and transitivity, pointers and values, warnings,
//! recursion, references between documents, and bad input within the documented limits.

use accord_schemas::compat::{
    check, check_level, ChangeKind, Direction, Level, Policy, WarningKind,
};
use accord_schemas::json::SchemaDoc;
use accord_schemas::Error;

fn doc(text: &str) -> SchemaDoc {
    SchemaDoc::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

const V1: &str = r#"{"type":"object","properties":{"id":{"type":"string"},"n":{"type":"integer"}},"required":["id"],"additionalProperties":false}"#;
const V2: &str = r#"{"type":"object","properties":{"id":{"type":"string"},"n":{"type":"integer"},"note":{"type":"string"}},"required":["id"],"additionalProperties":false}"#;
const V3: &str = r#"{"type":"object","properties":{"id":{"type":"string"},"note":{"type":"string"}},"required":["id"],"additionalProperties":false}"#;

#[test]
fn forward_is_the_swapped_check_and_full_is_both() {
    let (v1, v2) = (doc(V1), doc(V2));
    // Adding an optional property to a closed object: fine for new readers...
    assert!(
        check_level(
            &v2,
            std::slice::from_ref(&v1),
            Level::Backward,
            Policy::Strict
        )
        .unwrap()
        .compatible
    );
    // ...and old readers of a closed object reject the new property.
    let forward = check_level(
        &v2,
        std::slice::from_ref(&v1),
        Level::Forward,
        Policy::Strict,
    )
    .unwrap();
    assert!(!forward.compatible);
    assert!(forward
        .changes
        .iter()
        .all(|c| c.direction == Direction::Forward));
    assert_eq!(
        forward.changes[0].kind,
        ChangeKind::PropertyRemovedFromClosedContentModel
    );
    let full = check_level(&v2, &[v1], Level::Full, Policy::Strict).unwrap();
    assert!(!full.compatible);
    assert!(full
        .changes
        .iter()
        .any(|c| c.direction == Direction::Backward));
    assert!(full
        .changes
        .iter()
        .any(|c| c.direction == Direction::Forward));
}

#[test]
fn transitive_levels_walk_the_history_and_stop_at_the_first_failure() {
    // v3 drops `n`: closed model, so removing a property is breaking BACKWARD against v1 and v2;
    // against an open older version it would pass. History newest first.
    let open_v0 = r#"{"type":"object","properties":{"id":{"type":"string"}}}"#;
    let history = vec![doc(V2), doc(V1), doc(open_v0)];
    let plain = check_level(&doc(V3), &history, Level::Backward, Policy::Strict).unwrap();
    assert!(!plain.compatible);
    assert_eq!(plain.failed_against, Some(0));
    // A candidate compatible with the latest only.
    let candidate = doc(V2);
    let latest_only = check_level(
        &candidate,
        &[doc(V2), doc(open_v0)],
        Level::Backward,
        Policy::Strict,
    )
    .unwrap();
    assert!(
        latest_only.compatible,
        "non-transitive looks at the latest only"
    );
    let transitive = check_level(
        &candidate,
        &[doc(V2), doc(open_v0)],
        Level::BackwardTransitive,
        Policy::Strict,
    )
    .unwrap();
    assert!(!transitive.compatible);
    assert_eq!(transitive.failed_against, Some(1));
}

#[test]
fn none_and_empty_history_are_compatible() {
    let report = check_level(
        &doc(r#"{"type":"string"}"#),
        &[doc(r#"{"type":"object"}"#)],
        Level::None,
        Policy::Strict,
    )
    .unwrap();
    assert!(report.compatible && report.changes.is_empty());
    assert!(
        check_level(&doc(V1), &[], Level::FullTransitive, Policy::Strict)
            .unwrap()
            .compatible
    );
}

#[test]
fn every_schema_is_compatible_with_itself_at_every_level() {
    for text in [
        V1,
        V2,
        r#"{"anyOf":[{"type":"string"},{"type":"integer"}]}"#,
        r#"{"not":{"type":"string"}}"#,
    ] {
        for level in Level::ALL {
            let report = check_level(&doc(text), &[doc(text)], level, Policy::Strict).unwrap();
            assert!(report.compatible, "{text} at {level}: {:?}", report.changes);
        }
    }
}

#[test]
fn changes_carry_pointers_values_and_a_sentence() {
    let old = doc(
        r##"{"type":"object","properties":{"x":{"$ref":"#/definitions/a"}},"definitions":{"a":{"type":"string","maxLength":5}}}"##,
    );
    let new = doc(
        r##"{"type":"object","properties":{"x":{"$ref":"#/definitions/a"}},"definitions":{"a":{"type":"string","maxLength":3}}}"##,
    );
    let report = check(&old, &new, Policy::Strict).unwrap();
    let c = &report.changes[0];
    assert_eq!(c.kind, ChangeKind::MaxLengthDecreased);
    assert_eq!(c.path, "#/properties/x/maxLength");
    assert_eq!(c.old_pointer.as_deref(), Some("/definitions/a/maxLength"));
    assert_eq!(c.new_pointer.as_deref(), Some("/definitions/a/maxLength"));
    assert_eq!(c.old_value, Some(serde_json::json!(5)));
    assert_eq!(c.new_value, Some(serde_json::json!(3)));
    assert!(
        c.message.contains("maxLength") && c.message.contains('5') && c.message.contains('3'),
        "{}",
        c.message
    );
    assert!(!c.compatible);
}

#[test]
fn added_property_message_explains_the_open_model() {
    let report = check(
        &doc(r#"{"type":"object"}"#),
        &doc(r#"{"type":"object","properties":{"email":{"type":"string"}}}"#),
        Policy::Strict,
    )
    .unwrap();
    let c = &report.changes[0];
    assert_eq!(c.path, "#/properties/email");
    assert_eq!(c.old_pointer, None);
    assert_eq!(c.new_pointer.as_deref(), Some("/properties/email"));
    assert!(
        c.message.contains("open object") && c.message.contains("email"),
        "{}",
        c.message
    );
}

#[test]
fn the_order_of_changes_is_deterministic() {
    let old = doc(
        r#"{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"string"},"c":{"type":"string"}}}"#,
    );
    let new = doc(
        r#"{"type":"object","properties":{"c":{"type":"integer"},"a":{"type":"integer"},"b":{"type":"integer"}}}"#,
    );
    let paths: Vec<String> = check(&old, &new, Policy::Strict)
        .unwrap()
        .changes
        .into_iter()
        .map(|c| c.path)
        .collect();
    assert_eq!(
        paths,
        ["#/properties/a", "#/properties/b", "#/properties/c"]
    );
}

#[test]
fn add_only_allows_only_added_optional_properties_and_documentation() {
    let old = doc(r#"{"type":"object","title":"A","properties":{"id":{"type":"string"}}}"#);
    let ok = doc(
        r#"{"type":"object","title":"B","properties":{"id":{"type":"string"},"note":{"type":"string"}}}"#,
    );
    assert!(check(&old, &ok, Policy::AddOnly).unwrap().compatible);
    // Relaxing a bound is compatible under STRICT, but not an addition.
    let old = doc(r#"{"type":"object","properties":{"id":{"type":"string","maxLength":3}}}"#);
    let relaxed = doc(r#"{"type":"object","properties":{"id":{"type":"string"}}}"#);
    assert!(check(&old, &relaxed, Policy::Strict).unwrap().compatible);
    let report = check(&old, &relaxed, Policy::AddOnly).unwrap();
    assert!(!report.compatible);
    assert!(
        report.changes[0]
            .message
            .contains("not allowed under ADD_ONLY: MAX_LENGTH_REMOVED"),
        "{}",
        report.changes[0].message
    );
}

#[test]
fn warnings_where_confluent_is_knowingly_lenient() {
    let warnings = |old: &str, new: &str| -> Vec<WarningKind> {
        let r = check(&doc(old), &doc(new), Policy::Strict).unwrap();
        r.warnings.iter().map(|w| w.kind).collect()
    };
    // A name required that nobody declares: compatible for Confluent, but old data lacks it.
    let r = check(
        &doc(r#"{"type":"object","required":["bar"]}"#),
        &doc(r#"{"type":"object","required":["foo"]}"#),
        Policy::Strict,
    )
    .unwrap();
    assert!(r.compatible);
    assert_eq!(r.warnings[0].kind, WarningKind::UndeclaredRequiredAdded);
    assert!(r.warnings[0].message.contains("foo"));
    // A `oneOf` that repeats a member matches that member's values twice, so rejects them.
    assert_eq!(
        warnings(r#"{"allOf":[{"type":"string"}]}"#, r#"{"oneOf":[{},{}]}"#),
        [WarningKind::OneOfMembersOverlap]
    );
    // The same when the old schema declared it and the new one dropped it while requiring it.
    assert_eq!(
        warnings(
            r#"{"type":"object","properties":{"foo":{"type":"string"}}}"#,
            r#"{"type":"object","properties":{},"required":["foo"]}"#
        ),
        [WarningKind::UndeclaredRequiredAdded]
    );
    assert_eq!(
        warnings(
            r#"{"type":"object","properties":{"a":{"type":"string"}}}"#,
            r#"{"type":"object","properties":{"a":{"type":"string","default":"x"}},"required":["a"]}"#
        ),
        [WarningKind::RequiredWithDefault]
    );
    assert_eq!(
        warnings(
            r#"{"oneOf":[{"type":"number"},{"type":"string"}]}"#,
            r#"{"oneOf":[{"type":"number"},{"type":"string"},{"type":"integer"}]}"#
        ),
        [WarningKind::OneOfMembersOverlap]
    );
    assert!(warnings(
        r#"{"oneOf":[{"type":"number"},{"type":"string"}]}"#,
        r#"{"oneOf":[{"type":"number"},{"type":"string"},{"type":"boolean"}]}"#
    )
    .is_empty());
    assert_eq!(
        warnings(
            r#"{"$schema":"http://json-schema.org/draft-04/schema#","type":"number","maximum":5}"#,
            r#"{"$schema":"http://json-schema.org/draft-04/schema#","type":"number","maximum":5,"exclusiveMaximum":true}"#
        ),
        [WarningKind::UncomparedKeywordChanged]
    );
    assert_eq!(
        warnings(
            r#"{"type":"array","contains":{"type":"string"}}"#,
            r#"{"type":"array","contains":{"type":"integer"}}"#
        ),
        [WarningKind::UncomparedKeywordChanged]
    );
}

#[test]
fn recursive_schemas_terminate_and_are_compatible_with_themselves() {
    let tree = r##"{"$ref":"#/definitions/node","definitions":{"node":{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#/definitions/node"}},"alt":{"anyOf":[{"$ref":"#/definitions/node"},{"type":"null"}]}}}}}"##;
    let report = check(&doc(tree), &doc(tree), Policy::Strict).unwrap();
    assert!(
        report.compatible && report.changes.is_empty(),
        "{:?}",
        report.changes
    );
}

#[test]
fn a_break_behind_recursion_inside_a_combination_is_found() {
    // The only route to the break is through an anyOf member that recurses: the fixed point must
    // not keep the optimistic "compatible" assumption made while the pair was in progress.
    let old = r##"{"$ref":"#/definitions/n","definitions":{"n":{"type":"object","properties":{"v":{"type":"string"},"next":{"anyOf":[{"$ref":"#/definitions/n"},{"type":"null"}]}}}}}"##;
    let new = r##"{"$ref":"#/definitions/n","definitions":{"n":{"type":"object","properties":{"v":{"type":"string","maxLength":2},"next":{"anyOf":[{"$ref":"#/definitions/n"},{"type":"null"}]}}}}}"##;
    let report = check(&doc(old), &doc(new), Policy::Strict).unwrap();
    assert!(!report.compatible);
}

#[test]
fn references_to_other_documents_resolve_by_name() {
    let customer_v1 = doc(r#"{"type":"object","properties":{"email":{"type":"string"}}}"#);
    let customer_v2 = doc(r#"{"type":"object","properties":{"email":{"type":"integer"}}}"#);
    let order = r#"{"type":"object","properties":{"customer":{"$ref":"customer.json"}}}"#;
    let old = doc(order).with_reference("customer.json", customer_v1);
    let new = doc(order).with_reference("customer.json", customer_v2);
    let report = check(&old, &new, Policy::Strict).unwrap();
    assert_eq!(report.changes[0].kind, ChangeKind::TypeChanged);
    assert_eq!(
        report.changes[0].path,
        "#/properties/customer/properties/email"
    );
    assert_eq!(
        report.changes[0].old_pointer.as_deref(),
        Some("customer.json#/properties/email")
    );
}

#[test]
fn ids_and_anchors_resolve_inside_the_document() {
    let old = r##"{"$id":"http://example.com/root.json","type":"object","properties":{"a":{"$ref":"item.json"},"b":{"$ref":"#thing"}},"definitions":{"i":{"$id":"item.json","type":"string"},"t":{"$id":"#thing","type":"integer"}}}"##;
    let new = old.replace(
        r#""$id":"item.json","type":"string""#,
        r#""$id":"item.json","type":"boolean""#,
    );
    let report = check(&doc(old), &doc(&new), Policy::Strict).unwrap();
    let kinds: Vec<_> = report
        .changes
        .iter()
        .map(|c| (c.kind, c.path.as_str()))
        .collect();
    assert_eq!(kinds, [(ChangeKind::TypeChanged, "#/properties/a")]);
}

// ---- bad input -------------------------------------------------------------------------------

#[test]
fn invalid_json_names_line_and_column() {
    match SchemaDoc::parse("{\n  \"type\": \"string\",\n  oops\n}") {
        Err(Error::Json { line, column, .. }) => assert_eq!((line, column), (3, 3)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_document_that_is_not_a_schema_names_the_place() {
    let err = SchemaDoc::parse(r#"{"type": 5}"#).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidSchema { pointer, .. } if pointer == "/type"),
        "{err:?}"
    );
    let err = SchemaDoc::parse(r#"{"properties": {"a": {"minLength": "x"}}}"#).unwrap_err();
    assert!(err.to_string().contains("/properties/a/minLength"), "{err}");
    assert!(SchemaDoc::parse("[1,2]").is_err());
}

#[test]
fn remote_and_missing_references_are_errors_and_never_fetched() {
    let err = SchemaDoc::parse(r##"{"$ref":"#/definitions/missing"}"##).unwrap_err();
    assert!(matches!(err, Error::UnresolvedRef { .. }), "{err:?}");
    let remote =
        doc(r#"{"type":"object","properties":{"a":{"$ref":"https://example.com/a.json"}}}"#);
    let err = check(&remote, &remote, Policy::Strict).unwrap_err();
    assert!(err.to_string().contains("never fetched"), "{err}");
    assert!(remote.check_references().is_err());
}

#[test]
fn a_ref_cycle_with_no_content_is_an_error() {
    for text in [
        r##"{"$ref":"#"}"##,
        r##"{"$ref":"#/definitions/a","definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}}}"##,
    ] {
        let err = SchemaDoc::parse(text).unwrap_err();
        assert!(err.to_string().contains("cycle"), "{text}: {err}");
    }
}

#[test]
fn ten_thousand_levels_of_nesting_is_a_clear_error() {
    let deep = format!("{}{}", r#"{"items":"#.repeat(10_000), "}".repeat(10_000));
    let err = SchemaDoc::parse(&deep).unwrap_err();
    assert!(
        err.to_string().contains("recursion limit") || err.to_string().contains("max_depth"),
        "{err}"
    );
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(SchemaDoc::parse(&deep).is_err());
}

#[test]
fn a_20_mb_schema_is_refused_by_the_size_limit() {
    let big = format!(
        r#"{{"type":"string","description":"{}"}}"#,
        "x".repeat(20 * 1024 * 1024)
    );
    match SchemaDoc::parse(&big) {
        Err(Error::Limit { limit, .. }) => assert_eq!(limit, "max_document_bytes"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_pathological_regex_is_refused_by_the_regex_limit() {
    let err = SchemaDoc::parse(r#"{"type":"string","pattern":"((a{1,1000}){1,1000}){1,1000}"}"#)
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Limit {
                limit: "max_regex_size",
                ..
            }
        ),
        "{err:?}"
    );
    let long = format!(r#"{{"type":"string","pattern":"{}"}}"#, "a".repeat(10_000));
    assert!(matches!(
        SchemaDoc::parse(&long),
        Err(Error::Limit {
            limit: "max_pattern_bytes",
            ..
        })
    ));
    // A classic catastrophic-backtracking pattern is fine: the engine is linear-time.
    assert!(SchemaDoc::parse(r#"{"type":"string","pattern":"^(a+)+$"}"#).is_ok());
}

#[test]
fn a_long_chain_of_references_is_bounded() {
    let mut defs = Vec::new();
    for i in 0..2000 {
        defs.push(format!(
            r##""d{i}":{{"type":"object","properties":{{"x":{{"$ref":"#/definitions/d{}"}}}}}}"##,
            i + 1
        ));
    }
    defs.push(r#""d2000":{"type":"string"}"#.to_string());
    let old = format!(
        r##"{{"$ref":"#/definitions/d0","definitions":{{{}}}}}"##,
        defs.join(",")
    );
    let new = old.replace(
        r#""d2000":{"type":"string"}"#,
        r#""d2000":{"type":"integer"}"#,
    );
    match check(&doc(&old), &doc(&new), Policy::Strict) {
        Err(Error::Limit { limit, .. }) => assert_eq!(limit, "max_compare_depth"),
        Ok(r) => assert!(!r.compatible),
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn regression_widened_one_of_member_overlapping_another_is_warned() {
    // Found by the soundness property: Confluent's verdict is compatible (widening a member to
    // `{}` is no change), yet `true` now matches both members and fails `oneOf`.
    let old = doc(r#"{"oneOf":[{"type":"boolean"},{"anyOf":[{"enum":[null]}]}]}"#);
    let new = doc(r#"{"oneOf":[{"type":"boolean"},{"anyOf":[{}]}]}"#);
    let report = check(&old, &new, Policy::Strict).unwrap();
    assert!(report.compatible);
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(report.warnings[0].kind, WarningKind::OneOfMembersOverlap);
}

#[test]
fn regression_property_added_beside_pattern_properties_with_open_additional_properties() {
    // Found by the soundness property: with `patternProperties` but no `additionalProperties`,
    // a name no pattern matches is open, so old events may carry it with any value.
    let old = doc(r#"{"type":"object","patternProperties":{"^x":{"type":"string"}}}"#);
    let new = doc(
        r#"{"type":"object","patternProperties":{"^x":{"type":"string"}},"properties":{"a":{"type":"string"}}}"#,
    );
    let report = check(&old, &new, Policy::Strict).unwrap();
    assert!(!report.compatible);
    assert_eq!(
        report.changes[0].kind,
        ChangeKind::OptionalPropertyAddedToOpenContentModel
    );
    // A name a pattern covers is judged by the covering schema, as before.
    let new = doc(
        r#"{"type":"object","patternProperties":{"^x":{"type":"string"}},"properties":{"xa":{"type":"string"}}}"#,
    );
    assert!(check(&old, &new, Policy::Strict).unwrap().compatible);
}

#[test]
fn regression_warning_inside_not_is_kept() {
    // Found by the soundness property: a knowingly lenient spot inside `not` (a required name
    // nobody declares) flips the meaning of "compatible"; the warning must reach the report.
    let old = doc(r#"{"not":{"type":"object","properties":{},"required":["x"]}}"#);
    let new = doc(r#"{"not":{"type":"object","properties":{}}}"#);
    let report = check(&old, &new, Policy::Strict).unwrap();
    assert_eq!(report.warnings.len(), 1, "{report:?}");
}

#[test]
fn regression_combined_members_prefer_clean_pairs() {
    // Found by the self-compatibility property: a pair matchable only through an unjudged change
    // must not displace a clean pairing.
    let s = r#"{"oneOf":[{"type":"object","patternProperties":{"^x":{"type":"string"}}},{"type":"object","patternProperties":{"^x":{"type":"string","pattern":"^x"}}}]}"#;
    let report = check(&doc(s), &doc(s), Policy::Strict).unwrap();
    assert!(
        report.compatible && report.changes.is_empty(),
        "{:?}",
        report.changes
    );
}

#[test]
fn regression_an_unchanged_pattern_keeps_its_doubt_without_a_verdict() {
    // Found by the self-compatibility property: a pattern whose schema raises a warning even
    // against itself (members of a `oneOf` that may overlap) is no change, and keeps the warning.
    let s = r#"{"type":"object","patternProperties":{"^x":{"type":"string"},"^xa":{"oneOf":[{"not":{"type":"string"}},{"type":"string"}]}}}"#;
    let report = check(&doc(s), &doc(s), Policy::Strict).unwrap();
    assert!(
        report.compatible && report.changes.is_empty(),
        "{:?}",
        report.changes
    );
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert_eq!(report.warnings[0].path, "#/patternProperties/^xa");
}
