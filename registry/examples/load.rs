//! A small load generator for the registry (keep-alive HTTP/1.1 on loopback).
//!
//!   load get URL MAX_ID CONCURRENCY SECONDS
//!       GET /schemas/ids/{1..=MAX_ID} round-robin; prints requests/s and latency percentiles.
//!   load register URL SUBJECTS VERSIONS
//!       one task per subject registers VERSIONS compatible versions (a closed object gaining
//!       one optional property per version); prints registrations/s.
//!   load validate URL BATCHES CONCURRENCY
//!       registers an order schema, then posts BATCHES NDJSON batches of 1,000 events to
//!       `/validate/{subject}`; prints events/s.
//!   load seed URL COUNT [SCHEMA_BYTES]
//!       registers COUNT distinct schemas under COUNT subjects (ids 1..=COUNT on a fresh store),
//!       each at least SCHEMA_BYTES long when given (one property otherwise).
//!
//! Output is one line `name: value` per figure, for `bench/load.sh` to collect.

use std::time::{Duration, Instant};

use serde_json::json;

/// A schema of `schema(subject, n)`'s shape with as many properties as make it `bytes` long.
fn sized_schema(subject: usize, bytes: usize) -> String {
    let mut properties = 1;
    loop {
        let text = schema(subject, properties);
        if text.len() >= bytes {
            return text;
        }
        properties += 1 + (bytes - text.len()) / 32;
    }
}

fn schema(subject: usize, properties: usize) -> String {
    let mut props = serde_json::Map::new();
    props.insert("subject".into(), json!({"const": subject}));
    for i in 0..properties {
        props.insert(format!("p{i}"), json!({"type": "string"}));
    }
    json!({"type":"object","properties":props,"additionalProperties":false}).to_string()
}

async fn register(http: &reqwest::Client, url: &str, subject: &str, schema: String) {
    let res = http
        .post(format!("{url}/subjects/{subject}/versions"))
        .header("content-type", "application/vnd.schemaregistry.v1+json")
        .body(json!({"schemaType":"JSON","schema":schema}).to_string())
        .send()
        .await
        .expect("register");
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    assert!(status.is_success(), "{subject}: {status} {text}");
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(1024)
        .build()
        .unwrap();
    match args.get(1).map(String::as_str) {
        Some("get") => {
            let url = args[2].clone();
            let max: usize = args[3].parse().unwrap();
            let concurrency: usize = args[4].parse().unwrap();
            let seconds: u64 = args[5].parse().unwrap();
            let deadline = Instant::now() + Duration::from_secs(seconds);
            let start = Instant::now();
            let mut tasks = Vec::new();
            for t in 0..concurrency {
                let http = http.clone();
                let url = url.clone();
                tasks.push(tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    let mut errors = 0u64;
                    let mut i = t;
                    while Instant::now() < deadline {
                        let id = i % max + 1;
                        i += concurrency;
                        let t0 = Instant::now();
                        match http.get(format!("{url}/schemas/ids/{id}")).send().await {
                            Ok(res) if res.status().is_success() => {
                                let _ = res.bytes().await;
                            }
                            _ => errors += 1,
                        }
                        latencies.push(t0.elapsed());
                    }
                    (latencies, errors)
                }));
            }
            let mut all = Vec::new();
            let mut errors = 0;
            for t in tasks {
                let (l, e) = t.await.unwrap();
                all.extend(l);
                errors += e;
            }
            let elapsed = start.elapsed().as_secs_f64();
            all.sort();
            let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
            println!("requests: {}", all.len());
            println!("errors: {errors}");
            println!("rps: {:.0}", all.len() as f64 / elapsed);
            println!("p50_ms: {:.3}", pct(0.50).as_secs_f64() * 1000.0);
            println!("p99_ms: {:.3}", pct(0.99).as_secs_f64() * 1000.0);
        }
        Some("register") => {
            let url = args[2].clone();
            let subjects: usize = args[3].parse().unwrap();
            let versions: usize = args[4].parse().unwrap();
            let start = Instant::now();
            let mut tasks = Vec::new();
            for s in 0..subjects {
                let http = http.clone();
                let url = url.clone();
                tasks.push(tokio::spawn(async move {
                    for v in 1..=versions {
                        register(&http, &url, &format!("load-{s}"), schema(s, v)).await;
                    }
                }));
            }
            for t in tasks {
                t.await.unwrap();
            }
            let elapsed = start.elapsed().as_secs_f64();
            println!("registrations: {}", subjects * versions);
            println!(
                "registrations_per_s: {:.0}",
                (subjects * versions) as f64 / elapsed
            );
        }
        Some("validate") => {
            let url = args[2].clone();
            let batches: usize = args[3].parse().unwrap();
            let concurrency: usize = args[4].parse().unwrap();
            let order = json!({
                "type": "object",
                "properties": {
                    "orderId": {"type": "string", "pattern": "^o-[0-9]+$"},
                    "amount": {"type": "number", "minimum": 0},
                    "currency": {"enum": ["EUR", "USD"]},
                    "lines": {"type": "array", "items": {"type": "object",
                        "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}},
                        "required": ["sku", "qty"]}}
                },
                "required": ["orderId", "amount"]
            });
            register(&http, &url, "load-validate", order.to_string()).await;
            let mut batch = String::new();
            for i in 0..1000 {
                let amount = if i % 10 == 0 { -1 } else { i };
                batch.push_str(
                    &json!({"orderId": format!("o-{i}"), "amount": amount,
                    "currency": "EUR", "lines": [{"sku": "a", "qty": 2}]})
                    .to_string(),
                );
                batch.push('\n');
            }
            let batch = std::sync::Arc::new(batch);
            let start = Instant::now();
            let mut tasks = Vec::new();
            for t in 0..concurrency {
                let http = http.clone();
                let url = url.clone();
                let batch = batch.clone();
                tasks.push(tokio::spawn(async move {
                    for _ in (t..batches).step_by(concurrency) {
                        let res = http
                            .post(format!("{url}/validate/load-validate"))
                            .header("content-type", "application/x-ndjson")
                            .body(batch.as_str().to_owned())
                            .send()
                            .await
                            .expect("validate");
                        let body: serde_json::Value = res.json().await.expect("answer");
                        assert_eq!(body["invalid"], 100, "{body}");
                    }
                }));
            }
            for t in tasks {
                t.await.unwrap();
            }
            let elapsed = start.elapsed().as_secs_f64();
            println!("events: {}", batches * 1000);
            println!("events_per_s: {:.0}", (batches * 1000) as f64 / elapsed);
        }
        Some("seed") => {
            let url = args[2].clone();
            let count: usize = args[3].parse().unwrap();
            let bytes: usize = args.get(4).map_or(0, |b| b.parse().unwrap());
            let start = Instant::now();
            let chunk = count.div_ceil(8);
            let mut tasks = Vec::new();
            for part in 0..8 {
                let http = http.clone();
                let url = url.clone();
                tasks.push(tokio::spawn(async move {
                    for s in part * chunk..((part + 1) * chunk).min(count) {
                        let text = sized_schema(s, bytes);
                        register(&http, &url, &format!("seed-{s}"), text).await;
                    }
                }));
            }
            for t in tasks {
                t.await.unwrap();
            }
            println!("seeded: {count}");
            println!(
                "seed_per_s: {:.0}",
                count as f64 / start.elapsed().as_secs_f64()
            );
        }
        _ => {
            eprintln!("usage: load get|register|validate|seed ...");
            std::process::exit(2);
        }
    }
}
