//! Structural checks of a policy against Bedrock's own limits.
//!
//! Every problem is collected, so one run of `guardrail policy check` lists them all.

use std::collections::HashSet;

use super::spec::{BedrockJudgeSpec, ConfigAction, PolicySpec};
use crate::error::Problem;

/// Bedrock's limits (CreateGuardrail model).
const MAX_NAME: usize = 50;
const MAX_DESCRIPTION: usize = 200;
const MAX_MESSAGING: usize = 500;
const MAX_WORDS: usize = 10_000;
const MAX_WORD_LEN: usize = 100;
const MAX_REGEXES: usize = 30;
const MAX_REGEX_NAME: usize = 100;
const MAX_REGEX_PATTERN: usize = 500;
const MAX_REGEX_DESCRIPTION: usize = 1000;
const MAX_TOPICS: usize = 30;
const MAX_TOPIC_NAME: usize = 100;
const MAX_TOPIC_DEFINITION: usize = 200;
const MAX_TOPIC_EXAMPLES: usize = 5;
const MAX_TOPIC_EXAMPLE: usize = 100;
const CONTENT_TYPES: &[&str] = &[
    "SEXUAL",
    "VIOLENCE",
    "HATE",
    "INSULTS",
    "MISCONDUCT",
    "PROMPT_ATTACK",
];
const MAX_GUARDRAIL_ID: usize = 2048;
/// A remote judge slower than this is down, not slow.
const MAX_TIMEOUT_MS: u64 = 60_000;
/// Largest circuit-breaker threshold in a `[bedrock]` section.
const MAX_CIRCUIT_FAILURES: u32 = 1_000_000;
/// Longest circuit-breaker cool-down in a `[bedrock]` section (one hour).
const MAX_COOL_DOWN_MS: u64 = 3_600_000;
const STRENGTHS: &[&str] = &["NONE", "LOW", "MEDIUM", "HIGH"];

/// Returns every problem found in `spec`; empty means valid.
pub(crate) fn problems(spec: &PolicySpec) -> Vec<Problem> {
    let mut out = Problems::default();

    let name_ok = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    out.length("name", &spec.name, MAX_NAME);
    if !spec.name.chars().all(name_ok) {
        out.push("name", "may only hold letters, digits, '-' and '_'");
    }
    if let Some(d) = &spec.description {
        out.length("description", d, MAX_DESCRIPTION);
    }
    out.length(
        "blocked_input_messaging",
        &spec.blocked_input_messaging,
        MAX_MESSAGING,
    );
    out.length(
        "blocked_outputs_messaging",
        &spec.blocked_outputs_messaging,
        MAX_MESSAGING,
    );

    // Words.
    if spec.words.custom.len() > MAX_WORDS {
        out.push(
            "words.custom",
            format!(
                "{} words, Bedrock allows at most {MAX_WORDS}",
                spec.words.custom.len()
            ),
        );
    }
    let mut seen = HashSet::new();
    for (i, w) in spec.words.custom.iter().enumerate() {
        let rule = format!("words.custom[{i}] {:?}", w.text);
        if w.text.trim().is_empty() {
            out.push(&rule, "is empty");
        } else if w.text.chars().count() > MAX_WORD_LEN {
            out.push(&rule, format!("longer than {MAX_WORD_LEN} characters"));
        }
        if !seen.insert(w.text.trim().to_lowercase()) {
            out.push(&rule, "duplicate word (words match case-insensitively)");
        }
        for a in [w.input_action, w.output_action].into_iter().flatten() {
            if a == ConfigAction::Anonymize {
                out.push(&rule, "words can only BLOCK or NONE, not ANONYMIZE");
            }
        }
    }
    let mut seen = HashSet::new();
    for (i, m) in spec.words.managed.iter().enumerate() {
        if !seen.insert(m.kind) {
            out.push(
                &format!("words.managed[{i}]"),
                "duplicate managed word list",
            );
        }
    }

    // PII.
    if let Some(s) = spec.pii.min_score {
        if !(0.0..=1.0).contains(&s) {
            out.push("pii.min_score", format!("{s} is outside 0..=1"));
        }
    }
    let mut seen = HashSet::new();
    for (i, e) in spec.pii.entities.iter().enumerate() {
        if !seen.insert(e.kind) {
            out.push(
                &format!("pii.entities[{i}] {}", e.kind),
                "duplicate PII entity type",
            );
        }
    }
    if spec.pii.regexes.len() > MAX_REGEXES {
        out.push(
            "pii.regexes",
            format!(
                "{} regexes, Bedrock allows at most {MAX_REGEXES}",
                spec.pii.regexes.len()
            ),
        );
    }
    let mut seen = HashSet::new();
    for (i, r) in spec.pii.regexes.iter().enumerate() {
        let rule = format!("pii.regexes[{i}] {:?}", r.name);
        out.length(&format!("{rule} name"), &r.name, MAX_REGEX_NAME);
        out.length(&format!("{rule} pattern"), &r.pattern, MAX_REGEX_PATTERN);
        if let Some(d) = &r.description {
            out.length(&format!("{rule} description"), d, MAX_REGEX_DESCRIPTION);
        }
        if !seen.insert(r.name.as_str()) {
            out.push(&rule, "duplicate regex name");
        }
        if let Err(e) = crate::scan::custom::compile(&r.pattern) {
            out.push(&rule, format!("bad regex: {e}"));
        }
    }

    // Topics and content filters (judged remotely, but checked here).
    if spec.topics.len() > MAX_TOPICS {
        out.push(
            "topics",
            format!(
                "{} topics, Bedrock allows at most {MAX_TOPICS}",
                spec.topics.len()
            ),
        );
    }
    let topic_ok = |c: char| c.is_ascii_alphanumeric() || "-_ !?.".contains(c);
    let mut seen = HashSet::new();
    for (i, t) in spec.topics.iter().enumerate() {
        let rule = format!("topics[{i}] {:?}", t.name);
        out.length(&format!("{rule} name"), &t.name, MAX_TOPIC_NAME);
        if !t.name.chars().all(topic_ok) {
            out.push(&rule, "name may only hold letters, digits and -_ !?.");
        }
        out.length(
            &format!("{rule} definition"),
            &t.definition,
            MAX_TOPIC_DEFINITION,
        );
        if t.examples.len() > MAX_TOPIC_EXAMPLES {
            out.push(&rule, format!("more than {MAX_TOPIC_EXAMPLES} examples"));
        }
        for ex in &t.examples {
            out.length(&format!("{rule} example"), ex, MAX_TOPIC_EXAMPLE);
        }
        if t.kind != "DENY" {
            out.push(&rule, format!("type {:?} is not DENY", t.kind));
        }
        if !seen.insert(t.name.as_str()) {
            out.push(&rule, "duplicate topic name");
        }
        for a in [t.input_action, t.output_action].into_iter().flatten() {
            if a == ConfigAction::Anonymize {
                out.push(&rule, "topics can only BLOCK or NONE, not ANONYMIZE");
            }
        }
    }
    let mut seen = HashSet::new();
    for (i, c) in spec.content_filters.iter().enumerate() {
        let rule = format!("content_filters[{i}] {:?}", c.kind);
        if !CONTENT_TYPES.contains(&c.kind.as_str()) {
            out.push(
                &rule,
                format!("unknown type, expected one of {}", CONTENT_TYPES.join(", ")),
            );
        }
        for s in [&c.input_strength, &c.output_strength] {
            if !STRENGTHS.contains(&s.as_str()) {
                out.push(
                    &rule,
                    format!("strength {s:?} is not one of NONE, LOW, MEDIUM, HIGH"),
                );
            }
        }
        if c.kind == "PROMPT_ATTACK" && c.output_strength != "NONE" {
            out.push(
                &rule,
                "PROMPT_ATTACK applies to prompts only: output_strength must be NONE",
            );
        }
        if !seen.insert(c.kind.as_str()) {
            out.push(&rule, "duplicate content filter type");
        }
        for a in [c.input_action, c.output_action].into_iter().flatten() {
            if a == ConfigAction::Anonymize {
                out.push(
                    &rule,
                    "content filters can only BLOCK or NONE, not ANONYMIZE",
                );
            }
        }
    }
    if let Some(b) = &spec.bedrock {
        bedrock_judge(&mut out, b);
    }
    out.0
}

/// The `[bedrock]` section, by ApplyGuardrail's own patterns.
fn bedrock_judge(out: &mut Problems, b: &BedrockJudgeSpec) {
    let lower_alnum = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    let id = &b.guardrail_identifier;
    if !(lower_alnum(id) || is_guardrail_arn(id)) || id.len() > MAX_GUARDRAIL_ID {
        out.push(
            "bedrock.guardrail_identifier",
            "must be a guardrail id (lower-case letters and digits) or a guardrail ARN",
        );
    }
    let v = &b.guardrail_version;
    let number = !v.is_empty()
        && v.len() <= 8
        && !v.starts_with('0')
        && v.bytes().all(|c| c.is_ascii_digit());
    if v != "DRAFT" && !number {
        out.push(
            "bedrock.guardrail_version",
            "must be DRAFT or a version number",
        );
    }
    if let Some(r) = &b.region {
        if r.is_empty()
            || r.len() > 20
            || !r
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        {
            out.push("bedrock.region", "must be a region name such as us-east-1");
        }
    }
    if let Some(u) = &b.endpoint_url {
        let host = u
            .strip_prefix("https://")
            .or_else(|| u.strip_prefix("http://"));
        if host.is_none_or(|h| h.is_empty() || h.starts_with('/')) {
            out.push("bedrock.endpoint_url", "must be an http:// or https:// URL");
        }
    }
    if let Some(t) = b.timeout_ms {
        if !(1..=MAX_TIMEOUT_MS).contains(&t) {
            out.push(
                "bedrock.timeout_ms",
                format!("{t} is outside 1..={MAX_TIMEOUT_MS}"),
            );
        }
    }
    if let Some(n) = b.circuit_failures {
        if !(1..=MAX_CIRCUIT_FAILURES).contains(&n) {
            out.push(
                "bedrock.circuit_failures",
                format!("{n} is outside 1..={MAX_CIRCUIT_FAILURES}"),
            );
        }
    }
    if let Some(ms) = b.circuit_cool_down_ms {
        if ms > MAX_COOL_DOWN_MS {
            out.push(
                "bedrock.circuit_cool_down_ms",
                format!("{ms} is outside 0..={MAX_COOL_DOWN_MS}"),
            );
        }
    }
}

/// `arn:aws(-partition)?:bedrock:REGION:ACCOUNT:guardrail/ID`.
fn is_guardrail_arn(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    let [arn, partition, service, region, account, resource] = parts[..] else {
        return false;
    };
    let id = resource.strip_prefix("guardrail/").unwrap_or("");
    arn == "arn"
        && (partition == "aws"
            || partition
                .strip_prefix("aws-")
                .is_some_and(|p| !p.is_empty()))
        && service == "bedrock"
        && (1..=20).contains(&region.len())
        && region
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && account.len() == 12
        && account.bytes().all(|c| c.is_ascii_digit())
        && !id.is_empty()
        && id
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn push(&mut self, rule: &str, reason: impl Into<String>) {
        self.0.push(Problem {
            rule: rule.to_string(),
            reason: reason.into(),
        });
    }

    /// Bedrock's length rules: 1..=max characters.
    fn length(&mut self, rule: &str, value: &str, max: usize) {
        let n = value.chars().count();
        if n == 0 {
            self.push(rule, "is empty");
        } else if n > max {
            self.push(rule, format!("is {n} characters, at most {max} allowed"));
        }
    }
}
