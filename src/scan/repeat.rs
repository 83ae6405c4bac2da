//! Once a value is known to be PII, every other occurrence of it is too.
//!
//! Context decides many findings ("SSN 308-46-5298"), so a second copy of the
//! same value elsewhere in the text, without its context, would otherwise be
//! left unmasked and leak what the first mask hid. Two cheap sources cover
//! it: values the recognizers matched but did not report (too little
//! context, ruled out by their neighbours) are compared with the reported
//! ones, and values that only context found (after `password:`, in a CSV
//! column) are searched for in the whole text.

use std::collections::VecDeque;

use aho_corasick::{packed, AhoCorasick, AhoCorasickKind, MatchKind};
use memchr::memmem;
use rustc_hash::FxHashMap;

use super::finding::{Finding, Span};
use super::text::is_word_char_around;

/// How many context-found values a stream searches for in each window (the
/// most recent ones): each costs a pass over every window.
pub(crate) const MAX_SEARCHED: usize = 16;

/// Shortest value (in bytes) found by its context whose bare copies elsewhere
/// in the text are masked too. A shorter one (an age of `1 yo`, a
/// three-digit CVV) says too little to be the same thing elsewhere, and
/// would mask every `1` in the text.
pub const MIN_SEARCHED_LEN: usize = 4;

/// Whether the bare copies of a context-found value at `span` are worth
/// searching for: only a value long enough to be distinctive.
pub(crate) fn worth_searching(span: Span) -> bool {
    span.len() >= MIN_SEARCHED_LEN
}

/// Values reported earlier in a stream, so that their later copies are
/// masked too: a bounded set, oldest forgotten first.
#[derive(Debug, Clone, Default)]
pub(crate) struct KnownValues {
    by_value: FxHashMap<String, Finding>,
    order: VecDeque<String>,
    /// Those only context found, searched for in every later window.
    searched: Vec<(String, Finding)>,
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
                self.searched.retain(|(v, _)| *v != old);
            }
        }
        self.by_value.insert(value.to_string(), f);
        self.order.push_back(value.to_string());
        if f.search_elsewhere {
            if self.searched.len() == MAX_SEARCHED {
                self.searched.remove(0);
            }
            self.searched.push((value.to_string(), f));
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
        let reported: FxHashMap<&str, Finding> = findings
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
            && !known.searched.iter().any(|(k, _)| seen(k.as_bytes()))
        {
            values.push((value, *f));
        }
    }
    let all: Vec<(&[u8], Finding)> = known
        .searched
        .iter()
        .map(|(k, f)| (k.as_bytes(), *f))
        .chain(values.iter().copied())
        .collect();
    let accepted = |span: &Span| {
        !overlaps_any(findings, span) && !is_word_char_around(text, span.start, span.end)
    };
    match Search::cheapest(all.len(), text.len()) {
        Search::None => {}
        Search::OneByOne => {
            for (value, f) in &all {
                for start in memmem::find_iter(text.as_bytes(), value) {
                    let span = Span {
                        start,
                        end: start + value.len(),
                    };
                    if accepted(&span) {
                        extra.push(Finding { span, ..*f });
                    }
                }
            }
        }
        Search::Packed => match packed_searcher(all.iter().map(|(v, _)| v)) {
            Some(s) => search_packed(&s, text, &all, &accepted, &mut extra),
            None => search_automaton(text, &all, &accepted, &mut extra),
        },
        Search::Automaton => search_automaton(text, &all, &accepted, &mut extra),
    }
    if extra.is_empty() {
        return;
    }
    keep_first_of_clusters(&mut extra);
    findings.extend(extra);
    findings.sort_by_key(|f| (f.span.start, f.span.end));
}

/// The additions may overlap each other; keeps the first (then longest) of each cluster.
fn keep_first_of_clusters(extra: &mut Vec<Finding>) {
    extra.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let mut last_end = 0;
    extra.retain(|f| {
        let keep = f.span.start >= last_end;
        if keep {
            last_end = f.span.end;
        }
        keep
    });
}

/// How the copies of the searched values are looked for.
#[derive(Debug, PartialEq, Eq)]
enum Search {
    None,
    /// One memmem pass per value.
    OneByOne,
    /// One pass of a packed (SIMD) searcher over every value.
    Packed,
    /// One pass of an aho-corasick automaton over every value.
    Automaton,
}

impl Search {
    /// The cheapest search for `values` values in `len` bytes, by costs
    /// measured with callgrind on the bench corpora: a memmem pass about
    /// half an instruction a byte; the packed searcher (at most 64 values)
    /// about 3 K instructions a value to build and 1-2.5 a byte to run; an
    /// automaton ~240 K to build and ~15 a byte.
    fn cheapest(values: usize, len: usize) -> Search {
        if values == 0 {
            return Search::None;
        }
        let one_by_one = values.saturating_mul(len) / 2;
        let packed = 3_000usize
            .saturating_mul(values)
            .saturating_add(len.saturating_mul(5) / 2);
        let automaton = 240_000usize.saturating_add(len.saturating_mul(15));
        if one_by_one <= packed.min(automaton) {
            Search::OneByOne
        } else if values <= MAX_PACKED && packed <= automaton {
            Search::Packed
        } else {
            Search::Automaton
        }
    }
}

/// Most values the packed searcher takes.
const MAX_PACKED: usize = 64;

/// The packed (SIMD) searcher of `values`, leftmost-longest; `None` where
/// the machine has no SIMD support for it.
fn packed_searcher<P: AsRef<[u8]>>(
    values: impl IntoIterator<Item = P>,
) -> Option<packed::Searcher> {
    packed::Config::new()
        .match_kind(packed::MatchKind::LeftmostLongest)
        .builder()
        .extend(values)
        .build()
}

/// Every accepted copy, as an overlapping search would find them and the
/// final pick keep them: leftmost-longest, and where the longest copy at a
/// place is refused, the longest shorter one accepted there, else the next place.
fn search_packed(
    searcher: &packed::Searcher,
    text: &str,
    all: &[(&[u8], Finding)],
    accepted: &dyn Fn(&Span) -> bool,
    extra: &mut Vec<Finding>,
) {
    let mut by_length: Vec<&(&[u8], Finding)> = all.iter().collect();
    by_length.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(m) = searcher.find_in(bytes, aho_corasick::Span::from(at..bytes.len())) {
        let here = std::iter::once(&all[m.pattern().as_usize()]).chain(
            by_length
                .iter()
                .copied()
                .filter(|(v, _)| v.len() < m.len() && bytes[m.start()..].starts_with(v)),
        );
        let mut kept = None;
        for (value, f) in here {
            let span = Span {
                start: m.start(),
                end: m.start() + value.len(),
            };
            if accepted(&span) {
                kept = Some(Finding { span, ..*f });
                break;
            }
        }
        match kept {
            Some(f) => {
                at = f.span.end;
                extra.push(f);
            }
            None => at = m.start() + 1,
        }
    }
}

/// Every accepted copy by one automaton. Overlapping matches: a copy of one
/// value may overlap a copy of another that is then refused (it overlaps a
/// finding), and must still be seen.
fn search_automaton(
    text: &str,
    all: &[(&[u8], Finding)],
    accepted: &dyn Fn(&Span) -> bool,
    extra: &mut Vec<Finding>,
) {
    let searcher = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .match_kind(MatchKind::Standard)
        .build(all.iter().map(|(v, _)| v));
    if let Ok(ac) = searcher {
        for m in ac.find_overlapping_iter(text) {
            let span = Span {
                start: m.start(),
                end: m.end(),
            };
            if accepted(&span) {
                extra.push(Finding {
                    span,
                    ..all[m.pattern().as_usize()].1
                });
            }
        }
    }
}

/// Whether `span` overlaps one of the sorted, disjoint `findings`.
fn overlaps_any(findings: &[Finding], span: &Span) -> bool {
    let i = findings.partition_point(|f| f.span.end <= span.start);
    findings.get(i).is_some_and(|f| f.span.start < span.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::finding::DetectorId;

    fn finding(start: usize, end: usize, detector: u32) -> Finding {
        Finding {
            span: Span { start, end },
            detector: DetectorId(detector),
            score: 1.0,
            priority: 0,
            search_elsewhere: true,
        }
    }

    /// Copies found by the packed searcher and by the overlapping automaton,
    /// after the final pick.
    fn both(text: &str, findings: &[Finding], values: &[&str]) -> (Vec<Span>, Vec<Span>) {
        let all: Vec<(&[u8], Finding)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (v.as_bytes(), finding(0, 0, i as u32)))
            .collect();
        let accepted = |span: &Span| {
            !overlaps_any(findings, span) && !is_word_char_around(text, span.start, span.end)
        };
        let searcher = packed_searcher(values).expect("SIMD packed searcher on this machine");
        let run = |packed: bool| {
            let mut extra = Vec::new();
            if packed {
                search_packed(&searcher, text, &all, &accepted, &mut extra);
            } else {
                search_automaton(text, &all, &accepted, &mut extra);
            }
            keep_first_of_clusters(&mut extra);
            extra.iter().map(|f| f.span).collect::<Vec<_>>()
        };
        (run(true), run(false))
    }

    #[test]
    fn the_packed_search_keeps_what_the_overlapping_search_keeps() {
        // (text, findings already there, values searched)
        type Case<'a> = (&'a str, &'a [(usize, usize)], &'a [&'a str]);
        let cases: &[Case] = &[
            // The longest copy is glued to a word; the shorter one is not.
            (
                "Ann Lee Annex, Ann Lee, Ann Leeds",
                &[(0, 7)],
                &["Ann Lee", "Ann"],
            ),
            // The longest copy overlaps a finding; a later one starts inside it.
            (
                "x Mary Ann Smith y Ann Smith",
                &[(2, 6)],
                &["Mary Ann", "Ann Smith"],
            ),
            // Copies of two values overlapping each other.
            ("ab abc bc abc", &[], &["abc", "bc", "ab"]),
            // Nothing to add.
            ("no copies here", &[], &["Zed"]),
        ];
        for (text, found, values) in cases {
            let findings: Vec<Finding> = found.iter().map(|&(s, e)| finding(s, e, 99)).collect();
            let (packed, automaton) = both(text, &findings, values);
            assert_eq!(packed, automaton, "{text:?}");
        }
        let (packed, _) = both(
            "Ann Lee Annex, Ann Lee, Ann Leeds",
            &[finding(0, 7, 99)],
            &["Ann Lee", "Ann"],
        );
        let spans: Vec<(usize, usize)> = packed.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(spans, vec![(15, 22), (24, 27)]);
    }

    #[test]
    fn the_cheapest_search_follows_text_length_and_value_count() {
        assert_eq!(Search::cheapest(0, 1 << 16), Search::None);
        assert_eq!(Search::cheapest(3, 2_000), Search::OneByOne);
        assert_eq!(Search::cheapest(30, 1 << 16), Search::Packed);
        assert_eq!(Search::cheapest(200, 1 << 20), Search::Automaton);
    }
}
