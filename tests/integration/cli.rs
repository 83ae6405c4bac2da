//! The `guardrail` binary, run as a user would: exact output and exit codes.

use assert_cmd::Command;

fn guardrail() -> Command {
    Command::cargo_bin("guardrail").expect("binary built")
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 stdout")
}

#[test]
fn scan_text_reports_each_finding_and_exits_1() {
    let out = guardrail()
        .arg("scan")
        .write_stdin("hi\nmail jane.doe@example.com now\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "<stdin>:2:6: EMAIL ANONYMIZED \"jane.doe@example.com\"\n<stdin>: 1 findings, masked\n"
    );
}

#[test]
fn clean_text_exits_0() {
    let out = guardrail()
        .arg("scan")
        .write_stdin("nothing to see here\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "<stdin>: 0 findings, clean\n");
}

#[test]
fn jsonl_echoes_ids_with_byte_offsets_and_reports_bad_lines() {
    let input = concat!(
        "{\"id\": \"a\", \"text\": \"café ☕ jane@example.com\"}\n",
        "not json\n",
        "{\"id\": 7, \"text\": \"clean\"}\n",
    );
    let out = guardrail()
        .args(["scan", "--jsonl"])
        .write_stdin(input)
        .output()
        .expect("runs");
    // A broken line makes the run an error, but every good line is answered.
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr.clone()).expect("utf-8");
    assert!(
        stderr.starts_with("guardrail: <stdin>:2: bad JSONL record:"),
        "{stderr}"
    );
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(
        lines[0]["findings"],
        serde_json::json!([{"type": "EMAIL", "start": 10, "end": 26,
            "match": "jane@example.com", "action": "ANONYMIZED", "score": 0.95}])
    );
    assert_eq!(lines[0]["action"], "GUARDRAIL_INTERVENED");
    assert_eq!(lines[0]["outputs"][0]["text"], "café ☕ {EMAIL}");
    assert_eq!(lines[1]["id"], 7);
    assert_eq!(lines[1]["action"], "NONE");
    assert_eq!(lines[1]["findings"], serde_json::json!([]));
}

#[test]
fn count_prints_per_type_totals() {
    let out = guardrail()
        .args(["scan", "--count"])
        .write_stdin("a@example.com b@example.org 10.0.0.1")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "EMAIL\t2\nIP_ADDRESS\t1\ntotal\t3\n");
}

#[test]
fn redact_writes_masked_text() {
    let out = guardrail()
        .arg("redact")
        .write_stdin("call +44 20 7946 0958 or mail ops@example.com\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "call {PHONE} or mail {EMAIL}\n");
}

#[test]
fn invalid_utf8_is_an_error_not_a_pass() {
    let out = guardrail()
        .arg("scan")
        .write_stdin(vec![b'o', b'k', 0xff, b'\n'])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr.clone()).expect("utf-8"),
        "guardrail: <stdin>: not valid UTF-8 (first bad byte at offset 2)\n"
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn policy_check_lists_every_problem() {
    let dir = std::env::temp_dir().join(format!("guardrail-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "name = \"bad name\"\nblocked_input_messaging = \"\"\nblocked_outputs_messaging = \"no\"\n\
         [[pii.regexes]]\nname = \"claim\"\npattern = \"CLM-(\"\naction = \"ANONYMIZE\"\n",
    )
    .expect("write");
    let out = guardrail()
        .args(["policy", "check"])
        .arg(&bad)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines[0], format!("{}: invalid policy", bad.display()));
    assert_eq!(
        lines[1],
        "  name: may only hold letters, digits, '-' and '_'"
    );
    assert_eq!(lines[2], "  blocked_input_messaging: is empty");
    assert!(
        lines[3].starts_with("  pii.regexes[0] \"claim\": bad regex: "),
        "{stderr}"
    );

    let good = dir.join("bedrock.json");
    std::fs::write(
        &good,
        r#"{"name": "support", "blockedInputMessaging": "no", "blockedOutputsMessaging": "no",
            "sensitiveInformationPolicyConfig": {"piiEntitiesConfig": [{"type": "EMAIL", "action": "BLOCK"}]}}"#,
    )
    .expect("write");
    let out = guardrail()
        .args(["policy", "check"])
        .arg(&good)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        format!(
            "{}: ok (1 PII types, 0 regexes, 0 custom words, 0 managed lists, 0 topics, 0 content filters)\n",
            good.display()
        )
    );

    // The Bedrock JSON policy blocks e-mail addresses with its own message.
    let out = guardrail()
        .args(["scan", "--format", "json", "--policy"])
        .arg(&good)
        .write_stdin("write to a@example.com")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["actionReason"], "Guardrail blocked.");
    assert_eq!(v["outputs"], serde_json::json!([{"text": "no"}]));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn missing_policy_file_is_an_error_naming_it() {
    let out = guardrail()
        .args(["scan", "--policy", "/nonexistent/policy.toml"])
        .write_stdin("x")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert!(
        stderr.starts_with("guardrail: /nonexistent/policy.toml: "),
        "{stderr}"
    );
}

/// A 3 MiB file with values across read and batch boundaries, some lines
/// with non-ASCII text: findings carry the right line and column, and
/// `redact` masks every value, as a whole-text scan would.
#[test]
fn large_files_are_streamed_with_exact_positions_and_masks() {
    let dir = tempdir();
    let path = dir.join("big.txt");
    let filler = "the quick brown fox jumps over the lazy dog, naïve café ☕ ok\n";
    let mut text = String::new();
    let mut want_scan = String::new();
    let mut want_redact = String::new();
    let mut line = 1;
    let (mut findings, mut i) = (0, 0);
    while text.len() < 3 << 20 {
        for _ in 0..(700 + i * 37 % 900) {
            text.push_str(filler);
            want_redact.push_str(filler);
            line += 1;
        }
        let email = format!("user{i}.x@example.com");
        let row = format!("née {i}: write to {email} today\n");
        let column = format!("née {i}: write to ").chars().count() + 1;
        want_scan.push_str(&format!(
            "{}:{line}:{column}: EMAIL ANONYMIZED {email:?}\n",
            path.display()
        ));
        want_redact.push_str(&row.replace(&email, "{EMAIL}"));
        text.push_str(&row);
        line += 1;
        findings += 1;
        i += 1;
    }
    want_scan.push_str(&format!(
        "{}: {findings} findings, masked\n",
        path.display()
    ));
    std::fs::write(&path, &text).expect("write");

    let scan = guardrail().arg("scan").arg(&path).output().expect("runs");
    assert_eq!(scan.status.code(), Some(1));
    assert_eq!(stdout(&scan), want_scan);

    let redact = guardrail().arg("redact").arg(&path).output().expect("runs");
    assert_eq!(redact.status.code(), Some(1));
    assert!(stdout(&redact) == want_redact, "redacted text differs");

    let count = guardrail()
        .args(["scan", "--count"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(
        stdout(&count),
        format!("EMAIL\t{findings}\ntotal\t{findings}\n")
    );
}

#[test]
fn invalid_utf8_deep_in_a_large_file_is_an_error_with_its_offset() {
    let dir = tempdir();
    let path = dir.join("bad.txt");
    let mut bytes = "clean words\n".repeat(200_000).into_bytes();
    let at = bytes.len() - 5;
    bytes[at] = 0xFF;
    std::fs::write(&path, &bytes).expect("write");
    let out = guardrail().arg("redact").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr.clone()).expect("utf-8");
    assert_eq!(
        stderr,
        format!(
            "guardrail: {}: not valid UTF-8 (first bad byte at offset {at})\n",
            path.display()
        )
    );
    // What was released before the bad byte is only scanned text.
    assert!(!stdout(&out).contains('\u{FFFD}'));
}

/// A fresh directory under the system temp dir.
fn tempdir() -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "guardrail-cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
