//! Word and phrase filter: one aho-corasick automaton for every word.
//!
//! Matching is case-insensitive (ASCII by the automaton; other scripts through
//! lower, upper and title-case variants of each entry) and whole-word: a hit
//! must not have a letter, digit or `_` right before or after it.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

use super::finding::{DetectorId, Finding, Span};
use super::text::is_word_char_around;

/// Total bytes of word patterns up to which the automaton is a DFA (5,000
/// ordinary words fit; the DFA then takes a few megabytes).
const DFA_PATTERN_BYTES: usize = 64 * 1024;

/// A compiled word list.
#[derive(Debug, Clone)]
pub(crate) struct WordFilter {
    automaton: AhoCorasick,
    /// Detector and priority of each automaton pattern.
    targets: Vec<(DetectorId, i32)>,
}

/// Collects words before compiling.
#[derive(Debug, Default)]
pub(crate) struct WordFilterBuilder {
    patterns: Vec<String>,
    targets: Vec<(DetectorId, i32)>,
}

impl WordFilterBuilder {
    /// Adds a word or phrase reported as `detector`.
    pub(crate) fn add(&mut self, word: &str, detector: DetectorId, priority: i32) {
        let normal: String = word.split_whitespace().collect::<Vec<_>>().join(" ");
        if normal.is_empty() {
            return;
        }
        let mut variants = vec![normal.clone()];
        if !normal.is_ascii() {
            let lower = normal.to_lowercase();
            let upper = normal.to_uppercase();
            let mut chars = lower.chars();
            let title: String = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            for v in [lower, upper, title] {
                if !variants.contains(&v) {
                    variants.push(v);
                }
            }
        }
        for v in variants {
            self.patterns.push(v);
            self.targets.push((detector, priority));
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    pub(crate) fn build(self) -> Result<WordFilter, String> {
        // A DFA is the fastest to search but takes memory per state and byte
        // class: 10,000 words of 100 characters (Bedrock's limits) would need
        // over a gigabyte. Past a budget, the compact NFA (a few bytes a state).
        let bytes: usize = self.patterns.iter().map(String::len).sum();
        let kind = if bytes <= DFA_PATTERN_BYTES {
            AhoCorasickKind::DFA
        } else {
            AhoCorasickKind::ContiguousNFA
        };
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .kind(Some(kind))
            .build(&self.patterns)
            .map_err(|e| e.to_string())?;
        Ok(WordFilter {
            automaton,
            targets: self.targets,
        })
    }
}

impl WordFilter {
    /// Length in bytes of the longest entry (as matched, in any case).
    pub(crate) fn longest(&self) -> usize {
        self.automaton.max_pattern_len()
    }

    /// Appends every whole-word hit in `text` to `out`.
    pub(crate) fn scan(
        &self,
        text: &str,
        enabled: impl Fn(DetectorId) -> bool,
        out: &mut Vec<Finding>,
    ) {
        let mut at = 0;
        while at < text.len() {
            let Some(m) = self.automaton.find(Input::new(text).span(at..text.len())) else {
                break;
            };
            if is_word_char_around(text, m.start(), m.end()) {
                // Inside a longer word: look again one character later, since a
                // shorter entry may start there.
                at = next_char(text, m.start());
                continue;
            }
            let (detector, priority) = self.targets[m.pattern().as_usize()];
            if enabled(detector) {
                out.push(Finding {
                    span: Span {
                        start: m.start(),
                        end: m.end(),
                    },
                    detector,
                    score: 1.0,
                    priority,
                    search_elsewhere: false,
                });
            }
            at = m.end();
        }
    }
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len(), |c| at + c.len_utf8())
}
