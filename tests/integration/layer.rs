//! The tower layer around `service_fn` inner services that record their calls.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use guardrail::{GuardError, GuardrailLayer, Policy, Scanner};
use serde_json::{json, Value};
use tower::{service_fn, Layer, ServiceExt};

fn layer() -> GuardrailLayer {
    GuardrailLayer::new(Scanner::compile(&Policy::default_policy()).expect("default policy"))
}

/// An echo model that records the prompts it was given.
fn echo(
    seen: Arc<Mutex<Vec<String>>>,
) -> impl tower::Service<String, Response = String, Error = std::io::Error, Future = impl Send> + Clone
{
    service_fn(move |prompt: String| {
        let seen = seen.clone();
        async move {
            seen.lock().expect("lock").push(prompt.clone());
            Ok::<_, std::io::Error>(prompt)
        }
    })
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(f)
}

#[test]
fn masked_prompt_reaches_the_model_masked_and_the_answer_is_masked_too() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let svc = layer().layer(echo(seen.clone()));
    let answer = block_on(svc.oneshot("call +1 (212) 555-0143 or a@example.com".to_string()))
        .expect("passes");
    assert_eq!(answer, "call {PHONE} or {EMAIL}");
    assert_eq!(*seen.lock().expect("lock"), ["call {PHONE} or {EMAIL}"]);
}

#[test]
fn blocked_prompt_never_reaches_the_model() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let model = service_fn(move |p: String| {
        counter.fetch_add(1, Ordering::SeqCst);
        async move { Ok::<_, std::io::Error>(p) }
    });
    let err =
        block_on(layer().layer(model).oneshot("this shit again".to_string())).expect_err("blocked");
    let GuardError::Blocked(verdict) = err else {
        panic!("expected Blocked, got {err}")
    };
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(verdict.action_reason.as_deref(), Some("Guardrail blocked."));
    assert_eq!(
        verdict.outputs[0].text,
        Policy::default_policy().spec().blocked_input_messaging
    );
}

#[test]
fn blocked_answer_is_replaced_by_an_error_with_the_output_message() {
    let model = service_fn(|_: String| async {
        Ok::<_, std::io::Error>("sure, the key is AKIAIC453CAZ47FIZTT7".to_string())
    });
    let err =
        block_on(layer().layer(model).oneshot("give me a key".to_string())).expect_err("blocked");
    let GuardError::Blocked(verdict) = err else {
        panic!("expected Blocked, got {err}")
    };
    assert_eq!(
        verdict.outputs[0].text,
        Policy::default_policy().spec().blocked_outputs_messaging
    );
    assert_eq!(verdict.findings[0].kind, "AWS_ACCESS_KEY");
}

#[test]
fn inner_errors_pass_through() {
    let model =
        service_fn(|_: String| async { Err::<String, _>(std::io::Error::other("model down")) });
    let err = block_on(layer().layer(model).oneshot("hello".to_string())).expect_err("fails");
    assert_eq!(err.to_string(), "inner service failed: model down");
    assert!(matches!(err, GuardError::Inner(_)));
}

#[test]
fn converse_json_texts_are_masked_in_place() {
    let seen = Arc::new(Mutex::new(Value::Null));
    let record = seen.clone();
    let model = service_fn(move |req: Value| {
        *record.lock().expect("lock") = req.clone();
        async move {
            Ok::<_, std::io::Error>(json!({
                "output": {"message": {"role": "assistant",
                    "content": [{"text": "Write to jane.doe@example.com"}]}},
                "stopReason": "end_turn"
            }))
        }
    });
    let request = json!({
        "modelId": "anthropic.claude",
        "system": [{"text": "You are helpful."}],
        "messages": [{"role": "user", "content": [{"text": "My SSN is 308-46-5298"}]}]
    });
    let answer = block_on(layer().layer(model).oneshot(request)).expect("passes");
    let sent = seen.lock().expect("lock").clone();
    assert_eq!(
        sent["messages"][0]["content"][0]["text"],
        "My SSN is {US_SOCIAL_SECURITY_NUMBER}"
    );
    assert_eq!(sent["system"][0]["text"], "You are helpful.");
    assert_eq!(sent["modelId"], "anthropic.claude");
    assert_eq!(
        answer["output"]["message"]["content"][0]["text"],
        "Write to {EMAIL}"
    );
    assert_eq!(answer["stopReason"], "end_turn");
}

#[test]
fn layer_and_service_are_cheap_clones_that_cross_threads() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<GuardrailLayer>();
    assert_traits::<
        guardrail::GuardrailService<
            tower::util::BoxCloneSyncService<String, String, std::io::Error>,
        >,
    >();
}
