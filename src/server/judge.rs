//! A policy's `[bedrock]` section as the remote judge behind the local
//! engine (the layer's [`RemoteGuardrailLayer`], so merging is the layer's),
//! behind a circuit breaker, with every call's outcome counted for metrics.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Result};
use guardrail::{
    BedrockGuardrail, BedrockJudgeSpec, BoxFuture, CircuitBreaker, CircuitState, GuardrailLayer,
    RemoteError, RemoteGuardrail, RemoteGuardrailLayer, Scanner, Source, Verdict,
};

use super::metrics::{Metrics, RemoteCounters};

/// Bedrock behind a circuit breaker, counting what each call came to
/// (answered, failed by kind, or short-circuited by the open circuit).
#[derive(Debug, Clone)]
pub(crate) struct Judge {
    /// The metrics label: the policy's name on the command line (file stem).
    policy: String,
    breaker: CircuitBreaker<BedrockGuardrail>,
    counters: Arc<RemoteCounters>,
}

impl Judge {
    pub(crate) fn policy(&self) -> &str {
        &self.policy
    }

    pub(crate) fn circuit(&self) -> CircuitState {
        self.breaker.state()
    }
}

impl RemoteGuardrail for Judge {
    fn apply(&self, texts: Vec<String>, source: Source) -> BoxFuture<Result<Verdict, RemoteError>> {
        let call = self.breaker.apply(texts, source);
        let counters = self.counters.clone();
        Box::pin(async move {
            let result = call.await;
            counters.record(result.as_ref().map(|_| ()).map_err(RemoteError::kind));
            result
        })
    }
}

/// Builds the judge for policy `label`; credentials come from the AWS
/// environment (variables, profile, instance role) and are resolved on the
/// first call. Its counters outlive reloads (kept in `metrics` by label).
pub(crate) async fn layer(
    scanner: Scanner,
    spec: &BedrockJudgeSpec,
    label: &str,
    metrics: &Metrics,
) -> Result<(RemoteGuardrailLayer, Judge)> {
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
    if let Some(region) = &spec.region {
        loader = loader.region(aws_config::Region::new(region.clone()));
    }
    if let Some(url) = &spec.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let config = loader.load().await;
    if config.region().is_none() {
        bail!("[bedrock] has no region: set `region` or AWS_REGION");
    }
    let client = aws_sdk_bedrockruntime::Client::new(&config);
    let mut bedrock =
        BedrockGuardrail::new(client, &spec.guardrail_identifier, &spec.guardrail_version);
    if let Some(ms) = spec.timeout_ms {
        bedrock = bedrock.timeout(Duration::from_millis(ms));
    }
    // A Bedrock that keeps failing is left alone for a cool-down (the fail
    // mode answers meanwhile) instead of being called by every request.
    let mut breaker = CircuitBreaker::new(bedrock);
    if let Some(n) = spec.circuit_failures {
        breaker = breaker.failure_threshold(n);
    }
    if let Some(ms) = spec.circuit_cool_down_ms {
        breaker = breaker.cool_down(Duration::from_millis(ms));
    }
    let judge = Judge {
        policy: label.to_string(),
        breaker,
        counters: metrics.remote(label),
    };
    let layer = GuardrailLayer::new(scanner)
        .remote(judge.clone())
        .fail_mode(spec.fail_mode);
    Ok((layer, judge))
}
