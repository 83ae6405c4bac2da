//! Server-sent events (WHATWG HTML, "Parsing an event stream"): an
//! incremental parser that takes body chunks cut anywhere (inside a line, a
//! `\r\n` pair or a UTF-8 character) and yields whole events, and the writer
//! that puts them back on the wire.
//!
//! Departures from the spec, all on the side of not passing text unchecked:
//! invalid UTF-8 is an error rather than replaced; a line or event longer
//! than the limit is an error rather than buffered without bound; comment
//! text and unknown fields are not forwarded.

use std::fmt;

/// One dispatched event, with the fields it had.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Event {
    pub(crate) event: Option<String>,
    /// `data:` lines joined by `\n`; `None` when the event had none.
    pub(crate) data: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) retry: Option<String>,
}

/// What the parser yields, in stream order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Event(Event),
    /// A `:` comment line (keep-alive); its text is dropped.
    Comment,
}

/// Why an event stream cannot be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SseError {
    InvalidUtf8,
    TooLong,
}

impl fmt::Display for SseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SseError::InvalidUtf8 => "event stream is not valid UTF-8",
            SseError::TooLong => "event stream has an event over the size limit",
        })
    }
}

/// The incremental parser.
#[derive(Debug)]
pub(crate) struct SseParser {
    /// Bytes of the current, unfinished line.
    line: Vec<u8>,
    /// The last chunk ended with `\r`: a `\n` opening the next one belongs to it.
    after_cr: bool,
    first_line: bool,
    pending: Event,
    /// Whether the pending event has any field at all.
    has_field: bool,
    /// Bytes of the pending event, for the limit.
    event_bytes: usize,
    limit: usize,
}

impl SseParser {
    /// A parser that refuses events (with their current line) over `limit` bytes.
    pub(crate) fn new(limit: usize) -> Self {
        SseParser {
            line: Vec::new(),
            after_cr: false,
            first_line: true,
            pending: Event::default(),
            has_field: false,
            event_bytes: 0,
            limit,
        }
    }

    /// Feeds one chunk; whole items are appended to `out`.
    pub(crate) fn feed(&mut self, chunk: &[u8], out: &mut Vec<Item>) -> Result<(), SseError> {
        let mut rest = chunk;
        if self.after_cr && !rest.is_empty() {
            self.after_cr = false;
            if rest[0] == b'\n' {
                rest = &rest[1..];
            }
        }
        while let Some(i) = memchr::memchr2(b'\n', b'\r', rest) {
            self.extend_line(&rest[..i])?;
            let cr = rest[i] == b'\r';
            rest = &rest[i + 1..];
            if cr {
                match rest.first() {
                    None => self.after_cr = true,
                    Some(b'\n') => rest = &rest[1..],
                    Some(_) => {}
                }
            }
            self.end_line(out)?;
        }
        self.extend_line(rest)
    }

    /// The end of the stream: an unfinished event is discarded (as the spec
    /// says), so nothing is yielded.
    pub(crate) fn finish(&mut self) {
        self.line.clear();
        self.pending = Event::default();
        self.has_field = false;
    }

    fn extend_line(&mut self, bytes: &[u8]) -> Result<(), SseError> {
        if self.event_bytes + self.line.len() + bytes.len() > self.limit {
            return Err(SseError::TooLong);
        }
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    fn end_line(&mut self, out: &mut Vec<Item>) -> Result<(), SseError> {
        let bytes = std::mem::take(&mut self.line);
        self.event_bytes += bytes.len() + 1;
        let text = String::from_utf8(bytes).map_err(|_| SseError::InvalidUtf8)?;
        let mut line = text.as_str();
        if std::mem::take(&mut self.first_line) {
            line = line.strip_prefix('\u{feff}').unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch(out);
            return Ok(());
        }
        if line.starts_with(':') {
            out.push(Item::Comment);
            return Ok(());
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        let e = &mut self.pending;
        match field {
            "event" => e.event = Some(value.to_string()),
            "data" => match &mut e.data {
                Some(d) => {
                    d.push('\n');
                    d.push_str(value);
                }
                None => e.data = Some(value.to_string()),
            },
            // The spec ignores an id containing NUL.
            "id" if !value.contains('\0') => e.id = Some(value.to_string()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                e.retry = Some(value.to_string())
            }
            _ => return Ok(()),
        }
        self.has_field = true;
        Ok(())
    }

    fn dispatch(&mut self, out: &mut Vec<Item>) {
        self.event_bytes = 0;
        if std::mem::take(&mut self.has_field) {
            out.push(Item::Event(std::mem::take(&mut self.pending)));
        }
    }
}

/// Writes an event in canonical form: `event`, `id`, `retry`, then one
/// `data:` line per line of data, then the blank line.
pub(crate) fn write_event(e: &Event, out: &mut String) {
    let mut field = |name: &str, value: &str| {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push('\n');
    };
    if let Some(v) = &e.event {
        field("event", v);
    }
    if let Some(v) = &e.id {
        field("id", v);
    }
    if let Some(v) = &e.retry {
        field("retry", v);
    }
    if let Some(data) = &e.data {
        // Values came from single lines; data is split on the `\n` that
        // joined them, and a `\r` would end a line on the client's side.
        for line in data.split(['\n', '\r']) {
            field("data", line);
        }
    }
    out.push('\n');
}

/// Writes an item: an event, or an empty comment for a comment.
pub(crate) fn write_item(item: &Item, out: &mut String) {
    match item {
        Item::Event(e) => write_event(e, out),
        Item::Comment => out.push_str(":\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_chunks(chunks: &[&[u8]]) -> Result<Vec<Item>, SseError> {
        let mut p = SseParser::new(1024);
        let mut out = Vec::new();
        for c in chunks {
            p.feed(c, &mut out)?;
        }
        p.finish();
        Ok(out)
    }

    fn data(event: Option<&str>, data: &str) -> Item {
        Item::Event(Event {
            event: event.map(str::to_string),
            data: Some(data.to_string()),
            ..Event::default()
        })
    }

    #[test]
    fn every_line_ending_and_every_split_give_the_same_events() {
        let stream = "\u{feff}: hi\r\nevent: a\rdata:x\r\ndata:  y\n\nid: 7\nretry: 10\nfoo: bar\n\ndata\n\r\ndata: tail";
        let want = vec![
            Item::Comment,
            data(Some("a"), "x\n y"),
            Item::Event(Event {
                id: Some("7".into()),
                retry: Some("10".into()),
                ..Event::default()
            }),
            data(None, ""),
        ];
        let bytes = stream.as_bytes();
        assert_eq!(parse_chunks(&[bytes]), Ok(want.clone()));
        for cut in 0..=bytes.len() {
            let (a, b) = bytes.split_at(cut);
            assert_eq!(parse_chunks(&[a, b]), Ok(want.clone()), "cut at {cut}");
        }
        let single: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(parse_chunks(&single), Ok(want));
    }

    #[test]
    fn bad_utf8_and_oversized_events_are_errors() {
        assert_eq!(
            parse_chunks(&[b"data: \xff\n\n"]),
            Err(SseError::InvalidUtf8)
        );
        let long = vec![b'a'; 2000];
        assert_eq!(parse_chunks(&[b"data: ", &long]), Err(SseError::TooLong));
        // The limit counts the whole event, not only one line.
        let line = [b"data: ".as_slice(), &[b'a'; 300], b"\n"].concat();
        let many: Vec<&[u8]> = std::iter::repeat_n(line.as_slice(), 4).collect();
        assert_eq!(parse_chunks(&many), Err(SseError::TooLong));
    }

    #[test]
    fn written_events_parse_back_to_themselves() {
        let e = Event {
            event: Some("delta".into()),
            data: Some("{\"a\":1}\nsecond".into()),
            id: Some("9".into()),
            retry: None,
        };
        let mut s = String::new();
        write_event(&e, &mut s);
        assert_eq!(s, "event: delta\nid: 9\ndata: {\"a\":1}\ndata: second\n\n");
        assert_eq!(parse_chunks(&[s.as_bytes()]), Ok(vec![Item::Event(e)]));
    }
}
