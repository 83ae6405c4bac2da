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

use memchr::memmem;

use super::finding::{Finding, Span};
use super::text::is_word_char_around;

/// Adds a finding for every further occurrence of a reported value.
pub(crate) fn propagate(text: &str, findings: &mut Vec<Finding>, unreported: &[Span]) {
    if findings.is_empty() {
        return;
    }
    let mut extra: Vec<Finding> = Vec::new();
    let free = |span: &Span, extra: &[Finding]| {
        !findings.iter().any(|g| g.span.overlaps(span))
            && !extra.iter().any(|g| g.span.overlaps(span))
    };
    if !unreported.is_empty() {
        let reported: HashMap<&str, Finding> = findings
            .iter()
            .filter(|f| f.score > 0.0)
            .map(|f| (&text[f.span.start..f.span.end], *f))
            .collect();
        for span in unreported {
            if let Some(f) = reported.get(&text[span.start..span.end]) {
                if free(span, &extra) {
                    extra.push(Finding { span: *span, ..*f });
                }
            }
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for f in findings.iter().filter(|f| f.search_elsewhere) {
        let value = &text[f.span.start..f.span.end];
        if seen.contains(&value) {
            continue;
        }
        seen.push(value);
        for start in memmem::find_iter(text.as_bytes(), value.as_bytes()) {
            let span = Span {
                start,
                end: start + value.len(),
            };
            if free(&span, &extra) && !is_word_char_around(text, span.start, span.end) {
                extra.push(Finding { span, ..*f });
            }
        }
    }
    if !extra.is_empty() {
        findings.extend(extra);
        findings.sort_by_key(|f| (f.span.start, f.span.end));
    }
}
