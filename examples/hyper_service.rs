//! A plain hyper service (no framework) guarded by `JsonBodyLayer`, offline.
//!
//! `cargo run --example hyper_service` serves on 127.0.0.1, sends two
//! requests and prints the answers.

use std::convert::Infallible;

use bytes::Bytes;
use guardrail::{JsonBodyLayer, Policy, Scanner};
use http_body_util::{BodyExt, Full};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::Layer;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The application: echoes the JSON it receives.
    let app = tower::service_fn(|req: Request<Full<Bytes>>| async move {
        let body = req.into_body().collect().await?.to_bytes();
        Ok::<_, Infallible>(Response::new(Full::new(body)))
    });
    let guarded = JsonBodyLayer::new(Scanner::compile(&Policy::default_policy())?)
        .request_texts(&["/message"])?
        .response_texts(&["/message"])?
        .layer(app);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let service = TowerToHyperService::new(guarded.clone());
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });

    for body in [
        r#"{"message": "ship to 1385 Maple Lane, Omaha, NE 68126"}"#,
        r#"{"message": "my IP is 10.20.30.40"}"#,
    ] {
        let mut stream = tokio::net::TcpStream::connect(addr).await?;
        let request = format!(
            "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await?;
        let mut response = String::new();
        stream.read_to_string(&mut response).await?;
        println!(
            "{body}\n  -> {}\n",
            response.split("\r\n\r\n").nth(1).unwrap_or("")
        );
    }
    Ok(())
}
