//! Scanning text that arrives in pieces: streamed model output, files larger
//! than memory.
//!
//! A [`StreamScanner`] holds back a bounded window of unreleased text so that
//! a value split across chunks (an email, a card number, a multi-word phrase,
//! a UTF-8 character cut mid-byte) is found and masked before any of it is
//! released. The window is derived from the compiled policy: the longest
//! possible match plus the farthest any detector looks around one (context
//! words, field keys), capped at [`MAX_WINDOW`]. Each step scans the held text
//! together with one window of already released text before it, so findings
//! near a cut see the same surroundings as in a whole-text scan, and only
//! findings that end at least one window before the end of what has arrived
//! are decided.
//!
//! What a stream cannot see is documented rather than guessed: a value
//! reported only *later* in the stream does not mask its earlier copies once
//! they were released (copies after a reported value are masked, through a
//! bounded set of [`MAX_KNOWN`] remembered values), and a match still
//! growing after [`MAX_HOLD`] bytes is released and may be split.

use std::fmt;

#[cfg(feature = "http")]
pub(crate) mod event;
#[cfg(feature = "http")]
mod sse;

#[cfg(feature = "http")]
pub use event::{DeltaPath, ERROR_EVENT_TYPE};

use crate::policy::{ConfigAction, Source};
use crate::scan::pii::table;
use crate::scan::text::{ceil_boundary, floor_boundary};
pub use crate::scan::UNBOUNDED_MATCH;
use crate::scan::{Finding, KnownValues, Scanner, Span};

/// Hard cap of the carry-over window, in bytes.
pub const MAX_WINDOW: usize = 4096;
/// Most text held back for one growing match before it is released anyway.
pub const MAX_HOLD: usize = 64 * 1024;
/// How many reported values a stream remembers to mask their later copies.
pub const MAX_KNOWN: usize = 1024;
/// Default batch: text released per step beyond the window, in bytes.
pub const DEFAULT_BATCH: usize = 4096;

/// When text is released.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StreamMode {
    /// Release only text that has been scanned and masked; holds back up to
    /// the window plus one batch (Bedrock's `SYNCHRONOUS`).
    #[default]
    Synchronous,
    /// Release text as it arrives and report findings afterwards: no added
    /// latency, but nothing can be masked and a block only stops what follows
    /// (Bedrock's `ASYNCHRONOUS`).
    Asynchronous,
}

/// How a [`StreamScanner`] runs.
#[derive(Debug, Clone, Copy)]
pub struct StreamOptions {
    /// Synchronous (mask before release) or asynchronous (report after).
    pub mode: StreamMode,
    /// Bytes of new text scanned per step beyond the window: larger batches
    /// rescan less (faster) and hold text longer (later first byte).
    pub batch: usize,
    /// Whether a `BLOCK` finding stops the stream (the default), or is only
    /// reported and the text goes on (`guardrail redact`).
    pub stop_on_block: bool,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions {
            mode: StreamMode::Synchronous,
            batch: DEFAULT_BATCH,
            stop_on_block: true,
        }
    }
}

/// A finding of a stream, with offsets into the whole stream.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamFinding {
    /// The finding; its span counts bytes from the start of the stream.
    pub finding: Finding,
    /// What the policy does with it.
    pub action: ConfigAction,
    /// The matched text.
    pub matched: String,
}

/// What one step of a stream lets out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Release {
    /// Text safe to pass on: scanned and masked (synchronous) or as it
    /// arrived (asynchronous).
    pub text: String,
    /// Findings decided in this step, in stream order.
    pub findings: Vec<StreamFinding>,
    /// Set once, when a `BLOCK` finding stopped the stream: the policy's
    /// blocked message, to be sent as the last output. Everything held back
    /// is discarded and later input is ignored.
    pub blocked: Option<String>,
}

impl Release {
    /// Whether this step lets out nothing at all.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.findings.is_empty() && self.blocked.is_none()
    }
}

/// Why a stream failed; nothing held back is released after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamError {
    /// The bytes are not UTF-8; `offset` is that of the first bad byte in the stream.
    InvalidUtf8 {
        /// Stream offset of the first byte that is not UTF-8.
        offset: u64,
    },
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::InvalidUtf8 { offset } => {
                write!(
                    f,
                    "stream is not valid UTF-8 (first bad byte at offset {offset})"
                )
            }
        }
    }
}

impl std::error::Error for StreamError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Open,
    Blocked,
    Failed(StreamError),
    Finished,
}

/// A chunk-by-chunk scanner over one stream of text.
///
/// ```
/// use guardrail::{Policy, Scanner, Source, StreamScanner};
///
/// let scanner = Scanner::compile(&Policy::default_policy())?;
/// let mut stream = StreamScanner::new(&scanner, Source::Output);
/// let mut out = String::new();
/// for chunk in ["write to jane.d", "oe@exam", "ple.com today"] {
///     out += &stream.push_str(chunk).text;
/// }
/// let last = stream.finish().expect("valid UTF-8");
/// out += &last.text;
/// assert_eq!(out, "write to {EMAIL} today");
/// assert_eq!(last.findings[0].matched, "jane.doe@example.com");
/// # Ok::<(), guardrail::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct StreamScanner {
    scanner: Scanner,
    source: Source,
    options: StreamOptions,
    window: usize,
    /// How far around a match detectors look (part of the window).
    reach: usize,
    /// Released text kept as context (`..released`) and held text (`released..`).
    buf: String,
    /// Stream offset of `buf[0]`.
    base: u64,
    released: usize,
    /// The incomplete UTF-8 sequence at the end of the last byte chunk.
    partial: Vec<u8>,
    known: KnownValues,
    /// The header line (with its newline) when the stream is a CSV table.
    csv_header: Option<String>,
    /// Whether the CSV question is settled (the first line was seen).
    csv_decided: bool,
    state: State,
}

impl StreamScanner {
    /// A synchronous stream that stops at the first `BLOCK` finding.
    pub fn new(scanner: &Scanner, source: Source) -> Self {
        Self::with_options(scanner, source, StreamOptions::default())
    }

    /// A stream with explicit options.
    pub fn with_options(scanner: &Scanner, source: Source, options: StreamOptions) -> Self {
        let (window, reach) = window_for(scanner);
        StreamScanner {
            scanner: scanner.clone(),
            source,
            options: StreamOptions {
                batch: options.batch.max(1),
                ..options
            },
            window,
            reach,
            buf: String::new(),
            base: 0,
            released: 0,
            partial: Vec::new(),
            known: KnownValues::default(),
            csv_header: None,
            csv_decided: false,
            state: State::Open,
        }
    }

    /// The carry-over window of this policy in bytes: held text that may
    /// still change, and released text kept as context.
    pub fn window(&self) -> usize {
        self.window
    }

    /// Stream offset up to which text has been decided.
    pub fn position(&self) -> u64 {
        self.base + self.released as u64
    }

    /// Whether a `BLOCK` finding stopped the stream.
    pub fn is_blocked(&self) -> bool {
        self.state == State::Blocked
    }

    /// Feeds raw bytes; a UTF-8 character may be split across chunks.
    ///
    /// # Errors
    /// Bytes that are not UTF-8. The stream is failed from then on: nothing
    /// held back is released, and every later call returns the same error.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Release, StreamError> {
        if let State::Failed(e) = self.state {
            return Err(e);
        }
        let joined;
        let bytes = if self.partial.is_empty() {
            chunk
        } else {
            joined = [std::mem::take(&mut self.partial).as_slice(), chunk].concat();
            &joined
        };
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(self.push_str(text)),
            Err(e) if e.error_len().is_none() => {
                // An incomplete last character: keep it for the next chunk.
                let (text, rest) = bytes.split_at(e.valid_up_to());
                self.partial = rest.to_vec();
                Ok(self.push_str(std::str::from_utf8(text).unwrap_or_default()))
            }
            Err(e) => {
                let e = StreamError::InvalidUtf8 {
                    offset: self.base + (self.buf.len() + e.valid_up_to()) as u64,
                };
                self.fail(e);
                Err(e)
            }
        }
    }

    /// Feeds text.
    pub fn push_str(&mut self, chunk: &str) -> Release {
        if self.state != State::Open {
            return Release::default();
        }
        self.buf.push_str(chunk);
        let mut out = self.step(false);
        // Asynchronous: the chunk goes out as it came, unless it ended the stream.
        if self.options.mode == StreamMode::Asynchronous && out.blocked.is_none() {
            out.text = chunk.to_string();
        }
        out
    }

    /// Ends the stream: decides and releases everything held back.
    ///
    /// # Errors
    /// The stream ended inside a UTF-8 character, or failed before.
    pub fn finish(&mut self) -> Result<Release, StreamError> {
        match self.state {
            State::Failed(e) => return Err(e),
            State::Open => {}
            State::Blocked | State::Finished => return Ok(Release::default()),
        }
        if !self.partial.is_empty() {
            let e = StreamError::InvalidUtf8 {
                offset: self.base + self.buf.len() as u64,
            };
            self.fail(e);
            return Err(e);
        }
        let out = self.step(true);
        if self.state == State::Open {
            self.state = State::Finished;
        }
        Ok(out)
    }

    fn fail(&mut self, e: StreamError) {
        self.state = State::Failed(e);
        self.buf.clear();
        self.partial.clear();
    }

    /// Scans what is held and releases what is decided: everything when
    /// `last`, else all but the last window (once a batch has gathered).
    fn step(&mut self, last: bool) -> Release {
        let held = self.buf.len() - self.released;
        if held == 0 || (!last && held < self.window + self.options.batch) {
            return Release::default();
        }
        self.settle_csv(last);
        let findings = self.scan_buffer();
        let mut cut = if last {
            self.buf.len()
        } else {
            floor_boundary(&self.buf, self.buf.len() - self.window)
        };
        // A finding across the cut is released whole once its surroundings
        // have arrived; one that reaches that far may still grow: hold it.
        let settled = self.buf.len().saturating_sub(self.reach);
        for f in &findings {
            if f.span.start < cut && f.span.end > cut {
                cut = if f.span.end <= settled || held > MAX_HOLD {
                    f.span.end
                } else {
                    f.span.start
                };
            }
        }
        if cut <= self.released {
            return Release::default();
        }
        let mut decided: Vec<Finding> = findings
            .into_iter()
            .filter(|f| f.span.end > self.released && f.span.start < cut)
            .map(|mut f| {
                // Seen differently now than when its start was released
                // (only beyond what a window can see): mask the rest.
                f.span.start = f.span.start.max(self.released);
                f
            })
            .collect();
        decided.retain(|f| !f.span.is_empty());
        let mut out = Release::default();
        let mut block = false;
        for f in &decided {
            let action = self.scanner.action(f, self.source);
            block |= action == ConfigAction::Block;
            let matched = self.buf[f.span.start..f.span.end].to_string();
            self.remember(&matched, f);
            out.findings.push(StreamFinding {
                finding: Finding {
                    span: Span {
                        start: (self.base as usize) + f.span.start,
                        end: (self.base as usize) + f.span.end,
                    },
                    ..*f
                },
                action,
                matched,
            });
        }
        if block && self.options.stop_on_block {
            self.state = State::Blocked;
            self.buf.clear();
            out.blocked = Some(self.blocked_message());
            return out;
        }
        // Asynchronous streams released their text as it came.
        if self.options.mode == StreamMode::Synchronous {
            let segment = &self.buf[self.released..cut];
            let local: Vec<Finding> = decided
                .iter()
                .map(|f| Finding {
                    span: Span {
                        start: f.span.start - self.released,
                        end: f.span.end - self.released,
                    },
                    ..*f
                })
                .collect();
            out.text =
                crate::verdict::mask(&self.scanner, segment, &local, self.source).into_owned();
        }
        self.released = cut;
        self.trim();
        out
    }

    /// Scans the whole buffer, with the CSV header in front when the stream
    /// is a table and the buffer no longer starts with it; findings come in
    /// buffer offsets.
    fn scan_buffer(&self) -> Vec<Finding> {
        let known = &self.known;
        match &self.csv_header {
            Some(header) if self.base > 0 => {
                let text = format!("{header}{}", self.buf);
                let n = header.len();
                self.scanner
                    .scan_with(&text, self.source, true, known)
                    .into_iter()
                    .filter(|f| f.span.start >= n)
                    .map(|f| Finding {
                        span: Span {
                            start: f.span.start - n,
                            end: f.span.end - n,
                        },
                        ..f
                    })
                    .collect()
            }
            _ => self
                .scanner
                .scan_with(&self.buf, self.source, self.base == 0, known),
        }
    }

    /// Decides once whether the stream is a CSV table, from its first lines.
    fn settle_csv(&mut self, last: bool) {
        if self.csv_decided || self.base > 0 {
            self.csv_decided = true;
            return;
        }
        let Some(first) = self.buf.find('\n') else {
            self.csv_decided = last;
            return;
        };
        // The header needs the next line to be complete to be judged.
        if !last && !self.buf[first + 1..].contains('\n') {
            return;
        }
        self.csv_decided = true;
        if table::starts_csv(&self.buf) {
            self.csv_header = Some(self.buf[..=first].to_string());
        }
    }

    /// Remembers a reported value so its later copies are masked too.
    fn remember(&mut self, value: &str, f: &Finding) {
        if value.len() <= self.window {
            let value = self.scanner.remembered_form(value);
            self.known.insert(&value, *f, MAX_KNOWN);
        }
    }

    /// Drops released text beyond one window of context, keeping a line
    /// start where there is one so a CSV row is never cut.
    fn trim(&mut self) {
        let keep_from = self.released.saturating_sub(self.window);
        if keep_from == 0 {
            return;
        }
        let mut at = floor_boundary(&self.buf, keep_from);
        if self.csv_header.is_some() {
            if let Some(nl) = self.buf[..at].rfind('\n') {
                at = nl + 1;
            }
        }
        let at = ceil_boundary(&self.buf, at);
        if at == 0 {
            return;
        }
        self.buf.drain(..at);
        self.base += at as u64;
        self.released -= at;
    }

    fn blocked_message(&self) -> String {
        let spec = self.scanner.policy().spec();
        match self.source {
            Source::Input => spec.blocked_input_messaging.clone(),
            Source::Output => spec.blocked_outputs_messaging.clone(),
        }
    }
}

/// The window of a policy (its longest match plus how far detectors look
/// around one, capped) and that reach alone.
fn window_for(scanner: &Scanner) -> (usize, usize) {
    let (longest, reach) = scanner.extent();
    let reach = reach.min(MAX_WINDOW / 2);
    let window = (longest + reach).min(MAX_WINDOW);
    (window, reach)
}
