//! Guardrail definitions: loading and validation.
//!
//! A [`Policy`] is a validated [`PolicySpec`]. It is read from the native TOML
//! form or from Bedrock's `CreateGuardrail` JSON, and compiled into a
//! [`Scanner`](crate::Scanner).

mod bedrock;
mod load;
pub(crate) mod spec;
mod validate;

use std::path::Path;

pub use load::PolicyFormat;
pub use spec::{
    BedrockJudgeSpec, ConfigAction, ContentFilterSpec, ManagedWordsSpec, ManagedWordsType,
    PiiEntitySpec, PiiSpec, PolicySpec, RegexSpec, Source, TopicSpec, WordSpec, WordsSpec,
};

use crate::error::Error;

/// The policy shipped in the binary (`rules/default.toml`).
const DEFAULT_POLICY: &str = include_str!("../../rules/default.toml");

/// A validated guardrail definition.
///
/// ```
/// let policy = guardrail::Policy::from_toml(r#"
///     name = "support-bot"
///     blocked_input_messaging = "Sorry, I can't help with that."
///     blocked_outputs_messaging = "Sorry, I can't answer that."
///     [[pii.entities]]
///     type = "EMAIL"
///     action = "ANONYMIZE"
/// "#)?;
/// assert_eq!(policy.spec().pii.entities.len(), 1);
/// # Ok::<(), guardrail::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    spec: PolicySpec,
}

impl Policy {
    /// Validates a spec.
    ///
    /// # Errors
    /// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) listing every problem.
    pub fn from_spec(spec: PolicySpec) -> Result<Self, Error> {
        Self::checked(spec, "<policy>")
    }

    /// Parses and validates the native TOML form.
    ///
    /// # Errors
    /// A parse error with line and column, or every validation problem.
    pub fn from_toml(text: &str) -> Result<Self, Error> {
        Self::parse(text, PolicyFormat::Toml, "<string>")
    }

    /// Parses and validates Bedrock's `CreateGuardrail` JSON.
    ///
    /// # Errors
    /// A parse error with line and column, or every validation problem.
    pub fn from_bedrock_json(text: &str) -> Result<Self, Error> {
        Self::parse(text, PolicyFormat::BedrockJson, "<string>")
    }

    /// Parses `text` in `format`; `origin` names the source in errors.
    ///
    /// # Errors
    /// A parse error with line and column, or every validation problem.
    pub fn parse(text: &str, format: PolicyFormat, origin: &str) -> Result<Self, Error> {
        Self::checked(load::parse(text, format, origin)?, origin)
    }

    /// Reads a policy file: `.json` as Bedrock JSON, anything else as TOML.
    ///
    /// # Errors
    /// The file cannot be read, parsed or validated; the message names the file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        Self::checked(load::read(path)?, &path.display().to_string())
    }

    /// The shipped default policy: every PII type, the profanity list.
    pub fn default_policy() -> Self {
        // The embedded file is checked by a unit test, so this cannot fail at run time.
        #[allow(clippy::expect_used)]
        Self::parse(DEFAULT_POLICY, PolicyFormat::Toml, "rules/default.toml")
            .expect("invariant: the embedded default policy is valid")
    }

    /// The text of the shipped default policy (`rules/default.toml`).
    pub fn default_toml() -> &'static str {
        DEFAULT_POLICY
    }

    /// The definition.
    pub fn spec(&self) -> &PolicySpec {
        &self.spec
    }

    fn checked(spec: PolicySpec, origin: &str) -> Result<Self, Error> {
        let problems = validate::problems(&spec);
        if problems.is_empty() {
            Ok(Policy { spec })
        } else {
            Err(Error::invalid(origin, problems))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn default_policy_is_valid_and_covers_every_type() {
        let p = Policy::default_policy();
        let mut types: Vec<_> = p.spec().pii.entities.iter().map(|e| e.kind).collect();
        types.sort();
        assert_eq!(types, crate::PiiType::ALL);
        assert_eq!(p.spec().words.managed.len(), 1);
    }

    #[test]
    fn reads_bedrock_json_unchanged() {
        let json = r#"{
          "name": "support", "description": "d",
          "blockedInputMessaging": "no", "blockedOutputsMessaging": "no!",
          "topicPolicyConfig": {"topicsConfig": [{"name": "Investment Advice",
             "definition": "advice on investing", "examples": ["buy?"], "type": "DENY"}]},
          "contentPolicyConfig": {"filtersConfig": [{"type": "HATE", "inputStrength": "HIGH",
             "outputStrength": "HIGH", "inputModalities": ["TEXT"]}]},
          "wordPolicyConfig": {"wordsConfig": [{"text": "moonquake", "outputEnabled": false}],
             "managedWordListsConfig": [{"type": "PROFANITY"}]},
          "sensitiveInformationPolicyConfig": {
             "piiEntitiesConfig": [{"type": "EMAIL", "action": "ANONYMIZE", "inputAction": "BLOCK"}],
             "regexesConfig": [{"name": "claim", "pattern": "CLM-[0-9]{4}", "action": "ANONYMIZE"}]},
          "tags": [{"key": "team", "value": "ai"}], "kmsKeyId": "alias/x"
        }"#;
        let p = Policy::from_bedrock_json(json).expect("valid");
        let s = p.spec();
        assert_eq!(s.words.custom[0].text, "moonquake");
        assert_eq!(s.words.custom[0].output_enabled, Some(false));
        assert_eq!(s.pii.entities[0].input_action, Some(ConfigAction::Block));
        assert_eq!(s.pii.regexes[0].name, "claim");
        assert_eq!(s.topics[0].name, "Investment Advice");
        assert_eq!(
            s.content_filters[0].input_modalities,
            Some(vec!["TEXT".to_string()])
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_rule() {
        let toml = r#"
            name = "bad name!"
            blocked_input_messaging = ""
            blocked_outputs_messaging = "x"
            [[words.custom]]
            text = "Foo"
            [[words.custom]]
            text = "foo"
            [[pii.regexes]]
            name = "r"
            pattern = "a("
            action = "BLOCK"
        "#;
        let err = Policy::from_toml(toml).expect_err("invalid");
        let ErrorKind::Invalid { problems, .. } = err.kind() else {
            unreachable!("expected Invalid, got {err}")
        };
        let rules: Vec<_> = problems.iter().map(|p| p.rule.as_str()).collect();
        assert_eq!(
            rules,
            [
                "name",
                "blocked_input_messaging",
                "words.custom[1] \"foo\"",
                "pii.regexes[0] \"r\""
            ]
        );
        assert!(
            problems[3].reason.starts_with("bad regex: "),
            "{}",
            problems[3]
        );
    }

    #[test]
    fn a_bedrock_judge_section_is_read_and_checked() {
        let head = "name='x'\nblocked_input_messaging='a'\nblocked_outputs_messaging='b'\n";
        let good = format!("{head}[bedrock]\nguardrail_identifier='arn:aws:bedrock:us-east-1:123456789012:guardrail/gr1'\nguardrail_version='DRAFT'\nregion='us-east-1'\nendpoint_url='http://127.0.0.1:9'\ntimeout_ms=250\nfail_mode='open'\ncircuit_failures=3\ncircuit_cool_down_ms=0\n");
        let policy = Policy::from_toml(&good).expect("valid");
        let judge = policy.spec().bedrock.as_ref().expect("section");
        assert_eq!(judge.fail_mode, crate::FailMode::Open);
        assert_eq!(judge.timeout_ms, Some(250));
        assert_eq!(
            (judge.circuit_failures, judge.circuit_cool_down_ms),
            (Some(3), Some(0))
        );

        let minimal =
            format!("{head}[bedrock]\nguardrail_identifier='gr1'\nguardrail_version='3'\n");
        let judge = Policy::from_toml(&minimal)
            .expect("valid")
            .spec()
            .bedrock
            .clone();
        assert_eq!(
            judge.map(|j| (j.fail_mode, j.region)),
            Some((crate::FailMode::Closed, None))
        );

        let bad = format!("{head}[bedrock]\nguardrail_identifier='GR 1'\nguardrail_version='01'\nregion='US'\nendpoint_url='ftp://x'\ntimeout_ms=0\ncircuit_failures=0\ncircuit_cool_down_ms=3600001\n");
        let err = Policy::from_toml(&bad).expect_err("invalid");
        let ErrorKind::Invalid { problems, .. } = err.kind() else {
            unreachable!("expected Invalid, got {err}")
        };
        let rules: Vec<_> = problems.iter().map(|p| p.rule.as_str()).collect();
        assert_eq!(
            rules,
            [
                "bedrock.guardrail_identifier",
                "bedrock.guardrail_version",
                "bedrock.region",
                "bedrock.endpoint_url",
                "bedrock.timeout_ms",
                "bedrock.circuit_failures",
                "bedrock.circuit_cool_down_ms"
            ]
        );
    }

    #[test]
    fn unknown_pii_type_is_a_parse_error_naming_it() {
        let err = Policy::from_toml(
            "name='x'\nblocked_input_messaging='a'\nblocked_outputs_messaging='b'\n[[pii.entities]]\ntype='SSN'\naction='BLOCK'\n",
        )
        .expect_err("unknown type");
        let msg = err.to_string();
        assert!(msg.contains("unknown PII type \"SSN\""), "{msg}");
        assert!(msg.contains("line 5"), "{msg}");
    }
}
