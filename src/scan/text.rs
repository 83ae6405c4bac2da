//! Small text helpers shared by the detectors.

/// Whether `c` continues a word (Unicode letters and digits, `_`).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
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
    fn boundaries_round_to_chars() {
        let t = "aé";
        assert_eq!(floor_boundary(t, 2), 1);
        assert_eq!(ceil_boundary(t, 2), 3);
    }
}
