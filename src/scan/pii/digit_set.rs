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
use regex_automata::{Input, MatchKind};

use crate::scan::custom::{cache_pool, rule_syntax, CachePool, DFA_CACHE_LIMIT};
use crate::scan::finding::Span;

/// Compiled patterns and one lazy-DFA cache per searching thread.
pub(crate) struct DigitSet {
    dfa: DFA,
    caches: CachePool,
    /// Longest match of each pattern in bytes (`None` when unbounded).
    max_len: Vec<Option<usize>>,
    /// The longest match of any pattern, when all are bounded.
    longest: Option<usize>,
}

impl std::fmt::Debug for DigitSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DigitSet")
            .field("patterns", &self.max_len.len())
            .finish_non_exhaustive()
    }
}

/// Walks a zone of at least this many times the longest match as two.
const SPLIT_FACTOR: usize = 4;

/// One walk of the DFA over a stretch of text.
#[derive(Debug)]
struct Lane {
    /// The state before the byte at `at` (`None` before the walk begins).
    sid: Option<LazyStateID>,
    at: usize,
    end: usize,
    /// Matches ending before this are another walk's.
    record_from: usize,
    /// No match can follow.
    dead: bool,
}

impl Lane {
    /// A walk from `from` to `end` that records matches ending at `record_from` or later.
    fn new(from: usize, record_from: usize, end: usize) -> Lane {
        Lane {
            sid: None,
            at: from,
            end,
            record_from,
            dead: false,
        }
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

    /// Moves the ends of `later`, all after these, to the end of these.
    fn append(&mut self, later: &mut Ends) {
        for &pattern in &later.matched {
            let (Some(list), Some(more)) = (
                self.by_pattern.get_mut(pattern),
                later.by_pattern.get_mut(pattern),
            ) else {
                continue;
            };
            if list.is_empty() {
                self.matched.push(pattern);
            }
            list.append(more);
        }
        later.matched.clear();
    }
}

impl DigitSet {
    /// Compiles `patterns` (shipped-rule syntax: ASCII classes) with the
    /// longest match of each; `None` when they do not fit the size limits,
    /// and then every window is searched.
    pub(crate) fn build(patterns: &[String], max_len: Vec<Option<usize>>) -> Option<Self> {
        Self::build_with_cache(patterns, max_len, DFA_CACHE_LIMIT)
    }

    /// [`build`](Self::build) with a lazy-DFA cache of `capacity` bytes
    /// (tests make it tiny, so that it fills and is cleared mid-walk).
    fn build_with_cache(
        patterns: &[String],
        max_len: Vec<Option<usize>>,
        capacity: usize,
    ) -> Option<Self> {
        let dfa = DFA::builder()
            .syntax(rule_syntax())
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(capacity)
                    .skip_cache_capacity_check(true),
            )
            .build_many(patterns)
            .ok()?;
        let longest = max_len.iter().try_fold(0, |l, m| m.map(|m| m.max(l)));
        Some(DigitSet {
            caches: cache_pool(&dfa),
            dfa,
            max_len,
            longest,
        })
    }

    /// Whether long zones are walked as two halves at once: only when
    /// every pattern's longest match is known.
    #[cfg(test)]
    pub(crate) fn splits_long_zones(&self) -> bool {
        self.longest.is_some()
    }

    /// Records where each pattern's matches end within `zone` of `text`
    /// into `ends` (`spare` is scratch); `false` when the search gave up
    /// (then nothing may be ruled out).
    ///
    /// A long zone is walked as two halves at once (see
    /// [`find_two`](Self::find_two)): the second starts the longest match
    /// early and records only what ends past the first.
    pub(crate) fn find(&self, text: &str, zone: Span, ends: &mut Ends, spare: &mut Ends) -> bool {
        let zone = Span {
            start: zone.start,
            end: zone.end.min(text.len()),
        };
        let len = zone.end.saturating_sub(zone.start);
        match self.longest.filter(|&l| len >= SPLIT_FACTOR * l) {
            Some(overlap) => {
                let middle = zone.start + (len + overlap) / 2;
                let first = Lane::new(zone.start, zone.start, middle);
                let second = Lane::new(middle - overlap + 1, middle + 1, zone.end);
                let found = self.find_lanes(text, [first, second], [&mut *ends, &mut *spare]);
                ends.append(spare);
                found
            }
            None => {
                self.reset(ends);
                let mut cache = self.caches.get();
                let lane = Lane::new(zone.start, zone.start, zone.end);
                self.walk_on(&mut cache, text, lane, ends).is_some()
            }
        }
    }

    /// [`find`](Self::find) for two zones at once, into `ends[0]` and
    /// `ends[1]`; `false` when the search gave up on either.
    ///
    /// Walking the DFA is a chain of table loads, each waiting on the last:
    /// two walks in step overlap their waits, and take about as long as one.
    pub(crate) fn find_two(&self, text: &str, zones: [Span; 2], ends: [&mut Ends; 2]) -> bool {
        let lanes = zones.map(|z| Lane::new(z.start, z.start, z.end.min(text.len())));
        self.find_lanes(text, lanes, ends)
    }

    fn find_lanes(&self, text: &str, lanes: [Lane; 2], ends: [&mut Ends; 2]) -> bool {
        let [first, second] = ends;
        self.reset(first);
        self.reset(second);
        let mut cache = self.caches.get();
        self.walk_two(&mut cache, text, lanes, first, second)
            .is_some()
    }

    /// Empties `ends` for this set's patterns.
    fn reset(&self, ends: &mut Ends) {
        // The last search may have been another engine's, with more patterns.
        for &pattern in &ends.matched {
            if let Some(list) = ends.by_pattern.get_mut(pattern) {
                list.clear();
            }
        }
        ends.matched.clear();
        ends.by_pattern.resize_with(self.max_len.len(), Vec::new);
    }

    /// The state `lane` starts in, at its first byte.
    fn start(&self, cache: &mut Cache, text: &str, lane: &mut Lane) -> Option<LazyStateID> {
        if let Some(sid) = lane.sid {
            return Some(sid);
        }
        let input = Input::new(text).range(lane.at..lane.end);
        let sid = self.dfa.start_state_forward(cache, &input).ok()?;
        lane.sid = Some(sid);
        Some(sid)
    }

    /// Two walks in step while both are in untagged states, each taking
    /// one byte the slow way otherwise; the one left over ends alone.
    fn walk_two(
        &self,
        cache: &mut Cache,
        text: &str,
        [mut a, mut b]: [Lane; 2],
        first: &mut Ends,
        second: &mut Ends,
    ) -> Option<()> {
        let bytes = text.as_bytes();
        // A cache that fills up is cleared, and its states then mean
        // nothing: only the state of the walk that cleared it is carried
        // over, so a clear gives up.
        let clears = cache.clear_count();
        let unchanged = |cache: &Cache| (cache.clear_count() == clears).then_some(());
        let mut sa = self.start(cache, text, &mut a)?;
        let mut sb = self.start(cache, text, &mut b)?;
        unchanged(cache)?;
        while a.at < a.end && b.at < b.end && !(a.dead || b.dead) {
            if !(sa.is_tagged() || sb.is_tagged()) {
                let table: &Cache = cache;
                let n = (a.end - a.at).min(b.end - b.at);
                let mut walked = 0;
                for (&x, &y) in bytes[a.at..a.at + n].iter().zip(&bytes[b.at..b.at + n]) {
                    let next_a = self.dfa.next_state_untagged(table, sa, x);
                    let next_b = self.dfa.next_state_untagged(table, sb, y);
                    if next_a.is_tagged() || next_b.is_tagged() {
                        break;
                    }
                    (sa, sb) = (next_a, next_b);
                    walked += 1;
                }
                a.at += walked;
                b.at += walked;
                if walked == n {
                    break;
                }
            }
            // Each step may clear the cache, which makes the other walk's
            // state stale (reading it would panic): check after each.
            sa = self.step(cache, bytes, &mut a, sa, first)?;
            unchanged(cache)?;
            sb = self.step(cache, bytes, &mut b, sb, second)?;
            unchanged(cache)?;
        }
        a.sid = Some(sa);
        b.sid = Some(sb);
        self.walk_on(cache, text, a, first)?;
        unchanged(cache)?;
        self.walk_on(cache, text, b, second)
    }

    /// The DFA walked by hand from where `lane` is to its end. An
    /// overlapping search would do the same, but checks every byte's state
    /// for tags and returns and resumes for every pattern of every match
    /// state; here untagged states (most of them) take the unchecked
    /// transition, and a match state is read once.
    fn walk_on(
        &self,
        cache: &mut Cache,
        text: &str,
        mut lane: Lane,
        ends: &mut Ends,
    ) -> Option<()> {
        let mut sid = self.start(cache, text, &mut lane)?;
        let bytes = text.as_bytes();
        let upto_end = &bytes[..lane.end];
        while lane.at < lane.end && !lane.dead {
            if !sid.is_tagged() {
                // A loop of its own over a slice, free of calls and stores,
                // so that the compiler keeps the table and the bytes in
                // registers (merged with the rest of the walk, it reloaded
                // three pointers every byte).
                let table: &Cache = cache;
                let mut walked = 0;
                for &byte in &upto_end[lane.at..] {
                    let next = self.dfa.next_state_untagged(table, sid, byte);
                    if next.is_tagged() {
                        break;
                    }
                    sid = next;
                    walked += 1;
                }
                lane.at += walked;
                if lane.at == lane.end {
                    break;
                }
            }
            sid = self.step(cache, upto_end, &mut lane, sid, ends)?;
        }
        if lane.dead {
            return Some(());
        }
        // The byte after the zone (or the end of the text) closes the
        // matches ending where the zone ends.
        let sid = match bytes.get(lane.end) {
            Some(&byte) => self.dfa.next_state(cache, sid, byte).ok()?,
            None => self.dfa.next_eoi_state(cache, sid).ok()?,
        };
        self.record(cache, sid, lane.end, ends)
    }

    /// The state after one byte of `lane` from `sid` (a new state may be
    /// built). Matches are seen one byte late: in a match state after the
    /// byte at `at`, a match ended at `at`.
    fn step(
        &self,
        cache: &mut Cache,
        bytes: &[u8],
        lane: &mut Lane,
        sid: LazyStateID,
        ends: &mut Ends,
    ) -> Option<LazyStateID> {
        if lane.dead || lane.at >= lane.end {
            return Some(sid);
        }
        let sid = self.dfa.next_state(cache, sid, *bytes.get(lane.at)?).ok()?;
        if sid.is_tagged() {
            if sid.is_dead() {
                lane.dead = true;
                return Some(sid);
            }
            if lane.at >= lane.record_from {
                self.record(cache, sid, lane.at, ends)?;
            }
        }
        lane.at += 1;
        Some(sid)
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
        let (mut ends, mut spare) = (Ends::default(), Ends::default());
        let whole = Span {
            start: 0,
            end: text.len(),
        };
        assert!(set.find(text, whole, &mut ends, &mut spare));
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
        fn the_walks_find_what_an_overlapping_search_finds(
            // Whole matches of the longest patterns among loose bytes, so
            // that some cross where a long zone is halved.
            text in "(a[0-9]{13}b|[0-9]{3}\\.[0-9]{3}\\.[0-9]{3}\\.[0-9]{3}|[0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9 .:a-fA-F-]){0,60}",
            zones in proptest::collection::vec((0usize..400, 0usize..400), 2),
        ) {
            let patterns = [
                r"\b\d{3}-\d{2}-\d{4}\b",
                r"\d{1,3}(?:\.\d{1,3}){3}",
                r"(?:^|[^0-9])\d{4}$",
                r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){2}",
                r"\d",
                // As long as the longest, and no shorter match ends where it does.
                r"a\d{13}b",
            ];
            let max_len = vec![Some(11), Some(15), Some(5), Some(8), Some(1), Some(15)];
            let set = DigitSet::build(&patterns.map(String::from), max_len.clone()).unwrap();
            // Zones of any length: those of four times the longest match
            // (60 bytes) or more are walked as two halves.
            let zones = zones.iter().map(|&(from, len)| {
                let start = from.min(text.len());
                Span { start, end: (start + len).min(text.len()) }
            });
            let [a, b]: [Span; 2] = zones.collect::<Vec<_>>().try_into().unwrap();
            let same = |ends: &Ends, zone: Span| {
                let expected = by_overlapping_search(&set, &text, zone);
                let mut matched = ends.matched().to_vec();
                matched.sort_unstable();
                let with_matches: Vec<usize> =
                    (0..expected.len()).filter(|&p| !expected[p].is_empty()).collect();
                proptest::prop_assert_eq!(matched, with_matches);
                proptest::prop_assert_eq!(&ends.by_pattern, &expected);
                Ok(())
            };
            // Reused, as scans reuse them: a search of the whole text first.
            let (mut ends, mut spare) = (Ends::default(), Ends::default());
            let whole = Span { start: 0, end: text.len() };
            proptest::prop_assert!(set.find(&text, whole, &mut ends, &mut spare));
            same(&ends, whole)?;
            proptest::prop_assert!(set.find(&text, a, &mut ends, &mut spare));
            same(&ends, a)?;
            proptest::prop_assert!(set.find_two(&text, [a, b], [&mut ends, &mut spare]));
            same(&ends, a)?;
            same(&spare, b)?;
            // A cache too small for the walks is cleared under them: they may
            // give up, but never read a state the clear made stale, and what
            // they find when they do not give up is what the search finds.
            let tiny = DigitSet::build_with_cache(&patterns.map(String::from), max_len, 0).unwrap();
            if tiny.find_two(&text, [a, b], [&mut ends, &mut spare]) {
                same(&ends, a)?;
                same(&spare, b)?;
            }
            if tiny.find(&text, whole, &mut ends, &mut spare) {
                same(&ends, whole)?;
            }
        }
    }
}
