//! Criterion benchmarks of the `guardrail` scanner.
//!
//! Every corpus is generated deterministically by this file (a fixed-seed
//! splitmix64 PRNG), so runs on different machines and commits compare the
//! same bytes. Groups:
//!
//! - `words`: a 5,000-word custom word list against `chat`, next to a plain
//!   aho-corasick DFA over the same words (`aho_corasick_dfa`).
//! - `pii`: all 31 PII types, no words, on `chat`, `logs` and `clean` at
//!   256 B, 4 KiB and 64 KiB.
//! - `scanner`: the default policy plus 3 custom words (`Scanner::scan`), and
//!   the full verdict (`Scanner::check`) on `chat` at 4 KiB.
//! - `baseline`: a naive implementation (31 `regex::Regex` run in sequence
//!   plus `str::contains` per profanity entry) on the `scanner` corpora.
//! - `evasion`: the `scanner` policy with and without matching normalised
//!   text, on the 64 KiB corpora and on `chat` with obfuscated values.
//! - `compile`: `Scanner::compile` of the default policy.
//!
//! See `benches/README.md` for how to run and compare.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use criterion::{BenchmarkId, Criterion, Throughput};
use guardrail::{PiiType, Policy, Scanner, Source, WordSpec};
use regex::Regex;

/// The shipped profanity list, for the naive baseline.
const PROFANITY_EN: &str = include_str!("../rules/words/profanity_en.txt");

/// Corpus sizes: (label, bytes).
const SIZES: [(&str, usize); 3] = [("256B", 256), ("4KiB", 4 * 1024), ("64KiB", 64 * 1024)];

/// Number of custom words of the `words` group.
const WORD_COUNT: usize = 5_000;

// ---------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------

/// splitmix64: tiny, fast, good enough for corpus generation.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0; the modulo bias is irrelevant here).
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }
}

// ---------------------------------------------------------------------------
// Corpus generation
// ---------------------------------------------------------------------------

/// Appends sentences from `next` until `size` bytes, then truncates on a
/// char boundary.
fn fill(size: usize, mut next: impl FnMut(&mut String)) -> String {
    let mut s = String::with_capacity(size + 256);
    while s.len() < size {
        next(&mut s);
    }
    let mut end = size;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

const OPENERS: &[&str] = &[
    "Hey",
    "Hi team",
    "Thanks",
    "Quick question",
    "Honestly",
    "So",
    "Okay",
    "By the way",
    "Good morning",
    "Heads up",
    "FYI",
    "Sounds good",
];

const BODIES: &[&str] = &[
    "I think the café near the office has the best coffee in town",
    "the deploy went fine yesterday and nobody noticed the switch",
    "can you review my pull request when you get a chance",
    "we moved the meeting to Thursday afternoon because of the holiday",
    "the naïve approach was too slow for large inputs",
    "the budget for the offsite is about 1200 € including travel",
    "she said “let’s ship it” and then went to lunch",
    "our team in Zürich will join the call a bit later",
    "I'll send the notes after lunch, they are mostly done",
    "the weather has been great this week, finally some sun",
    "let me know if the new dashboard works for you",
    "the model answers look much better since the last update",
    "the release notes still mention the old flag",
    "I could not reproduce the bug on my laptop",
    "we should write down the decision before everyone forgets",
    "the customer asked whether the export supports “smart quotes”",
    "my résumé is finally up to date",
    "the crème brûlée at the team dinner was excellent",
    "the test suite takes twelve minutes on the shared runner",
    "I moved the tickets to the next sprint",
    "please double check the translation of the onboarding page",
    "the jalapeño pizza was a bold choice for a Monday",
    "there is a typo in the second paragraph of the proposal",
    "can we pair on the migration script tomorrow morning",
];

const ENDINGS: &[&str] = &[
    ". ",
    "! ",
    ". 🙂 ",
    ". 👍 ",
    "! 🚀 ",
    "? ",
    ". Thanks! ",
    ".\n",
    " 🙂\n",
    ". ",
];

const FIRST_NAMES: &[&str] = &[
    "maria", "james", "aisha", "chen", "olga", "pedro", "fatima", "lukas", "emma", "kenji",
];
const LAST_NAMES: &[&str] = &[
    "garcia", "smith", "khan", "wang", "petrova", "silva", "haddad", "muller", "jones", "tanaka",
];
const FULL_NAMES: &[&str] = &[
    "Maria Garcia",
    "James Smith",
    "Aisha Khan",
    "Olga Petrova",
    "Pedro Silva",
    "Emma Jones",
];
const DOMAINS: &[&str] = &["example.com", "mail.example.org", "corp.example.net"];
const ADDRESSES: &[&str] = &[
    "1385 Maple Lane, Omaha, NE 68126",
    "742 Evergreen Terrace, Springfield, IL 62704",
    "55 Harbor Street, Portland, ME 04101",
];

/// A 16-digit card number starting with 4 that passes the Luhn check.
fn luhn_card(rng: &mut Rng) -> [u8; 16] {
    let mut d = [0u8; 16];
    d[0] = 4;
    for x in d.iter_mut().take(15).skip(1) {
        *x = rng.below(10) as u8;
    }
    // Luhn: double every second digit from the right, check digit excluded.
    let mut sum = 0u32;
    for (i, &x) in d[..15].iter().rev().enumerate() {
        let mut v = u32::from(x);
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    d[15] = ((10 - sum % 10) % 10) as u8;
    d
}

fn card_string(d: &[u8; 16], sep: &str) -> String {
    let mut s = String::new();
    for (i, x) in d.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            s.push_str(sep);
        }
        s.push(char::from(b'0' + x));
    }
    s
}

/// One sentence of chat prose without PII or profanity.
fn clean_sentence(rng: &mut Rng, out: &mut String) {
    if rng.chance(1, 2) {
        out.push_str(rng.pick(OPENERS));
        out.push_str(", ");
    }
    let body = rng.pick(BODIES);
    if out.ends_with(", ") {
        out.push_str(body);
    } else {
        // Capitalise the first letter (bodies are ASCII-initial).
        let mut chars = body.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out.push_str(rng.pick(ENDINGS));
}

/// One chat sentence carrying one PII value.
fn pii_sentence(rng: &mut Rng, out: &mut String) {
    let first = rng.pick(FIRST_NAMES);
    let last = rng.pick(LAST_NAMES);
    match rng.below(10) {
        0 => {
            let domain = rng.pick(DOMAINS);
            let _ = write!(
                out,
                "Please email me at {first}.{last}@{domain} when you can. "
            );
        }
        1 => {
            if rng.chance(1, 2) {
                let _ = write!(
                    out,
                    "My number is +1 415 555 01{:02}, call after 6. ",
                    rng.below(100)
                );
            } else {
                let _ = write!(
                    out,
                    "Call the office at (212) 555-01{:02} tomorrow. ",
                    rng.below(100)
                );
            }
        }
        2 => {
            let card = luhn_card(rng);
            let sep = if rng.chance(1, 2) { " " } else { "-" };
            let _ = write!(
                out,
                "The card is {}, it expires next year. ",
                card_string(&card, sep)
            );
        }
        3 => out.push_str("Wire it to IBAN GB82 WEST 1234 5698 7654 32 please. "),
        4 => {
            let _ = write!(
                out,
                "His SSN {:03}-{:02}-{:04} is on the form. ",
                rng.range(101, 665),
                rng.range(10, 99),
                rng.range(1000, 9999)
            );
        }
        5 => {
            let _ = write!(
                out,
                "The server is at 10.{}.{}.{} if you need it. ",
                rng.below(256),
                rng.below(256),
                rng.range(1, 254)
            );
        }
        6 => {
            let _ = write!(
                out,
                "See https://example.com/a?b={} for the details. ",
                rng.below(1000)
            );
        }
        7 => {
            let _ = write!(
                out,
                "I spoke with {} about it yesterday. ",
                rng.pick(FULL_NAMES)
            );
        }
        8 => {
            let _ = write!(out, "Ship it to {} please. ", rng.pick(ADDRESSES));
        }
        _ => out.push_str("Reach me at +1 415 555 0132 or maria.garcia@example.com. "),
    }
}

/// `chat`: prose with ~1 PII value per ~400 bytes and rare profanity.
fn chat(size: usize) -> String {
    let mut rng = Rng::new(0x00C0_FFEE);
    let mut next_pii = 250 + rng.below(200) as usize;
    let mut next_swear = 1500 + rng.below(1000) as usize;
    fill(size, |s| {
        if s.len() >= next_pii {
            pii_sentence(&mut rng, s);
            next_pii = s.len() + 250 + rng.below(200) as usize;
        } else if s.len() >= next_swear {
            s.push_str("This build is shit, honestly. ");
            next_swear = s.len() + 1500 + rng.below(1000) as usize;
        } else {
            clean_sentence(&mut rng, s);
        }
    })
}

/// `clean`: the chat generator without PII or profanity.
fn clean(size: usize) -> String {
    let mut rng = Rng::new(0x00C0_FFEE);
    fill(size, |s| clean_sentence(&mut rng, s))
}

fn hex(rng: &mut Rng, digits: usize, out: &mut String) {
    for _ in 0..digits {
        out.push(char::from(b"0123456789abcdef"[rng.below(16) as usize]));
    }
}

fn uuid(rng: &mut Rng, out: &mut String) {
    hex(rng, 8, out);
    out.push('-');
    hex(rng, 4, out);
    out.push('-');
    hex(rng, 4, out);
    out.push('-');
    hex(rng, 4, out);
    out.push('-');
    hex(rng, 12, out);
}

const LEVELS: &[&str] = &["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"];
const USERS: &[&str] = &["alice", "bob", "carol", "dave", "erin", "svc-batch"];
const ROUTES: &[&str] = &[
    "GET /api/v1/items",
    "POST /api/v1/orders",
    "GET /healthz",
    "PUT /api/v2/users/profile",
    "DELETE /api/v1/sessions",
];
const STATUS: &[u16] = &[200, 200, 200, 201, 204, 301, 400, 404, 500, 503];

/// `logs`: digit-dense log lines with occasional PII.
fn logs(size: usize) -> String {
    let mut rng = Rng::new(0x0106_5EED);
    let mut t: u64 = 37_351_000; // ms since midnight (10:22:31.000)
    let mut line_no: u64 = 0;
    fill(size, |s| {
        line_no += 1;
        t += rng.range(1, 900);
        let (h, m, sec, ms) = (
            (t / 3_600_000) % 24,
            (t / 60_000) % 60,
            (t / 1000) % 60,
            t % 1000,
        );
        let _ = write!(
            s,
            "2026-11-25T{h:02}:{m:02}:{sec:02}.{ms:03}Z {} req=",
            rng.pick(LEVELS)
        );
        hex(&mut rng, 8, s);
        match rng.below(4) {
            0 => {
                let _ = write!(
                    s,
                    " latency_ms={} status={} ip=10.{}.{}.{} user={} bytes={}",
                    rng.range(1, 5000),
                    rng.pick(STATUS),
                    rng.below(256),
                    rng.below(256),
                    rng.range(1, 254),
                    rng.pick(USERS),
                    rng.range(100, 99_999)
                );
            }
            1 => {
                let _ = write!(
                    s,
                    " route=\"{}/{}\" status={} latency_ms={} trace_id=",
                    rng.pick(ROUTES),
                    rng.range(1, 99_999),
                    rng.pick(STATUS),
                    rng.range(1, 5000)
                );
                uuid(&mut rng, s);
            }
            2 => {
                let _ = write!(
                    s,
                    " svc=billing version={}.{}.{} span=",
                    rng.below(4),
                    rng.below(20),
                    rng.below(50)
                );
                hex(&mut rng, 16, s);
                let _ = write!(
                    s,
                    " db.rows={} took_ms={}.{:03} retries={}",
                    rng.below(10_000),
                    rng.below(300),
                    rng.below(1000),
                    rng.below(4)
                );
            }
            _ => {
                let _ = write!(
                    s,
                    " cache hit_ratio=0.{:03} keys={} evicted={} node=cache-{:02} pid={}",
                    rng.below(1000),
                    rng.range(1000, 9_999_999),
                    rng.below(5000),
                    rng.below(32),
                    rng.range(1000, 65_535)
                );
            }
        }
        // Occasional PII, about one line in eight.
        if rng.chance(1, 8) {
            match rng.below(3) {
                0 => {
                    let _ = write!(
                        s,
                        " email={}.{}@example.com",
                        rng.pick(FIRST_NAMES),
                        rng.pick(LAST_NAMES)
                    );
                }
                1 => {
                    let card = luhn_card(&mut rng);
                    let _ = write!(s, " card={}", card_string(&card, ""));
                }
                _ => {
                    let _ = write!(
                        s,
                        " client_ip=192.168.{}.{}",
                        rng.below(256),
                        rng.range(1, 254)
                    );
                }
            }
        }
        s.push('\n');
    })
}

/// One corpus at one size.
struct Corpus {
    kind: &'static str,
    size: &'static str,
    text: String,
}

impl Corpus {
    fn id(&self) -> String {
        format!("{}/{}", self.kind, self.size)
    }

    fn bytes(&self) -> Throughput {
        Throughput::Bytes(self.text.len() as u64)
    }
}

/// A corpus generator: target size in bytes to text.
type Generator = fn(usize) -> String;

struct Corpora(Vec<Corpus>);

impl Corpora {
    fn generate() -> Self {
        let mut all = Vec::new();
        let gens: [(&'static str, Generator); 3] =
            [("chat", chat), ("logs", logs), ("clean", clean)];
        for (kind, gen) in gens {
            for (size, n) in SIZES {
                all.push(Corpus {
                    kind,
                    size,
                    text: gen(n),
                });
            }
        }
        Corpora(all)
    }

    fn get(&self, kind: &str, size: &str) -> &Corpus {
        self.0
            .iter()
            .find(|c| c.kind == kind && c.size == size)
            .expect("corpus exists")
    }
}

// ---------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------

/// Real words of the `chat` corpus, so the word list has hits.
const REAL_WORDS: [&str; 20] = [
    "coffee",
    "deploy",
    "meeting",
    "dashboard",
    "budget",
    "weather",
    "review",
    "notes",
    "lunch",
    "team",
    "call",
    "offsite",
    "approach",
    "inputs",
    "model",
    "answers",
    "request",
    "afternoon",
    "office",
    "sprint",
];

/// 5,000 distinct words: 20 real ones, the rest 5-10 pseudo-random letters.
fn custom_words() -> Vec<String> {
    let mut rng = Rng::new(0x0057_0DD5);
    let mut seen: HashSet<String> = REAL_WORDS.iter().map(|w| w.to_string()).collect();
    let mut words: Vec<String> = REAL_WORDS.iter().map(|w| w.to_string()).collect();
    while words.len() < WORD_COUNT {
        let len = rng.range(5, 10) as usize;
        let w: String = (0..len)
            .map(|_| char::from(b'a' + rng.below(26) as u8))
            .collect();
        if seen.insert(w.clone()) {
            words.push(w);
        }
    }
    words
}

const POLICY_HEADER: &str = "blocked_input_messaging = \"blocked\"\n\
                             blocked_outputs_messaging = \"blocked\"\n";

fn words_policy_toml(words: &[String]) -> String {
    let mut toml = format!("name = \"bench-words\"\n{POLICY_HEADER}");
    for w in words {
        let _ = write!(toml, "[[words.custom]]\ntext = \"{w}\"\n");
    }
    toml
}

fn words_policy(words: &[String]) -> Policy {
    Policy::from_toml(&words_policy_toml(words)).expect("words policy")
}

fn pii_policy() -> Policy {
    let mut toml = format!("name = \"bench-pii\"\n{POLICY_HEADER}");
    for t in PiiType::ALL {
        let _ = write!(
            toml,
            "[[pii.entities]]\ntype = \"{}\"\naction = \"ANONYMIZE\"\n",
            t.as_str()
        );
    }
    Policy::from_toml(&toml).expect("pii policy")
}

/// The default policy plus 3 custom words.
fn full_policy() -> Policy {
    let mut spec = Policy::default_policy().spec().clone();
    for text in ["project nightingale", "acme corp", "blue falcon"] {
        spec.words.custom.push(WordSpec {
            text: text.to_string(),
            input_action: None,
            output_action: None,
            input_enabled: None,
            output_enabled: None,
        });
    }
    Policy::from_spec(spec).expect("full policy")
}

// ---------------------------------------------------------------------------
// Naive baseline
// ---------------------------------------------------------------------------

/// One regex per PII type, the way a naive implementation would write them.
const NAIVE_REGEXES: [(&str, &str); 31] = [
    (
        "ADDRESS",
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Boulevard|Blvd|Drive|Dr|Terrace)\b",
    ),
    ("AGE", r"(?i)\b\d{1,3}\s*(?:years?\s+old|yo|y/o)\b"),
    ("AWS_ACCESS_KEY", r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
    ("AWS_SECRET_KEY", r"\b[A-Za-z0-9/+]{40}\b"),
    ("CA_HEALTH_NUMBER", r"\b\d{4}[- ]?\d{3}[- ]?\d{3}\b"),
    (
        "CA_SOCIAL_INSURANCE_NUMBER",
        r"\b\d{3}[- ]?\d{3}[- ]?\d{3}\b",
    ),
    (
        "CREDIT_DEBIT_CARD_CVV",
        r"(?i)\b(?:cvv|cvc|security\s+code)\s*[:=]?\s*\d{3,4}\b",
    ),
    (
        "CREDIT_DEBIT_CARD_EXPIRY",
        r"\b(?:0[1-9]|1[0-2])/(?:\d{4}|\d{2})\b",
    ),
    ("CREDIT_DEBIT_CARD_NUMBER", r"\b(?:\d[ -]?){13,19}\b"),
    (
        "DRIVER_ID",
        r"(?i)\bdriver'?s?\s+licen[cs]e\s*(?:number|no\.?|#)?\s*[:=]?\s*[A-Z0-9-]+",
    ),
    ("EMAIL", r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"),
    (
        "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
        r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b",
    ),
    ("IP_ADDRESS", r"\b(?:\d{1,3}\.){3}\d{1,3}\b"),
    (
        "LICENSE_PLATE",
        r"(?i)\blicen[cs]e\s+plate\s*[:=]?\s*[A-Z0-9-]+",
    ),
    (
        "MAC_ADDRESS",
        r"\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b",
    ),
    ("NAME", r"\b[A-Z][a-z]+\s[A-Z][a-z]+\b"),
    ("PASSWORD", r"(?i)\bpassword\s*[:=]\s*\S+"),
    (
        "PHONE",
        r"(?:\+\d{1,3}[ .-]?)?(?:\(\d{3}\)|\b\d{3})[ .-]?\d{3}[ .-]?\d{4}\b",
    ),
    ("PIN", r"(?i)\bpin\s*(?:code)?\s*[:=]?\s*\d{4,6}\b"),
    (
        "SWIFT_CODE",
        r"\b[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b",
    ),
    (
        "UK_NATIONAL_HEALTH_SERVICE_NUMBER",
        r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b",
    ),
    (
        "UK_NATIONAL_INSURANCE_NUMBER",
        r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    ),
    ("UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER", r"\b\d{5}\s?\d{5}\b"),
    ("URL", r"\bhttps?://\S+"),
    ("USERNAME", r"(?i)\b(?:user(?:name)?|login)\s*[:=]\s*\S+"),
    (
        "US_BANK_ACCOUNT_NUMBER",
        r"(?i)\baccount\s*(?:number|no\.?|#)?\s*[:=]?\s*\d{6,17}\b",
    ),
    (
        "US_BANK_ROUTING_NUMBER",
        r"(?i)\brouting\s*(?:number|no\.?|#)?\s*[:=]?\s*\d{9}\b",
    ),
    (
        "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
        r"\b9\d{2}-[78]\d-\d{4}\b",
    ),
    (
        "US_PASSPORT_NUMBER",
        r"(?i)\bpassport\s*(?:number|no\.?|#)?\s*[:=]?\s*[A-Z0-9]{6,9}\b",
    ),
    ("US_SOCIAL_SECURITY_NUMBER", r"\b\d{3}-\d{2}-\d{4}\b"),
    ("VEHICLE_IDENTIFICATION_NUMBER", r"\b[A-HJ-NPR-Z0-9]{17}\b"),
];

struct Naive {
    regexes: Vec<Regex>,
    words: Vec<&'static str>,
}

impl Naive {
    fn new() -> Self {
        // Keep the table in step with the crate's types.
        let names: Vec<&str> = NAIVE_REGEXES.iter().map(|(n, _)| *n).collect();
        let types: Vec<&str> = PiiType::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(names, types, "NAIVE_REGEXES must list every PiiType");
        Naive {
            regexes: NAIVE_REGEXES
                .iter()
                .map(|(_, p)| Regex::new(p).expect("naive regex"))
                .collect(),
            words: PROFANITY_EN
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect(),
        }
    }

    fn run(&self, text: &str) -> usize {
        let mut hits = 0;
        for re in &self.regexes {
            hits += re.find_iter(text).count();
        }
        let lower = text.to_lowercase();
        for w in &self.words {
            if lower.contains(w) {
                hits += 1;
            }
        }
        hits
    }
}

// ---------------------------------------------------------------------------
// Benchmarks
// ---------------------------------------------------------------------------

fn bench_words(c: &mut Criterion, corpora: &Corpora) {
    let words = custom_words();
    let scanner = Scanner::compile(&words_policy(&words)).expect("compile words policy");
    let ac: AhoCorasick = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&words)
        .expect("aho-corasick DFA");
    let corpus = corpora.get("chat", "64KiB");

    let mut g = c.benchmark_group("words");
    g.throughput(corpus.bytes());
    g.bench_with_input(
        BenchmarkId::new(corpus.kind, corpus.size),
        &corpus.text,
        |b, text| b.iter(|| scanner.scan(black_box(text), Source::Input)),
    );
    g.bench_with_input(
        BenchmarkId::new("aho_corasick_dfa", corpus.id()),
        &corpus.text,
        |b, text| b.iter(|| ac.find_iter(black_box(text.as_str())).count()),
    );
    g.finish();
}

fn bench_pii(c: &mut Criterion, corpora: &Corpora) {
    let scanner = Scanner::compile(&pii_policy()).expect("compile pii policy");
    let mut g = c.benchmark_group("pii");
    for corpus in &corpora.0 {
        g.throughput(corpus.bytes());
        g.bench_with_input(
            BenchmarkId::new(corpus.kind, corpus.size),
            &corpus.text,
            |b, text| b.iter(|| scanner.scan(black_box(text), Source::Input)),
        );
    }
    g.finish();
}

fn bench_scanner(c: &mut Criterion, corpora: &Corpora, scanner: &Scanner) {
    let mut g = c.benchmark_group("scanner");
    for kind in ["chat", "logs", "clean"] {
        let corpus = corpora.get(kind, "64KiB");
        g.throughput(corpus.bytes());
        g.bench_with_input(
            BenchmarkId::new(corpus.kind, corpus.size),
            &corpus.text,
            |b, text| b.iter(|| scanner.scan(black_box(text), Source::Input)),
        );
    }
    let corpus = corpora.get("chat", "4KiB");
    g.throughput(corpus.bytes());
    g.bench_with_input(
        BenchmarkId::new("check", corpus.id()),
        &corpus.text,
        |b, text| b.iter(|| scanner.check(black_box(text), Source::Input)),
    );
    g.finish();
}

/// The layer's own cost: a 2 KB prompt through `GuardrailService` over a
/// no-op inner service, beside the bare scans the layer performs.
fn bench_layer_overhead(c: &mut Criterion, corpora: &Corpora, scanner: &Scanner) {
    use std::future::Future;
    use tower::{Layer, Service};

    let chat = &corpora.get("chat", "4KiB").text;
    let mut end = 2048;
    while !chat.is_char_boundary(end) {
        end -= 1;
    }
    let prompt = chat[..end].to_string();
    let mut g = c.benchmark_group("layer_overhead");
    g.throughput(Throughput::Bytes(prompt.len() as u64));
    g.bench_function("bare_scan/2KB", |b| {
        b.iter(|| {
            let text = black_box(&prompt).clone();
            let input = scanner.check(&text, Source::Input);
            let output = scanner.check("ok", Source::Output);
            (input, output)
        })
    });
    let inner = tower::service_fn(|_: String| async {
        Ok::<_, std::convert::Infallible>("ok".to_string())
    });
    let mut svc = guardrail::GuardrailLayer::new(scanner.clone()).layer(inner);
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    g.bench_function("layer/2KB", |b| {
        b.iter(|| {
            let mut fut = std::pin::pin!(svc.call(black_box(&prompt).clone()));
            match fut.as_mut().poll(&mut cx) {
                std::task::Poll::Ready(r) => r.map(|s| s.len()).unwrap_or(0),
                std::task::Poll::Pending => 0,
            }
        })
    });
    g.finish();
}

/// `chat` with its values obfuscated: a zero-width space before every `@`,
/// inside every swear word, and every card's digits in full-width forms.
fn chat_obfuscated(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for word in text.split_inclusive(' ') {
        let digits = word.bytes().filter(u8::is_ascii_digit).count();
        if digits >= 4 && word.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
            out.extend(word.chars().map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(0xFF10 + d).unwrap_or(c),
                None => c,
            }));
        } else {
            out.push_str(
                &word
                    .replace('@', "\u{200B}@")
                    .replace("shit", "sh\u{200B}it"),
            );
        }
    }
    out
}

/// What matching the normalised text costs: the default policy with and
/// without it, on text with nothing to normalise (every corpus, which then
/// pays only the check) and on `chat` with its values obfuscated (scanned
/// twice).
fn bench_evasion(c: &mut Criterion, corpora: &Corpora) {
    let policy = full_policy();
    let normalized = Scanner::compile(&policy).expect("compile");
    let literal = Scanner::builder()
        .literal_only()
        .build(&policy)
        .expect("compile");
    let obfuscated = chat_obfuscated(&corpora.get("chat", "64KiB").text);
    let plain = corpora.get("chat", "64KiB");
    eprintln!(
        "evasion: chat/64KiB {} findings; chat_obfuscated ({} B) {} normalised, {} literal",
        normalized.scan(&plain.text, Source::Input).len(),
        obfuscated.len(),
        normalized.scan(&obfuscated, Source::Input).len(),
        literal.scan(&obfuscated, Source::Input).len(),
    );
    let mut g = c.benchmark_group("evasion");
    for (kind, text) in [
        ("chat", &corpora.get("chat", "64KiB").text),
        ("logs", &corpora.get("logs", "64KiB").text),
        ("clean", &corpora.get("clean", "64KiB").text),
        ("chat_obfuscated", &obfuscated),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        for (name, scanner) in [("normalized", &normalized), ("literal", &literal)] {
            g.bench_with_input(BenchmarkId::new(name, kind), text, |b, text| {
                b.iter(|| scanner.scan(black_box(text), Source::Input))
            });
        }
    }
    g.finish();
}

/// Streaming against whole-buffer scanning of the same 1 MiB chat corpus:
/// both find everything and produce the masked text.
fn bench_stream(c: &mut Criterion, scanner: &Scanner) {
    let text = chat(1 << 20);
    let mut g = c.benchmark_group("stream");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("whole/1MiB", |b| {
        b.iter(|| {
            let findings = scanner.scan(black_box(&text), Source::Output);
            guardrail::mask(scanner, &text, &findings, Source::Output).len()
        })
    });
    for (name, chunk) in [("64KiB", 64 * 1024), ("4KiB", 4096), ("64B", 64)] {
        g.bench_function(BenchmarkId::new("chunks", name), |b| {
            b.iter(|| {
                let options = guardrail::StreamOptions {
                    stop_on_block: false,
                    ..Default::default()
                };
                let mut s =
                    guardrail::StreamScanner::with_options(scanner, Source::Output, options);
                let mut out = 0;
                for piece in black_box(&text).as_bytes().chunks(chunk) {
                    out += s.push(piece).map_or(0, |r| r.text.len());
                }
                out + s.finish().map_or(0, |r| r.text.len())
            })
        });
    }
    g.finish();
}

fn bench_baseline(c: &mut Criterion, corpora: &Corpora) {
    let naive = Naive::new();
    let mut g = c.benchmark_group("baseline");
    for kind in ["chat", "logs", "clean"] {
        let corpus = corpora.get(kind, "64KiB");
        g.throughput(corpus.bytes());
        g.bench_with_input(
            BenchmarkId::new(corpus.kind, corpus.size),
            &corpus.text,
            |b, text| b.iter(|| naive.run(black_box(text))),
        );
    }
    g.finish();
}

fn bench_compile(c: &mut Criterion) {
    let policy = Policy::default_policy();
    let mut g = c.benchmark_group("compile");
    g.sample_size(10);
    g.bench_function("default_policy", |b| {
        b.iter(|| Scanner::compile(black_box(&policy)).expect("compile"))
    });
    g.finish();
}

/// Sanity check printed once: corpus sizes and default-scanner findings.
fn report(corpora: &Corpora, scanner: &Scanner) {
    eprintln!("guardrail bench corpora (bytes) and findings of the `scanner` policy at 64KiB:");
    for kind in ["chat", "logs", "clean"] {
        let sizes: Vec<String> = SIZES
            .iter()
            .map(|(size, _)| format!("{size}={}", corpora.get(kind, size).text.len()))
            .collect();
        let big = corpora.get(kind, "64KiB");
        let findings = scanner.scan(&big.text, Source::Input);
        let mut by_label = BTreeMap::<&str, usize>::new();
        for f in &findings {
            *by_label
                .entry(scanner.detector(f.detector).label())
                .or_default() += 1;
        }
        let by_label: Vec<String> = by_label.iter().map(|(l, n)| format!("{l}={n}")).collect();
        eprintln!(
            "  {kind:<5} {}  findings={} [{}]",
            sizes.join(" "),
            findings.len(),
            by_label.join(" ")
        );
    }
}

fn main() {
    let corpora = Corpora::generate();
    let scanner = Scanner::compile(&full_policy()).expect("compile full policy");
    report(&corpora, &scanner);
    // GUARDRAIL_BENCH_DUMP=DIR writes the 64 KiB corpora there, for timing whole commands.
    if let Some(dir) = std::env::var_os("GUARDRAIL_BENCH_DUMP") {
        for kind in ["chat", "logs", "clean"] {
            let path = std::path::Path::new(&dir).join(format!("{kind}-64KiB.txt"));
            std::fs::write(path, &corpora.get(kind, "64KiB").text).expect("write corpus");
        }
        let path = std::path::Path::new(&dir).join("chat-1MiB.txt");
        std::fs::write(path, chat(1 << 20)).expect("write corpus");
        let path = std::path::Path::new(&dir).join("words-5000.toml");
        std::fs::write(path, words_policy_toml(&custom_words())).expect("write policy");
    }

    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();

    bench_words(&mut c, &corpora);
    bench_pii(&mut c, &corpora);
    bench_scanner(&mut c, &corpora, &scanner);
    bench_layer_overhead(&mut c, &corpora, &scanner);
    bench_baseline(&mut c, &corpora);
    bench_stream(&mut c, &scanner);
    bench_evasion(&mut c, &corpora);
    bench_compile(&mut c);

    c.final_summary();
}
