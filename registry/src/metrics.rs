//! Prometheus metrics: requests by route and status, a latency histogram by route, successful
//! registrations and compatibility refusals. Rendered in the text exposition format at
//! `/metrics`; no external metrics crate is needed for these few series.
//!
//! Recording sits on every request's path, so it takes no lock in the common case: each route's
//! series (created the first time the route is seen, its label escaped once then) is a set of
//! atomic counters, with a slot for each usual method and status; only an unusual method or
//! status goes to a small locked map.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use axum::http::Method;

const BUCKETS: [f64; 14] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// The methods with a counter slot of their own.
const METHODS: [Method; 4] = [Method::GET, Method::POST, Method::PUT, Method::DELETE];

/// The statuses with a counter slot of their own, ascending.
const STATUSES: [u16; 14] = [
    200, 204, 400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 500, 503,
];

/// Everything recorded for one route.
#[derive(Debug)]
pub struct RouteSeries {
    /// The route, escaped for a label value.
    label: String,
    /// Requests by method slot and status slot.
    requests: [[AtomicU64; STATUSES.len()]; METHODS.len()],
    /// Requests of a method or status without a slot.
    other_requests: Mutex<BTreeMap<(String, u16), u64>>,
    /// Observations per bucket, not cumulative (the rendering sums them).
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_nanos: AtomicU64,
}

impl RouteSeries {
    fn new(route: &str) -> RouteSeries {
        RouteSeries {
            label: route.replace('\\', "\\\\").replace('"', "\\\""),
            requests: Default::default(),
            other_requests: Mutex::default(),
            buckets: Default::default(),
            count: AtomicU64::new(0),
            sum_nanos: AtomicU64::new(0),
        }
    }

    /// Record one request of this route.
    pub fn observe(&self, method: &Method, status: u16, nanos: u64) {
        let m = METHODS.iter().position(|m| m == method);
        let s = STATUSES.binary_search(&status).ok();
        match (m, s) {
            (Some(m), Some(s)) => {
                self.requests[m][s].fetch_add(1, Ordering::Relaxed);
            }
            _ => {
                let mut other = self.other_requests.lock().expect("metrics lock");
                *other.entry((method.to_string(), status)).or_default() += 1;
            }
        }
        let seconds = nanos as f64 / 1e9;
        if let Some(i) = BUCKETS.iter().position(|le| seconds <= *le) {
            self.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_nanos.fetch_add(nanos, Ordering::Relaxed);
    }

    /// Requests by (method, status), sorted, without the zero counts.
    fn requests(&self) -> BTreeMap<(String, u16), u64> {
        let mut all = self.other_requests.lock().expect("metrics lock").clone();
        for (m, method) in METHODS.iter().enumerate() {
            for (s, status) in STATUSES.iter().enumerate() {
                let n = self.requests[m][s].load(Ordering::Relaxed);
                if n > 0 {
                    *all.entry((method.to_string(), *status)).or_default() += n;
                }
            }
        }
        all
    }
}

/// The registry's metrics.
#[derive(Debug, Default)]
pub struct Metrics {
    routes: RwLock<HashMap<Arc<str>, Arc<RouteSeries>>>,
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

    /// The series of `route`, made on first use (a route appears in the exposition once it has
    /// answered). Keep it to record requests without looking the route up again.
    pub fn series(&self, route: &str) -> Arc<RouteSeries> {
        let known = self
            .routes
            .read()
            .expect("metrics lock")
            .get(route)
            .cloned();
        known.unwrap_or_else(|| {
            self.routes
                .write()
                .expect("metrics lock")
                .entry(Arc::from(route))
                .or_insert_with(|| Arc::new(RouteSeries::new(route)))
                .clone()
        })
    }

    /// Record one request.
    pub fn observe(&self, route: &str, method: &Method, status: u16, nanos: u64) {
        self.series(route).observe(method, status, nanos);
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut routes: Vec<Arc<RouteSeries>> = self
            .routes
            .read()
            .expect("metrics lock")
            .values()
            .cloned()
            .collect();
        routes.sort_by(|a, b| a.label.cmp(&b.label));
        let mut out = String::new();
        describe(
            &mut out,
            "accord_http_requests_total",
            "counter",
            "HTTP requests by route, method and status.",
        );
        for r in &routes {
            for ((method, status), n) in r.requests() {
                let _ = writeln!(
                    out,
                    "accord_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                    r.label
                );
            }
        }
        describe(
            &mut out,
            "accord_http_request_duration_seconds",
            "histogram",
            "Request latency by route.",
        );
        for route in &routes {
            let r = &route.label;
            let mut cumulative = 0;
            for (le, n) in BUCKETS.iter().zip(&route.buckets) {
                cumulative += n.load(Ordering::Relaxed);
                let _ = writeln!(
                    out,
                    "accord_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"{le}\"}} {cumulative}"
                );
            }
            let count = route.count.load(Ordering::Relaxed);
            let sum = route.sum_nanos.load(Ordering::Relaxed) as f64 / 1e9;
            let _ = writeln!(
                out,
                "accord_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(
                out,
                "accord_http_request_duration_seconds_sum{{route=\"{r}\"}} {sum}"
            );
            let _ = writeln!(
                out,
                "accord_http_request_duration_seconds_count{{route=\"{r}\"}} {count}"
            );
        }
        counter(
            &mut out,
            "accord_registrations_total",
            "New schema versions registered.",
            &self.registrations,
        );
        counter(
            &mut out,
            "accord_compatibility_refusals_total",
            "Registrations refused as incompatible.",
            &self.refusals,
        );
        describe(
            &mut out,
            "accord_validations_total",
            "counter",
            "Payloads validated by /validate, by result.",
        );
        for (result, n) in [
            ("valid", &self.valid_payloads),
            ("invalid", &self.invalid_payloads),
        ] {
            let _ = writeln!(
                out,
                "accord_validations_total{{result=\"{result}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        out
    }
}

/// The `# HELP` and `# TYPE` lines of metric `name`.
fn describe(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// A counter without labels: its description and its value.
fn counter(out: &mut String, name: &str, help: &str, value: &AtomicU64) {
    describe(out, name, "counter", help);
    let _ = writeln!(out, "{name} {}", value.load(Ordering::Relaxed));
}
