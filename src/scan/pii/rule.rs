//! The recognizer rule files (`rules/pii/*.toml`): their schema and the shipped set.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::entity::PiiType;

/// The shipped rule files, embedded at build time.
pub(crate) const SHIPPED: &[(&str, &str)] = &[
    (
        "rules/pii/contact.toml",
        include_str!("../../../rules/pii/contact.toml"),
    ),
    (
        "rules/pii/finance.toml",
        include_str!("../../../rules/pii/finance.toml"),
    ),
    (
        "rules/pii/government.toml",
        include_str!("../../../rules/pii/government.toml"),
    ),
    (
        "rules/pii/secrets.toml",
        include_str!("../../../rules/pii/secrets.toml"),
    ),
    (
        "rules/pii/person.toml",
        include_str!("../../../rules/pii/person.toml"),
    ),
];

/// One rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleFile {
    /// Named pieces of patterns, written `{frag:NAME}` in this file's
    /// patterns and cells (and in other fragments).
    #[serde(default)]
    fragments: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) recognizer: Vec<RuleSpec>,
}

/// One recognizer, as written in a rule file. See `rules/README.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleSpec {
    /// Stable dotted id, e.g. `pii.us_ssn`.
    pub(crate) id: String,
    /// The Bedrock type it reports.
    #[serde(rename = "type")]
    pub(crate) kind: PiiType,
    /// What it is, for people reading the rule file.
    #[serde(default)]
    #[allow(dead_code)]
    pub(crate) description: String,
    /// The confirming regex (ASCII classes; a `value` group narrows the span).
    pub(crate) pattern: String,
    /// Literals (ASCII case-insensitive) near which the pattern is tried.
    #[serde(default)]
    pub(crate) triggers: Vec<String>,
    /// Triggers count only as whole words: "yo" in "you" is none.
    #[serde(default)]
    pub(crate) whole_word_triggers: bool,
    /// A trigger right after a letter, digit or `_` is none: the `@` of
    /// an @mention, not of an e-mail address.
    #[serde(default)]
    pub(crate) trigger_starts_word: bool,
    /// The pattern is tried around a trigger only where it is at least the
    /// this-many-th hit of the rule's triggers within `after` bytes (the
    /// eight-group IPv6 form has seven `:` and a hex digit, a time two).
    #[serde(default = "one")]
    pub(crate) min_triggers: usize,
    /// Try the pattern around runs of at least this many digits.
    #[serde(default)]
    pub(crate) digits: Option<usize>,
    /// Try the pattern around capitalised words found in these lexicons (`rules/lexicon/NAME.txt`).
    #[serde(default)]
    pub(crate) lexicons: Vec<String>,
    /// Whether a lexicon word in capitals (`WEST`: every letter after the
    /// first upper-case) counts; off for a rule whose validator rejects
    /// every match holding such a word.
    #[serde(default = "yes")]
    pub(crate) lexicon_capitals: bool,
    /// Characters one of which must follow a lexicon word (after spaces)
    /// for it to open a window: `,` after the surname of `Surname, Given`.
    #[serde(default)]
    pub(crate) lexicon_followed_by: String,
    /// A set the word after that character (and spaces) must be in for the
    /// lexicon word to open a window: `first_names` after `Surname,`.
    #[serde(default)]
    pub(crate) lexicon_then: Option<String>,
    /// Characters one of which must follow a trigger (after spaces) for it
    /// to open a window: the `:` or `=` after a field's key.
    #[serde(default)]
    pub(crate) trigger_followed_by: String,
    /// Bytes before a trigger where a match may start.
    #[serde(default = "default_window")]
    pub(crate) before: usize,
    /// Bytes after a trigger where a match may end.
    #[serde(default = "default_window")]
    pub(crate) after: usize,
    /// Name of a validator in `scan::pii::validate`.
    #[serde(default)]
    pub(crate) validator: Option<String>,
    /// Words that make the value more likely when they stand near it.
    #[serde(default)]
    pub(crate) context: Vec<String>,
    /// Words that rule the value out when they stand near it.
    #[serde(default)]
    pub(crate) negative_context: Vec<String>,
    /// How far before the value context words are looked for, in bytes.
    #[serde(default = "default_context_window")]
    pub(crate) context_window: usize,
    /// Confidence without context.
    pub(crate) score: f32,
    /// Confidence with context (defaults to `score`).
    #[serde(default)]
    pub(crate) context_score: Option<f32>,
    /// Reject values glued to more digits by one separator (slices of longer numbers).
    #[serde(default)]
    pub(crate) isolated: bool,
    /// After a match fails, try shorter matches from its start and matches
    /// starting inside it (for runs of digit groups whose alignment is unknown).
    #[serde(default)]
    pub(crate) realign: bool,
    /// Every match starts at one of this rule's triggers: the pattern is
    /// tried anchored at each trigger instead of searched through the windows.
    #[serde(default)]
    pub(crate) anchored: bool,
    /// Characters that must not follow the value (after spaces): `=` rules out keys of `key=value`.
    #[serde(default)]
    pub(crate) not_followed_by: String,
    /// Drop values that begin inside a URL's `user:password@` (an e-mail's
    /// shape there is a password and the host).
    #[serde(default)]
    pub(crate) not_in_url_login: bool,
    /// CSV headers (compared lower-case, letters and digits only) whose cells this rule claims.
    #[serde(default)]
    pub(crate) columns: Vec<String>,
    /// The shape a claimed CSV cell must have, as a whole (defaults to no column matching).
    #[serde(default)]
    pub(crate) cell: Option<String>,
    /// Rank among equally long overlapping findings of equal confidence.
    #[serde(default)]
    pub(crate) priority: i32,
    /// Texts in which this recognizer must report something.
    #[serde(default)]
    pub(crate) examples: Vec<String>,
    /// Texts in which this recognizer must report nothing.
    #[serde(default)]
    pub(crate) negatives: Vec<String>,
}

fn one() -> usize {
    1
}

fn yes() -> bool {
    true
}

fn default_window() -> usize {
    64
}

fn default_context_window() -> usize {
    48
}

/// The shipped rules, parsed once per process (parsing them is a large
/// part of compiling a policy); a unit test checks that they parse.
pub(crate) fn shipped() -> Result<&'static [RuleSpec], crate::Error> {
    static SHIPPED_SPECS: OnceLock<Result<Vec<RuleSpec>, String>> = OnceLock::new();
    let parsed = SHIPPED_SPECS.get_or_init(|| {
        let mut rules = Vec::new();
        for (origin, text) in SHIPPED {
            rules.extend(parse(origin, text).map_err(|e| e.to_string())?);
        }
        Ok(rules)
    });
    parsed
        .as_deref()
        .map_err(|e| crate::Error::parse("<shipped rules>", e.clone()))
}

/// Parses one rule file, with its fragments written out in its rules.
pub(crate) fn parse(origin: &str, text: &str) -> Result<Vec<RuleSpec>, crate::Error> {
    let file = toml::from_str::<RuleFile>(text)
        .map_err(|e| crate::Error::parse(origin, e.to_string().trim_end().replace('\n', "\n  ")))?;
    let mut rules = file.recognizer;
    for rule in &mut rules {
        let fail = |field: &str, e: String| {
            crate::Error::parse(origin, format!("{}: {field}: {e}", rule.id))
        };
        rule.pattern =
            expand_fragments(&rule.pattern, &file.fragments, 0).map_err(|e| fail("pattern", e))?;
        if let Some(cell) = &rule.cell {
            rule.cell =
                Some(expand_fragments(cell, &file.fragments, 0).map_err(|e| fail("cell", e))?);
        }
    }
    Ok(rules)
}

/// How deep fragments may use fragments: deeper is a cycle.
const MAX_FRAGMENT_DEPTH: usize = 8;

/// `pattern` with each `{frag:NAME}` replaced by the fragment, as a group.
fn expand_fragments(
    pattern: &str,
    fragments: &BTreeMap<String, String>,
    depth: usize,
) -> Result<String, String> {
    if depth > MAX_FRAGMENT_DEPTH {
        return Err(format!(
            "fragments nest more than {MAX_FRAGMENT_DEPTH} deep (a cycle?)"
        ));
    }
    substitute(pattern, "{frag:", |name| {
        let fragment = fragments
            .get(name)
            .ok_or_else(|| format!("unknown fragment {name:?}"))?;
        Ok(format!(
            "(?:{})",
            expand_fragments(fragment, fragments, depth + 1)?
        ))
    })
}

/// `pattern` with each `{marker}NAME}` (`marker` being `{frag:` or
/// `{lex:`) replaced by what `value` makes of `NAME`.
pub(super) fn substitute(
    pattern: &str,
    marker: &str,
    mut value: impl FnMut(&str) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(at) = rest.find(marker) {
        out.push_str(&rest[..at]);
        let tail = &rest[at + marker.len()..];
        let end = tail.find('}').ok_or_else(|| format!("unclosed {marker}"))?;
        out.push_str(&value(&tail[..end])?);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn rule_file(fragments: &str, pattern: &str) -> String {
        format!(
            "[fragments]\n{fragments}\n[[recognizer]]\nid = \"t.one\"\ntype = \"NAME\"\n\
             pattern = '''{pattern}'''\ntriggers = [\"x\"]\nscore = 0.5\n"
        )
    }

    #[test]
    fn fragments_are_written_out_as_groups_and_may_use_each_other() {
        let text = rule_file("a = '''x|y'''\nb = '''{frag:a}z'''", "^{frag:b}+$");
        let rules = parse("t.toml", &text).unwrap();
        assert_eq!(rules[0].pattern, "^(?:(?:x|y)z)+$");
    }

    #[test]
    fn a_bad_fragment_is_an_error_naming_the_rule_and_the_field() {
        let unknown = parse("t.toml", &rule_file("a = 'x'", "{frag:b}")).unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "t.toml: t.one: pattern: unknown fragment \"b\""
        );
        let cycle = parse(
            "t.toml",
            &rule_file("a = '{frag:b}'\nb = '{frag:a}'", "{frag:a}"),
        );
        assert_eq!(
            cycle.unwrap_err().to_string(),
            "t.toml: t.one: pattern: fragments nest more than 8 deep (a cycle?)"
        );
        let unclosed = parse("t.toml", &rule_file("a = 'x'", "{frag:a")).unwrap_err();
        assert_eq!(
            unclosed.to_string(),
            "t.toml: t.one: pattern: unclosed {frag:"
        );
    }
}
