//! Undoing the obfuscations attackers use to slip values and words past a
//! filter, with a byte map back to the original text.
//!
//! The scanner matches the normalised text *as well as* the original (see
//! [`Scanner::scan`](crate::Scanner::scan)), and maps each normalised finding
//! back to the original bytes it came from, so masking the original removes
//! the whole obfuscated value, invisible characters inside it included.
//!
//! What is normalised (each rule is local, so windows of a stream normalise
//! like the whole text):
//!
//! - **Invisible characters** (zero-width spaces and joiners, word joiner,
//!   BOM, soft hyphen, bidi controls, variation selectors, tag characters,
//!   Hangul fillers) are removed when the nearest visible character on
//!   either side is part of a value (a letter, digit or one of `@.-_+`).
//!   Elsewhere (inside an emoji ZWJ sequence, say) they hide nothing and stay.
//! - **Compatibility forms** become ASCII: full-width `ＡＢＣ１２３＠`, small
//!   forms (`﹫`), mathematical alphanumerics (`𝐟𝐮𝐜𝐤`), circled letters
//!   (`ⓐ`), Unicode spaces (`U+00A0`, `U+2000..U+200A`, ideographic space)
//!   and dashes (`U+2010..U+2015`, minus sign).
//! - **Decimal digits of every script** (Arabic-Indic, Devanagari, Thai,
//!   full-width, mathematical... all 65 `Nd` sets of Unicode 14) become `0-9`.
//! - **Confusables**: Cyrillic and Greek letters that look like Latin ones
//!   (`а е о р с у х і ѕ ј`, `Α Β Ε Κ Μ Ο Ρ Τ Χ`...) and `ı ɑ ɡ` become
//!   their Latin twin, but only inside a word whose every letter is Latin or
//!   such a look-alike: real Russian or Greek words (which hold letters with
//!   no Latin twin) are left alone.
//! - **HTML character references**: `&#64;`, `&#x40;` (the `;` may be left
//!   out, as browsers allow) and a few named ones (`&commat;`, `&period;`,
//!   `&amp;`, `&nbsp;`, `&shy;`...). One level: `&amp;#64;` stays `&#64;`.
//! - **Percent-encoding**: `%XX` of a printable ASCII character (`%40` is
//!   `@`). One level.
//! - **Spaced-out characters**: three or more single letters, or four or
//!   more single digits, separated by the same one or two of ` .-_*,/|+~`
//!   each time, are joined: `f.u.c.k`, `f u c k`, `4 1 1 1 1 1 ...`. Two
//!   (`a.m.`, `e.g.`) are not, nor letters with digits (`s h 1 t`).
//!
//! What is not: leetspeak (`sh1t`, `@ss`), letters replaced by symbols
//! (`f*ck`), repeated letters (`fuuuck`), partial spacing (`f.u.c.king`),
//! accents (`fück` is another word), spelled-out separators (`jane at
//! example dot com`), nested encodings, and confusables from other scripts
//! (Armenian, Cherokee...). Each of them either needs a guess that costs
//! false positives on ordinary text, or a list of variants in the policy.

use std::borrow::Cow;

use super::byte_class::{classify, Block, FirstBytes, BLOCK};
use super::finding::Span;
use super::text::{char_at, char_before, is_alphabetic, is_alphanumeric};

/// Zero digit of every Unicode 14 decimal digit set (`Nd`) beyond ASCII,
/// sorted; each set runs zero to nine (generated with Python's
/// `unicodedata`: `category(c) == "Nd" and decimal(c) == 0`).
const DIGIT_ZEROS: [u32; 65] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// How many original bytes one normalised byte stands for at most in a
/// value a stream is sure to catch whole: a zero-width character after every
/// character (1 + 3), a full-width form (3), `%40` (3). Streams size their
/// window with it; a more stretched value is caught in a whole-text scan
/// but may be split by a stream.
pub(crate) const MAX_EXPANSION: usize = 4;

/// Named HTML character references that are decoded (a small set: those
/// that spell value characters, the usual escapes, and invisible ones).
const ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", ' '),
    ("commat", '@'),
    ("period", '.'),
    ("hyphen", '-'),
    ("dash", '-'),
    ("lowbar", '_'),
    ("plus", '+'),
    ("colon", ':'),
    ("sol", '/'),
    ("num", '#'),
    ("shy", '\u{AD}'),
    ("zwj", '\u{200D}'),
    ("zwnj", '\u{200C}'),
    ("ZeroWidthSpace", '\u{200B}'),
    ("NoBreak", '\u{2060}'),
];

/// Longest named reference, `&` and `;` included.
const MAX_ENTITY: usize = 16;

/// How far an invisible character looks ahead for a visible neighbour.
const MAX_INVISIBLE_RUN: usize = 32;

/// Words longer than this (in characters) are never folded as confusables.
const MAX_CONFUSABLE_WORD: usize = 64;

/// Separators between spaced-out single characters.
const SPACING: &[char] = &[' ', '.', '-', '_', '*', ',', '/', '|', '+', '~'];

/// Most separator characters between two spaced-out characters.
const MAX_SPACING: usize = 2;

/// Fewest spaced-out characters that are joined: letters, digits.
const MIN_SPACED_LETTERS: usize = 3;
const MIN_SPACED_DIGITS: usize = 4;

/// A text with its obfuscations undone, and where each byte came from.
#[derive(Debug)]
pub(crate) struct Normalized {
    text: String,
    /// Original start and end of the character each normalised byte came from.
    origin: Vec<(usize, usize)>,
}

impl Normalized {
    /// The normalised form of `text`, or `None` when normalising changes
    /// nothing (the common case).
    pub(crate) fn of(text: &str) -> Option<Normalized> {
        let mut blocks = Vec::new();
        classify(text.as_bytes(), &FirstBytes::new([]), false, &mut blocks);
        Normalized::of_classified(text, &blocks)
    }

    /// [`Normalized::of`] a text whose blocks are `blocks`: the common case
    /// is decided without allocating.
    pub(crate) fn of_classified(text: &str, blocks: &[Block]) -> Option<Normalized> {
        if !needs(text, blocks) {
            return None;
        }
        let units = units(text);
        let drop = spaced_separators(units.iter().map(|u| u.ch));
        let mut out = Normalized {
            text: String::with_capacity(text.len()),
            origin: Vec::with_capacity(text.len()),
        };
        let mut drop = drop.into_iter().peekable();
        for (i, u) in units.iter().enumerate() {
            while drop.peek().is_some_and(|r| r.1 < i) {
                drop.next();
            }
            // Inside a run only the singles are alphanumeric.
            if drop.peek().is_some_and(|r| r.0 <= i) && !u.ch.is_alphanumeric() {
                continue;
            }
            out.text.push(u.ch);
            out.origin
                .extend(std::iter::repeat_n((u.start, u.end), u.ch.len_utf8()));
        }
        Some(out)
    }

    /// The normalised text.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The original bytes behind `span` of the normalised text: from the
    /// start of its first character's source to the end of its last one's.
    pub(crate) fn original(&self, span: Span) -> Option<Span> {
        if span.is_empty() {
            return None;
        }
        let (start, _) = *self.origin.get(span.start)?;
        let (_, end) = *self.origin.get(span.end - 1)?;
        Some(Span { start, end })
    }
}

/// `value` normalised on its own (values remembered by a stream, compared
/// with normalised text).
pub(crate) fn normalize_value(value: &str) -> Cow<'_, str> {
    match Normalized::of(value) {
        Some(n) => Cow::Owned(n.text),
        None => Cow::Borrowed(value),
    }
}

/// One character of the normalised text and the original bytes it replaces.
#[derive(Debug, Clone, Copy)]
struct Unit {
    ch: char,
    start: usize,
    end: usize,
}

/// What normalising does at one position of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    /// The character stays as it is.
    Keep(char),
    /// The character, or a reference or escape, becomes another character.
    Replace(char),
    /// An invisible character is removed.
    Drop,
}

/// The edit at byte `at` of `text` (a char boundary) and how many bytes it
/// covers; `prev` is the last character of the normalised text so far.
fn edit_at(text: &str, at: usize, prev: Option<char>) -> (Edit, usize) {
    let Some(c) = text.get(at..).and_then(|s| s.chars().next()) else {
        return (Edit::Drop, text.len().saturating_sub(at).max(1));
    };
    let len = c.len_utf8();
    match c {
        '&' => match entity(text.get(at..).unwrap_or_default()) {
            Some((decoded, n)) if is_invisible(decoded) => (Edit::Drop, n),
            Some((decoded, n)) => (Edit::Replace(fold(decoded).unwrap_or(decoded)), n),
            None => (Edit::Keep(c), len),
        },
        '%' => match percent(text.as_bytes().get(at..).unwrap_or_default()) {
            Some(decoded) => (Edit::Replace(decoded), 3),
            None => (Edit::Keep(c), len),
        },
        _ if c.is_ascii() => (Edit::Keep(c), len),
        _ if is_invisible(c) => {
            let next = text
                .get(at + len..)
                .unwrap_or_default()
                .chars()
                .take(MAX_INVISIBLE_RUN)
                .find(|&n| !is_invisible(n));
            let inside_value = prev.is_some_and(is_value_char)
                || next.is_some_and(|n| is_value_char(fold(n).unwrap_or(n)));
            if inside_value {
                (Edit::Drop, len)
            } else {
                (Edit::Keep(c), len)
            }
        }
        _ => match fold(c) {
            Some(f) => (Edit::Replace(f), len),
            None => match confusable(c) {
                Some(f) if in_latin_word(text, at, len) => (Edit::Replace(f), len),
                _ => (Edit::Keep(c), len),
            },
        },
    }
}

/// Whether normalising `text`, whose blocks are `blocks`, changes anything:
/// the fast path of every scan, one pass without allocating. From each
/// block's letters, digits and [`special`](Block::special) bytes, only `&`,
/// `%`, non-ASCII characters and ASCII letters or digits standing alone are
/// looked at one by one, and two single characters close together (which
/// may start spaced-out text) hand over to the exact, slower [`needs_exactly`].
fn needs(text: &str, blocks: &[Block]) -> bool {
    let bytes = text.as_bytes();
    // The last lone character (its bytes); two at most `MAX_SPACING`
    // separators apart: run `Spaced` from the first.
    let mut last_single: Option<(usize, usize)> = None;
    let mut single = |start: usize, end: usize| -> bool {
        if let Some((s, _)) = last_single.filter(|&(_, e)| start.saturating_sub(e) <= MAX_SPACING) {
            if spaced_from(text, s).is_none_or(|spaced| spaced) {
                return needs_exactly(text);
            }
        }
        last_single = Some((start, end));
        false
    };
    let is_word = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
    for (base, &Block { word, special, .. }) in (0..).step_by(BLOCK).zip(blocks) {
        // A letter or digit with none beside it, the bytes beyond the block
        // included; a non-ASCII neighbour is checked exactly below.
        let before = word << 1 | u64::from(base > 0 && is_word(base - 1));
        let after = word >> 1 | u64::from(is_word(base + BLOCK)) << (BLOCK - 1);
        let alone = word & !before & !after;
        let mut events = alone | special;
        while events != 0 {
            let bit = events & events.wrapping_neg();
            events ^= bit;
            let at = base + bit.trailing_zeros() as usize;
            if alone & bit != 0 {
                // ASCII neighbours are known from the mask not to be letters
                // or digits; only a non-ASCII one is decoded.
                let ascii_around = at
                    .checked_sub(1)
                    .and_then(|i| bytes.get(i))
                    .is_none_or(u8::is_ascii)
                    && bytes.get(at + 1).is_none_or(u8::is_ascii);
                if (ascii_around || is_lone(text, at, at + 1)) && single(at, at + 1) {
                    return true;
                }
                continue;
            }
            let Some(first) = char_at(text, at) else {
                continue;
            };
            let c = match quiet(first) {
                // Only a lone letter matters (spaced-out text).
                Some(Quiet::Latin) => Some(first).filter(|&c| is_alphabetic(c)),
                Some(Quiet::Symbol) => None,
                None => match edit_at(text, at, char_before(text, at)) {
                    (Edit::Keep(c), _) => Some(c).filter(|&c| is_alphanumeric(c)),
                    _ => return true,
                },
            };
            if let Some(c) = c {
                let end = at + c.len_utf8();
                if is_lone(text, at, end) && single(at, end) {
                    return true;
                }
            }
        }
    }
    false
}

/// A common non-ASCII character that normalising never changes, so the
/// fast check skips [`edit_at`] for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quiet {
    /// Accented Latin letters but `ı` (and `×`, `÷` among them).
    Latin,
    /// Quotes, currency signs, emoji: none is a letter or digit.
    Symbol,
}

fn quiet(c: char) -> Option<Quiet> {
    match u32::from(c) {
        0xC0..=0x130 | 0x132..=0x24F => Some(Quiet::Latin),
        0x2018..=0x201F | 0x20A0..=0x20CF | 0x1F300..=0x1FAFF => Some(Quiet::Symbol),
        _ => None,
    }
}

/// Whether the character at `start..end` has no letter or digit beside it.
fn is_lone(text: &str, start: usize, end: usize) -> bool {
    !char_before(text, start).is_some_and(is_alphanumeric)
        && !char_at(text, end).is_some_and(is_alphanumeric)
}

/// Whether spaced-out text starts at the lone character at `from`: `None`
/// when the run meets a character other than plain ASCII (the caller then
/// checks the whole text exactly).
fn spaced_from(text: &str, from: usize) -> Option<bool> {
    let mut spaced = Spaced::default();
    let mut found = false;
    for (i, b) in text.as_bytes().get(from..)?.iter().enumerate() {
        if !b.is_ascii() || *b == b'&' || *b == b'%' {
            return None;
        }
        spaced.push(char::from(*b), &mut |_, _| found = true);
        if found {
            return Some(true);
        }
        if i > 0 && spaced.run.is_none() && spaced.pending.is_none() {
            return Some(false);
        }
    }
    spaced.finish(&mut |_, _| found = true);
    Some(found)
}

/// Exactly whether normalising `text` changes anything, character by character.
fn needs_exactly(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut spaced = Spaced::default();
    let mut found = false;
    let mut at = 0;
    let mut prev = None;
    while at < bytes.len() {
        let b = bytes[at];
        // Plain ASCII other than `&` and `%` never changes by itself.
        let (c, len) = if b.is_ascii() && b != b'&' && b != b'%' {
            (char::from(b), 1)
        } else {
            match edit_at(text, at, prev) {
                (Edit::Keep(c), len) => (c, len),
                _ => return true,
            }
        };
        spaced.push(c, &mut |_, _| found = true);
        if found {
            return true;
        }
        prev = Some(c);
        at += len;
    }
    spaced.finish(&mut |_, _| found = true);
    found
}

/// The character-level edits of `text`, as units.
fn units(text: &str) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::with_capacity(text.len());
    let mut at = 0;
    while at < text.len() {
        let prev = units.last().map(|u| u.ch);
        let (edit, len) = edit_at(text, at, prev);
        let end = (at + len).min(text.len());
        match edit {
            Edit::Keep(ch) | Edit::Replace(ch) => units.push(Unit { ch, start: at, end }),
            Edit::Drop => {}
        }
        at = end;
    }
    units
}

/// Runs (first, last) of spaced-out single characters whose separators are
/// dropped, by index in `chars`, in order.
fn spaced_separators(chars: impl Iterator<Item = char>) -> Vec<(usize, usize)> {
    let mut spaced = Spaced::default();
    let mut runs = Vec::new();
    for c in chars {
        spaced.push(c, &mut |first, last| runs.push((first, last)));
    }
    spaced.finish(&mut |first, last| runs.push((first, last)));
    runs
}

/// Finds runs of spaced-out single characters, one character at a time.
#[derive(Debug, Default)]
struct Spaced {
    /// Index of the next character.
    at: usize,
    prev_alnum: bool,
    /// A letter or digit after a non-alphanumeric: single if a non-alphanumeric follows.
    pending: Option<(usize, bool)>,
    run: Option<Run>,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    /// Index of the first and last single character.
    first: usize,
    last: usize,
    len: usize,
    /// Whether the singles are digits (else letters): a run holds one kind,
    /// so "pay with a 4 1 1 1 ..." joins the digits only.
    digits: bool,
    /// Separators since `last`; `None` once something else came or too many.
    gap: Option<Gap>,
    /// The separators between the first two singles: every gap must repeat
    /// them, so "f.u.c.k, s h i t" is two runs, not one.
    pattern: Option<Gap>,
}

impl Run {
    fn new(i: usize, digit: bool) -> Self {
        Run {
            first: i,
            last: i,
            len: 1,
            digits: digit,
            gap: Some(Gap::default()),
            pattern: None,
        }
    }
}

/// Up to [`MAX_SPACING`] separator characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Gap {
    chars: [char; MAX_SPACING],
    len: usize,
}

impl Gap {
    /// This gap with `c` added, unless `c` is no separator or it is full.
    fn with(mut self, c: char) -> Option<Gap> {
        if !SPACING.contains(&c) || self.len == MAX_SPACING {
            return None;
        }
        self.chars[self.len] = c;
        self.len += 1;
        Some(self)
    }
}

impl Spaced {
    fn push(&mut self, c: char, report: &mut impl FnMut(usize, usize)) {
        let i = self.at;
        self.at += 1;
        if c.is_alphanumeric() {
            if self.prev_alnum {
                // A longer word: neither single nor separator.
                self.pending = None;
                self.end_run(report);
            } else {
                self.pending = Some((i, c.is_ascii_digit()));
            }
            self.prev_alnum = true;
            return;
        }
        self.prev_alnum = false;
        if let Some((single, digit)) = self.pending.take() {
            self.single(single, digit, report);
        }
        if let Some(run) = &mut self.run {
            run.gap = run.gap.and_then(|g| g.with(c));
            if run.gap.is_none() {
                self.end_run(report);
            }
        }
    }

    fn finish(&mut self, report: &mut impl FnMut(usize, usize)) {
        if let Some((single, digit)) = self.pending.take() {
            self.single(single, digit, report);
        }
        self.end_run(report);
    }

    fn single(&mut self, i: usize, digit: bool, report: &mut impl FnMut(usize, usize)) {
        match &mut self.run {
            Some(run)
                if run.gap.is_some_and(|g| g.len > 0)
                    && run.digits == digit
                    && run.pattern.is_none_or(|p| Some(p) == run.gap) =>
            {
                run.pattern = run.gap;
                run.last = i;
                run.len += 1;
                run.gap = Some(Gap::default());
            }
            Some(run) if run.gap.is_some_and(|g| g.len > 0) && run.digits == digit => {
                // Other separators: "a f.u.c.k" starts again at "f", unless
                // the run before was joined ("f.u.c.k x y" is not "kxy").
                let restart = Run {
                    first: run.last,
                    last: i,
                    len: 2,
                    digits: digit,
                    gap: Some(Gap::default()),
                    pattern: run.gap,
                };
                let joined = self.end_run(report);
                self.run = Some(if joined { Run::new(i, digit) } else { restart });
            }
            _ => {
                self.end_run(report);
                self.run = Some(Run::new(i, digit));
            }
        }
    }

    /// Ends the current run; whether it was long enough to be joined.
    fn end_run(&mut self, report: &mut impl FnMut(usize, usize)) -> bool {
        let Some(run) = self.run.take() else {
            return false;
        };
        let min = if run.digits {
            MIN_SPACED_DIGITS
        } else {
            MIN_SPACED_LETTERS
        };
        let joined = run.len >= min;
        if joined {
            report(run.first, run.last);
        }
        joined
    }
}

/// Characters that render as nothing and are used to split values.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{34F}'
            | '\u{61C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Characters that belong to the values and words scanned for.
fn is_value_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '@' | '.' | '-' | '_' | '+')
}

/// The ASCII character a compatibility form or a decimal digit stands for.
fn fold(c: char) -> Option<char> {
    let cp = u32::from(c);
    let ascii = |v: u32| char::from_u32(v).filter(char::is_ascii);
    match cp {
        // Full-width ASCII.
        0xFF01..=0xFF5E => ascii(cp - 0xFEE0),
        0xA0 | 0x1680 | 0x2000..=0x200A | 0x202F | 0x205F | 0x3000 => Some(' '),
        0x2010..=0x2015 | 0x2212 | 0xFE58 | 0xFE63 => Some('-'),
        0x2024 | 0xFE52 => Some('.'),
        0xFE62 => Some('+'),
        0xFE6B => Some('@'),
        0x24B6..=0x24CF => ascii(u32::from(b'A') + cp - 0x24B6),
        0x24D0..=0x24E9 => ascii(u32::from(b'a') + cp - 0x24D0),
        // Mathematical alphanumerics: 13 alphabets of A-Z a-z.
        0x1D400..=0x1D6A3 => {
            let i = (cp - 0x1D400) % 52;
            ascii(if i < 26 { 0x41 + i } else { 0x61 + i - 26 })
        }
        _ => digit(cp).and_then(|d| ascii(u32::from(b'0') + d)),
    }
}

/// The value of a non-ASCII decimal digit.
fn digit(cp: u32) -> Option<u32> {
    if cp < DIGIT_ZEROS[0] {
        return None;
    }
    let i = DIGIT_ZEROS.partition_point(|&z| z <= cp);
    let zero = DIGIT_ZEROS[i.checked_sub(1)?];
    (cp - zero < 10).then_some(cp - zero)
}

/// The Latin letter a Cyrillic, Greek or IPA look-alike stands for.
fn confusable(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' | 'ɑ' => 'a',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' => 'e',
        'ɡ' => 'g',
        'һ' => 'h',
        'і' | 'ι' | 'ı' => 'i',
        'ј' | 'ϳ' => 'j',
        'κ' => 'k',
        'ӏ' => 'l',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'υ' => 'u',
        'ν' => 'v',
        'ԝ' => 'w',
        'х' => 'x',
        'у' => 'y',
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'С' => 'C',
        'Е' | 'Ε' => 'E',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' => 'I',
        'Ј' => 'J',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'Ԛ' => 'Q',
        'Ѕ' => 'S',
        'Т' | 'Τ' => 'T',
        'Ԝ' => 'W',
        'Х' | 'Χ' => 'X',
        'У' | 'Υ' => 'Y',
        'Ζ' => 'Z',
        _ => return None,
    })
}

/// Whether every letter of the word around `at..at + len` is Latin-like
/// (ASCII, a compatibility form of it, or a look-alike), so that folding
/// look-alikes cannot turn a real Cyrillic or Greek word into a Latin one.
fn in_latin_word(text: &str, at: usize, len: usize) -> bool {
    let part = |c: &char| c.is_alphabetic() || is_invisible(*c);
    let latin = |c: char| {
        !c.is_alphabetic()
            || c.is_ascii_alphabetic()
            || confusable(c).is_some()
            || fold(c).is_some_and(|f| f.is_ascii_alphabetic())
    };
    let before = text.get(..at).unwrap_or_default().chars().rev();
    let after = text.get(at + len..).unwrap_or_default().chars();
    let mut seen = 0;
    for c in before
        .take_while(part)
        .chain(after.take_while(part))
        .take(MAX_CONFUSABLE_WORD + 1)
    {
        seen += 1;
        if !latin(c) {
            return false;
        }
    }
    seen <= MAX_CONFUSABLE_WORD
}

/// A character reference at the start of `s` (`&#64;`, `&#x40;`, `&commat;`)
/// and its length in bytes.
fn entity(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let digits_at = if hex { 3 } else { 2 };
        let digits = b
            .get(digits_at..)?
            .iter()
            .take(8)
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 || digits > 7 {
            return None;
        }
        let number = s.get(digits_at..digits_at + digits)?;
        let value = u32::from_str_radix(number, if hex { 16 } else { 10 }).ok()?;
        let c = char::from_u32(value).filter(|c| !c.is_control())?;
        let end = digits_at + digits;
        let len = if b.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        return Some((c, len));
    }
    let end = b.iter().take(MAX_ENTITY).position(|&c| c == b';')?;
    let name = s.get(1..end)?;
    ENTITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, c)| (c, end + 1))
}

/// A `%XX` escape of a printable ASCII character at the start of `b`.
fn percent(b: &[u8]) -> Option<char> {
    let hex = |c: u8| char::from(c).to_digit(16);
    let value = hex(*b.get(1)?)? * 16 + hex(*b.get(2)?)?;
    char::from_u32(value).filter(|c| matches!(c, ' '..='~'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs_of(text: &str) -> bool {
        needs(text, &crate::scan::byte_class::blocks_of(text.as_bytes()))
    }

    fn norm(text: &str) -> String {
        normalize_value(text).into_owned()
    }

    #[test]
    fn plain_text_needs_nothing() {
        for t in [
            "",
            "hello world, café crème 🙂 a.m. e.g. 10.0.0.1 v1.2.3 AT&T 50% off",
            "Привет, как дела? Σωκράτης",
            "family 👨\u{200D}👩\u{200D}👧 and ❤\u{FE0F}",
            "&unknown; &#; &#xZZ; %zz %0A",
        ] {
            assert!(Normalized::of(t).is_none(), "{t:?}");
        }
    }

    #[test]
    fn each_obfuscation_is_undone() {
        assert_eq!(norm("ja\u{200B}ne@exa\u{2060}mple.com"), "jane@example.com");
        assert_eq!(norm("ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ"), "jane@example.com");
        assert_eq!(norm("٤١١١ ١١١١ ۱۱۱۱ ४१११"), "4111 1111 1111 4111");
        assert_eq!(norm("𝟒𝟏𝟏𝟏 𝐟𝐮𝐜𝐤 ⓕⓤⓒⓚ"), "4111 fuck fuck");
        assert_eq!(norm("fuсk ѕhіt Гора"), "fuck shit Гора");
        assert_eq!(
            norm("jane&#64;x.com jane&#x40;x.com jane&commat;x.com"),
            "jane@x.com jane@x.com jane@x.com"
        );
        assert_eq!(
            norm("jane%40x.com AT&amp;T &amp;#64;"),
            "jane@x.com AT&T &#64;"
        );
        assert_eq!(
            norm("f.u.c.k, s h i t, 4 1 1 1-1 1"),
            "fuck, shit, 4111-1 1"
        );
        assert_eq!(norm("a f.u.c.k x y, a 4 1 1 1"), "a fuck x y, a 4111");
        assert_eq!(norm("f. u. c. k. it"), "fuck. it");
        assert_eq!(
            norm("308\u{2011}46\u{2010}5298 4111\u{A0}1111"),
            "308-46-5298 4111 1111"
        );
    }

    #[test]
    fn spans_map_back_over_removed_characters() {
        let text = "x ja\u{200B}ne@ex.com y";
        let n = Normalized::of(text).expect("changes");
        assert_eq!(n.text(), "x jane@ex.com y");
        let span = n.original(Span { start: 2, end: 13 }).expect("in range");
        assert_eq!(&text[span.start..span.end], "ja\u{200B}ne@ex.com");
        let text = "a f.u.c.k b";
        let n = Normalized::of(text).expect("changes");
        assert_eq!(n.text(), "a fuck b");
        let span = n.original(Span { start: 2, end: 6 }).expect("in range");
        assert_eq!(&text[span.start..span.end], "f.u.c.k");
        assert_eq!(n.original(Span { start: 7, end: 99 }), None);
    }

    #[test]
    fn invisible_characters_stay_between_non_values() {
        assert_eq!(norm("🙂\u{200D}🙂 a\u{200B}b"), "🙂\u{200D}🙂 ab");
        // A long run is removed after a value, and its end before one.
        let run = "\u{200B}".repeat(100);
        assert_eq!(norm(&format!("a{run}b")), "ab");
        let kept = "\u{200B}".repeat(100 - MAX_INVISIBLE_RUN);
        assert_eq!(norm(&format!("🙂{run}b")), format!("🙂{kept}b"));
    }

    #[test]
    fn the_fast_check_agrees_with_the_exact_one() {
        for t in [
            "a b c",
            "a b",
            "x é è ê y",
            "х у й",
            "4 1 1 1",
            "4 1 1",
            "I am a b",
            "a.m. e.g.",
            "f.u.c.k",
            "aé b c",
            "crème brûlée",
            "https://example.com/a?b=24 and a b",
            "x a-b-c",
            "a b c é",
            "jane&#64;x",
            "50%",
            "ja\u{200B}ne",
            // Two-byte letters: spaced as closely as ASCII ones.
            "é  é  a%7é",
            "ü.ü.ü",
        ] {
            assert_eq!(needs_of(t), needs_exactly(t), "{t:?}");
        }
        // Spaced-out letters at every offset across a block boundary.
        for n in 56..72 {
            for tail in [" a b c", " a b", "a b c", " é b c", " a&#64;b c"] {
                let t = format!("{}{tail}", "w".repeat(n));
                assert_eq!(needs_of(&t), needs_exactly(&t), "{t:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_check_agrees_with_the_exact_one_on_any_mix(t in "[ab7 .&%é\u{200B}-]{0,40}") {
            proptest::prop_assert_eq!(needs_of(&t), needs_exactly(&t), "{:?}", t);
        }

        #[test]
        fn the_fast_check_agrees_across_blocks(
            t in "([a-z]{2,9}|[ -/:-@\\[-`{-~]|[0-9AZaz]|\u{7F}|\t|é|😀|&#64;| [a-z] [a-z] [a-z] ){0,80}",
        ) {
            proptest::prop_assert_eq!(needs_of(&t), needs_exactly(&t), "{:?}", t);
        }
    }

    #[test]
    fn quiet_characters_are_never_edited() {
        for cp in (0xC0..=0x24F)
            .chain(0x2018..=0x20CF)
            .chain(0x1F300..=0x1FAFF)
        {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let text = format!("a{c}b");
            if quiet(c).is_some() {
                assert_eq!(edit_at(&text, 1, Some('a')).0, Edit::Keep(c), "{c:?}");
            }
            if quiet(c) == Some(Quiet::Symbol) {
                assert!(!is_alphanumeric(c), "{c:?}");
            }
        }
        assert_eq!(quiet('ı'), None);
        assert_eq!(quiet('é'), Some(Quiet::Latin));
        assert_eq!(quiet('🙂'), Some(Quiet::Symbol));
    }

    #[test]
    fn every_digit_set_runs_zero_to_nine() {
        for zero in DIGIT_ZEROS {
            for d in 0..10 {
                let c = char::from_u32(zero + d).expect("assigned");
                assert_eq!(fold(c), char::from_digit(d, 10), "{c:?}");
            }
        }
        assert_eq!(fold('²'), None);
    }
}
