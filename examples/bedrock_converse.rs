//! A Bedrock Converse model wrapped by the guardrail layer with Bedrock's
//! ApplyGuardrail as a second judge.
//!
//! `cargo run --example bedrock_converse` runs offline: without
//! `GUARDRAIL_ID` in the environment it starts a small ApplyGuardrail- and
//! Converse-compatible server on 127.0.0.1 (it denies the topic
//! "investment" and echoes prompts) and points the real AWS SDK client at
//! it with static test credentials. With `GUARDRAIL_ID`, `GUARDRAIL_VERSION`
//! and `MODEL_ID` set it uses your AWS account instead.

use std::time::Duration;

use axum::extract::Path;
use axum::{routing::post, Json, Router};
use guardrail::{
    BedrockConverse, BedrockGuardrail, Chat, GuardError, GuardrailLayer, Policy, Scanner,
};
use serde_json::{json, Value};
use tower::{Service, ServiceBuilder, ServiceExt};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, guardrail_id, version, model_id) = match std::env::var("GUARDRAIL_ID") {
        Ok(id) => {
            let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
            let version = std::env::var("GUARDRAIL_VERSION").unwrap_or_else(|_| "DRAFT".into());
            let model = std::env::var("MODEL_ID")?;
            (
                aws_sdk_bedrockruntime::Client::new(&config),
                id,
                version,
                model,
            )
        }
        Err(_) => {
            let url = start_local_bedrock().await?;
            println!("(no GUARDRAIL_ID: using a local Bedrock stand-in at {url})\n");
            let conf = aws_sdk_bedrockruntime::Config::builder()
                .behavior_version(aws_sdk_bedrockruntime::config::BehaviorVersion::latest())
                .region(aws_sdk_bedrockruntime::config::Region::new("us-east-1"))
                .endpoint_url(url)
                .credentials_provider(aws_sdk_bedrockruntime::config::Credentials::new(
                    "AKIDEXAMPLE",
                    "example-secret",
                    None,
                    None,
                    "example",
                ))
                .build();
            let client = aws_sdk_bedrockruntime::Client::from_conf(conf);
            (
                client,
                "local-guardrail".into(),
                "DRAFT".into(),
                "local-model".into(),
            )
        }
    };

    let scanner = Scanner::compile(&Policy::default_policy())?;
    let judge = BedrockGuardrail::new(client.clone(), guardrail_id, version)
        .timeout(Duration::from_secs(5));
    let mut chat = ServiceBuilder::new()
        .layer(GuardrailLayer::new(scanner).remote(judge))
        .service(BedrockConverse::new(client, model_id));

    for prompt in [
        "Summarise the plot of Hamlet in one line.",
        "My SSN is 308-46-5298, can you store it?",
        "Which stocks should I invest in this year?",
    ] {
        let chat = chat.ready().await?;
        match chat.call(Chat::user(prompt)).await {
            Ok(reply) => println!("{prompt}\n  -> {}\n", reply.text),
            Err(GuardError::Blocked(v)) => {
                println!("{prompt}\n  -> blocked: {}\n", v.outputs[0].text)
            }
            Err(e) => println!("{prompt}\n  -> error: {e}\n"),
        }
    }
    Ok(())
}

/// A stand-in for Bedrock on loopback: ApplyGuardrail denies "invest", and
/// Converse echoes the last user message.
async fn start_local_bedrock() -> std::io::Result<String> {
    async fn apply(Path(_): Path<(String, String)>, Json(body): Json<Value>) -> Json<Value> {
        let text = body["content"].to_string().to_lowercase();
        let usage = json!({"topicPolicyUnits": 1, "contentPolicyUnits": 0, "wordPolicyUnits": 0,
            "sensitiveInformationPolicyUnits": 0, "sensitiveInformationPolicyFreeUnits": 0,
            "contextualGroundingPolicyUnits": 0});
        if text.contains("invest") {
            Json(json!({"usage": usage, "action": "GUARDRAIL_INTERVENED",
                "actionReason": "Guardrail blocked.",
                "outputs": [{"text": "I can't give investment advice."}],
                "assessments": [{"topicPolicy": {"topics": [{"name": "Investment advice",
                    "type": "DENY", "action": "BLOCKED", "detected": true}]}}]}))
        } else {
            Json(
                json!({"usage": usage, "action": "NONE", "actionReason": "No action.",
                "outputs": [], "assessments": []}),
            )
        }
    }
    async fn converse(Path(_): Path<String>, Json(body): Json<Value>) -> Json<Value> {
        let said = body["messages"][0]["content"][0]["text"]
            .as_str()
            .unwrap_or("")
            .to_string();
        Json(json!({
            "output": {"message": {"role": "assistant",
                "content": [{"text": format!("(model) I received: {said}")}]}},
            "stopReason": "end_turn",
            "usage": {"inputTokens": 1, "outputTokens": 1, "totalTokens": 2},
            "metrics": {"latencyMs": 1}
        }))
    }
    let app = Router::new()
        .route("/guardrail/{id}/version/{version}/apply", post(apply))
        .route("/model/{model}/converse", post(converse));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(url)
}
