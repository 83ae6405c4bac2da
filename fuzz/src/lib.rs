//! Invariants shared by the fuzz targets: what must hold for any input, not
//! only "no panic". Each check panics with a message naming the invariant,
//! which libFuzzer reports as a crash.

use guardrail::{
    mask, Action, ConfigAction, EntryAction, Finding, Scanner, Source, MIN_SEARCHED_LEN,
};

/// How strictly [`check_scan`] treats unmasked copies of a masked value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copies {
    /// A copy of a masked value that stands alone (whitespace or the ends of
    /// the text on both sides) and is not covered by another finding must be
    /// masked too: the built-in detectors promise it, context-found values
    /// through `scan/repeat.rs`. A copy glued to other characters (`8::` in
    /// `8:::0`) may stay: it is part of a token that is not that value; so
    /// may a copy of a value shorter than [`MIN_SEARCHED_LEN`] bytes (the
    /// age of `1 yo` does not make every `1` an age).
    MustBeMasked,
    /// Copies may stay (custom regexes with anchors or `\b` legitimately
    /// match one copy and not another).
    MayStay,
}

/// Scans `text` and checks every invariant of findings, masking and verdicts.
pub fn check_scan(scanner: &Scanner, text: &str, source: Source, copies: Copies) {
    let findings = scanner.scan(text, source);
    check_spans(text, &findings);
    let masked = mask(scanner, text, &findings, source);
    check_mask(scanner, text, &findings, source, &masked, copies);
    check_verdict(scanner, text, &findings, source, &masked);
}

/// Spans are non-empty, in bounds, on char boundaries, sorted and disjoint.
pub fn check_spans(text: &str, findings: &[Finding]) {
    let mut last_end = 0;
    for f in findings {
        let (s, e) = (f.span.start, f.span.end);
        assert!(s < e, "empty span {s}..{e}");
        assert!(e <= text.len(), "span {s}..{e} past the end {}", text.len());
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "span {s}..{e} not on char boundaries"
        );
        assert!(
            s >= last_end,
            "span {s}..{e} overlaps or precedes the one ending at {last_end}"
        );
        assert!(
            (0.0..=1.0).contains(&f.score),
            "score {} outside 0..=1",
            f.score
        );
        last_end = e;
    }
}

/// The masked text is exactly the kept text with `{LABEL}` at each masked
/// finding, and (with [`Copies::MustBeMasked`]) no masked value survives
/// anywhere outside the placeholders.
///
/// A placeholder may itself contain a masked value (a regex named `x` that
/// matches `x` masks to `{x}`), so occurrences inside placeholders are allowed.
fn check_mask(
    scanner: &Scanner,
    text: &str,
    findings: &[Finding],
    source: Source,
    masked: &str,
    copies: Copies,
) {
    let anonymized: Vec<&Finding> = findings
        .iter()
        .filter(|f| scanner.action(f, source) == ConfigAction::Anonymize)
        .collect();
    // Build the expected output and remember where placeholders landed.
    let mut expected = String::new();
    let mut placeholders = Vec::new();
    let mut at = 0;
    for f in &anonymized {
        expected.push_str(&text[at..f.span.start]);
        let start = expected.len();
        expected.push('{');
        expected.push_str(scanner.detector(f.detector).label());
        expected.push('}');
        placeholders.push(start..expected.len());
        at = f.span.end;
    }
    expected.push_str(&text[at..]);
    assert_eq!(
        masked, expected,
        "mask is not kept text + {{LABEL}} placeholders"
    );
    if copies == Copies::MayStay {
        return;
    }
    for f in anonymized
        .iter()
        .filter(|f| f.span.len() >= MIN_SEARCHED_LEN)
    {
        let value = &text[f.span.start..f.span.end];
        let mut from = 0;
        while let Some(i) = masked[from..].find(value) {
            let (s, e) = (from + i, from + i + value.len());
            let in_placeholder = placeholders.iter().any(|p| p.start < e && s < p.end);
            if !in_placeholder && stands_alone(masked, s, e) {
                // Outside placeholders, the masked text is a copy of the original:
                // find where this copy came from.
                let shift: isize = placeholders
                    .iter()
                    .zip(&anonymized)
                    .take_while(|(p, _)| p.end <= s)
                    .map(|(p, a)| a.span.len() as isize - p.len() as isize)
                    .sum();
                let (os, oe) = ((s as isize + shift) as usize, (e as isize + shift) as usize);
                let covered = findings
                    .iter()
                    .any(|g| g.span.start < oe && os < g.span.end);
                assert!(
                    covered,
                    "masked value {value:?} ({}) left unmasked at {os}..{oe}",
                    scanner.detector(f.detector).label()
                );
            }
            from = s + value.chars().next().map_or(1, char::len_utf8);
        }
    }
}

/// Whether `s..e` has whitespace or an end of the text on both sides.
fn stands_alone(text: &str, s: usize, e: usize) -> bool {
    text[..s]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace)
        && text[e..].chars().next().is_none_or(char::is_whitespace)
}

/// `check` agrees with `scan` and `mask`, and its action follows the findings.
fn check_verdict(
    scanner: &Scanner,
    text: &str,
    findings: &[Finding],
    source: Source,
    masked: &str,
) {
    let verdict = scanner.check(text, source);
    let got: Vec<(usize, usize)> = verdict.findings.iter().map(|f| (f.start, f.end)).collect();
    let want: Vec<(usize, usize)> = findings
        .iter()
        .map(|f| (f.span.start, f.span.end))
        .collect();
    assert_eq!(got, want, "check() findings differ from scan()");
    for (entry, f) in verdict.findings.iter().zip(findings) {
        assert_eq!(entry.matched, &text[f.span.start..f.span.end], "match text");
        assert_eq!(
            entry.action,
            EntryAction::from(scanner.action(f, source)),
            "entry action"
        );
    }
    let blocked = findings
        .iter()
        .any(|f| scanner.action(f, source) == ConfigAction::Block);
    let anonymized = findings
        .iter()
        .any(|f| scanner.action(f, source) == ConfigAction::Anonymize);
    assert_eq!(verdict.is_blocked(), blocked, "is_blocked");
    assert_eq!(
        verdict.is_intervened(),
        blocked || anonymized,
        "is_intervened"
    );
    let outputs: Vec<&str> = verdict.outputs.iter().map(|o| o.text.as_str()).collect();
    let spec = scanner.policy().spec();
    let message = match source {
        Source::Input => spec.blocked_input_messaging.as_str(),
        Source::Output => spec.blocked_outputs_messaging.as_str(),
    };
    match (blocked, anonymized) {
        (true, _) => assert_eq!(
            outputs,
            [message],
            "a block answers with the blocked message"
        ),
        (false, true) => assert_eq!(outputs, [masked], "a mask answers with the masked text"),
        (false, false) => {
            assert!(outputs.is_empty(), "nothing found, no outputs");
            assert_eq!(verdict.action, Action::None);
        }
    }
    // The verdict survives the wire (what serve and the CLI print).
    let json = serde_json::to_string(&verdict).expect("invariant: a verdict serializes");
    let back: guardrail::Verdict =
        serde_json::from_str(&json).expect("invariant: a serialized verdict parses");
    assert_eq!(back, verdict, "verdict JSON round trip");
}
