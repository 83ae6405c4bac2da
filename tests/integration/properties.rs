//! Property tests: no input panics, spans are in bounds and on char
//! boundaries, and masked output contains none of the masked values.

use guardrail::{ConfigAction, Policy, Scanner, Source};
use proptest::prelude::*;

fn scanner() -> &'static Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(|| Scanner::compile(&Policy::default_policy()).expect("default"))
}

/// Values the default policy masks, to splice into random text.
const VALUES: &[&str] = &[
    "jane.doe@example.com",
    "4111 1111 1111 1111",
    "GB82 WEST 1234 5698 7654 32",
    "192.168.10.24",
    "AKIAIC453CAZ47FIZTT7",
    "https://example.org/a?b=1",
    "SSN 308-46-5298",
    "00:1A:2b:3C:4d:5E",
];

fn text_with_values() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z0-9 .,:;@/+\\-]{0,12}",
        "[\\p{L}\\p{N}\\p{P}\\p{S} ]{0,6}",
        proptest::sample::select(VALUES).prop_map(str::to_string),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn spans_are_in_bounds_on_boundaries_and_disjoint(text in text_with_values()) {
        let findings = scanner().scan(&text, Source::Input);
        let mut last_end = 0;
        for f in &findings {
            prop_assert!(f.span.start < f.span.end && f.span.end <= text.len());
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            prop_assert!(f.span.start >= last_end, "overlap in {findings:?}");
            last_end = f.span.end;
        }
    }

    #[test]
    fn masked_output_holds_no_masked_value(text in text_with_values()) {
        let s = scanner();
        let findings = s.scan(&text, Source::Input);
        let masked = guardrail::mask(s, &text, &findings, Source::Input);
        let anonymized = |f: &&guardrail::Finding| s.action(f, Source::Input) == ConfigAction::Anonymize;
        // The text outside the masked spans, which masking leaves as it is:
        // a short value may stand there too (`3` inside a blocked key).
        let mut unmasked = String::new();
        let mut at = 0;
        for f in findings.iter().filter(anonymized) {
            unmasked.push_str(&text[at..f.span.start]);
            unmasked.push('\0');
            at = f.span.end;
        }
        unmasked.push_str(&text[at..]);
        for f in findings.iter().filter(anonymized) {
            let value = &text[f.span.start..f.span.end];
            if !unmasked.contains(value) {
                prop_assert!(!masked.contains(value), "{value:?} left in {masked:?}");
            }
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}") {
        let _ = scanner().check(&text, Source::Output);
    }
}
