//! A circuit breaker around a remote judge: after repeated failures it stops
//! calling the remote for a cool-down, so a failing Bedrock costs neither
//! latency nor money, and the [`FailMode`](super::FailMode) decides each
//! request at once.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::{BoxFuture, RemoteError, RemoteErrorKind, RemoteGuardrail};
use crate::policy::Source;
use crate::verdict::Verdict;

/// Default number of consecutive failures that opens the circuit.
const DEFAULT_FAILURE_THRESHOLD: u32 = 5;
/// Default time the circuit stays open before one probe call is let through.
const DEFAULT_COOL_DOWN: Duration = Duration::from_secs(30);

/// Wraps a [`RemoteGuardrail`] and stops calling it while it keeps failing.
///
/// - **Closed** (normal): every call goes to the remote. Each failure adds
///   to a count of consecutive failures, each success resets it. At
///   [`failure_threshold`](Self::failure_threshold) the circuit opens.
/// - **Open**: for [`cool_down`](Self::cool_down), calls fail at once with
///   [`RemoteErrorKind::CircuitOpen`] without touching the remote; the
///   layer's [`FailMode`](super::FailMode) then blocks or passes as for any
///   other failure.
/// - **Half-open**: after the cool-down, one call is let through as a probe
///   (others still fail at once). Its success closes the circuit; its
///   failure opens it for another cool-down.
///
/// [`RemoteErrorKind::Rejected`] (the remote refused this request as
/// invalid) says nothing about the remote's health and is not counted.
/// Clones share the state and the counters, so keep one to read
/// [`stats`](Self::stats) for metrics.
///
/// ```
/// use std::time::Duration;
/// use guardrail::{
///     BoxFuture, CircuitBreaker, CircuitState, GuardrailLayer, Policy, RemoteError,
///     RemoteErrorKind, RemoteGuardrail, Scanner, Source, Verdict,
/// };
///
/// /// A judge that is always down.
/// #[derive(Debug)]
/// struct Down;
/// impl RemoteGuardrail for Down {
///     fn apply(&self, _: Vec<String>, _: Source) -> BoxFuture<Result<Verdict, RemoteError>> {
///         Box::pin(async { Err(RemoteError::new(RemoteErrorKind::Unavailable, "503")) })
///     }
/// }
///
/// let judge = CircuitBreaker::new(Down)
///     .failure_threshold(2)
///     .cool_down(Duration::from_secs(60));
/// let layer = GuardrailLayer::new(Scanner::compile(&Policy::default_policy())?)
///     .remote(judge.clone());
/// # let run = async {
/// for _ in 0..5 {
///     let _ = judge.apply(vec!["hello".into()], Source::Input).await;
/// }
/// # };
/// # block_on(run);
/// let stats = judge.stats();
/// assert_eq!((stats.failed, stats.short_circuited, stats.opened), (2, 3, 1));
/// assert_eq!(judge.state(), CircuitState::Open);
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// # Ok::<(), guardrail::Error>(())
/// ```
pub struct CircuitBreaker<R> {
    inner: Arc<R>,
    threshold: u32,
    cool_down: Duration,
    shared: Arc<Shared>,
}

/// Where the circuit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CircuitState {
    /// Calls go to the remote.
    Closed,
    /// Calls fail at once until the cool-down ends.
    Open,
    /// One probe call is in flight; the others fail at once.
    HalfOpen,
}

/// Outcome counters since the breaker was made (for metrics).
///
/// Every call that finished is counted once: `ok + failed +
/// short_circuited` is the number of calls (less any whose caller gave up
/// before the answer), `ok + failed` the number the remote answered or failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BreakerStats {
    /// The remote answered.
    pub ok: u64,
    /// The remote was called and failed (any [`RemoteErrorKind`]).
    pub failed: u64,
    /// Failed at once with [`RemoteErrorKind::CircuitOpen`]; the remote was not called.
    pub short_circuited: u64,
    /// Times the circuit opened.
    pub opened: u64,
}

#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
    ok: AtomicU64,
    failed: AtomicU64,
    short_circuited: AtomicU64,
    opened: AtomicU64,
}

#[derive(Debug, Clone, Copy)]
enum State {
    Closed { failures: u32 },
    Open { until: Instant },
    HalfOpen,
}

impl Default for State {
    fn default() -> Self {
        State::Closed { failures: 0 }
    }
}

/// What a call was let through as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Normal,
    Probe,
}

// ===== impl CircuitBreaker =====

impl<R> CircuitBreaker<R> {
    /// A closed breaker around `inner` with the default threshold (5
    /// consecutive failures) and cool-down (30 s).
    pub fn new(inner: R) -> Self {
        CircuitBreaker {
            inner: Arc::new(inner),
            threshold: DEFAULT_FAILURE_THRESHOLD,
            cool_down: DEFAULT_COOL_DOWN,
            shared: Arc::default(),
        }
    }

    /// Consecutive failures that open the circuit (at least 1; default 5).
    pub fn failure_threshold(mut self, n: u32) -> Self {
        self.threshold = n.max(1);
        self
    }

    /// How long the circuit stays open before a probe (default 30 s).
    pub fn cool_down(mut self, d: Duration) -> Self {
        self.cool_down = d;
        self
    }

    /// The wrapped judge.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// Outcome counters so far.
    pub fn stats(&self) -> BreakerStats {
        let s = &self.shared;
        BreakerStats {
            ok: s.ok.load(Ordering::Relaxed),
            failed: s.failed.load(Ordering::Relaxed),
            short_circuited: s.short_circuited.load(Ordering::Relaxed),
            opened: s.opened.load(Ordering::Relaxed),
        }
    }

    /// The circuit's state now (an open circuit whose cool-down has ended
    /// reads `Open` until the next call probes).
    pub fn state(&self) -> CircuitState {
        match *self.shared.lock() {
            State::Closed { .. } => CircuitState::Closed,
            State::Open { .. } => CircuitState::Open,
            State::HalfOpen => CircuitState::HalfOpen,
        }
    }

    /// Lets a call through, or says how long the circuit stays open.
    fn admit(&self) -> Result<Pass, Duration> {
        let mut state = self.shared.lock();
        match *state {
            State::Closed { .. } => Ok(Pass::Normal),
            State::HalfOpen => Err(Duration::ZERO),
            State::Open { until } => {
                let now = Instant::now();
                if now >= until {
                    *state = State::HalfOpen;
                    Ok(Pass::Probe)
                } else {
                    Err(until - now)
                }
            }
        }
    }
}

impl Shared {
    /// The state survives a panic elsewhere: it is plain data, always valid.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records a call's outcome and moves the circuit.
    fn record(&self, pass: Pass, outcome: Outcome, threshold: u32, cool_down: Duration) {
        let counter = match outcome {
            Outcome::Ok => &self.ok,
            Outcome::Failed | Outcome::NotCounted => &self.failed,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        let mut state = self.lock();
        let open = |state: &mut State| {
            *state = State::Open {
                until: Instant::now() + cool_down,
            };
            self.opened.fetch_add(1, Ordering::Relaxed);
        };
        match (pass, outcome, *state) {
            (Pass::Probe, Outcome::Ok | Outcome::NotCounted, _) => {
                *state = State::Closed { failures: 0 }
            }
            (Pass::Probe, _, _) => open(&mut state),
            (Pass::Normal, Outcome::Ok, State::Closed { .. }) => {
                *state = State::Closed { failures: 0 }
            }
            (Pass::Normal, Outcome::Failed, State::Closed { failures }) => {
                if failures + 1 >= threshold {
                    open(&mut state);
                } else {
                    *state = State::Closed {
                        failures: failures + 1,
                    };
                }
            }
            // A call let through before the circuit opened, finishing late:
            // counted, but the open circuit (or its probe) decides.
            _ => {}
        }
    }

    /// A call dropped before it finished (its caller gave up). A probe
    /// dropped so must not leave the circuit half-open for ever.
    fn abandoned(&self, pass: Pass) {
        if pass == Pass::Probe {
            let mut state = self.lock();
            if matches!(*state, State::HalfOpen) {
                *state = State::Open {
                    until: Instant::now(),
                };
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    Failed,
    /// A failure that says nothing about the remote's health.
    NotCounted,
}

/// Records the outcome of a call let through; dropped unfinished, it
/// releases a probe.
struct Guard {
    shared: Arc<Shared>,
    pass: Pass,
    threshold: u32,
    cool_down: Duration,
    done: bool,
}

impl Guard {
    fn finish(mut self, outcome: Outcome) {
        self.done = true;
        self.shared
            .record(self.pass, outcome, self.threshold, self.cool_down);
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if !self.done {
            self.shared.abandoned(self.pass);
        }
    }
}

impl<R: RemoteGuardrail + 'static> RemoteGuardrail for CircuitBreaker<R> {
    fn apply(&self, texts: Vec<String>, source: Source) -> BoxFuture<Result<Verdict, RemoteError>> {
        let pass = match self.admit() {
            Ok(pass) => pass,
            Err(left) => {
                self.shared.short_circuited.fetch_add(1, Ordering::Relaxed);
                let message = if left.is_zero() {
                    "circuit open: a probe call is in flight".to_string()
                } else {
                    format!("circuit open for another {} ms", left.as_millis())
                };
                return Box::pin(async move {
                    Err(RemoteError::new(RemoteErrorKind::CircuitOpen, message))
                });
            }
        };
        let guard = Guard {
            shared: self.shared.clone(),
            pass,
            threshold: self.threshold,
            cool_down: self.cool_down,
            done: false,
        };
        let call = self.inner.apply(texts, source);
        Box::pin(async move {
            let result = call.await;
            guard.finish(match &result {
                Ok(_) => Outcome::Ok,
                Err(e) if e.kind() == RemoteErrorKind::Rejected => Outcome::NotCounted,
                Err(_) => Outcome::Failed,
            });
            result
        })
    }
}

impl<R> Clone for CircuitBreaker<R> {
    fn clone(&self) -> Self {
        CircuitBreaker {
            inner: self.inner.clone(),
            threshold: self.threshold,
            cool_down: self.cool_down,
            shared: self.shared.clone(),
        }
    }
}

impl<R: fmt::Debug> fmt::Debug for CircuitBreaker<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CircuitBreaker")
            .field("inner", &self.inner)
            .field("threshold", &self.threshold)
            .field("cool_down", &self.cool_down)
            .field("state", &self.state())
            .field("stats", &self.stats())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use crate::Scanner;

    /// A judge that answers from a script and counts calls.
    #[derive(Debug, Default)]
    struct Scripted {
        answers: Mutex<VecDeque<Option<RemoteErrorKind>>>,
        calls: AtomicU64,
    }

    impl Scripted {
        fn new(answers: &[Option<RemoteErrorKind>]) -> Self {
            Scripted {
                answers: Mutex::new(answers.iter().copied().collect()),
                calls: AtomicU64::new(0),
            }
        }
    }

    fn clean() -> Verdict {
        Scanner::compile(&crate::Policy::default_policy())
            .expect("default policy")
            .check("hello", Source::Input)
    }

    impl RemoteGuardrail for Scripted {
        fn apply(&self, _: Vec<String>, _: Source) -> BoxFuture<Result<Verdict, RemoteError>> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            let next = self
                .answers
                .lock()
                .expect("lock")
                .pop_front()
                .expect("script long enough");
            Box::pin(async move {
                match next {
                    None => Ok(clean()),
                    Some(kind) => Err(RemoteError::new(kind, "scripted")),
                }
            })
        }
    }

    /// Polls a future that never waits (the scripted judge is immediate).
    fn now<F: Future>(f: F) -> F::Output {
        let mut f = pin!(f);
        match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => unreachable!("scripted calls finish at once"),
        }
    }

    fn call<R: RemoteGuardrail + 'static>(b: &CircuitBreaker<R>) -> Option<RemoteErrorKind> {
        now(b.apply(vec!["x".into()], Source::Input))
            .err()
            .map(|e| e.kind())
    }

    const FAIL: Option<RemoteErrorKind> = Some(RemoteErrorKind::Unavailable);
    const OPEN: Option<RemoteErrorKind> = Some(RemoteErrorKind::CircuitOpen);

    #[test]
    fn opens_after_the_threshold_and_stops_calling() {
        let b = CircuitBreaker::new(Scripted::new(&[FAIL, None, FAIL, FAIL, FAIL]))
            .failure_threshold(3)
            .cool_down(Duration::from_secs(3600));
        let got: Vec<_> = (0..8).map(|_| call(&b)).collect();
        // A success in between resets the count.
        assert_eq!(got, [FAIL, None, FAIL, FAIL, FAIL, OPEN, OPEN, OPEN]);
        assert_eq!(b.get_ref().calls.load(Ordering::SeqCst), 5);
        let stats = b.stats();
        assert_eq!(
            stats,
            BreakerStats {
                ok: 1,
                failed: 4,
                short_circuited: 3,
                opened: 1
            }
        );
        assert_eq!(b.state(), CircuitState::Open);
    }

    #[test]
    fn after_the_cool_down_one_probe_decides() {
        // A zero cool-down: the next call after opening is the probe.
        let b = CircuitBreaker::new(Scripted::new(&[FAIL, FAIL, None, None]))
            .failure_threshold(1)
            .cool_down(Duration::ZERO);
        assert_eq!(call(&b), FAIL); // opens
        assert_eq!(call(&b), FAIL); // the probe fails: open again
        assert_eq!(b.stats().opened, 2);
        assert_eq!(call(&b), None); // the probe succeeds: closed
        assert_eq!(b.state(), CircuitState::Closed);
        assert_eq!(call(&b), None);
    }

    #[test]
    fn while_a_probe_is_in_flight_others_fail_at_once_and_a_dropped_probe_does_not_wedge() {
        let b = CircuitBreaker::new(Scripted::new(&[FAIL, None, None]))
            .failure_threshold(1)
            .cool_down(Duration::ZERO);
        assert_eq!(call(&b), FAIL);
        let probe = b.apply(vec!["x".into()], Source::Input);
        assert_eq!(b.state(), CircuitState::HalfOpen);
        assert_eq!(call(&b), OPEN);
        drop(probe); // its caller gave up before it finished
        assert_eq!(b.state(), CircuitState::Open);
        assert_eq!(call(&b), None); // the next call probes again
        assert_eq!(b.state(), CircuitState::Closed);
        assert_eq!(b.stats().short_circuited, 1);
    }

    #[test]
    fn a_rejected_request_does_not_count_against_the_remote() {
        let rejected = Some(RemoteErrorKind::Rejected);
        let b = CircuitBreaker::new(Scripted::new(&[rejected, rejected, rejected]))
            .failure_threshold(2);
        let got: Vec<_> = (0..3).map(|_| call(&b)).collect();
        assert_eq!(got, [rejected, rejected, rejected]);
        assert_eq!(b.state(), CircuitState::Closed);
    }

    #[test]
    fn is_send_sync_and_clones_share_state() {
        fn assert_traits<T: Send + Sync + Clone + 'static>() {}
        assert_traits::<CircuitBreaker<Scripted>>();
        let b = CircuitBreaker::new(Scripted::new(&[FAIL])).failure_threshold(1);
        let c = b.clone();
        assert_eq!(call(&b), FAIL);
        assert_eq!(c.state(), CircuitState::Open);
        assert_eq!(c.stats().failed, 1);
    }
}
