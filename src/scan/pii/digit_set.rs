//! The patterns of every digit-triggered recognizer as one lazy DFA, which
//! says where each of them has matches around a group of digit runs: a
//! recognizer searches the window around a run only where its pattern has a
//! match.
//!
//! Only digit-triggered patterns are in it: each run opens windows for a
//! dozen recognizers, most of which match nothing there. Adding the
//! keyword-triggered patterns made the DFA large enough to cost more than it
//! saved (chat 99 -> 117, logs 255 -> 303 instructions/byte).

use regex_automata::hybrid::dfa::{Cache, OverlappingState, DFA};
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
        ends.by_pattern.resize_with(self.max_len.len(), Vec::new);
        ends.by_pattern.iter_mut().for_each(Vec::clear);
        let mut cache = self.caches.get();
        let input = Input::new(text).range(zone.start..zone.end);
        let mut state = OverlappingState::start();
        loop {
            if self
                .dfa
                .try_search_overlapping_fwd(&mut cache, &input, &mut state)
                .is_err()
            {
                return false;
            }
            let Some(m) = state.get_match() else {
                return true;
            };
            ends.by_pattern[m.pattern().as_usize()].push(m.offset());
        }
    }

    /// Whether a match of `pattern` found by [`find`](Self::find) may lie in
    /// `window` or overlap it. Overlapping counts because windows of one
    /// recognizer merge: a match spanning two windows is found only when both
    /// are searched.
    pub(crate) fn may_match(&self, ends: &Ends, pattern: usize, window: Span) -> bool {
        let Some(list) = ends.by_pattern.get(pattern) else {
            return true;
        };
        let Some(reach) = self.max_len[pattern] else {
            return !list.is_empty();
        };
        let i = list.partition_point(|&e| e <= window.start);
        list.get(i)
            .is_some_and(|&e| e <= window.end.saturating_add(reach))
    }
}
