//! `guardrail serve` with a `[bedrock]` judge that fails every call, in
//! every way, under many concurrent clients: every request is answered
//! (HTTP 200, the fail mode's verdict), none hangs past the timeout, none is
//! lost, and `/metrics` accounts for each one.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_bedrockruntime::types::GuardrailContentSource;
use aws_sdk_bedrockruntime::Client;

use crate::serve::{get, send, serve_with_env, temp_dir, JUDGED_SERVER_ENV};
use crate::support::sdk_client;

/// Clients sending at once, and requests per policy (three waves).
const CLIENTS: usize = 64;
const REQUESTS: usize = 192;
/// The judge's timeout in the policies.
/// (Well above what an answer from the fake takes, so only calls to the
/// hanging fake time out, even on a loaded machine.)
const TIMEOUT_MS: u64 = 2000;
/// Generous room above the timeout for a loaded machine: an answer later
/// than this means a request waited on something other than the judge.
const SLACK: Duration = Duration::from_secs(15);

/// A fault: the policy file stem, where the judge is, its guardrail id and
/// the `result` label its calls must be counted under.
struct Fault {
    name: &'static str,
    endpoint: String,
    id: &'static str,
    result: &'static str,
}

/// A port nothing listens on (bound, then released).
async fn refusing() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    url
}

fn policy(fault: &Fault, fail_mode: &str) -> String {
    format!(
        "name = \"{}\"\nblocked_input_messaging = \"local no\"\nblocked_outputs_messaging = \"local no\"\n\
         [[pii.entities]]\ntype = \"EMAIL\"\naction = \"ANONYMIZE\"\n\
         [bedrock]\nguardrail_identifier = \"{}\"\nguardrail_version = \"DRAFT\"\nregion = \"us-east-1\"\n\
         endpoint_url = \"{}\"\ntimeout_ms = {TIMEOUT_MS}\nfail_mode = \"{fail_mode}\"\n\
         circuit_failures = 5\ncircuit_cool_down_ms = 3600000\n",
        fault.name, fault.id, fault.endpoint
    )
}

/// What one request came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// 200, blocked with the policy's message (fail closed).
    Blocked,
    /// 200, the local verdict: the e-mail address masked (fail open).
    LocalVerdict,
    /// Any other answer or an error.
    Other,
    /// No answer within the timeout plus slack.
    Late,
}

/// `REQUESTS` prompts to guardrail `id`, `CLIENTS` at a time; outcomes counted.
async fn load(client: &Client, id: &str) -> BTreeMap<Outcome, usize> {
    let id: Arc<str> = id.into();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let bound = Duration::from_millis(TIMEOUT_MS) + SLACK;
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (client, next, id) = (client.clone(), next.clone(), id.clone());
            tokio::spawn(async move {
                let mut seen = Vec::new();
                while next.fetch_add(1, Ordering::SeqCst) < REQUESTS {
                    let started = Instant::now();
                    let call = send(
                        &client,
                        &id,
                        "DRAFT",
                        GuardrailContentSource::Input,
                        "mail a@example.com",
                    );
                    let outcome = match tokio::time::timeout(bound, call).await {
                        Err(_) => Outcome::Late,
                        Ok(Ok(out)) => {
                            let texts: Vec<_> =
                                out.outputs().iter().filter_map(|o| o.text()).collect();
                            match (out.action().as_str(), texts.as_slice()) {
                                ("GUARDRAIL_INTERVENED", ["local no"]) => Outcome::Blocked,
                                ("GUARDRAIL_INTERVENED", ["mail {EMAIL}"]) => Outcome::LocalVerdict,
                                _ => Outcome::Other,
                            }
                        }
                        Ok(Err(_)) => Outcome::Other,
                    };
                    // Also late if the timeout fired just after the answer.
                    let late = started.elapsed() > bound;
                    seen.push(if late { Outcome::Late } else { outcome });
                }
                seen
            })
        })
        .collect();
    let mut counts = BTreeMap::new();
    for w in workers {
        for outcome in w.await.expect("worker") {
            *counts.entry(outcome).or_insert(0) += 1;
        }
    }
    counts
}

/// The value of the metric line that starts with `series` (name and labels).
fn value(metrics: &str, series: &str) -> u64 {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("no {series} in /metrics:\n{metrics}"))
        .parse()
        .expect("a count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_remote_fault_under_load_is_answered_by_the_fail_mode_and_counted() {
    let (fake, seen) = crate::bedrock::start().await;
    // The hanging one apart, so the first counts exactly the calls it answered.
    let (hanging, _) = crate::bedrock::start().await;
    let reset = crate::faults::resetting().await;
    let refused = refusing().await;
    let at = |endpoint: &str, name, id, result| Fault {
        name,
        endpoint: endpoint.to_string(),
        id,
        result,
    };
    let faults = [
        at(&fake, "throttle", "grthrottle", "throttled"),
        at(&fake, "fail", "grfail", "server_error"),
        at(&fake, "garbage", "grgarbage", "bad_response"),
        at(&fake, "noaction", "grnoaction", "bad_response"),
        at(&hanging, "hang", "grhang", "timeout"),
        at(&reset, "reset", "grok", "connection"),
        at(&refused, "refused", "grok", "connection"),
    ];
    let dir = temp_dir("serve-faults");
    for f in &faults {
        let closed = policy(f, "closed");
        std::fs::write(dir.join(format!("{}-closed.toml", f.name)), closed).expect("write");
        let open = policy(f, "open");
        std::fs::write(dir.join(format!("{}-open.toml", f.name)), open).expect("write");
    }
    let server = serve_with_env(
        &["--policies", dir.to_str().expect("utf-8 path")],
        // One attempt per call: each failure is counted under its own
        // kind, not under the timeout that retries would run into.
        &[&JUDGED_SERVER_ENV[..], &[("AWS_MAX_ATTEMPTS", "1")]].concat(),
    );
    let client = sdk_client(&server.url);

    for f in &faults {
        for (mode, expected) in [
            ("closed", Outcome::Blocked),
            ("open", Outcome::LocalVerdict),
        ] {
            let id = format!("{}-{mode}", f.name);
            assert_eq!(
                load(&client, &id).await,
                BTreeMap::from([(expected, REQUESTS)]),
                "{id}"
            );
        }
    }

    let metrics = get(server.addr(), "/metrics").await;
    let total = 2 * faults.len() * REQUESTS;
    let requests: Vec<_> = metrics
        .lines()
        .filter(|l| l.starts_with("guardrail_requests_total{"))
        .collect();
    assert_eq!(
        requests,
        [format!(
            "guardrail_requests_total{{status=\"200\"}} {total}"
        )]
    );
    let half = total / 2;
    for line in [
        format!("guardrail_remote_fallback_total{{outcome=\"blocked\"}} {half}"),
        format!("guardrail_remote_fallback_total{{outcome=\"allowed\"}} {half}"),
    ] {
        assert!(metrics.lines().any(|l| l == line), "{line}\n{metrics}");
    }
    let mut reached_fake = 0;
    for f in &faults {
        for mode in ["closed", "open"] {
            let p = format!("{}-{mode}", f.name);
            // Every call that reached the remote failed with the fault's
            // kind; the rest were stopped by the open circuit.
            let mut failed = 0;
            for result in [
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
            ] {
                let n = value(
                    &metrics,
                    &format!("guardrail_remote_calls_total{{policy=\"{p}\",result=\"{result}\"}}"),
                );
                if result == f.result {
                    failed = n;
                } else {
                    assert_eq!(n, 0, "{p} {result}\n{metrics}");
                }
            }
            let short = value(
                &metrics,
                &format!("guardrail_remote_short_circuited_total{{policy=\"{p}\"}}"),
            );
            assert_eq!(failed + short, REQUESTS as u64, "{p}\n{metrics}");
            // The breaker opened after its 5 consecutive failures.
            assert!(failed >= 5, "{p}: {failed} failures\n{metrics}");
            for (state, n) in [("closed", 0), ("open", 1), ("half_open", 0)] {
                let line = format!(
                    "guardrail_remote_circuit_state{{policy=\"{p}\",state=\"{state}\"}} {n}"
                );
                assert!(metrics.lines().any(|l| l == line), "{line}\n{metrics}");
            }
            if f.endpoint == fake {
                reached_fake += failed;
            }
        }
    }
    // The fake Bedrock saw exactly the calls counted as reaching it.
    assert_eq!(seen.calls.load(Ordering::SeqCst) as u64, reached_fake);
    std::fs::remove_dir_all(&dir).ok();
}
