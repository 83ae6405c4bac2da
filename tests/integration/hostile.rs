//! Hostile inputs (issue #6): huge tokens, megabyte lines, deep nesting,
//! thousands of blocks and records, pathological policies. Sizes are
//! bounded so the suite stays quick in debug builds; nothing is timed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use assert_cmd::Command;
use guardrail::{ErrorKind, Policy, Scanner, Source};

fn default_scanner() -> &'static Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(|| Scanner::compile(&Policy::default_policy()).expect("default"))
}

/// (type, start, end) of every finding.
fn found(text: &str) -> Vec<(String, usize, usize)> {
    default_scanner()
        .check(text, Source::Input)
        .findings
        .into_iter()
        .map(|f| (f.kind, f.start, f.end))
        .collect()
}

const HEADER: &str =
    "name = \"hostile\"\nblocked_input_messaging = \"no\"\nblocked_outputs_messaging = \"no\"\n";

#[test]
fn a_megabyte_line_without_separators_still_yields_the_value_after_it() {
    let mut text = "a".repeat(1 << 20);
    text.push_str(" mail jane@example.com");
    let at = (1 << 20) + 6;
    assert_eq!(found(&text), [("EMAIL".to_string(), at, at + 16)]);
}

#[test]
fn enormous_digit_and_punctuation_tokens_are_scanned_to_the_end() {
    for filler in ["7", "1.", "a@", "-_", "\u{2615}"] {
        let mut text = filler.repeat(64 * 1024 / filler.len());
        let at = text.len() + 1;
        text.push_str(" card 4111 1111 1111 1111");
        let card = ("CREDIT_DEBIT_CARD_NUMBER".to_string(), at + 5, at + 24);
        let got = found(&text);
        assert!(
            got == [card.clone()],
            "after a run of {filler:?}: {} findings",
            got.len()
        );
    }
}

#[test]
fn pathological_custom_regexes_are_refused_at_load_with_the_reason() {
    let too_large = "bad regex: too large: the compiled pattern exceeds the 2048 KiB limit \
        (use smaller repetition counts, or ASCII classes such as [0-9] or (?-u:\\w) instead of \
        Unicode \\w and \\d)";
    let deep = format!("{}a{}", "(".repeat(70), ")".repeat(70));
    let cases: [(&str, &str); 5] = [
        ("(a{1000}){1000}", too_large),
        ("\\w{200}", too_large),
        ("(?:\\w+\\s*){50}x", too_large),
        (
            &deep,
            "bad regex: exceed the maximum number of nested parentheses/brackets (64) at column 65",
        ),
        ("CLM-(", "bad regex: unclosed group at column 5"),
    ];
    for (pattern, reason) in cases {
        let toml = format!(
            "{HEADER}[[pii.regexes]]\nname = \"r\"\npattern = {pattern:?}\naction = \"ANONYMIZE\"\n"
        );
        let err = Policy::from_toml(&toml).expect_err(pattern);
        let ErrorKind::Invalid { problems, .. } = err.kind() else {
            panic!("{pattern}: {err}")
        };
        let got: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.rule.as_str(), p.reason.as_str()))
            .collect();
        assert_eq!(got, [("pii.regexes[0] \"r\"", reason)], "{pattern}");
    }
    // Longer than Bedrock's 500 characters: refused before compiling.
    let long = "a".repeat(501);
    let toml = format!(
        "{HEADER}[[pii.regexes]]\nname = \"r\"\npattern = {long:?}\naction = \"ANONYMIZE\"\n"
    );
    let err = Policy::from_toml(&toml).expect_err("long");
    assert_eq!(
        err.to_string(),
        "<string>: invalid policy\n  pii.regexes[0] \"r\" pattern: is 501 characters, at most 500 allowed"
    );
}

/// `n` distinct words of 20 letters (200 KB of patterns: past the DFA budget).
fn words(n: usize) -> Vec<String> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|i| {
            let mut w = format!("w{i}");
            while w.len() < 20 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                w.push((b'a' + (x % 26) as u8) as char);
            }
            w
        })
        .collect()
}

#[test]
fn ten_thousand_custom_words_compile_and_match() {
    let list = words(10_000);
    let mut toml = HEADER.to_string();
    for w in &list {
        toml.push_str(&format!("[[words.custom]]\ntext = \"{w}\"\n"));
    }
    let scanner = Scanner::compile(&Policy::from_toml(&toml).expect("valid")).expect("compiles");
    let text = format!(
        "first {} then {} and W9999x",
        list[0],
        list[9_999].to_uppercase()
    );
    let hits: Vec<&str> = scanner
        .scan(&text, Source::Input)
        .iter()
        .map(|f| &text[f.span.start..f.span.end])
        .collect();
    assert_eq!(hits, [list[0].clone(), list[9_999].to_uppercase()]);

    // One more than Bedrock allows is refused, with the limit named.
    toml.push_str("[[words.custom]]\ntext = \"one too many\"\n");
    let err = Policy::from_toml(&toml).expect_err("too many");
    let ErrorKind::Invalid { problems, .. } = err.kind() else {
        panic!("{err}")
    };
    assert_eq!(problems.len(), 1, "{err}");
    assert_eq!(
        problems[0].to_string(),
        "words.custom: 10001 words, Bedrock allows at most 10000"
    );
}

fn guardrail() -> Command {
    Command::cargo_bin("guardrail").expect("binary built")
}

#[test]
fn jsonl_with_broken_lines_among_thousands_answers_every_good_line() {
    let mut input = Vec::new();
    for i in 1..=5_000u32 {
        match i {
            2_500 => input.extend_from_slice(b"{\"id\": 2500, \"text\": \"unterminated\n"),
            4_000 => input.extend_from_slice(b"{\"id\": 4000, \"text\": \"bad \xff byte\"}\n"),
            _ => input.extend_from_slice(
                format!("{{\"id\": {i}, \"text\": \"user{i}@example.com\"}}\n").as_bytes(),
            ),
        }
    }
    let out = guardrail()
        .args(["scan", "--jsonl"])
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).expect("utf-8"),
        "guardrail: <stdin>:2500: bad JSONL record: EOF while parsing a string at line 1 column 34\n\
         guardrail: <stdin>:4000: not valid UTF-8 (byte 26)\n"
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let ids: Vec<u64> = stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            assert_eq!(v["outputs"][0]["text"], "{EMAIL}", "{l}");
            v["id"].as_u64().expect("id")
        })
        .collect();
    let expected: Vec<u64> = (1..=5_000).filter(|i| *i != 2_500 && *i != 4_000).collect();
    assert_eq!(ids, expected);
}

#[test]
fn a_file_that_is_not_utf8_is_reported_and_the_others_still_scanned() {
    let dir = std::env::temp_dir().join(format!("guardrail-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let (a, bad, c) = (dir.join("a.txt"), dir.join("bad.txt"), dir.join("c.txt"));
    std::fs::write(&a, "mail a@example.com\n").expect("write");
    std::fs::write(&bad, b"mail b@example.com \xc3\x28\n").expect("write");
    std::fs::write(&c, "mail c@example.com\n").expect("write");
    for command in ["scan", "redact"] {
        let out = guardrail()
            .arg(command)
            .args([&a, &bad, &c])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert_eq!(
            String::from_utf8(out.stderr).expect("utf-8"),
            format!(
                "guardrail: {}: not valid UTF-8 (first bad byte at offset 19)\n",
                bad.display()
            ),
            "{command}"
        );
        let expected = if command == "scan" {
            format!(
                "{a}:1:6: EMAIL ANONYMIZED \"a@example.com\"\n{a}: 1 findings, masked\n\
                 {c}:1:6: EMAIL ANONYMIZED \"c@example.com\"\n{c}: 1 findings, masked\n",
                a = a.display(),
                c = c.display()
            )
        } else {
            "mail {EMAIL}\nmail {EMAIL}\n".to_string()
        };
        assert_eq!(String::from_utf8(out.stdout).expect("utf-8"), expected);
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(feature = "http")]
mod http_bodies {
    use super::*;
    use bytes::Bytes;
    use guardrail::JsonBodyLayer;
    use http_body_util::{BodyExt, Full};
    use serde_json::{json, Value};
    use tower::{service_fn, Layer, ServiceExt};

    /// Echoes the (guarded) request body back; counts calls.
    async fn call(layer: JsonBodyLayer, body: String) -> (u16, Value, usize) {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let inner = service_fn(move |req: http::Request<Full<Bytes>>| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move {
                let bytes = req.into_body().collect().await?.to_bytes();
                Ok::<_, std::convert::Infallible>(http::Response::new(Full::new(bytes)))
            }
        });
        let request = http::Request::post("/chat")
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(body)))
            .expect("request");
        let response = layer.layer(inner).oneshot(request).await.expect("answers");
        let status = response.status().as_u16();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, value, calls.load(Ordering::SeqCst))
    }

    fn layer() -> JsonBodyLayer {
        JsonBodyLayer::new(default_scanner().clone()).body_limit(4 * 1024 * 1024)
    }

    #[tokio::test]
    async fn deeply_nested_json_is_refused_not_passed_through() {
        let deep = format!(
            "{{\"prompt\": \"a@example.com\", \"x\": {}1{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let (status, body, calls) = call(layer(), deep).await;
        assert_eq!((status, calls), (400, 0));
        assert_eq!(body, json!({"message": "request body is not JSON"}));

        // Nesting within serde_json's limit passes, with the texts guarded.
        let nested = format!("{}\"x\"{}", "[".repeat(100), "]".repeat(100));
        let body = format!(
            "{{\"messages\": [{{\"role\": \"user\", \"content\": [{{\"text\": \"mail a@example.com\"}}]}}], \"extra\": {nested}}}"
        );
        let (status, body, calls) = call(layer(), body).await;
        assert_eq!((status, calls), (200, 1));
        assert_eq!(body["messages"][0]["content"][0]["text"], "mail {EMAIL}");
    }

    #[tokio::test]
    async fn thousands_of_content_blocks_are_each_guarded() {
        let content: Vec<Value> = (0..5_000)
            .map(|i| json!({"text": format!("block {i} mail u{i}@example.com")}))
            .collect();
        let body = json!({"messages": [{"role": "user", "content": content}]}).to_string();
        let (status, body, calls) = call(layer(), body).await;
        assert_eq!((status, calls), (200, 1));
        let texts: Vec<&str> = body["messages"][0]["content"]
            .as_array()
            .expect("content")
            .iter()
            .map(|c| c["text"].as_str().expect("text"))
            .collect();
        let expected: Vec<String> = (0..5_000)
            .map(|i| format!("block {i} mail {{EMAIL}}"))
            .collect();
        assert_eq!(texts, expected);
    }
}

#[cfg(feature = "serve")]
mod serve {
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};

    use serde_json::{json, Value};

    use crate::support::post_json;

    struct Server(Child, std::net::SocketAddr);

    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    fn serve() -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("guardrail"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start guardrail serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("first line");
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        Server(child, addr)
    }

    const PATH: &str = "/guardrail/any/version/DRAFT/apply";

    #[tokio::test]
    async fn deep_nesting_and_thousands_of_blocks() {
        let server = serve();
        // The typed request refuses the first level that is not its shape,
        // long before serde_json's recursion limit.
        let deep = format!(
            "{{\"source\": \"INPUT\", \"content\": {}{}}}",
            "[".repeat(50_000),
            "]".repeat(50_000)
        );
        let (status, body) = post_json(server.1, PATH, &deep).await;
        assert_eq!(status, 400);
        let message: Value = serde_json::from_str(&body).expect("json");
        assert_eq!(
            message,
            json!({"message": "malformed request: invalid type: sequence, expected a string at line 1 column 34"})
        );

        let content: Vec<Value> = (0..5_000)
            .map(|i| json!({"text": {"text": format!("{i}: u{i}@example.com")}}))
            .collect();
        let request = json!({"source": "OUTPUT", "content": content}).to_string();
        let (status, body) = post_json(server.1, PATH, &request).await;
        assert_eq!(status, 200, "{body}");
        let v: Value = serde_json::from_str(&body).expect("json");
        let outputs: Vec<&str> = v["outputs"]
            .as_array()
            .expect("outputs")
            .iter()
            .map(|o| o["text"].as_str().expect("text"))
            .collect();
        let expected: Vec<String> = (0..5_000).map(|i| format!("{i}: {{EMAIL}}")).collect();
        assert_eq!(outputs, expected);
        assert_eq!(v["findings"].as_array().expect("findings").len(), 5_000);
    }
}

/// Found by the `scan_default` fuzz target (fuzz/regressions/scan_default/):
/// a name masked in one place stayed readable in another where the next
/// capitalised word changed what the NAME heuristic saw.
#[test]
fn fuzz_a_masked_name_is_masked_wherever_it_stands() {
    // A given name the lexicon does not know: `Garcia` alone makes the
    // name, and `Zarli Garcia MaZarli` is none.
    let text = "Zarli Garcia wrote. Then Zarli Garcia MaZarli 192.168.0.1 left.";
    let masked = default_scanner().redact(text, Source::Output);
    assert_eq!(
        masked,
        "{NAME} wrote. Then {NAME} MaZarli {IP_ADDRESS} left."
    );
    // The fuzz input's `Mari` is a known given name since the seventeenth
    // session, so the longer name is one.
    let text = "Mari Garcia wrote. Then Mari Garcia MaMari 192.168.0.1 left.";
    let masked = default_scanner().redact(text, Source::Output);
    assert_eq!(masked, "{NAME} wrote. Then {NAME} {IP_ADDRESS} left.");

    let crash = std::fs::read("fuzz/regressions/scan_default/name-copy-before-capitalised-word")
        .expect("committed fuzz input");
    let text = String::from_utf8_lossy(&crash[1..]);
    let masked = default_scanner().redact(&text, Source::Output);
    assert_eq!(masked.matches("Mari Garcia").count(), 0, "{masked}");
}

/// Found by `scan_default`: with several values to search for, a copy of
/// one was hidden by an overlapping copy of another that was itself refused.
#[test]
fn fuzz_a_copy_overlapped_by_another_value_is_still_masked() {
    let crash =
        std::fs::read("fuzz/regressions/scan_default/name-copy-overlapped-by-another-value")
            .expect("committed fuzz input");
    let text = String::from_utf8_lossy(&crash[1..]);
    let masked = default_scanner().redact(&text, Source::Output);
    assert_eq!(masked.matches(" MI'm Ma ").count(), 0, "{masked}");
}
