//! The limits of a check apply to each schema on its own: a schema that fits them can always be
//! checked against a compatible version of the same size.

use accord_schemas::compat::{
    check, check_level_with_limits, check_with_limits, ChangeKind, Level, Policy,
};
use accord_schemas::json::SchemaDoc;
use accord_schemas::limits::Limits;
use accord_schemas::Error;

/// An object with `n` string properties: 2 nodes each, plus 2 for the object.
fn wide(n: usize, last_max: usize) -> String {
    let mut props: Vec<String> = (1..n)
        .map(|i| format!(r#""p{i}":{{"type":"string","maxLength":5}}"#))
        .collect();
    props.push(format!(
        r#""p{n}":{{"type":"string","maxLength":{last_max}}}"#
    ));
    format!(
        r#"{{"type":"object","properties":{{{}}}}}"#,
        props.join(",")
    )
}

/// A `oneOf` of `n` distinct objects, each with a string of at most `max` characters.
fn alternatives(n: usize, max: usize) -> String {
    let members: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"type":"object","properties":{{"k{i}":{{"type":"string","maxLength":{max}}}}},"required":["k{i}"]}}"#
            )
        })
        .collect();
    format!(r#"{{"oneOf":[{}]}}"#, members.join(","))
}

#[test]
fn a_schema_at_the_node_limit_registers_and_evolves_by_a_copy_of_its_size() {
    // A tenth of the default node limit keeps the test quick; the budget is applied the same way.
    let limits = Limits {
        max_nodes: Limits::DEFAULT.max_nodes / 10,
        ..Limits::DEFAULT
    };
    let at_limit = limits.max_nodes / 2 - 1;
    let parse = |text: &str| SchemaDoc::parse_with_limits(text, &limits);
    let old = parse(&wide(at_limit, 5)).expect("a schema at the node limit parses");
    match parse(&wide(at_limit + 1, 5)) {
        Err(Error::Limit {
            limit: "max_nodes", ..
        }) => {}
        other => panic!("one property more must exceed the node limit: {other:?}"),
    }
    // Both sides together hold twice the node limit; each alone fits.
    let new = parse(&wide(at_limit, 6)).unwrap();
    let report = check_with_limits(&old, &new, Policy::Strict, &limits)
        .expect("the check stays within the limits");
    assert!(report.compatible, "{:?}", report.changes);
    let kinds: Vec<ChangeKind> = report.changes.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [ChangeKind::MaxLengthIncreased]);
    let full = check_level_with_limits(&new, &[old], Level::Full, Policy::Strict, &limits);
    assert!(!full.expect("FULL runs both directions").compatible);
}

#[test]
fn a_long_one_of_is_checked_against_a_widened_copy_within_the_comparison_budget() {
    // 3,000 members: comparing every pair would take 9,000,000 comparisons, over the budget of
    // 5,000,000; pairing each member with its counterpart first takes one per member.
    let n = 3000;
    assert!(n * n > Limits::DEFAULT.max_comparisons);
    let old = SchemaDoc::parse(&alternatives(n, 5)).unwrap();
    let new = SchemaDoc::parse(&alternatives(n, 6)).unwrap();
    let report = check(&old, &new, Policy::Strict).expect("the check stays within the budget");
    assert!(report.compatible, "{:?}", &report.changes[..3]);
    assert_eq!(report.changes.len(), n);
    assert!(report
        .changes
        .iter()
        .all(|c| c.kind == ChangeKind::MaxLengthIncreased));
    let same = check(&old, &old, Policy::Strict).unwrap();
    assert!(same.compatible && same.changes.is_empty());
}
