//! Verdicts in Amazon Bedrock's `ApplyGuardrail` response shape, and masking.
//!
//! Field names and enum values are Bedrock's exactly, so boto3 and the AWS
//! SDKs parse a serialized [`Verdict`] unchanged. Local extras (byte offsets,
//! confidence, the top-level `findings` list) are extra fields AWS clients ignore.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::policy::{ConfigAction, Source};
use crate::scan::{DetectorKind, Finding, Scanner};

/// `NONE` or `GUARDRAIL_INTERVENED` (masked *or* blocked: see [`Verdict::is_blocked`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Action {
    /// Nothing was done.
    None,
    /// Something was masked or blocked.
    GuardrailIntervened,
}

/// What happened to one finding: Bedrock's `GuardrailSensitiveInformationPolicyAction`
/// (words and topics use only `BLOCKED` and `NONE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntryAction {
    /// The value was masked.
    Anonymized,
    /// The whole text was blocked.
    Blocked,
    /// Detected and reported only.
    None,
}

impl From<ConfigAction> for EntryAction {
    fn from(a: ConfigAction) -> Self {
        match a {
            ConfigAction::Block => EntryAction::Blocked,
            ConfigAction::Anonymize => EntryAction::Anonymized,
            ConfigAction::None => EntryAction::None,
        }
    }
}

/// An `ApplyGuardrail` response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// Text units used, per policy.
    pub usage: Usage,
    /// `NONE` or `GUARDRAIL_INTERVENED`.
    pub action: Action,
    /// `Guardrail blocked.`, `Guardrail masked.` or `No action.`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_reason: Option<String>,
    /// Empty when nothing was done; the blocked message when blocked; the
    /// masked texts (one per input block) when masked.
    pub outputs: Vec<OutputText>,
    /// What each policy found.
    pub assessments: Vec<Assessment>,
    /// How much of the text was checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardrail_coverage: Option<Coverage>,
    /// Local extra: every finding with byte offsets (not in Bedrock's model).
    #[serde(default)]
    pub findings: Vec<FindingEntry>,
}

/// One output text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputText {
    /// The text.
    pub text: String,
}

/// Bedrock's `GuardrailUsage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
pub struct Usage {
    pub topic_policy_units: u32,
    pub content_policy_units: u32,
    pub word_policy_units: u32,
    pub sensitive_information_policy_units: u32,
    pub sensitive_information_policy_free_units: u32,
    pub contextual_grounding_policy_units: u32,
    /// Local extra: text units sent to a remote judge.
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub remote_text_units: u32,
    /// Local extra: text units a local block kept from the remote judge.
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub saved_text_units: u32,
}

fn is_zero_u32(n: &u32) -> bool {
    *n == 0
}

/// Bedrock's `GuardrailCoverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    /// Characters checked out of all characters.
    pub text_characters: CoverageCount,
}

/// Guarded and total counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageCount {
    /// Checked.
    pub guarded: u32,
    /// All.
    pub total: u32,
}

/// Bedrock's `GuardrailAssessment` (the policies this crate evaluates locally).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    /// Word filter results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word_policy: Option<WordPolicyAssessment>,
    /// PII and regex results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive_information_policy: Option<SensitiveInformationAssessment>,
    /// Denied-topic results (remote judge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic_policy: Option<serde_json::Value>,
    /// Content filter results (remote judge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_policy: Option<serde_json::Value>,
    /// Contextual grounding results (remote judge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contextual_grounding_policy: Option<serde_json::Value>,
    /// Automated reasoning results (remote judge; `{"findings": N}` with their count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automated_reasoning_policy: Option<serde_json::Value>,
    /// Latency, usage and coverage of the remote evaluation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invocation_metrics: Option<serde_json::Value>,
    /// Which guardrail answered (enforced guardrails add entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_guardrail_details: Option<serde_json::Value>,
    /// Local extra: which engine produced this assessment (`local`, `remote`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Local extra: the remote judge failed and the failure mode decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degraded: Option<Degraded>,
}

/// A remote judge's failure and what the failure mode made of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Degraded {
    /// Why (the remote error; never matched values).
    pub reason: String,
    /// `BLOCKED` (fail closed) or `NONE` (fail open).
    pub action: EntryAction,
}

/// Bedrock's `GuardrailWordPolicyAssessment`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WordPolicyAssessment {
    /// Custom word hits.
    pub custom_words: Vec<WordEntry>,
    /// Managed list hits.
    pub managed_word_lists: Vec<ManagedWordEntry>,
}

/// Bedrock's `GuardrailCustomWord`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct WordEntry {
    #[serde(rename = "match")]
    pub matched: String,
    pub action: EntryAction,
    pub detected: bool,
}

/// Bedrock's `GuardrailManagedWord`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ManagedWordEntry {
    #[serde(rename = "match")]
    pub matched: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub action: EntryAction,
    pub detected: bool,
}

/// Bedrock's `GuardrailSensitiveInformationPolicyAssessment`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SensitiveInformationAssessment {
    /// PII hits.
    pub pii_entities: Vec<PiiEntry>,
    /// Custom regex hits.
    pub regexes: Vec<RegexEntry>,
}

/// Bedrock's `GuardrailPiiEntityFilter`, plus local offsets and confidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct PiiEntry {
    #[serde(rename = "match")]
    pub matched: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub action: EntryAction,
    pub detected: bool,
    /// Local extra: UTF-8 byte offset of the value in its text block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// Local extra: end (exclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// Local extra: confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
}

/// Bedrock's `GuardrailRegexFilter`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct RegexEntry {
    pub name: String,
    #[serde(rename = "match")]
    pub matched: String,
    pub regex: String,
    pub action: EntryAction,
    pub detected: bool,
}

/// Local extra: one finding with offsets, as `guardrail scan` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingEntry {
    /// PII type, regex name, `PROFANITY` or `CUSTOM_WORD`.
    #[serde(rename = "type")]
    pub kind: String,
    /// UTF-8 byte offset of the value.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The value.
    #[serde(rename = "match")]
    pub matched: String,
    /// What the policy does with it.
    pub action: EntryAction,
    /// Confidence.
    pub score: f32,
    /// Index of the text block (for multi-block requests).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub block: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Verdict {
    /// Whether anything was blocked (`GUARDRAIL_INTERVENED` alone also means masked).
    pub fn is_blocked(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.action == EntryAction::Blocked)
            || self.assessments.iter().any(Assessment::has_block)
    }

    /// Whether the guardrail intervened (masked or blocked).
    pub fn is_intervened(&self) -> bool {
        self.action == Action::GuardrailIntervened
    }

    /// Appends the verdict's JSON to `out`: the same bytes as
    /// `serde_json::to_writer`, with the output texts (as long as the input,
    /// when masked) written faster.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let scanner = guardrail::Scanner::compile(&guardrail::Policy::default_policy())?;
    /// let verdict = scanner.check("mail me at jane.doe@example.com", guardrail::Source::Input);
    /// let mut json = Vec::new();
    /// verdict.write_json(&mut json)?;
    /// assert_eq!(json, serde_json::to_vec(&verdict)?);
    /// # Ok(()) }
    /// ```
    pub fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        // Field by field in declaration order, as the derived impl writes
        // them; destructured so that a new field does not go unwritten.
        let Verdict {
            usage,
            action,
            action_reason,
            outputs,
            assessments,
            guardrail_coverage,
            findings,
        } = self;
        out.extend_from_slice(b"{\"usage\":");
        serde_json::to_writer(&mut *out, usage)?;
        out.extend_from_slice(b",\"action\":");
        serde_json::to_writer(&mut *out, action)?;
        if let Some(reason) = action_reason {
            out.extend_from_slice(b",\"actionReason\":");
            crate::json::write_str(reason, out);
        }
        out.extend_from_slice(b",\"outputs\":[");
        for (i, output) in outputs.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"text\":");
            crate::json::write_str(&output.text, out);
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"assessments\":");
        serde_json::to_writer(&mut *out, assessments)?;
        if let Some(coverage) = guardrail_coverage {
            out.extend_from_slice(b",\"guardrailCoverage\":");
            serde_json::to_writer(&mut *out, coverage)?;
        }
        out.extend_from_slice(b",\"findings\":");
        serde_json::to_writer(&mut *out, findings)?;
        out.push(b'}');
        Ok(())
    }
}

impl Assessment {
    fn has_block(&self) -> bool {
        let words = self.word_policy.as_ref().is_some_and(|w| {
            w.custom_words
                .iter()
                .any(|e| e.action == EntryAction::Blocked)
                || w.managed_word_lists
                    .iter()
                    .any(|e| e.action == EntryAction::Blocked)
        });
        let pii = self.sensitive_information_policy.as_ref().is_some_and(|s| {
            s.pii_entities
                .iter()
                .any(|e| e.action == EntryAction::Blocked)
                || s.regexes.iter().any(|e| e.action == EntryAction::Blocked)
        });
        let remote = [
            &self.topic_policy,
            &self.content_policy,
            &self.contextual_grounding_policy,
        ]
        .into_iter()
        .flatten()
        .any(|v| v.to_string().contains("\"action\":\"BLOCKED\""));
        let failed_closed = self
            .degraded
            .as_ref()
            .is_some_and(|d| d.action == EntryAction::Blocked);
        words || pii || remote || failed_closed
    }
}

/// Replaces every finding whose action is `ANONYMIZE` by `{LABEL}`.
///
/// `findings` must not overlap and must be sorted, as [`Scanner::scan`] returns them.
pub fn mask<'t>(
    scanner: &Scanner,
    text: &'t str,
    findings: &[Finding],
    source: Source,
) -> Cow<'t, str> {
    let masked: Vec<&Finding> = findings
        .iter()
        .filter(|f| scanner.action(f, source) == ConfigAction::Anonymize)
        .collect();
    if masked.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in masked {
        out.push_str(&text[at..f.span.start]);
        out.push('{');
        out.push_str(scanner.detector(f.detector).label());
        out.push('}');
        at = f.span.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// Text units: one per started 1,000 characters.
pub(crate) fn text_units(text: &str) -> u32 {
    let chars = text.chars().count() as u32;
    chars.div_ceil(1000)
}

/// Scans each text block and builds the verdict for all of them.
pub(crate) fn check(scanner: &Scanner, blocks: &[&str], source: Source) -> Verdict {
    let spec = scanner.policy().spec();
    let mut words = WordPolicyAssessment::default();
    let mut pii = SensitiveInformationAssessment::default();
    let mut findings = Vec::new();
    let mut masked_texts = Vec::with_capacity(blocks.len());
    let (mut any_block, mut any_mask) = (false, false);
    let mut usage = Usage::default();
    let mut chars = 0u32;

    for (block, text) in blocks.iter().enumerate() {
        let units = text_units(text);
        chars += text.chars().count() as u32;
        if !spec.words.custom.is_empty() || !spec.words.managed.is_empty() {
            usage.word_policy_units += units;
        }
        if !spec.pii.entities.is_empty() {
            usage.sensitive_information_policy_units += units;
        } else if !spec.pii.regexes.is_empty() {
            usage.sensitive_information_policy_free_units += units;
        }
        let found = scanner.scan(text, source);
        for f in &found {
            let action = EntryAction::from(scanner.action(f, source));
            any_block |= action == EntryAction::Blocked;
            any_mask |= action == EntryAction::Anonymized;
            let matched = text[f.span.start..f.span.end].to_string();
            let detector = scanner.detector(f.detector);
            match detector.kind() {
                DetectorKind::Pii(t) => pii.pii_entities.push(PiiEntry {
                    matched: matched.clone(),
                    kind: t.as_str().to_string(),
                    action,
                    detected: true,
                    start: Some(f.span.start),
                    end: Some(f.span.end),
                    score: Some(f.score),
                }),
                DetectorKind::Regex(name) => pii.regexes.push(RegexEntry {
                    name: name.clone(),
                    matched: matched.clone(),
                    regex: spec
                        .pii
                        .regexes
                        .iter()
                        .find(|r| &r.name == name)
                        .map(|r| r.pattern.clone())
                        .unwrap_or_default(),
                    action,
                    detected: true,
                }),
                DetectorKind::CustomWord(_) => words.custom_words.push(WordEntry {
                    matched: matched.clone(),
                    action,
                    detected: true,
                }),
                DetectorKind::ManagedWord => words.managed_word_lists.push(ManagedWordEntry {
                    matched: matched.clone(),
                    kind: "PROFANITY".to_string(),
                    action,
                    detected: true,
                }),
            }
            findings.push(FindingEntry {
                kind: detector.label().to_string(),
                start: f.span.start,
                end: f.span.end,
                matched,
                action,
                score: f.score,
                block,
            });
        }
        masked_texts.push(mask(scanner, text, &found, source).into_owned());
    }

    let mut assessment = Assessment {
        origin: Some("local".to_string()),
        ..Assessment::default()
    };
    if !words.custom_words.is_empty() || !words.managed_word_lists.is_empty() {
        assessment.word_policy = Some(words);
    }
    if !pii.pii_entities.is_empty() || !pii.regexes.is_empty() {
        assessment.sensitive_information_policy = Some(pii);
    }
    let (action, reason, outputs) = if any_block {
        let message = match source {
            Source::Input => &spec.blocked_input_messaging,
            Source::Output => &spec.blocked_outputs_messaging,
        };
        (
            Action::GuardrailIntervened,
            "Guardrail blocked.",
            vec![OutputText {
                text: message.clone(),
            }],
        )
    } else if any_mask {
        (
            Action::GuardrailIntervened,
            "Guardrail masked.",
            masked_texts
                .into_iter()
                .map(|text| OutputText { text })
                .collect(),
        )
    } else {
        (Action::None, "No action.", Vec::new())
    };
    Verdict {
        usage,
        action,
        action_reason: Some(reason.to_string()),
        outputs,
        assessments: vec![assessment],
        guardrail_coverage: Some(Coverage {
            text_characters: CoverageCount {
                guarded: chars,
                total: chars,
            },
        }),
        findings,
    }
}

impl Scanner {
    /// Scans `text` and answers as `ApplyGuardrail` would.
    ///
    /// ```
    /// use guardrail::{Action, Policy, Scanner, Source};
    ///
    /// let scanner = Scanner::compile(&Policy::default_policy())?;
    /// let verdict = scanner.check("mail me at jane.doe@example.com", Source::Input);
    /// assert_eq!(verdict.action, Action::GuardrailIntervened);
    /// assert_eq!(verdict.outputs[0].text, "mail me at {EMAIL}");
    /// # Ok::<(), guardrail::Error>(())
    /// ```
    pub fn check(&self, text: &str, source: Source) -> Verdict {
        check(self, &[text], source)
    }

    /// Like [`check`](Self::check) for several text blocks at once (one
    /// `ApplyGuardrail` request with several `content` entries).
    pub fn check_blocks(&self, blocks: &[&str], source: Source) -> Verdict {
        check(self, blocks, source)
    }

    /// The text with every `ANONYMIZE` finding replaced by `{TYPE}`; blocked
    /// texts are masked too (the caller decides whether to release them).
    pub fn redact<'t>(&self, text: &'t str, source: Source) -> Cow<'t, str> {
        mask(self, text, &self.scan(text, source), source)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::Policy;

    #[test]
    fn written_json_is_what_serde_json_writes() {
        let scanner = Scanner::compile(&Policy::default_policy()).unwrap();
        let texts: [&[&str]; 5] = [
            &[""],
            &["nothing to see"],
            &["mail \"jane.doe@example.com\"\n\tor\u{1}call +44 20 7946 0958 🙂"],
            &["what the fuck, SSN 600-36-2357"],
            &["a@b.example.org", "plain", "IP 10.1.2.3 and a\\b"],
        ];
        let mut shapes = std::collections::BTreeSet::new();
        for blocks in texts {
            for source in [Source::Input, Source::Output] {
                let checked = scanner.check_blocks(blocks, source);
                let reasons = [checked.action_reason.clone(), None];
                let coverages = [checked.guardrail_coverage, None];
                for (reason, coverage) in reasons.into_iter().zip(coverages) {
                    let mut verdict = checked.clone();
                    verdict.action_reason = reason;
                    verdict.guardrail_coverage = coverage;
                    let mut json = Vec::new();
                    verdict.write_json(&mut json).unwrap();
                    assert_eq!(
                        String::from_utf8(json).unwrap(),
                        serde_json::to_string(&verdict).unwrap()
                    );
                    shapes.insert((
                        verdict.outputs.len(),
                        verdict.action_reason.is_some(),
                        verdict.guardrail_coverage.is_some(),
                        verdict.findings.is_empty(),
                    ));
                }
            }
        }
        // None and one and several outputs, with and without a reason and findings.
        assert!(shapes.iter().any(|s| s.0 == 0) && shapes.iter().any(|s| s.0 == 1));
        assert!(shapes.iter().any(|s| s.0 == 3));
        assert!(shapes.iter().any(|s| s.1) && shapes.iter().any(|s| !s.1));
        assert!(shapes.iter().any(|s| s.2) && shapes.iter().any(|s| !s.2));
        assert!(shapes.iter().any(|s| s.3) && shapes.iter().any(|s| !s.3));
    }
}
