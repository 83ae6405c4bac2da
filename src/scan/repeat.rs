//! Once a value is known to be PII, every other occurrence of it is too.
//!
//! Context decides many findings ("SSN 308-46-5298"), so a second copy of the
//! same value elsewhere in the text, without its context, would otherwise be
//! left unmasked and leak what the first mask hid.

use aho_corasick::AhoCorasick;

use super::finding::{Finding, Span};
use super::text::is_word_char_around;

/// Adds a finding for every further whole-word occurrence of a found value.
pub(crate) fn propagate(text: &str, findings: &mut Vec<Finding>) {
    if findings.is_empty() {
        return;
    }
    let mut values: Vec<(&str, Finding)> = Vec::new();
    for f in findings.iter() {
        let v = &text[f.span.start..f.span.end];
        if !values.iter().any(|(seen, _)| *seen == v) {
            values.push((v, *f));
        }
    }
    let Ok(ac) = AhoCorasick::new(values.iter().map(|(v, _)| v)) else {
        return;
    };
    let mut extra = Vec::new();
    let mut next = 0;
    for m in ac.find_iter(text) {
        let span = Span {
            start: m.start(),
            end: m.end(),
        };
        // Findings are sorted and disjoint: skip those wholly before this hit.
        while next < findings.len() && findings[next].span.end <= span.start {
            next += 1;
        }
        let covered = findings.get(next).is_some_and(|f| f.span.overlaps(&span));
        if covered || is_word_char_around(text, span.start, span.end) {
            continue;
        }
        let (_, template) = values[m.pattern().as_usize()];
        extra.push(Finding { span, ..template });
    }
    if !extra.is_empty() {
        findings.extend(extra);
        findings.sort_by_key(|f| (f.span.start, f.span.end));
    }
}
