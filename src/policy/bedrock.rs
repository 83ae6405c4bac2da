//! Bedrock's own `CreateGuardrail` JSON (what `aws bedrock create-guardrail
//! --cli-input-json` takes), read unchanged and turned into a [`PolicySpec`].

use serde::Deserialize;

use super::spec::{
    ContentFilterSpec, ManagedWordsSpec, PiiEntitySpec, PiiSpec, PolicySpec, RegexSpec, TopicSpec,
    WordSpec, WordsSpec,
};

/// `CreateGuardrailRequest`; fields this crate does not use are accepted and
/// ignored, so Bedrock's JSON loads unchanged.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateGuardrailRequest {
    name: String,
    #[serde(default)]
    description: Option<String>,
    blocked_input_messaging: String,
    blocked_outputs_messaging: String,
    #[serde(default)]
    topic_policy_config: Option<TopicPolicyConfig>,
    #[serde(default)]
    content_policy_config: Option<ContentPolicyConfig>,
    #[serde(default)]
    word_policy_config: Option<WordPolicyConfig>,
    #[serde(default)]
    sensitive_information_policy_config: Option<SensitiveInformationPolicyConfig>,
    #[serde(default)]
    contextual_grounding_policy_config: Option<serde_json::Value>,
    #[serde(default)]
    automated_reasoning_policy_config: Option<serde_json::Value>,
    #[serde(default)]
    cross_region_config: Option<serde_json::Value>,
    #[serde(default)]
    kms_key_id: Option<String>,
    #[serde(default)]
    tags: Option<serde_json::Value>,
    #[serde(default)]
    client_request_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct TopicPolicyConfig {
    topics_config: Vec<TopicSpec>,
    #[serde(default)]
    tier_config: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[allow(dead_code)]
struct ContentPolicyConfig {
    filters_config: Vec<ContentFilterSpec>,
    #[serde(default)]
    tier_config: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct WordPolicyConfig {
    #[serde(default)]
    words_config: Vec<WordSpec>,
    #[serde(default)]
    managed_word_lists_config: Vec<ManagedWordsSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SensitiveInformationPolicyConfig {
    #[serde(default)]
    pii_entities_config: Vec<PiiEntitySpec>,
    #[serde(default)]
    regexes_config: Vec<RegexSpec>,
}

impl From<CreateGuardrailRequest> for PolicySpec {
    fn from(r: CreateGuardrailRequest) -> Self {
        let words = r
            .word_policy_config
            .map_or_else(WordsSpec::default, |w| WordsSpec {
                custom: w.words_config,
                managed: w.managed_word_lists_config,
            });
        let pii = r
            .sensitive_information_policy_config
            .map_or_else(PiiSpec::default, |s| PiiSpec {
                min_score: None,
                entities: s.pii_entities_config,
                regexes: s.regexes_config,
            });
        PolicySpec {
            name: r.name,
            description: r.description,
            blocked_input_messaging: r.blocked_input_messaging,
            blocked_outputs_messaging: r.blocked_outputs_messaging,
            words,
            pii,
            topics: r
                .topic_policy_config
                .map(|t| t.topics_config)
                .unwrap_or_default(),
            content_filters: r
                .content_policy_config
                .map(|c| c.filters_config)
                .unwrap_or_default(),
            bedrock: None,
        }
    }
}
