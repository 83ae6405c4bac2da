//! A quick "can the pattern match here?" for rules tried anchored at each
//! trigger: most tries fail within a few bytes ("Thanks, the ..." for the
//! greeting rule), and the meta regex spends most of such a try on getting
//! there (pool, strategy, captures). A bare lazy DFA answers in about a
//! third of the instructions, and only tries it says match are searched.

use regex_automata::hybrid::dfa::DFA;
use regex_automata::nfa::thompson;
use regex_automata::{Input, MatchKind};

use crate::scan::custom::{cache_pool, rule_syntax, CachePool, DFA_CACHE_LIMIT, REGEX_SIZE_LIMIT};

/// A pattern's anchored lazy DFA and one cache per searching thread.
pub(crate) struct AnchoredCheck {
    dfa: DFA,
    caches: CachePool,
}

impl std::fmt::Debug for AnchoredCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnchoredCheck").finish_non_exhaustive()
    }
}

impl AnchoredCheck {
    /// The check of `pattern` (shipped-rule syntax, as
    /// [`compile_rule`](crate::scan::custom::compile_rule) takes it).
    pub(crate) fn build(pattern: &str) -> Result<Self, String> {
        let dfa = DFA::builder()
            .syntax(rule_syntax())
            .thompson(
                thompson::Config::new()
                    .utf8(false)
                    .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
            )
            .configure(
                DFA::config()
                    .match_kind(MatchKind::LeftmostFirst)
                    .cache_capacity(DFA_CACHE_LIMIT),
            )
            .build(pattern)
            .map_err(|e| e.to_string())?;
        Ok(AnchoredCheck {
            caches: cache_pool(&dfa),
            dfa,
        })
    }

    /// Whether a search anchored at the start of `input` may find a match:
    /// `false` only when it cannot (a DFA that gives up says it may).
    pub(crate) fn may_match(&self, input: &Input<'_>) -> bool {
        let mut cache = self.caches.get();
        self.dfa
            .try_search_fwd(&mut cache, input)
            .map_or(true, |m| m.is_some())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use regex_automata::Anchored;

    proptest::proptest! {
        #[test]
        fn it_says_no_only_where_the_anchored_search_finds_nothing(
            text in "(Hi|hi|Dear|,| |\n|Ann|ann|é|Ø|x){0,12}",
            from in 0usize..40,
        ) {
            let pattern = r"(?i:hi\b|dear\b),?[ \t]*\n?[ \t]*(?P<value>(?u:[A-ZÀ-ÖØ-Þ][a-zà-ÿ]+))";
            let check = AnchoredCheck::build(pattern).unwrap();
            let regex = crate::scan::custom::compile_rule(pattern, true).unwrap();
            let from = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            let input = Input::new(&text).range(from..).anchored(Anchored::Yes);
            proptest::prop_assert_eq!(check.may_match(&input), regex.search(&input).is_some());
        }
    }
}
