//! The literal pass: one aho-corasick automaton over every filtered word and
//! every recognizer trigger, walked once per scan.
//!
//! The automaton reports every occurrence of every literal (overlapping
//! matches), so each consumer picks its own: the word filter the leftmost
//! longest whole words, recognizers every trigger. One walk of a table-driven
//! automaton costs about a third of two searches with their own automata.

use std::cmp::Reverse;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{dfa, nfa, Anchored, MatchKind};

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
/// [`Literals::find`] gives hits in order of their ends, so only a literal
/// inside a longer one is out of place and an insertion sort moves few
/// (chat: 900 hits, 50 out of place; a full sort cost 5% of the scan). Many
/// nested literals exhaust its budget and fall back to a full sort.
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

/// Words and triggers compiled into one automaton.
#[derive(Debug, Clone)]
pub(crate) struct Literals {
    automaton: Walker,
    /// Patterns below this index are words; the rest are triggers.
    words: u32,
}

#[derive(Debug, Clone)]
enum Walker {
    Dfa(dfa::DFA),
    Nfa(nfa::contiguous::NFA),
}

impl Literals {
    /// Compiles `words` and `triggers` (both matched ASCII case-insensitively;
    /// neither may hold an empty literal).
    pub(crate) fn build(words: &[String], triggers: &[String]) -> Result<Self, String> {
        let patterns = words.iter().chain(triggers);
        let bytes: usize = patterns.clone().map(String::len).sum();
        let automaton = if bytes <= DFA_PATTERN_BYTES {
            dfa::DFA::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .prefilter(false)
                .build(patterns)
                .map(Walker::Dfa)
        } else {
            nfa::contiguous::NFA::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .prefilter(false)
                .build(patterns)
                .map(Walker::Nfa)
        };
        Ok(Literals {
            automaton: automaton.map_err(|e| e.to_string())?,
            words: u32::try_from(words.len()).map_err(|e| e.to_string())?,
        })
    }

    /// Appends every occurrence in `text` of a word to `words` and of a
    /// trigger to `triggers`, in order of their ends.
    pub(crate) fn find(&self, text: &str, words: &mut Vec<Hit>, triggers: &mut Vec<Hit>) {
        match &self.automaton {
            Walker::Dfa(a) => walk(a, text.as_bytes(), self.words, words, triggers),
            Walker::Nfa(a) => walk(a, text.as_bytes(), self.words, words, triggers),
        }
    }
}

/// The walk: one transition a byte, and a look at the matches of each match
/// state (every literal ending at that byte).
fn walk<A: Automaton>(
    automaton: &A,
    bytes: &[u8],
    split: u32,
    words: &mut Vec<Hit>,
    triggers: &mut Vec<Hit>,
) {
    // An unanchored start state exists for every automaton built above.
    let Ok(mut state) = automaton.start_state(Anchored::No) else {
        return;
    };
    let mut step = |state: StateID, byte: u8, end: usize| {
        let state = automaton.next_state(Anchored::No, state, byte);
        // One compare a byte: match states are special (so is the dead
        // state, which an unanchored search never reaches).
        if automaton.is_special(state) {
            report(automaton, state, end, split, words, triggers);
        }
        state
    };
    // Eight bytes a turn: the loop's own bookkeeping once per eight.
    let mut eights = bytes.chunks_exact(8);
    let mut end = 0;
    for eight in &mut eights {
        for (i, &byte) in eight.iter().enumerate() {
            state = step(state, byte, end + i + 1);
        }
        end += 8;
    }
    for &byte in eights.remainder() {
        end += 1;
        state = step(state, byte, end);
    }
}

/// The matches of match state `state` at `end`. Out of line, so that the
/// walk keeps its state in a register (inlined, this code made the compiler
/// spill it to the stack on every byte: 20% slower on a 5,000-word list).
#[inline(never)]
#[cold]
fn report<A: Automaton>(
    automaton: &A,
    state: StateID,
    end: usize,
    split: u32,
    words: &mut Vec<Hit>,
    triggers: &mut Vec<Hit>,
) {
    if !automaton.is_match(state) {
        return;
    }
    for i in 0..automaton.match_len(state) {
        let pattern = automaton.match_pattern(state, i);
        let start = end - automaton.pattern_len(pattern);
        let index = pattern.as_u32();
        if index < split {
            words.push(Hit { start, end, index });
        } else {
            triggers.push(Hit {
                start,
                end,
                index: index - split,
            });
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn hits(words: &[&str], triggers: &[&str], text: &str) -> (Vec<Hit>, Vec<Hit>) {
        let own = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let literals = Literals::build(&own(words), &own(triggers)).unwrap();
        let (mut w, mut t) = (Vec::new(), Vec::new());
        literals.find(text, &mut w, &mut t);
        (w, t)
    }

    fn hit(start: usize, end: usize, index: u32) -> Hit {
        Hit { start, end, index }
    }

    #[test]
    fn every_occurrence_of_words_and_triggers_is_reported() {
        let (w, t) = hits(&["pass", "password"], &["word", "PASS"], "My PassWord");
        assert_eq!(w, vec![hit(3, 7, 0), hit(3, 11, 1)]);
        assert_eq!(t, vec![hit(3, 7, 1), hit(7, 11, 0)]);
    }

    proptest::proptest! {
        #[test]
        fn the_walk_finds_what_an_overlapping_search_finds(text in "[abAB ]{0,40}") {
            let (words, triggers) = (["ab", "b", "aba"], ["ba", "a b", "bb"]);
            let (w, t) = hits(&words, &triggers, &text);
            let all = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(words.iter().chain(&triggers))
                .unwrap();
            let mut expected: Vec<(usize, usize, usize)> = all
                .find_overlapping_iter(&text)
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
    fn the_large_automaton_reports_the_same() {
        // Enough words to pass the DFA budget.
        let mut words: Vec<String> = (0..9000).map(|i| format!("filler{i:05}x")).collect();
        words.push("pass".into());
        let triggers = vec!["word".to_string()];
        let literals = Literals::build(&words, &triggers).unwrap();
        assert!(matches!(literals.automaton, Walker::Nfa(_)));
        let (mut w, mut t) = (Vec::new(), Vec::new());
        literals.find("a password, filler00042x", &mut w, &mut t);
        assert_eq!(w, vec![hit(2, 6, 9000), hit(12, 24, 42)]);
        assert_eq!(t, vec![hit(6, 10, 0)]);
    }
}
