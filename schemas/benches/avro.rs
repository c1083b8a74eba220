//! Benchmarks of the Avro compatibility check on a pair of 100-field records (the new one adds a
//! field with a default and promotes ten fields), beside `apache-avro`'s own `can_read` on the
//! same pair.
//!
//! Run: `cargo bench -p accord-schemas --bench avro`

#![allow(missing_docs)] // criterion's macros generate undocumented public items

use accord_schemas::avro::{check, AvroSchema};
use accord_schemas::compat::Policy;
use apache_avro::schema_compatibility::SchemaCompatibility;
use criterion::{criterion_group, criterion_main, Criterion};

fn record(new: bool) -> String {
    let mut fields = Vec::new();
    for i in 0..100 {
        let ty = if new && i % 10 == 0 { "long" } else { "int" };
        fields.push(format!(r#"{{"name":"f{i}","type":"{ty}"}}"#));
    }
    if new {
        fields.push(r#"{"name":"extra","type":"string","default":""}"#.to_string());
    }
    format!(
        r#"{{"type":"record","name":"Wide","fields":[{}]}}"#,
        fields.join(",")
    )
}

fn bench(c: &mut Criterion) {
    let old = AvroSchema::parse(&record(false), &[]).unwrap();
    let new = AvroSchema::parse(&record(true), &[]).unwrap();
    assert!(check(&old, &new, Policy::Strict).unwrap().compatible);
    assert!(SchemaCompatibility::can_read(old.schema(), new.schema()).is_ok());
    c.bench_function("avro_100_fields_accord_check", |b| {
        b.iter(|| check(&old, &new, Policy::Strict).unwrap())
    });
    c.bench_function("avro_100_fields_apache_avro_can_read", |b| {
        b.iter(|| SchemaCompatibility::can_read(old.schema(), new.schema()).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
