//! The layer with a remote judge under concurrent load while the judge
//! fails in every way: every request gets the outcome its fail mode
//! promises, nothing hangs (a tokio timeout guards each batch), and the
//! counts add up exactly.

use std::sync::atomic::Ordering;
use std::time::Duration;

use guardrail::{
    BedrockGuardrail, CircuitBreaker, CircuitState, FailMode, GuardError, GuardrailLayer, Policy,
    RemoteGuardrailLayer, Scanner,
};
use tower::{service_fn, Layer, ServiceExt};

use crate::bedrock::start;
use crate::support::sdk_client;

const REQUESTS: usize = 48;
/// A guard against hangs, far above what a batch needs; not a timing assertion.
const GUARD: Duration = Duration::from_secs(60);

fn scanner() -> Scanner {
    Scanner::compile(&Policy::default_policy()).expect("default policy")
}

/// A server that accepts and resets every connection (RST, no answer).
pub(crate) async fn resetting() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_zero_linger();
            drop(stream);
        }
    });
    url
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Outcomes {
    passed: usize,
    blocked_degraded: usize,
    other: usize,
}

/// Sends `REQUESTS` prompts at once through `layer` over an echo model.
async fn load(layer: &RemoteGuardrailLayer) -> Outcomes {
    let model =
        service_fn(|p: String| async move { Ok::<_, std::io::Error>(format!("echo: {p}")) });
    let calls = (0..REQUESTS).map(|_| {
        let svc = layer.layer(model);
        tokio::spawn(svc.oneshot("mail a@example.com".to_string()))
    });
    let results = tokio::time::timeout(GUARD, futures_join(calls.collect()))
        .await
        .expect("no request hangs");
    let mut out = Outcomes::default();
    for r in results {
        match r.expect("task") {
            Ok(answer) if answer == "echo: mail {EMAIL}" => out.passed += 1,
            Err(GuardError::Blocked(v))
                if v.outputs[0].text == Policy::default_policy().spec().blocked_input_messaging
                    && v.assessments.iter().any(|a| a.degraded.is_some()) =>
            {
                out.blocked_degraded += 1
            }
            _ => out.other += 1,
        }
    }
    out
}

async fn futures_join<T>(
    handles: Vec<tokio::task::JoinHandle<T>>,
) -> Vec<Result<T, tokio::task::JoinError>> {
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        out.push(h.await);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_under_load_gets_the_fail_mode_outcome() {
    let (url, seen) = start().await;
    let reset = resetting().await;
    let faults = [
        (url.as_str(), "gr-throttle"),
        (url.as_str(), "gr-fail"),
        (url.as_str(), "gr-garbage"),
        (url.as_str(), "gr-noaction"),
        (url.as_str(), "gr-slow"),
        (reset.as_str(), "gr-ok"),
    ];
    for (endpoint, id) in faults {
        let judge = BedrockGuardrail::new(sdk_client(endpoint), id, "1")
            .timeout(Duration::from_millis(500));
        let closed = GuardrailLayer::new(scanner()).remote(judge.clone());
        assert_eq!(
            load(&closed).await,
            Outcomes {
                blocked_degraded: REQUESTS,
                ..Outcomes::default()
            },
            "{id} at {endpoint}, fail closed"
        );
        // The prompt was judged; the blocked answer was never produced.
        assert_eq!(closed.remote_calls(), REQUESTS as u64, "{id}");

        let open = GuardrailLayer::new(scanner())
            .remote(judge)
            .fail_mode(FailMode::Open);
        assert_eq!(
            load(&open).await,
            Outcomes {
                passed: REQUESTS,
                ..Outcomes::default()
            },
            "{id} at {endpoint}, fail open"
        );
        // Prompt and answer were both judged, both failed, both passed.
        assert_eq!(open.remote_calls(), 2 * REQUESTS as u64, "{id}");
    }
    // A healthy judge under the same load: every request passes.
    let before = seen.calls.load(Ordering::SeqCst);
    let ok = GuardrailLayer::new(scanner()).remote(BedrockGuardrail::new(
        sdk_client(&url),
        "gr-ok",
        "1",
    ));
    assert_eq!(
        load(&ok).await,
        Outcomes {
            passed: REQUESTS,
            ..Outcomes::default()
        }
    );
    assert_eq!(seen.calls.load(Ordering::SeqCst) - before, 2 * REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_circuit_stops_calling_the_failing_remote() {
    let (url, seen) = start().await;
    let breaker = CircuitBreaker::new(BedrockGuardrail::new(sdk_client(&url), "gr-fail", "1"))
        .failure_threshold(5)
        .cool_down(Duration::from_secs(3600));
    let closed = GuardrailLayer::new(scanner()).remote(breaker.clone());
    // One at a time: five failures reach the remote, then the circuit opens.
    let model = service_fn(|p: String| async move { Ok::<_, std::io::Error>(p) });
    for _ in 0..8 {
        let err = closed
            .layer(model)
            .oneshot("hello".to_string())
            .await
            .expect_err("fails closed");
        assert!(matches!(err, GuardError::Blocked(_)));
    }
    assert_eq!(seen.calls.load(Ordering::SeqCst), 5);
    assert_eq!(breaker.state(), CircuitState::Open);

    // Then a burst: every request decided at once by the fail mode, the remote untouched.
    assert_eq!(
        load(&closed).await,
        Outcomes {
            blocked_degraded: REQUESTS,
            ..Outcomes::default()
        }
    );
    let open = GuardrailLayer::new(scanner())
        .remote(breaker.clone())
        .fail_mode(FailMode::Open);
    assert_eq!(
        load(&open).await,
        Outcomes {
            passed: REQUESTS,
            ..Outcomes::default()
        }
    );
    assert_eq!(seen.calls.load(Ordering::SeqCst), 5);
    let stats = breaker.stats();
    // Fail closed: 8 + 48 prompts; fail open: 48 prompts and 48 answers.
    assert_eq!(
        (stats.ok, stats.failed, stats.short_circuited, stats.opened),
        (0, 5, (3 + REQUESTS + 2 * REQUESTS) as u64, 1)
    );
    // The degraded reason names the open circuit, never a matched value.
    let err = closed
        .layer(model)
        .oneshot("mail a@example.com".to_string())
        .await
        .expect_err("blocked");
    let GuardError::Blocked(v) = err else {
        panic!("expected a block")
    };
    let reason = &v
        .assessments
        .iter()
        .find_map(|a| a.degraded.as_ref())
        .expect("degraded")
        .reason;
    assert!(
        reason.starts_with("remote guardrail CircuitOpen: circuit open for another "),
        "{reason}"
    );
    assert!(!reason.contains("example.com"), "{reason}");
}
