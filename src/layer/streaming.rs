//! Guarding streamed HTTP responses (server-sent events, chunked text) as
//! they flow: [`StreamingResponseLayer`].

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use http::{header, Response};
use pin_project_lite::pin_project;
use tower_layer::Layer;
use tower_service::Service;

use super::stream_body::GuardedBody;
use crate::error::Error;
use crate::scan::Scanner;
use crate::stream::event::DeltaPath;
use crate::stream::StreamOptions;

/// Marks a response whose body is already guarded as it streams, so an
/// outer [`JsonBodyLayer`](crate::JsonBodyLayer) passes it on instead of
/// collecting it. Crate-private: nothing else can set it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StreamGuarded;

/// Default cap on one server-sent event, and on the events held behind
/// unreleased text, in bytes.
pub const DEFAULT_EVENT_LIMIT: usize = 256 * 1024;

/// Guards streamed response bodies as they flow.
///
/// ```
/// use axum::{routing::get, Router};
/// use guardrail::{Policy, Scanner, StreamingResponseLayer};
///
/// let scanner = Scanner::compile(&Policy::default_policy())?;
/// let app: Router = Router::new()
///     .route("/chat/stream", get(|| async { "a streamed answer" }))
///     .layer(StreamingResponseLayer::new(scanner));
/// # Ok::<(), guardrail::Error>(())
/// ```
///
/// Every response body is wrapped; nothing is collected. What leaves has
/// been scanned as `OUTPUT` through a [`StreamScanner`](crate::StreamScanner),
/// which holds back at most its window plus one batch of text per content
/// stream (see [`StreamOptions`]):
///
/// - `text/event-stream`: events are parsed as they arrive (any split, any
///   line ending). A `data:` payload must be JSON: its text delta is taken
///   from the first [`DeltaPath`] that reaches a string (default:
///   [`DeltaPath::defaults`]; a payload that is one JSON string is itself
///   the text), and the event leaves with the masked text released by then.
///   Events are never reordered; events without text wait behind held text.
///   `data: [DONE]` and the end of the body release everything held. A
///   block drops what is held and sends the policy's blocked message as the
///   last event, in the shape of the delta that set it off. Comments leave
///   emptied (keep-alives still work), unknown fields are dropped.
/// - any other content type: the body is UTF-8 text, masked as it flows; a
///   block appends the blocked message and ends the body.
///
/// Failing closed, the held text never leaves: an event stream that is not
/// UTF-8, has `data:` that is not JSON, an event over
/// [`event_limit`](StreamingResponseLayer::event_limit), or whose upstream
/// body fails ends with one `event: error` whose data is
/// `{"type":"error","error":{"type":"guardrail_stream_error","message":...}}`
/// (see [`ERROR_EVENT_TYPE`](crate::ERROR_EVENT_TYPE)); a text body that is
/// not UTF-8 or fails ends with a body error. `Content-Length` is removed.
///
/// JSON answers that are not streamed are better guarded by
/// [`JsonBodyLayer`](crate::JsonBodyLayer), which knows their structure. The
/// two compose: with `StreamingResponseLayer` on the streaming routes and
/// `JsonBodyLayer` around the whole app, prompts of every route and the JSON
/// answers are checked by `JsonBodyLayer`, which passes on the responses
/// this layer already guards (and only those) without collecting them:
///
/// ```
/// use axum::{routing::post, Json, Router};
/// use guardrail::{JsonBodyLayer, Policy, Scanner, StreamingResponseLayer};
///
/// let scanner = Scanner::compile(&Policy::default_policy())?;
/// let app: Router = Router::new()
///     .route("/chat", post(|Json(v): Json<serde_json::Value>| async move { Json(v) }))
///     .route(
///         "/chat/stream",
///         post(|| async { "streamed" }).layer(StreamingResponseLayer::new(scanner.clone())),
///     )
///     .layer(JsonBodyLayer::new(scanner).request_texts(&["/prompt"])?);
/// # Ok::<(), guardrail::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct StreamingResponseLayer {
    config: Arc<Config>,
}

#[derive(Debug, Clone)]
struct Config {
    scanner: Scanner,
    options: StreamOptions,
    paths: Arc<[DeltaPath]>,
    event_limit: usize,
}

impl StreamingResponseLayer {
    /// Guards responses with `scanner`, synchronously, with the default delta paths.
    pub fn new(scanner: Scanner) -> Self {
        StreamingResponseLayer {
            config: Arc::new(Config {
                scanner,
                options: StreamOptions::default(),
                paths: DeltaPath::defaults().into(),
                event_limit: DEFAULT_EVENT_LIMIT,
            }),
        }
    }

    /// How each content stream is scanned (mode, batch, whether a block stops it).
    pub fn options(self, options: StreamOptions) -> Self {
        self.with(|c| c.options = options)
    }

    /// Where JSON events carry their text deltas, tried in order.
    ///
    /// # Errors
    /// A pointer that does not start with `/`.
    pub fn delta_paths(self, paths: Vec<DeltaPath>) -> Result<Self, Error> {
        for p in &paths {
            p.validate()?;
        }
        Ok(self.with(|c| c.paths = paths.into()))
    }

    /// The largest server-sent event, and the most event bytes held behind
    /// unreleased text before everything held is released (default 256 KiB).
    pub fn event_limit(self, bytes: usize) -> Self {
        self.with(|c| c.event_limit = bytes)
    }

    /// Wraps one response's body (what the service does to each response).
    pub fn guard<B>(&self, response: Response<B>) -> Response<GuardedBody<B>> {
        let c = &self.config;
        let (mut parts, body) = response.into_parts();
        let sse = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("text/event-stream"));
        let body = if sse {
            GuardedBody::sse(body, &c.scanner, c.options, c.paths.clone(), c.event_limit)
        } else {
            GuardedBody::text(body, &c.scanner, c.options)
        };
        // Masks change the length.
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.extensions.insert(StreamGuarded);
        Response::from_parts(parts, body)
    }

    fn with(self, f: impl FnOnce(&mut Config)) -> Self {
        let mut config = Config::clone(&self.config);
        f(&mut config);
        StreamingResponseLayer {
            config: Arc::new(config),
        }
    }
}

impl<S> Layer<S> for StreamingResponseLayer {
    type Service = StreamingResponseService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        StreamingResponseService {
            inner,
            layer: self.clone(),
        }
    }
}

/// A service whose response bodies are guarded as they stream. See
/// [`StreamingResponseLayer`].
#[derive(Debug, Clone)]
pub struct StreamingResponseService<S> {
    inner: S,
    layer: StreamingResponseLayer,
}

impl<S> StreamingResponseService<S> {
    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The wrapped service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Unwraps the inner service.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S, R, B> Service<R> for StreamingResponseService<S>
where
    S: Service<R, Response = Response<B>>,
{
    type Response = Response<GuardedBody<B>>;
    type Error = S::Error;
    type Future = StreamingResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        StreamingResponseFuture {
            inner: self.inner.call(request),
            layer: self.layer.clone(),
        }
    }
}

pin_project! {
    /// The response future of [`StreamingResponseService`]: the inner
    /// service's future, whose response body is then wrapped.
    #[derive(Debug)]
    pub struct StreamingResponseFuture<F> {
        #[pin]
        inner: F,
        layer: StreamingResponseLayer,
    }
}

impl<F, B, E> Future for StreamingResponseFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
{
    type Output = Result<Response<GuardedBody<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = ready!(this.inner.poll(cx))?;
        Poll::Ready(Ok(this.layer.guard(response)))
    }
}
