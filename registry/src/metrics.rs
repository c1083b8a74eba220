//! Prometheus metrics: requests by route and status, a latency histogram by route, successful
//! registrations and compatibility refusals. Rendered in the text exposition format at
//! `/metrics`; no external metrics crate is needed for these few series.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

const BUCKETS: [f64; 14] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// Everything recorded for one route.
#[derive(Debug, Default, Clone)]
struct RouteSeries {
    /// Requests by (method, status).
    requests: BTreeMap<(String, u16), u64>,
    latency: Histogram,
}

#[derive(Debug, Default)]
struct Series {
    routes: HashMap<String, RouteSeries>,
}

/// The registry's metrics.
#[derive(Debug, Default)]
pub struct Metrics {
    series: Mutex<Series>,
    registrations: AtomicU64,
    refusals: AtomicU64,
    valid_payloads: AtomicU64,
    invalid_payloads: AtomicU64,
}

impl Metrics {
    /// Count a new version registered.
    pub fn registered(&self) {
        self.registrations.fetch_add(1, Ordering::Relaxed);
    }

    /// Count a registration refused as incompatible.
    pub fn refused(&self) {
        self.refusals.fetch_add(1, Ordering::Relaxed);
    }

    /// Count one payload validated by `/validate`.
    pub fn validated(&self, valid: bool) {
        let counter = if valid {
            &self.valid_payloads
        } else {
            &self.invalid_payloads
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Record one request. The hot path allocates only for a route/method/status not seen before.
    pub fn observe(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let mut s = self.series.lock().expect("metrics lock");
        let r = match s.routes.get_mut(route) {
            Some(r) => r,
            None => s.routes.entry(route.to_string()).or_default(),
        };
        match r
            .requests
            .iter_mut()
            .find(|((m, st), _)| m == method && *st == status)
        {
            Some((_, n)) => *n += 1,
            None => {
                r.requests.insert((method.to_string(), status), 1);
            }
        }
        let h = &mut r.latency;
        for (i, le) in BUCKETS.iter().enumerate() {
            if seconds <= *le {
                h.counts[i] += 1;
            }
        }
        h.count += 1;
        h.sum += seconds;
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let routes: BTreeMap<String, RouteSeries> = self
            .series
            .lock()
            .expect("metrics lock")
            .routes
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut out = String::new();
        let esc = |v: &str| v.replace('\\', "\\\\").replace('"', "\\\"");
        out.push_str(
            "# HELP accord_http_requests_total HTTP requests by route, method and status.\n",
        );
        out.push_str("# TYPE accord_http_requests_total counter\n");
        let requests = routes.iter().flat_map(|(route, r)| {
            r.requests
                .iter()
                .map(move |((method, status), n)| (route, method, status, n))
        });
        for (route, method, status, n) in requests {
            let _ = writeln!(
                out,
                "accord_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}",
                esc(route),
                method,
                status,
                n
            );
        }
        out.push_str("# HELP accord_http_request_duration_seconds Request latency by route.\n");
        out.push_str("# TYPE accord_http_request_duration_seconds histogram\n");
        for (route, r) in &routes {
            let h = &r.latency;
            let r = esc(route);
            for (i, le) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "accord_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"{le}\"}} {}",
                    h.counts[i]
                );
            }
            let _ = writeln!(
                out,
                "accord_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "accord_http_request_duration_seconds_sum{{route=\"{r}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "accord_http_request_duration_seconds_count{{route=\"{r}\"}} {}",
                h.count
            );
        }
        out.push_str("# HELP accord_registrations_total New schema versions registered.\n");
        out.push_str("# TYPE accord_registrations_total counter\n");
        let _ = writeln!(
            out,
            "accord_registrations_total {}",
            self.registrations.load(Ordering::Relaxed)
        );
        out.push_str(
            "# HELP accord_compatibility_refusals_total Registrations refused as incompatible.\n",
        );
        out.push_str("# TYPE accord_compatibility_refusals_total counter\n");
        let _ = writeln!(
            out,
            "accord_compatibility_refusals_total {}",
            self.refusals.load(Ordering::Relaxed)
        );
        out.push_str(
            "# HELP accord_validations_total Payloads validated by /validate, by result.\n",
        );
        out.push_str("# TYPE accord_validations_total counter\n");
        let _ = writeln!(
            out,
            "accord_validations_total{{result=\"valid\"}} {}",
            self.valid_payloads.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "accord_validations_total{{result=\"invalid\"}} {}",
            self.invalid_payloads.load(Ordering::Relaxed)
        );
        out
    }
}

/// Middleware recording every request under its route template (`unmatched` for the fallback).
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().cloned();
    let method = request.method().clone();
    let start = Instant::now();
    let response = next.run(request).await;
    metrics.observe(
        route.as_ref().map_or("unmatched", |r| r.as_str()),
        method.as_str(),
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}
