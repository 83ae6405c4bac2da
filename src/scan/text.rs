//! Small text helpers shared by the detectors.

use std::sync::OnceLock;

/// Characters below this have their Unicode classes in a table built once
/// (~2 M instructions): Latin, Greek, Cyrillic, Hebrew, Arabic. Above it,
/// general punctuation, currency signs and emoji are answered by range and
/// the rest by the standard library's (slower) lookups.
const TABLED: usize = 0x800;

const ALPHABETIC: u8 = 1;
const ALPHANUMERIC: u8 = 2;
const UPPERCASE: u8 = 4;

/// General punctuation and currency signs: neither letters nor digits.
const PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206F}';
const CURRENCY: std::ops::RangeInclusive<char> = '\u{20A0}'..='\u{20CF}';
/// The emoji and pictograph blocks: neither letters nor digits.
const EMOJI: std::ops::RangeInclusive<char> = '\u{1F300}'..='\u{1FAFF}';

fn is_symbol(c: char) -> bool {
    PUNCTUATION.contains(&c) || CURRENCY.contains(&c) || EMOJI.contains(&c)
}

fn classes() -> &'static [u8; TABLED] {
    static TABLE: OnceLock<Box<[u8; TABLED]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Box::new([0; TABLED]);
        for (i, slot) in t.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(i as u32) {
                let class = |yes: bool, bit: u8| if yes { bit } else { 0 };
                *slot = class(c.is_alphabetic(), ALPHABETIC)
                    | class(c.is_alphanumeric(), ALPHANUMERIC)
                    | class(c.is_uppercase(), UPPERCASE);
            }
        }
        t
    })
}

/// Whether `c` is in class `bit` of the table, answered without the table
/// for ASCII (the standard library's own fast path) and by `std` beyond it.
fn in_class(c: char, bit: u8, std: fn(char) -> bool) -> bool {
    match c as usize {
        i if i < 0x80 => std(c),
        i if i < TABLED => classes()[i] & bit != 0,
        _ => !is_symbol(c) && std(c),
    }
}

/// [`char::is_alphabetic`], fast for tabled scripts and emoji.
pub(crate) fn is_alphabetic(c: char) -> bool {
    in_class(c, ALPHABETIC, char::is_alphabetic)
}

/// [`char::is_alphanumeric`], fast for tabled scripts and emoji.
pub(crate) fn is_alphanumeric(c: char) -> bool {
    in_class(c, ALPHANUMERIC, char::is_alphanumeric)
}

/// [`char::is_uppercase`], fast for tabled scripts and emoji.
pub(crate) fn is_uppercase(c: char) -> bool {
    in_class(c, UPPERCASE, char::is_uppercase)
}

/// Whether `c` continues a word (Unicode letters and digits, `_`).
pub(crate) fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || c == '_'
}

/// The character that ends right at byte `at`, if any.
pub(crate) fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at).and_then(|s| s.chars().next_back())
}

/// The character that starts at byte `at`, if any.
pub(crate) fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|s| s.chars().next())
}

/// Whether the span `start..end` touches a word character on either side,
/// counting only sides where the span itself begins or ends with one.
pub(crate) fn is_word_char_around(text: &str, start: usize, end: usize) -> bool {
    let first = char_at(text, start).is_some_and(is_word_char);
    let last = char_before(text, end).is_some_and(is_word_char);
    (first && char_before(text, start).is_some_and(is_word_char))
        || (last && char_at(text, end).is_some_and(is_word_char))
}

/// Moves `at` down to the nearest char boundary.
pub(crate) fn floor_boundary(text: &str, mut at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Moves `at` up to the nearest char boundary.
pub(crate) fn ceil_boundary(text: &str, mut at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_are_unicode_aware() {
        let t = "éfoo foo";
        assert!(is_word_char_around(t, 2, 5));
        assert!(!is_word_char_around(t, 6, 9));
        assert!(!is_word_char_around("(foo)", 1, 4));
        // A span that begins with punctuation does not need a boundary there.
        assert!(!is_word_char_around("a+b", 1, 2));
    }

    #[test]
    fn fast_classes_agree_with_the_standard_library() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?}");
        }
    }

    #[test]
    fn boundaries_round_to_chars() {
        let t = "aé";
        assert_eq!(floor_boundary(t, 2), 1);
        assert_eq!(ceil_boundary(t, 2), 3);
    }
}
