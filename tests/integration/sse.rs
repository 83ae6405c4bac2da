//! Streamed responses behind `StreamingResponseLayer`: server-sent events
//! and chunked text over real HTTP on 127.0.0.1, and random splittings
//! against the whole-text scan.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body as AxumBody;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use bytes::Bytes;
use guardrail::{
    mask, DeltaPath, Policy, Scanner, Source, StreamMode, StreamOptions, StreamingResponseLayer,
};
use http_body::{Body, Frame};
use http_body_util::BodyExt;
use proptest::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::post_json;

fn scanner() -> Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER
        .get_or_init(|| Scanner::compile(&Policy::default_policy()).expect("default policy"))
        .clone()
}

const BLOCKED: &str =
    "Sorry, the answer was withheld: it contained content our policy does not allow.";

/// A body that yields scripted chunks, one a poll.
struct ScriptBody(VecDeque<Bytes>);

impl ScriptBody {
    fn new(chunks: &[&[u8]]) -> Self {
        ScriptBody(chunks.iter().map(|c| Bytes::copy_from_slice(c)).collect())
    }
}

impl Body for ScriptBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(self.0.pop_front().map(|c| Ok(Frame::data(c))))
    }
}

/// A body fed by a channel, that records being dropped.
struct ChannelBody {
    rx: tokio::sync::mpsc::Receiver<Bytes>,
    dropped: Arc<AtomicBool>,
}

impl Drop for ChannelBody {
    fn drop(&mut self) {
        self.dropped.store(true, Ordering::SeqCst);
    }
}

impl Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        self.rx.poll_recv(cx).map(|c| c.map(|c| Ok(Frame::data(c))))
    }
}

/// Serves `POST /stream` answering with `body()` as `content_type`, behind
/// `layer`, on an ephemeral loopback port.
async fn serve<F>(
    layer: StreamingResponseLayer,
    content_type: &'static str,
    body: F,
) -> std::net::SocketAddr
where
    F: Fn() -> AxumBody + Clone + Send + Sync + 'static,
{
    let app = Router::new()
        .route(
            "/stream",
            post(move || {
                let body = body.clone();
                async move {
                    Response::builder()
                        .header("content-type", content_type)
                        .body(body())
                        .expect("response")
                }
            }),
        )
        .layer(layer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

fn scripted(chunks: &'static [&'static str]) -> impl Fn() -> AxumBody + Clone + Send + Sync {
    move || {
        let chunks: Vec<&[u8]> = chunks.iter().map(|c| c.as_bytes()).collect();
        AxumBody::new(ScriptBody::new(&chunks))
    }
}

/// The body of the 200 answer to one `POST /stream` whose upstream sends
/// `chunks` as `content_type` through the default-policy layer.
async fn answer(content_type: &'static str, chunks: &'static [&'static str]) -> String {
    let addr = serve(
        StreamingResponseLayer::new(scanner()),
        content_type,
        scripted(chunks),
    )
    .await;
    let (status, body) = post_json(addr, "/stream", "{}").await;
    assert_eq!(status, 200);
    body
}

#[tokio::test]
async fn an_email_and_a_card_split_across_events_and_chunks_arrive_masked() {
    // OpenAI chat-completion chunks, cut mid-event, mid-line and mid-"\r\n".
    const CHUNKS: &[&str] = &[
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\r\n\r\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Write to jane.d\"}}]}\r",
        "\n\r\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"oe@exam\"}}]}\r\n\r\nda",
        "ta: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ple.com, card 4111 11\"}}]}\r\n\r\n",
        ": keep-alive\r\n\r\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"11 1111 1111.\"}}]}\r\n\r\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\n",
        "data: [DONE]\r\n\r\n",
    ];
    let body = answer("text/event-stream", CHUNKS).await;
    assert_eq!(
        body,
        "data: {\"choices\":[{\"delta\":{\"content\":\"\",\"role\":\"assistant\"},\"index\":0}]}\n\n\
         data: {\"choices\":[{\"delta\":{\"content\":\"Write to {EMAIL}, card {CREDIT_DEBIT_CARD_NUMBER}.\"},\"index\":0}]}\n\n\
         data: {\"choices\":[{\"delta\":{\"content\":\"\"},\"index\":0}]}\n\n\
         data: {\"choices\":[{\"delta\":{\"content\":\"\"},\"index\":0}]}\n\n\
         :\n\
         data: {\"choices\":[{\"delta\":{\"content\":\"\"},\"index\":0}]}\n\n\
         data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n\
         data: [DONE]\n\n"
    );
}

#[tokio::test]
async fn a_block_mid_stream_is_the_last_event() {
    // Anthropic messages events; the profanity is split across two deltas.
    const CHUNKS: &[&str] = &[
        "event: message_start\ndata: {\"type\":\"message_start\"}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"well, sh\"}}\n\n",
        "event: ping\ndata: {\"type\":\"ping\"}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"it happens\"}}\n\n",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
    ];
    let body = answer("text/event-stream; charset=utf-8", CHUNKS).await;
    assert_eq!(
        body,
        format!(
            "event: message_start\ndata: {{\"type\":\"message_start\"}}\n\n\
             event: content_block_delta\ndata: {{\"delta\":{{\"text\":\"{BLOCKED}\",\"type\":\"text_delta\"}},\"index\":0,\"type\":\"content_block_delta\"}}\n\n"
        )
    );
}

#[tokio::test]
async fn data_that_is_not_json_fails_closed_with_an_error_event() {
    const CHUNKS: &[&str] = &[
        "data: {\"delta\":{\"text\":\"reach jane.doe@\"}}\n\n",
        "data: example.com\n\n",
        "data: {\"delta\":{\"text\":\"and more\"}}\n\n",
    ];
    let body = answer("text/event-stream", CHUNKS).await;
    assert_eq!(
        body,
        "event: error\ndata: {\"error\":{\"message\":\"an event's data is not JSON\",\
         \"type\":\"guardrail_stream_error\"},\"type\":\"error\"}\n\n"
    );
}

#[tokio::test]
async fn an_event_stream_that_is_not_utf8_fails_closed() {
    let addr = serve(
        StreamingResponseLayer::new(scanner()),
        "text/event-stream",
        || {
            AxumBody::new(ScriptBody::new(&[
                b"data: {\"delta\":{\"text\":\"ok so far\"}}\n\n",
                b"data: {\"delta\":{\"text\":\"\xff\"}}\n\n",
            ]))
        },
    )
    .await;
    let (_, body) = post_json(addr, "/stream", "{}").await;
    assert_eq!(
        body,
        "event: error\ndata: {\"error\":{\"message\":\"the event stream is not valid UTF-8\",\
         \"type\":\"guardrail_stream_error\"},\"type\":\"error\"}\n\n"
    );
}

#[tokio::test]
async fn an_oversized_event_fails_closed() {
    let addr = serve(
        StreamingResponseLayer::new(scanner()).event_limit(64),
        "text/event-stream",
        || {
            let long = format!(
                "data: {{\"delta\":{{\"text\":\"{}\"}}}}\n\n",
                "a".repeat(100)
            );
            AxumBody::from(long)
        },
    )
    .await;
    let (_, body) = post_json(addr, "/stream", "{}").await;
    assert_eq!(
        body,
        "event: error\ndata: {\"error\":{\"message\":\"an event is larger than the guardrail's event limit\",\
         \"type\":\"guardrail_stream_error\"},\"type\":\"error\"}\n\n"
    );
}

#[tokio::test]
async fn converse_stream_shaped_events_are_masked() {
    const CHUNKS: &[&str] = &[
        "data: {\"messageStart\":{\"role\":\"assistant\"}}\n\n",
        "data: {\"contentBlockDelta\":{\"delta\":{\"text\":\"SSN 308-46-\"},\"contentBlockIndex\":0}}\n\n",
        "data: {\"contentBlockDelta\":{\"delta\":{\"text\":\"5298 on file\"},\"contentBlockIndex\":0}}\n\n",
        "data: {\"contentBlockStop\":{\"contentBlockIndex\":0}}\n\n",
        "data: {\"messageStop\":{\"stopReason\":\"end_turn\"}}\n\n",
    ];
    let addr = serve(
        StreamingResponseLayer::new(scanner()),
        "text/event-stream",
        scripted(CHUNKS),
    )
    .await;
    let (_, body) = post_json(addr, "/stream", "{}").await;
    assert_eq!(
        body,
        "data: {\"messageStart\":{\"role\":\"assistant\"}}\n\n\
         data: {\"contentBlockDelta\":{\"contentBlockIndex\":0,\"delta\":{\"text\":\"SSN {US_SOCIAL_SECURITY_NUMBER} on file\"}}}\n\n\
         data: {\"contentBlockDelta\":{\"contentBlockIndex\":0,\"delta\":{\"text\":\"\"}}}\n\n\
         data: {\"contentBlockStop\":{\"contentBlockIndex\":0}}\n\n\
         data: {\"messageStop\":{\"stopReason\":\"end_turn\"}}\n\n"
    );
}

#[tokio::test]
async fn a_chunked_text_body_is_masked_as_it_streams() {
    const CHUNKS: &[&str] = &["mail jane.doe@exa", "mple.com or call ", "me"];
    let body = answer("text/plain", CHUNKS).await;
    assert_eq!(body, "mail {EMAIL} or call me");
}

#[tokio::test]
async fn a_block_in_a_text_body_ends_it_with_the_blocked_message() {
    const CHUNKS: &[&str] = &["all good, then sh", "it, and more"];
    let addr = serve(
        StreamingResponseLayer::new(scanner()),
        "text/plain",
        scripted(CHUNKS),
    )
    .await;
    let (_, body) = post_json(addr, "/stream", "{}").await;
    assert_eq!(body, BLOCKED);
}

#[tokio::test]
async fn a_client_that_disconnects_drops_the_upstream_body() {
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(1);
    let rx = Arc::new(std::sync::Mutex::new(Some(rx)));
    let dropped = Arc::new(AtomicBool::new(false));
    let flag = dropped.clone();
    let layer = StreamingResponseLayer::new(scanner()).options(StreamOptions {
        batch: 1,
        ..StreamOptions::default()
    });
    let addr = serve(layer, "text/event-stream", move || {
        let rx = rx.lock().expect("lock").take().expect("one request");
        AxumBody::new(ChannelBody {
            rx,
            dropped: flag.clone(),
        })
    })
    .await;

    // The model keeps streaming until its body is dropped (sending fails).
    let event = format!(
        "data: {{\"delta\":{{\"text\":\"{}\"}}}}\n\n",
        "lorem ipsum ".repeat(100)
    );
    let producer =
        tokio::spawn(async move { while tx.send(Bytes::from(event.clone())).await.is_ok() {} });

    let mut client = tokio::net::TcpStream::connect(addr).await.expect("connect");
    client
        .write_all(b"POST /stream HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n")
        .await
        .expect("write");
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("data: ") {
        let n = tokio::time::timeout(Duration::from_secs(10), client.read(&mut buf))
            .await
            .expect("first event within the test guard")
            .expect("read");
        assert!(n > 0, "server closed early");
        seen.extend_from_slice(&buf[..n]);
    }
    drop(client);
    // The server notices on a later write and drops the response body.
    let ended = tokio::time::timeout(Duration::from_secs(10), producer).await;
    assert!(ended.is_ok(), "the upstream body was not dropped");
    assert!(dropped.load(Ordering::SeqCst));
}

/// Runs `chunks` through the layer as one `text/event-stream` response.
fn guard_sse(layer: &StreamingResponseLayer, chunks: &[&[u8]]) -> String {
    let response = http::Response::builder()
        .header("content-type", "text/event-stream")
        .body(ScriptBody::new(chunks))
        .expect("response");
    let body = layer.guard(response).into_body();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let bytes = rt
        .block_on(body.collect())
        .expect("a body that never fails")
        .to_bytes();
    String::from_utf8(bytes.to_vec()).expect("UTF-8 out")
}

/// The text deltas of an output stream at `pointer`, concatenated.
fn delta_text(out: &str, pointer: &str) -> String {
    // Written events have one `data:` line each: JSON holds no raw newline.
    out.lines()
        .filter_map(|e| e.strip_prefix("data: "))
        .filter_map(|d| serde_json::from_str::<serde_json::Value>(d).ok())
        .filter_map(|v| {
            v.pointer(pointer)
                .and_then(|t| t.as_str())
                .map(str::to_string)
        })
        .collect()
}

const VALUES: [&str; 3] = [
    "jane.doe@example.com",
    "4111 1111 1111 1111",
    "ops@corp.example.org",
];

/// Text of filler words with an email, a card and a UK phone number spliced in.
fn text_with_pii() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "the", "model", "answer", "is", "über", "naïve", "ok", "42", "and", "then", "\n", "日本",
    ]);
    (
        proptest::collection::vec(words, 0..200),
        proptest::collection::vec(any::<prop::sample::Index>(), 3),
    )
        .prop_map(|(mut words, at)| {
            for (v, i) in [
                "jane.doe@example.com",
                "4111 1111 1111 1111",
                "ops@corp.example.org",
            ]
            .iter()
            .zip(at)
            {
                let i = i.index(words.len() + 1);
                words.insert(i, v);
            }
            words.join(" ")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn released_deltas_equal_the_whole_text_masked_for_any_splitting(
        text in text_with_pii(),
        event_cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..30),
        byte_cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..30),
        batch in 1usize..400,
        converse in any::<bool>(),
    ) {
        // Split the text into deltas at char boundaries, then the SSE bytes anywhere.
        let mut at: Vec<usize> = event_cuts.iter().map(|i| i.index(text.len() + 1)).collect();
        at.retain(|&i| text.is_char_boundary(i));
        at.extend([0, text.len()]);
        at.sort_unstable();
        at.dedup();
        let mut sse = String::new();
        for w in at.windows(2) {
            let piece = &text[w[0]..w[1]];
            let data = if converse {
                serde_json::json!({"contentBlockDelta": {"delta": {"text": piece}, "contentBlockIndex": 0}})
            } else {
                serde_json::json!({"choices": [{"index": 0, "delta": {"content": piece}}]})
            };
            sse.push_str(&format!("data: {data}\n\n"));
            sse.push_str(": tick\n\n");
        }
        sse.push_str("data: [DONE]\n\n");
        let bytes = sse.as_bytes();
        let mut cuts: Vec<usize> = byte_cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
        cuts.extend([0, bytes.len()]);
        cuts.sort_unstable();
        cuts.dedup();
        let chunks: Vec<&[u8]> = cuts.windows(2).map(|w| &bytes[w[0]..w[1]]).collect();

        let layer = StreamingResponseLayer::new(scanner()).options(StreamOptions {
            batch,
            ..StreamOptions::default()
        });
        let out = guard_sse(&layer, &chunks);
        let pointer = if converse { "/contentBlockDelta/delta/text" } else { "/choices/0/delta/content" };
        let s = scanner();
        let want = mask(&s, &text, &s.scan(&text, Source::Output), Source::Output).into_owned();
        prop_assert_eq!(delta_text(&out, pointer), want.as_str());
        prop_assert!(out.ends_with("data: [DONE]\n\n"));
        // A value the whole-text scan masks never leaves raw (one run into
        // neighbouring digits may not be a value at all).
        for v in VALUES {
            prop_assert!(want.contains(v) || !out.contains(v));
        }
    }
}

#[test]
fn asynchronous_mode_releases_deltas_as_they_arrive() {
    let layer = StreamingResponseLayer::new(scanner()).options(StreamOptions {
        mode: StreamMode::Asynchronous,
        ..StreamOptions::default()
    });
    let out = guard_sse(
        &layer,
        &[
            b"data: {\"delta\":{\"text\":\"one \"}}\n\n",
            b"data: {\"delta\":{\"text\":\"two\"}}\n\n",
        ],
    );
    assert_eq!(
        out,
        "data: {\"delta\":{\"text\":\"one \"}}\n\ndata: {\"delta\":{\"text\":\"two\"}}\n\n"
    );
}

#[test]
fn separate_content_streams_are_scanned_apart() {
    // Two interleaved OpenAI choices: each one's text stays in its own events.
    let layer = StreamingResponseLayer::new(scanner());
    let out = guard_sse(
        &layer,
        &[
            b"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a@exa\"}}]}\n\n",
            b"data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"b says \"}}]}\n\n",
            b"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"mple.com\"}}]}\n\n",
            b"data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"hi\"}}]}\n\n",
        ],
    );
    assert_eq!(
        out,
        "data: {\"choices\":[{\"delta\":{\"content\":\"{EMAIL}\"},\"index\":0}]}\n\n\
         data: {\"choices\":[{\"delta\":{\"content\":\"b says hi\"},\"index\":1}]}\n\n\
         data: {\"choices\":[{\"delta\":{\"content\":\"\"},\"index\":0}]}\n\n\
         data: {\"choices\":[{\"delta\":{\"content\":\"\"},\"index\":1}]}\n\n"
    );
}

#[test]
fn custom_delta_paths_must_be_pointers() {
    let layer = StreamingResponseLayer::new(scanner());
    assert!(layer
        .clone()
        .delta_paths(vec![DeltaPath::new("text")])
        .is_err());
    let custom = layer
        .delta_paths(vec![DeltaPath::new("/token/text")])
        .expect("pointer");
    let out = guard_sse(
        &custom,
        &[b"data: {\"token\":{\"text\":\"mail x@example.com\"}}\n\n"],
    );
    assert_eq!(out, "data: {\"token\":{\"text\":\"mail {EMAIL}\"}}\n\n");
}

#[tokio::test]
async fn json_body_layer_checks_prompts_and_passes_streams_guarded_inside_it() {
    use axum::Json;
    use guardrail::JsonBodyLayer;
    use serde_json::Value;

    // The "model" streams the prompt it was given back as two deltas.
    let stream = |Json(req): Json<Value>| async move {
        let prompt = req["prompt"].as_str().unwrap_or("").to_string();
        let (a, b) = prompt.split_at(prompt.len() / 2);
        let events = format!(
            "data: {}\n\ndata: {}\n\ndata: {{\"delta\":{{\"text\":\" or ops@example.com\"}}}}\n\n",
            serde_json::json!({"delta": {"text": a}}),
            serde_json::json!({"delta": {"text": b}}),
        );
        Response::builder()
            .header("content-type", "text/event-stream")
            .body(AxumBody::from(events))
            .expect("response")
    };
    let app = Router::new()
        .route("/chat", post(|Json(v): Json<Value>| async move { Json(v) }))
        .route(
            "/chat/stream",
            post(stream).layer(StreamingResponseLayer::new(scanner())),
        )
        .layer(
            JsonBodyLayer::new(scanner())
                .request_texts(&["/prompt"])
                .expect("paths")
                .response_texts(&["/prompt"])
                .expect("paths")
                // Below the streamed answer's size: collecting it would be a 502.
                .body_limit(100),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });

    // The prompt's card is masked before the handler; the answer's email after.
    let (status, body) = post_json(
        addr,
        "/chat/stream",
        r#"{"prompt": "card 4111 1111 1111 1111"}"#,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        "data: {\"delta\":{\"text\":\"card {CREDIT_DEBIT_CARD_NUMBER} or {EMAIL}\"}}\n\n\
         data: {\"delta\":{\"text\":\"\"}}\n\n\
         data: {\"delta\":{\"text\":\"\"}}\n\n"
    );
    // A blocked prompt never reaches the streaming handler.
    let (status, _) = post_json(addr, "/chat/stream", r#"{"prompt": "you shit"}"#).await;
    assert_eq!(status, 403);
    // JSON routes are still checked by JsonBodyLayer as JSON.
    let (status, body) = post_json(addr, "/chat", r#"{"prompt": "a@example.com"}"#).await;
    assert_eq!(status, 200);
    assert_eq!(body, r#"{"prompt":"{EMAIL}"}"#);
}
