//! A compiled recognizer: confirming regex, validator and context scoring.

use aho_corasick::{dfa, MatchKind, PatternID, StartKind};
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::{Class, Hir, HirKind};
use rustc_hash::FxHashSet;

use super::anchored::AnchoredCheck;
use super::char_set::CharSet;
use super::field;
use super::lexicon::Lexicons;
use super::rule::RuleSpec;
use super::table::{self, Tables};
use super::validate::{self, Validator};
use crate::entity::PiiType;
use crate::scan::byte_class::{any_digit, Block};
use crate::scan::custom::{compile_rule, rule_syntax};
use crate::scan::finding::Span;
use crate::scan::literals::AnchoredWalk;
use crate::scan::text::{ceil_boundary, char_at, char_before, floor_boundary, is_word_char};

/// How many shorter matches to try after a match fails its validator.
const MAX_SHORTER_TRIES: usize = 4;

/// How far after a value context words still count, in bytes.
const CONTEXT_AFTER: usize = 24;

/// One recognizer, ready to run.
#[derive(Debug)]
pub(crate) struct Recognizer {
    pub(crate) id: String,
    pub(crate) kind: PiiType,
    regex: Regex,
    /// Capture group index of `value`, when the pattern has one.
    value_group: Option<usize>,
    validator: Option<Validator>,
    /// Context words, positive then negative, in one automaton.
    context: Option<ContextWords>,
    context_window: usize,
    score: f32,
    context_score: f32,
    pub(crate) priority: i32,
    isolated: bool,
    realign: bool,
    /// Tried anchored at each trigger (see `RuleSpec::anchored`).
    pub(crate) anchored: bool,
    /// For an anchored rule, what rules most tries out cheaply.
    anchored_check: Option<AnchoredCheck>,
    /// Whether a trigger followed by a letter, digit or `_` is ignored.
    pub(crate) whole_word_triggers: bool,
    /// Whether a trigger after a letter, digit or `_` is ignored (see `RuleSpec::trigger_starts_word`).
    pub(crate) trigger_starts_word: bool,
    /// Whether a lexicon word in capitals opens its windows (see `RuleSpec::lexicon_capitals`).
    pub(crate) lexicon_capitals: bool,
    /// What must follow a lexicon word for it to open a window (see `RuleSpec::lexicon_followed_by`).
    lexicon_followed_by: CharSet,
    /// The set the word after that must be in (see `RuleSpec::lexicon_then`).
    lexicon_then: Option<fn(&Lexicons) -> &FxHashSet<String>>,
    /// What must follow a trigger for it to open a window (see `RuleSpec::trigger_followed_by`).
    trigger_followed_by: CharSet,
    /// Hits of its triggers needed within `after` bytes (see `RuleSpec::min_triggers`).
    pub(crate) min_triggers: usize,
    not_followed_by: CharSet,
    not_in_url_login: bool,
    pub(crate) before: usize,
    pub(crate) after: usize,
    /// Normalised CSV headers whose cells are checked with `cell`.
    pub(crate) columns: Vec<String>,
    /// Full-cell pattern for CSV columns.
    cell: Option<Regex>,
    /// Longest possible match in bytes, `None` when unbounded.
    pub(crate) max_len: Option<usize>,
    /// Whether every match holds an ASCII digit: a stretch without one is
    /// not searched (the AGE rules' windows around `I'm` or `old`, the
    /// ADDRESS rule's around a street-type word, what is left of a window
    /// after a match).
    needs_digit: bool,
}

impl Candidate {
    /// A valid value that its surroundings rule out here (score 0): not
    /// reported, but masked where the same value is found elsewhere.
    fn ruled_out(span: Span) -> Self {
        Candidate {
            span,
            score: 0.0,
            search_elsewhere: false,
        }
    }
}

/// What every recognizer may consult during one scan.
#[derive(Debug)]
pub(crate) struct ScanContext<'t> {
    pub(crate) lexicons: &'t Lexicons,
    /// The text's tables (CSV, Markdown), when it has any.
    pub(crate) tables: Option<&'t Tables<'t>>,
    /// The text's blocks: where its digits are.
    pub(crate) blocks: &'t [Block],
}

/// A confirmed value with its confidence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub(crate) span: Span,
    pub(crate) score: f32,
    /// Whether only its keyword or CSV column found it, so that other copies
    /// of it must be searched for (copies of shape-found values are matched
    /// by the recognizer itself).
    pub(crate) search_elsewhere: bool,
}

impl Recognizer {
    /// Compiles a rule; the error names the field at fault.
    pub(crate) fn compile(spec: &RuleSpec) -> Result<Self, String> {
        let pattern = expand_lexicons(&spec.pattern)?;
        // Windows around digit runs are a few bytes wider than the run.
        let regex =
            compile_rule(&pattern, spec.digits.is_none()).map_err(|e| format!("pattern: {e}"))?;
        let value_group = regex
            .group_info()
            .to_index(regex_automata::PatternID::ZERO, "value");
        let validator = match &spec.validator {
            Some(name) => Some(
                validate::by_name(name)
                    .ok_or_else(|| format!("validator: unknown validator {name:?}"))?,
            ),
            None => None,
        };
        let context = ContextWords::build(&spec.context, &spec.negative_context)?;
        let hir = regex_automata::util::syntax::parse_with(&pattern, &rule_syntax())
            .map_err(|e| format!("pattern: {e}"))?;
        let max_len = hir.properties().maximum_len();
        if spec.anchored && (spec.before != 0 || spec.digits.is_some() || !spec.lexicons.is_empty())
        {
            return Err(
                "anchored: needs windows from triggers only (no digits or lexicons) \
                 and before = 0"
                    .to_string(),
            );
        }
        if !spec.lexicon_followed_by.is_empty() && spec.lexicons.is_empty() {
            return Err("lexicon_followed_by: needs lexicons".to_string());
        }
        let lexicon_then = match spec.lexicon_then.as_deref() {
            None => None,
            Some(_) if spec.lexicon_followed_by.is_empty() => {
                return Err("lexicon_then: needs lexicon_followed_by".to_string())
            }
            Some(name) => Some(
                Lexicons::set_named(name)
                    .ok_or_else(|| format!("lexicon_then: unknown lexicon {name:?}"))?,
            ),
        };
        if spec.trigger_starts_word && spec.triggers.is_empty() {
            return Err("trigger_starts_word: needs triggers".to_string());
        }
        if !spec.trigger_followed_by.is_empty() && spec.triggers.is_empty() {
            return Err("trigger_followed_by: needs triggers".to_string());
        }
        if spec.min_triggers == 0 || (spec.min_triggers > 1 && spec.triggers.is_empty()) {
            return Err("min_triggers: needs triggers and is at least 1".to_string());
        }
        if !(0.0..=1.0).contains(&spec.score) {
            return Err(format!("score: {} is outside 0..=1", spec.score));
        }
        Ok(Recognizer {
            id: spec.id.clone(),
            kind: spec.kind,
            regex,
            value_group,
            validator,
            context,
            context_window: spec.context_window,
            score: spec.score,
            context_score: spec.context_score.unwrap_or(spec.score),
            priority: spec.priority,
            isolated: spec.isolated,
            not_in_url_login: spec.not_in_url_login,
            whole_word_triggers: spec.whole_word_triggers,
            trigger_starts_word: spec.trigger_starts_word,
            min_triggers: spec.min_triggers,
            lexicon_capitals: spec.lexicon_capitals,
            lexicon_followed_by: CharSet::parse(&spec.lexicon_followed_by)
                .map_err(|e| format!("lexicon_followed_by: {e}"))?,
            lexicon_then,
            trigger_followed_by: CharSet::parse(&spec.trigger_followed_by)
                .map_err(|e| format!("trigger_followed_by: {e}"))?,
            realign: spec.realign,
            anchored: spec.anchored,
            anchored_check: if spec.anchored {
                Some(AnchoredCheck::build(&pattern).map_err(|e| format!("pattern: {e}"))?)
            } else {
                None
            },
            not_followed_by: CharSet::parse(&spec.not_followed_by)
                .map_err(|e| format!("not_followed_by: {e}"))?,
            before: spec.before,
            after: spec.after,
            columns: spec.columns.iter().map(|c| field::column_key(c)).collect(),
            cell: match &spec.cell {
                Some(c) => Some(
                    compile_rule(&format!("(?:{})", expand_lexicons(c)?), true)
                        .map_err(|e| format!("cell: {e}"))?,
                ),
                None => None,
            },
            max_len,
            needs_digit: always_has_digit(&hir),
        })
    }

    /// Whether the lexicon word ending at `end` is followed as the rule
    /// needs (see `RuleSpec::lexicon_followed_by`).
    #[inline]
    pub(crate) fn lexicon_word_followed(&self, text: &str, end: usize) -> bool {
        followed_by_one_of(&self.lexicon_followed_by, text, end)
    }

    /// Whether the word after the character that follows the lexicon word
    /// ending at `end` is one the rule needs (see `RuleSpec::lexicon_then`):
    /// a search that would fail at the validator is never made.
    pub(crate) fn lexicon_word_then(&self, text: &str, end: usize, lex: &Lexicons) -> bool {
        let Some(set) = self.lexicon_then else {
            return true;
        };
        let mut rest = text
            .get(end..)
            .unwrap_or_default()
            .trim_start_matches([' ', '\t'])
            .chars();
        rest.next();
        let rest = rest.as_str().trim_start_matches([' ', '\t']);
        validate::holds(set(lex), &rest[..super::name_word_len(rest)])
    }

    /// Whether the trigger ending at `end` is followed as the rule needs
    /// (see `RuleSpec::trigger_followed_by`).
    #[inline]
    pub(crate) fn trigger_followed(&self, text: &str, end: usize) -> bool {
        followed_by_one_of(&self.trigger_followed_by, text, end)
    }

    /// The bytes that may follow `trigger`, one of the rule's own, where it
    /// opens a window (see `RuleSpec::trigger_followed_by`): spaces and
    /// tabs (skipped before the check) and the first bytes of the
    /// characters asked for, but not letters, digits or `_` after a whole-
    /// word trigger that ends in one (`pin` then `g` is not a hit). `None`
    /// when anything may follow.
    pub(crate) fn trigger_followers(&self, trigger: &str) -> Option<[bool; 256]> {
        if self.trigger_followed_by.is_empty() {
            return None;
        }
        let word_end = self.whole_word_triggers && trigger.bytes().last().is_some_and(super::glues);
        let mut followers = [false; 256];
        for b in [b' ', b'\t']
            .into_iter()
            .chain(self.trigger_followed_by.first_bytes())
        {
            if !(word_end && super::glues(b)) {
                followers[usize::from(b)] = true;
            }
        }
        Some(followers)
    }

    /// How far around a match the scan looks: its trigger or context words
    /// before it, context words after it, and the key it is labelled with
    /// (plus the quotes and spaces around a key).
    pub(crate) fn reach(&self) -> usize {
        self.before.max(self.context_window) + CONTEXT_AFTER + field::MAX_KEY + 8
    }

    /// Runs the regex over `region` of `text` and pushes every valid value with
    /// its confidence (0 where context rules it out).
    pub(crate) fn find_in(
        &self,
        text: &str,
        region: Span,
        ctx: &ScanContext<'_>,
        caps: &mut Option<Captures>,
        out: &mut Vec<Candidate>,
    ) {
        let start = floor_boundary(text, region.start);
        let end = ceil_boundary(text, region.end);
        let mut at = start;
        while at < end {
            if self.needs_digit && !any_digit(ctx.blocks, at..end) {
                break;
            }
            let Some((whole, value)) = self.search(&Input::new(text).range(at..end), caps) else {
                break;
            };
            at = self.take(text, whole, value, ctx, caps, out);
        }
    }

    /// Judges one match: pushes the candidate it makes (realigning after a
    /// rejected one) and returns where to go on looking. That is after the
    /// value, not the whole match: a delimiter the pattern consumed after
    /// one value may start the next.
    fn take(
        &self,
        text: &str,
        whole: regex_automata::Span,
        value: regex_automata::Span,
        ctx: &ScanContext<'_>,
        caps: &mut Option<Captures>,
        out: &mut Vec<Candidate>,
    ) -> usize {
        let accepted = self.accept(text, whole, value, ctx);
        if let Some(c) = accepted {
            out.push(c);
        }
        if self.realign && !accepted.is_some_and(|c| c.score > 0.0) {
            return self.realign_after(text, whole, ctx, caps, out);
        }
        value.end.max(ceil_boundary(text, whole.start + 1))
    }

    /// After the match `whole` was dropped or ruled out: a match may start
    /// inside it ("5298 4111 1111 1111 1111" holds a card from its second
    /// group), or a shorter one from the same start may pass ("4111 1111
    /// 1111 1111" before " 192.168..."). Tries a few shorter ones, pushes
    /// the first accepted, and returns where to go on looking.
    fn realign_after(
        &self,
        text: &str,
        whole: regex_automata::Span,
        ctx: &ScanContext<'_>,
        caps: &mut Option<Captures>,
        out: &mut Vec<Candidate>,
    ) -> usize {
        let inside = ceil_boundary(text, whole.start + 1);
        let mut limit = whole.end;
        for _ in 0..MAX_SHORTER_TRIES {
            let input = Input::new(text)
                .range(whole.start..limit.saturating_sub(1).max(whole.start))
                .anchored(Anchored::Yes);
            let Some((w, v)) = self.search(&input, caps) else {
                break;
            };
            if let Some(c) = self.accept(text, w, v, ctx) {
                out.push(c);
                return w.end.max(inside);
            }
            limit = w.end;
        }
        inside
    }

    /// Tries the pattern anchored at the start of each of `windows` (one per
    /// trigger, in order, unmerged), up to the end of the region it merges
    /// into, skipping triggers inside the last accepted match (with
    /// `realign`, not those inside a rejected one): what a search of the
    /// merged regions finds, when every match starts at a trigger.
    pub(crate) fn find_anchored(
        &self,
        text: &str,
        windows: &[Span],
        ctx: &ScanContext<'_>,
        caps: &mut Option<Captures>,
        out: &mut Vec<Candidate>,
    ) {
        let mut at = 0;
        let mut region_end = 0;
        let mut chain = 0;
        for (i, w) in windows.iter().enumerate() {
            if i >= chain {
                // A new region: its end is that of the last window overlapping the chain.
                region_end = w.end;
                chain = i + 1;
                while let Some(next) = windows.get(chain).filter(|n| n.start <= region_end) {
                    region_end = region_end.max(next.end);
                    chain += 1;
                }
            }
            let start = floor_boundary(text, w.start);
            if start < at {
                continue;
            }
            let end = ceil_boundary(text, region_end);
            if self.needs_digit && !any_digit(ctx.blocks, start..end) {
                continue;
            }
            let input = Input::new(text).range(start..end).anchored(Anchored::Yes);
            if self
                .anchored_check
                .as_ref()
                .is_some_and(|c| !c.may_match(&input))
            {
                continue;
            }
            let Some((whole, value)) = self.search(&input, caps) else {
                continue;
            };
            at = self.take(text, whole, value, ctx, caps, out);
        }
    }

    /// One search: the whole match and the `value` group (or the whole match).
    fn search(
        &self,
        input: &Input<'_>,
        caps: &mut Option<Captures>,
    ) -> Option<(regex_automata::Span, regex_automata::Span)> {
        match self.value_group {
            None => self.regex.search(input).map(|m| (m.span(), m.span())),
            Some(group) => {
                let caps = caps.get_or_insert_with(|| self.regex.create_captures());
                self.regex.search_captures(input, caps);
                let m = caps.get_match()?;
                Some((m.span(), caps.get_group(group).unwrap_or(m.span())))
            }
        }
    }

    /// Boundary checks, then validation and scoring.
    fn accept(
        &self,
        text: &str,
        whole: regex_automata::Span,
        value: regex_automata::Span,
        ctx: &ScanContext<'_>,
    ) -> Option<Candidate> {
        // `_` may join a keyword to what precedes it (`db_password`, `aws_secret_key`).
        let glued_before = char_at(text, whole.start).is_some_and(char::is_alphanumeric)
            && char_before(text, whole.start).is_some_and(|c| is_word_char(c) && c != '_');
        let glued_after = char_before(text, whole.end).is_some_and(is_word_char)
            && char_at(text, whole.end).is_some_and(is_word_char);
        if glued_before || glued_after {
            return None;
        }
        // A table's header row names columns: it holds no value, and a key in
        // it labels no value below it; a column's cells go by its header.
        if ctx
            .tables
            .is_some_and(|t| t.is_header_label(text, whole.start, value.start))
        {
            return None;
        }
        let span = Span {
            start: value.start,
            end: value.end,
        };
        if !self.not_followed_by.is_empty()
            && next_after_spaces(text, span.end).is_some_and(|c| self.not_followed_by.contains(c))
        {
            return None;
        }
        if span.is_empty() || !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end)
        {
            return None;
        }
        if self.not_in_url_login && in_url_login(text.as_bytes(), span.start) {
            return None;
        }
        if self.isolated && is_part_of_longer_number(text, span) {
            return Some(Candidate::ruled_out(span));
        }
        // A key ("user=", "years old", a mention's `@`) or a value beside
        // it (the card before its code, the time before a chat handle)
        // found the value, so its other copies, alone, must be searched
        // for; boundary characters alone (the IPv4 pattern's) do not make
        // a key.
        let has_key = |r: std::ops::Range<usize>| {
            text.get(r)
                .is_some_and(|s| s.chars().any(|c| c.is_alphanumeric() || c == '@'))
        };
        let keyed = self.value_group.is_some()
            && (has_key(whole.start..value.start) || has_key(value.end..whole.end));
        self.confirm(text, span, keyed, ctx)
    }

    /// Checks the cells of CSV columns this recognizer claims by header.
    pub(crate) fn find_in_columns(
        &self,
        text: &str,
        ctx: &ScanContext<'_>,
        out: &mut Vec<Candidate>,
    ) {
        let (Some(tables), Some(cell)) = (ctx.tables, &self.cell) else {
            return;
        };
        for (_, span) in tables.cells_where(text, |h| self.columns.contains(&field::column_key(h)))
        {
            let input = Input::new(text)
                .range(span.start..span.end)
                .anchored(Anchored::Yes);
            if cell.search(&input).is_none_or(|m| m.end() != span.end) {
                continue;
            }
            let value = &text[span.start..span.end];
            if self.validator.is_some_and(|v| !v(value, ctx.lexicons)) {
                continue;
            }
            out.push(Candidate {
                span,
                score: self.context_score,
                search_elsewhere: true,
            });
        }
    }

    fn confirm(
        &self,
        text: &str,
        span: Span,
        keyed: bool,
        ctx: &ScanContext<'_>,
    ) -> Option<Candidate> {
        let value = &text[span.start..span.end];
        if let Some(v) = self.validator {
            if !v(value, ctx.lexicons) {
                return None;
            }
        }
        let mut labelled = false;
        let mut window_start = span.start.saturating_sub(self.context_window);
        if let Some(words) = &self.context {
            // A value labelled by its own key is judged by that key when the
            // key says anything; otherwise alone, or by the words before a
            // key that only says "number" (`Passport\nNo.: ...`). A
            // table cell's key is its column's header (a generic one, `Value`,
            // leaves it to the cell before; a table aligned with spaces
            // has one too), and the words before the cell are other
            // columns' headers and values: a telling header alone judges
            // the cell.
            let inline = field::inline_key(text, span.start);
            let column = ctx
                .tables
                .and_then(|t| t.key_for(text, span))
                .or_else(|| {
                    inline
                        .is_none()
                        .then(|| table::aligned_header(text, span))
                        .flatten()
                })
                .filter(|k| !field::is_generic(k));
            let key = column.or_else(|| inline.map(|k| k.key).filter(|k| !field::is_generic(k)));
            if let Some(key) = key {
                if column.is_some() {
                    window_start = span.start;
                }
                // With its colon: a signature's one-letter keys (`T:`, `M:`)
                // are context words only so.
                let mut buf = [0u8; KEY_WITH_COLON];
                let key = with_colon(key, &mut buf);
                let (positive, negative) = words.nearest_before(key, &[], 0..key.len());
                if positive.is_some() {
                    return Some(Candidate {
                        span,
                        score: self.context_score,
                        search_elsewhere: keyed,
                    });
                }
                if negative.is_some() {
                    return Some(Candidate::ruled_out(span));
                }
                // A field's key naming something (`trace=`, `Direct:` on its
                // line) labels the value alone: the words before it are other
                // fields'. A bare `No.` or `Number:`, or a key inside a
                // sentence, leaves them to tell what the value is.
                if column.is_none()
                    && inline.is_some_and(|k| k.whole_field)
                    && !field::is_bare_number_key(key)
                {
                    window_start = span.start;
                }
                labelled = true;
            }
        }
        let Some(words) = &self.context else {
            return Some(Candidate {
                span,
                score: self.score,
                search_elsewhere: keyed,
            });
        };
        let window = floor_boundary(text, window_start)..span.start;
        let (positive, negative) = words.nearest_before(text, ctx.blocks, window);
        // A negative word rules the value out unless a positive one stands nearer.
        if let Some(n) = negative {
            if positive.is_none_or(|p| n < p) {
                return Some(Candidate::ruled_out(span));
            }
        }
        let mut score = self.score;
        if words.has_positive() {
            // Words after a labelled value belong to the next field. A word
            // after counts at twice its distance: only one less than half
            // as far as the nearest positive word before can make a difference.
            let after = if labelled {
                None
            } else {
                let below = positive.map_or(usize::MAX, |p| p.div_ceil(2));
                let after_end = ceil_boundary(text, span.end + CONTEXT_AFTER);
                words
                    .nearest_after(text, ctx.blocks, span.end..after_end, below)
                    .map(|d| d as f32 * 2.0)
            };
            let distance = match (positive.map(|d| d as f32), after) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if let Some(d) = distance {
                // Nearer context is stronger evidence, so the nearest of two
                // competing types wins an overlap.
                let decay = 0.1 * (d / self.context_window.max(1) as f32).min(1.0);
                score = score.max(self.context_score - decay);
            }
        }
        Some(Candidate {
            span,
            score,
            search_elsewhere: keyed,
        })
    }
}

/// Room for a key of [`field::MAX_KEY`] bytes and a colon.
const KEY_WITH_COLON: usize = field::MAX_KEY + 1;

/// `key` with a colon after it, in `buf`; `key` alone when it does not fit.
fn with_colon<'k>(key: &'k str, buf: &'k mut [u8; KEY_WITH_COLON]) -> &'k str {
    let Some(room) = buf.get_mut(..key.len() + 1) else {
        return key;
    };
    room[..key.len()].copy_from_slice(key.as_bytes());
    room[key.len()] = b':';
    std::str::from_utf8(room).unwrap_or(key)
}

/// Whether every match of `hir` holds an ASCII digit.
fn always_has_digit(hir: &Hir) -> bool {
    let digits = |lo: u32, hi: u32| {
        (u32::from(b'0')..=u32::from(b'9')).contains(&lo) && hi <= u32::from(b'9')
    };
    match hir.kind() {
        HirKind::Literal(lit) => lit.0.iter().any(u8::is_ascii_digit),
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .all(|r| digits(r.start().into(), r.end().into())),
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .all(|r| digits(r.start().into(), r.end().into())),
        HirKind::Repetition(rep) => rep.min > 0 && always_has_digit(&rep.sub),
        HirKind::Capture(cap) => always_has_digit(&cap.sub),
        HirKind::Concat(parts) => parts.iter().any(always_has_digit),
        HirKind::Alternation(alts) => alts.iter().all(always_has_digit),
        HirKind::Empty | HirKind::Look(_) => false,
    }
}

/// Whether the first character after `end` that is not a space or a tab
/// is one of `chars` (always, when `chars` is empty).
#[inline]
fn followed_by_one_of(chars: &CharSet, text: &str, end: usize) -> bool {
    chars.is_empty() || next_after_spaces(text, end).is_some_and(|c| chars.contains(c))
}

/// The first character at or after `at` that is not a space or a tab.
fn next_after_spaces(text: &str, at: usize) -> Option<char> {
    text.get(at..)?
        .trim_start_matches([' ', '\t'])
        .chars()
        .next()
}

/// Whether `at` lies in the `user:password@` of a URL: after a `://` with
/// nothing between that ends a URL's login (a space, `/`, `?`, `#`, `,`, a
/// quote or a bracket). Looked for within a login's longest, 256 bytes.
fn in_url_login(b: &[u8], at: usize) -> bool {
    let from = at.saturating_sub(256);
    for (i, &c) in b[from..at].iter().enumerate().rev() {
        match c {
            b'/' => return b[..=from + i].ends_with(b"://"),
            b'?' | b'#' | b',' | b'"' | b'\'' | b'<' | b'>' | b'(' | b')' | b'[' | b']' => {
                return false
            }
            c if c.is_ascii_whitespace() => return false,
            _ => {}
        }
    }
    false
}

/// Whether a digit stands one separator away from the span, so the span is a
/// slice of a longer number (a phone-shaped slice of an IBAN, say).
///
/// A month and year one space away (`4111 1111 1111 1111 07/25`, as a card
/// and its expiry are typed on one line; or `11-26`) is another value, not
/// more digits.
fn is_part_of_longer_number(text: &str, span: Span) -> bool {
    let b = text.as_bytes();
    let sep = |c: u8| matches!(c, b' ' | b'-' | b'.' | b'/');
    let before = span.start >= 2
        && sep(b[span.start - 1])
        && b[span.start - 2].is_ascii_digit()
        && !(b[span.start - 1] == b' ' && month_year_ends_at(b, span.start - 1));
    let after = span.end + 1 < b.len()
        && sep(b[span.end])
        && b[span.end + 1].is_ascii_digit()
        && !(b[span.end] == b' ' && month_year_starts_at(b, span.end + 1));
    before || after
}

/// Whether a month and year (`7/25`, `07/2025`, `11-26`) starts at `at`,
/// with no digit or separator after it.
fn month_year_starts_at(b: &[u8], at: usize) -> bool {
    let digits = |from: usize| {
        b[from.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let month = digits(at);
    let slash = at + month;
    let year = digits(slash + 1);
    let Some(&sep) = b.get(slash).filter(|&&c| is_month_year_sep(c)) else {
        return false;
    };
    (1..=2).contains(&month)
        && is_month(&b[at..slash])
        && matches!(year, 2 | 4)
        && b.get(slash + 1 + year).is_none_or(|&c| c != sep)
}

/// Whether a month and year (`7/25`, `07/2025`, `11-26`) ends at `end`,
/// with no digit or separator before it.
fn month_year_ends_at(b: &[u8], end: usize) -> bool {
    let digits_before = |to: usize| {
        b[..to]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let year = digits_before(end);
    let Some(slash) = end.checked_sub(year + 1) else {
        return false;
    };
    let month = digits_before(slash);
    matches!(year, 2 | 4)
        && is_month_year_sep(b[slash])
        && (1..=2).contains(&month)
        && is_month(&b[slash - month..slash])
        && (slash - month == 0 || b[slash - month - 1] != b[slash])
}

fn is_month_year_sep(c: u8) -> bool {
    matches!(c, b'/' | b'-')
}

fn is_month(digits: &[u8]) -> bool {
    std::str::from_utf8(digits).is_ok_and(validate::month)
}

/// A rule's context words, positive and negative, searched together.
///
/// Each candidate searches a few dozen bytes around it: rather than an
/// overlapping search over every byte (about 550 instructions a window, a
/// twentieth of the logs scan), the automaton is walked anchored from each
/// place a word may begin, found 64 bytes at a time: the literal pass's walk.
#[derive(Debug)]
struct ContextWords {
    walk: AnchoredWalk<dfa::DFA>,
    /// Patterns below this index are positive words; the rest negative.
    positive: usize,
}

impl ContextWords {
    fn build(positive: &[String], negative: &[String]) -> Result<Option<Self>, String> {
        if positive.is_empty() && negative.is_empty() {
            return Ok(None);
        }
        // A phrase is a key too when written `taxpayer_reference` or `health-card`.
        let spellings = |words: &[String]| -> Vec<String> {
            let mut all = words.to_vec();
            for w in words.iter().filter(|w| w.contains(' ')) {
                all.push(w.replace(' ', "_"));
                all.push(w.replace(' ', "-"));
            }
            all
        };
        let (positive, negative) = (spellings(positive), spellings(negative));
        let words = positive.iter().chain(&negative);
        dfa::DFA::builder()
            .ascii_case_insensitive(true)
            // Every occurrence: "taxpayer" must count in "taxpayer
            // identification" though "taxpayer id" is longer there.
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Anchored)
            .prefilter(false)
            .build(words.clone())
            .map(|automaton| {
                Some(ContextWords {
                    walk: AnchoredWalk::new(automaton, words.map(String::as_bytes)),
                    positive: positive.len(),
                })
            })
            .map_err(|e| format!("context: {e}"))
    }

    fn has_positive(&self) -> bool {
        self.positive > 0
    }

    /// Calls `hit(positive, start, end)` for every whole-word hit in
    /// `range` of `text` that begins before `starts_before`, in order of
    /// their starts.
    fn each_hit(
        &self,
        text: &str,
        blocks: &[Block],
        range: std::ops::Range<usize>,
        starts_before: usize,
        mut hit: impl FnMut(bool, usize, usize),
    ) {
        let found = &mut |pattern: PatternID, start, end| {
            if is_whole_word(text, start, end) {
                hit(pattern.as_usize() < self.positive, start, end);
            }
        };
        let end = range.end.min(text.len());
        let start = range.start.min(end);
        let starts = start..starts_before.clamp(start, end);
        self.walk.walk(text.as_bytes(), blocks, starts, end, found);
    }

    /// Distances in bytes from the end of the last positive and the last
    /// negative whole-word hit in `range` to its end.
    fn nearest_before(
        &self,
        text: &str,
        blocks: &[Block],
        range: std::ops::Range<usize>,
    ) -> (Option<usize>, Option<usize>) {
        let end = range.end;
        let (mut positive, mut negative) = (None, None);
        self.each_hit(text, blocks, range, end, |is_positive, _, hit_end| {
            let nearest = if is_positive {
                &mut positive
            } else {
                &mut negative
            };
            // `None` orders before any `Some`.
            *nearest = (*nearest).max(Some(hit_end));
        });
        (positive.map(|e| end - e), negative.map(|e| end - e))
    }

    /// Distance in bytes from the start of `range` to the first positive
    /// whole-word hit in it, less than `below`, that is not the key of a
    /// next value ("Passport No.: 970337831").
    fn nearest_after(
        &self,
        text: &str,
        blocks: &[Block],
        range: std::ops::Range<usize>,
        below: usize,
    ) -> Option<usize> {
        let from = range.start;
        let mut first = None;
        let starts_before = from.saturating_add(below);
        self.each_hit(
            text,
            blocks,
            range,
            starts_before,
            |is_positive, start, end| {
                if first.is_none() && is_positive && !is_key(text, end) {
                    first = Some(start - from);
                }
            },
        );
        first
    }
}

/// Whether a word ending at `end` is a key: a `:` or `=` follows within a
/// few bytes, before any digit or line break.
fn is_key(text: &str, end: usize) -> bool {
    text.as_bytes()[end..]
        .iter()
        .take(8)
        .take_while(|&&b| b != b'\n' && !b.is_ascii_digit())
        .any(|&b| b == b':' || b == b'=')
}

/// Context words match whole words, except that `_` joins (so `card_number` has `card`).
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let joined = |c: Option<char>| c.is_some_and(|c| is_word_char(c) && c != '_');
    let glued_start =
        char_at(text, start).is_some_and(char::is_alphanumeric) && joined(char_before(text, start));
    let glued_end =
        char_before(text, end).is_some_and(char::is_alphanumeric) && joined(char_at(text, end));
    !glued_start && !glued_end
}

/// Replaces each `{lex:NAME}` with an alternation of the lexicon's entries,
/// longest first so the longest street type or region wins.
pub(super) fn expand_lexicons(pattern: &str) -> Result<String, String> {
    super::rule::substitute(pattern, "{lex:", |name| {
        let text =
            super::lexicon::shipped(name).ok_or_else(|| format!("unknown lexicon {name:?}"))?;
        let mut entries: Vec<&str> = super::lexicon::entries(text).collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.len()));
        let alternation: Vec<String> = entries.iter().map(|e| regex_syntax::escape(e)).collect();
        Ok(alternation.join("|"))
    })
    .map_err(|e| format!("pattern: {e}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_needs_a_digit_only_where_every_match_has_one() {
        let needs = |pattern: &str| {
            always_has_digit(
                &regex_automata::util::syntax::parse_with(pattern, &rule_syntax()).unwrap(),
            )
        };
        let always = [
            r"\d",
            r"x\d{3}",
            r"[0-9]+",
            r"(?P<v>\d{1,3})\b",
            r"a1|2b",
            r"(?:\d|[3-5])x",
            "(?i)7",
        ];
        let not_always = [
            r"x", r"\d?x", r"\d*", r"[0-9a]", r"\b", r"a|\d", r"(?u:\d)", r"(?:)",
        ];
        assert_eq!(always.map(needs), [true; 7]);
        assert_eq!(not_always.map(needs), [false; 8]);
    }

    #[test]
    fn a_url_login_runs_from_its_scheme_to_the_host() {
        let at = |t: &str| in_url_login(t.as_bytes(), t.find('V').unwrap());
        assert!(at("postgres://root:pwV@db.example.com"));
        assert!(at("x=https://V@example.com"));
        assert!(!at("https://shop.io/reset,V@corp.com"));
        assert!(!at("https://shop.io/?e=V@corp.com"));
        assert!(!at("see https://shop.io V@corp.com"));
        assert!(!at("mailto:V@corp.com"));
        assert!(!at("V@corp.com"));
    }

    #[test]
    fn a_month_and_year_beside_a_number_is_another_value() {
        let longer = |t: &str| {
            let start = t.find('4').unwrap();
            is_part_of_longer_number(
                t,
                Span {
                    start,
                    end: start + 4,
                },
            )
        };
        assert!(!longer("4111 07/25") && !longer("4111 11-26 123"));
        assert!(!longer("7/25 4111") && !longer("11-26 4111"));
        assert!(longer("4111 13-25") && longer("4111 07-25-2024"));
        assert!(longer("4111 07/25/2024") && longer("4111 123"));
    }

    /// The hits an overlapping search of every byte finds, as the walk from
    /// word starts replaced.
    fn by_overlapping_search(
        positive: &[String],
        negative: &[String],
        text: &str,
        range: std::ops::Range<usize>,
    ) -> Vec<(bool, usize, usize)> {
        let automaton = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(positive.iter().chain(negative))
            .unwrap();
        let mut hits: Vec<_> = automaton
            .find_overlapping_iter(aho_corasick::Input::new(text).range(range))
            .filter(|m| is_whole_word(text, m.start(), m.end()))
            .map(|m| (m.pattern().as_usize() < positive.len(), m.start(), m.end()))
            .collect();
        hits.sort_unstable_by_key(|&(_, start, end)| (start, end));
        hits
    }

    fn own(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn context_words_are_whole_words_in_the_range() {
        let (positive, negative) = (own(&["acct", "account", "a/c"]), own(&["card", "#"]));
        let words = ContextWords::build(&positive, &negative).unwrap().unwrap();
        let text = "my ACCT_no: acct-7, accounts, Account #4 a/c card";
        let mut hits = Vec::new();
        let end = text.len();
        words.each_hit(text, &[], 3..end, end, |p, s, e| hits.push((p, s, e)));
        assert_eq!(
            hits,
            [
                (true, 3, 7),
                (true, 12, 16),
                (true, 30, 37),
                (false, 38, 39),
                (true, 41, 44),
                (false, 45, 49)
            ]
        );
        // The range bounds both ends: `acct` at 12..16 is cut off.
        let mut hits = Vec::new();
        words.each_hit(text, &[], 4..15, 15, |p, s, e| hits.push((p, s, e)));
        assert_eq!(hits, []);
        // Hits begin before the bound and may end after it.
        let mut hits = Vec::new();
        words.each_hit(text, &[], 3..end, 31, |p, s, e| hits.push((p, s, e)));
        assert_eq!(hits, [(true, 3, 7), (true, 12, 16), (true, 30, 37)]);
    }

    proptest::proptest! {
        #[test]
        fn the_walk_finds_what_an_overlapping_search_finds(
            text in "(acct|Account|a/c|card|é|éa|_|-|#|&|%|x|1|1x| ){0,60}",
            from in 0usize..200,
            len in 0usize..200,
            bound in 0usize..200,
        ) {
            let start = from.min(text.len());
            let end = (start + len).min(text.len());
            // Ranges start and end on character boundaries, as the scan's do.
            let (start, end) = (floor_boundary(&text, start), floor_boundary(&text, end));
            let blocks = crate::scan::byte_class::blocks_of(text.as_bytes());
            // Words beginning with a mark, whose places the text's blocks
            // cannot tell, and words beginning otherwise, whose they can.
            let sets = [
                (own(&["acct", "account", "a/c", "c"]), own(&["card", "#", "t #"])),
                (own(&["acct", "account", "a/c", "c", "éa"]), own(&["card", "1x"])),
            ];
            for (positive, negative) in sets {
                let words = ContextWords::build(&positive, &negative).unwrap().unwrap();
                let mut expected = by_overlapping_search(&positive, &negative, &text, start..end);
                for blocks in [&blocks[..], &[]] {
                    let mut hits = Vec::new();
                    words.each_hit(&text, blocks, start..end, end, |p, s, e| hits.push((p, s, e)));
                    proptest::prop_assert_eq!(&hits, &expected);
                }
                // Only those beginning before a bound, wherever they end.
                expected.retain(|&(_, s, _)| s < bound);
                for blocks in [&blocks[..], &[]] {
                    let mut hits = Vec::new();
                    words.each_hit(&text, blocks, start..end, bound, |p, s, e| hits.push((p, s, e)));
                    proptest::prop_assert_eq!(&hits, &expected);
                }
            }
        }
    }
}
