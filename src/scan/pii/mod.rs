//! PII recognizers: a shared prefilter, then per-recognizer regex
//! confirmation only around candidates, then validators and context.
//!
//! Candidates come from three cheap sources, computed once per scan for every
//! recognizer together: the trigger literals' hits from the scanner's literal
//! pass (one automaton with the word filter's words), one hash lookup of each
//! capitalised word in the lexicons, and runs of digits ([`digit_runs`]).
//! Around digit runs, one lazy DFA of every digit-triggered pattern says
//! which recognizers have a match at all ([`digit_set`]). A recognizer
//! runs its regex only inside the merged windows around its own candidates;
//! a CSV table's columns are checked cell by cell.

mod anchored;
mod char_set;
mod digit_runs;
mod digit_set;
pub(crate) mod field;
pub(crate) mod lexicon;
mod recognizer;
pub(crate) mod rule;
pub(crate) mod table;
pub(crate) mod validate;

use regex_automata::util::captures::Captures;

use self::digit_runs::DigitRuns;
use self::digit_set::{DigitSet, Ends};
use self::lexicon::{LexiconWords, Lexicons};
use self::recognizer::{Candidate, Recognizer, ScanContext};
pub(crate) use self::rule::RuleSpec;
use crate::entity::PiiType;
use crate::scan::byte_class::{classify, Block, BLOCK};
use crate::scan::finding::Span;
use crate::scan::literals::{sort_leftmost_longest, Hit, Literals, Trigger};
use crate::scan::text;

/// Every compiled recognizer of a scanner plus their shared prefilter.
#[derive(Debug)]
pub(crate) struct PiiEngine {
    recognizers: Vec<Recognizer>,
    /// Every trigger literal (lower case), for the literal pass.
    triggers: Vec<Trigger>,
    /// Recognizers (indices) fed by each trigger: its own rules', then those
    /// of the triggers inside it (see [`inherit_nested_targets`]).
    trigger_targets: Vec<Vec<u16>>,
    /// How many of each trigger's targets are its own rules'.
    own_targets: Vec<usize>,
    /// Recognizers fed by each lexicon entry, seen as a capitalised word.
    lexicon_words: LexiconWords,
    /// (minimum digits, recognizer) sorted by the minimum.
    digit_targets: Vec<(usize, u16)>,
    /// The patterns of `digit_targets`, in that order, as one set.
    digit_set: Option<DigitSet>,
    /// The widest window of any digit-triggered recognizer, before and after a run.
    digit_reach: (usize, usize),
    lexicons: std::sync::Arc<Lexicons>,
}

/// Stretches of digit runs closer than this are searched by the digit set
/// as one, saving a search's fixed cost (start state, cache, resets). In
/// instructions that cost is about what walking 60-80 bytes does, but in
/// time a walked byte costs more (each is a table load that waits on the
/// last): on a 2 KB prompt with a number in every sentence, 16 instead of 64
/// takes 5-11% less time with 0.7% fewer instructions, chat and logs unchanged.
const ZONE_GAP: usize = 16;

/// A recognizer's candidate windows of one scan: merged, or one per trigger
/// for an anchored rule.
type Regions = Vec<Span>;

/// Buffers of one scan, reused between scans on a thread: a short text would
/// otherwise spend a good part of its scan allocating them.
#[derive(Default)]
struct Scratch {
    regions: Vec<Regions>,
    /// Digit runs (start, end, digit count) of the zones not yet pushed.
    runs: Vec<(usize, usize, usize)>,
    /// Where digit patterns match in the zones not yet pushed.
    ends: [Ends; 2],
    /// Recent trigger hits (starts) of each recognizer that needs several.
    recent_triggers: Vec<Vec<usize>>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

impl PiiEngine {
    /// Compiles `rules`; errors name the rule id and the field.
    pub(crate) fn build(rules: &[RuleSpec]) -> Result<Self, Vec<(String, String)>> {
        let mut problems = Vec::new();
        let mut recognizers = Vec::new();
        let mut literals: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<u16>> = Vec::new();
        let mut digit_targets = Vec::new();
        let mut literal_index = std::collections::HashMap::new();
        let mut lexicon_entries: Vec<(&str, u16)> = Vec::new();
        for spec in rules {
            let recognizer = match Recognizer::compile(spec) {
                Ok(r) => r,
                Err(e) => {
                    problems.push((spec.id.clone(), e));
                    continue;
                }
            };
            let idx = recognizers.len() as u16;
            let mut add = |lit: &str| {
                let key = lit.to_ascii_lowercase();
                let slot = *literal_index.entry(key.clone()).or_insert_with(|| {
                    literals.push(key);
                    targets.push(Vec::new());
                    targets.len() - 1
                });
                if !targets[slot].contains(&idx) {
                    targets[slot].push(idx);
                }
            };
            for t in &spec.triggers {
                if t.is_empty() {
                    problems.push((spec.id.clone(), "triggers: empty literal".to_string()));
                } else {
                    add(t);
                }
            }
            for name in &spec.lexicons {
                match lexicon::shipped(name) {
                    Some(text) => {
                        lexicon_entries.extend(lexicon::entries(text).map(|e| (e, idx)));
                    }
                    None => problems.push((
                        spec.id.clone(),
                        format!("lexicon: unknown lexicon {name:?}"),
                    )),
                }
            }
            if let Some(n) = spec.digits {
                digit_targets.push((n.max(1), idx));
            }
            if spec.triggers.is_empty() && spec.lexicons.is_empty() && spec.digits.is_none() {
                problems.push((
                    spec.id.clone(),
                    "needs triggers, digits or a lexicon".to_string(),
                ));
            }
            recognizers.push(recognizer);
        }
        digit_targets.sort_unstable();
        if !problems.is_empty() {
            return Err(problems);
        }
        let own_targets: Vec<usize> = targets.iter().map(Vec::len).collect();
        inherit_nested_targets(&literals, &mut targets);
        let triggers = literals
            .iter()
            .enumerate()
            .map(|(i, text)| Trigger {
                followers: followers(&literals, text, &targets[i], own_targets[i], &recognizers),
                text: text.clone(),
            })
            .collect();
        // Every rule compiled, so recognizer `r` is `rules[r]`.
        let digit_rules = || digit_targets.iter().map(|&(_, r)| &rules[usize::from(r)]);
        let digit_reach = digit_rules().fold((0, 0), |(b, a): (usize, usize), s| {
            (b.max(s.before), a.max(s.after))
        });
        let digit_patterns: Result<Vec<String>, String> = digit_rules()
            .map(|s| recognizer::expand_lexicons(&s.pattern))
            .collect();
        let max_len = digit_targets
            .iter()
            .map(|&(_, r)| recognizers[usize::from(r)].max_len)
            .collect();
        // Without the set (too large to build) every digit window is searched.
        let digit_set = digit_patterns
            .ok()
            .filter(|p| !p.is_empty())
            .and_then(|p| DigitSet::build(&p, max_len));
        Ok(PiiEngine {
            recognizers,
            triggers,
            trigger_targets: targets,
            own_targets,
            lexicon_words: LexiconWords::build(lexicon_entries),
            digit_targets,
            digit_set,
            digit_reach,
            lexicons: Lexicons::shipped(),
        })
    }

    /// The recognizers, in rule order.
    pub(crate) fn len(&self) -> usize {
        self.recognizers.len()
    }

    /// The type and priority of recognizer `i`.
    pub(crate) fn info(&self, i: usize) -> (PiiType, i32, &str) {
        let r = &self.recognizers[i];
        (r.kind, r.priority, &r.id)
    }

    /// The longest match of any recognizer (its bounded length times
    /// `expansion`; an unbounded one counts as `unbounded`) and the farthest
    /// any looks around a match, in bytes.
    pub(crate) fn extent(&self, unbounded: usize, expansion: usize) -> (usize, usize) {
        let longest = self
            .recognizers
            .iter()
            .map(|r| r.max_len.map_or(unbounded, |l| l.saturating_mul(expansion)))
            .max()
            .unwrap_or(0);
        let reach = self.recognizers.iter().map(Recognizer::reach).max();
        (longest, reach.unwrap_or(0))
    }

    /// The trigger literals, in the order of [`Hit::index`].
    pub(crate) fn triggers(&self) -> &[Trigger] {
        &self.triggers
    }

    /// Scans `text`, whose blocks are `blocks`, calling `emit(recognizer,
    /// candidate)` for each confirmed value of the recognizers on in
    /// `enabled` (a flag per recognizer). `triggers` holds every occurrence
    /// of every trigger in `text` not inside a word (the literal pass);
    /// `detect_csv` lets the first line be taken as a CSV header.
    pub(crate) fn scan(
        &self,
        text: &str,
        blocks: &[Block],
        triggers: &mut [Hit],
        enabled: &[bool],
        detect_csv: bool,
        mut emit: impl FnMut(usize, Candidate),
    ) {
        let mut scratch = SCRATCH.with(|cell| cell.take());
        let mut regions = std::mem::take(&mut scratch.regions);
        regions.iter_mut().for_each(Vec::clear);
        regions.resize_with(self.recognizers.len(), Vec::new);
        let len = text.len();
        let push = |regions: &mut Vec<Regions>, r: usize, start: usize, end: usize| {
            self.push_window(regions, r, start, end, len);
        };
        // From left to right, the longest trigger at each place; triggers
        // inside it are covered by its windows.
        sort_leftmost_longest(triggers);
        let recent = &mut scratch.recent_triggers;
        recent.iter_mut().for_each(Vec::clear);
        recent.resize_with(self.recognizers.len(), Vec::new);
        let bytes = text.as_bytes();
        let mut at = 0;
        for m in triggers.iter() {
            if m.start < at {
                continue;
            }
            at = m.end;
            // The literal pass gave no word trigger after a letter ("age" in
            // "page"), only after `_` (`db_password`) or digits (`34yo`).
            let glued = |at: usize| bytes.get(at).is_some_and(|&b| glues(b));
            let inside_word = glued(m.end - 1) && glued(m.end);
            let own = self.own_targets[m.index as usize];
            for (k, &r) in self.trigger_targets[m.index as usize].iter().enumerate() {
                let r = usize::from(r);
                let rec = &self.recognizers[r];
                // What follows is checked after the rule's own triggers
                // only: where a longer trigger holds one, the rule's match
                // goes on inside it.
                if (inside_word && rec.whole_word_triggers)
                    || !is_on(enabled, r)
                    || (k < own && !rec.trigger_followed(text, m.end))
                    || (k < own
                        && rec.trigger_starts_word
                        && text::char_before(text, m.start).is_some_and(text::is_word_char))
                {
                    continue;
                }
                if rec.min_triggers > 1 {
                    let hits = &mut recent[r];
                    hits.retain(|&s| m.start.saturating_sub(s) <= rec.after);
                    hits.push(m.start);
                    if hits.len() < rec.min_triggers {
                        continue;
                    }
                }
                if rec.anchored {
                    // One window per trigger: each is a place to try.
                    let window = self.window(r, m.start, m.end, len);
                    regions[r].push(window);
                } else {
                    push(&mut regions, r, m.start, m.end);
                }
            }
        }
        if !self.lexicon_words.is_empty() {
            let mut lower = String::new();
            capitalised_words(text, blocks, |start, end| {
                if let Some(list) = self.lexicon_words.get_name(text, start, end, &mut lower) {
                    let capitals = text.get(start..end).is_some_and(in_capitals);
                    for &r in list {
                        let r = usize::from(r);
                        let rec = &self.recognizers[r];
                        if is_on(enabled, r)
                            && (!capitals || rec.lexicon_capitals)
                            && rec.lexicon_word_followed(text, end)
                            && rec.lexicon_word_then(text, end, &self.lexicons)
                        {
                            push(&mut regions, r, start, end);
                        }
                    }
                }
            });
        }
        if !self.digit_targets.is_empty() {
            self.push_digit_windows(text, blocks, enabled, &mut scratch, &mut regions);
        }
        let tables = table::Tables::detect(text, detect_csv);
        let ctx = ScanContext {
            lexicons: &self.lexicons,
            tables: tables.as_ref(),
            blocks,
        };
        let mut found = Vec::new();
        for (r, list) in regions.iter_mut().enumerate() {
            let rec = &self.recognizers[r];
            if tables.is_some() && !rec.columns.is_empty() && is_on(enabled, r) {
                rec.find_in_columns(text, &ctx, &mut found);
            }
            if list.is_empty() && found.is_empty() {
                continue;
            }
            let mut caps: Option<Captures> = None;
            if rec.anchored {
                rec.find_anchored(text, list, &ctx, &mut caps, &mut found);
            } else {
                // Literal, lexicon and digit windows were pushed in separate sorted passes.
                merge(list);
                for region in list.iter() {
                    rec.find_in(text, *region, &ctx, &mut caps, &mut found);
                }
            }
            // Where a name or an address ends depends on the words around it
            // ("Mari Garcia" alone, "Mari Garcia MaMari" not), so one copy can
            // be found and another missed: search for every copy.
            let by_neighbours = matches!(rec.kind, PiiType::NAME | PiiType::ADDRESS);
            for mut c in found.drain(..) {
                c.search_elsewhere |= by_neighbours;
                emit(r, c);
            }
        }
        scratch.regions = regions;
        SCRATCH.with(|cell| cell.replace(scratch));
    }
}

impl PiiEngine {
    /// [`scan`](Self::scan) with every recognizer on, `literals` built from
    /// this engine's triggers alone.
    fn scan_alone(&self, literals: &Literals, text: &str, emit: impl FnMut(usize, Candidate)) {
        let mut blocks = Vec::new();
        classify(text.as_bytes(), literals.first_bytes(), true, &mut blocks);
        let mut triggers = Vec::new();
        literals.find(text, &blocks, &mut Vec::new(), &mut triggers);
        let all = vec![true; self.recognizers.len()];
        self.scan(text, &blocks, &mut triggers, &all, true, emit);
    }

    /// Adds recognizer `r`'s window around `start..end` to its sorted list.
    fn push_window(&self, regions: &mut [Regions], r: usize, start: usize, end: usize, len: usize) {
        let span = self.window(r, start, end, len);
        let list = &mut regions[r];
        match list.last_mut() {
            // Each source pushes in order, but a later source may start
            // before the last window of an earlier one.
            Some(last) if span.start <= last.end && span.end >= last.start => {
                last.start = last.start.min(span.start);
                last.end = last.end.max(span.end);
            }
            _ => list.push(span),
        }
    }

    /// Recognizer `r`'s window around a candidate at `start..end` of a text of `len` bytes.
    fn window(&self, r: usize, start: usize, end: usize, len: usize) -> Span {
        let rec = &self.recognizers[r];
        Span {
            start: start.saturating_sub(rec.before),
            end: (end + rec.after).min(len),
        }
    }

    /// Windows around runs of digits. Runs whose widest windows overlap, or
    /// are less than [`ZONE_GAP`] apart, form a zone; the set of digit
    /// patterns is searched once per zone, and a recognizer gets a window
    /// around a run only where its pattern matches in or across it: one
    /// search instead of one per recognizer and window.
    fn push_digit_windows(
        &self,
        text: &str,
        blocks: &[Block],
        enabled: &[bool],
        scratch: &mut Scratch,
        regions: &mut [Regions],
    ) {
        let min_digits = self.digit_targets.first().map_or(usize::MAX, |t| t.0);
        let (before, after) = self.digit_reach;
        let mut zone: Option<Span> = None;
        let mut waiting = None;
        for (start, end, count) in DigitRuns::new(text.as_bytes(), blocks) {
            if count < min_digits {
                continue;
            }
            let wide = Span {
                start: start.saturating_sub(before),
                end: (end + after).min(text.len()),
            };
            zone = match zone {
                Some(z) if wide.start <= z.end + ZONE_GAP => Some(Span {
                    start: z.start,
                    end: wide.end,
                }),
                Some(z) => {
                    self.close_zone(text, z, &mut waiting, enabled, scratch, regions);
                    Some(wide)
                }
                None => Some(wide),
            };
            scratch.runs.push((start, end, count));
        }
        if let Some(z) = zone {
            self.close_zone(text, z, &mut waiting, enabled, scratch, regions);
        }
        if let Some(last) = waiting {
            self.push_zones(text, last, None, enabled, scratch, regions);
        }
    }

    /// Takes `zone`, whose runs end `scratch.runs`, to wait for the next
    /// (the set walks two zones at once), or pushes it with the one waiting.
    fn close_zone(
        &self,
        text: &str,
        zone: Span,
        waiting: &mut Option<(Span, usize)>,
        enabled: &[bool],
        scratch: &mut Scratch,
        regions: &mut [Regions],
    ) {
        match waiting.take() {
            Some(first) => self.push_zones(text, first, Some(zone), enabled, scratch, regions),
            None => *waiting = Some((zone, scratch.runs.len())),
        }
    }

    /// Pushes the windows of the runs in `scratch.runs`: the first `runs` of
    /// them make up zone `first`, the rest zone `second`.
    fn push_zones(
        &self,
        text: &str,
        (first, runs): (Span, usize),
        second: Option<Span>,
        enabled: &[bool],
        scratch: &mut Scratch,
        regions: &mut [Regions],
    ) {
        let within = |zone: Span| Span {
            start: text::floor_boundary(text, zone.start),
            end: text::ceil_boundary(text, zone.end),
        };
        let [ends_first, ends_second] = &mut scratch.ends;
        let found = self.digit_set.as_ref().filter(|set| match second {
            Some(second) => set.find_two(
                text,
                [within(first), within(second)],
                [ends_first, ends_second],
            ),
            None => set.find(text, within(first), ends_first, ends_second),
        });
        let (first_runs, second_runs) = scratch.runs.split_at(runs.min(scratch.runs.len()));
        self.push_runs(
            text,
            first_runs,
            found.map(|s| (s, &scratch.ends[0])),
            enabled,
            regions,
        );
        if second.is_some() {
            self.push_runs(
                text,
                second_runs,
                found.map(|s| (s, &scratch.ends[1])),
                enabled,
                regions,
            );
        }
        scratch.runs.clear();
    }

    /// Pushes the windows of the runs of one zone, where the digit set
    /// found `ends` (`None` when it gave up).
    fn push_runs(
        &self,
        text: &str,
        runs: &[(usize, usize, usize)],
        ends: Option<(&DigitSet, &Ends)>,
        enabled: &[bool],
        regions: &mut [Regions],
    ) {
        // Most patterns match nowhere in a stretch: only those that do are
        // looked at (all of them when the set gave up).
        let matched = ends.map(|(_, ends)| ends.matched());
        let targets = matched.map_or(self.digit_targets.len(), <[usize]>::len);
        for k in 0..targets {
            let i = matched.map_or(k, |m| m[k]);
            let Some(&(need, r)) = self.digit_targets.get(i) else {
                continue;
            };
            let r = usize::from(r);
            if !is_on(enabled, r) {
                continue;
            }
            let mut matches = ends.map(|(set, ends)| set.matches(ends, i));
            // At least as wide as `find_in` searches the run's window
            // (widened to character boundaries, at most 3 bytes each way),
            // without looking at the text for every run and recognizer.
            let searched = |&(start, end, _): &(usize, usize, usize)| {
                let window = self.window(r, start, end, text.len());
                Span {
                    start: window.start.saturating_sub(3),
                    end: window.end + 3,
                }
            };
            let mut j = 0;
            while let Some(run @ &(start, end, count)) = runs.get(j) {
                j += 1;
                if count < need {
                    continue;
                }
                if matches.as_mut().is_none_or(|m| m.may_reach(searched(run))) {
                    self.push_window(regions, r, start, end, text.len());
                    continue;
                }
                // A zone of log lines holds thousands of runs and a pattern
                // few matches: skip to the first run that reaches the next.
                match matches.as_ref().and_then(|m| m.next_start()) {
                    Some(from) => j += gallop(&runs[j..], |run| searched(run).end < from),
                    None => break,
                }
            }
        }
    }
}

/// Whether `b` joins a trigger to what is beside it: a trigger ending in
/// such a byte and followed by one is inside a word, which a whole-word
/// trigger does not count (and its followers leave out).
pub(super) fn glues(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Most bytes a trigger's followers may be: each is a literal of the pass.
const MAX_FOLLOWERS: usize = 40;

/// The bytes that may follow `trigger` (of three bytes) where it counts,
/// when its rules say (see [`Recognizer::trigger_followers`]); `None` for
/// other triggers. Not where a hit of it, dropped, would let a trigger
/// that begins inside it through (the scan skips those), nor for a trigger
/// that also feeds the rules of triggers it holds (`targets` beyond `own`:
/// a shorter one at its start, which the scan skips after it, is one),
/// nor for one followed by too many bytes.
fn followers(
    triggers: &[String],
    trigger: &str,
    targets: &[u16],
    own: usize,
    recognizers: &[Recognizer],
) -> Option<Vec<u8>> {
    let b = trigger.as_bytes();
    let begins = |c: u8| {
        triggers.iter().any(|t| {
            t.as_bytes()
                .first()
                .is_some_and(|f| f.eq_ignore_ascii_case(&c))
        })
    };
    // A literal beginning with a letter or digit right after a letter is
    // never a hit; any other must begin with a byte no trigger begins with.
    let hides_none = (1..b.len())
        .all(|i| (b[i - 1].is_ascii_alphabetic() && b[i].is_ascii_alphanumeric()) || !begins(b[i]));
    if b.len() != 3 || targets.len() != own || !hides_none {
        return None;
    }
    let mut union = [false; 256];
    for &r in targets {
        let set = recognizers
            .get(usize::from(r))?
            .trigger_followers(trigger)?;
        union.iter_mut().zip(set).for_each(|(u, s)| *u |= s);
    }
    let followers: Vec<u8> = (0..=255u8).filter(|&b| union[usize::from(b)]).collect();
    (followers.len() <= MAX_FOLLOWERS).then_some(followers)
}

/// Runs every rule alone over its own examples and negatives; returns
/// `(rule id, reason)` for each example it misses and each negative it hits.
pub(crate) fn check_examples(rules: &[RuleSpec], min_score: f32) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for spec in rules {
        let engine = match PiiEngine::build(std::slice::from_ref(spec)) {
            Ok(e) => e,
            Err(errs) => {
                problems.extend(errs);
                continue;
            }
        };
        let literals = match Literals::build(&[], engine.triggers()) {
            Ok(l) => l,
            Err(e) => {
                problems.push((spec.id.clone(), format!("triggers: {e}")));
                continue;
            }
        };
        let hits = |text: &str| {
            let mut n = 0;
            engine.scan_alone(&literals, text, |_, c| {
                n += usize::from(c.score >= min_score)
            });
            n
        };
        for (i, ex) in spec.examples.iter().enumerate() {
            if hits(ex) == 0 {
                problems.push((
                    spec.id.clone(),
                    format!("example {} not found: {ex:?}", i + 1),
                ));
            }
        }
        for (i, neg) in spec.negatives.iter().enumerate() {
            if hits(neg) > 0 {
                problems.push((
                    spec.id.clone(),
                    format!("negative {} matched: {neg:?}", i + 1),
                ));
            }
        }
    }
    problems
}

/// Sorts and merges overlapping windows.
fn merge(list: &mut Regions) {
    if list.windows(2).all(|w| w[0].start <= w[1].start)
        && list.windows(2).all(|w| w[0].end < w[1].start)
    {
        return;
    }
    list.sort_unstable();
    let mut out: Regions = Vec::with_capacity(list.len());
    for s in list.drain(..) {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    *list = out;
}

/// Only the longest trigger at a place is followed (see
/// [`PiiEngine::scan`]), so a trigger that holds another where the literal
/// pass would report it ("username" holds "user") feeds that one's
/// recognizers too.
fn inherit_nested_targets(literals: &[String], targets: &mut [Vec<u16>]) {
    let reported_inside = |outer: &str, inner: &str| {
        let (outer, inner) = (outer.as_bytes(), inner.as_bytes());
        let starts_word = inner.first().is_some_and(u8::is_ascii_alphanumeric);
        let after_letter = |at: usize| at > 0 && outer[at - 1].is_ascii_alphabetic();
        inner.len() < outer.len()
            && (outer.windows(inner.len()).enumerate())
                .any(|(at, w)| w == inner && !(starts_word && after_letter(at)))
    };
    let inherited: Vec<Vec<u16>> = literals
        .iter()
        .map(|outer| {
            literals
                .iter()
                .zip(targets.iter())
                .filter(|(inner, _)| reported_inside(outer, inner))
                .flat_map(|(_, t)| t.iter().copied())
                .collect()
        })
        .collect();
    for (own, more) in targets.iter_mut().zip(inherited) {
        for r in more {
            if !own.contains(&r) {
                own.push(r);
            }
        }
    }
}

/// Calls `found(start, end)` for each name-like word ([`name_word_len`],
/// over one byte) that starts with an upper-case letter of the Basic
/// Multilingual Plane after neither a letter nor a digit, as byte spans in
/// order; none inside another. They are looked up in the lexicons, whose
/// words all begin in that plane, and no letter beyond it lowers to one in it.
///
/// The places worth a look (ASCII capitals and non-ASCII characters at a
/// word's start) come from the text's [`Block`]s, with each block's ASCII
/// name bytes, which give most words' lengths; only a non-ASCII character
/// in or next to a word is decoded. A loop with a callback rather than an
/// iterator: its state stays in registers.
fn capitalised_words(text: &str, blocks: &[Block], mut found: impl FnMut(usize, usize)) {
    let b = text.as_bytes();
    // End of the last word given.
    let mut end = 0;
    for (base, block) in (0..).step_by(BLOCK).zip(blocks) {
        let mut starts = block.capital_starts;
        while starts != 0 {
            let bit = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            let start = base + bit;
            let Some(&first) = b.get(start) else {
                return;
            };
            // Beyond the Basic Multilingual Plane (emoji, four UTF-8 bytes)
            // no letter lowers to one a lexicon word begins with.
            if start < end || first >= 0xF0 {
                continue;
            }
            let upper = first.is_ascii_uppercase()
                || text::char_at(text, start).is_some_and(text::is_uppercase);
            let after_letter = start > 0
                && !b[start - 1].is_ascii()
                && text::char_before(text, start).is_some_and(text::is_alphanumeric);
            if !upper || after_letter {
                continue;
            }
            // The run of ASCII name bytes from `start` is the word when it
            // ends inside the block, at an ASCII byte or the end of the text.
            let run = (!(block.name >> bit)).trailing_zeros() as usize;
            let word_len = if bit + run < BLOCK && b.get(start + run).is_none_or(u8::is_ascii) {
                run
            } else {
                name_word_len(&text[start..])
            };
            if word_len > 1 {
                end = start + word_len;
                found(start, end);
            }
        }
    }
}

/// Byte length of the name-like word `word` starts with: letters, `'`, `’` and `-`.
fn name_word_len(word: &str) -> usize {
    let b = word.as_bytes();
    let mut at = 0;
    while at < b.len() {
        let c = b[at];
        if c.is_ascii_alphabetic() || c == b'\'' || c == b'-' {
            at += 1;
        } else if c.is_ascii() {
            break;
        } else {
            match text::char_at(word, at) {
                Some(c) if text::is_alphabetic(c) || c == '’' => at += c.len_utf8(),
                _ => break,
            }
        }
    }
    at
}

/// The index of the first item of `items` not satisfying `pred`, which
/// holds for a prefix: found in steps doubling from the front, as the
/// sought item is usually near it (binary search from the middle waited on
/// loads from across the whole list).
fn gallop<T>(items: &[T], pred: impl Fn(&T) -> bool) -> usize {
    let mut done = 0;
    let mut step = 1;
    while done + step < items.len() && pred(&items[done + step - 1]) {
        done += step;
        step *= 2;
    }
    let upto = (done + step).min(items.len());
    done + items[done..upto].partition_point(pred)
}

/// Whether `word` is in capitals: more than one character, and every one
/// after the first upper-case (as the NAME validators define it).
fn in_capitals(word: &str) -> bool {
    let mut rest = word.chars().skip(1).peekable();
    rest.peek().is_some() && rest.all(char::is_uppercase)
}

/// Whether recognizer `r` is on in `enabled`.
fn is_on(enabled: &[bool], r: usize) -> bool {
    enabled.get(r).copied().unwrap_or(false)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn capitalised_words_are_found_as_char_by_char(
            text in "(Ann|ann|Émile|émile|McD|O'Neil|Jean-Luc|A|É|🙂|𐐀x|𝐀x|[ 1_\\-'.]){0,60}",
        ) {
            // The definition, one character at a time.
            let mut expected = Vec::new();
            let mut end = 0;
            for (start, c) in text.char_indices() {
                let before = text[..start].chars().next_back();
                if start < end
                    || !text::is_uppercase(c)
                    || u32::from(c) > 0xFFFF
                    || before.is_some_and(text::is_alphanumeric)
                {
                    continue;
                }
                let len = name_word_len(&text[start..]);
                if len > 1 {
                    end = start + len;
                    expected.push((start, end));
                }
            }
            let blocks = crate::scan::byte_class::blocks_of(text.as_bytes());
            let mut found = Vec::new();
            capitalised_words(&text, &blocks, |start, end| found.push((start, end)));
            proptest::prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn lexicon_words_begin_where_no_letter_beyond_the_basic_plane_lowers_to() {
        let basic = |c: char| u32::from(c) <= 0xFFFF;
        for (name, text) in lexicon::SHIPPED {
            let mut first = lexicon::entries(text).filter_map(|e| e.chars().next());
            assert!(first.all(basic), "{name}");
        }
        // Every case pair of a letter beyond the plane is beyond it too.
        let mut beyond = (0x1_0000..=0x10_FFFF).filter_map(char::from_u32);
        assert!(beyond.clone().all(|c| c.to_lowercase().all(|l| !basic(l))));
        assert!(beyond.all(|c| c.to_uppercase().all(|u| !basic(u))));
    }

    /// What the rules find in `text`, alone: (rule, start, end, score %).
    fn found_alone(rules: &[RuleSpec], text: &str) -> Vec<(usize, usize, usize, u32)> {
        let engine = PiiEngine::build(rules).unwrap();
        let literals = Literals::build(&[], engine.triggers()).unwrap();
        let mut spans = Vec::new();
        engine.scan_alone(&literals, text, |r, c| {
            spans.push((r, c.span.start, c.span.end, (c.score * 100.0) as u32));
        });
        spans.sort_unstable();
        spans
    }

    /// Asserts that `rules` find in each of `texts` what they find once
    /// `change` has been made to every one of them.
    fn assert_change_finds_the_same(
        rules: &[RuleSpec],
        change: impl FnMut(&mut RuleSpec),
        texts: &[&str],
    ) {
        let mut changed = rules.to_vec();
        changed.iter_mut().for_each(change);
        for text in texts {
            assert_eq!(
                found_alone(rules, text),
                found_alone(&changed, text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn what_follows_a_trigger_skips_only_windows_without_a_match() {
        // The shipped rules that ask what follows their triggers, with
        // and without asking; and `pii.username`, whose matches all begin
        // with one of its longer triggers, with `user` as a trigger too.
        let shipped = rule::shipped().unwrap();
        let asking: Vec<RuleSpec> = shipped
            .iter()
            .filter(|r| !r.trigger_followed_by.is_empty() || r.id == "pii.username")
            .cloned()
            .collect();
        assert!(asking.len() >= 5);
        let ask_nothing = |r: &mut RuleSpec| {
            r.trigger_followed_by.clear();
            if r.id == "pii.username" {
                r.triggers.push("user".to_string());
            }
        };
        let texts = [
            "Thanks,\nliam gupta",
            "Thanks,\r\nliam gupta\r\n",
            "Thanks!\nliam gupta",
            "Thanks liam gupta",
            "Thanks \t,\nliam gupta",
            "Thanks\n  Ana Diaz",
            "Thanks, Ana Diaz. Thanks,Ana Diaz; thanks:Ana",
            "Kind regards,\nlars russo\nKind regards\nLars Russo",
            "Cheers,\tBob Stone\nCheers Bob; cheers,\nmohammed hussein",
            "Hey, John! Hey John. Hi\tÉmile Zola, hi team, HI Åsa",
            "hey\tJohn",
            "Attn: Mary Major; attn Mary Major; ATTN:\nŁukasz Nowak; cc: Ana Diaz",
            "Dear Support, Dear\nJohn Smith, dear john",
            "thank you, Anna Bell; thank you Anna; Thank You,\nanna bell",
            "Best,\nzoë dubé\nbest, Zoë Dubé",
            "Sincerely,\n\nRuth Ng\nSincerely, Ruth Ng",
            "user=bob user bob; the account mnelson got locked; ACCOUNT X9",
            "\"user\": \"alice\", user | carol, User:\tdave, \"account\" : 'erin'",
            "account\nmary_jones; user\u{b}bob; user\r\nsam; reporter: eve; owner = frank",
            "username: jdoe42 user_id=7 User ID: ops-admin; user name is kit_t",
            "login is kit_t; logged in as alice; USER-NAME=\"zed\"; userid bob; user-id: x9k",
            "they are 34. she is\u{a0}40, he turned\n\t50 today; I'm 29 years; im 33! she's 7.",
            "they are done 34. he is\r\n61 now. She Is:5, turning 80",
        ];
        // One a text: a rule that is not anchored searches its windows
        // merged, so a window of another trigger could find a value.
        let expiry = [
            "exp 06/27",
            "Exp: 06/2027",
            "exp. 6/30",
            "expiry date 10-27",
            "EXP=\"07/29\"",
            "exp|11/31",
            "exp\n06/27",
            "exp\u{a0}06/27",
            "exp\t\t07/28",
            "exp\u{2009}07/28",
            "valid thru 7/30",
            "good thru\n12/26",
            "exp on 06/27",
            "exp is 06/27",
            "export 06/27",
            "exp06/27",
            "expires 01/30",
            "expires soon 4/30",
            "Expiry Date: 06/27",
        ];
        let others = [
            "reg AB12 CDE",
            "Reg: AVW472",
            "reg. GN59 JAC",
            "reg no. GN59 JAC",
            "regno GN59JAC",
            "reg\tAB12CDE",
            "reg=\"XPA2135\"",
            "reg|5VVM313",
            "plate number is XPA-2135",
            "plate: PN06 SGG",
            "Plate ZVZ945",
            "tag 5ABC123",
            "tag: 5ABC123",
            "registration XPA2135",
            "registration number: AB12 CDE",
            "regards AB12 CDE",
            "tags 5ABC123",
            "PIN: 661833",
            "pin 7676",
            "pin code 4170",
            "PIN is 4404",
            "pin was 4404",
            "pin# 1234",
            "pin_code=1234",
            "pincode 1234",
            "pin1234",
            "pin\n1234",
            "PIN Number 1234",
            "passcode 98765",
            "age: 53",
            "age 53",
            "aged 44",
            "ages 7",
            "age is 30",
            "age of 30",
            "age\"=\"41",
            "age41",
            "Age\t29",
            "agent 47",
            "CVV 123",
            "cvv2 123",
            "cvv: 123",
            "cvc code 123",
            "CID is 1234",
            "csc#123",
            "cvv123",
            "CVV number 123",
            "cvv was 123",
            "security code 123",
            "city 123",
            "card verification value 123",
            "Card Verification Value: 1234",
            "digits on the back are 057",
        ];
        let texts: Vec<&str> = texts.into_iter().chain(expiry).chain(others).collect();
        assert_change_finds_the_same(&asking, ask_nothing, &texts);
        // Not vacuous: names in lower and in upper case, and usernames
        // of every rule, are found.
        let unfound = [
            "exp\u{a0}06/27",
            "exp\u{2009}07/28",
            "export 06/27",
            "exp06/27",
            "expires soon 4/30",
            "regards AB12 CDE",
            "tags 5ABC123",
            "agent 47",
            "city 123",
        ];
        for text in expiry.into_iter().chain(others) {
            assert_eq!(
                found_alone(&asking, text).is_empty(),
                unfound.contains(&text),
                "{text:?}"
            );
        }
        for i in [0, 5, 10, 16, 17, 18, 19, 20, 21, 22] {
            assert!(!found_alone(&asking, texts[i]).is_empty(), "{:?}", texts[i]);
        }
    }

    #[test]
    fn anchored_rules_find_what_their_search_finds() {
        let shipped = rule::shipped().unwrap();
        let anchored: Vec<RuleSpec> = shipped.iter().filter(|r| r.anchored).cloned().collect();
        assert!(!anchored.is_empty());
        let texts = [
            "user=dave logged in; user bob then user carol",
            "login failed for user alice.smith, account mary_jones locked",
            "user user bob",
            "user user alice.smith",
            "username: jdoe42 and User ID: ops-admin, screen name kit_t",
            "no keyword here at all",
            "useruser dave; user\tx9; Account name is ZED",
            "Hi Thandiwe, thanks. Kind regards,\nOmar Choi",
            // Realign: triggers inside a rejected match are tried.
            "Hi Hi John Smith",
            "Hi Team Hello Ann Lee; hi team, Dear Support, Thanks,\nThe Team",
        ];
        assert_change_finds_the_same(&anchored, |r| r.anchored = false, &texts);
        // Not vacuous: `jdoe42` and `ops-admin` (pii.username), `kit_t`
        // (pii.username.bare), `alice.smith` and `mary_jones`
        // (pii.username.weak), and names.
        let index = |id: &str| anchored.iter().position(|r| r.id == id).unwrap();
        let (user, bare, weak, greeting) = (
            index("pii.username"),
            index("pii.username.bare"),
            index("pii.username.weak"),
            index("pii.name.greeting"),
        );
        assert_eq!(
            found_alone(&anchored, texts[4]),
            [(user, 10, 16, 85), (user, 30, 39, 85), (bare, 53, 58, 85)]
        );
        assert_eq!(
            found_alone(&anchored, texts[1]),
            [(weak, 22, 33, 75), (weak, 43, 53, 75)]
        );
        assert_eq!(
            found_alone(&anchored, texts[7]),
            [(greeting, 3, 11, 80), (greeting, 35, 44, 80)]
        );
        assert_eq!(found_alone(&anchored, texts[8]), [(greeting, 6, 16, 80)]);
        assert_eq!(found_alone(&anchored, texts[9]), [(greeting, 14, 21, 80)]);
    }

    #[test]
    fn anchored_needs_trigger_windows_that_start_at_the_trigger() {
        let shipped = rule::shipped().unwrap();
        let mut spec = shipped.iter().find(|r| r.anchored).unwrap().clone();
        spec.before = 4;
        let err = PiiEngine::build(&[spec]).unwrap_err();
        assert_eq!(err.len(), 1);
        assert!(
            err[0]
                .1
                .starts_with("anchored: needs windows from triggers only"),
            "{err:?}"
        );
    }

    /// One digit rule whose matches may be any length (`\s+`) stops the
    /// digit set from walking long zones as two halves at once: logs ran
    /// 12% slower so, with no more instructions.
    #[test]
    fn the_shipped_digit_rules_matches_are_bounded() {
        let shipped = rule::shipped().unwrap();
        let engine = PiiEngine::build(shipped).unwrap();
        let unbounded: Vec<&str> = engine
            .digit_targets
            .iter()
            .map(|&(_, r)| usize::from(r))
            .filter(|&r| engine.recognizers[r].max_len.is_none())
            .map(|r| shipped[r].id.as_str())
            .collect();
        assert_eq!(unbounded, Vec::<&str>::new());
        assert!(engine
            .digit_set
            .as_ref()
            .is_some_and(DigitSet::splits_long_zones));
    }

    #[test]
    fn engines_of_different_sizes_share_a_thread() {
        let shipped = rule::shipped().unwrap();
        let card: Vec<RuleSpec> = shipped
            .iter()
            .filter(|r| r.id == "pii.card")
            .cloned()
            .collect();
        let small = PiiEngine::build(&card).unwrap();
        let large = PiiEngine::build(shipped).unwrap();
        let text = "card 4111 1111 1111 1111 thanks";
        let found = |engine: &PiiEngine| {
            let literals = Literals::build(&[], engine.triggers()).unwrap();
            let mut spans = Vec::new();
            engine.scan_alone(&literals, text, |r, c| {
                if engine.info(r).0 == PiiType::CREDIT_DEBIT_CARD_NUMBER {
                    spans.push((c.span.start, c.span.end));
                }
            });
            spans
        };
        // The small engine's scratch is reused, then outgrown, by the large one.
        for engine in [&small, &large, &small] {
            assert_eq!(found(engine), vec![(5, 24)]);
        }
    }

    #[test]
    fn a_window_starting_before_the_last_one_extends_it() {
        let engine = PiiEngine::build(&rule::shipped().unwrap()[..1]).unwrap();
        let mut regions = vec![Vec::new()];
        let (before, after) = (engine.recognizers[0].before, engine.recognizers[0].after);
        // The first trigger's window, then an earlier one from another source.
        engine.push_window(&mut regions, 0, 500, 510, 10_000);
        engine.push_window(&mut regions, 0, 490, 495, 10_000);
        let expected = Span {
            start: 490 - before,
            end: 510 + after,
        };
        assert!(490 - before < 500 - before && 495 + after >= 500 - before);
        assert_eq!(regions[0], vec![expected]);
    }

    proptest::proptest! {
        #[test]
        fn gallop_finds_what_partition_point_finds(len in 0usize..300, split in 0usize..300) {
            let items: Vec<usize> = (0..len).collect();
            let below = |&i: &usize| i < split;
            proptest::prop_assert_eq!(gallop(&items, below), items.partition_point(below));
        }
    }

    #[test]
    fn a_trigger_holding_another_feeds_its_recognizers_too() {
        // `username` holds `user` at its start and `name` after a letter
        // (never reported there); `log in` holds `in` after a space.
        let rules = [
            (
                "a",
                "USERNAME",
                r"user:\s*(?P<value>\w+)",
                r#""user", "in""#,
            ),
            (
                "b",
                "USERNAME",
                r"username\s+(?P<value>\w+)",
                r#""username", "log in""#,
            ),
            ("c", "NAME", r"name:\s*(?P<value>\w+)", r#""name""#),
        ];
        let toml: String = rules
            .iter()
            .map(|(id, kind, pattern, triggers)| {
                format!("[[recognizer]]\nid = \"{id}\"\ntype = \"{kind}\"\npattern = '{pattern}'\ntriggers = [{triggers}]\nscore = 0.9\n")
            })
            .collect();
        let engine = PiiEngine::build(&rule::parse("test", &toml).unwrap()).unwrap();
        let targets = |literal: &str| {
            let i = engine
                .triggers()
                .iter()
                .position(|t| t.text == literal)
                .unwrap();
            engine.trigger_targets[i].clone()
        };
        assert_eq!(targets("username"), [1, 0]);
        assert_eq!(targets("log in"), [1, 0]);
        assert_eq!(targets("user"), [0]);
        assert_eq!(targets("name"), [2]);
    }

    #[test]
    fn a_trigger_is_looked_for_with_its_followers_only_where_no_other_gets_through() {
        let rule = |id: &str, triggers: &str| {
            format!("[[recognizer]]\nid = \"{id}\"\ntype = \"PIN\"\npattern = '(?P<value>\\d{{4}})'\ntriggers = [{triggers}]\ntrigger_followed_by = ':'\nafter = 8\nscore = 0.9\n")
        };
        let followers = |toml: &str, literal: &str| {
            let engine = PiiEngine::build(&rule::parse("test", toml).unwrap()).unwrap();
            let t = engine
                .triggers()
                .iter()
                .find(|t| t.text == literal)
                .unwrap();
            t.followers.clone()
        };
        // A space or tab (skipped before the check), then the set.
        assert_eq!(
            followers(&rule("a", r#""pin""#), "pin"),
            Some(b"\t :".to_vec())
        );
        // Longer triggers and shorter ones are left whole.
        assert_eq!(followers(&rule("a", r#""pins", "pi""#), "pins"), None);
        // `p'n` dropped before a letter would let `n` through; `pi` at its start.
        assert_eq!(followers(&rule("a", r#""p'n", "nn""#), "p'n"), None);
        assert_eq!(
            followers(&(rule("a", r#""pin""#) + &rule("b", r#""pi""#)), "pin"),
            None
        );
        // A rule that asks nothing of what follows takes every hit.
        let asks_nothing = rule("b", r#""pin""#).replace("trigger_followed_by = ':'\n", "");
        assert_eq!(
            followers(&(rule("a", r#""pin""#) + &asks_nothing), "pin"),
            None
        );
    }

    /// What [`check_examples`] says of one rule, written as its fields
    /// (windows of 0 bytes before and 8 after, score 0.9).
    fn problems_of_rule(fields: &str) -> Vec<(String, String)> {
        let toml = format!("[[recognizer]]\n{fields}\nbefore = 0\nafter = 8\nscore = 0.9\n");
        check_examples(&rule::parse("test", &toml).unwrap(), 0.5)
    }

    #[test]
    fn a_rule_needing_several_triggers_tries_only_where_they_cluster() {
        let problems = |min: usize| {
            problems_of_rule(&format!(
                r#"id = "t.clustered"
type = "PIN"
pattern = '\d{{3}}'
triggers = ["x"]
min_triggers = {min}
examples = ["x x 123", "x,x:123"]
negatives = ["x 123", "x ....... x 123"]"#
            ))
        };
        assert_eq!(problems(2), vec![]);
        // One hit is enough without the rule: both negatives match.
        let one: Vec<String> = problems(1).into_iter().map(|(_, why)| why).collect();
        assert_eq!(
            one,
            vec![
                "negative 1 matched: \"x 123\"",
                "negative 2 matched: \"x ....... x 123\""
            ]
        );
        assert_eq!(
            problems(0),
            vec![(
                "t.clustered".to_string(),
                "min_triggers: needs triggers and is at least 1".to_string()
            )]
        );
    }

    #[test]
    fn a_lexicon_word_in_capitals_counts_unless_the_rule_says_not() {
        let problems = |capitals: bool| {
            problems_of_rule(&format!(
                r#"id = "t.street"
type = "ADDRESS"
pattern = '[A-Za-z]+ [0-9]+'
lexicons = ["street_types"]
lexicon_capitals = {capitals}
examples = ["Lane 12", "LANE 12"]"#
            ))
        };
        assert_eq!(problems(true), vec![]);
        assert_eq!(
            problems(false),
            vec![(
                "t.street".to_string(),
                "example 2 not found: \"LANE 12\"".to_string()
            )]
        );
        let capitals: Vec<bool> = ["WEST", "West", "WEST-END", "O'NEIL", "Ø", "ÉMILE", "Ab"]
            .iter()
            .map(|w| in_capitals(w))
            .collect();
        assert_eq!(capitals, [true, false, false, false, false, true, false]);
    }

    /// One `*_followed_by` field under test: a rule with two examples and
    /// its set written `{set}`; a set that finds both, one that finds only
    /// the first, one that finds neither; and a rule lacking what the field
    /// needs, with the error it gets.
    struct FollowedBy {
        id: &'static str,
        rule: &'static str,
        examples: [&'static str; 2],
        sets: [&'static str; 3],
        unmet: (&'static str, &'static str, &'static str),
    }

    #[test]
    fn a_word_opens_windows_only_when_followed_as_the_rule_says() {
        let fields = [
            FollowedBy {
                id: "t.street",
                rule: r#"id = "t.street"
type = "ADDRESS"
pattern = '[A-Za-z]+ ?[,;] [0-9]+'
lexicons = ["street_types"]
lexicon_followed_by = "{set}"
examples = ["Lane, 12", "Lane ; 12"]"#,
                examples: ["Lane, 12", "Lane ; 12"],
                sets: [",;", ",", ":"],
                unmet: (
                    "t.comma",
                    r#"id = "t.comma"
type = "NAME"
pattern = 'x'
triggers = ["x"]
lexicon_followed_by = ","
examples = ["x"]"#,
                    "lexicon_followed_by: needs lexicons",
                ),
            },
            FollowedBy {
                id: "t.key",
                rule: r#"id = "t.key"
type = "PIN"
pattern = '(?i)pin ?[:=] ?[0-9]+'
triggers = ["pin"]
trigger_followed_by = "{set}"
examples = ["pin: 1234", "PIN = 98765"]
negatives = ["pin 1234"]"#,
                examples: ["pin: 1234", "PIN = 98765"],
                sets: [":=", ":", ","],
                unmet: (
                    "t.digits",
                    r#"id = "t.digits"
type = "PIN"
pattern = '[0-9]{4}'
digits = 4
trigger_followed_by = ":"
examples = ["1234"]"#,
                    "trigger_followed_by: needs triggers",
                ),
            },
        ];
        for f in fields {
            let problems = |set: &str| problems_of_rule(&f.rule.replace("{set}", set));
            let not_found = |n: usize| {
                (
                    f.id.to_string(),
                    format!("example {n} not found: {:?}", f.examples[n - 1]),
                )
            };
            let [both, first, neither] = f.sets;
            assert_eq!(problems(both), vec![], "{}", f.id);
            assert_eq!(problems(first), vec![not_found(2)], "{}", f.id);
            assert_eq!(
                problems(neither),
                vec![not_found(1), not_found(2)],
                "{}",
                f.id
            );
            let (id, rule, reason) = f.unmet;
            assert_eq!(
                problems_of_rule(rule),
                vec![(id.to_string(), reason.to_string())]
            );
        }
    }

    #[test]
    fn a_word_opens_windows_only_when_the_word_after_is_in_the_set() {
        let rule = |then: &str| {
            format!(
                r#"id = "t.inverted"
type = "NAME"
pattern = '[A-Z][a-z]+, +[A-Z][a-z]+'
lexicons = ["surnames"]
lexicon_followed_by = ","
{then}
examples = ["Smith, John", "Smith,  Emily"]
negatives = ["Smith, Omaha"]"#
            )
        };
        assert_eq!(
            problems_of_rule(&rule(r#"lexicon_then = "first_names""#)),
            vec![]
        );
        // Without it, the pattern finds what the set would have ruled out.
        assert_eq!(
            problems_of_rule(&rule("")),
            vec![(
                "t.inverted".to_string(),
                "negative 1 matched: \"Smith, Omaha\"".to_string()
            )]
        );
        assert_eq!(
            problems_of_rule(&rule(r#"lexicon_then = "cities""#)),
            vec![(
                "t.inverted".to_string(),
                "lexicon_then: unknown lexicon \"cities\"".to_string()
            )]
        );
        let unfollowed =
            rule(r#"lexicon_then = "first_names""#).replace("lexicon_followed_by = \",\"\n", "");
        assert_eq!(
            problems_of_rule(&unfollowed),
            vec![(
                "t.inverted".to_string(),
                "lexicon_then: needs lexicon_followed_by".to_string()
            )]
        );
    }
}
