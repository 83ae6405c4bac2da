//! Field names of structured text: the key a value is labelled with.
//!
//! In `ssn=123-45-6789`, `"iban": "..."`, `| Phone | ... |`, `Card: ...` or a
//! CSV column, the value's own key says what it is far better than any word
//! nearby, so recognizers judge such values by their key alone.

use crate::scan::finding::Span;

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
    // `key=value` keys are single tokens; `Key: value` and `| Key |` may have spaces.
    let spaced = b[i - 1] != b'=';
    i -= 1;
    skip(&mut i, b" \t\"'");
    let end = i;
    while i > 0 && end - i < MAX_KEY && is_key_byte(b[i - 1]) && (spaced || b[i - 1] != b' ') {
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

/// Keys that say nothing about what a value is, normalised.
const GENERIC: &[&str] = &[
    "value",
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
    // `normalize(key)` on the stack: every candidate value after a `key=`
    // asks. A key longer than the buffer is longer than every listed word.
    let mut buf = [0u8; GENERIC_MAX];
    let mut len = 0;
    for b in key.bytes().filter(u8::is_ascii_alphanumeric) {
        let Some(slot) = buf.get_mut(len) else {
            return key.chars().count() > MAX_KEY;
        };
        *slot = b.to_ascii_lowercase();
        len += 1;
    }
    let normalized = &buf[..len];
    GENERIC.iter().any(|w| w.as_bytes() == normalized) || key.chars().count() > MAX_KEY
}

/// Keys that say only that a number follows (`No.`, `Number:`, `ID=`),
/// normalised: the words before such a key tell what the number is.
const BARE_NUMBER: &[&str] = &["no", "nr", "nbr", "num", "number", "id", "code"];

/// Whether `key` says only that a number follows.
pub(crate) fn is_bare_number_key(key: &str) -> bool {
    let normalized = key
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase());
    BARE_NUMBER.iter().any(|w| w.bytes().eq(normalized.clone()))
}

fn is_key_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b' ' | b'#' | b'.' | b'/')
}

/// A comma-separated table whose first line is a header.
#[derive(Debug)]
pub(crate) struct Csv<'t> {
    header: Vec<&'t str>,
    /// Byte offset where the first data row starts.
    body: usize,
}

impl<'t> Csv<'t> {
    /// Detects CSV: a header of at least two plain cells, and a next line
    /// with the same number of cells.
    pub(crate) fn detect(text: &'t str) -> Option<Self> {
        let first_end = text.find('\n')?;
        let header_line = text[..first_end].trim_end_matches('\r');
        if !header_line.contains(',') || header_line.len() > 4096 {
            return None;
        }
        let header: Vec<&str> = cells(header_line)
            .map(|s| header_line[s.start..s.end].trim())
            .collect();
        let plain = |c: &&str| {
            !c.is_empty()
                && c.len() <= MAX_KEY
                && c.bytes().all(|b| is_key_byte(b) || b == b'-')
                && c.bytes().any(|b| b.is_ascii_alphabetic())
        };
        if header.len() < 2 || !header.iter().all(plain) {
            return None;
        }
        let rest = &text[first_end + 1..];
        let second = rest.split('\n').next()?.trim_end_matches('\r');
        (cells(second).count() == header.len()).then_some(Csv {
            header,
            body: first_end + 1,
        })
    }

    /// Byte offset where the data rows start (after the header line).
    pub(crate) fn body(&self) -> usize {
        self.body
    }

    /// The header of the column holding `span`, when it lies in one cell of a data row.
    pub(crate) fn key_for(&self, text: &str, span: Span) -> Option<&'t str> {
        if span.start < self.body {
            return None;
        }
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[span.end..]
            .find('\n')
            .map_or(text.len(), |i| span.end + i);
        let line = &text[line_start..line_end];
        let (at, end) = (span.start - line_start, span.end - line_start);
        let cells: Vec<Span> = cells(line).collect();
        if cells.len() != self.header.len() {
            return None;
        }
        let col = cells.iter().position(|c| c.start <= at && end <= c.end)?;
        self.header.get(col).copied()
    }

    /// Data cells (trimmed of spaces and quotes) of every column whose header
    /// `wanted` accepts, as (header, cell span).
    pub(crate) fn cells_where(
        &self,
        text: &str,
        wanted: impl Fn(&str) -> bool,
    ) -> Vec<(&'t str, Span)> {
        let cols: Vec<usize> = (0..self.header.len())
            .filter(|&i| wanted(self.header[i]))
            .collect();
        let mut out = Vec::new();
        if cols.is_empty() {
            return out;
        }
        let mut line_start = self.body;
        for line in text[self.body..].split('\n') {
            let cells: Vec<Span> = cells(line.trim_end_matches('\r')).collect();
            if cells.len() == self.header.len() {
                for &c in &cols {
                    let mut s = cells[c];
                    let cell = &line.as_bytes()[s.start..s.end];
                    let lead = cell.iter().take_while(|b| matches!(b, b' ' | b'"')).count();
                    let trail = cell[lead..]
                        .iter()
                        .rev()
                        .take_while(|b| matches!(b, b' ' | b'"'))
                        .count();
                    s.start += lead;
                    s.end -= trail;
                    if s.start < s.end {
                        out.push((
                            self.header[c],
                            Span {
                                start: line_start + s.start,
                                end: line_start + s.end,
                            },
                        ));
                    }
                }
            }
            line_start += line.len() + 1;
        }
        out
    }
}

/// Cells of one CSV line, quote-aware (`"a,b"` is one cell).
fn cells(line: &str) -> impl Iterator<Item = Span> + '_ {
    let b = line.as_bytes();
    let mut at = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let start = at;
        let mut quoted = false;
        while at < b.len() {
            match b[at] {
                b'"' => quoted = !quoted,
                b',' if !quoted => break,
                _ => {}
            }
            at += 1;
        }
        let cell = Span { start, end: at };
        if at >= b.len() {
            done = true;
        } else {
            at += 1;
        }
        Some(cell)
    })
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
        assert_eq!(whole("Number (SIN) on file: V"), Some(false));
    }

    #[test]
    fn csv_columns() {
        let t = "name,iban,note\n\"Doe, J\",GB82WEST,ok\nA,B,C\n";
        let csv = Csv::detect(t).expect("csv");
        let at = t.find("GB82").expect("value");
        assert_eq!(
            csv.key_for(
                t,
                Span {
                    start: at,
                    end: at + 8
                }
            ),
            Some("iban")
        );
        let cells: Vec<_> = csv
            .cells_where(t, |h| h == "iban")
            .into_iter()
            .map(|(_, s)| &t[s.start..s.end])
            .collect();
        assert_eq!(cells, ["GB82WEST", "B"]);
        assert!(Csv::detect("just, a sentence\nwith words").is_none());
    }
}
