//! A streaming (server-sent events) chat endpoint guarded as it streams, run
//! offline on loopback.
//!
//! `cargo run --example axum_sse` starts the app on 127.0.0.1; its "model"
//! streams OpenAI-style chunks token by token. Two requests are sent: one
//! whose answer leaks an email and a card number split across tokens (they
//! arrive masked), one whose answer swears mid-stream (the stream stops with
//! the policy's blocked message as the last event). Prompts are checked by
//! `JsonBodyLayer` around the app.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use axum::{routing::post, Json, Router};
use bytes::Bytes;
use guardrail::{JsonBodyLayer, Policy, Scanner, StreamOptions, StreamingResponseLayer};
use http_body::Frame;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

/// A response body fed by a channel: the model's token stream.
struct Tokens(mpsc::Receiver<Bytes>);

impl http_body::Body for Tokens {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        self.0.poll_recv(cx).map(|c| c.map(|c| Ok(Frame::data(c))))
    }
}

/// The "model": streams a canned answer for the prompt, one token an event.
async fn chat(Json(req): Json<Value>) -> Response {
    let answer: &[&str] = if req["prompt"].as_str().unwrap_or("").contains("angry") {
        &["I am ", "so sick of this ", "sh", "it, ", "honestly."]
    } else {
        &[
            "Sure! Write to jane.d",
            "oe@example.com, and pay with ",
            "4111 1111 ",
            "1111 1111",
            ".",
        ]
    };
    let (tx, rx) = mpsc::channel(4);
    tokio::spawn(async move {
        for token in answer {
            let chunk = json!({"choices": [{"index": 0, "delta": {"content": token}}]});
            // Stops when the client went away (the guarded body was dropped).
            if tx
                .send(Bytes::from(format!("data: {chunk}\n\n")))
                .await
                .is_err()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = tx.send(Bytes::from_static(b"data: [DONE]\n\n")).await;
    });
    Response::builder()
        .header("content-type", "text/event-stream")
        .body(Body::new(Tokens(rx)))
        .unwrap_or_default()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scanner = Scanner::compile(&Policy::default_policy())?;
    // Small batches: text leaves as soon as the window after it has arrived.
    let streaming = StreamingResponseLayer::new(scanner.clone()).options(StreamOptions {
        batch: 16,
        ..StreamOptions::default()
    });
    let app = Router::new()
        .route("/chat/stream", post(chat).layer(streaming))
        .layer(JsonBodyLayer::new(scanner).request_texts(&["/prompt"])?);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });

    for prompt in ["Where do I send the invoice?", "Why are you angry?"] {
        let body = json!({ "prompt": prompt }).to_string();
        let mut stream = tokio::net::TcpStream::connect(addr).await?;
        // HTTP/1.0: the answer is delimited by the connection closing, so the
        // events print as they arrive, without chunk framing.
        let request = format!(
            "POST /chat/stream HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await?;
        let mut response = String::new();
        stream.read_to_string(&mut response).await?;
        let events = response.split("\r\n\r\n").nth(1).unwrap_or("");
        println!("{prompt}\n{events}");
    }
    Ok(())
}
