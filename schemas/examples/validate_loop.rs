//! The baseline for NDJSON validation throughput: the smallest program that reads a file line by
//! line, parses each line and validates it, calling `serde_json` and `jsonschema` directly.
//!
//! ```text
//! cargo run --release -p accord-schemas --example order_events -- 1000000 > /tmp/orders.ndjson
//! cargo run --release -p accord-schemas --example validate_loop -- \
//!     schemas/examples/order-created.v1.json /tmp/orders.ndjson
//! cargo run --release -p accord-schemas --example validate_loop -- --accord \
//!     schemas/examples/order-created.v1.json /tmp/orders.ndjson
//! ```
//!
//! With `--accord` the same loop runs through `accord_schemas::validate` (bounded line reader,
//! bounded parser, compiled `Validator`), which is what `accord validate` builds on; comparing
//! the two shows what the library's safety limits cost. Invalid lines have their violations
//! collected in both modes, as a validating tool must report them.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::time::Instant;

use accord_schemas::json::SchemaDoc;
use accord_schemas::validate::ndjson::NdjsonReader;
use accord_schemas::validate::{parse_payload, PayloadLimits, Validator};

#[derive(Default)]
struct Counts {
    lines: u64,
    valid: u64,
    invalid: u64,
    violations: u64,
    unparsable: u64,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let accord = args.first().is_some_and(|a| a == "--accord");
    if accord {
        args.remove(0);
    }
    let [schema_path, ndjson_path] = args.as_slice() else {
        return Err("usage: validate_loop [--accord] SCHEMA.json EVENTS.ndjson".into());
    };
    let schema_text = std::fs::read_to_string(schema_path)?;
    let input = BufReader::with_capacity(1 << 16, File::open(ndjson_path)?);

    let started = Instant::now();
    let counts = if accord {
        accord_loop(&schema_text, input)?
    } else {
        direct_loop(&schema_text, input)?
    };
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} lines in {secs:.3} s: {:.0} lines/s ({} valid, {} invalid with {} violations, {} not JSON) [{}]",
        counts.lines,
        counts.lines as f64 / secs,
        counts.valid,
        counts.invalid,
        counts.violations,
        counts.unparsable,
        if accord { "accord" } else { "direct" },
    );
    Ok(())
}

/// `serde_json` + `jsonschema`, nothing else.
fn direct_loop(
    schema: &str,
    mut input: impl BufRead,
) -> Result<Counts, Box<dyn std::error::Error>> {
    let schema: serde_json::Value = serde_json::from_str(schema)?;
    let validator = jsonschema::validator_for(&schema)?;
    let mut counts = Counts::default();
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        counts.lines += 1;
        match serde_json::from_slice::<serde_json::Value>(&line) {
            Err(_) => counts.unparsable += 1,
            Ok(value) if validator.is_valid(&value) => counts.valid += 1,
            Ok(value) => {
                counts.invalid += 1;
                counts.violations += validator.iter_errors(&value).count() as u64;
            }
        }
    }
    Ok(counts)
}

/// The same loop through `accord_schemas::validate`.
fn accord_loop(schema: &str, input: impl BufRead) -> Result<Counts, Box<dyn std::error::Error>> {
    let validator = Validator::compile(&SchemaDoc::parse(schema)?)?;
    let limits = PayloadLimits::default();
    let mut reader = NdjsonReader::new(input, limits.max_payload_bytes);
    let mut counts = Counts::default();
    while let Some(line) = reader.next_line()? {
        counts.lines += 1;
        match line.payload.and_then(|bytes| parse_payload(bytes, &limits)) {
            Err(_) => counts.unparsable += 1,
            Ok(value) if validator.is_valid(&value) => counts.valid += 1,
            Ok(value) => {
                counts.invalid += 1;
                counts.violations += validator.validate(&value).violations().len() as u64;
            }
        }
    }
    Ok(counts)
}
