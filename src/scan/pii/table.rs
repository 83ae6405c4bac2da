//! Tables whose header row names their columns: a CSV text (its first line
//! the header; commas, semicolons or tabs between cells), Markdown tables
//! anywhere in a text (`| Name | Age |`, then `|---|---|`, then rows) and
//! tables aligned with spaces ([`aligned_header`]). A cell is judged by its
//! column's header, as a value is by its key, and the header row holds
//! labels, not values.

use super::field::{is_generic, is_key_byte, MAX_KEY};
use crate::scan::finding::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Cells apart by this byte: `,`, `;` (spreadsheets where the comma
    /// is the decimal mark) or a tab.
    Csv(u8),
    Markdown,
}

#[derive(Debug)]
struct Table<'t> {
    kind: Kind,
    header: Vec<&'t str>,
    /// Where the header row starts, where the first data row starts and
    /// where the last one ends.
    start: usize,
    body: usize,
    end: usize,
}

/// The tables of one text.
#[derive(Debug)]
pub(crate) struct Tables<'t> {
    tables: Vec<Table<'t>>,
}

impl<'t> Tables<'t> {
    /// The tables of `text`, `None` when it has none; its first line is
    /// taken for a CSV header only with `csv`.
    pub(crate) fn detect(text: &'t str, csv: bool) -> Option<Self> {
        let mut tables = Vec::new();
        if let Some(t) = csv.then(|| csv_table(text)).flatten() {
            tables.push(t);
        }
        if memchr::memchr(b'|', text.as_bytes()).is_some() {
            markdown_tables(text, &mut tables);
        }
        (!tables.is_empty()).then_some(Tables { tables })
    }

    fn holding(&self, at: usize) -> Option<&Table<'t>> {
        self.tables.iter().find(|t| t.start <= at && at < t.end)
    }

    /// Whether a match whose whole begins at `whole_start` and whose value
    /// at `value_start` is no value: the value lies in a Markdown header row
    /// (a CSV header is a guess from the first line, which may be prose), or
    /// a key in a header row labels it (`ref,plate\nAT65 6815 ...`): a header
    /// names columns, it labels no value below it.
    pub(crate) fn is_header_label(
        &self,
        text: &str,
        whole_start: usize,
        value_start: usize,
    ) -> bool {
        let Some(t) = self.holding(value_start) else {
            return false;
        };
        if value_start < t.body {
            return t.kind == Kind::Markdown;
        }
        text.get(whole_start.max(t.start)..t.body)
            .is_some_and(|s| s.chars().any(char::is_alphabetic))
    }

    /// The header of the column holding `span`, when it lies in one cell of a data row.
    pub(crate) fn key_for(&self, text: &str, span: Span) -> Option<&'t str> {
        let t = self.holding(span.start).filter(|t| span.start >= t.body)?;
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[span.end..]
            .find('\n')
            .map_or(text.len(), |i| span.end + i);
        let line = &text[line_start..line_end];
        let (at, end) = (span.start - line_start, span.end - line_start);
        let cells = t.kind.cells(line)?;
        if cells.len() != t.header.len() {
            return None;
        }
        let col = cells.iter().position(|c| c.start <= at && end <= c.end)?;
        t.header.get(col).copied()
    }

    /// Data cells (trimmed of spaces and quotes) whose key `wanted`
    /// accepts, as (key, cell span). A cell's key is its column's header;
    /// under a generic one (`| Field | Value |`) the cell before it.
    pub(crate) fn cells_where(
        &self,
        text: &'t str,
        wanted: impl Fn(&str) -> bool,
    ) -> Vec<(&'t str, Span)> {
        let mut out = Vec::new();
        for t in &self.tables {
            let by_header: Vec<bool> = t.header.iter().map(|h| wanted(h)).collect();
            let by_row: Vec<bool> = (0..t.header.len())
                .map(|i| i > 0 && is_generic(t.header[i]))
                .collect();
            if !by_header.iter().chain(&by_row).any(|&on| on) {
                continue;
            }
            let mut line_start = t.body;
            for line in text[t.body..t.end].split('\n') {
                let cells = t.kind.cells(line.trim_end_matches('\r'));
                if let Some(cells) = cells.filter(|c| c.len() == t.header.len()) {
                    let cell = |c: usize| trim(line, cells[c], b" \"");
                    for c in 0..cells.len() {
                        let key = if by_header[c] {
                            t.header[c]
                        } else if by_row[c] {
                            let k = cell(c - 1);
                            match text.get(line_start + k.start..line_start + k.end) {
                                Some(key) if wanted(key) => key,
                                _ => continue,
                            }
                        } else {
                            continue;
                        };
                        let s = cell(c);
                        if s.start < s.end {
                            out.push((
                                key,
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
        }
        out
    }
}

impl Kind {
    /// The cells of one row.
    fn cells(self, line: &str) -> Option<Vec<Span>> {
        match self {
            Kind::Csv(sep) => Some(csv_cells(line, sep).collect()),
            Kind::Markdown => markdown_cells(line),
        }
    }
}

/// Lines looked up from a value for the header of its aligned column.
const ALIGNED_ROWS: usize = 24;

/// The header of the column holding `span` in a table aligned with spaces
/// (a manifest, a report, a command's output), where no delimiter marks
/// the cells:
///
/// ```text
/// SEQ  NAME                  PASSPORT    NAT
/// 001  GUO/JUN           MR  273525386   USA
/// ```
///
/// The value stands alone in its cell (two spaces or the line's edge on
/// either side), and the header is the nearest line above, within
/// [`ALIGNED_ROWS`] lines of such rows and with no blank line between,
/// that has no digit nor colon and a word starting in the value's column
/// after two spaces or at the line's start: the header runs to the next
/// two spaces. A value in prose is turned down by its first test, from
/// the bytes beside it.
pub(crate) fn aligned_header(text: &str, span: Span) -> Option<&str> {
    let b = text.as_bytes();
    let gap_before = match b.get(..span.start) {
        Some([] | [.., b'\n']) => true,
        Some(before) => before.ends_with(b"  "),
        None => false,
    };
    let gap_after = match b.get(span.end..) {
        Some([]) | Some([b'\n' | b'\r', ..]) => true,
        Some(rest) => rest.starts_with(b"  "),
        None => false,
    };
    if !gap_before || !gap_after {
        return None;
    }
    let line_start = memchr::memrchr(b'\n', &b[..span.start]).map_or(0, |i| i + 1);
    // Columns count characters: a name with accents above or below is
    // longer in bytes than it looks.
    let column = text.get(line_start..span.start)?.chars().count();
    let mut end = line_start;
    for _ in 0..ALIGNED_ROWS {
        let above_end = end.checked_sub(1)?;
        let above_start = memchr::memrchr(b'\n', &b[..above_end]).map_or(0, |i| i + 1);
        let line = text[above_start..above_end].trim_end_matches('\r');
        end = above_start;
        if line.trim().is_empty() || !line.contains("  ") {
            return None;
        }
        // A header row has no digits, nor a `Key:` (a form's rows do).
        if line.bytes().any(|c| c.is_ascii_digit() || c == b':') {
            continue;
        }
        let Some((at, first)) = line.char_indices().nth(column) else {
            continue;
        };
        let starts_cell = at == 0 || line[..at].ends_with("  ");
        if !starts_cell || !first.is_ascii_alphabetic() {
            continue;
        }
        let cell = &line[at..];
        let header = cell.find("  ").map_or(cell, |i| &cell[..i]).trim_end();
        return (header.len() <= MAX_KEY && header.bytes().all(is_key_byte)).then_some(header);
    }
    None
}

/// `span` of `line` without the bytes of `strip` at either end.
fn trim(line: &str, span: Span, strip: &[u8]) -> Span {
    let cell = &line.as_bytes()[span.start..span.end];
    let lead = cell.iter().take_while(|b| strip.contains(b)).count();
    let trail = cell[lead..]
        .iter()
        .rev()
        .take_while(|b| strip.contains(b))
        .count();
    Span {
        start: span.start + lead,
        end: span.end - trail,
    }
}

/// Whether `text` is CSV: its first line a header.
pub(crate) fn starts_csv(text: &str) -> bool {
    csv_table(text).is_some()
}

/// CSV: a header of at least two plain cells, apart by the first of `,`,
/// `;` and tab in it, and a next line with the same number of cells.
fn csv_table(text: &str) -> Option<Table<'_>> {
    let first_end = text.find('\n')?;
    let header_line = text[..first_end].trim_end_matches('\r');
    if header_line.len() > 4096 {
        return None;
    }
    // The first separator the header has (the common case, prose, has none).
    let b = header_line.as_bytes();
    let sep = b[memchr::memchr3(b',', b';', b'\t', b)?];
    let plain = |c: &str| {
        !c.is_empty()
            && c.len() <= MAX_KEY
            && c.bytes().all(|b| is_key_byte(b) || b == b'-')
            && c.bytes().any(|b| b.is_ascii_alphabetic())
    };
    // Cell by cell: a line of prose fails within its first cells.
    let mut header = Vec::new();
    for s in csv_cells(header_line, sep) {
        let cell = header_line[s.start..s.end].trim();
        if !plain(cell) {
            return None;
        }
        header.push(cell);
    }
    if header.len() < 2 {
        return None;
    }
    let rest = &text[first_end + 1..];
    let second = rest.split('\n').next()?.trim_end_matches('\r');
    (csv_cells(second, sep).count() == header.len()).then_some(Table {
        kind: Kind::Csv(sep),
        header,
        start: 0,
        body: first_end + 1,
        end: text.len(),
    })
}

/// Cells of one CSV line, quote-aware (`"a,b"` is one cell).
fn csv_cells(line: &str, sep: u8) -> impl Iterator<Item = Span> + '_ {
    let b = line.as_bytes();
    let mut at = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let start = at;
        let mut quoted = false;
        // From separator or quote to the next: the cell ends at a separator
        // outside quotes, or with the line.
        loop {
            let Some(i) = memchr::memchr2(sep, b'"', &b[at..]) else {
                at = b.len();
                break;
            };
            at += i;
            if b[at] == b'"' {
                quoted = !quoted;
            } else if !quoted {
                break;
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

/// Cells of a Markdown table row (`| a | b |`, the outer pipes optional at
/// the end), trimmed of spaces; `None` for a line that is no row.
fn markdown_cells(line: &str) -> Option<Vec<Span>> {
    let b = line.as_bytes();
    let first = b.iter().position(|&c| c != b' ' && c != b'\t')?;
    if b[first] != b'|' {
        return None;
    }
    let mut cells = Vec::new();
    let mut start = first + 1;
    for (i, &c) in b.iter().enumerate().skip(first + 1) {
        if c == b'|' && b[i - 1] != b'\\' {
            cells.push(trim(line, Span { start, end: i }, b" \t"));
            start = i + 1;
        }
    }
    let rest = trim(
        line,
        Span {
            start,
            end: b.len(),
        },
        b" \t\r",
    );
    if rest.start < rest.end {
        cells.push(rest);
    }
    Some(cells)
}

/// Whether `line` is a Markdown header separator of `columns` cells (`|---|:--:|`).
fn is_separator(line: &str, columns: usize) -> bool {
    markdown_cells(line).is_some_and(|cells| {
        cells.len() == columns
            && cells.iter().all(|c| {
                let cell = line[c.start..c.end].trim_matches(':');
                !cell.is_empty() && cell.bytes().all(|b| b == b'-')
            })
    })
}

/// Markdown tables of `text`: a row of at least two cells, a separator,
/// then the rows with as many cells.
fn markdown_tables<'t>(text: &'t str, out: &mut Vec<Table<'t>>) {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        lines.push((at, line.trim_end_matches('\r')));
        at += line.len() + 1;
    }
    let mut i = 0;
    while i + 1 < lines.len() {
        let (start, line) = lines[i];
        let header = markdown_cells(line).filter(|c| c.len() >= 2);
        let Some(header) = header.filter(|h| is_separator(lines[i + 1].1, h.len())) else {
            i += 1;
            continue;
        };
        let body = lines.get(i + 2).map_or(text.len(), |&(s, _)| s);
        let mut j = i + 2;
        while lines
            .get(j)
            .is_some_and(|&(_, l)| markdown_cells(l).is_some_and(|c| c.len() == header.len()))
        {
            j += 1;
        }
        let end = lines
            .get(j)
            .map_or(text.len(), |&(s, _)| s.saturating_sub(1))
            .max(body);
        out.push(Table {
            kind: Kind::Markdown,
            header: header.iter().map(|c| &line[c.start..c.end]).collect(),
            start,
            body,
            end,
        });
        i = j;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn span_of(t: &str, value: &str) -> Span {
        let start = t.find(value).unwrap();
        Span {
            start,
            end: start + value.len(),
        }
    }

    /// Cells as a byte-by-byte walk finds them.
    fn cells_byte_by_byte(line: &str, sep: u8) -> Vec<Span> {
        let mut cells = Vec::new();
        let (mut start, mut quoted) = (0, false);
        for (at, &b) in line.as_bytes().iter().enumerate() {
            if b == b'"' {
                quoted = !quoted;
            } else if b == sep && !quoted {
                cells.push(Span { start, end: at });
                start = at + 1;
            }
        }
        cells.push(Span {
            start,
            end: line.len(),
        });
        cells
    }

    proptest::proptest! {
        #[test]
        fn csv_cells_are_split_at_separators_outside_quotes(line in "[a,;\t\" é]{0,40}") {
            for sep in [b',', b';', b'\t'] {
                let cells: Vec<Span> = csv_cells(&line, sep).collect();
                proptest::prop_assert_eq!(cells, cells_byte_by_byte(&line, sep));
            }
        }
    }

    #[test]
    fn aligned_columns_have_the_header_above_them() {
        let t = "PASSENGER MANIFEST  BF4732\n\
                 SEQ  NAME                  PASSPORT    NAT\n\
                 001  GUO/JUN           MR  273525386   USA\n\
                 002  NÍ FHAOLÁIN/AOIFE MS  971587212   USA\n\
                 003  ORTEGA/ANA        DR  963878448\n";
        let header = |value: &str| aligned_header(t, span_of(t, value));
        assert_eq!(header("273525386"), Some("PASSPORT"));
        // Columns count characters, not bytes; a cell may end its line.
        assert_eq!(header("971587212"), Some("PASSPORT"));
        assert_eq!(header("963878448"), Some("PASSPORT"));
        assert_eq!(header("USA"), Some("NAT"));
        // Not alone in its cell, or under a word that starts no cell.
        assert_eq!(header("ORTEGA"), None);
        assert_eq!(header("MR"), None);
        assert_eq!(header("BF4732"), None, "no line above");
        // A form's rows are no header (`Key:`), a blank line ends a table,
        // and prose has no cells.
        let form = "Sex:      M\nNHS no:   406 971 9482\n";
        assert_eq!(aligned_header(form, span_of(form, "406 971 9482")), None);
        let apart = "NAME  PASSPORT\n\nAnn   273525386\n";
        assert_eq!(aligned_header(apart, span_of(apart, "273525386")), None);
        let prose = "my passport\nis 273525386 ok\n";
        assert_eq!(aligned_header(prose, span_of(prose, "273525386")), None);
    }

    /// The cells of column `header`, as text.
    fn column<'t>(tables: &Tables<'_>, t: &'t str, header: &str) -> Vec<&'t str> {
        tables
            .cells_where(t, |h| h == header)
            .into_iter()
            .map(|(_, s)| &t[s.start..s.end])
            .collect()
    }

    #[test]
    fn csv_columns() {
        let t = "name,iban,note\n\"Doe, J\",GB82WEST,ok\nA,B,C\n";
        let tables = Tables::detect(t, true).unwrap();
        assert_eq!(tables.key_for(t, span_of(t, "GB82WEST")), Some("iban"));
        assert_eq!(column(&tables, t, "iban"), ["GB82WEST", "B"]);
        assert!(Tables::detect("just, a sentence\nwith words", true).is_none());
        assert!(Tables::detect(t, false).is_none(), "CSV only when asked");
    }

    #[test]
    fn markdown_columns() {
        let t = "Here:\n\n| Name | NHS No. | Age |\n|---|:---:|--:|\n| Li Na | 463 825 2486 | 24 |\n| Al B | 943 476 5919 | 61 |\n\nafter | the table\n";
        let tables = Tables::detect(t, true).unwrap();
        assert_eq!(
            tables.key_for(t, span_of(t, "463 825 2486")),
            Some("NHS No.")
        );
        assert_eq!(tables.key_for(t, span_of(t, "61")), Some("Age"));
        assert_eq!(tables.key_for(t, span_of(t, "the table")), None);
        assert_eq!(column(&tables, t, "Age"), ["24", "61"]);
        // The header row holds labels; a key in it labels nothing below.
        let header = t.find("NHS").unwrap();
        assert!(tables.is_header_label(t, header, header));
        assert!(tables.is_header_label(t, header, t.find("463").unwrap()));
        assert!(!tables.is_header_label(t, t.find("463").unwrap(), t.find("463").unwrap()));
        assert!(Tables::detect("a | b\nno table here", false).is_none());
        // A CSV header is a guess: its line may hold values.
        let csv = "I live at 9 Elm Road, Leeds\nmy number, 555\n";
        let tables = Tables::detect(csv, true).unwrap();
        assert!(!tables.is_header_label(csv, 10, 10));
    }

    #[test]
    fn a_generic_column_is_keyed_by_the_cell_before() {
        let t = "| Field | Value |\n|---|---|\n| Password | iloveyou |\n| User | ann |\n";
        let tables = Tables::detect(t, false).unwrap();
        assert_eq!(column(&tables, t, "Password"), ["iloveyou"]);
        assert_eq!(column(&tables, t, "User"), ["ann"]);
        // The first column has no cell before it; a telling header keys its own.
        assert_eq!(column(&tables, t, "Field"), ["Password", "User"]);
        // A header asked for by name still keys its column.
        assert_eq!(column(&tables, t, "Value"), ["iloveyou", "ann"]);
    }
}
