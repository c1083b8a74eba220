//! The HTTP edge: what every request passes through around its route.
//!
//! - A request id: the client's `x-request-id`, or one made here, echoed on the answer.
//! - A trace span naming the request id, method and URI, so what is logged while answering
//!   says which request it belongs to.
//! - Path rewriting before routing: a trailing `/` is dropped (the Java client sends
//!   `/compatibility/subjects/{s}/versions/`) and a `/contexts/{ctx}/...` prefix is rewritten to
//!   qualified subjects (`/contexts/.ctx/subjects/foo` ≡ `/subjects/:.ctx:foo`). Routing runs on
//!   the raw path, so a `%2F` in a subject stays inside its segment.
//! - Typed path parameters after routing: where Confluent's resource declares a parameter as a
//!   Java `Integer` (the schema id of `/schemas/ids/{id}...`), a value that is not one is
//!   refused as its framework (Jersey) refuses it, before the handler: 404 `HTTP 404 Not Found`.
//!   Versions are strings there, parsed by the handler (42202 for `abc`).
//!
//! Everything here runs on every request, so nothing allocates or locks when there is nothing
//! to do: request ids come from a counter, a path that needs no rewriting is passed on as it is.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::serve::{IncomingStream, Listener};
use tower::util::BoxCloneSyncService;
use tower::{Layer, Service};
use tracing::{Instrument, Span};

use crate::error::ApiError;
use crate::metrics::Metrics;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Path parameters that Confluent declares as Java `Integer`s, as they appear in the route
/// templates (a template matches when it starts with the prefix).
const INTEGER_PARAMS: [(&str, &str); 1] = [("/schemas/ids/{id}", "{id}")];

/// The registry's HTTP service: the router inside the edge. It is what `axum::serve` takes
/// (it makes itself the service of each connection) and what tests call with `oneshot`. It is
/// not an outer `Router` with the edge as fallback: a router level costs a route match, a
/// boxed clone of the service and a boxed future on every request.
#[derive(Clone)]
pub struct App(Around<BoxCloneSyncService<Request, Response, Infallible>, RequestEdge>);

/// `routed` (the routes, with [`route_layer`] applied) inside the edge (see the module docs).
pub fn wrap<S>(routed: S) -> App
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Future: Send + 'static,
{
    App(Around {
        inner: BoxCloneSyncService::new(routed),
        hooks: RequestEdge {
            ids: CountedRequestIds::new(),
        },
    })
}

impl Service<Request> for App {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        self.0.call(request)
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

/// The layer every route (and the fallback) gets: typed path parameters, then metrics.
pub fn route_layer(metrics: Arc<Metrics>) -> AroundLayer<RouteEdge> {
    AroundLayer(RouteEdge { metrics })
}

/// What a middleware does around the service it wraps, for [`Around`]. A middleware written
/// this way costs one allocation per request, where `axum::middleware::from_fn` also clones
/// the service it wraps.
pub trait Hooks: Clone + Send + Sync + 'static {
    /// What `before` hands to `after`.
    type Carry: Send + 'static;

    /// Look at (or change) the request; an `Err` answers at once, without the inner service.
    fn before(&self, request: &mut Request) -> Result<Self::Carry, (Self::Carry, Response)>;

    /// The span the inner service runs in.
    fn span(&self, _carry: &Self::Carry) -> Span {
        Span::none()
    }

    /// Finish the answer.
    fn after(&self, carry: Self::Carry, response: &mut Response);
}

/// A [`Layer`] of [`Around`] with `H`.
#[derive(Debug, Clone)]
pub struct AroundLayer<H>(pub H);

impl<S, H: Clone> Layer<S> for AroundLayer<H> {
    type Service = Around<S, H>;

    fn layer(&self, inner: S) -> Around<S, H> {
        Around {
            inner,
            hooks: self.0.clone(),
        }
    }
}

/// `inner` with the hooks `H` around it.
#[derive(Debug, Clone)]
pub struct Around<S, H> {
    inner: S,
    hooks: H,
}

impl<S, H> Service<Request> for Around<S, H>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
    H: Hooks,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let hooks = self.hooks.clone();
        let carry = match hooks.before(&mut request) {
            Ok(carry) => carry,
            Err((carry, mut response)) => {
                hooks.after(carry, &mut response);
                return Box::pin(std::future::ready(Ok(response)));
            }
        };
        // The future does not hold the service, so the one polled ready is called in place
        // (no clone of the service per request).
        let future = self.inner.call(request);
        let span = hooks.span(&carry);
        Box::pin(async move {
            let mut response = future.instrument(span).await?;
            hooks.after(carry, &mut response);
            Ok(response)
        })
    }
}

/// Before routing: path rewriting, the request id and the request's span.
#[derive(Debug, Clone)]
struct RequestEdge {
    ids: CountedRequestIds,
}

/// A request's id, its span and when it started.
struct Started {
    id: HeaderValue,
    span: Span,
    start: Instant,
}

impl Hooks for RequestEdge {
    type Carry = Started;

    fn before(&self, request: &mut Request) -> Result<Started, (Started, Response)> {
        rewrite_path(request);
        let id = match request.headers().get(&REQUEST_ID) {
            Some(id) => id.clone(),
            None => {
                let id = self.ids.next();
                request.headers_mut().insert(REQUEST_ID, id.clone());
                id
            }
        };
        // Created only when its level is enabled; the fields are not even formatted otherwise.
        let span = tracing::info_span!(
            "request",
            request_id = %id.to_str().unwrap_or("-"),
            method = %request.method(),
            uri = %request.uri(),
        );
        span.in_scope(|| tracing::debug!("started processing request"));
        Ok(Started {
            id,
            span,
            start: Instant::now(),
        })
    }

    fn span(&self, carry: &Started) -> Span {
        carry.span.clone()
    }

    fn after(&self, carry: Started, response: &mut Response) {
        let status = response.status().as_u16();
        carry.span.in_scope(|| {
            let latency_ms = carry.start.elapsed().as_secs_f64() * 1000.0;
            if response.status().is_server_error() {
                tracing::error!(status, latency_ms, "response failed");
            } else {
                tracing::debug!(status, latency_ms, "finished processing request");
            }
        });
        response.headers_mut().entry(REQUEST_ID).or_insert(carry.id);
    }
}

/// After routing: typed path parameters, then the request in the metrics.
#[derive(Debug, Clone)]
pub struct RouteEdge {
    metrics: Arc<Metrics>,
}

/// The route template (absent for the fallback), the method and when it started.
pub struct Routed {
    route: Option<MatchedPath>,
    method: Method,
    start: Instant,
}

impl Hooks for RouteEdge {
    type Carry = Routed;

    fn before(&self, request: &mut Request) -> Result<Routed, (Routed, Response)> {
        let route = request.extensions().get::<MatchedPath>().cloned();
        let routed = Routed {
            method: request.method().clone(),
            start: Instant::now(),
            route,
        };
        // The routes with such parameters are GET-only: another method is the router's 405,
        // as the framework matches the method before it converts parameters.
        let read = matches!(routed.method, Method::GET | Method::HEAD);
        match &routed.route {
            Some(route)
                if read && !integer_params_convert(route.as_str(), request.uri().path()) =>
            {
                Err((
                    routed,
                    ApiError::http(StatusCode::NOT_FOUND).into_response(),
                ))
            }
            _ => Ok(routed),
        }
    }

    fn after(&self, carry: Routed, response: &mut Response) {
        self.metrics.observe(
            carry.route.as_ref().map_or("unmatched", |r| r.as_str()),
            &carry.method,
            response.status().as_u16(),
            u64::try_from(carry.start.elapsed().as_nanos()).unwrap_or(u64::MAX),
        );
    }
}

/// Whether every parameter of [`INTEGER_PARAMS`] in `template` converts to a Java `Integer` in
/// `path` (the request path that matched it, segment for segment).
fn integer_params_convert(template: &str, path: &str) -> bool {
    let Some((_, name)) = INTEGER_PARAMS.iter().find(|(t, _)| template.starts_with(t)) else {
        return true;
    };
    let Some(index) = template.split('/').position(|s| s == *name) else {
        return true;
    };
    let Some(segment) = path.split('/').nth(index) else {
        return false;
    };
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
    prefix: u64,
    next: Arc<AtomicU64>,
}

impl CountedRequestIds {
    fn new() -> CountedRequestIds {
        use std::hash::{BuildHasher, Hasher};
        // The standard library seeds each RandomState from the system's random source.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        CountedRequestIds {
            prefix: h.finish(),
            next: Arc::new(AtomicU64::new(0)),
        }
    }

    fn next(&self) -> HeaderValue {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_bytes(&self.format(n)).expect("hex digits and dashes")
    }

    fn format(&self, n: u64) -> [u8; 36] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let value = (u128::from(self.prefix) << 64) | u128::from(n);
        let mut digits = (0..32)
            .rev()
            .map(|i| HEX[((value >> (4 * i)) & 0xF) as usize]);
        let mut out = [b'-'; 36];
        for (i, slot) in out.iter_mut().enumerate() {
            if !matches!(i, 8 | 13 | 18 | 23) {
                *slot = digits.next().unwrap_or(b'0');
            }
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
