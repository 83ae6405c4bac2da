//! Prometheus counters for `guardrail serve` (no matched values, ever).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use guardrail::{CircuitState, EntryAction, RemoteErrorKind, Verdict};

/// Latency histogram buckets, in seconds.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
];

#[derive(Debug, Default)]
pub(crate) struct Metrics {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    requests: BTreeMap<u16, u64>,
    throttled: BTreeMap<&'static str, u64>,
    denied: BTreeMap<&'static str, u64>,
    /// Policy reloads: [succeeded, failed].
    reloads: [u64; 2],
    /// Remote judges' call outcomes by policy label; kept across reloads.
    remote: BTreeMap<String, Arc<RemoteCounters>>,
    /// Verdicts the fail mode gave because the remote judge failed:
    /// [blocked (fail closed), allowed (fail open)].
    fallback: [u64; 2],
    interventions: BTreeMap<String, u64>,
    text_units: u64,
    latency_buckets: Vec<u64>,
    latency_sum: f64,
    latency_count: u64,
}

impl Metrics {
    pub(crate) fn request(&self, status: u16, elapsed: Duration) {
        let Ok(mut m) = self.inner.lock() else { return };
        *m.requests.entry(status).or_default() += 1;
        if m.latency_buckets.is_empty() {
            m.latency_buckets = vec![0; BUCKETS.len()];
        }
        let secs = elapsed.as_secs_f64();
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                m.latency_buckets[i] += 1;
            }
        }
        m.latency_sum += secs;
        m.latency_count += 1;
    }

    /// A request refused by a limit (`rate` or `concurrency`).
    pub(crate) fn throttled(&self, reason: &'static str) {
        let Ok(mut m) = self.inner.lock() else { return };
        *m.throttled.entry(reason).or_default() += 1;
    }

    /// A request refused by `--require-auth`, by AWS error type.
    pub(crate) fn denied(&self, kind: &'static str) {
        let Ok(mut m) = self.inner.lock() else { return };
        *m.denied.entry(kind).or_default() += 1;
    }

    /// A policy reload, applied or refused.
    pub(crate) fn reload(&self, ok: bool) {
        let Ok(mut m) = self.inner.lock() else { return };
        m.reloads[usize::from(!ok)] += 1;
    }

    pub(crate) fn verdict(&self, v: &Verdict) {
        let Ok(mut m) = self.inner.lock() else { return };
        m.text_units += u64::from(
            v.usage
                .sensitive_information_policy_units
                .max(v.usage.word_policy_units),
        );
        if let Some(d) = v.assessments.iter().find_map(|a| a.degraded.as_ref()) {
            m.fallback[usize::from(d.action != EntryAction::Blocked)] += 1;
        }
        for f in &v.findings {
            // Look up before inserting: no String allocated for a known type.
            match m.interventions.get_mut(&f.kind) {
                Some(n) => *n += 1,
                None => {
                    m.interventions.insert(f.kind.clone(), 1);
                }
            }
        }
    }

    /// The counters of the remote judge of policy `label` (the same ones
    /// again after a reload).
    #[cfg_attr(not(feature = "bedrock"), allow(dead_code))]
    pub(crate) fn remote(&self, label: &str) -> Arc<RemoteCounters> {
        let Ok(mut m) = self.inner.lock() else {
            // Counted nowhere rather than failing the policy load.
            return Arc::default();
        };
        m.remote.entry(label.to_string()).or_default().clone()
    }

    /// Prometheus text; `circuits` are the running judges' circuit states.
    pub(crate) fn render(&self, circuits: &[(&str, CircuitState)]) -> String {
        let Ok(m) = self.inner.lock() else {
            return String::new();
        };
        let mut out = String::new();
        let _ = writeln!(out, "# TYPE guardrail_requests_total counter");
        for (status, n) in &m.requests {
            let _ = writeln!(out, "guardrail_requests_total{{status=\"{status}\"}} {n}");
        }
        let _ = writeln!(out, "# TYPE guardrail_throttled_total counter");
        for reason in ["concurrency", "rate"] {
            let n = m.throttled.get(reason).copied().unwrap_or(0);
            let _ = writeln!(out, "guardrail_throttled_total{{reason=\"{reason}\"}} {n}");
        }
        let _ = writeln!(out, "# TYPE guardrail_auth_denied_total counter");
        for (kind, n) in &m.denied {
            let _ = writeln!(out, "guardrail_auth_denied_total{{type=\"{kind}\"}} {n}");
        }
        let _ = writeln!(out, "# TYPE guardrail_reloads_total counter");
        let _ = writeln!(
            out,
            "guardrail_reloads_total{{result=\"ok\"}} {}",
            m.reloads[0]
        );
        let _ = writeln!(
            out,
            "guardrail_reloads_total{{result=\"failed\"}} {}",
            m.reloads[1]
        );
        render_remote(&mut out, &m.remote, circuits);
        let _ = writeln!(out, "# TYPE guardrail_remote_fallback_total counter");
        for (outcome, n) in ["blocked", "allowed"].iter().zip(m.fallback) {
            let _ = writeln!(
                out,
                "guardrail_remote_fallback_total{{outcome=\"{outcome}\"}} {n}"
            );
        }
        let _ = writeln!(out, "# TYPE guardrail_findings_total counter");
        for (kind, n) in &m.interventions {
            let _ = writeln!(out, "guardrail_findings_total{{type=\"{kind}\"}} {n}");
        }
        let _ = writeln!(out, "# TYPE guardrail_text_units_total counter");
        let _ = writeln!(out, "guardrail_text_units_total {}", m.text_units);
        let _ = writeln!(out, "# TYPE guardrail_request_seconds histogram");
        for (i, b) in BUCKETS.iter().enumerate() {
            let n = m.latency_buckets.get(i).copied().unwrap_or(0);
            let _ = writeln!(out, "guardrail_request_seconds_bucket{{le=\"{b}\"}} {n}");
        }
        let _ = writeln!(
            out,
            "guardrail_request_seconds_bucket{{le=\"+Inf\"}} {}",
            m.latency_count
        );
        let _ = writeln!(out, "guardrail_request_seconds_sum {}", m.latency_sum);
        let _ = writeln!(out, "guardrail_request_seconds_count {}", m.latency_count);
        out
    }
}

/// What a remote call came to, as metric labels; the index is the counter's.
const RESULTS: [&str; 10] = [
    "ok",
    "timeout",
    "throttled",
    "server_error",
    "connection",
    "bad_response",
    "access_denied",
    "not_found",
    "rejected",
    "other",
];

/// One remote judge's call outcomes (lock-free: recorded on every request).
#[derive(Debug, Default)]
pub(crate) struct RemoteCounters {
    /// Calls that reached the remote, by [`RESULTS`].
    calls: [AtomicU64; RESULTS.len()],
    /// Calls an open circuit failed at once, without calling the remote.
    short_circuited: AtomicU64,
}

impl RemoteCounters {
    /// Counts one call's outcome: answered, or failed with `kind`.
    #[cfg_attr(not(feature = "bedrock"), allow(dead_code))]
    pub(crate) fn record(&self, outcome: Result<(), RemoteErrorKind>) {
        let i = match outcome {
            Ok(()) => 0,
            Err(RemoteErrorKind::Timeout) => 1,
            Err(RemoteErrorKind::Throttled) => 2,
            Err(RemoteErrorKind::Unavailable) => 3,
            Err(RemoteErrorKind::Network) => 4,
            Err(RemoteErrorKind::Malformed) => 5,
            Err(RemoteErrorKind::AccessDenied) => 6,
            Err(RemoteErrorKind::NotFound) => 7,
            Err(RemoteErrorKind::Rejected) => 8,
            Err(RemoteErrorKind::CircuitOpen) => {
                self.short_circuited.fetch_add(1, Ordering::Relaxed);
                return;
            }
            Err(_) => 9,
        };
        self.calls[i].fetch_add(1, Ordering::Relaxed);
    }
}

/// The remote judges' counters and circuits.
fn render_remote(
    out: &mut String,
    remote: &BTreeMap<String, Arc<RemoteCounters>>,
    circuits: &[(&str, CircuitState)],
) {
    let _ = writeln!(out, "# TYPE guardrail_remote_calls_total counter");
    for (label, c) in remote {
        let policy = escape(label);
        for (result, n) in RESULTS.iter().zip(&c.calls) {
            let n = n.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "guardrail_remote_calls_total{{policy=\"{policy}\",result=\"{result}\"}} {n}"
            );
        }
    }
    let _ = writeln!(out, "# TYPE guardrail_remote_short_circuited_total counter");
    for (label, c) in remote {
        let n = c.short_circuited.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "guardrail_remote_short_circuited_total{{policy=\"{}\"}} {n}",
            escape(label)
        );
    }
    let _ = writeln!(out, "# TYPE guardrail_remote_circuit_state gauge");
    for (label, now) in circuits {
        let policy = escape(label);
        for (state, name) in [
            (CircuitState::Closed, "closed"),
            (CircuitState::Open, "open"),
            (CircuitState::HalfOpen, "half_open"),
        ] {
            let _ = writeln!(
                out,
                "guardrail_remote_circuit_state{{policy=\"{policy}\",state=\"{name}\"}} {}",
                u8::from(*now == state)
            );
        }
    }
}

/// A label value as Prometheus reads it (policy labels are file names).
fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_outcomes_render_per_policy_with_every_result() {
        let metrics = Metrics::default();
        let a = metrics.remote("a");
        a.record(Ok(()));
        a.record(Err(RemoteErrorKind::Timeout));
        a.record(Err(RemoteErrorKind::CircuitOpen));
        a.record(Err(RemoteErrorKind::CircuitOpen));
        // A reload asks again: the same counters.
        metrics.remote("a").record(Err(RemoteErrorKind::Network));
        metrics
            .remote("b\"c")
            .record(Err(RemoteErrorKind::Malformed));
        let text = metrics.render(&[("a", CircuitState::Open)]);
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("guardrail_remote_"))
            .collect();
        assert_eq!(
            lines,
            [
                r#"guardrail_remote_calls_total{policy="a",result="ok"} 1"#,
                r#"guardrail_remote_calls_total{policy="a",result="timeout"} 1"#,
                r#"guardrail_remote_calls_total{policy="a",result="throttled"} 0"#,
                r#"guardrail_remote_calls_total{policy="a",result="server_error"} 0"#,
                r#"guardrail_remote_calls_total{policy="a",result="connection"} 1"#,
                r#"guardrail_remote_calls_total{policy="a",result="bad_response"} 0"#,
                r#"guardrail_remote_calls_total{policy="a",result="access_denied"} 0"#,
                r#"guardrail_remote_calls_total{policy="a",result="not_found"} 0"#,
                r#"guardrail_remote_calls_total{policy="a",result="rejected"} 0"#,
                r#"guardrail_remote_calls_total{policy="a",result="other"} 0"#,
                r#"guardrail_remote_calls_total{policy="b\"c",result="ok"} 0"#,
                r#"guardrail_remote_calls_total{policy="b\"c",result="timeout"} 0"#,
                r#"guardrail_remote_calls_total{policy="b\"c",result="throttled"} 0"#,
                r#"guardrail_remote_calls_total{policy="b\"c",result="server_error"} 0"#,
                r#"guardrail_remote_calls_total{policy="b\"c",result="connection"} 0"#,
                r#"guardrail_remote_calls_total{policy="b\"c",result="bad_response"} 1"#,
                r#"guardrail_remote_calls_total{policy="b\"c",result="access_denied"} 0"#,
                r#"guardrail_remote_calls_total{policy="b\"c",result="not_found"} 0"#,
                r#"guardrail_remote_calls_total{policy="b\"c",result="rejected"} 0"#,
                r#"guardrail_remote_calls_total{policy="b\"c",result="other"} 0"#,
                r#"guardrail_remote_short_circuited_total{policy="a"} 2"#,
                r#"guardrail_remote_short_circuited_total{policy="b\"c"} 0"#,
                r#"guardrail_remote_circuit_state{policy="a",state="closed"} 0"#,
                r#"guardrail_remote_circuit_state{policy="a",state="open"} 1"#,
                r#"guardrail_remote_circuit_state{policy="a",state="half_open"} 0"#,
                r#"guardrail_remote_fallback_total{outcome="blocked"} 0"#,
                r#"guardrail_remote_fallback_total{outcome="allowed"} 0"#,
            ]
        );
    }
}
