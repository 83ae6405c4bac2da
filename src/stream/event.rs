//! Guarding a server-sent event stream whose `data:` payloads are JSON text
//! deltas (OpenAI chat completions, Anthropic messages, Bedrock
//! ConverseStream-shaped events).
//!
//! Each delta's text is fed to a [`StreamScanner`] for its content stream (a
//! path plus the stream index found beside it), and events leave in arrival
//! order: an event carrying text leaves once all of its text is decided,
//! carrying whatever masked text of its stream was released by then (so
//! text can move to an earlier event, never to a later one, and an event may
//! leave with an empty delta); events without text wait behind earlier held
//! text. `data: [DONE]` and the end of the body release everything held.
//! A block drops everything held and sends the blocked message as the last
//! event, in the shape of the delta that set it off. Anything the guard
//! cannot read (invalid UTF-8, an event over the size limit, `data:` that is
//! not JSON) drops everything held and ends the stream with one
//! [`error` event](ERROR_EVENT_TYPE): nothing unscanned passes.

use std::collections::VecDeque;

use serde_json::Value;

use super::sse::{write_event, write_item, Event, Item, SseError, SseParser};
use super::{StreamMode, StreamOptions, StreamScanner};
use crate::error::{Error, ErrorKind};
use crate::policy::Source;
use crate::scan::Scanner;

/// The `error.type` of the event that ends a stream the guard could not read.
pub const ERROR_EVENT_TYPE: &str = "guardrail_stream_error";

/// Where a JSON event carries its text delta, and optionally which content
/// stream (choice, content block) it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeltaPath {
    text: String,
    index: Option<String>,
}

impl DeltaPath {
    /// The text at the JSON pointer `text` (RFC 6901, e.g. `/delta/text`).
    pub fn new(text: &str) -> Self {
        DeltaPath {
            text: text.to_string(),
            index: None,
        }
    }

    /// The content stream's index at the JSON pointer `index`: deltas with
    /// different values are scanned as separate streams.
    pub fn index(mut self, index: &str) -> Self {
        self.index = Some(index.to_string());
        self
    }

    /// OpenAI chat completions (`choices[0].delta.content`), Anthropic
    /// messages (`delta.text`, `index`) and Bedrock ConverseStream
    /// (`contentBlockDelta.delta.text`, `contentBlockDelta.contentBlockIndex`).
    pub fn defaults() -> Vec<DeltaPath> {
        vec![
            DeltaPath::new("/choices/0/delta/content").index("/choices/0/index"),
            DeltaPath::new("/delta/text").index("/index"),
            DeltaPath::new("/contentBlockDelta/delta/text")
                .index("/contentBlockDelta/contentBlockIndex"),
        ]
    }

    pub(crate) fn validate(&self) -> Result<(), Error> {
        for p in std::iter::once(&self.text).chain(&self.index) {
            if !p.starts_with('/') {
                return Err(Error::new(ErrorKind::Input(format!(
                    "JSON pointer {p:?} must start with '/'"
                ))));
            }
        }
        Ok(())
    }
}

/// Whether the body goes on after a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Open,
    /// Blocked or failed: the last output is written; read no more.
    Ended,
}

/// One content stream: its scanner, what it released that has not left yet,
/// and its last delta event (the shape of a blocked message).
#[derive(Debug)]
struct TextStream {
    key: (usize, Option<String>),
    scanner: StreamScanner,
    pushed: u64,
    released: String,
    last: Option<Delta>,
}

/// A delta event: the event, its parsed data and where its text is.
#[derive(Debug, Clone)]
struct Delta {
    event: Event,
    doc: Value,
    /// The pointer of the text; `None` when the data is one JSON string.
    path: Option<usize>,
}

#[derive(Debug)]
enum Held {
    Other(Item),
    Text {
        delta: Delta,
        stream: usize,
        /// Stream offset of the end of this event's text.
        end: u64,
    },
}

impl Held {
    /// Roughly what it holds in memory, for the limit.
    fn size(&self) -> usize {
        let data = match self {
            Held::Other(Item::Event(e)) => e.data.as_ref().map_or(0, String::len),
            Held::Other(Item::Comment) => 0,
            Held::Text { delta, .. } => delta.event.data.as_ref().map_or(0, String::len),
        };
        data + 16
    }
}

/// Guards one event stream. See the [module docs](self).
#[derive(Debug)]
pub(crate) struct SseGuard {
    scanner: Scanner,
    options: StreamOptions,
    paths: std::sync::Arc<[DeltaPath]>,
    parser: SseParser,
    items: Vec<Item>,
    streams: Vec<TextStream>,
    held: VecDeque<Held>,
    held_bytes: usize,
    limit: usize,
    ended: bool,
}

impl SseGuard {
    /// A guard whose events (and held events together) stay under `limit` bytes.
    pub(crate) fn new(
        scanner: &Scanner,
        options: StreamOptions,
        paths: std::sync::Arc<[DeltaPath]>,
        limit: usize,
    ) -> Self {
        SseGuard {
            scanner: scanner.clone(),
            options,
            paths,
            parser: SseParser::new(limit),
            items: Vec::new(),
            streams: Vec::new(),
            held: VecDeque::new(),
            held_bytes: 0,
            limit,
            ended: false,
        }
    }

    /// Feeds body bytes; what may leave is appended to `out`.
    pub(crate) fn push(&mut self, chunk: &[u8], out: &mut String) -> Flow {
        if self.ended {
            return Flow::Ended;
        }
        let mut items = std::mem::take(&mut self.items);
        let parsed = self.parser.feed(chunk, &mut items);
        let mut flow = Flow::Open;
        for item in items.drain(..) {
            flow = self.item(item, out);
            if flow == Flow::Ended {
                break;
            }
        }
        self.items = items;
        if flow == Flow::Open {
            if let Err(e) = parsed {
                return self.fail(parse_reason(e), out);
            }
        }
        flow
    }

    /// The body ended: an unfinished event is discarded, everything held is
    /// released.
    pub(crate) fn finish(&mut self, out: &mut String) -> Flow {
        if self.ended {
            return Flow::Ended;
        }
        self.parser.finish();
        let flow = self.release_all(out);
        self.ended = true;
        flow
    }

    /// The upstream body failed: held text is dropped and an error event ends
    /// the stream.
    pub(crate) fn upstream_failed(&mut self, out: &mut String) -> Flow {
        if self.ended {
            return Flow::Ended;
        }
        self.fail("the upstream stream failed", out)
    }

    fn item(&mut self, item: Item, out: &mut String) -> Flow {
        let Item::Event(event) = item else {
            return self.hold(Held::Other(item), out);
        };
        let Some(data) = &event.data else {
            return self.hold(Held::Other(Item::Event(event)), out);
        };
        if data == "[DONE]" {
            if self.release_all(out) == Flow::Ended {
                return Flow::Ended;
            }
            write_event(&event, out);
            return Flow::Open;
        }
        let Ok(doc) = serde_json::from_str::<Value>(data) else {
            return self.fail("an event's data is not JSON", out);
        };
        let found = match &doc {
            Value::String(s) => Some((None, s.as_str())),
            _ => self.paths.iter().enumerate().find_map(|(i, p)| {
                doc.pointer(&p.text)
                    .and_then(Value::as_str)
                    .map(|s| (Some(i), s))
            }),
        };
        let Some((path, text)) = found else {
            return self.hold(Held::Other(Item::Event(event)), out);
        };
        let index = path
            .and_then(|i| self.paths[i].index.as_deref())
            .and_then(|p| doc.pointer(p))
            .map(Value::to_string);
        let key = (path.unwrap_or(usize::MAX), index);
        let stream = self.stream(key);
        let s = &mut self.streams[stream];
        let release = s.scanner.push_str(text);
        s.pushed += text.len() as u64;
        s.released.push_str(&release.text);
        let delta = Delta { event, doc, path };
        if let Some(message) = release.blocked {
            return self.block(&delta, message, out);
        }
        s.last = Some(delta.clone());
        let end = s.pushed;
        self.hold(Held::Text { delta, stream, end }, out)
    }

    /// The index of the stream for `key`, opened on first use.
    fn stream(&mut self, key: (usize, Option<String>)) -> usize {
        if let Some(i) = self.streams.iter().position(|s| s.key == key) {
            return i;
        }
        self.streams.push(TextStream {
            key,
            scanner: StreamScanner::with_options(&self.scanner, Source::Output, self.options),
            pushed: 0,
            released: String::new(),
            last: None,
        });
        self.streams.len() - 1
    }

    /// Queues an item and lets out what is decided; past the limit, releases
    /// everything (the stream's context restarts there).
    fn hold(&mut self, held: Held, out: &mut String) -> Flow {
        self.held_bytes += held.size();
        self.held.push_back(held);
        if self.held_bytes > self.limit {
            return self.release_all(out);
        }
        self.drain(out)
    }

    /// Lets out held items from the front while their text is decided.
    fn drain(&mut self, out: &mut String) -> Flow {
        while let Some(front) = self.held.front() {
            if let Held::Text { stream, end, .. } = front {
                let Some(s) = self.streams.get(*stream) else {
                    return self.fail("a text delta could not be scanned", out);
                };
                let decided = match self.options.mode {
                    StreamMode::Synchronous => s.scanner.position(),
                    StreamMode::Asynchronous => s.pushed,
                };
                if *end > decided {
                    break;
                }
            }
            let Some(held) = self.held.pop_front() else {
                break;
            };
            self.held_bytes = self.held_bytes.saturating_sub(held.size());
            match held {
                Held::Other(item) => write_item(&item, out),
                Held::Text { delta, stream, .. } => {
                    let text = self
                        .streams
                        .get_mut(stream)
                        .map(|s| std::mem::take(&mut s.released))
                        .unwrap_or_default();
                    if !self.write_delta(delta, text, out) {
                        return self.fail("an event could not be written", out);
                    }
                }
            }
        }
        Flow::Open
    }

    /// Ends every content stream and lets out everything held; later deltas
    /// start new streams.
    fn release_all(&mut self, out: &mut String) -> Flow {
        for i in 0..self.streams.len() {
            let s = &mut self.streams[i];
            let Ok(release) = s.scanner.finish() else {
                return self.fail("a text delta could not be scanned", out);
            };
            s.released.push_str(&release.text);
            if let Some(message) = release.blocked {
                let Some(delta) = s.last.clone() else {
                    return self.fail("a text delta could not be scanned", out);
                };
                return self.block(&delta, message, out);
            }
        }
        // Every held text is decided now.
        let flow = self.drain(out);
        self.streams.clear();
        flow
    }

    fn block(&mut self, delta: &Delta, message: String, out: &mut String) -> Flow {
        self.drop_held();
        if !self.write_delta(delta.clone(), message, out) {
            return self.fail("an event could not be written", out);
        }
        self.ended = true;
        Flow::Ended
    }

    fn fail(&mut self, reason: &str, out: &mut String) -> Flow {
        self.drop_held();
        let data = serde_json::json!({
            "type": "error",
            "error": { "type": ERROR_EVENT_TYPE, "message": reason },
        });
        write_event(
            &Event {
                event: Some("error".to_string()),
                data: Some(data.to_string()),
                ..Event::default()
            },
            out,
        );
        self.ended = true;
        Flow::Ended
    }

    fn drop_held(&mut self) {
        self.held.clear();
        self.held_bytes = 0;
        self.streams.clear();
    }

    /// Writes `delta` with its text replaced by `text`; false if it cannot be.
    fn write_delta(&self, mut delta: Delta, text: String, out: &mut String) -> bool {
        let slot = match delta.path {
            None => Some(&mut delta.doc),
            Some(i) => self
                .paths
                .get(i)
                .and_then(|p| delta.doc.pointer_mut(&p.text)),
        };
        let Some(slot) = slot else {
            return false;
        };
        *slot = Value::String(text);
        let Ok(data) = serde_json::to_string(&delta.doc) else {
            return false;
        };
        delta.event.data = Some(data);
        write_event(&delta.event, out);
        true
    }
}

fn parse_reason(e: SseError) -> &'static str {
    match e {
        SseError::InvalidUtf8 => "the event stream is not valid UTF-8",
        SseError::TooLong => "an event is larger than the guardrail's event limit",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;

    fn guard() -> SseGuard {
        let scanner = Scanner::compile(&Policy::default_policy()).expect("default policy");
        SseGuard::new(
            &scanner,
            StreamOptions::default(),
            DeltaPath::defaults().into(),
            64 * 1024,
        )
    }

    fn run(chunks: &[&str]) -> String {
        let mut g = guard();
        let mut out = String::new();
        for c in chunks {
            if g.push(c.as_bytes(), &mut out) == Flow::Ended {
                return out;
            }
        }
        g.finish(&mut out);
        out
    }

    #[test]
    fn a_split_email_is_masked_and_events_keep_their_order() {
        let out = run(&[
            "data: {\"delta\":{\"text\":\"mail jane.d\"},\"index\":0}\n\n",
            "event: ping\ndata: {}\n\n",
            "data: {\"delta\":{\"text\":\"oe@example.com now\"},\"index\":0}\n\n",
        ]);
        assert_eq!(
            out,
            "data: {\"delta\":{\"text\":\"mail {EMAIL} now\"},\"index\":0}\n\n\
             event: ping\ndata: {}\n\n\
             data: {\"delta\":{\"text\":\"\"},\"index\":0}\n\n"
        );
    }

    #[test]
    fn non_json_data_ends_the_stream_with_an_error_event() {
        let out = run(&[
            "data: {\"delta\":{\"text\":\"hello\"}}\n\n",
            "data: not json\n\n",
            "data: {\"delta\":{\"text\":\"more\"}}\n\n",
        ]);
        assert_eq!(
            out,
            "event: error\ndata: {\"error\":{\"message\":\"an event's data is not JSON\",\
             \"type\":\"guardrail_stream_error\"},\"type\":\"error\"}\n\n"
        );
    }

    #[test]
    fn a_long_stream_under_a_small_limit_keeps_its_context() {
        let scanner = Scanner::compile(&Policy::default_policy()).expect("default policy");
        let options = StreamOptions {
            batch: 1,
            ..StreamOptions::default()
        };
        let mut g = SseGuard::new(&scanner, options, DeltaPath::defaults().into(), 64 * 1024);
        let mut out = String::new();
        let text = format!(
            "{}write to jane.doe@example.com{}",
            "lorem ipsum ".repeat(300),
            " dolor".repeat(300)
        );
        // One character an event: a restart anywhere in the email would split it.
        for c in text.chars() {
            let event = format!(
                "data: {}\n\n",
                serde_json::json!({"delta": {"text": c.to_string()}})
            );
            assert_eq!(g.push(event.as_bytes(), &mut out), Flow::Open);
        }
        g.finish(&mut out);
        let released: String = out
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .filter_map(|d| serde_json::from_str::<Value>(d).ok())
            .filter_map(|v| {
                v.pointer("/delta/text")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .collect();
        assert_eq!(released, text.replace("jane.doe@example.com", "{EMAIL}"));
    }

    #[test]
    fn pointers_must_start_with_a_slash() {
        assert!(DeltaPath::new("delta/text").validate().is_err());
        assert!(DeltaPath::new("/a").index("b").validate().is_err());
        assert!(DeltaPath::new("/a").index("/b").validate().is_ok());
    }
}
