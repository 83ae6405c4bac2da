//! An axum chat endpoint guarded by `JsonBodyLayer`, run offline on loopback.
//!
//! `cargo run --example axum_chat` starts the app on 127.0.0.1, sends it three
//! requests (clean, with PII, with profanity) and prints what came back.

use axum::{routing::post, Json, Router};
use guardrail::{JsonBodyLayer, Policy, Scanner};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scanner = Scanner::compile(&Policy::default_policy())?;
    // The "model": answers with what it was asked.
    let chat = |Json(req): Json<Value>| async move {
        Json(json!({ "answer": format!("You asked: {}", req["prompt"].as_str().unwrap_or("")) }))
    };
    let app = Router::new().route("/chat", post(chat)).layer(
        JsonBodyLayer::new(scanner)
            .request_texts(&["/prompt"])?
            .response_texts(&["/answer"])?,
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });

    for prompt in [
        "What is the capital of France?",
        "Email my invoice to jane.doe@example.com, card 4111 1111 1111 1111",
        "This shit is broken",
    ] {
        let body = json!({ "prompt": prompt }).to_string();
        let mut stream = tokio::net::TcpStream::connect(addr).await?;
        let request = format!(
            "POST /chat HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await?;
        let mut response = String::new();
        stream.read_to_string(&mut response).await?;
        let status = response.get(9..12).unwrap_or("???");
        let body = response.split("\r\n\r\n").nth(1).unwrap_or("");
        println!("{prompt}\n  -> {status} {body}\n");
    }
    Ok(())
}
