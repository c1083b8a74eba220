//! Property tests of the engine's invariants:
//! - every schema is compatible with itself at every level;
//! - BACKWARD(a → b) finds exactly what FORWARD(b → a) finds;
//! - soundness: when the engine says BACKWARD-compatible under STRICT (and gives no warning),
//!   every instance valid under the old schema is valid under the new one (checked with the
//!   `jsonschema` crate on instances generated from the old schema).

use accord_schemas::compat::{check, check_level, Level, Policy};
use accord_schemas::json::SchemaDoc;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const NAMES: [&str; 4] = ["a", "b", "xa", "xb"];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        (
            proptest::option::of(0u64..4),
            proptest::option::of(2u64..8),
            proptest::option::of(prop_oneof![Just("^x"), Just("y$")])
        )
            .prop_map(|(min, max, pattern)| {
                let mut m = Map::new();
                m.insert("type".into(), json!("string"));
                if let Some(v) = min {
                    m.insert("minLength".into(), json!(v));
                }
                if let Some(v) = max {
                    m.insert("maxLength".into(), json!(v));
                }
                if let Some(p) = pattern {
                    m.insert("pattern".into(), json!(p));
                }
                Value::Object(m)
            }),
        (
            prop_oneof![Just("integer"), Just("number")],
            proptest::option::of(-5i64..5),
            proptest::option::of(0i64..10),
            proptest::option::of(prop_oneof![Just(2), Just(3), Just(4)])
        )
            .prop_map(|(t, min, max, mul)| {
                let mut m = Map::new();
                m.insert("type".into(), json!(t));
                if let Some(v) = min {
                    m.insert("minimum".into(), json!(v));
                }
                if let Some(v) = max {
                    m.insert("maximum".into(), json!(v));
                }
                if let Some(v) = mul {
                    m.insert("multipleOf".into(), json!(v));
                }
                Value::Object(m)
            }),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "null"})),
        Just(json!({})),
        proptest::sample::subsequence(vec![json!("x"), json!("y"), json!(1), json!(null)], 1..4)
            .prop_map(|v| json!({"enum": v})),
        Just(json!({"type": ["string", "null"]})),
        prop_oneof![Just(json!("x")), Just(json!(1)), Just(json!(null))]
            .prop_map(|v| json!({"const": v})),
        (0i64..3).prop_map(|v| json!({"type": "number", "exclusiveMinimum": v})),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            (
                proptest::collection::btree_map(
                    proptest::sample::select(NAMES.to_vec()),
                    inner.clone(),
                    0..4
                ),
                proptest::sample::subsequence(NAMES.to_vec(), 0..3),
                prop_oneof![
                    Just(None),
                    Just(Some(json!(false))),
                    inner.clone().prop_map(Some)
                ],
            )
                .prop_map(|(props, required, additional)| {
                    let mut m = Map::new();
                    m.insert("type".into(), json!("object"));
                    m.insert(
                        "properties".into(),
                        Value::Object(props.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
                    );
                    if !required.is_empty() {
                        m.insert("required".into(), json!(required));
                    }
                    if let Some(a) = additional {
                        m.insert("additionalProperties".into(), a);
                    }
                    Value::Object(m)
                }),
            (
                inner.clone(),
                proptest::option::of(0u64..3),
                proptest::option::of(1u64..4)
            )
                .prop_map(|(items, min, max)| {
                    let mut m = Map::new();
                    m.insert("type".into(), json!("array"));
                    m.insert("items".into(), items);
                    if let Some(v) = min {
                        m.insert("minItems".into(), json!(v));
                    }
                    if let Some(v) = max {
                        m.insert("maxItems".into(), json!(v));
                    }
                    Value::Object(m)
                }),
            proptest::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"anyOf": v})),
            proptest::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"oneOf": v})),
            proptest::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"allOf": v})),
            inner.clone().prop_map(|v| json!({"not": v})),
            (
                proptest::collection::vec(inner.clone(), 1..3),
                prop_oneof![
                    Just(None),
                    Just(Some(json!(false))),
                    inner.clone().prop_map(Some)
                ],
            )
                .prop_map(|(slots, additional)| {
                    let mut m = Map::new();
                    m.insert("type".into(), json!("array"));
                    m.insert("items".into(), Value::Array(slots));
                    if let Some(a) = additional {
                        m.insert("additionalItems".into(), a);
                    }
                    Value::Object(m)
                }),
            (
                inner.clone(),
                proptest::collection::btree_map(
                    proptest::sample::select(NAMES.to_vec()),
                    inner.clone(),
                    0..3
                ),
                proptest::option::of(Just(json!(false))),
                proptest::option::of(inner),
                proptest::option::of(prop_oneof![
                    Just(json!({"maxLength": 1})),
                    Just(json!({"maxLength": 2})),
                    Just(json!({"pattern": "^x"})),
                ]),
            )
                .prop_map(|(pattern, props, additional, second, names)| {
                    let mut m = Map::new();
                    m.insert("type".into(), json!("object"));
                    let mut patterns = Map::new();
                    patterns.insert("^x".into(), pattern);
                    if let Some(second) = second {
                        patterns.insert("^xa".into(), second);
                    }
                    m.insert("patternProperties".into(), Value::Object(patterns));
                    if let Some(names) = names {
                        m.insert("propertyNames".into(), names);
                    }
                    m.insert(
                        "properties".into(),
                        Value::Object(props.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
                    );
                    if let Some(a) = additional {
                        m.insert("additionalProperties".into(), a);
                    }
                    Value::Object(m)
                }),
        ]
    })
}

/// Drop some keywords of a schema (mostly widening it, sometimes not) and maybe add a property.
fn mutate(value: &Value, rng: &mut Rng) -> Value {
    match value {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                if k != "type" && rng.chance(4) {
                    continue;
                }
                out.insert(k.clone(), mutate(v, rng));
            }
            if out.get("type") == Some(&json!("object")) && rng.chance(4) {
                let props = out.entry("properties").or_insert_with(|| json!({}));
                if let Value::Object(p) = props {
                    p.insert(NAMES[rng.below(4)].to_string(), json!({"type": "string"}));
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| mutate(v, rng)).collect()),
        other => other.clone(),
    }
}

/// Replace one sub-schema of `value` (sometimes the whole) with `other`.
fn graft(value: &Value, other: &Value, rng: &mut Rng) -> Value {
    if rng.chance(5) {
        return other.clone();
    }
    match value {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let v = match k.as_str() {
                        "properties" | "patternProperties" => match v {
                            Value::Object(props) => Value::Object(
                                props
                                    .iter()
                                    .map(|(n, p)| (n.clone(), graft(p, other, rng)))
                                    .collect(),
                            ),
                            other => other.clone(),
                        },
                        "items"
                        | "additionalItems"
                        | "additionalProperties"
                        | "propertyNames"
                        | "not"
                        | "anyOf"
                        | "oneOf"
                        | "allOf" => match v {
                            Value::Array(list) => {
                                Value::Array(list.iter().map(|p| graft(p, other, rng)).collect())
                            }
                            single => graft(single, other, rng),
                        },
                        _ => v.clone(),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, one_in: u64) -> bool {
        self.next() % one_in == 0
    }
}

/// An instance shaped after `schema` (often valid, sometimes not: the caller filters).
fn instance(schema: &Value, rng: &mut Rng, depth: usize) -> Value {
    let random = |rng: &mut Rng| -> Value {
        match rng.below(7) {
            0 => json!(null),
            1 => json!(rng.chance(2)),
            2 => json!(rng.below(10) as i64 - 3),
            3 => json!(rng.below(10) as f64 / 4.0),
            4 => json!(["x", "y", "xy", "", "abcdefgh"][rng.below(5)]),
            5 => json!({}),
            _ => json!([]),
        }
    };
    let Value::Object(m) = schema else {
        return random(rng);
    };
    if depth > 4 || rng.chance(8) {
        return random(rng);
    }
    if let Some(Value::Array(values)) = m.get("enum") {
        return values[rng.below(values.len())].clone();
    }
    if let Some(c) = m.get("const") {
        return c.clone();
    }
    if let Some(Value::Array(members)) = m.get("allOf") {
        return instance(&members[rng.below(members.len())], rng, depth + 1);
    }
    if m.contains_key("not") {
        return random(rng);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = m.get(key) {
            return instance(&members[rng.below(members.len())], rng, depth + 1);
        }
    }
    let ty = match m.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts[rng.below(ts.len())]
            .as_str()
            .unwrap_or("null")
            .to_string(),
        _ => return random(rng),
    };
    match ty.as_str() {
        "string" => {
            let max = m.get("maxLength").and_then(Value::as_u64).unwrap_or(6) as usize;
            let min = m.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
            let len = if max > min {
                min + rng.below(max - min + 1)
            } else {
                min
            };
            let mut s: String = (0..len).map(|_| ['x', 'y', 'z'][rng.below(3)]).collect();
            if rng.chance(2) && !s.is_empty() {
                s.replace_range(0..1, "x");
            }
            json!(s)
        }
        "integer" | "number" => {
            let min = m.get("minimum").and_then(Value::as_i64).unwrap_or(-5);
            let max = m
                .get("maximum")
                .and_then(Value::as_i64)
                .unwrap_or(10)
                .max(min);
            let mut n = min + rng.below((max - min + 1) as usize) as i64;
            if let Some(mul) = m.get("multipleOf").and_then(Value::as_i64) {
                n -= n.rem_euclid(mul);
            }
            if ty == "number" && rng.chance(3) {
                json!(n as f64 + 0.5)
            } else {
                json!(n)
            }
        }
        "boolean" => json!(rng.chance(2)),
        "null" => json!(null),
        "object" => {
            let mut out = Map::new();
            let required: Vec<&str> = m
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if let Some(Value::Object(props)) = m.get("properties") {
                for (k, v) in props {
                    if required.contains(&k.as_str()) || rng.chance(2) {
                        out.insert(k.clone(), instance(v, rng, depth + 1));
                    }
                }
            }
            for r in required {
                if !out.contains_key(r) {
                    out.insert(r.to_string(), random(rng));
                }
            }
            if rng.chance(3) {
                let name = NAMES[rng.below(4)];
                let pattern = m
                    .get("patternProperties")
                    .and_then(|p| p.get("^x"))
                    .filter(|_| name.starts_with('x'));
                let extra = pattern
                    .or(m.get("additionalProperties"))
                    .cloned()
                    .unwrap_or(json!({}));
                out.insert(name.to_string(), instance(&extra, rng, depth + 1));
            }
            Value::Object(out)
        }
        "array" => {
            if let Some(Value::Array(slots)) = m.get("items") {
                let n = rng.below(slots.len() + 2);
                let extra = m.get("additionalItems").cloned().unwrap_or(json!({}));
                return Value::Array(
                    (0..n)
                        .map(|i| instance(slots.get(i).unwrap_or(&extra), rng, depth + 1))
                        .collect(),
                );
            }
            let items = m.get("items").cloned().unwrap_or(json!({}));
            let n = rng.below(4);
            Value::Array((0..n).map(|_| instance(&items, rng, depth + 1)).collect())
        }
        _ => random(rng),
    }
}

fn doc(v: &Value) -> SchemaDoc {
    SchemaDoc::from_value(v.clone()).expect("generated schemas are valid")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn every_schema_is_compatible_with_itself(s in schema()) {
        let d = doc(&s);
        for level in Level::ALL {
            let report = check_level(&d, std::slice::from_ref(&d), level, Policy::Strict).unwrap();
            prop_assert!(report.compatible, "{} at {}: {:?}", s, level, report.changes);
        }
    }

    #[test]
    fn backward_of_a_b_equals_forward_of_b_a(a in schema(), seed in 1u64..u64::MAX) {
        let b = mutate(&a, &mut Rng(seed));
        let backward = check_level(&doc(&b), &[doc(&a)], Level::Backward, Policy::Strict).unwrap();
        let forward = check_level(&doc(&a), &[doc(&b)], Level::Forward, Policy::Strict).unwrap();
        prop_assert_eq!(backward.compatible, forward.compatible);
        let strip = |r: &accord_schemas::compat::Report| r.changes.iter().map(|c| (c.kind, c.path.clone(), c.old_pointer.clone(), c.new_pointer.clone())).collect::<Vec<_>>();
        prop_assert_eq!(strip(&backward), strip(&forward));
    }

    #[test]
    fn a_compatible_verdict_is_never_contradicted_by_an_instance(a in schema(), c in schema(), seed in 1u64..u64::MAX) {
        let mut rng = Rng(seed);
        let b = match rng.below(3) {
            0 => a.clone(),
            1 => mutate(&a, &mut rng),
            _ => graft(&a, &c, &mut rng),
        };
        let report = check(&doc(&a), &doc(&b), Policy::Strict).unwrap();
        if report.compatible && report.warnings.is_empty() {
            let old = jsonschema::draft7::new(&a).unwrap();
            let new = jsonschema::draft7::new(&b).unwrap();
            for _ in 0..40 {
                let v = instance(&a, &mut rng, 0);
                if old.is_valid(&v) {
                    prop_assert!(new.is_valid(&v), "compatible verdict contradicted: old {} new {} instance {} changes {:?}", a, b, v, report.changes);
                }
            }
        }
    }
}
