//! Field names of structured text: the key a value is labelled with.
//!
//! In `ssn=123-45-6789`, `"iban": "..."`, `| Phone | ... |`, `Card: ...` or a
//! CSV column, the value's own key says what it is far better than any word
//! nearby, so recognizers judge such values by their key alone.

/// Longest key looked at, in bytes.
pub(crate) const MAX_KEY: usize = 40;

/// A key written right before a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InlineKey<'t> {
    pub(crate) key: &'t str,
    /// Whether the key is a field of its own: a `key=` token, or a `Key:`
    /// at the start of the text, a line or a cell (not `... (SIN) on file:`).
    pub(crate) whole_field: bool,
}

/// The key written right before `start` (`key=`, `key: `, `"key": "`, `| key | `).
pub(crate) fn inline_key(text: &str, start: usize) -> Option<InlineKey<'_>> {
    let b = text.as_bytes();
    let mut i = start;
    let skip = |i: &mut usize, set: &[u8]| {
        while *i > 0 && set.contains(&b[*i - 1]) {
            *i -= 1;
        }
    };
    skip(&mut i, b" \t\"'");
    if i == 0 || !matches!(b[i - 1], b'=' | b':' | b'|') {
        return None;
    }
    // `key=value` keys are single tokens; `Key: value` and `| Key |` may
    // have spaces and a remark in brackets (`ITIN (no SSN issued): `).
    let spaced = b[i - 1] != b'=';
    i -= 1;
    skip(&mut i, b" \t\"'");
    let end = i;
    let in_key = |c: u8| match c {
        b' ' | b'(' | b')' => spaced,
        _ => is_key_byte(c),
    };
    while i > 0 && end - i < MAX_KEY && in_key(b[i - 1]) {
        i -= 1;
    }
    let key = text.get(i..end)?.trim();
    let mut before = i;
    skip(&mut before, b" \t");
    let whole_field = !spaced
        || before == 0
        || matches!(
            b[before - 1],
            b'\n' | b'\r' | b'|' | b',' | b';' | b'{' | b'[' | b'"' | b'\''
        );
    (!key.is_empty() && key.bytes().any(|c| c.is_ascii_alphabetic()))
        .then_some(InlineKey { key, whole_field })
}

/// A header or key in comparable form: lower case, letters and digits only.
pub(crate) fn normalize(key: &str) -> String {
    key.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A column's header, or a rule's name for one, in comparable form:
/// [`normalize`]d, without a last word that says "number" (`number`, `no`,
/// `No.`, `num`, `nbr`, `nr`, `#`), so that `Licence no.`, `licence_number`
/// and `Licence` are one key, and `OHIP #` is `ohip`.
pub(crate) fn column_key(header: &str) -> String {
    let key = normalize(header);
    let last = header
        .split(|c: char| !c.is_ascii_alphanumeric())
        .rfind(|w| !w.is_empty())
        .unwrap_or_default();
    let number = NUMBER_WORDS.iter().any(|n| last.eq_ignore_ascii_case(n));
    match key.len().checked_sub(last.len()) {
        Some(rest) if number && rest > 0 => key[..rest].to_string(),
        _ => key,
    }
}

/// Keys that say nothing about what a value is, normalised (a change
/// log's `old=` and `new=` among them: `field=phone new=...`).
const GENERIC: &[&str] = &[
    "value",
    "new",
    "old",
    "prev",
    "previous",
    "current",
    "val",
    "data",
    "field",
    "text",
    "msg",
    "message",
    "content",
    "input",
    "output",
    "note",
    "notes",
    "details",
    "detail",
    "comment",
    "description",
    "body",
    "result",
    "info",
    "subject",
    "re",
    "fwd",
    "from",
    "to",
    "cc",
    "hi",
    "hello",
    "ps",
    "update",
    "status",
];

/// Longest of [`GENERIC`], in bytes.
const GENERIC_MAX: usize = 11;

/// Keys that say nothing about what a value is (`value=`, `data:`).
pub(crate) fn is_generic(key: &str) -> bool {
    normalized_in::<GENERIC_MAX>(key, GENERIC) || key.chars().count() > MAX_KEY
}

/// Whether `key` in [`normalize`]d form is one of `words`, none longer
/// than `N` bytes: normalised on the stack, as every candidate value after
/// a `key=` asks. A key longer than the buffer is longer than every word.
fn normalized_in<const N: usize>(key: &str, words: &[&str]) -> bool {
    let mut buf = [0u8; N];
    let mut len = 0;
    for b in key.bytes().filter(u8::is_ascii_alphanumeric) {
        let Some(slot) = buf.get_mut(len) else {
            return false;
        };
        *slot = b.to_ascii_lowercase();
        len += 1;
    }
    words.iter().any(|w| w.as_bytes() == &buf[..len])
}

/// Words that say "number", normalised.
const NUMBER_WORDS: &[&str] = &["no", "nr", "nbr", "num", "number"];

/// Keys that say only that a number follows (`No.`, `Number:`, `ID=`),
/// normalised, beside [`NUMBER_WORDS`]: the words before such a key tell
/// what the number is.
const BARE_NUMBER: &[&str] = &["id", "code"];

/// Longest of [`NUMBER_WORDS`] and [`BARE_NUMBER`], in bytes.
const BARE_NUMBER_MAX: usize = 6;

/// Whether `key` says only that a number follows.
pub(crate) fn is_bare_number_key(key: &str) -> bool {
    normalized_in::<BARE_NUMBER_MAX>(key, NUMBER_WORDS)
        || normalized_in::<BARE_NUMBER_MAX>(key, BARE_NUMBER)
}

pub(super) fn is_key_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b' ' | b'#' | b'.' | b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_keys_are_compared_in_normalised_form() {
        assert!(is_generic("Value"));
        assert!(is_generic("MSG"));
        assert!(is_generic("re"));
        assert!(is_generic("n-o-t-e-s"));
        assert!(!is_generic("user"));
        assert!(!is_generic("values"));
        assert!(!is_generic("va"));
        assert!(!is_generic("Détails"), "é is dropped, leaving dtails");
        assert!(is_generic(&"k".repeat(MAX_KEY + 1)), "too long to be a key");
        assert_eq!(GENERIC.iter().map(|w| w.len()).max(), Some(GENERIC_MAX));
        assert_eq!(
            NUMBER_WORDS
                .iter()
                .chain(BARE_NUMBER)
                .map(|w| w.len())
                .max(),
            Some(BARE_NUMBER_MAX)
        );
        assert!(is_bare_number_key("No.") && is_bare_number_key("Number"));
        assert!(!is_bare_number_key("numbers") && !is_bare_number_key("trace"));
    }

    #[test]
    fn column_keys_leave_out_number() {
        assert_eq!(column_key("Licence no."), "licence");
        assert_eq!(column_key("licence_number"), "licence");
        assert_eq!(column_key("Health card #"), "healthcard");
        assert_eq!(column_key("OHIP #"), "ohip");
        assert_eq!(column_key("Acct Nbr"), "acct");
        assert_eq!(column_key("PHN"), "phn");
        // Only a last word of its own, and never the whole key.
        assert_eq!(column_key("Casino"), "casino");
        assert_eq!(column_key("Nr. of items"), "nrofitems");
        assert_eq!(column_key("Number"), "number");
        assert_eq!(column_key("No."), "no");
    }

    #[test]
    fn inline_keys() {
        fn key(t: &str) -> Option<&str> {
            inline_key(t, t.find('V').expect("value")).map(|k| k.key)
        }
        let whole = |t: &str| inline_key(t, t.find('V').expect("value")).map(|k| k.whole_field);
        assert_eq!(key("x ssn=V"), Some("ssn"));
        assert_eq!(key("{\"bank_account\": \"V"), Some("bank_account"));
        assert_eq!(key("| Phone Number | V"), Some("Phone Number"));
        assert_eq!(
            key("Social security number: V"),
            Some("Social security number")
        );
        assert_eq!(key("call V"), None);
        assert_eq!(whole("trace=V"), Some(true));
        assert_eq!(whole("a=1 trace=V"), Some(true));
        assert_eq!(whole("Acme\nDirect: V"), Some(true));
        assert_eq!(whole("{\"iban\": \"V"), Some(true));
        assert_eq!(whole("| Phone | V"), Some(true));
        assert_eq!(key("ITIN (no SSN issued): V"), Some("ITIN (no SSN issued)"));
        assert_eq!(key("x (ssn)=V"), None);
        assert_eq!(whole("Number (SIN) on file: V"), Some(true));
        assert_eq!(whole("Thanks! Number (SIN) on file: V"), Some(false));
    }
}
