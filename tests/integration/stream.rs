//! The streaming scanner: chunked input gives the findings and masked text
//! of a whole-text scan, whatever the chunking.

use guardrail::{
    mask, ConfigAction, Policy, Scanner, Source, StreamError, StreamMode, StreamOptions,
    StreamScanner,
};
use proptest::prelude::*;

fn scanner() -> &'static Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(|| Scanner::compile(&Policy::default_policy()).expect("default"))
}

fn custom_scanner() -> &'static Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(|| {
        let policy = Policy::from_toml(
            r#"
            name = "stream"
            blocked_input_messaging = "blocked in"
            blocked_outputs_messaging = "blocked out"
            [words]
            managed = [{ type = "PROFANITY" }]
            custom = [{ text = "project blue falcon" }, { text = "größe", input_action = "NONE", output_action = "NONE" }]
            [[pii.entities]]
            type = "EMAIL"
            action = "ANONYMIZE"
            [[pii.entities]]
            type = "CREDIT_DEBIT_CARD_NUMBER"
            action = "ANONYMIZE"
            [[pii.entities]]
            type = "PASSWORD"
            action = "ANONYMIZE"
            [[pii.regexes]]
            name = "TICKET"
            pattern = "TCK-[0-9]{6}"
            action = "ANONYMIZE"
            [[pii.regexes]]
            name = "CITY"
            pattern = "(?i)zürich"
            action = "ANONYMIZE"
            "#,
        )
        .expect("policy");
        Scanner::compile(&policy).expect("compile")
    })
}

/// Distinct values the default policy reports, each with the context it
/// needs, to splice into random text (each used at most once: see
/// `earlier_copies_of_a_later_value_are_not_taken_back`).
const VALUES: &[&str] = &[
    "jane.doe@example.com",
    "4111 1111 1111 1111",
    "GB82 WEST 1234 5698 7654 32",
    "192.168.10.24",
    "https://example.org/a?b=1",
    "SSN 308-46-5298",
    "00:1A:2b:3C:4d:5E",
    "call +44 20 7946 0958",
    "Dr. Maria Gonzalez",
    "1600 Pennsylvania Avenue NW, Washington, DC 20500",
    "password: hunter2!x",
    "shit",
    "bloody bastard",
    "routing number 021000021",
    "my passport is 912803456",
    // Obfuscated: normalised matches must stream like whole-text ones.
    "ma\u{200B}ria@exam\u{2060}ple.org",
    "٥٣٤٤ ٥٦٢٠ ٦٤١٢ ٤٧٠٧",
    "bob&#64;example.net",
    "f.u.c.k",
    "ｓｈｉｔ",
];

/// Keywords after which a recognizer takes any word for a value (`pw`,
/// `user`, `hi`...): kept out of the filler, since a random word they label
/// could also stand unlabelled earlier, which only a whole-text scan masks.
const KEYWORD_STARTS: &[&str] = &[
    "account",
    "age",
    "assignee",
    "attn",
    "author",
    "best",
    "cc",
    "cheers",
    "cid",
    "csc",
    "cvc",
    "cvv",
    "dear",
    "dl",
    "exp",
    "good",
    "handle",
    "he",
    "health",
    "hello",
    "hey",
    "hi",
    "im",
    "licen",
    "logged",
    "login",
    "member",
    "msp",
    "name",
    "ohip",
    "old",
    "owner",
    "pass",
    "phn",
    "pin",
    "plate",
    "pw",
    "ramq",
    "reg",
    "regards",
    "reporter",
    "requester",
    "screen",
    "secret",
    "security",
    "she",
    "signed",
    "sincerely",
    "tag",
    "thank",
    "they",
    "turn",
    "user",
    "valid",
    "who",
    "yo",
];

/// Random text: filler, non-ASCII letters and distinct values.
fn text_with_values() -> impl Strategy<Value = String> {
    let word = "[a-z]{1,8}".prop_filter("keyword", |w: &String| {
        !KEYWORD_STARTS.iter().any(|k| w.starts_with(k))
    });
    let filler = prop_oneof![
        word,
        "[0-9 .,:;@/+\\-]{0,8}",
        "[\\p{L}\\p{N}\\p{P}\\p{S}]{1,6}",
        Just("\n".to_string()),
    ];
    (
        proptest::collection::vec(filler, 0..600),
        proptest::sample::subsequence(VALUES, 0..=VALUES.len()).prop_shuffle(),
        proptest::collection::vec(any::<prop::sample::Index>(), VALUES.len()),
    )
        .prop_map(|(mut words, values, at)| {
            for (v, i) in values.iter().zip(at) {
                let i = i.index(words.len() + 1);
                words.insert(i, v.to_string());
            }
            words.join(" ")
        })
}

/// Split points for `len` bytes: random cuts, UTF-8 characters included.
fn chunking() -> impl Strategy<Value = Vec<prop::sample::Index>> {
    proptest::collection::vec(any::<prop::sample::Index>(), 0..40)
}

fn chunks_at<'a>(bytes: &'a [u8], cuts: &[prop::sample::Index]) -> Vec<&'a [u8]> {
    let mut at: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
    at.push(0);
    at.push(bytes.len());
    at.sort_unstable();
    at.dedup();
    at.windows(2).map(|w| &bytes[w[0]..w[1]]).collect()
}

/// Findings as (start, end, label).
type Found = Vec<(usize, usize, String)>;

/// What a stream reports and releases, run over `chunks`.
fn stream(
    scanner: &Scanner,
    chunks: &[&[u8]],
    options: StreamOptions,
) -> (Found, String, Option<String>) {
    let (found, text, blocked, _) = stream_counting(scanner, chunks, options);
    (found, text, blocked)
}

/// [`stream`], plus how many bytes were released before `finish`.
fn stream_counting(
    scanner: &Scanner,
    chunks: &[&[u8]],
    options: StreamOptions,
) -> (Found, String, Option<String>, usize) {
    let mut s = StreamScanner::with_options(scanner, Source::Output, options);
    let mut releases: Vec<guardrail::Release> = chunks
        .iter()
        .map(|c| s.push(c).expect("valid UTF-8"))
        .collect();
    let early = releases.iter().map(|r| r.text.len()).sum();
    releases.push(s.finish().expect("valid UTF-8"));
    let (mut found, mut text, mut blocked) = (Vec::new(), String::new(), None);
    for r in releases {
        for f in r.findings {
            let label = scanner.detector(f.finding.detector).label().to_string();
            found.push((f.finding.span.start, f.finding.span.end, label));
        }
        text.push_str(&r.text);
        if r.blocked.is_some() {
            blocked = r.blocked;
        }
    }
    (found, text, blocked, early)
}

/// Whether a text is long enough that a stream must release some of it early.
fn spans_steps(scanner: &Scanner, text: &str, batch: usize) -> bool {
    let window = StreamScanner::new(scanner, Source::Output).window();
    text.len() > 2 * (window + batch)
}

fn whole(scanner: &Scanner, text: &str) -> (Found, String) {
    let findings = scanner.scan(text, Source::Output);
    let found = findings
        .iter()
        .map(|f| {
            let label = scanner.detector(f.detector).label().to_string();
            (f.span.start, f.span.end, label)
        })
        .collect();
    (
        found,
        mask(scanner, text, &findings, Source::Output).into_owned(),
    )
}

fn reporting(batch: usize) -> StreamOptions {
    StreamOptions {
        batch,
        stop_on_block: false,
        ..StreamOptions::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn streamed_equals_whole_text_for_any_chunking(
        text in text_with_values(),
        cuts in chunking(),
        batch in 1usize..600,
    ) {
        let chunks = chunks_at(text.as_bytes(), &cuts);
        let (found, masked, _, early) = stream_counting(scanner(), &chunks, reporting(batch));
        let (want_found, want_masked) = whole(scanner(), &text);
        prop_assert_eq!(found, want_found);
        prop_assert_eq!(masked, want_masked);
        prop_assert!(early > 0 || !spans_steps(scanner(), &text, batch));
    }

    #[test]
    fn one_byte_chunks_equal_whole_text(text in text_with_values(), batch in 1usize..300) {
        let chunks: Vec<&[u8]> = text.as_bytes().chunks(1).collect();
        let (found, masked, _, early) = stream_counting(scanner(), &chunks, reporting(batch));
        let (want_found, want_masked) = whole(scanner(), &text);
        prop_assert_eq!(found, want_found);
        prop_assert_eq!(masked, want_masked);
        prop_assert!(early > 0 || !spans_steps(scanner(), &text, batch));
    }

    #[test]
    fn custom_words_and_regexes_stream_like_whole_text(
        text in text_with_values(),
        extra in proptest::collection::vec(
            prop_oneof![Just("fuck"), Just("ZÜRICH"), Just("TCK-123456"), Just("4012 8888 8888 1881")],
            0..6,
        ),
        cuts in chunking(),
        batch in 1usize..400,
    ) {
        let text = format!("{text} {}", extra.join(" spacer words here "));
        let chunks = chunks_at(text.as_bytes(), &cuts);
        let (found, masked, _) = stream(custom_scanner(), &chunks, reporting(batch));
        let (want_found, want_masked) = whole(custom_scanner(), &text);
        prop_assert_eq!(found, want_found);
        prop_assert_eq!(masked, want_masked);
    }
}

#[test]
fn a_value_split_across_chunks_is_masked_before_release() {
    let mut s = StreamScanner::new(scanner(), Source::Output);
    let mut released = String::new();
    for chunk in [
        "mail jane.d",
        "oe@exa",
        "mple.com or card 4111 11",
        "11 1111 1111 ok",
    ] {
        released += &s.push_str(chunk).text;
        assert!(!released.contains("jane"), "released {released:?}");
    }
    released += &s.finish().expect("utf-8").text;
    assert_eq!(
        released,
        "mail {EMAIL} or card {CREDIT_DEBIT_CARD_NUMBER} ok"
    );
}

#[test]
fn findings_carry_stream_offsets_across_many_steps() {
    let filler = "lorem ipsum dolor sit amet ".repeat(200);
    let text = format!("{filler}jane.doe@example.com {filler}TCK-654321 end");
    let chunks: Vec<&[u8]> = text.as_bytes().chunks(7).collect();
    let options = StreamOptions {
        batch: 64,
        ..StreamOptions::default()
    };
    let (found, masked, blocked) = stream(custom_scanner(), &chunks, options);
    let email = filler.len();
    let ticket = 2 * filler.len() + "jane.doe@example.com ".len();
    assert_eq!(
        found,
        vec![
            (email, email + 20, "EMAIL".to_string()),
            (ticket, ticket + 10, "TICKET".to_string()),
        ]
    );
    assert_eq!(masked, format!("{filler}{{EMAIL}} {filler}{{TICKET}} end"));
    assert_eq!(blocked, None);
}

#[test]
fn block_stops_the_stream_and_discards_what_is_held() {
    let before = "harmless words ".repeat(100);
    let text = format!(
        "{before}the project blue falcon launches {}",
        "later ".repeat(100)
    );
    let chunks: Vec<&[u8]> = text.as_bytes().chunks(16).collect();
    let options = StreamOptions {
        batch: 32,
        ..StreamOptions::default()
    };
    let (found, released, blocked) = stream(custom_scanner(), &chunks, options);
    assert_eq!(blocked.as_deref(), Some("blocked out"));
    assert_eq!(
        found,
        vec![(
            before.len() + 4,
            before.len() + 4 + 19,
            "CUSTOM_WORD".to_string()
        )]
    );
    // Only text decided clean before the phrase arrived was released, and
    // none of the phrase.
    assert!(!released.contains("falcon"));
    assert!(before.starts_with(&released));
    assert!(released.len() < before.len());
}

#[test]
fn nothing_is_released_after_a_block() {
    let mut s = StreamScanner::with_options(
        custom_scanner(),
        Source::Input,
        StreamOptions {
            batch: 1,
            ..StreamOptions::default()
        },
    );
    let events = [
        s.push_str("project blue falcon"),
        s.finish().expect("utf-8"),
    ];
    let r = s.push_str(&"more text ".repeat(500));
    assert_eq!(r, guardrail::Release::default());
    assert!(s.is_blocked());
    let blocked: Vec<_> = events.iter().filter_map(|e| e.blocked.clone()).collect();
    assert_eq!(blocked, vec!["blocked in".to_string()]);
    assert!(events.iter().all(|e| e.text.is_empty()));
}

#[test]
fn asynchronous_mode_releases_at_once_and_reports_afterwards() {
    let options = StreamOptions {
        mode: StreamMode::Asynchronous,
        batch: 16,
        ..StreamOptions::default()
    };
    let mut s = StreamScanner::with_options(custom_scanner(), Source::Output, options);
    let first = s.push_str("write to jane.doe@exa");
    assert_eq!(first.text, "write to jane.doe@exa");
    assert!(first.findings.is_empty());
    let second = s.push_str("mple.com now");
    assert_eq!(second.text, "mple.com now");
    let last = s.finish().expect("utf-8");
    assert_eq!(last.text, "");
    let found: Vec<_> = second
        .findings
        .iter()
        .chain(&last.findings)
        .map(|f| {
            (
                f.finding.span.start,
                f.finding.span.end,
                f.matched.clone(),
                f.action,
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![(
            9,
            29,
            "jane.doe@example.com".to_string(),
            ConfigAction::Anonymize
        )]
    );
}

#[test]
fn utf8_split_mid_character_is_joined() {
    let text = "größe zürich ok";
    let bytes = text.as_bytes();
    let chunks: Vec<&[u8]> = bytes.chunks(1).collect();
    let (found, masked, _) = stream(custom_scanner(), &chunks, reporting(1));
    assert_eq!(
        found,
        vec![
            (0, 7, "CUSTOM_WORD".to_string()),
            (8, 15, "CITY".to_string())
        ]
    );
    assert_eq!(masked, "größe {CITY} ok");
}

#[test]
fn invalid_utf8_fails_the_stream_with_its_offset() {
    let mut s = StreamScanner::new(scanner(), Source::Output);
    assert_eq!(s.push(b"abc ").map(|r| r.text), Ok(String::new()));
    let err = s.push(b"de\xFFf").expect_err("invalid");
    assert_eq!(err, StreamError::InvalidUtf8 { offset: 6 });
    assert_eq!(s.push(b"more"), Err(err));
    assert_eq!(s.finish(), Err(err));
    assert_eq!(
        err.to_string(),
        "stream is not valid UTF-8 (first bad byte at offset 6)"
    );
}

#[test]
fn a_stream_ending_inside_a_character_is_an_error() {
    let mut s = StreamScanner::new(scanner(), Source::Output);
    assert!(s
        .push("ok é".as_bytes().split_last().expect("bytes").1)
        .is_ok());
    assert_eq!(s.finish(), Err(StreamError::InvalidUtf8 { offset: 3 }));
}

#[test]
fn later_copies_of_a_reported_value_are_masked_beyond_the_window() {
    let filler = "nothing to see here ".repeat(300);
    let text = format!("password: hunter2!x {filler} again hunter2!x end");
    let chunks: Vec<&[u8]> = text.as_bytes().chunks(50).collect();
    let (found, masked, _) = stream(custom_scanner(), &chunks, reporting(64));
    assert_eq!(
        masked,
        format!("password: {{PASSWORD}} {filler} again {{PASSWORD}} end")
    );
    assert_eq!(found.len(), 2);
    assert_eq!(whole(custom_scanner(), &text).1, masked);
}

#[test]
fn earlier_copies_of_a_later_value_are_not_taken_back() {
    // Documented limit: the first copy was released before the second
    // (with its context) told what it is. A whole-text scan masks both.
    let filler = "nothing to see here ".repeat(300);
    let text = format!("hunter2!x {filler} password: hunter2!x end");
    let chunks: Vec<&[u8]> = text.as_bytes().chunks(50).collect();
    let (_, masked, _) = stream(custom_scanner(), &chunks, reporting(64));
    assert_eq!(
        masked,
        format!("hunter2!x {filler} password: {{PASSWORD}} end")
    );
    assert_eq!(
        whole(custom_scanner(), &text).1,
        format!("{{PASSWORD}} {filler} password: {{PASSWORD}} end")
    );
}

#[test]
fn csv_columns_are_recognised_in_every_window() {
    let mut text = String::from("id,note,pin\n");
    for i in 0..400 {
        text.push_str(&format!("{i},row {i},{:04}\n", (i * 37) % 10000));
    }
    let chunks: Vec<&[u8]> = text.as_bytes().chunks(33).collect();
    let (found, masked, _) = stream(scanner(), &chunks, reporting(128));
    let (want_found, want_masked) = whole(scanner(), &text);
    assert!(want_found.len() >= 400, "{}", want_found.len());
    assert_eq!(found, want_found);
    assert_eq!(masked, want_masked);
}

#[test]
fn window_is_bounded_and_covers_the_longest_word() {
    let s = StreamScanner::new(scanner(), Source::Output);
    assert!(s.window() <= guardrail::MAX_WINDOW);
    assert!(s.window() >= "project blue falcon".len());
}
