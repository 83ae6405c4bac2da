//! `guardrail serve`'s ApplyGuardrail body parsing (`src/server/request.rs`,
//! included as it is), then the verdict for the parsed blocks.
#![no_main]

use std::sync::OnceLock;

use guardrail::{Policy, Scanner, Source};
use libfuzzer_sys::fuzz_target;

#[path = "../../src/server/request.rs"]
#[allow(dead_code)]
mod request;

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| {
        Scanner::compile(&Policy::default_policy()).expect("invariant: default policy compiles")
    })
}

fuzz_target!(|data: &[u8]| {
    let apply = match request::parse(data) {
        Ok(a) => a,
        Err(request::Invalid(message)) => {
            assert!(!message.is_empty(), "a refusal without a reason");
            return;
        }
    };
    assert!(
        !apply.texts.is_empty(),
        "accepted a request without content"
    );
    assert!(
        apply.texts.iter().all(|t| !t.is_empty()),
        "accepted an empty text block"
    );
    // What was accepted is what a client sent: a canonical re-encoding parses the same.
    let source = match apply.source {
        Source::Input => "INPUT",
        Source::Output => "OUTPUT",
    };
    let content: Vec<_> = apply
        .texts
        .iter()
        .map(|t| serde_json::json!({"text": {"text": t}}))
        .collect();
    let body = serde_json::json!({"source": source, "content": content}).to_string();
    let again = request::parse(body.as_bytes()).expect("invariant: canonical request parses");
    assert_eq!(again.texts, apply.texts);
    assert_eq!(again.source, apply.source);

    let blocks: Vec<&str> = apply.texts.iter().map(|t| t.as_ref()).collect();
    let verdict = scanner().check_blocks(&blocks, apply.source);
    // One masked output per block, or the single blocked message, or none.
    let n = verdict.outputs.len();
    if verdict.is_blocked() {
        assert_eq!(n, 1, "a block answers with one message");
    } else if verdict.is_intervened() {
        assert_eq!(n, blocks.len(), "one masked output per block");
    } else {
        assert_eq!(n, 0, "no outputs when nothing was done");
    }
    for f in &verdict.findings {
        let text = blocks
            .get(f.block)
            .expect("invariant: finding block in range");
        assert_eq!(
            text.get(f.start..f.end),
            Some(f.matched.as_str()),
            "finding offsets"
        );
    }
});
