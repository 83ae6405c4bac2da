//! The patterns of every digit-triggered recognizer as one lazy DFA, which
//! says where each of them has matches around a group of digit runs: a
//! recognizer searches the window around a run only where its pattern has a
//! match.
//!
//! Only digit-triggered patterns are in it: each run opens windows for a
//! dozen recognizers, most of which match nothing there. Adding the
//! keyword-triggered patterns made the DFA large enough to cost more than it
//! saved (chat 99 -> 117, logs 255 -> 303 instructions/byte).

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind};

use crate::scan::custom::{DFA_CACHE_LIMIT, NEST_LIMIT};
use crate::scan::finding::Span;

type CachePool = Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync>>;

/// Compiled patterns and one lazy-DFA cache per searching thread.
pub(crate) struct DigitSet {
    dfa: DFA,
    caches: CachePool,
    /// Longest match of each pattern in bytes (`None` when unbounded).
    max_len: Vec<Option<usize>>,
}

impl std::fmt::Debug for DigitSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DigitSet")
            .field("patterns", &self.max_len.len())
            .finish_non_exhaustive()
    }
}

/// Where each pattern's matches end in one stretch of text, sorted.
#[derive(Debug, Default)]
pub(crate) struct Ends {
    by_pattern: Vec<Vec<usize>>,
    /// The patterns with a match, in the order of their first.
    matched: Vec<usize>,
}

impl Ends {
    /// The patterns that matched in the stretch (most match nowhere).
    pub(crate) fn matched(&self) -> &[usize] {
        &self.matched
    }
}

impl DigitSet {
    /// Compiles `patterns` (shipped-rule syntax: ASCII classes) with the
    /// longest match of each; `None` when they do not fit the size limits,
    /// and then every window is searched.
    pub(crate) fn build(patterns: &[String], max_len: Vec<Option<usize>>) -> Option<Self> {
        let dfa = DFA::builder()
            .syntax(
                syntax::Config::new()
                    .unicode(false)
                    .utf8(false)
                    .nest_limit(NEST_LIMIT),
            )
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(DFA_CACHE_LIMIT),
            )
            .build_many(patterns)
            .ok()?;
        let for_caches = dfa.clone();
        Some(DigitSet {
            dfa,
            caches: Pool::new(Box::new(move || for_caches.create_cache())),
            max_len,
        })
    }

    /// Records where each pattern's matches end within `zone` of `text`;
    /// `false` when the search gave up (then nothing may be ruled out).
    pub(crate) fn find(&self, text: &str, zone: Span, ends: &mut Ends) -> bool {
        // The last search may have been another engine's, with more patterns.
        for &pattern in &ends.matched {
            if let Some(list) = ends.by_pattern.get_mut(pattern) {
                list.clear();
            }
        }
        ends.matched.clear();
        ends.by_pattern.resize_with(self.max_len.len(), Vec::new);
        let mut cache = self.caches.get();
        self.walk(&mut cache, text, zone, ends).is_some()
    }

    /// The DFA walked by hand. An overlapping search would do the same, but
    /// checks every byte's state for tags and returns and resumes for every
    /// pattern of every match state; here untagged states (most of them)
    /// take the unchecked transition, and a match state is read once.
    fn walk(&self, cache: &mut Cache, text: &str, zone: Span, ends: &mut Ends) -> Option<()> {
        let bytes = text.as_bytes();
        let end = zone.end.min(bytes.len());
        let upto_end = &bytes[..end];
        let input = Input::new(text).range(zone.start..end);
        let mut sid = self.dfa.start_state_forward(cache, &input).ok()?;
        // Matches are seen one byte late: in a match state after the byte at
        // `at`, a match ended at `at`.
        let mut at = zone.start;
        while at < end {
            if !sid.is_tagged() {
                // A loop of its own over a slice, free of calls and stores,
                // so that the compiler keeps the table and the bytes in
                // registers (merged with the rest of the walk, it reloaded
                // three pointers every byte).
                let table: &Cache = cache;
                let mut walked = 0;
                for &byte in &upto_end[at..] {
                    let next = self.dfa.next_state_untagged(table, sid, byte);
                    if next.is_tagged() {
                        break;
                    }
                    sid = next;
                    walked += 1;
                }
                at += walked;
                if at == end {
                    break;
                }
            }
            sid = self.dfa.next_state(cache, sid, upto_end[at]).ok()?;
            if sid.is_tagged() {
                if sid.is_dead() {
                    return Some(());
                }
                self.record(cache, sid, at, ends)?;
            }
            at += 1;
        }
        // The byte after the zone (or the end of the text) closes the
        // matches ending where the zone ends.
        sid = match bytes.get(end) {
            Some(&byte) => self.dfa.next_state(cache, sid, byte).ok()?,
            None => self.dfa.next_eoi_state(cache, sid).ok()?,
        };
        self.record(cache, sid, end, ends)
    }

    /// Records the patterns of match state `sid` as ending at `at`; `None`
    /// when the DFA gave up on a byte (it then rules nothing out).
    fn record(&self, cache: &Cache, sid: LazyStateID, at: usize, ends: &mut Ends) -> Option<()> {
        if sid.is_quit() {
            return None;
        }
        if sid.is_match() {
            for i in 0..self.dfa.match_len(cache, sid) {
                let pattern = self.dfa.match_pattern(cache, sid, i).as_usize();
                let list = ends.by_pattern.get_mut(pattern)?;
                if list.is_empty() {
                    ends.matched.push(pattern);
                }
                list.push(at);
            }
        }
        Some(())
    }

    /// The matches of `pattern` found by [`find`](Self::find), to be asked
    /// about windows in order.
    pub(crate) fn matches<'e>(&self, ends: &'e Ends, pattern: usize) -> Matches<'e> {
        Matches {
            ends: ends.by_pattern.get(pattern).map_or(&[], Vec::as_slice),
            reach: self.max_len.get(pattern).copied().flatten(),
        }
    }
}

/// One pattern's match ends in a stretch, consumed as windows move right.
#[derive(Debug)]
pub(crate) struct Matches<'e> {
    ends: &'e [usize],
    reach: Option<usize>,
}

impl Matches<'_> {
    /// Whether a match may lie in `window` or overlap it. Overlapping counts
    /// because windows of one recognizer merge: a match spanning two windows
    /// is found only when both are searched. Windows must be asked about in
    /// order of their starts: matches ending before one are dropped.
    pub(crate) fn may_reach(&mut self, window: Span) -> bool {
        let Some(reach) = self.reach else {
            return !self.ends.is_empty();
        };
        // Linear, not binary: windows move right, so each end is passed once.
        let passed = self.ends.iter().take_while(|&&e| e <= window.start).count();
        self.ends = &self.ends[passed..];
        self.ends
            .first()
            .is_some_and(|&e| e <= window.end.saturating_add(reach))
    }

    /// The earliest a window may end and still be reached by the next match
    /// not yet passed; `None` when no match is left to reach.
    pub(crate) fn next_start(&self) -> Option<usize> {
        let &next = self.ends.first()?;
        Some(self.reach.map_or(0, |reach| next.saturating_sub(reach)))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn windows_asked_in_order_see_the_matches_that_reach_them() {
        // Pattern 0: four digits (reach 4); pattern 1: never in this text.
        let set = DigitSet::build(
            &[r"\d{4}".to_string(), "x\\d".to_string()],
            vec![Some(4), Some(2)],
        )
        .unwrap();
        let text = "ab 1234 cd 5678 ef";
        let mut ends = Ends::default();
        assert!(set.find(
            text,
            Span {
                start: 0,
                end: text.len()
            },
            &mut ends
        ));
        assert_eq!(ends.matched(), [0]);
        let mut four = set.matches(&ends, 0);
        let window = |start, end| Span { start, end };
        // Before the first match, then overlapping its last digits.
        assert!(!four.may_reach(window(0, 2)));
        assert!(four.may_reach(window(6, 8)));
        // Between the matches (5678 ends at 15, so starts at 11), then
        // into the second; then past both, which drops them.
        assert!(!four.may_reach(window(8, 10)));
        assert!(four.may_reach(window(9, 12)));
        assert!(!four.may_reach(window(15, 18)));
        assert!(four.ends.is_empty());
    }

    /// Every pattern's match ends in `zone`, by an overlapping search.
    fn by_overlapping_search(set: &DigitSet, text: &str, zone: Span) -> Vec<Vec<usize>> {
        let mut cache = set.dfa.create_cache();
        let input = Input::new(text).range(zone.start..zone.end);
        let mut state = regex_automata::hybrid::dfa::OverlappingState::start();
        let mut ends = vec![Vec::new(); set.max_len.len()];
        loop {
            set.dfa
                .try_search_overlapping_fwd(&mut cache, &input, &mut state)
                .unwrap();
            let Some(m) = state.get_match() else {
                return ends;
            };
            ends[m.pattern().as_usize()].push(m.offset());
        }
    }

    proptest::proptest! {
        #[test]
        fn the_walk_finds_what_an_overlapping_search_finds(
            text in "[0-9 .:a-fA-F-]{0,40}",
            from in 0usize..40,
            len in 0usize..40,
        ) {
            let patterns = [
                r"\b\d{3}-\d{2}-\d{4}\b",
                r"\d{1,3}(?:\.\d{1,3}){3}",
                r"(?:^|[^0-9])\d{4}$",
                r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){2}",
                r"\d",
            ];
            let set = DigitSet::build(
                &patterns.map(String::from),
                vec![Some(11), Some(15), Some(5), Some(8), Some(1)],
            )
            .unwrap();
            let start = from.min(text.len());
            let zone = Span { start, end: (start + len).min(text.len()) };
            // Reused, as scans reuse it: a search of the whole text first.
            let mut ends = Ends::default();
            let whole = Span { start: 0, end: text.len() };
            proptest::prop_assert!(set.find(&text, whole, &mut ends));
            proptest::prop_assert!(set.find(&text, zone, &mut ends));
            let expected = by_overlapping_search(&set, &text, zone);
            let mut matched = ends.matched().to_vec();
            matched.sort_unstable();
            let with_matches: Vec<usize> =
                (0..expected.len()).filter(|&p| !expected[p].is_empty()).collect();
            proptest::prop_assert_eq!(matched, with_matches);
            proptest::prop_assert_eq!(ends.by_pattern, expected);
        }
    }
}
