//! The shipped default policy over arbitrary text: spans, masking, verdicts.
#![no_main]

use std::sync::OnceLock;

use guardrail::{Policy, Scanner, Source};
use guardrail_fuzz::{check_scan, Copies};
use libfuzzer_sys::fuzz_target;

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| {
        Scanner::compile(&Policy::default_policy()).expect("invariant: default policy compiles")
    })
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the direction; the rest is the text (invalid
    // UTF-8 replaced, as a lossy reader would).
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let source = if first & 1 == 0 {
        Source::Input
    } else {
        Source::Output
    };
    let text = String::from_utf8_lossy(rest);
    check_scan(scanner(), &text, source, Copies::MustBeMasked);
});
