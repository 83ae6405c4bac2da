//! The streaming scanner over arbitrary bytes cut at arbitrary points:
//! offsets, masking and agreement with a whole-text scan.
#![no_main]

use std::sync::OnceLock;

use guardrail::{mask, Finding, Policy, Scanner, Source, StreamOptions, StreamScanner};
use guardrail_fuzz::check_spans;
use libfuzzer_sys::fuzz_target;

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| {
        Scanner::compile(&Policy::default_policy()).expect("invariant: default policy compiles")
    })
}

/// Plain words in front of every input, longer than the default policy's
/// window, so that even short inputs are decided in several steps.
const LEAD: &str =
    "the quick brown fox jumps over the lazy dog and then some more plain words follow here ";

fuzz_target!(|data: &[u8]| {
    // Two bytes pick the batch and the chunk size; the rest follows the lead.
    let [b, c, input @ ..] = data else {
        return;
    };
    let mut bytes = LEAD.repeat(6).into_bytes();
    bytes.extend_from_slice(input);
    let rest = &bytes[..];
    let batch = 1 + usize::from(*b);
    let chunk = 1 + usize::from(*c % 64);
    let scanner = scanner();
    let options = StreamOptions {
        batch,
        stop_on_block: false,
        ..StreamOptions::default()
    };
    let mut stream = StreamScanner::with_options(scanner, Source::Output, options);
    let mut found: Vec<Finding> = Vec::new();
    let mut released = String::new();
    let mut failed = None;
    for piece in rest.chunks(chunk) {
        match stream.push(piece) {
            Ok(r) => {
                found.extend(r.findings.iter().map(|f| f.finding));
                released.push_str(&r.text);
            }
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    if failed.is_none() {
        match stream.finish() {
            Ok(r) => {
                found.extend(r.findings.iter().map(|f| f.finding));
                released.push_str(&r.text);
            }
            Err(e) => failed = Some(e),
        }
    }
    let Ok(text) = std::str::from_utf8(rest) else {
        // Not UTF-8: the stream must have failed, and released only text
        // before the first bad byte, scanned.
        assert!(failed.is_some(), "a stream that is not UTF-8 passed");
        return;
    };
    assert!(failed.is_none(), "valid UTF-8 failed: {failed:?}");
    check_spans(text, &found);
    // What was released is the text with exactly the reported masks.
    assert_eq!(
        released,
        mask(scanner, text, &found, Source::Output),
        "released text differs from the text masked with the streamed findings"
    );
    // Where no value occurs twice (so nothing depends on a copy elsewhere,
    // which a stream sees only forwards), a stream finds what a whole-text scan finds.
    let whole = scanner.scan(text, Source::Output);
    let value = |f: &Finding| &text[f.span.start..f.span.end];
    let distinct = whole.iter().enumerate().all(|(i, f)| {
        whole[..i].iter().all(|g| value(g) != value(f)) && text.matches(value(f)).count() == 1
    });
    if distinct {
        let spans = |v: &[Finding]| {
            v.iter()
                .map(|f| (f.span.start, f.span.end, f.detector))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            spans(&found),
            spans(&whole),
            "streamed findings differ from the whole-text scan"
        );
    }
});
