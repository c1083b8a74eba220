//! Validation throughput on `OrderCreated` events: `accord_schemas::validate::Validator` against
//! the `jsonschema` crate called directly on the same data, in the same run; schema compilation
//! measured separately.
//!
//! ```text
//! cargo bench -p accord-schemas --bench validate -- --warm-up-time 1 --measurement-time 3
//! ```

#![allow(missing_docs)] // criterion's macros generate undocumented public items

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde_json::Value;

use accord_schemas::json::SchemaDoc;
use accord_schemas::validate::{parse_payload, PayloadLimits, Validator};

#[path = "../examples/order_events.rs"]
#[allow(unreachable_pub)]
mod order_events;

const EVENTS: u64 = 1_000;

fn lines(invalid_every: u64) -> Vec<String> {
    (0..EVENTS)
        .map(|i| order_events::event_line(i, invalid_every, 0))
        .collect()
}

fn values(lines: &[String]) -> Vec<Value> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn validation(c: &mut Criterion) {
    let schema: Value = serde_json::from_str(order_events::SCHEMA).unwrap();
    let ours = Validator::compile(&SchemaDoc::parse(order_events::SCHEMA).unwrap()).unwrap();
    let direct = jsonschema::validator_for(&schema).unwrap();

    for (name, invalid_every) in [("all_valid", 0), ("10pct_invalid", 10)] {
        let lines = lines(invalid_every);
        let payloads = values(&lines);
        let expected_valid = payloads.iter().filter(|p| direct.is_valid(p)).count();
        assert_eq!(
            payloads.iter().filter(|p| ours.is_valid(p)).count(),
            expected_valid,
            "both validators must agree on the data"
        );

        let mut group = c.benchmark_group(format!("is_valid/{name}"));
        group.throughput(Throughput::Elements(EVENTS));
        group.bench_function("jsonschema_direct", |b| {
            b.iter(|| {
                payloads
                    .iter()
                    .filter(|p| direct.is_valid(black_box(p)))
                    .count()
            })
        });
        group.bench_function("accord_validator", |b| {
            b.iter(|| {
                payloads
                    .iter()
                    .filter(|p| ours.is_valid(black_box(p)))
                    .count()
            })
        });
        group.finish();

        // What a validating tool does per line: parse, check, collect violations when invalid.
        let limits = PayloadLimits::default();
        let mut group = c.benchmark_group(format!("parse_and_report/{name}"));
        group.throughput(Throughput::Elements(EVENTS));
        group.bench_function("jsonschema_direct", |b| {
            b.iter(|| {
                let mut violations = 0usize;
                for line in &lines {
                    let value: Value = serde_json::from_slice(black_box(line.as_bytes())).unwrap();
                    if !direct.is_valid(&value) {
                        violations += direct.iter_errors(&value).count();
                    }
                }
                violations
            })
        });
        group.bench_function("accord_validator", |b| {
            b.iter(|| {
                let mut violations = 0usize;
                for line in &lines {
                    let value = parse_payload(black_box(line.as_bytes()), &limits).unwrap();
                    violations += ours.validate(&value).violations().len();
                }
                violations
            })
        });
        group.finish();
    }
}

fn compilation(c: &mut Criterion) {
    let schema: Value = serde_json::from_str(order_events::SCHEMA).unwrap();
    let doc = SchemaDoc::parse(order_events::SCHEMA).unwrap();
    let mut group = c.benchmark_group("compile/order_created");
    group.bench_with_input(
        BenchmarkId::new("jsonschema_direct", "v1"),
        &schema,
        |b, s| b.iter(|| jsonschema::validator_for(black_box(s)).unwrap()),
    );
    group.bench_with_input(BenchmarkId::new("accord_validator", "v1"), &doc, |b, d| {
        b.iter(|| Validator::compile(black_box(d)).unwrap())
    });
    group.bench_function(BenchmarkId::new("accord_parse_and_compile", "v1"), |b| {
        b.iter(|| {
            Validator::compile(&SchemaDoc::parse(black_box(order_events::SCHEMA)).unwrap()).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, validation, compilation);
criterion_main!(benches);
