//! The Amazon Bedrock `ApplyGuardrail` judge on `aws-sdk-bedrockruntime`.

use std::fmt;
use std::time::Duration;

use aws_sdk_bedrockruntime::error::SdkError;
use aws_sdk_bedrockruntime::operation::apply_guardrail::{
    ApplyGuardrailError, ApplyGuardrailOutput,
};
use aws_sdk_bedrockruntime::types::{
    GuardrailAction, GuardrailContentBlock, GuardrailContentQualifier, GuardrailContentSource,
    GuardrailOutputScope, GuardrailTextBlock,
};
use aws_sdk_bedrockruntime::Client;
use serde_json::json;

use super::{BoxFuture, RemoteError, RemoteErrorKind, RemoteGuardrail};
use crate::policy::Source;
use crate::verdict::{
    Action, Assessment, Coverage, CoverageCount, EntryAction, ManagedWordEntry, OutputText,
    PiiEntry, RegexEntry, SensitiveInformationAssessment, Usage, Verdict, WordEntry,
    WordPolicyAssessment,
};

/// Default limit on one `ApplyGuardrail` call, retries included.
pub const DEFAULT_REMOTE_TIMEOUT: Duration = Duration::from_secs(5);

/// Calls Bedrock's `ApplyGuardrail` for a guardrail id (or ARN) and version.
///
/// Build the client as usual (`aws_config::load_defaults`, or a
/// `Config::builder()` with `endpoint_url` for a local server); its retry and
/// timeout settings apply, and [`timeout`](Self::timeout) caps the whole call.
#[derive(Clone)]
pub struct BedrockGuardrail {
    client: Client,
    id: String,
    version: String,
    timeout: Duration,
    qualifiers: Vec<Qualifier>,
    full_output: bool,
}

/// A content qualifier sent with every text block (Bedrock's `qualifiers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Qualifier {
    /// `grounding_source`: the source a contextual-grounding check compares against.
    GroundingSource,
    /// `query`: the question of a contextual-grounding check.
    Query,
    /// `guard_content`: the content to guard.
    GuardContent,
}

impl fmt::Debug for BedrockGuardrail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BedrockGuardrail")
            .field("id", &self.id)
            .field("version", &self.version)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl BedrockGuardrail {
    /// A judge for guardrail `id` (id or ARN) at `version` (`DRAFT` or a number).
    pub fn new(client: Client, id: impl Into<String>, version: impl Into<String>) -> Self {
        BedrockGuardrail {
            client,
            id: id.into(),
            version: version.into(),
            timeout: DEFAULT_REMOTE_TIMEOUT,
            qualifiers: Vec::new(),
            full_output: false,
        }
    }

    /// Loads AWS configuration from the environment (profiles, variables, IMDS).
    pub async fn from_env(id: impl Into<String>, version: impl Into<String>) -> Self {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Self::new(Client::new(&config), id, version)
    }

    /// Qualifiers to send with every text block (default none).
    pub fn qualifiers(mut self, qualifiers: &[Qualifier]) -> Self {
        self.qualifiers = qualifiers.to_vec();
        self
    }

    /// Asks for `outputScope: FULL` (every entry, detected or not) instead of
    /// `INTERVENTIONS` (default).
    pub fn full_output(mut self, full: bool) -> Self {
        self.full_output = full;
        self
    }

    /// The most one call may take, retries included (default 5 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

impl RemoteGuardrail for BedrockGuardrail {
    fn apply(&self, texts: Vec<String>, source: Source) -> BoxFuture<Result<Verdict, RemoteError>> {
        let this = self.clone();
        Box::pin(async move {
            let mut request = this
                .client
                .apply_guardrail()
                .guardrail_identifier(&this.id)
                .guardrail_version(&this.version)
                .source(match source {
                    Source::Input => GuardrailContentSource::Input,
                    Source::Output => GuardrailContentSource::Output,
                })
                .output_scope(if this.full_output {
                    GuardrailOutputScope::Full
                } else {
                    GuardrailOutputScope::Interventions
                });
            for text in texts {
                let mut block = GuardrailTextBlock::builder().text(text);
                for q in &this.qualifiers {
                    block = block.qualifiers(match q {
                        Qualifier::GroundingSource => GuardrailContentQualifier::GroundingSource,
                        Qualifier::Query => GuardrailContentQualifier::Query,
                        Qualifier::GuardContent => GuardrailContentQualifier::GuardContent,
                    });
                }
                let block = block
                    .build()
                    .map_err(|e| RemoteError::new(RemoteErrorKind::Rejected, e.to_string()))?;
                request = request.content(GuardrailContentBlock::Text(block));
            }
            match tokio::time::timeout(this.timeout, request.send()).await {
                Err(_) => Err(RemoteError::new(
                    RemoteErrorKind::Timeout,
                    format!("no answer within {:?}", this.timeout),
                )),
                Ok(Err(e)) => Err(error(e)),
                Ok(Ok(output)) => verdict(&output),
            }
        })
    }
}

/// Maps the SDK's error to a distinct kind.
fn error(e: SdkError<ApplyGuardrailError>) -> RemoteError {
    use RemoteErrorKind as K;
    let (kind, message) = match &e {
        SdkError::TimeoutError(_) => (K::Timeout, "the SDK timed out".to_string()),
        SdkError::DispatchFailure(d) if d.is_timeout() => {
            (K::Timeout, "connection timed out".to_string())
        }
        SdkError::DispatchFailure(_) => (K::Network, "the request could not be sent".to_string()),
        SdkError::ResponseError(_) => (K::Malformed, "the response could not be read".to_string()),
        SdkError::ConstructionFailure(_) => {
            (K::Rejected, "the request could not be built".to_string())
        }
        SdkError::ServiceError(s) => {
            let err = s.err();
            let status = s.raw().status().as_u16();
            let kind = if err.is_throttling_exception() {
                K::Throttled
            } else if err.is_access_denied_exception() {
                K::AccessDenied
            } else if err.is_resource_not_found_exception() {
                K::NotFound
            } else if err.is_validation_exception() || err.is_service_quota_exceeded_exception() {
                K::Rejected
            } else if err.is_internal_server_exception()
                || err.is_service_unavailable_exception()
                || status >= 500
            {
                K::Unavailable
            } else {
                K::Malformed
            };
            let message = aws_sdk_bedrockruntime::error::ProvideErrorMetadata::message(err)
                .unwrap_or("no message")
                .to_string();
            (kind, format!("HTTP {status}: {message}"))
        }
        _ => (K::Malformed, "unknown SDK failure".to_string()),
    };
    RemoteError::new(kind, message)
}

/// Maps an `ApplyGuardrail` answer to a verdict, losslessly for the policies
/// the service reports; an answer without a known `action` is malformed.
fn verdict(out: &ApplyGuardrailOutput) -> Result<Verdict, RemoteError> {
    let action = match out.action() {
        GuardrailAction::GuardrailIntervened => Action::GuardrailIntervened,
        GuardrailAction::None => Action::None,
        other => {
            return Err(RemoteError::new(
                RemoteErrorKind::Malformed,
                format!("unknown action {:?}", other.as_str()),
            ))
        }
    };
    let entry = |a: &str| match a {
        "BLOCKED" => EntryAction::Blocked,
        "ANONYMIZED" => EntryAction::Anonymized,
        _ => EntryAction::None,
    };
    let mut assessments = Vec::new();
    for a in out.assessments() {
        let mut mapped = Assessment {
            origin: Some("remote".to_string()),
            ..Assessment::default()
        };
        if let Some(t) = a.topic_policy() {
            let topics: Vec<_> = t
                .topics()
                .iter()
                .map(|t| {
                    json!({"name": t.name(), "type": t.r#type().as_str(),
                        "action": t.action().as_str(), "detected": t.detected()})
                })
                .collect();
            mapped.topic_policy = Some(json!({ "topics": topics }));
        }
        if let Some(c) = a.content_policy() {
            let filters: Vec<_> = c
                .filters()
                .iter()
                .map(|f| {
                    json!({"type": f.r#type().as_str(), "confidence": f.confidence().as_str(),
                        "filterStrength": f.filter_strength().map(|s| s.as_str()),
                        "action": f.action().as_str(), "detected": f.detected()})
                })
                .collect();
            mapped.content_policy = Some(json!({ "filters": filters }));
        }
        if let Some(g) = a.contextual_grounding_policy() {
            let filters: Vec<_> = g
                .filters()
                .iter()
                .map(|f| {
                    json!({"type": f.r#type().as_str(), "threshold": f.threshold(),
                        "score": f.score(), "action": f.action().as_str(), "detected": f.detected()})
                })
                .collect();
            mapped.contextual_grounding_policy = Some(json!({ "filters": filters }));
        }
        if let Some(r) = a.automated_reasoning_policy() {
            mapped.automated_reasoning_policy = Some(json!({ "findings": r.findings().len() }));
        }
        if let Some(m) = a.invocation_metrics() {
            mapped.invocation_metrics = Some(json!({
                "guardrailProcessingLatency": m.guardrail_processing_latency(),
                "usage": m.usage().map(|u| json!({
                    "topicPolicyUnits": u.topic_policy_units(),
                    "contentPolicyUnits": u.content_policy_units(),
                    "wordPolicyUnits": u.word_policy_units(),
                    "sensitiveInformationPolicyUnits": u.sensitive_information_policy_units(),
                    "sensitiveInformationPolicyFreeUnits": u.sensitive_information_policy_free_units(),
                    "contextualGroundingPolicyUnits": u.contextual_grounding_policy_units(),
                })),
                "guardrailCoverage": m.guardrail_coverage().and_then(|c| c.text_characters()).map(|t| json!({
                    "textCharacters": {"guarded": t.guarded(), "total": t.total()}
                })),
            }));
        }
        if let Some(d) = a.applied_guardrail_details() {
            mapped.applied_guardrail_details = Some(json!({
                "guardrailId": d.guardrail_id(), "guardrailVersion": d.guardrail_version(),
                "guardrailArn": d.guardrail_arn(),
                "guardrailOrigin": d.guardrail_origin().iter().map(|o| o.as_str()).collect::<Vec<_>>(),
                "guardrailOwnership": d.guardrail_ownership().map(|o| o.as_str()),
            }));
        }
        if let Some(w) = a.word_policy() {
            mapped.word_policy = Some(WordPolicyAssessment {
                custom_words: w
                    .custom_words()
                    .iter()
                    .map(|c| WordEntry {
                        matched: c.r#match().to_string(),
                        action: entry(c.action().as_str()),
                        detected: c.detected().unwrap_or(true),
                    })
                    .collect(),
                managed_word_lists: w
                    .managed_word_lists()
                    .iter()
                    .map(|m| ManagedWordEntry {
                        matched: m.r#match().to_string(),
                        kind: m.r#type().as_str().to_string(),
                        action: entry(m.action().as_str()),
                        detected: m.detected().unwrap_or(true),
                    })
                    .collect(),
            });
        }
        if let Some(s) = a.sensitive_information_policy() {
            mapped.sensitive_information_policy = Some(SensitiveInformationAssessment {
                pii_entities: s
                    .pii_entities()
                    .iter()
                    .map(|p| PiiEntry {
                        matched: p.r#match().to_string(),
                        kind: p.r#type().as_str().to_string(),
                        action: entry(p.action().as_str()),
                        detected: p.detected().unwrap_or(true),
                        start: None,
                        end: None,
                        score: None,
                    })
                    .collect(),
                regexes: s
                    .regexes()
                    .iter()
                    .map(|r| RegexEntry {
                        name: r.name().unwrap_or_default().to_string(),
                        matched: r.r#match().unwrap_or_default().to_string(),
                        regex: r.regex().unwrap_or_default().to_string(),
                        action: entry(r.action().as_str()),
                        detected: r.detected().unwrap_or(true),
                    })
                    .collect(),
            });
        }
        assessments.push(mapped);
    }
    let usage = out.usage().map_or_else(Usage::default, |u| Usage {
        topic_policy_units: units(u.topic_policy_units()),
        content_policy_units: units(u.content_policy_units()),
        word_policy_units: units(u.word_policy_units()),
        sensitive_information_policy_units: units(u.sensitive_information_policy_units()),
        sensitive_information_policy_free_units: units(u.sensitive_information_policy_free_units()),
        contextual_grounding_policy_units: units(u.contextual_grounding_policy_units()),
        ..Usage::default()
    });
    let coverage = out
        .guardrail_coverage()
        .and_then(|c| c.text_characters())
        .map(|t| Coverage {
            text_characters: CoverageCount {
                guarded: units(t.guarded().unwrap_or(0)),
                total: units(t.total().unwrap_or(0)),
            },
        });
    Ok(Verdict {
        usage,
        action,
        action_reason: out.action_reason().map(str::to_string),
        outputs: out
            .outputs()
            .iter()
            .map(|o| OutputText {
                text: o.text().unwrap_or_default().to_string(),
            })
            .collect(),
        assessments,
        guardrail_coverage: coverage,
        findings: Vec::new(),
    })
}

fn units(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}
