//! Once a value is known to be PII, every other occurrence of it is too.
//!
//! Context decides many findings ("SSN 308-46-5298"), so a second copy of the
//! same value elsewhere in the text, without its context, would otherwise be
//! left unmasked and leak what the first mask hid. Two cheap sources cover
//! it: values the recognizers matched but did not report (too little
//! context, ruled out by their neighbours) are compared with the reported
//! ones, and values that only context found (after `password:`, in a CSV
//! column) are searched for in the whole text.

use std::collections::{HashMap, VecDeque};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use memchr::memmem;
use rustc_hash::FxHashMap;

use super::finding::{Finding, Span};
use super::text::is_word_char_around;

/// How many context-found values a stream searches for in each window (the
/// most recent ones): each costs a pass over every window.
pub(crate) const MAX_SEARCHED: usize = 16;

/// Values reported earlier in a stream, so that their later copies are
/// masked too: a bounded set, oldest forgotten first.
#[derive(Debug, Clone, Default)]
pub(crate) struct KnownValues {
    by_value: FxHashMap<String, Finding>,
    order: VecDeque<String>,
    /// Those only context found, searched for in every later window.
    searched: Vec<(memmem::Finder<'static>, Finding)>,
}

impl KnownValues {
    /// Remembers `value` as reported by `f`, forgetting the oldest beyond `cap`.
    pub(crate) fn insert(&mut self, value: &str, f: Finding, cap: usize) {
        if cap == 0 || self.by_value.contains_key(value) {
            return;
        }
        if self.order.len() >= cap {
            if let Some(old) = self.order.pop_front() {
                self.by_value.remove(&old);
                self.searched.retain(|(v, _)| v.needle() != old.as_bytes());
            }
        }
        self.by_value.insert(value.to_string(), f);
        self.order.push_back(value.to_string());
        if f.search_elsewhere {
            if self.searched.len() == MAX_SEARCHED {
                self.searched.remove(0);
            }
            self.searched
                .push((memmem::Finder::new(value.as_bytes()).into_owned(), f));
        }
    }
}

/// Adds a finding for every further occurrence of a reported value, in
/// `text` or among the `known` values reported before it (earlier in a stream).
///
/// `findings` must be sorted and disjoint, as overlap resolution leaves them.
pub(crate) fn propagate(
    text: &str,
    findings: &mut Vec<Finding>,
    unreported: &[Span],
    known: &KnownValues,
) {
    if findings.is_empty() && known.order.is_empty() {
        return;
    }
    let mut extra: Vec<Finding> = Vec::new();
    if !unreported.is_empty() {
        let reported: HashMap<&str, Finding> = findings
            .iter()
            .map(|f| (&text[f.span.start..f.span.end], *f))
            .collect();
        for span in unreported {
            let value = &text[span.start..span.end];
            if let Some(f) = reported.get(value).or_else(|| known.by_value.get(value)) {
                if !overlaps_any(findings, span) {
                    extra.push(Finding { span: *span, ..*f });
                }
            }
        }
    }
    // Values found here only by context, beside those remembered from before.
    let mut values: Vec<(&[u8], Finding)> = Vec::new();
    for f in findings.iter().filter(|f| f.search_elsewhere) {
        let value = &text.as_bytes()[f.span.start..f.span.end];
        let seen = |v: &[u8]| v == value;
        if !values.iter().any(|(v, _)| seen(v))
            && !known.searched.iter().any(|(k, _)| seen(k.needle()))
        {
            values.push((value, *f));
        }
    }
    let mut add = |span: Span, template: &Finding| {
        if !overlaps_any(findings, &span) && !is_word_char_around(text, span.start, span.end) {
            extra.push(Finding { span, ..*template });
        }
    };
    // One memmem pass costs about a third of an instruction per byte; an
    // automaton costs ~240 K instructions to build and ~15 a byte to run
    // (callgrind, on the bench corpora). The cheaper of the two searches.
    let count = values.len() + known.searched.len();
    let one_by_one =
        count.saturating_mul(text.len()) / 3 <= 240_000usize.saturating_add(15 * text.len());
    match count {
        0 => {}
        _ if one_by_one => {
            let mut search = |finder: &memmem::Finder<'_>, f: &Finding| {
                let len = finder.needle().len();
                for start in finder.find_iter(text.as_bytes()) {
                    let end = start + len;
                    add(Span { start, end }, f);
                }
            };
            for (finder, f) in &known.searched {
                search(finder, f);
            }
            for (value, f) in &values {
                search(&memmem::Finder::new(value), f);
            }
        }
        _ => {
            // One pass for all values. Overlapping matches: a copy of one
            // value may overlap a copy of another that is then refused (it
            // overlaps a finding), and must still be seen.
            let all: Vec<(&[u8], Finding)> = known
                .searched
                .iter()
                .map(|(k, f)| (k.needle(), *f))
                .chain(values.iter().copied())
                .collect();
            let searcher = AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .match_kind(MatchKind::Standard)
                .build(all.iter().map(|(v, _)| v));
            if let Ok(ac) = searcher {
                for m in ac.find_overlapping_iter(text) {
                    add(
                        Span {
                            start: m.start(),
                            end: m.end(),
                        },
                        &all[m.pattern().as_usize()].1,
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
