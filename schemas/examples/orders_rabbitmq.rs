//! The order scenario on a real broker: an Orders producer validates each `OrderCreated` event
//! before publishing it to RabbitMQ, and a consumer validates every message it receives and
//! counts the rejects.
//!
//! ```text
//! cargo run -p accord-schemas --example orders_rabbitmq            # 127.0.0.1:5672, guest/guest
//! AMQP_URL=amqp://user:pass@host:5672/%2f cargo run -p accord-schemas --example orders_rabbitmq -- 1000
//! ```
//!
//! Self-contained: the schema is the local `order-created.v1.json`, compiled once, and messages
//! carry the Confluent framing with a fixed local schema id, exactly as they would with a
//! registry. Besides the validating producer, a "legacy" producer publishes a few messages without
//! validation (invalid events, a line that is not JSON, an unframed message) so the consumer has
//! something to reject. Exits 0 when the consumer accepted exactly what the producer published
//! and rejected exactly the legacy messages; 1 on a mismatch; 2 when the broker is unreachable.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use accord_schemas::json::SchemaDoc;
use accord_schemas::validate::{parse_payload, PayloadLimits, Validator};
use accord_schemas::wire;
use lapin::options::{
    BasicAckOptions, BasicGetOptions, BasicPublishOptions, QueueDeclareOptions, QueueDeleteOptions,
};
use lapin::types::FieldTable;
use lapin::{BasicProperties, Channel, Connection, ConnectionProperties};

#[path = "order_events.rs"]
#[allow(unreachable_pub)]
mod order_events;

/// The schema id messages are framed with (a registry would assign it).
const SCHEMA_ID: u32 = 1;

type Failure = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> ExitCode {
    let url = std::env::var("AMQP_URL")
        .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".to_string());
    let events: u64 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let connection = match Connection::connect(&url, ConnectionProperties::default()).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: cannot connect to RabbitMQ at {url}: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&connection, events).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run(connection: &Connection, events: u64) -> Result<bool, Failure> {
    let validator = Validator::compile(&SchemaDoc::parse(order_events::SCHEMA)?)?;
    let channel = connection.create_channel().await?;
    let queue = format!("accord.example.orders.{}", std::process::id());
    channel
        .queue_declare(
            queue.as_str().into(),
            QueueDeclareOptions {
                auto_delete: true,
                ..QueueDeclareOptions::default()
            },
            FieldTable::default(),
        )
        .await?;

    // Producer: validate, then publish; an invalid event never leaves the service.
    let (mut published, mut refused) = (0u64, 0u64);
    for i in 0..events {
        let line = order_events::event_line(i, 10, 0);
        let value = parse_payload(line.as_bytes(), &PayloadLimits::default())?;
        let outcome = validator.validate(&value);
        if outcome.is_valid() {
            publish(&channel, &queue, &wire::encode(SCHEMA_ID, line.as_bytes())).await?;
            published += 1;
        } else {
            refused += 1;
            if refused <= 3 {
                println!("producer refused event {i}: {}", outcome.violations()[0]);
            }
        }
    }

    // A legacy producer that does not validate.
    let legacy: Vec<Vec<u8>> = vec![
        wire::encode(SCHEMA_ID, order_events::event_line(0, 1, 0).as_bytes()),
        wire::encode(SCHEMA_ID, order_events::event_line(1, 1, 0).as_bytes()),
        wire::encode(SCHEMA_ID, b"{\"order_id\": \"o-1\", "),
        order_events::event_line(2, 0, 0).into_bytes(),
        wire::encode(SCHEMA_ID + 1, order_events::event_line(3, 0, 0).as_bytes()),
    ];
    for message in &legacy {
        publish(&channel, &queue, message).await?;
    }

    // Consumer: unframe, check the schema id, parse within limits, validate.
    let expected = published + legacy.len() as u64;
    let (mut accepted, mut rejected) = (0u64, BTreeMap::<String, u64>::new());
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut received = 0u64;
    while received < expected && Instant::now() < deadline {
        let Some(message) = channel
            .basic_get(queue.as_str().into(), BasicGetOptions::default())
            .await?
        else {
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        received += 1;
        let delivery = message.delivery;
        match check(&validator, &delivery.data) {
            Ok(()) => accepted += 1,
            Err(reason) => *rejected.entry(reason).or_default() += 1,
        }
        delivery.acker.ack(BasicAckOptions::default()).await?;
    }
    channel
        .queue_delete(queue.as_str().into(), QueueDeleteOptions::default())
        .await?;

    let rejected_total: u64 = rejected.values().sum();
    println!(
        "producer: {published} published, {refused} refused by validation; legacy producer: {} unvalidated",
        legacy.len()
    );
    println!("consumer: {received} received, {accepted} accepted, {rejected_total} rejected");
    for (reason, count) in &rejected {
        println!("  {count} × {reason}");
    }
    let ok = accepted == published && rejected_total == legacy.len() as u64;
    if !ok {
        eprintln!(
            "mismatch: expected {published} accepted and {} rejected",
            legacy.len()
        );
    }
    Ok(ok)
}

async fn publish(channel: &Channel, queue: &str, payload: &[u8]) -> Result<(), Failure> {
    channel
        .basic_publish(
            "".into(),
            queue.into(),
            BasicPublishOptions::default(),
            payload,
            BasicProperties::default(),
        )
        .await?
        .await?;
    Ok(())
}

/// Why a received message is rejected, as a short reason to count by.
fn check(validator: &Validator, bytes: &[u8]) -> Result<(), String> {
    let (id, payload) = wire::decode(bytes).map_err(|e| format!("bad frame: {e}"))?;
    if id != SCHEMA_ID {
        return Err(format!("unknown schema id {id}"));
    }
    let value = parse_payload(payload, &PayloadLimits::default()).map_err(|e| e.to_string())?;
    let outcome = validator.validate(&value);
    match outcome.violations().first() {
        None => Ok(()),
        Some(v) => Err(format!("invalid: {} at {:?}", v.keyword, v.instance_path)),
    }
}
