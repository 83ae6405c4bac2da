//! Once a value is known to be PII, every other occurrence of it is too.
//!
//! Context decides many findings ("SSN 308-46-5298"), so a second copy of the
//! same value elsewhere in the text, without its context, would otherwise be
//! left unmasked and leak what the first mask hid. Two cheap sources cover
//! it: values the recognizers matched but did not report (too little
//! context, ruled out by their neighbours) are compared with the reported
//! ones, and values that only context found (after `password:`, in a CSV
//! column) are searched for in the whole text.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use memchr::memmem;

use super::finding::{Finding, Span};
use super::text::is_word_char_around;

/// Adds a finding for every further occurrence of a reported value.
///
/// `findings` must be sorted and disjoint, as overlap resolution leaves them.
pub(crate) fn propagate(text: &str, findings: &mut Vec<Finding>, unreported: &[Span]) {
    if findings.is_empty() {
        return;
    }
    let mut extra: Vec<Finding> = Vec::new();
    if !unreported.is_empty() {
        let reported: HashMap<&str, Finding> = findings
            .iter()
            .map(|f| (&text[f.span.start..f.span.end], *f))
            .collect();
        for span in unreported {
            if let Some(f) = reported.get(&text[span.start..span.end]) {
                if !overlaps_any(findings, span) {
                    extra.push(Finding { span: *span, ..*f });
                }
            }
        }
    }
    let mut values: Vec<(&str, Finding)> = Vec::new();
    for f in findings.iter().filter(|f| f.search_elsewhere) {
        let value = &text[f.span.start..f.span.end];
        if !values.iter().any(|(v, _)| *v == value) {
            values.push((value, *f));
        }
    }
    let mut add = |span: Span, template: &Finding| {
        if !overlaps_any(findings, &span) && !is_word_char_around(text, span.start, span.end) {
            extra.push(Finding { span, ..*template });
        }
    };
    match values.as_slice() {
        [] => {}
        [(value, f)] => {
            for start in memmem::find_iter(text.as_bytes(), value.as_bytes()) {
                add(
                    Span {
                        start,
                        end: start + value.len(),
                    },
                    f,
                );
            }
        }
        _ => {
            // One pass for all values. Overlapping matches: a copy of one
            // value may overlap a copy of another that is then refused (it
            // overlaps a finding), and must still be seen.
            let searcher = AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .match_kind(MatchKind::Standard)
                .build(values.iter().map(|(v, _)| v));
            if let Ok(ac) = searcher {
                for m in ac.find_overlapping_iter(text) {
                    add(
                        Span {
                            start: m.start(),
                            end: m.end(),
                        },
                        &values[m.pattern().as_usize()].1,
                    );
                }
            }
        }
    }
    if extra.is_empty() {
        return;
    }
    // The additions may overlap each other; keep the first of each cluster.
    extra.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let mut last_end = 0;
    extra.retain(|f| {
        let keep = f.span.start >= last_end;
        if keep {
            last_end = f.span.end;
        }
        keep
    });
    findings.extend(extra);
    findings.sort_by_key(|f| (f.span.start, f.span.end));
}

/// Whether `span` overlaps one of the sorted, disjoint `findings`.
fn overlaps_any(findings: &[Finding], span: &Span) -> bool {
    let i = findings.partition_point(|f| f.span.end <= span.start);
    findings.get(i).is_some_and(|f| f.span.start < span.end)
}
