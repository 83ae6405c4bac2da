//! Word filter edge cases: case, Unicode, boundaries, overlapping words.

use guardrail::{Policy, Scanner, Source};

fn scanner(words: &[&str]) -> Scanner {
    let mut toml = String::from(
        "name = \"w\"\nblocked_input_messaging = \"no\"\nblocked_outputs_messaging = \"no\"\n",
    );
    for w in words {
        toml.push_str(&format!("[[words.custom]]\ntext = {w:?}\n"));
    }
    Scanner::compile(&Policy::from_toml(&toml).expect("policy")).expect("compiles")
}

fn hits(s: &Scanner, text: &str) -> Vec<String> {
    s.scan(text, Source::Input)
        .iter()
        .map(|f| text[f.span.start..f.span.end].to_string())
        .collect()
}

#[test]
fn case_insensitive_ascii_and_unicode() {
    let s = scanner(&["moonquake", "café crème", "Straße"]);
    assert_eq!(hits(&s, "A MoonQuake!"), ["MoonQuake"]);
    assert_eq!(hits(&s, "un CAFÉ CRÈME svp"), ["CAFÉ CRÈME"]);
    assert_eq!(hits(&s, "Café crème"), ["Café crème"]);
    assert_eq!(hits(&s, "die straße"), ["straße"]);
}

#[test]
fn whole_words_only_with_unicode_boundaries() {
    let s = scanner(&["ass", "bank"]);
    assert_eq!(
        hits(&s, "classic assassin embankment"),
        Vec::<String>::new()
    );
    assert_eq!(hits(&s, "éass assé _ass ass_"), Vec::<String>::new());
    assert_eq!(hits(&s, "(ass), bank. «bank»"), ["ass", "bank", "bank"]);
    assert_eq!(hits(&s, "ass🙂bank"), ["ass", "bank"]);
}

#[test]
fn phrases_and_overlaps_prefer_the_longest() {
    let s = scanner(&["son of a bitch", "bitch", "of a"]);
    assert_eq!(hits(&s, "you son of a bitch"), ["son of a bitch"]);
    // A phrase that starts inside a word is not a hit, but a word after it is.
    assert_eq!(hits(&s, "mason of a bitch"), ["of a", "bitch"]);
    // A phrase that runs into a longer word leaves the shorter entry at its start.
    let s = scanner(&["hell no", "hell"]);
    assert_eq!(hits(&s, "hell nope, hell no"), ["hell", "hell no"]);
    assert_eq!(hits(&s, "hellno hell"), ["hell"]);
}

#[test]
fn managed_profanity_list_blocks_inflections() {
    let s = Scanner::compile(&Policy::default_policy()).expect("default");
    let v = s.check("this fucking thing, those motherfuckers", Source::Input);
    let found: Vec<_> = v
        .findings
        .iter()
        .map(|f| (f.kind.as_str(), f.matched.as_str()))
        .collect();
    assert_eq!(
        found,
        [("PROFANITY", "fucking"), ("PROFANITY", "motherfuckers")]
    );
    assert!(v.is_blocked());
    assert_eq!(v.outputs[0].text, s.policy().spec().blocked_input_messaging);
    assert_eq!(s.scan("Scunthorpe classic", Source::Input), []);
}

#[test]
fn managed_list_phrases_are_caught_at_their_listed_word() {
    let list = include_str!("../../rules/words/profanity_en.txt");
    let entries: std::collections::HashSet<&str> = list
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let redundant: Vec<&&str> = entries
        .iter()
        .filter(|e| e.contains(' ') && e.split(' ').any(|w| entries.contains(w)))
        .collect();
    assert_eq!(
        redundant,
        Vec::<&&str>::new(),
        "phrases holding a listed word"
    );
    let s = Scanner::compile(&Policy::default_policy()).expect("default");
    let found = |text| hits(&s, text);
    assert_eq!(found("what the fuck, go fuck yourself"), ["fuck", "fuck"]);
    assert_eq!(found("you son of a bitch"), ["bitch"]);
    // A phrase of words not listed alone is matched whole.
    assert_eq!(
        found("a blow job, god damn it"),
        ["blow job", "god damn it"]
    );
}

/// The word filter as its contract states it, one character at a time: from
/// left to right, the longest entry (ASCII case-insensitively) that is a
/// whole word there, then on past it; else on by one character. Whole: where
/// an entry begins (ends) with a letter, digit or `_`, none is right before
/// (after) it.
fn whole_words_plainly(entries: &[String], text: &str) -> Vec<(usize, usize)> {
    let word_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let longest = entries
            .iter()
            .filter(|e| {
                let end = at + e.len();
                text.get(at..end).is_some_and(|t| t.eq_ignore_ascii_case(e))
                    && !(word_char(e.chars().next()) && word_char(text[..at].chars().next_back()))
                    && !(word_char(e.chars().next_back()) && word_char(text[end..].chars().next()))
            })
            .map(String::len)
            .max();
        match longest {
            Some(len) => {
                found.push((at, at + len));
                at += len;
            }
            None => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

proptest::proptest! {
    #[test]
    fn custom_words_are_found_as_their_contract_says(
        entries in proptest::collection::vec("[ab1é_-][ab1é_ -]{0,5}", 1..8),
        text in "[abAB1é_ 🙂-]{0,90}",
    ) {
        // Single spaces and no spaces at the ends, as the policy keeps them;
        // lower-case `é` only, so that ASCII case-insensitivity is the rule.
        let mut entries: Vec<String> = entries
            .iter()
            .map(|e| e.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|e| !e.is_empty())
            .collect();
        entries.sort();
        entries.dedup();
        proptest::prop_assume!(!entries.is_empty());
        let mut toml = String::from(
            "name = \"w\"\nblocked_input_messaging = \"no\"\nblocked_outputs_messaging = \"no\"\n",
        );
        for e in &entries {
            toml.push_str(&format!("[[words.custom]]\ntext = {e:?}\n"));
        }
        let policy = Policy::from_toml(&toml).expect("policy");
        // Without the normalised pass, which would also find `a b 1` as `ab1`.
        let scanner = Scanner::builder().literal_only().build(&policy).expect("compiles");
        let found: Vec<(usize, usize)> = scanner
            .scan(&text, Source::Input)
            .iter()
            .map(|f| (f.span.start, f.span.end))
            .collect();
        proptest::prop_assert_eq!(found, whole_words_plainly(&entries, &text));
    }
}
