//! The layer with a remote judge: local first, then the remote on the
//! locally masked texts, merged.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tower_layer::Layer;
use tower_service::Service;

use super::guarded::Guarded;
use super::service::GuardError;
use crate::policy::Source;
use crate::remote::{degraded, merge, BoxFuture, FailMode, RemoteGuardrail};
use crate::scan::Scanner;
use crate::verdict::Verdict;

/// [`GuardrailLayer`](super::GuardrailLayer) with a remote judge, made by
/// [`GuardrailLayer::remote`](super::GuardrailLayer::remote).
///
/// Per direction: the local scan runs first; a local block ends there and
/// the remote is never called (cost and latency saved); otherwise the
/// locally masked texts go to the remote judge and the two verdicts are
/// [`merge`]d: any block blocks, masks from both apply. When the remote
/// fails, [`FailMode::Closed`] blocks and [`FailMode::Open`] goes on with the
/// local verdict; either way the verdict carries a `degraded` assessment.
#[derive(Debug, Clone)]
pub struct RemoteGuardrailLayer {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    scanner: Scanner,
    judge: Arc<dyn RemoteGuardrail>,
    fail_mode: FailMode,
    send_original: bool,
    cache: Option<VerdictCache>,
    calls: std::sync::atomic::AtomicU64,
}

impl RemoteGuardrailLayer {
    pub(crate) fn new(scanner: Scanner, judge: Arc<dyn RemoteGuardrail>) -> Self {
        RemoteGuardrailLayer {
            shared: Arc::new(Shared {
                scanner,
                judge,
                fail_mode: FailMode::default(),
                send_original: false,
                cache: None,
                calls: Default::default(),
            }),
        }
    }

    /// What to do when the remote judge fails (default: [`FailMode::Closed`]).
    pub fn fail_mode(self, mode: FailMode) -> Self {
        self.rebuild(|s| s.fail_mode = mode)
    }

    /// Sends the original texts to the remote judge instead of the locally
    /// masked ones (default: masked, so local PII never leaves the process;
    /// original text lets the remote judge PII the local engine missed in
    /// context, at that privacy cost).
    pub fn send_original(self, yes: bool) -> Self {
        self.rebuild(|s| s.send_original = yes)
    }

    /// Remembers remote verdicts for identical (texts, direction) for `ttl`,
    /// at most `capacity` of them, so a repeated prompt costs one call.
    pub fn cache(self, capacity: usize, ttl: Duration) -> Self {
        self.rebuild(|s| s.cache = Some(VerdictCache::new(capacity, ttl)))
    }

    /// The local scanner.
    pub fn scanner(&self) -> &Scanner {
        &self.shared.scanner
    }

    /// Judges texts (one content block each) as the services do per
    /// direction: the local scan, then (unless it blocked) the remote judge
    /// on the locally masked texts, merged; a remote failure is decided by
    /// the fail mode. `guardrail serve` answers with this.
    pub async fn check_blocks(&self, texts: &[&str], source: Source) -> Verdict {
        judge(&self.shared, texts, source).await
    }

    /// How many remote calls this layer (and its services) made.
    pub fn remote_calls(&self) -> u64 {
        self.shared.calls.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn rebuild(self, f: impl FnOnce(&mut Shared)) -> Self {
        let mut shared = Shared {
            scanner: self.shared.scanner.clone(),
            judge: self.shared.judge.clone(),
            fail_mode: self.shared.fail_mode,
            send_original: self.shared.send_original,
            cache: None,
            calls: Default::default(),
        };
        if let Some(c) = &self.shared.cache {
            shared.cache = Some(VerdictCache::new(c.capacity, c.ttl));
        }
        f(&mut shared);
        RemoteGuardrailLayer {
            shared: Arc::new(shared),
        }
    }
}

impl<S> Layer<S> for RemoteGuardrailLayer {
    type Service = RemoteGuardrailService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RemoteGuardrailService {
            inner,
            shared: self.shared.clone(),
        }
    }
}

/// A service checked locally and by a remote judge. See [`RemoteGuardrailLayer`].
#[derive(Debug, Clone)]
pub struct RemoteGuardrailService<S> {
    inner: S,
    shared: Arc<Shared>,
}

impl<S> RemoteGuardrailService<S> {
    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// Unwraps the inner service.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S, Req> Service<Req> for RemoteGuardrailService<S>
where
    S: Service<Req> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Send,
    S::Response: Guarded + Send,
    Req: Guarded + Send + 'static,
{
    type Response = S::Response;
    type Error = GuardError<S::Error>;
    type Future = BoxFuture<Result<S::Response, GuardError<S::Error>>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(GuardError::Inner)
    }

    fn call(&mut self, mut request: Req) -> Self::Future {
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let shared = self.shared.clone();
        Box::pin(async move {
            let verdict = judge(&shared, &request.texts(), Source::Input).await;
            if verdict.is_blocked() {
                return Err(GuardError::Blocked(Box::new(verdict)));
            }
            if verdict.is_intervened() {
                request.replace_texts(verdict.outputs.into_iter().map(|o| o.text).collect());
            }
            let mut response = inner.call(request).await.map_err(GuardError::Inner)?;
            let verdict = judge(&shared, &response.texts(), Source::Output).await;
            if verdict.is_blocked() {
                return Err(GuardError::Blocked(Box::new(verdict)));
            }
            if verdict.is_intervened() {
                response.replace_texts(verdict.outputs.into_iter().map(|o| o.text).collect());
            }
            Ok(response)
        })
    }
}

/// Local scan, then (unless it blocked) the remote judge on the masked texts.
async fn judge(shared: &Shared, texts: &[&str], source: Source) -> Verdict {
    let mut local = shared.scanner.check_blocks(texts, source);
    let units: u32 = texts.iter().map(|t| crate::verdict::text_units(t)).sum();
    if local.is_blocked() {
        local.usage.saved_text_units = units;
        return local;
    }
    // Bedrock rejects empty text; there is nothing to judge anyway.
    if texts.iter().all(|t| t.trim().is_empty()) {
        return local;
    }
    local.usage.remote_text_units = units;
    let sent: Vec<String> = if local.is_intervened() && !shared.send_original {
        local.outputs.iter().map(|o| o.text.clone()).collect()
    } else {
        texts.iter().map(|t| t.to_string()).collect()
    };
    let cached = shared.cache.as_ref().and_then(|c| c.get(&sent, source));
    let remote = match cached {
        Some(v) => Ok(v),
        None => {
            shared
                .calls
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let result = shared.judge.apply(sent.clone(), source).await;
            if let (Ok(v), Some(c)) = (&result, &shared.cache) {
                c.put(sent.clone(), source, v.clone());
            }
            result
        }
    };
    match remote {
        Ok(remote) => merge(&local, &remote, sent.len()),
        Err(e) => {
            let spec = shared.scanner.policy().spec();
            let message = match source {
                Source::Input => &spec.blocked_input_messaging,
                Source::Output => &spec.blocked_outputs_messaging,
            };
            degraded(&local, &e, shared.fail_mode == FailMode::Closed, message)
        }
    }
}

/// The cache key: the texts sent and their direction.
type CacheKey = (Vec<String>, Source);

/// A bounded, time-limited map from (texts, direction) to remote verdicts.
#[derive(Debug)]
struct VerdictCache {
    capacity: usize,
    ttl: Duration,
    entries: Mutex<CacheEntries>,
}

/// Verdicts by key, and keys oldest first for eviction.
#[derive(Debug, Default)]
struct CacheEntries {
    map: HashMap<CacheKey, (Instant, Verdict)>,
    order: VecDeque<CacheKey>,
}

impl VerdictCache {
    fn new(capacity: usize, ttl: Duration) -> Self {
        VerdictCache {
            capacity,
            ttl,
            entries: Mutex::new(CacheEntries::default()),
        }
    }

    fn get(&self, texts: &[String], source: Source) -> Option<Verdict> {
        let entries = self.entries.lock().ok()?;
        let (at, v) = entries.map.get(&(texts.to_vec(), source))?;
        (at.elapsed() < self.ttl).then(|| v.clone())
    }

    fn put(&self, texts: Vec<String>, source: Source, verdict: Verdict) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        let key = (texts, source);
        if entries
            .map
            .insert(key.clone(), (Instant::now(), verdict))
            .is_none()
        {
            entries.order.push_back(key);
        }
        while entries.map.len() > self.capacity {
            match entries.order.pop_front() {
                Some(old) => {
                    entries.map.remove(&old);
                }
                None => break,
            }
        }
    }
}
