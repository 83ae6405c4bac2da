//! A policy's `[bedrock]` section as the remote judge behind the local
//! engine (the layer's [`RemoteGuardrailLayer`], so merging is the layer's).

use std::time::Duration;

use anyhow::{bail, Result};
use guardrail::{
    BedrockGuardrail, BedrockJudgeSpec, CircuitBreaker, GuardrailLayer, RemoteGuardrailLayer,
    Scanner,
};

/// Builds the judge; credentials come from the AWS environment (variables,
/// profile, instance role) and are resolved on the first call.
pub(crate) async fn layer(
    scanner: Scanner,
    spec: &BedrockJudgeSpec,
) -> Result<RemoteGuardrailLayer> {
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
    let mut judge =
        BedrockGuardrail::new(client, &spec.guardrail_identifier, &spec.guardrail_version);
    if let Some(ms) = spec.timeout_ms {
        judge = judge.timeout(Duration::from_millis(ms));
    }
    // A Bedrock that keeps failing is left alone for a cool-down (the fail
    // mode answers meanwhile) instead of being called by every request.
    Ok(GuardrailLayer::new(scanner)
        .remote(CircuitBreaker::new(judge))
        .fail_mode(spec.fail_mode))
}
