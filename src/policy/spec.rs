//! The guardrail definition as a serde model: the native TOML form.
//!
//! Field for field it mirrors Bedrock's `CreateGuardrail` configuration in
//! snake_case; [`super::bedrock`] reads Bedrock's own camelCase JSON into it.

use serde::{Deserialize, Serialize};

use crate::entity::PiiType;
use crate::remote::FailMode;

/// A whole guardrail definition.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PolicySpec {
    /// Guardrail name (1-50 of `[0-9a-zA-Z-_]`).
    pub name: String,
    /// Free description (1-200 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Returned in place of a blocked prompt.
    pub blocked_input_messaging: String,
    /// Returned in place of a blocked model answer.
    pub blocked_outputs_messaging: String,
    /// Word filters.
    #[serde(default)]
    pub words: WordsSpec,
    /// Sensitive-information (PII and custom regex) filters.
    #[serde(default)]
    pub pii: PiiSpec,
    /// Denied topics (judged remotely by Bedrock).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<TopicSpec>,
    /// Content filters (judged remotely by Bedrock).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content_filters: Vec<ContentFilterSpec>,
    /// A Bedrock guardrail to consult after the local scan (`[bedrock]`;
    /// used by `guardrail serve`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bedrock: Option<BedrockJudgeSpec>,
}

/// The Bedrock guardrail a policy consults as its second judge.
///
/// ```toml
/// [bedrock]
/// guardrail_identifier = "gr123abc"   # id or guardrail ARN
/// guardrail_version = "1"             # DRAFT or a version number
/// region = "us-east-1"                # default: the AWS environment's region
/// timeout_ms = 2000                   # the whole call, retries included
/// fail_mode = "closed"                # or "open"
/// circuit_failures = 5                # consecutive failures that open the circuit
/// circuit_cool_down_ms = 30000        # how long it stays open before a probe
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BedrockJudgeSpec {
    /// The guardrail id or ARN.
    pub guardrail_identifier: String,
    /// `DRAFT` or a version number.
    pub guardrail_version: String,
    /// AWS region (default: from the AWS environment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Another endpoint than Bedrock's (a VPC endpoint, a local stand-in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_url: Option<String>,
    /// The most one call may take, retries included (default 5,000 ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u64>,
    /// What to do when Bedrock cannot answer (default `closed`: block).
    #[serde(default)]
    pub fail_mode: FailMode,
    /// Consecutive failures after which Bedrock is left alone for the
    /// cool-down (the circuit breaker's threshold; default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circuit_failures: Option<u32>,
    /// How long the circuit stays open before one probe call (default 30,000 ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circuit_cool_down_ms: Option<u64>,
}

/// What to do with a hit in one direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConfigAction {
    /// Block the whole text.
    Block,
    /// Replace the value with `{TYPE}` (PII and regexes only).
    Anonymize,
    /// Detect and report only.
    None,
}

/// The word policy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordsSpec {
    /// Custom words and phrases (at most 10,000, each at most 100 characters).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<WordSpec>,
    /// Managed word lists (`PROFANITY`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub managed: Vec<ManagedWordsSpec>,
}

/// One custom word or phrase. Custom words can only block (or report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordSpec {
    /// The word or phrase, matched case-insensitively on whole words.
    pub text: String,
    /// Action for prompts (INPUT); defaults to the rule's action.
    #[serde(
        alias = "inputAction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_action: Option<ConfigAction>,
    /// Action for model answers (OUTPUT); defaults to the rule's action.
    #[serde(
        alias = "outputAction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_action: Option<ConfigAction>,
    /// Whether prompts are checked (default true).
    #[serde(
        alias = "inputEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_enabled: Option<bool>,
    /// Whether model answers are checked (default true).
    #[serde(
        alias = "outputEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_enabled: Option<bool>,
}

/// A managed word list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManagedWordsSpec {
    /// The list; only `PROFANITY` exists.
    #[serde(rename = "type")]
    pub kind: ManagedWordsType,
    /// Action for prompts (INPUT); defaults to the rule's action.
    #[serde(
        alias = "inputAction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_action: Option<ConfigAction>,
    /// Action for model answers (OUTPUT); defaults to the rule's action.
    #[serde(
        alias = "outputAction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_action: Option<ConfigAction>,
    /// Whether prompts are checked (default true).
    #[serde(
        alias = "inputEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_enabled: Option<bool>,
    /// Whether model answers are checked (default true).
    #[serde(
        alias = "outputEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_enabled: Option<bool>,
}

/// Managed word list names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ManagedWordsType {
    /// The shipped English profanity list (`rules/words/profanity_en.txt`).
    Profanity,
}

/// The sensitive-information policy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PiiSpec {
    /// Minimum confidence (0..=1) for a PII finding to count; default 0.5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f32>,
    /// PII entity types to detect.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<PiiEntitySpec>,
    /// Custom regexes (at most 30).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regexes: Vec<RegexSpec>,
}

/// One PII entity type and what to do with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PiiEntitySpec {
    /// The Bedrock type name, e.g. `EMAIL`.
    #[serde(rename = "type")]
    pub kind: PiiType,
    /// `BLOCK`, `ANONYMIZE` or `NONE`.
    pub action: ConfigAction,
    /// Action for prompts (INPUT); defaults to the rule's action.
    #[serde(
        alias = "inputAction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_action: Option<ConfigAction>,
    /// Action for model answers (OUTPUT); defaults to the rule's action.
    #[serde(
        alias = "outputAction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_action: Option<ConfigAction>,
    /// Whether prompts are checked (default true).
    #[serde(
        alias = "inputEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_enabled: Option<bool>,
    /// Whether model answers are checked (default true).
    #[serde(
        alias = "outputEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_enabled: Option<bool>,
}

/// A custom regex.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegexSpec {
    /// Name (1-100 characters); masks render as `{name}`.
    pub name: String,
    /// The pattern (1-500 characters, Rust regex syntax, no look-around).
    pub pattern: String,
    /// Optional description (1-1000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `BLOCK`, `ANONYMIZE` or `NONE`.
    pub action: ConfigAction,
    /// Action for prompts (INPUT); defaults to the rule's action.
    #[serde(
        alias = "inputAction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_action: Option<ConfigAction>,
    /// Action for model answers (OUTPUT); defaults to the rule's action.
    #[serde(
        alias = "outputAction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_action: Option<ConfigAction>,
    /// Whether prompts are checked (default true).
    #[serde(
        alias = "inputEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_enabled: Option<bool>,
    /// Whether model answers are checked (default true).
    #[serde(
        alias = "outputEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_enabled: Option<bool>,
}

/// A denied topic (enforced by the Bedrock bridge).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicSpec {
    /// Name (1-100 of `[0-9a-zA-Z-_ !?.]`).
    pub name: String,
    /// Definition (1-200 characters).
    pub definition: String,
    /// Up to 5 examples of 1-100 characters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    /// Always `DENY`.
    #[serde(rename = "type", default = "deny")]
    pub kind: String,
    /// Action for prompts (INPUT); defaults to the rule's action.
    #[serde(
        alias = "inputAction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_action: Option<ConfigAction>,
    /// Action for model answers (OUTPUT); defaults to the rule's action.
    #[serde(
        alias = "outputAction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_action: Option<ConfigAction>,
    /// Whether prompts are checked (default true).
    #[serde(
        alias = "inputEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_enabled: Option<bool>,
    /// Whether model answers are checked (default true).
    #[serde(
        alias = "outputEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_enabled: Option<bool>,
}

fn deny() -> String {
    "DENY".to_string()
}

/// A content filter (enforced by the Bedrock bridge).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentFilterSpec {
    /// `SEXUAL`, `VIOLENCE`, `HATE`, `INSULTS`, `MISCONDUCT` or `PROMPT_ATTACK`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `NONE`, `LOW`, `MEDIUM` or `HIGH`.
    #[serde(alias = "inputStrength")]
    pub input_strength: String,
    /// `NONE`, `LOW`, `MEDIUM` or `HIGH` (`NONE` for `PROMPT_ATTACK`).
    #[serde(alias = "outputStrength")]
    pub output_strength: String,
    /// `TEXT` and/or `IMAGE` (prompts).
    #[serde(
        alias = "inputModalities",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_modalities: Option<Vec<String>>,
    /// `TEXT` and/or `IMAGE` (answers).
    #[serde(
        alias = "outputModalities",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_modalities: Option<Vec<String>>,
    /// Action for prompts (INPUT); defaults to the rule's action.
    #[serde(
        alias = "inputAction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_action: Option<ConfigAction>,
    /// Action for model answers (OUTPUT); defaults to the rule's action.
    #[serde(
        alias = "outputAction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_action: Option<ConfigAction>,
    /// Whether prompts are checked (default true).
    #[serde(
        alias = "inputEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub input_enabled: Option<bool>,
    /// Whether model answers are checked (default true).
    #[serde(
        alias = "outputEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub output_enabled: Option<bool>,
}

/// Which side of the model a text comes from (Bedrock's `source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Source {
    /// A prompt, checked before the model runs.
    Input,
    /// A model answer, checked before it is returned.
    Output,
}

/// Effective per-direction settings of a rule.
pub(crate) trait Directional {
    /// The action in `source`'s direction, or `None` when disabled there.
    fn action_for(&self, source: Source) -> Option<ConfigAction>;
}

macro_rules! directional {
    ($($ty:ty => $default:expr;)*) => {$(
        impl Directional for $ty {
            fn action_for(&self, source: Source) -> Option<ConfigAction> {
                #[allow(clippy::redundant_closure_call)]
                let default: ConfigAction = ($default)(self);
                let (enabled, action) = match source {
                    Source::Input => (self.input_enabled, self.input_action),
                    Source::Output => (self.output_enabled, self.output_action),
                };
                enabled.unwrap_or(true).then(|| action.unwrap_or(default))
            }
        }
    )*};
}

directional! {
    WordSpec => |_: &WordSpec| ConfigAction::Block;
    ManagedWordsSpec => |_: &ManagedWordsSpec| ConfigAction::Block;
    PiiEntitySpec => |s: &PiiEntitySpec| s.action;
    RegexSpec => |s: &RegexSpec| s.action;
    TopicSpec => |_: &TopicSpec| ConfigAction::Block;
    ContentFilterSpec => |_: &ContentFilterSpec| ConfigAction::Block;
}
