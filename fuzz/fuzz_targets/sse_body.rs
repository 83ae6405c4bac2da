//! `StreamingResponseLayer` over arbitrary `text/event-stream` bodies cut
//! into arbitrary chunks: the SSE parser, the delta guard and the body.
#![no_main]

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use guardrail::{mask, Policy, Scanner, Source, StreamOptions, StreamingResponseLayer};
use http_body::{Body, Frame};
use libfuzzer_sys::fuzz_target;

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| {
        Scanner::compile(&Policy::default_policy()).expect("invariant: default policy compiles")
    })
}

/// Plain words in front of the well-formed inputs.
const LEAD: &str = "the quick brown fox jumps over the lazy dog and then some more plain words follow here\n";

/// A body that yields its chunks one by one, always ready.
struct Chunks(VecDeque<Bytes>);

impl Body for Chunks {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.0.pop_front().map(|b| Ok(Frame::data(b))))
    }
}

/// Everything the guarded body yields, and whether it ended with an error.
fn run(chunks: VecDeque<Bytes>) -> (Vec<u8>, bool) {
    let response = http::Response::builder()
        .header("content-type", "text/event-stream")
        .body(Chunks(chunks))
        .expect("invariant: a static response builds");
    let options = StreamOptions {
        batch: 16,
        stop_on_block: false,
        ..StreamOptions::default()
    };
    let layer = StreamingResponseLayer::new(scanner().clone()).options(options);
    let mut body = std::pin::pin!(layer.guard(response).into_body());
    let mut cx = Context::from_waker(Waker::noop());
    let (mut out, mut failed) = (Vec::new(), false);
    // Every poll is ready (the inner body is), so this ends.
    while let Poll::Ready(Some(frame)) = body.as_mut().poll_frame(&mut cx) {
        match frame {
            Ok(f) => {
                if let Ok(data) = f.into_data() {
                    out.extend_from_slice(&data);
                }
            }
            Err(_) => {
                failed = true;
                break;
            }
        }
    }
    (out, failed)
}

/// The text deltas of well-formed `data: {"delta":{"text":...}}` events.
fn deltas(sse: &[u8]) -> String {
    let mut text = String::new();
    for line in String::from_utf8_lossy(sse).lines() {
        if let Some(json) = line.strip_prefix("data: ") {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(json) {
                if let Some(t) = v.pointer("/delta/text").and_then(|t| t.as_str()) {
                    text.push_str(t);
                }
            }
        }
    }
    text
}

fuzz_target!(|data: &[u8]| {
    let [mode, step, rest @ ..] = data else {
        return;
    };
    let cut = |bytes: Vec<u8>| -> VecDeque<Bytes> {
        let size = 1 + usize::from(*step % 32);
        bytes.chunks(size).map(Bytes::copy_from_slice).collect()
    };
    if mode & 1 == 0 {
        // Raw bytes: whatever they are, the guard ends without panicking,
        // and what it lets out is UTF-8 (scanned text or an error event).
        let (out, _) = run(cut(rest.to_vec()));
        assert!(std::str::from_utf8(&out).is_ok(), "guarded output is not UTF-8");
        return;
    }
    // Well-formed events whose deltas are the input's lines, after plain
    // words longer than the window (so the stream decides in several
    // steps): the released deltas are the whole text, masked.
    let text = LEAD.repeat(6) + &String::from_utf8_lossy(rest);
    let mut sse = Vec::new();
    for piece in text.split_inclusive('\n') {
        let event = serde_json::json!({"delta": {"text": piece}});
        sse.extend_from_slice(format!("data: {event}\n\n").as_bytes());
    }
    sse.extend_from_slice(b"data: [DONE]\n\n");
    let (out, failed) = run(cut(sse));
    assert!(!failed, "well-formed events failed");
    let findings = scanner().scan(&text, Source::Output);
    let expected = mask(scanner(), &text, &findings, Source::Output);
    let got = deltas(&out);
    // Values are remembered only forwards in a stream; compare only where
    // no finding's value occurs twice.
    let value = |s: usize, e: usize| &text[s..e];
    let distinct = findings
        .iter()
        .all(|f| text.matches(value(f.span.start, f.span.end)).count() == 1);
    if distinct {
        assert_eq!(got, expected, "released deltas differ from the masked text");
    }
});
