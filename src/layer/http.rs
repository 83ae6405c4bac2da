//! Guarding `http::Request` / `http::Response` JSON bodies (axum, hyper).
//!
//! ```
//! use axum::{routing::post, Json, Router};
//! use guardrail::{JsonBodyLayer, Policy, Scanner};
//!
//! let scanner = Scanner::compile(&Policy::default_policy())?;
//! let app: Router = Router::new()
//!     .route("/chat", post(|Json(v): Json<serde_json::Value>| async move { Json(v) }))
//!     .layer(
//!         JsonBodyLayer::new(scanner)
//!             .request_texts(&["/prompt"])?
//!             .response_texts(&["/prompt", "/choices/*/text"])?
//!             .body_limit(256 * 1024),
//!     );
//! # Ok::<(), guardrail::Error>(())
//! ```
//!
//! Bodies are collected once under [`JsonBodyLayer::body_limit`] (default
//! 1 MiB): a larger request gets 413 and never reaches the service, a larger
//! response becomes 502. A request that is not JSON gets 400. Without
//! configured paths the Bedrock Converse / InvokeModel shapes of [`Guarded`]
//! are used; a response that is not JSON is checked as one plain text, and
//! one that is not UTF-8 becomes 502: nothing passes unscanned. A blocked
//! request or response is answered by [`JsonBodyLayer::on_block`] (default:
//! 403 with the verdict's `action`, `actionReason` and `outputs`, whose
//! `outputs[0].text` is the policy's blocked message, and header
//! `x-guardrail-action: BLOCKED`; never the matched values). A response
//! that an inner [`StreamingResponseLayer`](crate::StreamingResponseLayer)
//! already guards as it streams is passed on as it is.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{header, HeaderValue, Request, Response, StatusCode};
use http_body::Body;
use http_body_util::{BodyExt, Full, Limited};
use serde_json::Value;
use tower_layer::Layer;
use tower_service::Service;

use super::guarded::Guarded;
use super::remote::RemoteGuardrailLayer;
use crate::error::{Error, ErrorKind};
use crate::policy::Source;
use crate::scan::Scanner;
use crate::verdict::Verdict;

/// Default cap on a request or response body, in bytes.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// Makes the response for a blocked request or response.
pub type BlockResponse = fn(&Verdict, Source) -> Response<Bytes>;

/// Guards the JSON bodies of an HTTP service (axum, hyper): the texts at the
/// JSON pointers given with [`request_texts`](Self::request_texts) and
/// [`response_texts`](Self::response_texts).
#[derive(Debug, Clone)]
pub struct JsonBodyLayer {
    config: Arc<Config>,
}

#[derive(Debug)]
struct Config {
    scanner: Scanner,
    remote: Option<RemoteGuardrailLayer>,
    request: Vec<JsonPath>,
    response: Vec<JsonPath>,
    body_limit: usize,
    on_block: BlockResponse,
}

impl JsonBodyLayer {
    /// Guards Bedrock Converse / InvokeModel-shaped bodies with `scanner`.
    pub fn new(scanner: Scanner) -> Self {
        JsonBodyLayer {
            config: Arc::new(Config {
                scanner,
                remote: None,
                request: Vec::new(),
                response: Vec::new(),
                body_limit: DEFAULT_BODY_LIMIT,
                on_block: default_block_response,
            }),
        }
    }

    /// Judges with a remote judge too (local first, then the remote on the
    /// masked texts, merged; its fail mode and cache apply), as
    /// [`GuardrailLayer::remote`](super::GuardrailLayer::remote) builds it.
    pub fn with_remote(remote: RemoteGuardrailLayer) -> Self {
        let layer = JsonBodyLayer::new(remote.scanner().clone());
        layer.with(|c| c.remote = Some(remote))
    }

    /// The request texts, as JSON pointers where `*` matches every array
    /// element or object member (`/messages/*/content`).
    ///
    /// # Errors
    /// A path that does not start with `/`.
    pub fn request_texts(self, paths: &[&str]) -> Result<Self, Error> {
        let parsed = parse_paths(paths)?;
        Ok(self.with(|c| c.request = parsed))
    }

    /// The response texts, as for [`request_texts`](Self::request_texts).
    ///
    /// # Errors
    /// A path that does not start with `/`.
    pub fn response_texts(self, paths: &[&str]) -> Result<Self, Error> {
        let parsed = parse_paths(paths)?;
        Ok(self.with(|c| c.response = parsed))
    }

    /// The largest body collected, in bytes (default 1 MiB).
    pub fn body_limit(self, bytes: usize) -> Self {
        self.with(|c| c.body_limit = bytes)
    }

    /// How a blocked request or response is answered.
    pub fn on_block(self, make: BlockResponse) -> Self {
        self.with(|c| c.on_block = make)
    }

    fn with(self, f: impl FnOnce(&mut Config)) -> Self {
        let mut config = Config {
            scanner: self.config.scanner.clone(),
            remote: self.config.remote.clone(),
            request: self.config.request.clone(),
            response: self.config.response.clone(),
            body_limit: self.config.body_limit,
            on_block: self.config.on_block,
        };
        f(&mut config);
        JsonBodyLayer {
            config: Arc::new(config),
        }
    }
}

impl<S> Layer<S> for JsonBodyLayer {
    type Service = JsonBodyService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        JsonBodyService {
            inner,
            config: self.config.clone(),
        }
    }
}

/// An HTTP service whose JSON bodies are guarded. See [`JsonBodyLayer`].
#[derive(Debug, Clone)]
pub struct JsonBodyService<S> {
    inner: S,
    config: Arc<Config>,
}

impl<S> JsonBodyService<S> {
    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// Unwraps the inner service.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl<S, B, RB> Service<Request<B>> for JsonBodyService<S>
where
    S: Service<Request<Full<Bytes>>, Response = Response<RB>> + Clone + Send + 'static,
    S::Future: Send,
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
    RB: Body + From<Bytes> + Send + 'static,
    RB::Data: Send,
    RB::Error: Into<BoxError>,
{
    type Response = Response<RB>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Response<RB>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let config = self.config.clone();
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let bytes = match collect(body, config.body_limit).await {
                Ok(b) => b,
                Err(status) => return Ok(problem(status, "request body").map(RB::from)),
            };
            let Ok(mut doc) = serde_json::from_slice::<Value>(&bytes) else {
                return Ok(
                    problem(StatusCode::BAD_REQUEST, "request body is not JSON").map(RB::from)
                );
            };
            match guard(&config, &mut doc, &config.request, Source::Input).await {
                Outcome::Blocked(v) => {
                    return Ok((config.on_block)(&v, Source::Input).map(RB::from))
                }
                Outcome::Unchanged => {}
                Outcome::Masked => {}
            }
            let body = serde_json::to_vec(&doc).map(Bytes::from).unwrap_or(bytes);
            let mut request = Request::from_parts(parts, Full::new(body));
            request.headers_mut().remove(header::CONTENT_LENGTH);
            let response = inner.call(request).await?;
            Ok(guard_response(&config, response).await)
        })
    }
}

enum Outcome {
    Unchanged,
    Masked,
    Blocked(Box<Verdict>),
}

/// Checks the texts at `paths` (or the Converse shapes) and masks in place.
async fn guard(config: &Config, doc: &mut Value, paths: &[JsonPath], source: Source) -> Outcome {
    let texts: Vec<String> = if paths.is_empty() {
        doc.texts().into_iter().map(str::to_string).collect()
    } else {
        select(doc, paths).into_iter().map(str::to_string).collect()
    };
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let verdict = match &config.remote {
        Some(remote) => remote.check_blocks(&texts, source).await,
        None => config.scanner.check_blocks(&texts, source),
    };
    if verdict.is_blocked() {
        return Outcome::Blocked(Box::new(verdict));
    }
    if !verdict.is_intervened() {
        return Outcome::Unchanged;
    }
    let texts: Vec<String> = verdict.outputs.into_iter().map(|o| o.text).collect();
    if paths.is_empty() {
        doc.replace_texts(texts);
    } else {
        replace(doc, paths, texts);
    }
    Outcome::Masked
}

async fn guard_response<RB>(config: &Config, response: Response<RB>) -> Response<RB>
where
    RB: Body + From<Bytes>,
    RB::Error: Into<BoxError>,
{
    // Already guarded as it streams by an inner StreamingResponseLayer.
    if response
        .extensions()
        .get::<super::streaming::StreamGuarded>()
        .is_some()
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match collect(body, config.body_limit).await {
        Ok(b) => b,
        Err(_) => {
            return problem(
                StatusCode::BAD_GATEWAY,
                "response body could not be checked",
            )
            .map(RB::from)
        }
    };
    let new_body = match serde_json::from_slice::<Value>(&bytes) {
        Ok(mut doc) => match guard(config, &mut doc, &config.response, Source::Output).await {
            Outcome::Blocked(v) => return (config.on_block)(&v, Source::Output).map(RB::from),
            Outcome::Unchanged => bytes,
            Outcome::Masked => serde_json::to_vec(&doc).map(Bytes::from).unwrap_or(bytes),
        },
        Err(_) => match std::str::from_utf8(&bytes) {
            Ok(text) => {
                let verdict = match &config.remote {
                    Some(remote) => remote.check_blocks(&[text], Source::Output).await,
                    None => config.scanner.check(text, Source::Output),
                };
                if verdict.is_blocked() {
                    return (config.on_block)(&verdict, Source::Output).map(RB::from);
                }
                match verdict.outputs.into_iter().next() {
                    Some(masked)
                        if verdict.action == crate::verdict::Action::GuardrailIntervened =>
                    {
                        Bytes::from(masked.text)
                    }
                    _ => bytes,
                }
            }
            Err(_) => {
                return problem(StatusCode::BAD_GATEWAY, "response body is not UTF-8 text")
                    .map(RB::from)
            }
        },
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, RB::from(new_body))
}

/// Collects a body under `limit` bytes: 413 when over it, 400 when it fails.
async fn collect<B>(body: B, limit: usize) -> Result<Bytes, StatusCode>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    match Limited::new(body, limit).collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(StatusCode::PAYLOAD_TOO_LARGE),
        Err(_) => Err(StatusCode::BAD_REQUEST),
    }
}

/// A JSON error response `{"message": ...}` (ApplyGuardrail's error body).
fn problem(status: StatusCode, what: &str) -> Response<Bytes> {
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            format!("{what} is larger than the guardrail's body limit")
        }
        StatusCode::BAD_REQUEST if what == "request body" => {
            "request body could not be read".to_string()
        }
        _ => what.to_string(),
    };
    json_response(status, &serde_json::json!({ "message": message }))
}

fn json_response(status: StatusCode, value: &Value) -> Response<Bytes> {
    let mut response = Response::new(Bytes::from(value.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// 403 with the verdict's `action`, `actionReason` and `outputs` (the
/// blocked message). Assessments and findings are left out: they hold the
/// matched values, and a blocked answer must not reach the client that way.
pub fn default_block_response(verdict: &Verdict, _source: Source) -> Response<Bytes> {
    let body = serde_json::json!({
        "action": verdict.action,
        "actionReason": verdict.action_reason,
        "outputs": verdict.outputs,
    });
    let mut response = json_response(StatusCode::FORBIDDEN, &body);
    response
        .headers_mut()
        .insert("x-guardrail-action", HeaderValue::from_static("BLOCKED"));
    response
}

/// A JSON pointer whose `*` segments match every element or member.
#[derive(Debug, Clone)]
struct JsonPath(Vec<String>);

fn parse_paths(paths: &[&str]) -> Result<Vec<JsonPath>, Error> {
    paths
        .iter()
        .map(|p| {
            let rest = p.strip_prefix('/').ok_or_else(|| {
                Error::new(ErrorKind::Input(format!(
                    "JSON path {p:?} must start with '/'"
                )))
            })?;
            Ok(JsonPath(
                rest.split('/')
                    .map(|s| s.replace("~1", "/").replace("~0", "~"))
                    .collect(),
            ))
        })
        .collect()
}

/// Every string the paths reach, in path order then document order.
fn select<'v>(doc: &'v Value, paths: &[JsonPath]) -> Vec<&'v str> {
    let mut out = Vec::new();
    for path in paths {
        walk(doc, &path.0, &mut |v| {
            if let Some(s) = v.as_str() {
                out.push(s);
            }
        });
    }
    out
}

fn walk<'v>(v: &'v Value, path: &[String], f: &mut impl FnMut(&'v Value)) {
    let Some((head, rest)) = path.split_first() else {
        return f(v);
    };
    match (head.as_str(), v) {
        ("*", Value::Array(items)) => items.iter().for_each(|i| walk(i, rest, f)),
        ("*", Value::Object(map)) => map.values().for_each(|i| walk(i, rest, f)),
        (key, Value::Object(map)) => {
            if let Some(next) = map.get(key) {
                walk(next, rest, f);
            }
        }
        (index, Value::Array(items)) => {
            if let Some(next) = index.parse::<usize>().ok().and_then(|i| items.get(i)) {
                walk(next, rest, f);
            }
        }
        _ => {}
    }
}

/// Puts masked texts back at the strings `select` returned, in the same order.
fn replace(doc: &mut Value, paths: &[JsonPath], texts: Vec<String>) {
    let mut texts = texts.into_iter();
    for path in paths {
        walk_mut(doc, &path.0, &mut |v| {
            if v.is_string() {
                if let Some(t) = texts.next() {
                    *v = Value::String(t);
                }
            }
        });
    }
}

fn walk_mut(v: &mut Value, path: &[String], f: &mut impl FnMut(&mut Value)) {
    let Some((head, rest)) = path.split_first() else {
        return f(v);
    };
    match (head.as_str(), v) {
        ("*", Value::Array(items)) => items.iter_mut().for_each(|i| walk_mut(i, rest, f)),
        ("*", Value::Object(map)) => map.values_mut().for_each(|i| walk_mut(i, rest, f)),
        (key, Value::Object(map)) => {
            if let Some(next) = map.get_mut(key) {
                walk_mut(next, rest, f);
            }
        }
        (index, Value::Array(items)) => {
            if let Some(next) = index.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                walk_mut(next, rest, f);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wildcard_paths_select_and_replace_in_the_same_order() {
        let mut doc = json!({"a": [{"t": "x"}, {"t": "y"}, {"u": 1}], "b": {"p": "z", "q": 2}});
        let paths = parse_paths(&["/a/*/t", "/b/*"]).expect("paths");
        assert_eq!(select(&doc, &paths), ["x", "y", "z"]);
        replace(&mut doc, &paths, vec!["X".into(), "Y".into(), "Z".into()]);
        assert_eq!(
            doc,
            json!({"a": [{"t": "X"}, {"t": "Y"}, {"u": 1}], "b": {"p": "Z", "q": 2}})
        );
        assert!(parse_paths(&["a/b"]).is_err());
    }
}
