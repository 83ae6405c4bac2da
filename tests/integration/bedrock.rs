//! The Bedrock bridge with the real `aws-sdk-bedrockruntime` client pointed
//! at an ApplyGuardrail-compatible server on 127.0.0.1 that the test starts.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::sdk_client;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use guardrail::{
    BedrockGuardrail, FailMode, GuardError, GuardrailLayer, Policy, RemoteErrorKind,
    RemoteGuardrail, Scanner, Source,
};
use serde_json::{json, Value};
use tower::{service_fn, Layer, ServiceExt};

/// What the fake ApplyGuardrail server saw.
#[derive(Default)]
pub(crate) struct Seen {
    pub(crate) calls: AtomicUsize,
    pub(crate) texts: Mutex<Vec<String>>,
    bodies: Mutex<Vec<Value>>,
}

/// The guardrail id picks a behaviour: `gr-ok` judges topics and content
/// deterministically; the others inject a fault. Hyphens are ignored, so
/// ids valid in a policy file (`grdenied`) pick the same behaviours.
async fn apply(
    State(seen): State<Arc<Seen>>,
    Path((id, _version)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Response {
    seen.calls.fetch_add(1, Ordering::SeqCst);
    let texts: Vec<String> = body["content"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["text"]["text"].as_str().map(str::to_string))
        .collect();
    seen.texts.lock().expect("lock").extend(texts.clone());
    seen.bodies.lock().expect("lock").push(body.clone());
    let error = |status: StatusCode, kind: &str| {
        let mut headers = HeaderMap::new();
        let value = format!("{kind}:http://internal.amazon.com/coral/com.amazon.bedrock/");
        headers.insert("x-amzn-errortype", value.parse().expect("header"));
        (
            status,
            headers,
            Json(json!({"message": format!("injected {kind}")})),
        )
            .into_response()
    };
    match id.replace('-', "").as_str() {
        "grthrottle" => return error(StatusCode::TOO_MANY_REQUESTS, "ThrottlingException"),
        "grfail" => return error(StatusCode::INTERNAL_SERVER_ERROR, "InternalServerException"),
        "grmissing" => return error(StatusCode::NOT_FOUND, "ResourceNotFoundException"),
        "grdenied" => return error(StatusCode::FORBIDDEN, "AccessDeniedException"),
        "grgarbage" => return (StatusCode::OK, "this is not json").into_response(),
        "grslow" => tokio::time::sleep(Duration::from_secs(3)).await,
        // Never answers: any answer the caller gets came from its own timeout.
        "grhang" => std::future::pending::<()>().await,
        _ => {}
    }
    let usage = json!({"topicPolicyUnits": 1, "contentPolicyUnits": 1, "wordPolicyUnits": 0,
        "sensitiveInformationPolicyUnits": 0, "sensitiveInformationPolicyFreeUnits": 0,
        "contextualGroundingPolicyUnits": 0});
    if id.replace('-', "") == "grnoaction" {
        return Json(json!({"usage": usage, "outputs": [], "assessments": []})).into_response();
    }
    let all = texts.join(" ").to_lowercase();
    let (action, outputs, assessment) = if all.contains("invest") {
        (
            "GUARDRAIL_INTERVENED",
            json!([{"text": "Remote: no investment advice."}]),
            json!({"topicPolicy": {"topics": [{"name": "Investment Advice", "type": "DENY",
                "action": "BLOCKED", "detected": true}]},
                "invocationMetrics": {"guardrailProcessingLatency": 123},
                "appliedGuardrailDetails": {"guardrailId": id, "guardrailVersion": "DRAFT",
                    "guardrailOrigin": ["REQUEST"]}}),
        )
    } else if all.contains("hate you") {
        (
            "GUARDRAIL_INTERVENED",
            json!([{"text": "Remote: no hate."}]),
            json!({"contentPolicy": {"filters": [{"type": "HATE", "confidence": "HIGH",
            "filterStrength": "HIGH", "action": "BLOCKED", "detected": true}]}}),
        )
    } else {
        ("NONE", json!([]), json!({}))
    };
    Json(
        json!({"usage": usage, "action": action, "actionReason": "x", "outputs": outputs,
        "assessments": [assessment],
        "guardrailCoverage": {"textCharacters": {"guarded": all.len(), "total": all.len()}}}),
    )
    .into_response()
}

/// Bedrock Converse: the model answers with what it was told last.
async fn converse(Path(_model): Path<String>, Json(body): Json<Value>) -> Json<Value> {
    let said = body["messages"]
        .as_array()
        .and_then(|m| m.last())
        .and_then(|m| m["content"][0]["text"].as_str())
        .unwrap_or_default()
        .to_string();
    Json(json!({
        "output": {"message": {"role": "assistant", "content": [{"text": format!("model saw: {said}")}]}},
        "stopReason": "end_turn",
        "usage": {"inputTokens": 3, "outputTokens": 4, "totalTokens": 7},
        "metrics": {"latencyMs": 1}
    }))
}

pub(crate) async fn start() -> (String, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let app = Router::new()
        .route("/guardrail/{id}/version/{version}/apply", post(apply))
        .route("/model/{model}/converse", post(converse))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

fn scanner() -> Scanner {
    Scanner::compile(&Policy::default_policy()).expect("default policy")
}

fn echo(
) -> impl tower::Service<String, Response = String, Error = std::io::Error, Future = impl Send>
       + Clone
       + Send {
    service_fn(|p: String| async move { Ok::<_, std::io::Error>(format!("echo: {p}")) })
}

#[tokio::test]
async fn clean_prompt_is_judged_remotely_and_passes() {
    let (url, seen) = start().await;
    let judge = BedrockGuardrail::new(sdk_client(&url), "gr-ok", "DRAFT");
    let svc = GuardrailLayer::new(scanner()).remote(judge).layer(echo());
    assert_eq!(
        svc.oneshot("hello there".to_string())
            .await
            .expect("passes"),
        "echo: hello there"
    );
    // One call for the prompt, one for the answer.
    assert_eq!(seen.calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_local_block_makes_no_remote_call() {
    let (url, seen) = start().await;
    let judge = BedrockGuardrail::new(sdk_client(&url), "gr-ok", "DRAFT");
    let svc = GuardrailLayer::new(scanner()).remote(judge).layer(echo());
    let err = svc
        .oneshot("you shit".to_string())
        .await
        .expect_err("blocked");
    let GuardError::Blocked(v) = err else {
        panic!("expected a block")
    };
    assert_eq!(seen.calls.load(Ordering::SeqCst), 0);
    assert_eq!(
        (v.usage.saved_text_units, v.usage.remote_text_units),
        (1, 0)
    );
}

#[tokio::test]
async fn send_original_shows_the_remote_the_unmasked_text() {
    let (url, seen) = start().await;
    let judge = BedrockGuardrail::new(sdk_client(&url), "gr-ok", "DRAFT");
    let svc = GuardrailLayer::new(scanner())
        .remote(judge)
        .send_original(true)
        .layer(echo());
    let answer = svc
        .oneshot("mail a@example.com".to_string())
        .await
        .expect("passes");
    assert_eq!(answer, "echo: mail {EMAIL}");
    assert_eq!(seen.texts.lock().expect("lock")[0], "mail a@example.com");
}

#[tokio::test]
async fn local_mask_then_remote_topic_block() {
    let (url, seen) = start().await;
    let judge = BedrockGuardrail::new(sdk_client(&url), "gr-ok", "DRAFT");
    let svc = GuardrailLayer::new(scanner()).remote(judge).layer(echo());
    let err = svc
        .oneshot("should I invest? my SSN is 308-46-5298".to_string())
        .await
        .expect_err("blocked");
    let GuardError::Blocked(v) = err else {
        panic!("expected a block")
    };
    // The remote only ever saw the masked text.
    assert_eq!(
        *seen.texts.lock().expect("lock"),
        ["should I invest? my SSN is {US_SOCIAL_SECURITY_NUMBER}"]
    );
    assert_eq!(v.outputs[0].text, "Remote: no investment advice.");
    assert_eq!(v.findings[0].kind, "US_SOCIAL_SECURITY_NUMBER");
    let remote = v
        .assessments
        .iter()
        .find(|a| a.origin.as_deref() == Some("remote"))
        .expect("remote assessment");
    assert_eq!(
        remote.topic_policy.as_ref().expect("topics")["topics"][0]["name"],
        "Investment Advice"
    );
    let metrics = remote.invocation_metrics.as_ref().expect("metrics");
    assert_eq!(metrics["guardrailProcessingLatency"], 123);
    let details = remote.applied_guardrail_details.as_ref().expect("details");
    assert_eq!(details["guardrailOrigin"], json!(["REQUEST"]));
    assert_eq!(v.usage.topic_policy_units, 1);
}

#[tokio::test]
async fn remote_only_block_on_the_answer() {
    let (url, _) = start().await;
    let judge = BedrockGuardrail::new(sdk_client(&url), "gr-ok", "DRAFT");
    let model = service_fn(|_: String| async { Ok::<_, std::io::Error>("I hate you".to_string()) });
    let svc = GuardrailLayer::new(scanner()).remote(judge).layer(model);
    let err = svc.oneshot("hi".to_string()).await.expect_err("blocked");
    let GuardError::Blocked(v) = err else {
        panic!("expected a block")
    };
    assert_eq!(v.outputs[0].text, "Remote: no hate.");
}

#[tokio::test]
async fn each_fault_has_its_own_kind() {
    let (url, _) = start().await;
    let cases = [
        ("gr-throttle", RemoteErrorKind::Throttled),
        ("gr-fail", RemoteErrorKind::Unavailable),
        ("gr-missing", RemoteErrorKind::NotFound),
        ("gr-denied", RemoteErrorKind::AccessDenied),
        ("gr-garbage", RemoteErrorKind::Malformed),
        ("gr-noaction", RemoteErrorKind::Malformed),
        ("gr-slow", RemoteErrorKind::Timeout),
    ];
    for (id, kind) in cases {
        let judge =
            BedrockGuardrail::new(sdk_client(&url), id, "1").timeout(Duration::from_millis(300));
        let err = judge
            .apply(vec!["hello".to_string()], Source::Input)
            .await
            .expect_err(id);
        assert_eq!(err.kind(), kind, "{id}: {err}");
    }
    // A closed connection is a network failure.
    let judge = BedrockGuardrail::new(sdk_client("http://127.0.0.1:9"), "gr-ok", "1");
    let err = judge
        .apply(vec!["x".into()], Source::Input)
        .await
        .expect_err("no server");
    assert_eq!(err.kind(), RemoteErrorKind::Network, "{err}");
}

#[tokio::test]
async fn fail_closed_blocks_and_fail_open_passes_with_local_masks() {
    let (url, _) = start().await;
    for id in [
        "gr-throttle",
        "gr-fail",
        "gr-garbage",
        "gr-noaction",
        "gr-denied",
        "gr-missing",
        "gr-slow",
    ] {
        let judge =
            BedrockGuardrail::new(sdk_client(&url), id, "1").timeout(Duration::from_millis(300));
        let closed = GuardrailLayer::new(scanner())
            .remote(judge.clone())
            .layer(echo());
        let err = closed
            .oneshot("mail a@example.com".to_string())
            .await
            .expect_err(id);
        let GuardError::Blocked(v) = err else {
            panic!("{id}: expected a block")
        };
        assert_eq!(
            v.outputs[0].text,
            Policy::default_policy().spec().blocked_input_messaging
        );
        let degraded = v
            .assessments
            .iter()
            .find_map(|a| a.degraded.as_ref())
            .expect("degraded");
        assert!(
            degraded.reason.starts_with("remote guardrail "),
            "{id}: {}",
            degraded.reason
        );

        let open = GuardrailLayer::new(scanner())
            .remote(judge)
            .fail_mode(FailMode::Open)
            .layer(echo());
        let answer = open
            .oneshot("mail a@example.com".to_string())
            .await
            .expect(id);
        assert_eq!(answer, "echo: mail {EMAIL}");
    }
}

#[tokio::test]
async fn identical_prompts_within_the_cache_lifetime_cost_one_call() {
    let (url, seen) = start().await;
    let judge = BedrockGuardrail::new(sdk_client(&url), "gr-ok", "DRAFT");
    let model =
        service_fn(|_: String| async { Ok::<_, std::io::Error>("fixed answer".to_string()) });
    let layer = GuardrailLayer::new(scanner())
        .remote(judge)
        .cache(100, Duration::from_secs(60));
    for _ in 0..3 {
        let svc = layer.layer(model);
        assert_eq!(
            svc.oneshot("same prompt".to_string())
                .await
                .expect("passes"),
            "fixed answer"
        );
    }
    // One call for the prompt and one for the answer, then cache hits.
    assert_eq!(seen.calls.load(Ordering::SeqCst), 2);
    assert_eq!(layer.remote_calls(), 2);
}

#[tokio::test]
async fn a_bedrock_converse_model_wrapped_by_the_layer_sees_masked_prompts() {
    use guardrail::{BedrockConverse, Chat};
    let (url, seen) = start().await;
    let judge = BedrockGuardrail::new(sdk_client(&url), "gr-ok", "DRAFT");
    let model = BedrockConverse::new(sdk_client(&url), "anthropic.claude-test");
    let svc = tower::ServiceBuilder::new()
        .layer(GuardrailLayer::new(scanner()).remote(judge))
        .service(model);
    let reply = svc
        .oneshot(Chat::user("my card is 4111 1111 1111 1111"))
        .await
        .expect("passes");
    assert_eq!(
        reply.text,
        "model saw: my card is {CREDIT_DEBIT_CARD_NUMBER}"
    );
    assert_eq!(reply.stop_reason, "end_turn");
    assert_eq!(seen.calls.load(Ordering::SeqCst), 2);
}

#[cfg(feature = "http")]
#[tokio::test]
async fn an_axum_app_with_the_remote_judge_end_to_end_over_http() {
    use crate::support::post_json;
    use guardrail::JsonBodyLayer;

    let (url, seen) = start().await;
    let judge = BedrockGuardrail::new(sdk_client(&url), "gr-ok", "DRAFT");
    let handled = Arc::new(AtomicUsize::new(0));
    let counter = handled.clone();
    let app = Router::new()
        .route(
            "/chat",
            post(move |Json(v): Json<Value>| {
                counter.fetch_add(1, Ordering::SeqCst);
                async move { Json(json!({"answer": v["prompt"]})) }
            }),
        )
        .layer(
            JsonBodyLayer::with_remote(GuardrailLayer::new(scanner()).remote(judge))
                .request_texts(&["/prompt"])
                .expect("paths")
                .response_texts(&["/answer"])
                .expect("paths"),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });

    let (status, body) = post_json(
        addr,
        "/chat",
        r#"{"prompt": "should I invest, a@example.com?"}"#,
    )
    .await;
    assert_eq!(status, 403);
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["outputs"][0]["text"], "Remote: no investment advice.");
    assert_eq!(handled.load(Ordering::SeqCst), 0);
    assert_eq!(
        seen.texts.lock().expect("lock")[0],
        "should I invest, {EMAIL}?"
    );

    let (status, body) = post_json(addr, "/chat", r#"{"prompt": "hello b@example.com"}"#).await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).expect("json"),
        json!({"answer": "hello {EMAIL}"})
    );
    assert_eq!(handled.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn qualifiers_and_output_scope_reach_the_wire() {
    use guardrail::Qualifier;
    let (url, seen) = start().await;
    let judge = BedrockGuardrail::new(sdk_client(&url), "gr-ok", "DRAFT")
        .qualifiers(&[Qualifier::GuardContent])
        .full_output(true);
    judge
        .apply(vec!["hello".into()], Source::Output)
        .await
        .expect("verdict");
    let body = seen.bodies.lock().expect("lock")[0].clone();
    assert_eq!(
        body,
        json!({"source": "OUTPUT", "outputScope": "FULL",
            "content": [{"text": {"text": "hello", "qualifiers": ["guard_content"]}}]})
    );
}
