//! Small arbitrary policies (custom regexes, words, a few PII types,
//! per-direction actions) over arbitrary text.
#![no_main]

use std::cell::RefCell;
use std::collections::HashMap;

use arbitrary::Arbitrary;
use guardrail::{
    ConfigAction, ErrorKind, ManagedWordsSpec, ManagedWordsType, PiiEntitySpec, PiiType, Policy,
    PolicySpec, RegexSpec, Scanner, Source, WordSpec,
};
use guardrail_fuzz::{check_scan, Copies};
use libfuzzer_sys::fuzz_target;

/// Pieces that make valid regexes likely, including the ones that could
/// misbehave: anchors, word boundaries, empty matches, Unicode classes.
const PIECES: &[&str] = &[
    "a", "b", "x", "é", "☕", "@", "-", " ", ".", "\\d", "\\w", "\\s", "\\b", "\\B", "^", "$",
    "[a-z]", "[0-9]", "\\p{L}", "+", "*", "?", "{2}", "{1,3}", "(", ")", "(?:", "|", "(?i)", "\\{",
    "\\}", "EMAIL",
];

/// Regex names, including ones that look like values or contain braces.
const NAMES: &[&str] = &[
    "x",
    "a",
    "EMAIL",
    "id",
    "4111 1111 1111 1111",
    "{",
    "}",
    "a b",
    "é",
];

#[derive(Arbitrary, Debug)]
enum Pattern<'a> {
    Raw(&'a str),
    Pieces(Vec<u8>),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Act {
    Block,
    Anonymize,
    None,
}

impl From<Act> for ConfigAction {
    fn from(a: Act) -> Self {
        match a {
            Act::Block => ConfigAction::Block,
            Act::Anonymize => ConfigAction::Anonymize,
            Act::None => ConfigAction::None,
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    regexes: Vec<(u8, Pattern<'a>, Act, Option<Act>, Option<bool>)>,
    words: Vec<(&'a str, Option<bool>)>,
    entities: Vec<(u8, Act, Option<Act>)>,
    profanity: bool,
    min_score: Option<u8>,
    output: bool,
    text: &'a str,
}

fuzz_target!(|input: Input<'_>| {
    let mut spec = PolicySpec::default();
    spec.name = "fuzz".to_string();
    spec.blocked_input_messaging = "blocked in".to_string();
    spec.blocked_outputs_messaging = "blocked out".to_string();
    for (name, pattern, action, input_action, output_enabled) in input.regexes.iter().take(4) {
        let pattern = match pattern {
            Pattern::Raw(s) => s.to_string(),
            Pattern::Pieces(p) => p
                .iter()
                .map(|&i| PIECES[i as usize % PIECES.len()])
                .collect(),
        };
        spec.pii.regexes.push(RegexSpec {
            name: NAMES[*name as usize % NAMES.len()].to_string(),
            pattern,
            description: None,
            action: (*action).into(),
            input_action: input_action.map(Into::into),
            output_action: None,
            input_enabled: None,
            output_enabled: *output_enabled,
        });
    }
    for (text, input_enabled) in input.words.iter().take(8) {
        spec.words.custom.push(WordSpec {
            text: text.to_string(),
            input_action: None,
            output_action: Some(ConfigAction::None),
            input_enabled: *input_enabled,
            output_enabled: None,
        });
    }
    if input.profanity {
        spec.words.managed.push(ManagedWordsSpec {
            kind: ManagedWordsType::Profanity,
            input_action: None,
            output_action: None,
            input_enabled: None,
            output_enabled: None,
        });
    }
    for (kind, action, output_action) in input.entities.iter().take(4) {
        spec.pii.entities.push(PiiEntitySpec {
            kind: PiiType::ALL[*kind as usize % PiiType::ALL.len()],
            action: (*action).into(),
            input_action: None,
            output_action: output_action.map(Into::into),
            input_enabled: None,
            output_enabled: None,
        });
    }
    spec.pii.min_score = input.min_score.map(|s| f32::from(s) / 200.0);

    // Mutations often keep the policy and change the text: compiling is
    // most of an execution, so recent scanners are kept.
    thread_local! {
        static CACHE: RefCell<HashMap<String, Scanner>> = RefCell::new(HashMap::new());
    }
    let key = format!("{spec:?}");
    if let Some(scanner) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return scan(&scanner, &input);
    }
    let policy = match Policy::from_spec(spec) {
        Ok(p) => p,
        Err(e) => {
            let ErrorKind::Invalid { problems, .. } = e.kind() else {
                panic!("from_spec failed with something other than Invalid: {e}");
            };
            assert!(!problems.is_empty(), "Invalid with no problem listed");
            return;
        }
    };
    let scanner = match Scanner::compile(&policy) {
        Ok(s) => s,
        Err(e) => panic!("a valid policy does not compile: {e}"),
    };
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 256 {
            c.clear();
        }
        c.insert(key, scanner.clone());
    });
    scan(&scanner, &input);
});

fn scan(scanner: &Scanner, input: &Input<'_>) {
    let policy = scanner.policy();
    let source = if input.output {
        Source::Output
    } else {
        Source::Input
    };
    // Custom regexes may legitimately match one copy of a value and not
    // another (anchors, \b), so only the built-in detectors promise copies.
    let copies = if policy.spec().pii.regexes.is_empty() {
        Copies::MustBeMasked
    } else {
        Copies::MayStay
    };
    check_scan(scanner, input.text, source, copies);
}
