//! `guardrail serve`: Bedrock's `ApplyGuardrail` wire protocol, answered by
//! the local engine, so AWS SDK code points `endpoint_url` here unchanged.
//!
//! `POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply`
//! takes and answers the real restJson1 shapes; errors carry the
//! `x-amzn-errortype` header and a `{"message"}` body, as the SDKs expect.

mod metrics;
mod request;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use guardrail::{Policy, Scanner};
use http_body_util::{BodyExt, Limited};

use self::metrics::Metrics;

/// Largest request body accepted (Bedrock's own per-request limit is a text-unit quota).
pub(crate) const MAX_BODY: usize = 1024 * 1024;

/// Which policies answer which guardrail identifiers.
#[derive(Debug)]
pub(crate) enum Policies {
    /// One policy for every identifier.
    Single(Scanner),
    /// One policy per identifier: `DIR/<identifier>.toml` or `.json`.
    ById(HashMap<String, Scanner>),
}

impl Policies {
    /// Loads and compiles every policy; any bad file stops the server from starting.
    pub(crate) fn load(policy: Option<&Path>, dir: Option<&Path>) -> Result<Self> {
        match (policy, dir) {
            (Some(_), Some(_)) => bail!("give --policy or --policies, not both"),
            (Some(p), None) => Ok(Policies::Single(Scanner::compile(&Policy::from_file(p)?)?)),
            (None, None) => Ok(Policies::Single(Scanner::compile(
                &Policy::default_policy(),
            )?)),
            (None, Some(dir)) => {
                let mut map = HashMap::new();
                let entries = std::fs::read_dir(dir)
                    .with_context(|| format!("cannot read policy directory {}", dir.display()))?;
                for entry in entries {
                    let path: PathBuf = entry?.path();
                    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                    if !matches!(ext, "toml" | "json") {
                        continue;
                    }
                    let Some(id) = path.file_stem().and_then(|s| s.to_str()) else {
                        continue;
                    };
                    let scanner = Scanner::compile(&Policy::from_file(&path)?)?;
                    map.insert(id.to_string(), scanner);
                }
                if map.is_empty() {
                    bail!("no .toml or .json policies in {}", dir.display());
                }
                Ok(Policies::ById(map))
            }
        }
    }

    fn get(&self, id: &str) -> Option<&Scanner> {
        match self {
            Policies::Single(s) => Some(s),
            Policies::ById(map) => map.get(id),
        }
    }
}

struct AppState {
    /// Swapped whole on reload; a request keeps the set it started with.
    policies: std::sync::RwLock<Arc<Policies>>,
    metrics: Metrics,
    /// Requests allowed at once; beyond it: ThrottlingException.
    permits: tokio::sync::Semaphore,
    /// Request ids: a per-process prefix and a counter.
    id_prefix: String,
    next_id: std::sync::atomic::AtomicU64,
}

/// Default cap on requests in flight.
pub(crate) const DEFAULT_MAX_CONCURRENCY: usize = 1024;

/// Where the policies came from, to load them again on SIGHUP.
#[derive(Debug, Clone, Default)]
pub(crate) struct PolicySource {
    pub(crate) policy: Option<PathBuf>,
    pub(crate) dir: Option<PathBuf>,
}

impl PolicySource {
    pub(crate) fn load(&self) -> Result<Policies> {
        Policies::load(self.policy.as_deref(), self.dir.as_deref())
    }
}

/// The HTTP application and its state (kept for reloads).
fn app(policies: Policies, max_concurrency: usize) -> (Router, Arc<AppState>) {
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let state = Arc::new(AppState {
        policies: std::sync::RwLock::new(Arc::new(policies)),
        metrics: Metrics::default(),
        permits: tokio::sync::Semaphore::new(max_concurrency),
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
pub(crate) async fn serve(
    source: PolicySource,
    listen: SocketAddr,
    max_concurrency: usize,
) -> Result<()> {
    let policies = source.load()?;
    #[cfg(unix)]
    let hup = sighup();
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    // The bound address first, on its own line (port 0 picks a free one).
    let bound = listener.local_addr()?;
    println!("listening on http://{bound}");
    tracing::info!(listen = %bound, max_concurrency, "guardrail serve started");
    let (router, state) = app(policies, max_concurrency);
    #[cfg(unix)]
    if let Some(hup) = hup {
        tokio::spawn(reload_on_sighup(hup, source, state));
    }
    #[cfg(not(unix))]
    let _ = (source, state);
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown())
        .await
        .context("server failed")
}

/// Listens for SIGHUP; registered before the server announces itself, so
/// an early signal reloads instead of ending the process.
#[cfg(unix)]
fn sighup() -> Option<tokio::signal::unix::Signal> {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::hangup()) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::warn!("cannot listen for SIGHUP, policies will not reload: {e}");
            None
        }
    }
}

/// On SIGHUP, loads and compiles the policies again; a bad new set is
/// logged and the running one kept.
#[cfg(unix)]
async fn reload_on_sighup(
    mut hup: tokio::signal::unix::Signal,
    source: PolicySource,
    state: Arc<AppState>,
) {
    while hup.recv().await.is_some() {
        match source.load() {
            Ok(new) => {
                if let Ok(mut current) = state.policies.write() {
                    *current = Arc::new(new);
                    tracing::info!("policies reloaded");
                }
            }
            Err(e) => tracing::warn!("policies not reloaded, keeping the running ones: {e:#}"),
        }
    }
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
    body: Body,
) -> Response {
    let started = std::time::Instant::now();
    let n = state
        .next_id
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let request_id = format!("{}-{n:012x}", state.id_prefix);
    let mut response = match state.permits.try_acquire() {
        Ok(_permit) => answer(&state, &id, &version, body).await,
        Err(_) => error(
            StatusCode::TOO_MANY_REQUESTS,
            "ThrottlingException",
            "Too many requests, please wait before trying again.",
        ),
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

async fn answer(state: &AppState, id: &str, version: &str, body: Body) -> Response {
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
    let Some(scanner) = policies.get(id) else {
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
    let blocks: Vec<&str> = texts.iter().map(String::as_str).collect();
    let verdict = scanner.check_blocks(&blocks, source);
    state.metrics.verdict(&verdict);
    let mut response = Response::new(Body::from(serde_json::to_vec(&verdict).unwrap_or_default()));
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
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
