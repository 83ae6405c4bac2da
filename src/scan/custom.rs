//! Compiling patterns: the policy's custom regexes and the shipped recognizers.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::meta::{self, Regex};
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;

/// Compiled-program size cap per pattern, so a hostile policy cannot make a
/// regex that is huge in memory or slow to build.
pub const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;
/// Lazy-DFA cache cap per pattern (per search thread).
pub(crate) const DFA_CACHE_LIMIT: usize = 2 * 1024 * 1024;
/// Nesting cap for the parser.
const NEST_LIMIT: u32 = 64;

/// Compiles a custom regex from a policy (Unicode-aware, Rust syntax).
pub(crate) fn compile(pattern: &str) -> Result<Regex, String> {
    build(pattern, true, true)
}

/// Compiles a shipped recognizer pattern: ASCII `\b`, `\d`, `\w` and `\s` (so
/// the lazy DFA stays on its fast path on any text); `(?u:...)` opts in to
/// Unicode classes where a rule needs them.
///
/// Without `prefilter` the regex finds no literals to skip ahead to. A rule
/// searched only in a few bytes around a run of digits gains nothing from
/// one: a prefix prefilter of a digit pattern is a set of a thousand
/// three-digit strings, and on a dozen bytes the searcher falls back to
/// hashing every place (a failed search of the UK NHS pattern in 12 bytes
/// took 1,000 instructions with it, 360 without).
pub(crate) fn compile_rule(pattern: &str, prefilter: bool) -> Result<Regex, String> {
    build(pattern, false, prefilter)
}

/// The longest match of a custom regex in bytes, `None` when unbounded.
pub(crate) fn max_len(pattern: &str) -> Option<usize> {
    regex_syntax::ParserBuilder::new()
        .utf8(false)
        .nest_limit(NEST_LIMIT)
        .build()
        .parse(pattern)
        .ok()?
        .properties()
        .maximum_len()
}

/// Lazy-DFA caches, one per searching thread.
pub(crate) type CachePool = Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync>>;

/// The caches of `dfa`, made as threads first search.
pub(crate) fn cache_pool(dfa: &DFA) -> CachePool {
    let dfa = dfa.clone();
    Pool::new(Box::new(move || dfa.create_cache()))
}

/// The syntax of shipped rule patterns, for the engines built from them
/// beside the meta regex: ASCII classes unless `(?u:...)`, any bytes, the
/// nesting cap.
pub(crate) fn rule_syntax() -> syntax::Config {
    syntax::Config::new()
        .unicode(false)
        .utf8(false)
        .nest_limit(NEST_LIMIT)
}

fn build(pattern: &str, unicode: bool, prefilter: bool) -> Result<Regex, String> {
    meta::Builder::new()
        .syntax(rule_syntax().unicode(unicode))
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .onepass_size_limit(Some(REGEX_SIZE_LIMIT))
                .hybrid_cache_capacity(DFA_CACHE_LIMIT)
                .utf8_empty(false)
                .auto_prefilter(prefilter),
        )
        .build(pattern)
        .map_err(|e| reason(&e))
}

/// A one-line reason that says what to change: the limit hit, or the syntax
/// error and its column (the builder's own message names neither).
fn reason(e: &meta::BuildError) -> String {
    if let Some(limit) = e.size_limit() {
        return format!(
            "too large: the compiled pattern exceeds the {} KiB limit (use smaller \
             repetition counts, or ASCII classes such as [0-9] or (?-u:\\w) instead of \
             Unicode \\w and \\d)",
            limit / 1024
        );
    }
    match e.syntax_error() {
        Some(regex_syntax::Error::Parse(p)) => {
            format!("{} at column {}", p.kind(), p.span().start.column)
        }
        Some(regex_syntax::Error::Translate(t)) => {
            format!("{} at column {}", t.kind(), t.span().start.column)
        }
        Some(other) => other
            .to_string()
            .lines()
            .last()
            .unwrap_or_default()
            .to_string(),
        None => e.to_string(),
    }
}
