//! The HTTP edge: what every request passes through around its route, in one level.
//!
//! - A request id: the client's `x-request-id`, or one made here, echoed on the answer.
//! - A trace span naming the request id, method and URI, so what is logged while answering
//!   says which request it belongs to.
//! - Path rewriting before routing: a trailing `/` is dropped (the Java client sends
//!   `/compatibility/subjects/{s}/versions/`) and a `/contexts/{ctx}/...` prefix is rewritten to
//!   qualified subjects (`/contexts/.ctx/subjects/foo` ≡ `/subjects/:.ctx:foo`). Routing runs on
//!   the raw path, so a `%2F` in a subject stays inside its segment.
//! - The route: the request's path is matched against the route templates here, once, to name
//!   it in the metrics and to know what the edge does for it (the router matches it again to
//!   call the handler; naming the route inside the router would cost a middleware level).
//! - Typed path parameters: where Confluent's resource declares a parameter as a Java
//!   `Integer` (the schema id of `/schemas/ids/{id}...`), a value that is not one is refused as
//!   its framework (Jersey) refuses it, before the handler: 404 `HTTP 404 Not Found`. Versions
//!   are strings there, parsed by the handler (42202 for `abc`).
//! - Content negotiation of Confluent's routes: the answer's JSON type follows `Accept`
//!   ([`crate::media::choose`]).
//! - Metrics: every answer counted by route, method and status, with its latency.
//!
//! Everything here runs on every request, so nothing allocates or locks when there is nothing
//! to do: request ids come from a counter, a path that needs no rewriting is passed on as it is,
//! and the request's future is boxed once.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::future::RouteFuture;
use axum::serve::{IncomingStream, Listener};
use axum::Router;
use tower::Service;
use tracing::Span;

mod templates;

use self::templates::Templates;
use crate::error::ApiError;
use crate::media::{choose, DEFAULT_TYPE};
use crate::metrics::{Metrics, RouteSeries};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Path parameters that Confluent declares as Java `Integer`s, as they appear in the route
/// templates (a template matches when it starts with the prefix).
const INTEGER_PARAMS: [(&str, &str); 1] = [("/schemas/ids/{id}", "{id}")];

/// The label of a request that matched no route.
const UNMATCHED: &str = "unmatched";

/// A route template, and whether its answers' JSON type is negotiated from `Accept`.
#[derive(Debug, Clone)]
pub struct RouteTemplate {
    /// The path template, as routed (`/schemas/ids/{id}`).
    pub template: String,
    /// Whether the answer's type follows `Accept` (Confluent's routes).
    pub negotiated: bool,
}

/// What the edge knows of a route.
struct Route {
    template: String,
    negotiated: bool,
    /// The path segment (0 is the first after the leading `/`) holding a parameter that must
    /// be a Java `Integer`, if any.
    integer_segment: Option<usize>,
    /// The route's metrics, once it has answered.
    series: OnceLock<Arc<RouteSeries>>,
}

/// What every clone of the [`App`] shares.
struct Shared {
    ids: CountedRequestIds,
    routes: Templates,
    templates: Vec<Route>,
    unmatched: OnceLock<Arc<RouteSeries>>,
    metrics: Arc<Metrics>,
}

/// The registry's HTTP service: the router inside the edge. It is what `axum::serve` takes
/// (it makes itself the service of each connection) and what tests call with `oneshot`.
///
/// The server clones it for every request, so it holds only what clones cheaply: routers
/// (shared inside) and an `Arc`.
#[derive(Clone)]
pub struct App {
    /// The router, for requests that carry no body (GET, HEAD, OPTIONS).
    bodiless: Router,
    /// The router with the body limit, for the others (the limit is an extension inserted in
    /// each request it sees: a read need not pay for it).
    limited: Router,
    shared: Arc<Shared>,
}

/// `routed` (the router with its routes in `routes`) inside the edge, bodies limited to
/// `body_limit` bytes (see the module docs).
pub fn wrap(
    routed: Router,
    body_limit: usize,
    routes: &[RouteTemplate],
    metrics: Arc<Metrics>,
) -> App {
    let mut matcher = Templates::default();
    let mut templates = Vec::with_capacity(routes.len());
    for r in routes {
        // Each template is routed by the router too, so none clashes with another here; one
        // that cannot be matched here (a catch-all) is left unnamed ("unmatched").
        if matcher.insert(r.template.as_str(), templates.len()) {
            templates.push(Route {
                template: r.template.clone(),
                negotiated: r.negotiated,
                integer_segment: integer_segment(&r.template),
                series: OnceLock::new(),
            });
        }
    }
    App {
        limited: routed.clone().layer(DefaultBodyLimit::max(body_limit)),
        bodiless: routed,
        shared: Arc::new(Shared {
            ids: CountedRequestIds::new(),
            routes: matcher,
            templates,
            unmatched: OnceLock::new(),
            metrics,
        }),
    }
}

/// A request on its way: what the answer needs from it.
struct Started {
    id: HeaderValue,
    span: Span,
    start: Instant,
    method: Method,
    route: Option<usize>,
    /// The negotiated answer type, for a negotiated route.
    chosen: Option<&'static str>,
    /// Whether a parameter that must be a Java `Integer` is not one (see the module docs).
    not_an_integer: bool,
}

impl Service<Request> for App {
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // A router is always ready.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: Request) -> Answer {
        let started = self.shared.start(&mut request);
        let shared = self.shared.clone();
        if started.not_an_integer {
            let mut response = ApiError::http(StatusCode::NOT_FOUND).into_response();
            shared.finish(started, &mut response);
            return Answer {
                state: AnswerState::Done(Some(response)),
            };
        }
        // The future does not hold the service, so the one polled ready is called in place
        // (no clone of the service per request).
        let bodiless = matches!(started.method, Method::GET | Method::HEAD | Method::OPTIONS);
        let future = if bodiless {
            self.bodiless.call(request)
        } else {
            self.limited.call(request)
        };
        Answer {
            state: AnswerState::Routing {
                future,
                started: Some(started),
                shared,
            },
        }
    }
}

/// The answer to one request: the router's future, finished by the edge when it is ready. A
/// named future rather than a boxed one: the edge adds no allocation of its own per request.
pub struct Answer {
    state: AnswerState,
}

enum AnswerState {
    Routing {
        future: RouteFuture<Infallible>,
        started: Option<Started>,
        shared: Arc<Shared>,
    },
    Done(Option<Response>),
}

impl Future for Answer {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Every field is `Unpin` (the router's future is), so the state can be reached through
        // a plain `&mut`.
        let this = self.get_mut();
        match &mut this.state {
            AnswerState::Done(response) => Poll::Ready(Ok(response
                .take()
                .expect("an answer is polled after it completed"))),
            AnswerState::Routing {
                future,
                started,
                shared,
            } => {
                let span = started.as_ref().map(|s| &s.span);
                let entered = span.filter(|s| !s.is_disabled()).map(Span::enter);
                let mut response = match Pin::new(future).poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Ok(response)) => response,
                    Poll::Ready(Err(never)) => match never {},
                };
                drop(entered);
                let started = started.take().expect("an answer finishes once");
                shared.finish(started, &mut response);
                this.state = AnswerState::Done(None);
                Poll::Ready(Ok(response))
            }
        }
    }
}

impl<L: Listener> Service<IncomingStream<'_, L>> for App {
    type Response = App;
    type Error = Infallible;
    type Future = std::future::Ready<Result<App, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _connection: IncomingStream<'_, L>) -> Self::Future {
        std::future::ready(Ok(self.clone()))
    }
}

impl Shared {
    /// Before routing: the path rewritten, the request id, the span, the route.
    fn start(&self, request: &mut Request) -> Started {
        rewrite_path(request);
        // The answer echoes it; handlers never read it, so a made one is not added to the
        // request.
        let id = match request.headers().get(&REQUEST_ID) {
            Some(id) => id.clone(),
            None => self.ids.next(),
        };
        // Created only when its level is enabled; the fields are not even formatted otherwise.
        let span = tracing::info_span!(
            "request",
            request_id = %id.to_str().unwrap_or("-"),
            method = %request.method(),
            uri = %request.uri(),
        );
        span.in_scope(|| tracing::debug!("started processing request"));
        let matched = self.routes.at(request.uri().path());
        let route = matched.map(|m| m.value);
        // The routes with such parameters are GET-only: another method is the router's 405, as
        // the framework matches the method before it converts parameters.
        let read = matches!(*request.method(), Method::GET | Method::HEAD);
        let not_an_integer = read
            && matched.is_some_and(|m| {
                self.templates[m.value]
                    .integer_segment
                    .is_some_and(|i| !m.segment(i).is_some_and(is_java_integer))
            });
        let negotiated = route.is_some_and(|i| self.templates[i].negotiated);
        let chosen = negotiated.then(|| {
            choose(
                request
                    .headers()
                    .get(header::ACCEPT)
                    .and_then(|v| v.to_str().ok()),
            )
        });
        Started {
            id,
            span,
            start: Instant::now(),
            method: request.method().clone(),
            route,
            chosen,
            not_an_integer,
        }
    }

    /// The answer finished: its type negotiated, counted, logged, the request id echoed.
    fn finish(&self, started: Started, response: &mut Response) {
        if let Some(chosen) = started.chosen.filter(|c| *c != DEFAULT_TYPE) {
            let ours = response
                .headers()
                .get(header::CONTENT_TYPE)
                .is_some_and(|v| v == DEFAULT_TYPE);
            if ours {
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static(chosen));
            }
        }
        let (label, series) = match started.route.map(|i| &self.templates[i]) {
            Some(route) => (route.template.as_str(), &route.series),
            None => (UNMATCHED, &self.unmatched),
        };
        let elapsed = started.start.elapsed();
        series.get_or_init(|| self.metrics.series(label)).observe(
            &started.method,
            response.status().as_u16(),
            u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX),
        );
        let status = response.status().as_u16();
        started.span.in_scope(|| {
            let latency_ms = elapsed.as_secs_f64() * 1000.0;
            if response.status().is_server_error() {
                tracing::error!(status, latency_ms, "response failed");
            } else {
                tracing::debug!(status, latency_ms, "finished processing request");
            }
        });
        response
            .headers_mut()
            .entry(REQUEST_ID)
            .or_insert(started.id);
    }
}

/// The index of the path segment of `template` that holds a parameter of [`INTEGER_PARAMS`].
fn integer_segment(template: &str) -> Option<usize> {
    let (_, name) = INTEGER_PARAMS
        .iter()
        .find(|(t, _)| template.starts_with(t))?;
    template.split('/').skip(1).position(|s| s == *name)
}

/// Whether a path segment converts to a Java `Integer`.
fn is_java_integer(segment: &str) -> bool {
    // Java's Integer.valueOf and Rust's i32 parsing read the same texts: an optional sign and
    // decimal digits. The framework percent-decodes first.
    match percent_decoded(segment) {
        Some(text) => text.parse::<i32>().is_ok(),
        None => false,
    }
}

/// `segment` percent-decoded, when it is valid UTF-8 then.
fn percent_decoded(segment: &str) -> Option<std::borrow::Cow<'_, str>> {
    if !segment.contains('%') {
        return Some(segment.into());
    }
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().map(Into::into)
}

/// Request ids shaped like a UUID (36 characters): 64 bits drawn once per process, then a
/// counter. Unique across instances as random UUIDs are, and an atomic increment to make
/// instead of a read of the system's random source on every request.
#[derive(Debug, Clone)]
struct CountedRequestIds {
    /// The first 19 characters (`xxxxxxxx-xxxx-xxxx-`): the process's 64 bits, written once.
    head: [u8; 19],
    next: Arc<AtomicU64>,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl CountedRequestIds {
    fn new() -> CountedRequestIds {
        use std::hash::{BuildHasher, Hasher};
        // The standard library seeds each RandomState from the system's random source.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        let prefix = h.finish();
        let mut head = [b'-'; 19];
        for (j, at) in (0..8).chain(9..13).chain(14..18).enumerate() {
            head[at] = HEX[((prefix >> (60 - 4 * j)) & 0xF) as usize];
        }
        CountedRequestIds {
            head,
            next: Arc::new(AtomicU64::new(0)),
        }
    }

    fn next(&self) -> HeaderValue {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_bytes(&self.format(n)).expect("hex digits and dashes")
    }

    fn format(&self, n: u64) -> [u8; 36] {
        let mut out = [b'-'; 36];
        out[..19].copy_from_slice(&self.head);
        for (j, at) in (19..23).chain(24..36).enumerate() {
            out[at] = HEX[((n >> (60 - 4 * j)) & 0xF) as usize];
        }
        out
    }
}

/// Drop a trailing slash and rewrite a `/contexts/{ctx}/...` prefix (see the module docs).
fn rewrite_path(request: &mut Request) {
    let uri = request.uri();
    let path = uri.path();
    let trailing_slash = path.len() > 1 && path.ends_with('/');
    if !trailing_slash && !path.starts_with("/contexts/") {
        return;
    }
    let mut new_path = path.to_string();
    if new_path.len() > 1 && new_path.ends_with('/') {
        new_path.pop();
    }
    let mut query = uri.query().map(str::to_owned);
    if let Some(rest) = new_path.strip_prefix("/contexts/") {
        if let Some(rewritten) = context_path(rest, &mut query) {
            new_path = rewritten;
        }
    }
    if new_path != path || query.as_deref() != uri.query() {
        let path_and_query = match query {
            Some(q) => format!("{new_path}?{q}"),
            None => new_path,
        };
        if let Ok(new_uri) = Uri::builder().path_and_query(path_and_query).build() {
            *request.uri_mut() = new_uri;
        }
    }
}

/// The path for `/contexts/{rest}`, when it names a resource inside a context; a listing of a
/// context's subjects gets the context as a `subjectPrefix` added to `query`.
fn context_path(rest: &str, query: &mut Option<String>) -> Option<String> {
    let (ctx, tail) = rest.split_once('/')?;
    let qualifier = if ctx == "." {
        String::new()
    } else {
        format!(":{ctx}:")
    };
    let (first, after) = match tail.split_once('/') {
        Some((first, after)) => (first, Some(after)),
        None => (tail, None),
    };
    match (first, after) {
        ("subjects", None) => {
            if !qualifier.is_empty() {
                let extra = format!("subjectPrefix={qualifier}");
                *query = Some(match query.take() {
                    Some(q) if !q.is_empty() => format!("{q}&{extra}"),
                    _ => extra,
                });
            }
            Some("/subjects".to_string())
        }
        ("config" | "mode", None) if qualifier.is_empty() => Some(format!("/{first}")),
        ("config" | "mode", None) => Some(format!("/{first}/{qualifier}")),
        ("subjects" | "config" | "mode", Some(after)) => {
            Some(format!("/{first}/{qualifier}{after}"))
        }
        ("compatibility", Some(after)) => after
            .strip_prefix("subjects/")
            .map(|a| format!("/compatibility/subjects/{qualifier}{a}")),
        ("schemas", _) => Some(format!("/{tail}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether every parameter of [`INTEGER_PARAMS`] in `template` converts to a Java
    /// `Integer` in `path`, as the edge decides it.
    fn integer_params_convert(template: &str, path: &str) -> bool {
        let mut templates = Templates::default();
        assert!(templates.insert(template, 0));
        let matched = templates.at(path).expect("the path matches the template");
        integer_segment(template).is_none_or(|i| matched.segment(i).is_some_and(is_java_integer))
    }

    fn rewritten(path: &str) -> String {
        let mut req = Request::builder()
            .uri(path)
            .body(axum::body::Body::empty())
            .unwrap();
        rewrite_path(&mut req);
        req.uri().to_string()
    }

    #[test]
    fn integer_params_convert_as_java_integers() {
        let t = "/schemas/ids/{id}/versions";
        for (path, ok) in [
            ("/schemas/ids/7/versions", true),
            ("/schemas/ids/-7/versions", true),
            ("/schemas/ids/+7/versions", true),
            ("/schemas/ids/%37/versions", true),
            ("/schemas/ids/2147483647/versions", true),
            ("/schemas/ids/2147483648/versions", false),
            ("/schemas/ids/7.0/versions", false),
            ("/schemas/ids/%20/versions", false),
            ("/schemas/ids/%zz/versions", false),
            ("/schemas/ids/abc/versions", false),
        ] {
            assert_eq!(integer_params_convert(t, path), ok, "{path}");
        }
        assert!(integer_params_convert(
            "/subjects/{subject}/versions/{version}",
            "/subjects/s/versions/abc"
        ));
    }

    #[test]
    fn trailing_slash_and_context_prefix_are_rewritten() {
        assert_eq!(
            rewritten("/compatibility/subjects/s/versions/?verbose=true"),
            "/compatibility/subjects/s/versions?verbose=true"
        );
        assert_eq!(rewritten("/"), "/");
        assert_eq!(
            rewritten("/contexts/.ctx/subjects/foo/versions"),
            "/subjects/:.ctx:foo/versions"
        );
        assert_eq!(rewritten("/contexts/./subjects/foo"), "/subjects/foo");
        assert_eq!(rewritten("/contexts/.ctx/config"), "/config/:.ctx:");
        assert_eq!(rewritten("/contexts/.ctx"), "/contexts/.ctx");
        assert_eq!(
            rewritten("/contexts/.ctx/subjects?deleted=true"),
            "/subjects?deleted=true&subjectPrefix=:.ctx:"
        );
        assert_eq!(
            rewritten("/subjects/a%2Fb/versions"),
            "/subjects/a%2Fb/versions"
        );
    }

    #[test]
    fn request_ids_are_uuid_shaped_and_distinct() {
        let ids = CountedRequestIds::new();
        let a = String::from_utf8(ids.format(0).to_vec()).unwrap();
        let b = String::from_utf8(ids.format(0xab).to_vec()).unwrap();
        assert_eq!(a.len(), 36);
        assert_eq!(
            a.char_indices()
                .filter(|(_, c)| *c == '-')
                .map(|(i, _)| i)
                .collect::<Vec<_>>(),
            [8, 13, 18, 23]
        );
        assert!(b.ends_with("-0000000000ab"), "{b}");
        assert_eq!(a[..18], b[..18]);
        assert_ne!(a, b);
    }
}
