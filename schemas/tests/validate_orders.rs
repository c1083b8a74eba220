//! End to end on the order scenario: the generated `OrderCreated` stream (the benchmark's and the
//! CLI measurement's data) read as NDJSON, parsed within limits, validated, and framed.

use std::io::Cursor;

use accord_schemas::json::SchemaDoc;
use accord_schemas::validate::ndjson::NdjsonReader;
use accord_schemas::validate::{parse_payload, PayloadError, PayloadLimits, Validator};
use accord_schemas::wire;

#[path = "../examples/order_events.rs"]
#[allow(unreachable_pub)]
mod order_events;

fn validator() -> Validator {
    Validator::compile(&SchemaDoc::parse(order_events::SCHEMA).unwrap()).unwrap()
}

#[test]
fn each_kind_of_generated_flaw_is_caught_with_its_keyword() {
    let v = validator();
    let limits = PayloadLimits::default();
    // invalid_every = 1: event i carries flaw i % 6.
    let expected = [
        ("", "required"),
        ("/items/0/qty", "minimum"),
        ("/total", "minimum"),
        ("/total", "type"),
        ("/currency", "pattern"),
        ("", "additionalProperties"),
    ];
    for (i, (path, keyword)) in expected.iter().enumerate() {
        let line = order_events::event_line(i as u64, 1, 0);
        let outcome = v.validate_str(&line, &limits).unwrap();
        let first = outcome
            .violations()
            .first()
            .unwrap_or_else(|| panic!("flaw {i} not caught: {line}"));
        assert_eq!(
            (first.instance_path.as_str(), first.keyword.as_str()),
            (*path, *keyword),
            "{line}"
        );
    }
    for i in 0..500 {
        let line = order_events::event_line(i, 0, 0);
        assert!(v.validate_str(&line, &limits).unwrap().is_valid(), "{line}");
    }
}

#[test]
fn a_stream_with_bad_lines_is_read_to_the_end() {
    let v = validator();
    let limits = PayloadLimits {
        max_payload_bytes: 4096,
        ..PayloadLimits::default()
    };
    let mut input = String::new();
    for i in 0..2_000 {
        input.push_str(&order_events::event_line(i, 10, 1_000));
        input.push('\n');
        if i == 700 {
            input.push_str(&"x".repeat(10_000));
            input.push('\n');
            input.push_str(&format!("{}{}\n", "[".repeat(1_000), "]".repeat(1_000)));
        }
    }
    let mut reader = NdjsonReader::new(Cursor::new(input), limits.max_payload_bytes);
    let (mut valid, mut invalid, mut not_json, mut too_large, mut too_deep) = (0, 0, 0, 0, 0);
    while let Some(line) = reader.next_line().unwrap() {
        match line
            .payload
            .and_then(|bytes| v.validate_bytes(bytes, &limits))
        {
            Ok(outcome) if outcome.is_valid() => valid += 1,
            Ok(_) => invalid += 1,
            Err(PayloadError::NotJson { line: 1, .. }) => not_json += 1,
            Err(PayloadError::TooLarge { bytes: 10_000, .. }) => too_large += 1,
            Err(PayloadError::TooDeep { .. }) => too_deep += 1,
            Err(other) => panic!("line {}: {other}", line.number),
        }
    }
    assert_eq!(reader.line_number(), 2_002);
    assert_eq!((not_json, too_large, too_deep), (2, 1, 1));
    // Every 10th event is invalid; the 1000th of each thousand is replaced by a broken line.
    assert_eq!(invalid, 200 - 2);
    assert_eq!(valid, 2_000 - 200);
}

#[test]
fn framed_events_round_trip_and_bad_frames_are_told_apart() {
    let v = validator();
    let line = order_events::event_line(3, 0, 0);
    let framed = wire::encode(42, line.as_bytes());
    let (id, payload) = wire::decode(&framed).unwrap();
    assert_eq!(id, 42);
    let value = parse_payload(payload, &PayloadLimits::default()).unwrap();
    assert!(v.is_valid(&value));

    assert_eq!(
        wire::decode(line.as_bytes()),
        Err(wire::Error::UnknownMagicByte { byte: b'{' })
    );
    assert_eq!(
        wire::decode(&framed[..3]),
        Err(wire::Error::Truncated { len: 3 })
    );
}
