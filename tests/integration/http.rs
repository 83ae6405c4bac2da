//! An axum app wrapped by `JsonBodyLayer`, over real HTTP on 127.0.0.1.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::routing::post;
use axum::{Json, Router};
use guardrail::{JsonBodyLayer, Policy, Scanner};
use serde_json::{json, Value};

use crate::support::post_json;

/// Starts the app on an ephemeral loopback port; returns its address and a
/// counter of handler calls.
async fn start(layer: JsonBodyLayer) -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let app = Router::new()
        .route(
            "/chat",
            post(move |Json(body): Json<Value>| {
                let counter = counter.clone();
                async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    // The model answers with what it received plus a leak.
                    Json(json!({"echo": body["prompt"], "reply": "reach me at ops@example.com"}))
                }
            }),
        )
        .route(
            "/text",
            post(|_: Json<Value>| async { "the key is AKIAIC453CAZ47FIZTT7" }),
        )
        .layer(layer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, calls)
}

fn layer() -> JsonBodyLayer {
    let scanner = Scanner::compile(&Policy::default_policy()).expect("default policy");
    JsonBodyLayer::new(scanner)
        .request_texts(&["/prompt"])
        .expect("paths")
        .response_texts(&["/echo", "/reply"])
        .expect("paths")
        .body_limit(4096)
}

#[tokio::test]
async fn masks_the_request_before_the_handler_and_the_response_after() {
    let (addr, calls) = start(layer()).await;
    let (status, body) = post_json(
        addr,
        "/chat",
        r#"{"prompt": "my SSN is 308-46-5298", "n": 1}"#,
    )
    .await;
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        v,
        json!({"echo": "my SSN is {US_SOCIAL_SECURITY_NUMBER}", "reply": "reach me at {EMAIL}"})
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_blocked_request_gets_403_with_the_verdict_and_never_reaches_the_handler() {
    let (addr, calls) = start(layer()).await;
    let (status, body) = post_json(addr, "/chat", r#"{"prompt": "you shit"}"#).await;
    assert_eq!(status, 403);
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["action"], "GUARDRAIL_INTERVENED");
    assert_eq!(v["actionReason"], "Guardrail blocked.");
    assert_eq!(
        v["outputs"][0]["text"],
        Policy::default_policy()
            .spec()
            .blocked_input_messaging
            .as_str()
    );
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn oversized_and_malformed_bodies_are_refused_not_passed_through() {
    let (addr, calls) = start(layer()).await;
    let big = format!(r#"{{"prompt": "{}"}}"#, "a".repeat(5000));
    let (status, body) = post_json(addr, "/chat", &big).await;
    assert_eq!(status, 413);
    assert_eq!(
        body,
        r#"{"message":"request body is larger than the guardrail's body limit"}"#
    );
    let (status, body) = post_json(addr, "/chat", "not json").await;
    assert_eq!(status, 400);
    assert_eq!(body, r#"{"message":"request body is not JSON"}"#);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn plain_text_responses_are_checked_too() {
    let (addr, _) = start(layer()).await;
    let (status, body) = post_json(addr, "/text", r#"{"prompt": "hi"}"#).await;
    assert_eq!(status, 403);
    let v: Value = serde_json::from_str(&body).expect("json");
    let message = Policy::default_policy()
        .spec()
        .blocked_outputs_messaging
        .clone();
    assert_eq!(
        v,
        json!({"action": "GUARDRAIL_INTERVENED", "actionReason": "Guardrail blocked.",
            "outputs": [{"text": message}]})
    );
    // The leaked key itself never reaches the client.
    assert!(!body.contains("AKIA"), "{body}");
}
