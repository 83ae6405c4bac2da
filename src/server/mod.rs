//! `guardrail serve`: Bedrock's `ApplyGuardrail` wire protocol, answered by
//! the local engine, so AWS SDK code points `endpoint_url` here unchanged.
//!
//! `POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply`
//! takes and answers the real restJson1 shapes; errors carry the
//! `x-amzn-errortype` header and a `{"message"}` body, as the SDKs expect.

mod auth;
#[cfg(feature = "bedrock")]
mod judge;
mod metrics;
mod policies;
mod rate;
mod reload;
mod request;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use anyhow::{Context, Result};
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::{BodyExt, Limited};

pub(crate) use self::auth::AccessKeys;
use self::metrics::Metrics;
use self::policies::Policies;
pub(crate) use self::policies::PolicySource;
use self::rate::TokenBucket;

/// Largest request body accepted (Bedrock's own per-request limit is a text-unit quota).
pub(crate) const MAX_BODY: usize = 1024 * 1024;

/// Default cap on requests in flight.
pub(crate) const DEFAULT_MAX_CONCURRENCY: usize = 1024;

/// How the server runs, from the command line.
#[derive(Debug)]
pub(crate) struct Options {
    pub(crate) listen: SocketAddr,
    /// Requests allowed at once; beyond it: ThrottlingException.
    pub(crate) max_concurrency: usize,
    /// Requests allowed per second (a token bucket); beyond it: ThrottlingException.
    pub(crate) max_rps: Option<u32>,
    /// When set, every ApplyGuardrail request must carry a valid SigV4 signature by one of these keys.
    pub(crate) access_keys: Option<AccessKeys>,
    /// Reload when a policy file changes (SIGHUP always reloads).
    pub(crate) watch: bool,
}

pub(crate) struct AppState {
    /// Swapped whole on reload; a request keeps the set it started with.
    pub(crate) policies: std::sync::RwLock<Arc<Policies>>,
    metrics: Metrics,
    permits: tokio::sync::Semaphore,
    rate: Option<TokenBucket>,
    access_keys: Option<AccessKeys>,
    /// Request ids: a per-process prefix and a counter.
    id_prefix: String,
    next_id: std::sync::atomic::AtomicU64,
}

/// The HTTP application and its state (kept for reloads).
fn app(policies: Policies, metrics: Metrics, options: &mut Options) -> (Router, Arc<AppState>) {
    let started = SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let state = Arc::new(AppState {
        policies: std::sync::RwLock::new(Arc::new(policies)),
        metrics,
        permits: tokio::sync::Semaphore::new(options.max_concurrency),
        rate: options.max_rps.map(|n| TokenBucket::new(n, Instant::now())),
        access_keys: options.access_keys.take(),
        id_prefix: format!(
            "{:08x}-{:04x}",
            (started as u64) & 0xffff_ffff,
            std::process::id() & 0xffff
        ),
        next_id: Default::default(),
    });
    let router = Router::new()
        .route("/guardrail/{id}/version/{version}/apply", post(apply))
        .route(
            "/health",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    "{\"status\":\"ok\"}",
                )
            }),
        )
        .route("/metrics", get(metrics_text))
        .with_state(state.clone());
    (router, state)
}

/// Serves until Ctrl-C or SIGTERM, finishing requests in flight.
pub(crate) async fn serve(source: PolicySource, mut options: Options) -> Result<()> {
    // Before the policies: their remote judges count into it.
    let metrics = Metrics::default();
    let policies = source.load(&metrics).await?;
    #[cfg(unix)]
    let hup = reload::sighup();
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .with_context(|| format!("cannot listen on {}", options.listen))?;
    // The bound address first, on its own line (port 0 picks a free one).
    let bound = listener.local_addr()?;
    println!("listening on http://{bound}");
    tracing::info!(
        listen = %bound,
        max_concurrency = options.max_concurrency,
        max_rps = options.max_rps,
        require_auth = options.access_keys.is_some(),
        watch = options.watch,
        "guardrail serve started"
    );
    let watch = options.watch;
    let (router, state) = app(policies, metrics, &mut options);
    #[cfg(unix)]
    if let Some(hup) = hup {
        tokio::spawn(reload::on_sighup(hup, source.clone(), state.clone()));
    }
    if watch {
        tokio::spawn(reload::watch(source, state));
    }
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown())
        .await
        .context("server failed")
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

async fn apply(
    State(state): State<Arc<AppState>>,
    UrlPath((id, version)): UrlPath<(String, String)>,
    request: Request,
) -> Response {
    let started = Instant::now();
    let n = state
        .next_id
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let request_id = format!("{}-{n:012x}", state.id_prefix);
    let mut response = if state
        .rate
        .as_ref()
        .is_some_and(|bucket| !bucket.try_take(started))
    {
        state.metrics.throttled("rate");
        throttled()
    } else {
        match state.permits.try_acquire() {
            Ok(_permit) => answer(&state, &id, &version, request).await,
            Err(_) => {
                state.metrics.throttled("concurrency");
                throttled()
            }
        }
    };
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    state.metrics.request(status, elapsed);
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-amzn-requestid", v);
    }
    // Never the texts or matched values: ids, status and timing only.
    tracing::debug!(request_id, guardrail = %id, version = %version, status, micros = elapsed.as_micros() as u64, "apply");
    response
}

fn throttled() -> Response {
    error(
        StatusCode::TOO_MANY_REQUESTS,
        "ThrottlingException",
        "Too many requests, please wait before trying again.",
    )
}

async fn answer(state: &AppState, id: &str, version: &str, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let bytes: Bytes = match Limited::new(body, MAX_BODY).collect().await {
        Ok(c) => c.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            return error(
                StatusCode::BAD_REQUEST,
                "ServiceQuotaExceededException",
                &format!("request body is larger than {MAX_BODY} bytes"),
            )
        }
        Err(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "ValidationException",
                "request body could not be read",
            )
        }
    };
    if let Some(keys) = &state.access_keys {
        let checked = auth::verify(
            keys,
            &parts.method,
            &parts.uri,
            &parts.headers,
            &bytes,
            SystemTime::now(),
        );
        if let Err(denied) = checked {
            state.metrics.denied(denied.kind());
            // Per request, so at debug like the other request lines (the
            // metric counts refusals); the reason, never a secret or signature.
            tracing::debug!(
                kind = denied.kind(),
                reason = denied.message(),
                "request refused"
            );
            return error(StatusCode::FORBIDDEN, denied.kind(), denied.message());
        }
    }
    if !valid_version(version) {
        return error(
            StatusCode::BAD_REQUEST,
            "ValidationException",
            "guardrailVersion must be DRAFT or a positive integer",
        );
    }
    let policies = match state.policies.read() {
        Ok(p) => p.clone(),
        Err(_) => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerException",
                "policy state unavailable",
            )
        }
    };
    let Some(guard) = policies.get(id) else {
        return error(
            StatusCode::NOT_FOUND,
            "ResourceNotFoundException",
            &format!("no guardrail {id:?}"),
        );
    };
    let (source, texts) = match request::parse(&bytes) {
        Ok(r) => (r.source, r.texts),
        Err(request::Invalid(message)) => {
            return error(StatusCode::BAD_REQUEST, "ValidationException", &message)
        }
    };
    let blocks: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
    let verdict = guard.check(&blocks, source).await;
    state.metrics.verdict(&verdict);
    // Sized for the masked texts plus assessments, so the buffer rarely grows.
    let mut json = Vec::with_capacity(bytes.len() + 1024);
    if verdict.write_json(&mut json).is_err() {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerException",
            "the verdict could not be written",
        );
    }
    let mut response = Response::new(Body::from(json));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn valid_version(v: &str) -> bool {
    v == "DRAFT"
        || (!v.is_empty()
            && v.len() <= 8
            && !v.starts_with('0')
            && v.bytes().all(|b| b.is_ascii_digit()))
}

/// An error as restJson1 clients read it: status, `x-amzn-errortype`, `{"message"}`.
fn error(status: StatusCode, kind: &str, message: &str) -> Response {
    let body = serde_json::json!({ "message": message }).to_string();
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(v) = HeaderValue::from_str(kind) {
        headers.insert("x-amzn-errortype", v);
    }
    response
}

async fn metrics_text(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    // The circuits of the policies running now (a reload makes new ones).
    let policies = state.policies.read().map(|p| p.clone()).ok();
    let circuits = policies.as_ref().map(|p| p.circuits()).unwrap_or_default();
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(&circuits),
    )
}
