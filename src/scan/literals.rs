//! The literal pass: one aho-corasick automaton over every filtered word and
//! every recognizer trigger, walked once per scan.
//!
//! The pass reports every occurrence of every literal (overlapping matches)
//! that does not begin inside a word, so each consumer picks its own: the word
//! filter the leftmost longest whole words, recognizers every trigger.
//!
//! Rather than walking the automaton over every byte, the pass walks it
//! anchored from each place a literal may begin ([`FirstBytes`]), found 64
//! bytes at a time, until no literal can go on. Most walks are over within
//! five bytes, and hashed bits of the literals' first four and five bytes
//! ([`FirstFours`]) tell most of them so before any transition; the rest
//! begin with one lookup in a table of the states after their first two
//! bytes ([`Pairs`]).

use std::cmp::Reverse;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{dfa, nfa, Anchored, MatchKind, PatternID, StartKind};

use super::byte_class::{block_at, Block, FirstBytes, BLOCK};
use super::hash_bits::{HashBits, HASH_BITS};

/// Total bytes of literals up to which the automaton is a DFA (5,000
/// ordinary words fit; the DFA then takes a few megabytes). A DFA is the
/// fastest to walk but takes memory per state and byte class: 10,000 words of
/// 100 characters (Bedrock's limits) would need over a gigabyte. Past this
/// budget, the contiguous NFA (a few bytes a state).
const DFA_PATTERN_BYTES: usize = 64 * 1024;

/// One occurrence of a literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Hit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Index of the literal among the words, or among the triggers.
    pub(crate) index: u32,
}

/// Orders `hits` for a leftmost-longest pick: earliest first; at one start,
/// longest first, then the literal added first.
///
/// [`Literals::find`] gives hits in order of their starts, and at one start
/// shortest first, so only literals that begin another are out of place and
/// an insertion sort moves few (a full sort cost 5% of the scan). Many nested
/// literals exhaust its budget and fall back to a full sort.
pub(crate) fn sort_leftmost_longest(hits: &mut [Hit]) {
    let key = |h: &Hit| (h.start, Reverse(h.end), h.index);
    let mut moves_left = hits.len().saturating_mul(4);
    for i in 1..hits.len() {
        let mut j = i;
        while j > 0 && key(&hits[j - 1]) > key(&hits[j]) {
            if moves_left == 0 {
                hits.sort_unstable_by_key(key);
                return;
            }
            moves_left -= 1;
            hits.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// A trigger literal, and the bytes that may follow it where only those
/// matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Trigger {
    pub(crate) text: String,
    /// When set, a hit counts only where one of these bytes follows: the
    /// automaton then holds the trigger with each of them after it (see
    /// [`Literals::build`]).
    pub(crate) followers: Option<Vec<u8>>,
}

/// Words and triggers compiled into one automaton.
#[derive(Debug, Clone)]
pub(crate) struct Literals {
    automaton: Walker,
    /// Patterns below this index are words; the rest are triggers' patterns.
    words: u32,
    /// For each trigger pattern: its trigger, and how many bytes at its
    /// end (a follower) are not the trigger's.
    origins: Vec<(u32, u8)>,
}

#[derive(Debug, Clone)]
enum Walker {
    Dfa(AnchoredWalk<dfa::DFA>),
    Nfa(AnchoredWalk<nfa::contiguous::NFA>),
}

impl Literals {
    /// Compiles `words` and `triggers` (both matched ASCII case-insensitively;
    /// neither may hold an empty literal).
    ///
    /// A trigger with followers is compiled as one literal a follower, a
    /// byte longer, and its hits are reported as the trigger's own. Most
    /// walks are told they are over by the bits of their first four bytes,
    /// but only where no literal of three bytes or fewer begins as they do:
    /// `pin` alone would send every word beginning `pi` through the
    /// automaton, `pin:`, `pin ` and their like only those that go on so.
    pub(crate) fn build(words: &[String], triggers: &[Trigger]) -> Result<Self, String> {
        let mut patterns: Vec<Vec<u8>> = words.iter().map(|w| w.as_bytes().to_vec()).collect();
        let mut origins = Vec::new();
        for (i, trigger) in triggers.iter().enumerate() {
            let index = u32::try_from(i).map_err(|e| e.to_string())?;
            match &trigger.followers {
                Some(followers) => {
                    for &b in followers {
                        let mut pattern = trigger.text.as_bytes().to_vec();
                        pattern.push(b);
                        patterns.push(pattern);
                        origins.push((index, 1));
                    }
                }
                None => {
                    patterns.push(trigger.text.as_bytes().to_vec());
                    origins.push((index, 0));
                }
            }
        }
        let patterns = patterns.iter().map(Vec::as_slice);
        let bytes: usize = patterns.clone().map(<[u8]>::len).sum();
        let automaton = if bytes <= DFA_PATTERN_BYTES {
            dfa::DFA::builder()
                .match_kind(MatchKind::Standard)
                .start_kind(StartKind::Anchored)
                .ascii_case_insensitive(true)
                .prefilter(false)
                .build(patterns.clone())
                .map(|a| Walker::Dfa(AnchoredWalk::new(a, patterns)))
        } else {
            nfa::contiguous::NFA::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .prefilter(false)
                .build(patterns.clone())
                .map(|a| Walker::Nfa(AnchoredWalk::new(a, patterns)))
        };
        Ok(Literals {
            automaton: automaton.map_err(|e| e.to_string())?,
            words: u32::try_from(words.len()).map_err(|e| e.to_string())?,
            origins,
        })
    }

    /// Where the literals begin: what [`classify`](super::byte_class::classify)
    /// needs to find the places for [`find`](Self::find).
    pub(crate) fn first_bytes(&self) -> &FirstBytes {
        match &self.automaton {
            Walker::Dfa(w) => &w.firsts,
            Walker::Nfa(w) => &w.firsts,
        }
    }

    /// Appends every occurrence in `text` of a word to `words` and of a
    /// trigger to `triggers`, in order of their starts, except those that
    /// begin with an ASCII letter or digit right after an ASCII letter.
    /// `blocks` are those of `text`, classified with [`first_bytes`](Self::first_bytes).
    pub(crate) fn find(
        &self,
        text: &str,
        blocks: &[Block],
        words: &mut Vec<Hit>,
        triggers: &mut Vec<Hit>,
    ) {
        let split = self.words;
        let origins = &self.origins;
        let found = &mut |pattern: PatternID, start, end: usize| {
            let index = pattern.as_u32();
            if index < split {
                words.push(Hit { start, end, index });
            } else if let Some(&(index, follower)) = origins.get((index - split) as usize) {
                triggers.push(Hit {
                    start,
                    end: end - usize::from(follower),
                    index,
                });
            }
        };
        let starts = blocks.iter().map(|b| b.literal_starts);
        match &self.automaton {
            Walker::Dfa(w) => w.walk_starts(text.as_bytes(), 0, starts, found),
            Walker::Nfa(w) => w.walk_starts(text.as_bytes(), 0, starts, found),
        }
    }
}

/// An automaton built anchored, and what walking it from each place a
/// literal may begin needs.
#[derive(Debug, Clone)]
pub(crate) struct AnchoredWalk<A> {
    automaton: A,
    /// Where a literal may begin.
    firsts: FirstBytes,
    pairs: Pairs,
    fours: FirstFours,
}

impl<A: Automaton> AnchoredWalk<A> {
    /// `automaton` (built anchored) of `literals`.
    pub(crate) fn new<'a>(automaton: A, literals: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let literals: Vec<&[u8]> = literals.into_iter().collect();
        AnchoredWalk {
            firsts: FirstBytes::new(literals.iter().copied()),
            pairs: Pairs::new(&automaton, &literals),
            fours: FirstFours::new(&literals),
            automaton,
        }
    }

    /// The places in `starts_in` of `bytes` where a literal may begin, 64
    /// bytes at a time, and from each an anchored walk; calls
    /// `found(pattern, start, end)` for every literal that begins there and
    /// ends by `end` (not before the end of `starts_in`), in order of their
    /// starts (at one start, shortest first).
    ///
    /// The places are read off `blocks`, those of `bytes` (or none), where
    /// they can tell them ([`FirstBytes::starts_at`]); otherwise from
    /// `bytes`, past `starts_in` where it goes on: copying a short range's
    /// last block aside, padded, would cost more.
    pub(crate) fn walk(
        &self,
        bytes: &[u8],
        blocks: &[Block],
        starts_in: std::ops::Range<usize>,
        end: usize,
        found: &mut impl FnMut(PatternID, usize, usize),
    ) {
        let Some(within) = bytes.get(..end) else {
            return;
        };
        let mut after_letter = starts_in
            .start
            .checked_sub(1)
            .and_then(|i| bytes.get(i))
            .is_some_and(u8::is_ascii_alphabetic);
        let classified = self.firsts.reads_blocks() && blocks.len() * BLOCK >= bytes.len();
        let mut padded = [0; BLOCK];
        let starts = starts_in.clone().step_by(BLOCK).map_while(|offset| {
            let (starts, last_letter) = if classified {
                self.firsts.starts_at(blocks, offset, after_letter)
            } else {
                let (block, real) = block_at(bytes, offset, &mut padded)?;
                let (starts, last_letter) = self.firsts.starts(block, after_letter);
                (starts & real, last_letter)
            };
            after_letter = last_letter;
            let left = starts_in.end - offset;
            let in_range = if left < BLOCK {
                (1 << left) - 1
            } else {
                u64::MAX
            };
            Some(starts & in_range)
        });
        self.walk_starts(within, starts_in.start, starts, found);
    }

    /// [`walk`](Self::walk) with the places given: `starts` has a mask for
    /// each block from `from` on.
    pub(crate) fn walk_starts(
        &self,
        bytes: &[u8],
        from: usize,
        starts: impl Iterator<Item = u64>,
        found: &mut impl FnMut(PatternID, usize, usize),
    ) {
        let Ok(start) = self.automaton.start_state(Anchored::Yes) else {
            return;
        };
        for (offset, mut starts) in (from..).step_by(BLOCK).zip(starts) {
            while starts != 0 {
                let at = offset + starts.trailing_zeros() as usize;
                starts &= starts - 1;
                self.walk_from(start, bytes, at, found);
            }
        }
    }

    /// The literals beginning at `at`: one transition a byte until none can go on.
    #[inline]
    fn walk_from(
        &self,
        start: StateID,
        bytes: &[u8],
        at: usize,
        found: &mut impl FnMut(PatternID, usize, usize),
    ) {
        let automaton = &self.automaton;
        // Most walks end within five bytes, at a length the branch predictor
        // cannot guess. Where no literal of three bytes or fewer begins,
        // bits tell whether a longer one begins with the four bytes and goes
        // on with the fifth (most often not), without waiting on
        // transitions. Otherwise four bytes without a branch (a pair, then
        // two transitions; the dead state leads only to itself), and the
        // byte-by-byte loop only past them or on a match.
        if let Some(&[a, b, c, d]) = bytes.get(at..at + 4) {
            let pair = self.pairs.index(a, b);
            if !self.pairs.short(pair) {
                let four = [a, b, c, d];
                if !self.fours.may_begin(four) {
                    return;
                }
                if let Some(&e) = bytes.get(at + 4) {
                    if !self.fours.may_go_on(four, e) {
                        return;
                    }
                }
            }
            if let Some((s2, early)) = self.pairs.after(pair) {
                let s3 = automaton.next_state(Anchored::Yes, s2, c);
                let s4 = automaton.next_state(Anchored::Yes, s3, d);
                if !(early | automaton.is_match(s3) | automaton.is_match(s4)) {
                    if !automaton.is_dead(s4) {
                        walk_on(automaton, s4, bytes, at, at + 4, found);
                    }
                    return;
                }
            }
        }
        walk_on(automaton, start, bytes, at, at, found);
    }
}

/// The states of an anchored automaton after the first two bytes of a
/// walk, and whether a literal ends within them: one table load instead of
/// two transitions, the second waiting on the first.
///
/// Rows are the distinct states after one byte, columns the bytes that
/// lead alike from every one of them: a few dozen of each for words matched
/// case-insensitively.
#[derive(Debug, Clone)]
struct Pairs {
    /// Where the row of each first byte begins in `table`.
    row: [u32; 256],
    /// Column of each second byte.
    column: [u8; 256],
    /// The state after both bytes, and whether one of the two states is a match.
    table: Vec<(StateID, bool)>,
    /// For each entry of `table`: whether a literal of three bytes or fewer
    /// may begin there (a table of its own, small enough to stay in the L1 cache).
    short: Vec<bool>,
}

impl Pairs {
    /// The table of `automaton`; empty when it has no anchored start.
    fn new<A: Automaton>(automaton: &A, literals: &[impl AsRef<[u8]>]) -> Self {
        let mut pairs = Pairs {
            row: [0; 256],
            column: [0; 256],
            table: Vec::new(),
            short: Vec::new(),
        };
        let Ok(start) = automaton.start_state(Anchored::Yes) else {
            return pairs;
        };
        let next = |state, byte| automaton.next_state(Anchored::Yes, state, byte);
        // At most 256 rows and 256 columns: one for each byte.
        let mut firsts: Vec<StateID> = Vec::new();
        for byte in 0..=255u8 {
            let state = next(start, byte);
            pairs.row[usize::from(byte)] = index_of(&mut firsts, state) as u32;
        }
        let mut columns: Vec<Vec<StateID>> = Vec::new();
        for byte in 0..=255u8 {
            let column = firsts.iter().map(|&s| next(s, byte)).collect();
            pairs.column[usize::from(byte)] = index_of(&mut columns, column) as u8;
        }
        for row in &mut pairs.row {
            *row *= columns.len() as u32;
        }
        for (i, &first) in firsts.iter().enumerate() {
            for column in &columns {
                let second = column[i];
                let early = automaton.is_match(first) | automaton.is_match(second);
                pairs.table.push((second, early));
                pairs.short.push(early);
            }
        }
        for literal in literals.iter().map(AsRef::as_ref) {
            if let &[a, b, _] = literal {
                let pair = pairs.index(a, b);
                pairs.short[pair] = true;
            }
        }
        pairs
    }

    /// The entry of a walk that begins with `a` then `b`.
    #[inline(always)]
    fn index(&self, a: u8, b: u8) -> usize {
        self.row[usize::from(a)] as usize + usize::from(self.column[usize::from(b)])
    }

    /// The state after the two bytes of entry `pair` from the start, and
    /// whether either step reached a match state.
    #[inline(always)]
    fn after(&self, pair: usize) -> Option<(StateID, bool)> {
        self.table.get(pair).copied()
    }

    /// Whether a literal of three bytes or fewer may begin as entry `pair`.
    #[inline(always)]
    fn short(&self, pair: usize) -> bool {
        self.short.get(pair).copied().unwrap_or(true)
    }
}

/// Bits for the first four and five bytes of the literals of four bytes or
/// more, hashed, with ASCII case folded: where the bit of four bytes of text
/// is clear, no such literal begins with them; where the bits of the next
/// byte are clear, none ends or goes on there. One load each, instead of
/// transitions that wait on each other, tells most walks they are over.
#[derive(Debug, Clone)]
struct FirstFours {
    /// 64 Ki bits: a thousand literals set about one in thirty.
    bits: HashBits,
}

/// The hash multipliers of the three kinds of bit: four bytes a literal
/// begins with, a literal of four bytes, five bytes a literal begins with.
const BEGIN: u32 = 0x9E37_79B1;
const END: u32 = 0x85EB_CA77;
const FIFTH: u32 = 0xC2B2_AE3D;

impl FirstFours {
    fn new(literals: &[impl AsRef<[u8]>]) -> Self {
        let mut bits = HashBits::default();
        let mut set = |key: u32, multiplier: u32| bits.insert(Self::hash(key, multiplier));
        for literal in literals.iter().map(AsRef::as_ref) {
            let Some(&four) = literal.first_chunk::<4>() else {
                continue;
            };
            let four = Self::fold(four);
            set(four, BEGIN);
            match literal.get(4) {
                None => set(four, END),
                Some(&fifth) => set(Self::fifth(four, fifth), FIFTH),
            }
        }
        FirstFours { bits }
    }

    /// Bit 5 of every byte set folds ASCII case (other bytes may then
    /// share a bit, which only lets more pass).
    #[inline(always)]
    fn fold(four: [u8; 4]) -> u32 {
        u32::from_le_bytes(four) | 0x2020_2020
    }

    #[inline(always)]
    fn fifth(folded: u32, fifth: u8) -> u32 {
        folded.rotate_left(8) ^ u32::from(fifth | 0x20)
    }

    #[inline(always)]
    fn hash(key: u32, multiplier: u32) -> usize {
        (key.wrapping_mul(multiplier) >> (32 - HASH_BITS)) as usize
    }

    #[inline(always)]
    fn has(&self, key: u32, multiplier: u32) -> bool {
        self.bits.contains(Self::hash(key, multiplier))
    }

    /// Whether a literal of four bytes or more may begin with `four`.
    #[inline(always)]
    fn may_begin(&self, four: [u8; 4]) -> bool {
        self.has(Self::fold(four), BEGIN)
    }

    /// Whether, after `four`, a literal may end or go on with `fifth`.
    #[inline(always)]
    fn may_go_on(&self, four: [u8; 4], fifth: u8) -> bool {
        let four = Self::fold(four);
        self.has(four, END) || self.has(Self::fifth(four, fifth), FIFTH)
    }
}

/// The index of `item` in `items`, added at the end when new.
fn index_of<T: PartialEq>(items: &mut Vec<T>, item: T) -> usize {
    items.iter().position(|i| *i == item).unwrap_or_else(|| {
        items.push(item);
        items.len() - 1
    })
}

/// The walk from `at`, in state `state` at `from`, to its end.
#[inline]
fn walk_on<A: Automaton>(
    automaton: &A,
    mut state: StateID,
    bytes: &[u8],
    at: usize,
    from: usize,
    found: &mut impl FnMut(PatternID, usize, usize),
) {
    let Some(rest) = bytes.get(from..) else {
        return;
    };
    for (i, &byte) in rest.iter().enumerate() {
        state = automaton.next_state(Anchored::Yes, state, byte);
        // One compare a byte: match states and the dead state are special.
        if automaton.is_special(state) {
            if automaton.is_dead(state) {
                return;
            }
            report(automaton, state, at, from + i + 1, found);
        }
    }
}

/// The matches of match state `state` that begin at `start` and end at
/// `end` (a match state also lists the literals that end it and begin later).
/// Out of line, so that the walk keeps its state in registers.
#[inline(never)]
#[cold]
fn report<A: Automaton>(
    automaton: &A,
    state: StateID,
    start: usize,
    end: usize,
    found: &mut impl FnMut(PatternID, usize, usize),
) {
    if !automaton.is_match(state) {
        return;
    }
    for i in 0..automaton.match_len(state) {
        let pattern = automaton.match_pattern(state, i);
        if end.checked_sub(automaton.pattern_len(pattern)) == Some(start) {
            found(pattern, start, end);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::scan::byte_class::classify;

    impl Trigger {
        /// A trigger whose every occurrence counts.
        fn any(text: &str) -> Self {
            Trigger {
                text: text.to_string(),
                followers: None,
            }
        }
    }

    fn hits(words: &[&str], triggers: &[&str], text: &str) -> (Vec<Hit>, Vec<Hit>) {
        let words: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        let triggers: Vec<Trigger> = triggers.iter().map(|t| Trigger::any(t)).collect();
        let literals = Literals::build(&words, &triggers).unwrap();
        find(&literals, text)
    }

    /// What the literal pass finds in `text`: words, then triggers.
    fn find(literals: &Literals, text: &str) -> (Vec<Hit>, Vec<Hit>) {
        let mut blocks = Vec::new();
        classify(text.as_bytes(), literals.first_bytes(), false, &mut blocks);
        let (mut w, mut t) = (Vec::new(), Vec::new());
        literals.find(text, &blocks, &mut w, &mut t);
        (w, t)
    }

    fn hit(start: usize, end: usize, index: u32) -> Hit {
        Hit { start, end, index }
    }

    #[test]
    fn every_occurrence_not_inside_a_word_is_reported() {
        let (w, t) = hits(&["pass", "password"], &["word", "PASS"], "My PassWord");
        assert_eq!(w, vec![hit(3, 7, 0), hit(3, 11, 1)]);
        // `word` right after a letter is inside a word.
        assert_eq!(t, vec![hit(3, 7, 1)]);
        // After `_` or a digit a literal may begin; one that does not begin
        // with a letter or digit may begin anywhere.
        let (w, t) = hits(&["@x"], &["pass", "word"], "db_password 34word a@xb");
        assert_eq!(w, vec![hit(20, 22, 0)]);
        assert_eq!(t, vec![hit(3, 7, 0), hit(14, 18, 1)]);
    }

    #[test]
    fn a_trigger_with_followers_is_a_hit_only_before_one() {
        let words = ["pin".to_string()];
        let pin = Trigger {
            text: "pin".to_string(),
            followers: Some(b": ".to_vec()),
        };
        let literals = Literals::build(&words, &[pin, Trigger::any("pi")]).unwrap();
        let (w, t) = find(&literals, "PIN: pin pinned pin");
        // The word as ever; the trigger reported without its follower,
        // and not where none follows (`pinned`, the end of the text).
        assert_eq!(
            w,
            vec![hit(0, 3, 0), hit(5, 8, 0), hit(9, 12, 0), hit(16, 19, 0)]
        );
        assert_eq!(
            t,
            vec![
                hit(0, 2, 1),
                hit(0, 3, 0),
                hit(5, 7, 1),
                hit(5, 8, 0),
                hit(9, 11, 1),
                hit(16, 18, 1)
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn the_walk_finds_what_an_overlapping_search_finds(text in "(1_1_1|[abAB 1_@é]){0,120}") {
            // Long enough to cross blocks, with literals of every kind of first
            // byte, and shorter and longer than the four branch-free steps
            // (`1_1_1` ends past them with no match within them).
            let words = ["ab", "b", "aba", "1b", "é a", "@", "1_1_1", "abba", "abab a"];
            let triggers = ["ba", "a b", "bb", "_a", "@b", "éé"];
            let (w, t) = hits(&words, &triggers, &text);
            let all = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(words.iter().chain(&triggers))
                .unwrap();
            let bytes = text.as_bytes();
            let inside_word = |start: usize| {
                bytes[start].is_ascii_alphanumeric()
                    && start > 0
                    && bytes[start - 1].is_ascii_alphabetic()
            };
            let mut expected: Vec<(usize, usize, usize)> = all
                .find_overlapping_iter(&text)
                .filter(|m| !inside_word(m.start()))
                .map(|m| (m.end(), m.start(), m.pattern().as_usize()))
                .collect();
            expected.sort_unstable();
            let mut found: Vec<(usize, usize, usize)> = w
                .iter()
                .map(|h| (h.end, h.start, h.index as usize))
                .chain(t.iter().map(|h| (h.end, h.start, h.index as usize + words.len())))
                .collect();
            found.sort_unstable();
            proptest::prop_assert_eq!(found, expected);
        }

        #[test]
        fn hits_sort_as_a_full_sort_would(
            ends_order in proptest::prelude::any::<bool>(),
            raw in proptest::collection::btree_set((0usize..60, 1usize..12, 0u32..4), 0..80),
        ) {
            // Unique hits, given in end order (as the walk gives them) or in
            // any order (which exhausts the budget and falls back).
            let mut hits: Vec<Hit> = raw
                .into_iter()
                .map(|(start, len, index)| hit(start, start + len, index))
                .collect();
            if ends_order {
                hits.sort_by_key(|h| h.end);
            } else {
                hits.reverse();
            }
            let mut expected = hits.clone();
            expected.sort_unstable_by_key(|h| (h.start, Reverse(h.end), h.index));
            sort_leftmost_longest(&mut hits);
            proptest::prop_assert_eq!(hits, expected);
        }
    }

    #[test]
    fn a_pair_leads_where_its_two_transitions_lead() {
        let literals: Vec<String> = ["a", "ab", "abc", "b@", "@x", "é", "x y"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let automaton = dfa::DFA::builder()
            .start_kind(StartKind::Anchored)
            .ascii_case_insensitive(true)
            .build(&literals)
            .unwrap();
        let pairs = Pairs::new(&automaton, &literals);
        let start = automaton.start_state(Anchored::Yes).unwrap();
        let next = |state, byte| automaton.next_state(Anchored::Yes, state, byte);
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let (first, second) = (next(start, a), next(next(start, a), b));
                let matched = automaton.is_match(first) || automaton.is_match(second);
                let pair = pairs.index(a, b);
                assert_eq!(pairs.after(pair), Some((second, matched)), "{a} {b}");
                let begins_three = literals
                    .iter()
                    .any(|l| l.len() == 3 && l.as_bytes()[..2].eq_ignore_ascii_case(&[a, b]));
                if matched || begins_three {
                    assert!(pairs.short(pair), "{a} {b}");
                }
            }
        }
        // Pairs that begin nothing short are not marked.
        assert!(!pairs.short(pairs.index(b'z', b'z')));
        assert!(!pairs.short(pairs.index(b'x', b'x')));
        // Rows and columns are shared: far fewer than a byte each.
        assert!(pairs.table.len() < 256, "{}", pairs.table.len());
    }

    #[test]
    fn the_bits_pass_the_first_bytes_of_literals_in_any_case() {
        let fours = FirstFours::new(&["Pass", "words", "ab", "é a", "ssn"]);
        let four = |s: &str| *s.as_bytes().first_chunk::<4>().unwrap();
        for text in ["pass", "PaSs", "word", "WORD", "é a"] {
            assert!(fours.may_begin(four(text)), "{text}");
        }
        // Shorter literals are left to the pair table.
        for text in ["pasT", "wore", "the ", "ab c", "ssn "] {
            assert!(!fours.may_begin(four(text)), "{text}");
        }
        // After four bytes: a literal of four ends, or a longer one goes on.
        for (text, fifth) in [
            ("PASS", b' '),
            ("é a", b'x'),
            ("word", b's'),
            ("WORD", b'S'),
        ] {
            assert!(fours.may_go_on(four(text), fifth), "{text}");
        }
        assert!(!fours.may_go_on(four("word"), b' '));
    }

    #[test]
    fn the_large_automaton_reports_the_same() {
        // Enough words to pass the DFA budget.
        let mut words: Vec<String> = (0..9000).map(|i| format!("filler{i:05}x")).collect();
        words.push("pass".into());
        let triggers = [Trigger::any("word")];
        let literals = Literals::build(&words, &triggers).unwrap();
        assert!(matches!(literals.automaton, Walker::Nfa(_)));
        let (w, t) = find(&literals, "a password, filler00042x word");
        assert_eq!(w, vec![hit(2, 6, 9000), hit(12, 24, 42)]);
        assert_eq!(t, vec![hit(25, 29, 0)]);
    }
}
