//! `guardrail serve` as its users meet it: the binary started on a free
//! loopback port, called by the real `aws-sdk-bedrockruntime` client.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::support::{sdk_client, sdk_config};
use aws_sdk_bedrockruntime::error::SdkError;
use aws_sdk_bedrockruntime::operation::apply_guardrail::{
    ApplyGuardrailError, ApplyGuardrailOutput,
};
use aws_sdk_bedrockruntime::types::{
    GuardrailAction, GuardrailContentBlock, GuardrailContentSource, GuardrailPiiEntityType,
    GuardrailSensitiveInformationPolicyAction, GuardrailTextBlock,
};
use aws_sdk_bedrockruntime::Client;
use guardrail::Policy;

/// The server process, killed on drop.
pub(crate) struct Server {
    child: Child,
    pub(crate) url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(args: &[&str]) -> Server {
    serve_with_env(args, &[])
}

/// The environment of a server whose policies call a fake Bedrock: its own
/// static credentials, and no lookups of instance metadata or AWS files.
pub(crate) const JUDGED_SERVER_ENV: [(&str, &str); 5] = [
    ("AWS_ACCESS_KEY_ID", "AKIDSERVER"),
    ("AWS_SECRET_ACCESS_KEY", "secret-server"),
    ("AWS_EC2_METADATA_DISABLED", "true"),
    ("AWS_CONFIG_FILE", "/nonexistent"),
    ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
];

pub(crate) fn serve_with_env(args: &[&str], env: &[(&str, &str)]) -> Server {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("guardrail"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start guardrail serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    Server { child, url }
}

impl Server {
    pub(crate) fn addr(&self) -> std::net::SocketAddr {
        self.url
            .trim_start_matches("http://")
            .parse()
            .expect("addr")
    }

    /// Polls /metrics (at most 10 s) until it holds `line`.
    async fn wait_for_metric(&self, line: &str) {
        let mut metrics = String::new();
        for _ in 0..100 {
            metrics = get(self.addr(), "/metrics").await;
            if metrics.lines().any(|l| l == line) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("no {line:?} in /metrics:\n{metrics}");
    }
}

/// One ApplyGuardrail call with a single text block.
pub(crate) async fn send(
    client: &Client,
    id: &str,
    version: &str,
    source: GuardrailContentSource,
    t: &str,
) -> Result<ApplyGuardrailOutput, SdkError<ApplyGuardrailError>> {
    client
        .apply_guardrail()
        .guardrail_identifier(id)
        .guardrail_version(version)
        .source(source)
        .content(text(t))
        .send()
        .await
}

fn text(t: &str) -> GuardrailContentBlock {
    GuardrailContentBlock::Text(GuardrailTextBlock::builder().text(t).build().expect("text"))
}

#[tokio::test]
async fn the_sdk_parses_masked_clean_and_blocked_answers() {
    let server = serve(&[]);
    let client = sdk_client(&server.url);
    let apply =
        |t: &'static str| send(&client, "gr-any", "DRAFT", GuardrailContentSource::Input, t);

    let out = apply("mail jane@example.com").await.expect("masked");
    assert_eq!(out.action(), &GuardrailAction::GuardrailIntervened);
    assert_eq!(out.outputs()[0].text(), Some("mail {EMAIL}"));
    let pii = &out.assessments()[0]
        .sensitive_information_policy()
        .expect("pii")
        .pii_entities()[0];
    assert_eq!(pii.r#type(), &GuardrailPiiEntityType::Email);
    assert_eq!(
        pii.action(),
        &GuardrailSensitiveInformationPolicyAction::Anonymized
    );
    assert_eq!(pii.r#match(), "jane@example.com");

    let out = apply("hello").await.expect("clean");
    assert_eq!(out.action(), &GuardrailAction::None);
    assert!(out.outputs().is_empty());

    let out = apply("you shit").await.expect("blocked");
    assert_eq!(out.action(), &GuardrailAction::GuardrailIntervened);
    assert_eq!(
        out.outputs()[0].text(),
        Some(
            Policy::default_policy()
                .spec()
                .blocked_input_messaging
                .as_str()
        )
    );
    assert_eq!(out.usage().expect("usage").word_policy_units(), 1);
}

#[tokio::test]
async fn each_error_reaches_the_sdk_as_its_typed_error() {
    let dir = temp_dir("serve");
    std::fs::write(dir.join("gr-mail.toml"), "name = \"mail\"\nblocked_input_messaging = \"no\"\nblocked_outputs_messaging = \"no\"\n[[pii.entities]]\ntype = \"EMAIL\"\naction = \"BLOCK\"\n").expect("write");
    let server = serve(&["--policies", dir.to_str().expect("utf-8 path")]);
    let client = sdk_client(&server.url);

    let out = send(
        &client,
        "gr-mail",
        "1",
        GuardrailContentSource::Output,
        "a@example.com",
    )
    .await
    .expect("known id");
    assert_eq!(out.outputs()[0].text(), Some("no"));

    let err = send(
        &client,
        "gr-unknown",
        "1",
        GuardrailContentSource::Input,
        "x",
    )
    .await
    .expect_err("unknown id");
    assert!(
        err.as_service_error()
            .is_some_and(|e| e.is_resource_not_found_exception()),
        "{err:?}"
    );

    let err = send(&client, "gr-mail", "1", GuardrailContentSource::Input, "")
        .await
        .expect_err("empty text");
    let service = err.as_service_error().expect("service error");
    assert!(service.is_validation_exception(), "{err:?}");
    assert_eq!(
        aws_sdk_bedrockruntime::error::ProvideErrorMetadata::message(service),
        Some("content[0].text.text must not be empty")
    );

    let big = "a ".repeat(600_000);
    let err = send(&client, "gr-mail", "1", GuardrailContentSource::Input, &big)
        .await
        .expect_err("too big");
    assert!(
        err.as_service_error()
            .is_some_and(|e| e.is_service_quota_exceeded_exception()),
        "{err:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_simultaneous_clients_all_get_answers() {
    let server = serve(&[]);
    let client = sdk_client(&server.url);
    let calls = (0..64).map(|i| {
        let client = client.clone();
        tokio::spawn(async move {
            send(
                &client,
                "gr-any",
                "DRAFT",
                GuardrailContentSource::Input,
                &format!("user{i}@example.com wrote"),
            )
            .await
            .map(|o| o.outputs()[0].text().map(str::to_string))
        })
    });
    for (i, call) in calls.enumerate() {
        let answer = call.await.expect("task").expect("answer");
        assert_eq!(answer.as_deref(), Some("{EMAIL} wrote"), "call {i}");
    }
}

#[tokio::test]
async fn over_the_concurrency_limit_is_a_typed_throttling_error() {
    let server = serve(&["--max-concurrency", "0"]);
    let client = sdk_client(&server.url);
    let err = send(
        &client,
        "gr-any",
        "DRAFT",
        GuardrailContentSource::Input,
        "hello",
    )
    .await
    .expect_err("throttled");
    assert!(
        err.as_service_error()
            .is_some_and(|e| e.is_throttling_exception()),
        "{err:?}"
    );
}

#[tokio::test]
async fn every_answer_carries_a_request_id() {
    use aws_sdk_bedrockruntime::operation::RequestId;
    let server = serve(&[]);
    let client = sdk_client(&server.url);
    let apply = || {
        send(
            &client,
            "gr-any",
            "DRAFT",
            GuardrailContentSource::Input,
            "hello",
        )
    };
    let first = apply().await.expect("answer");
    let second = apply().await.expect("answer");
    let (a, b) = (
        first.request_id().expect("id"),
        second.request_id().expect("id"),
    );
    assert_ne!(a, b);
    assert_eq!(a.len(), b.len());
}

#[cfg(unix)]
#[tokio::test]
async fn sighup_reloads_policies_and_a_bad_one_keeps_the_old() {
    let dir = temp_dir("reload");
    let file = dir.join("policy.toml");
    std::fs::write(&file, email_policy("ANONYMIZE")).expect("write");
    let server = serve(&["--no-watch", "--policy", file.to_str().expect("utf-8 path")]);
    let client = sdk_client(&server.url);
    let hup = |pid: u32| {
        let status = Command::new("kill")
            .args(["-HUP", &pid.to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
    };
    assert_eq!(first_output(&client).await.as_deref(), Some("{EMAIL}"));

    std::fs::write(&file, email_policy("BLOCK")).expect("write");
    hup(server.child.id());
    server
        .wait_for_metric("guardrail_reloads_total{result=\"ok\"} 1")
        .await;
    assert_eq!(
        first_output(&client).await.as_deref(),
        Some("no"),
        "the new policy blocks"
    );

    std::fs::write(&file, "this is not a policy").expect("write");
    hup(server.child.id());
    server
        .wait_for_metric("guardrail_reloads_total{result=\"failed\"} 1")
        .await;
    assert_eq!(
        first_output(&client).await.as_deref(),
        Some("no"),
        "the old policy still runs"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A policy that finds e-mail addresses and acts with `action`.
fn email_policy(action: &str) -> String {
    format!("name = \"p\"\nblocked_input_messaging = \"no\"\nblocked_outputs_messaging = \"no\"\n[[pii.entities]]\ntype = \"EMAIL\"\naction = \"{action}\"\n")
}

/// The first output text for a prompt holding an e-mail address.
async fn first_output(client: &Client) -> Option<String> {
    let out = send(
        client,
        "gr",
        "DRAFT",
        GuardrailContentSource::Input,
        "a@example.com",
    )
    .await
    .expect("answer");
    out.outputs()[0].text().map(str::to_string)
}

#[tokio::test]
async fn a_changed_policy_file_is_reloaded_and_a_bad_one_keeps_the_old() {
    let dir = temp_dir("watch");
    std::fs::write(dir.join("gr.toml"), email_policy("ANONYMIZE")).expect("write");
    let server = serve(&["--policies", dir.to_str().expect("utf-8 path")]);
    let client = sdk_client(&server.url);
    assert_eq!(first_output(&client).await.as_deref(), Some("{EMAIL}"));

    // Written beside and renamed over, as editors and config managers do.
    std::fs::write(dir.join("next"), email_policy("BLOCK")).expect("write");
    std::fs::rename(dir.join("next"), dir.join("gr.toml")).expect("rename");
    server
        .wait_for_metric("guardrail_reloads_total{result=\"ok\"} 1")
        .await;
    assert_eq!(
        first_output(&client).await.as_deref(),
        Some("no"),
        "the new policy blocks"
    );

    std::fs::write(dir.join("gr.toml"), "this is not a policy").expect("write");
    server
        .wait_for_metric("guardrail_reloads_total{result=\"failed\"} 1")
        .await;
    assert_eq!(
        first_output(&client).await.as_deref(),
        Some("no"),
        "the old policy still runs"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn over_the_rate_limit_is_a_typed_throttling_error_counted_in_metrics() {
    let server = serve(&["--max-rps", "1"]);
    let client = sdk_client(&server.url);
    let apply = || {
        send(
            &client,
            "gr",
            "DRAFT",
            GuardrailContentSource::Input,
            "hello",
        )
    };
    // A burst of one: the first call passes, one of the next is refused
    // (each would have to take a whole second to get a fresh token).
    assert_eq!(
        apply().await.expect("first").action(),
        &GuardrailAction::None
    );
    let mut refused = None;
    for _ in 0..50 {
        if let Err(e) = apply().await {
            refused = Some(e);
            break;
        }
    }
    let err = refused.expect("a call over the rate");
    assert!(
        err.as_service_error()
            .is_some_and(|e| e.is_throttling_exception()),
        "{err:?}"
    );
    let metrics = get(server.addr(), "/metrics").await;
    assert!(
        metrics.contains("guardrail_throttled_total{reason=\"rate\"} 1\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("guardrail_requests_total{status=\"429\"} 1\n"),
        "{metrics}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_policy_with_a_bedrock_section_is_judged_remotely_too() {
    let (fake, seen) = crate::bedrock::start().await;
    let dir = temp_dir("judge");
    let policy = |id: &str, fail_mode: &str| {
        format!(
            "name = \"judged\"\nblocked_input_messaging = \"local no\"\nblocked_outputs_messaging = \"local no\"\n\
             [[words.custom]]\ntext = \"moonquake\"\n[[pii.entities]]\ntype = \"EMAIL\"\naction = \"ANONYMIZE\"\n\
             [bedrock]\nguardrail_identifier = \"{id}\"\nguardrail_version = \"DRAFT\"\nregion = \"us-east-1\"\n\
             endpoint_url = \"{fake}\"\ntimeout_ms = 3000\nfail_mode = \"{fail_mode}\"\n"
        )
    };
    std::fs::write(dir.join("ok.toml"), policy("grok", "closed")).expect("write");
    std::fs::write(dir.join("closed.toml"), policy("grdenied", "closed")).expect("write");
    std::fs::write(dir.join("open.toml"), policy("grdenied", "open")).expect("write");
    let server = serve_with_env(
        &["--policies", dir.to_str().expect("utf-8 path")],
        &JUDGED_SERVER_ENV,
    );
    let client = sdk_client(&server.url);
    let apply = |id: &'static str, t: &'static str| {
        let client = client.clone();
        async move {
            let out = send(&client, id, "DRAFT", GuardrailContentSource::Input, t)
                .await
                .expect("answer");
            let texts: Vec<_> = out
                .outputs()
                .iter()
                .filter_map(|o| o.text())
                .map(str::to_string)
                .collect();
            (out.action().as_str().to_string(), texts)
        }
    };
    let intervened = |t: &str| ("GUARDRAIL_INTERVENED".to_string(), vec![t.to_string()]);

    // Masked locally, then blocked remotely: the remote saw the masked text.
    assert_eq!(
        apply("ok", "mail a@example.com about investing").await,
        intervened("Remote: no investment advice.")
    );
    // Masked locally, nothing remotely: the local mask stands.
    assert_eq!(
        apply("ok", "mail a@example.com").await,
        intervened("mail {EMAIL}")
    );
    // Blocked locally: the remote is never called.
    assert_eq!(apply("ok", "a moonquake").await, intervened("local no"));
    // The remote fails (AccessDenied): fail closed blocks, fail open passes.
    assert_eq!(apply("closed", "hello").await, intervened("local no"));
    assert_eq!(apply("open", "hello").await, ("NONE".to_string(), vec![]));

    assert_eq!(
        *seen.texts.lock().expect("lock"),
        [
            "mail {EMAIL} about investing",
            "mail {EMAIL}",
            "hello",
            "hello"
        ]
    );
    // The two fail-mode answers, one of each; the judges' calls by result.
    let metrics = get(server.addr(), "/metrics").await;
    for line in [
        r#"guardrail_remote_fallback_total{outcome="blocked"} 1"#,
        r#"guardrail_remote_fallback_total{outcome="allowed"} 1"#,
        r#"guardrail_remote_calls_total{policy="ok",result="ok"} 2"#,
        r#"guardrail_remote_calls_total{policy="closed",result="access_denied"} 1"#,
        r#"guardrail_remote_calls_total{policy="open",result="access_denied"} 1"#,
        r#"guardrail_remote_circuit_state{policy="ok",state="closed"} 1"#,
    ] {
        assert!(metrics.lines().any(|l| l == line), "{line}\n{metrics}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A fresh directory for one test (removed by the test when it passes).
pub(crate) fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("guardrail-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

/// The AWS error code and message of a service error.
fn code_and_message(err: &SdkError<ApplyGuardrailError>) -> (Option<&str>, Option<&str>) {
    use aws_sdk_bedrockruntime::error::ProvideErrorMetadata;
    let e = err.as_service_error().expect("a service error");
    (e.code(), e.message())
}

#[tokio::test]
async fn require_auth_accepts_sdk_signatures_and_types_each_refusal() {
    let dir = temp_dir("auth");
    let keys = dir.join("keys");
    std::fs::write(
        &keys,
        "# test keys\nAKIDTEST secret-test\nAKIDOTHER other-secret\n",
    )
    .expect("write");
    let server = serve(&[
        "--require-auth",
        "--access-keys",
        keys.to_str().expect("utf-8 path"),
    ]);
    let apply = |client: Client, id: &'static str| async move {
        send(
            &client,
            id,
            "DRAFT",
            GuardrailContentSource::Input,
            "mail a@example.com",
        )
        .await
    };

    // Both keys; a guardrail ARN puts `:` and `/` (sent as %3A, %2F) in the signed path.
    let arn = "arn:aws:bedrock:us-east-1:123456789012:guardrail/gr1";
    for (key, secret) in [("AKIDTEST", "secret-test"), ("AKIDOTHER", "other-secret")] {
        for id in ["gr1", arn] {
            let client = Client::from_conf(sdk_config(&server.url, key, secret).build());
            let out = apply(client, id).await.expect("signed request");
            assert_eq!(out.outputs()[0].text(), Some("mail {EMAIL}"), "{key} {id}");
        }
    }

    let wrong_secret = Client::from_conf(sdk_config(&server.url, "AKIDTEST", "not-it").build());
    let err = apply(wrong_secret, "gr1").await.expect_err("bad signature");
    assert!(
        err.as_service_error()
            .is_some_and(|e| e.is_access_denied_exception()),
        "{err:?}"
    );
    assert_eq!(
        code_and_message(&err),
        (
            Some("AccessDeniedException"),
            Some("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.")
        )
    );

    let unknown = Client::from_conf(sdk_config(&server.url, "AKIDNOBODY", "secret-test").build());
    let err = apply(unknown, "gr1").await.expect_err("unknown key");
    assert_eq!(
        code_and_message(&err),
        (
            Some("UnrecognizedClientException"),
            Some("The security token included in the request is invalid.")
        )
    );

    // A client clock 20 minutes behind signs a stale x-amz-date.
    let stale = std::time::SystemTime::now() - std::time::Duration::from_secs(20 * 60);
    let late = Client::from_conf(
        sdk_config(&server.url, "AKIDTEST", "secret-test")
            .time_source(aws_smithy_async::time::StaticTimeSource::new(stale))
            .build(),
    );
    let err = apply(late, "gr1").await.expect_err("stale signature");
    let (code, message) = code_and_message(&err);
    assert_eq!(code, Some("AccessDeniedException"));
    assert!(
        message.is_some_and(|m| m.starts_with("Signature expired or not yet current: ")),
        "{message:?}"
    );

    // Unsigned: refused; health and metrics stay open to the operator.
    let addr = server.addr();
    let (status, body) = crate::support::post_json(
        addr,
        "/guardrail/gr1/version/DRAFT/apply",
        r#"{"source":"INPUT","content":[{"text":{"text":"hi"}}]}"#,
    )
    .await;
    assert_eq!(
        (status, body.as_str()),
        (403, r#"{"message":"Missing Authentication Token"}"#)
    );
    let metrics = get(addr, "/metrics").await;
    assert!(
        metrics.contains("guardrail_auth_denied_total{type=\"AccessDeniedException\"} 3\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("guardrail_auth_denied_total{type=\"UnrecognizedClientException\"} 1\n"),
        "{metrics}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// GET `path`, the body of a 200 answer.
pub(crate) async fn get(addr: std::net::SocketAddr, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.expect("read");
    let (head, body) = raw.split_once("\r\n\r\n").expect("head and body");
    assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
    body.to_string()
}

#[test]
fn require_auth_without_keys_does_not_start() {
    let out = Command::new(assert_cmd::cargo::cargo_bin("guardrail"))
        .args(["serve", "--listen", "127.0.0.1:0", "--require-auth"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let dir = temp_dir("auth-bad-keys");
    let keys = dir.join("keys");
    std::fs::write(&keys, "AKIDTEST\n").expect("write");
    let out = Command::new(assert_cmd::cargo::cargo_bin("guardrail"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--require-auth",
            "--access-keys",
        ])
        .arg(&keys)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "guardrail: in access keys {}: line 1: expected `ACCESS_KEY_ID SECRET_ACCESS_KEY`\n",
            keys.display()
        )
    );
    std::fs::remove_dir_all(&dir).ok();
}
