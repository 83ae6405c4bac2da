//! Word and phrase filter over the hits of the literal pass.
//!
//! Matching is case-insensitive (ASCII by the automaton; other scripts through
//! lower, upper and title-case variants of each entry) and whole-word: a hit
//! must not have a letter, digit or `_` right before or after it.

use super::finding::{DetectorId, Finding, Span};
use super::literals::{sort_leftmost_longest, Hit};
use super::text::is_word_char_around;

/// A word list: the literals it adds to the literal pass and who reports them.
#[derive(Debug, Clone)]
pub(crate) struct WordFilter {
    patterns: Vec<String>,
    /// Detector and priority of each pattern.
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

    pub(crate) fn build(self) -> WordFilter {
        WordFilter {
            patterns: self.patterns,
            targets: self.targets,
        }
    }
}

impl WordFilter {
    /// The literals to find, in the order of [`Hit::index`].
    pub(crate) fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// Length in bytes of the longest entry (as matched, in any case).
    pub(crate) fn longest(&self) -> usize {
        self.patterns.iter().map(String::len).max().unwrap_or(0)
    }

    /// Appends the whole-word hits among `hits` (every occurrence of every
    /// entry in `text`) to `out`: from left to right, the longest whole-word
    /// entry starting at each place. A hit that runs into a longer word is
    /// passed over, so a shorter entry at the same place (`hell` where `hell
    /// no` runs into `hell nope`) still counts.
    pub(crate) fn scan(
        &self,
        text: &str,
        hits: &mut [Hit],
        enabled: impl Fn(DetectorId) -> bool,
        out: &mut Vec<Finding>,
    ) {
        sort_leftmost_longest(hits);
        let mut at = 0;
        for h in hits.iter() {
            if h.start < at || is_word_char_around(text, h.start, h.end) {
                continue;
            }
            let (detector, priority) = self.targets[h.index as usize];
            if enabled(detector) {
                out.push(Finding {
                    span: Span {
                        start: h.start,
                        end: h.end,
                    },
                    detector,
                    score: 1.0,
                    priority,
                    search_elsewhere: false,
                });
            }
            at = h.end;
        }
    }
}
