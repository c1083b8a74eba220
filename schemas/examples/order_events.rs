//! Writes `OrderCreated` events as NDJSON, some of them invalid, for throughput measurements.
//!
//! ```text
//! cargo run --release -p accord-schemas --example order_events -- 1000000 > orders.ndjson
//! cargo run --release -p accord-schemas --example order_events -- 1000 --invalid-every 4
//! ```
//!
//! Events are deterministic (the same N gives the same file). By default every 10th event is
//! invalid against `order-created.v1.json` in a rotating way (a missing field, a wrong type, a
//! value out of range, an unknown property, a bad pattern), and every 1000th line is not JSON at
//! all. The schema is `schemas/examples/order-created.v1.json`; this file is also included by the
//! validation benchmark and the RabbitMQ example, which share its generator.

#![allow(dead_code)] // shared with other targets that use only part of it

use std::io::{self, BufWriter, Write};

/// The `OrderCreated` schema the events are written for.
pub const SCHEMA: &str = include_str!("order-created.v1.json");

/// What makes an invalid event invalid; cycled through in this order.
const FLAWS: usize = 6;

/// A small deterministic generator (xorshift64*), so runs are reproducible without a
/// dependency.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// Event number `i` as one JSON line (no newline). `invalid_every` of 0 means all valid;
/// `broken_every` of 0 means every line is JSON.
pub fn event_line(i: u64, invalid_every: u64, broken_every: u64) -> String {
    let mut rng = Rng::new(i + 1);
    if broken_every != 0 && i % broken_every == broken_every - 1 {
        return format!("{{\"order_id\": \"truncated-{i}\", \"items\": [");
    }
    let flaw = if invalid_every != 0 && i % invalid_every == invalid_every - 1 {
        Some(((i / invalid_every) % FLAWS as u64) as usize)
    } else {
        None
    };
    let order_id = format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        rng.next_u64() as u32,
        rng.below(0x1_0000),
        rng.below(0x1000),
        rng.below(0x1000),
        rng.next_u64() & 0xFFFF_FFFF_FFFF
    );
    let customer = rng.below(100_000);
    let mut items = Vec::new();
    let mut total_cents = 0u64;
    for _ in 0..=rng.below(4) {
        let qty = 1 + rng.below(5);
        let price = 100 + rng.below(9_900);
        total_cents += qty * price;
        let qty = if flaw == Some(1) { 0 } else { qty };
        items.push(format!(
            r#"{{"sku":"SKU-{:05}","qty":{qty}}}"#,
            rng.below(50_000)
        ));
    }
    let currency = ["EUR", "USD", "GBP", "CHF"][rng.below(4) as usize];
    let currency = if flaw == Some(4) { "usd" } else { currency };
    let total = if flaw == Some(2) {
        format!("-{}.{:02}", total_cents / 100, total_cents % 100)
    } else if flaw == Some(3) {
        format!("\"{}.{:02}\"", total_cents / 100, total_cents % 100)
    } else {
        format!("{}.{:02}", total_cents / 100, total_cents % 100)
    };
    let mut line = format!(
        r#"{{"order_id":"{order_id}","customer":{{"id":"c-{customer}","email":"customer{customer}@example.com"}},"items":[{}],"total":{total}"#,
        items.join(",")
    );
    if flaw != Some(0) {
        line.push_str(&format!(r#","currency":"{currency}""#));
    }
    if flaw == Some(5) {
        line.push_str(r#","coupon":"WELCOME""#);
    }
    line.push('}');
    line
}

fn main() -> io::Result<()> {
    match run() {
        // `order_events 1000000 | head` is fine.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn run() -> io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut count: u64 = 1_000;
    let mut invalid_every: u64 = 10;
    let mut broken_every: u64 = 1_000;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--invalid-every" => invalid_every = number(args.next())?,
            "--broken-every" => broken_every = number(args.next())?,
            "--schema" => {
                print!("{SCHEMA}");
                return Ok(());
            }
            "-h" | "--help" => {
                eprintln!(
                    "usage: order_events [N] [--invalid-every K] [--broken-every K] | --schema"
                );
                return Ok(());
            }
            n => count = number(Some(n.to_string()))?,
        }
    }
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    for i in 0..count {
        let line = event_line(i, invalid_every, broken_every);
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

fn number(arg: Option<String>) -> io::Result<u64> {
    arg.as_deref()
        .and_then(|a| a.replace('_', "").parse().ok())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "expected a number"))
}
