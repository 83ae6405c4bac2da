//! The compiled engine: a [`Scanner`] built once from a [`Policy`].

pub(crate) mod byte_class;
pub(crate) mod custom;
mod finding;
mod hash_bits;
mod literals;
pub(crate) mod normalize;
pub(crate) mod pii;
mod repeat;
mod resolve;
pub(crate) mod text;
mod words;

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Arc;

use regex_automata::meta::Regex;

pub use finding::{Detector, DetectorId, DetectorKind, Finding, Span};
pub(crate) use repeat::KnownValues;
pub use repeat::MIN_SEARCHED_LEN;

use self::byte_class::{classify, Block};
use self::literals::{Hit, Literals};
use self::pii::rule::{self, RuleSpec};
use self::pii::PiiEngine;
use self::words::{WordFilter, WordFilterBuilder};
use crate::entity::PiiType;
use crate::error::{Error, Problem};
use crate::policy::spec::Directional;
use crate::policy::{ConfigAction, ManagedWordsType, Policy, Source};

/// The shipped English profanity list.
const PROFANITY_EN: &str = include_str!("../../rules/words/profanity_en.txt");

/// What an unbounded pattern (`\S+`, say) counts as when a stream sizes its
/// window; a longer match is held back whole while it grows.
pub const UNBOUNDED_MATCH: usize = 256;

/// Default minimum confidence of a PII finding.
pub const DEFAULT_MIN_SCORE: f32 = 0.5;

/// Priorities among equally long overlapping findings: the policy's own
/// words and regexes beat built-in detectors.
const PRIORITY_CUSTOM_WORD: i32 = 300;
const PRIORITY_CUSTOM_REGEX: i32 = 200;
const PRIORITY_MANAGED_WORD: i32 = 100;

/// A policy compiled for scanning: immutable, `Send + Sync`, cheap to clone.
///
/// ```
/// use guardrail::{Policy, Scanner, Source};
///
/// let scanner = Scanner::compile(&Policy::default_policy())?;
/// let text = "write to jane.doe@example.com";
/// let findings = scanner.scan(text, Source::Input);
/// assert_eq!(findings.len(), 1);
/// assert_eq!(&text[findings[0].span.start..findings[0].span.end], "jane.doe@example.com");
/// # Ok::<(), guardrail::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Scanner {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    policy: Policy,
    detectors: Vec<Detector>,
    words: Option<WordFilter>,
    pii: PiiEngine,
    /// Every word and trigger, found in one pass.
    literals: Literals,
    /// Detector of each PII recognizer.
    pii_detectors: Vec<DetectorId>,
    /// Whether each PII recognizer is on, for input and for output.
    pii_enabled: [Vec<bool>; 2],
    regexes: Vec<(Regex, DetectorId)>,
    min_score: f32,
    /// Whether normalised text is matched too.
    normalize: bool,
    /// Longest possible finding in bytes (unbounded patterns count as
    /// [`UNBOUNDED_MATCH`]) and how far around a match any detector looks.
    extent: (usize, usize),
}

/// Builds a [`Scanner`] with extra recognizer rule files beside the shipped ones.
#[derive(Debug, Default, Clone)]
pub struct ScannerBuilder {
    extra_rules: Vec<(String, String)>,
    no_shipped_rules: bool,
    literal_only: bool,
}

impl ScannerBuilder {
    /// A builder with the shipped rules.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a recognizer rule file (the `rules/pii/*.toml` format); `origin` names it in errors.
    pub fn rules(&mut self, origin: &str, toml: &str) -> &mut Self {
        self.extra_rules
            .push((origin.to_string(), toml.to_string()));
        self
    }

    /// Leaves out the shipped recognizers (only added rule files are used).
    pub fn without_shipped_rules(&mut self) -> &mut Self {
        self.no_shipped_rules = true;
        self
    }

    /// Matches the text only as it is, without also matching its normalised
    /// form (zero-width characters removed, Unicode digits and look-alike
    /// letters folded...: see the README's Evasion section). Obfuscated
    /// values then go unseen; this exists to measure what normalising costs.
    pub fn literal_only(&mut self) -> &mut Self {
        self.literal_only = true;
        self
    }

    /// Checks every recognizer (shipped and added) against the examples and
    /// negative examples written beside it: each example must be found and no
    /// negative may be, with the recognizer running alone.
    ///
    /// # Errors
    /// A rule file that does not parse.
    pub fn check_rules(&self) -> Result<Vec<Problem>, Error> {
        let rules = self.rule_specs()?;
        let mut problems: Vec<Problem> = pii::check_examples(&rules, DEFAULT_MIN_SCORE)
            .into_iter()
            .map(|(rule, reason)| Problem { rule, reason })
            .collect();
        let mut ids = std::collections::HashSet::new();
        for r in &rules {
            if !ids.insert(r.id.as_str()) {
                problems.push(Problem {
                    rule: r.id.clone(),
                    reason: "duplicate recognizer id".to_string(),
                });
            }
        }
        Ok(problems)
    }

    fn rule_specs(&self) -> Result<Vec<RuleSpec>, Error> {
        let mut rules: Vec<RuleSpec> = if self.no_shipped_rules {
            Vec::new()
        } else {
            rule::shipped()?.to_vec()
        };
        for (origin, text) in &self.extra_rules {
            rules.extend(rule::parse(origin, text)?);
        }
        Ok(rules)
    }

    /// Compiles `policy`.
    ///
    /// # Errors
    /// Every problem in the rule files or the policy's patterns, each naming its rule.
    pub fn build(&self, policy: &Policy) -> Result<Scanner, Error> {
        compile(policy, &self.rule_specs()?, !self.literal_only)
    }
}

impl Scanner {
    /// Compiles `policy` with the shipped recognizers.
    ///
    /// # Errors
    /// Every problem, each naming its rule.
    pub fn compile(policy: &Policy) -> Result<Scanner, Error> {
        ScannerBuilder::new().build(policy)
    }

    /// A builder for extra rule files.
    pub fn builder() -> ScannerBuilder {
        ScannerBuilder::new()
    }

    /// The policy this scanner was compiled from.
    pub fn policy(&self) -> &Policy {
        &self.inner.policy
    }

    /// The detector behind a finding.
    pub fn detector(&self, id: DetectorId) -> &Detector {
        &self.inner.detectors[id.0 as usize]
    }

    /// The action the policy takes on `finding` for text from `source`.
    pub fn action(&self, finding: &Finding, source: Source) -> ConfigAction {
        self.detector(finding.detector).actions[source_index(source)].unwrap_or(ConfigAction::None)
    }

    /// Finds everything the policy looks for in `text`, as seen from `source`.
    ///
    /// Findings do not overlap (the longest wins, then the most confident,
    /// then the highest priority) and come sorted by position.
    pub fn scan(&self, text: &str, source: Source) -> Vec<Finding> {
        self.scan_with(text, source, true, &KnownValues::default())
    }

    /// The longest possible finding in original bytes (bounded lengths
    /// allow for normalisation, unbounded patterns count as [`UNBOUNDED_MATCH`]) and how far around a match any detector looks, in bytes.
    pub(crate) fn extent(&self) -> (usize, usize) {
        self.inner.extent
    }

    /// A value in the form a stream remembers it: normalised when this
    /// scanner normalises, as a whole-text scan compares the normalised
    /// value it found.
    pub(crate) fn remembered_form<'v>(&self, value: &'v str) -> Cow<'v, str> {
        if self.inner.normalize {
            normalize::normalize_value(value)
        } else {
            Cow::Borrowed(value)
        }
    }

    /// [`scan`](Self::scan) of one window of a longer text: `detect_csv` says
    /// whether its first line may be a CSV header, and `known` values were
    /// reported before the window.
    ///
    /// Text that hides something from a literal match (zero-width
    /// characters, full-width or other Unicode digits, look-alike letters,
    /// character references, spaced-out letters: see `normalize`) is scanned
    /// twice, as it is and normalised, and the normalised findings are mapped
    /// back to the original bytes. Taking both means normalising never loses
    /// what the literal text shows. Other text is scanned once, after one
    /// allocation-free pass that finds nothing to normalise.
    pub(crate) fn scan_with(
        &self,
        text: &str,
        source: Source,
        detect_csv: bool,
        known: &KnownValues,
    ) -> Vec<Finding> {
        let mut blocks = BLOCKS.with(Cell::take);
        let firsts = self.inner.literals.first_bytes();
        // Capitalised words are looked for only by PII rules.
        let names = self.inner.pii.len() > 0;
        classify(text.as_bytes(), firsts, names, &mut blocks);
        let mut out = self.scan_literal(text, &blocks, source, detect_csv, known);
        let normal = self
            .inner
            .normalize
            .then(|| normalize::Normalized::of_classified(text, &blocks))
            .flatten();
        if let Some(normal) = normal {
            classify(normal.text().as_bytes(), firsts, names, &mut blocks);
            let found = self.scan_literal(normal.text(), &blocks, source, detect_csv, known);
            out.extend(found.into_iter().filter_map(|f| {
                let span = normal.original(f.span)?;
                Some(Finding { span, ..f })
            }));
            resolve::resolve(&mut out);
        }
        BLOCKS.with(|cell| cell.set(blocks));
        out
    }

    /// One scan of `text` exactly as it is; `blocks` are its blocks.
    fn scan_literal(
        &self,
        text: &str,
        blocks: &[Block],
        source: Source,
        detect_csv: bool,
        known: &KnownValues,
    ) -> Vec<Finding> {
        let inner = &*self.inner;
        let side = source_index(source);
        let enabled = |d: DetectorId| inner.detectors[d.0 as usize].actions[side].is_some();
        let mut out = Vec::new();
        let (mut word_hits, mut trigger_hits) = HITS.with(Cell::take);
        word_hits.clear();
        trigger_hits.clear();
        inner
            .literals
            .find(text, blocks, &mut word_hits, &mut trigger_hits);
        if let Some(words) = &inner.words {
            words.scan(text, &mut word_hits, enabled, &mut out);
        }
        let mut unreported = Vec::new();
        inner.pii.scan(
            text,
            blocks,
            &mut trigger_hits,
            &inner.pii_enabled[side],
            detect_csv,
            |r, c| {
                if c.score < inner.min_score {
                    unreported.push(c.span);
                } else {
                    let detector = inner.pii_detectors[r];
                    out.push(Finding {
                        span: c.span,
                        detector,
                        score: c.score,
                        priority: inner.pii.info(r).1,
                        search_elsewhere: c.search_elsewhere && repeat::worth_searching(c.span),
                    });
                }
            },
        );
        HITS.with(|cell| cell.set((word_hits, trigger_hits)));
        for (regex, detector) in &inner.regexes {
            if !enabled(*detector) {
                continue;
            }
            for m in regex.find_iter(text) {
                if m.start() < m.end()
                    && text.is_char_boundary(m.start())
                    && text.is_char_boundary(m.end())
                {
                    out.push(Finding {
                        span: Span {
                            start: m.start(),
                            end: m.end(),
                        },
                        detector: *detector,
                        score: 1.0,
                        priority: PRIORITY_CUSTOM_REGEX,
                        search_elsewhere: false,
                    });
                }
            }
        }
        resolve::resolve(&mut out);
        repeat::propagate(text, &mut out, &unreported, known);
        out
    }
}

thread_local! {
    /// Hits of the literal pass (words, triggers), reused between scans on a thread.
    static HITS: Cell<(Vec<Hit>, Vec<Hit>)> = const { Cell::new((Vec::new(), Vec::new())) };
    /// The classes of the text's blocks, reused between scans on a thread.
    static BLOCKS: Cell<Vec<Block>> = const { Cell::new(Vec::new()) };
}

fn source_index(source: Source) -> usize {
    match source {
        Source::Input => 0,
        Source::Output => 1,
    }
}

fn actions(rule: &impl Directional) -> [Option<ConfigAction>; 2] {
    [
        rule.action_for(Source::Input),
        rule.action_for(Source::Output),
    ]
}

fn compile(policy: &Policy, rules: &[RuleSpec], normalize: bool) -> Result<Scanner, Error> {
    let spec = policy.spec();
    let mut problems = Vec::new();
    let mut detectors = Vec::new();
    let mut add = |kind, actions| {
        detectors.push(Detector { kind, actions });
        DetectorId(detectors.len() as u32 - 1)
    };

    let mut words = WordFilterBuilder::default();
    for w in &spec.words.custom {
        let id = add(DetectorKind::CustomWord(w.text.clone()), actions(w));
        words.add(&w.text, id, PRIORITY_CUSTOM_WORD);
    }
    for m in &spec.words.managed {
        match m.kind {
            ManagedWordsType::Profanity => {
                let id = add(DetectorKind::ManagedWord, actions(m));
                for entry in pii::lexicon::entries(PROFANITY_EN) {
                    words.add(entry, id, PRIORITY_MANAGED_WORD);
                }
            }
        }
    }
    let words = (!words.is_empty()).then(|| words.build());

    let mut by_type: HashMap<PiiType, DetectorId> = HashMap::new();
    for e in &spec.pii.entities {
        by_type.insert(e.kind, add(DetectorKind::Pii(e.kind), actions(e)));
    }
    let rules: Vec<RuleSpec> = rules
        .iter()
        .filter(|r| by_type.contains_key(&r.kind))
        .cloned()
        .collect();
    let mut ids = std::collections::HashSet::new();
    for r in &rules {
        if !ids.insert(r.id.as_str()) {
            problems.push(Problem {
                rule: r.id.clone(),
                reason: "duplicate recognizer id".to_string(),
            });
        }
    }
    let pii = match PiiEngine::build(&rules) {
        Ok(p) => Some(p),
        Err(errs) => {
            problems.extend(
                errs.into_iter()
                    .map(|(rule, reason)| Problem { rule, reason }),
            );
            None
        }
    };
    let word_patterns = words.as_ref().map_or(&[][..], WordFilter::patterns);
    let trigger_patterns = pii.as_ref().map_or(&[][..], PiiEngine::triggers);
    let literals = match Literals::build(word_patterns, trigger_patterns) {
        Ok(l) => Some(l),
        Err(reason) => {
            problems.push(Problem {
                rule: "words and triggers".to_string(),
                reason,
            });
            None
        }
    };

    // Bounded lengths are counted as the original bytes an obfuscated match
    // may cover (see `normalize::MAX_EXPANSION`), so a stream's window still
    // holds it whole.
    let expanded = |len: usize| len.saturating_mul(normalize::MAX_EXPANSION);
    let mut longest = words.as_ref().map_or(0, |w| expanded(w.longest()));
    let mut regexes = Vec::new();
    for (i, r) in spec.pii.regexes.iter().enumerate() {
        let id = add(DetectorKind::Regex(r.name.clone()), actions(r));
        match custom::compile(&r.pattern) {
            Ok(re) => {
                longest =
                    longest.max(custom::max_len(&r.pattern).map_or(UNBOUNDED_MATCH, expanded));
                regexes.push((re, id))
            }
            Err(e) => problems.push(Problem {
                rule: format!("pii.regexes[{i}] {:?}", r.name),
                reason: format!("bad regex: {e}"),
            }),
        }
    }

    match (pii, literals) {
        (Some(pii), Some(literals)) if problems.is_empty() => {
            let pii_detectors: Vec<DetectorId> =
                (0..pii.len()).map(|i| by_type[&pii.info(i).0]).collect();
            let pii_enabled = [0, 1].map(|side| {
                pii_detectors
                    .iter()
                    .map(|d| detectors[d.0 as usize].actions[side].is_some())
                    .collect()
            });
            let (pii_longest, reach) = pii.extent(UNBOUNDED_MATCH, normalize::MAX_EXPANSION);
            let longest = longest.max(pii_longest);
            Ok(Scanner {
                inner: Arc::new(Inner {
                    policy: policy.clone(),
                    detectors,
                    words,
                    pii,
                    literals,
                    pii_detectors,
                    pii_enabled,
                    regexes,
                    min_score: spec.pii.min_score.unwrap_or(DEFAULT_MIN_SCORE),
                    normalize,
                    extent: (longest, reach),
                }),
            })
        }
        _ => Err(Error::invalid(&policy.spec().name, problems)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}

    #[test]
    fn scanner_is_send_sync_and_cheap_to_clone() {
        assert_send_sync_clone::<Scanner>();
    }
}
