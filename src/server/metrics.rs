//! Prometheus counters for `guardrail serve` (no matched values, ever).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

use guardrail::Verdict;

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
    /// Verdicts given without the remote judge, which failed (fail mode applied).
    remote_failures: u64,
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
        if v.assessments.iter().any(|a| a.degraded.is_some()) {
            m.remote_failures += 1;
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

    pub(crate) fn render(&self) -> String {
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
        let _ = writeln!(out, "# TYPE guardrail_remote_failures_total counter");
        let _ = writeln!(out, "guardrail_remote_failures_total {}", m.remote_failures);
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
