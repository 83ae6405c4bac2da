//! Word lists used by the NAME and ADDRESS heuristics (`rules/lexicon/*.txt`).

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashSet;

/// The shipped lexicons, embedded at build time.
pub(crate) const SHIPPED: &[(&str, &str)] = &[
    (
        "first_names",
        include_str!("../../../rules/lexicon/first_names.txt"),
    ),
    (
        "surnames",
        include_str!("../../../rules/lexicon/surnames.txt"),
    ),
    (
        "name_stopwords",
        include_str!("../../../rules/lexicon/name_stopwords.txt"),
    ),
    (
        "street_types",
        include_str!("../../../rules/lexicon/street_types.txt"),
    ),
    (
        "unit_words",
        include_str!("../../../rules/lexicon/unit_words.txt"),
    ),
    (
        "regions",
        include_str!("../../../rules/lexicon/regions.txt"),
    ),
    ("titles", include_str!("../../../rules/lexicon/titles.txt")),
];

/// Entries of a lexicon file: one a line, `#` comments and blank lines skipped.
pub(crate) fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The text of a shipped lexicon by name.
pub(crate) fn shipped(name: &str) -> Option<&'static str> {
    SHIPPED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Lower-cased lexicon sets for the validators.
#[derive(Debug, Default)]
pub(crate) struct Lexicons {
    pub(crate) first_names: FxHashSet<String>,
    pub(crate) surnames: FxHashSet<String>,
    pub(crate) stopwords: FxHashSet<String>,
    pub(crate) street_types: FxHashSet<String>,
}

impl Lexicons {
    /// The shipped sets, built once per process and shared by every scanner
    /// (building them is a large part of compiling a policy).
    pub(crate) fn shipped() -> Arc<Self> {
        static SHIPPED: OnceLock<Arc<Lexicons>> = OnceLock::new();
        SHIPPED.get_or_init(|| Arc::new(Self::build())).clone()
    }

    fn build() -> Self {
        let set = |name: &str| -> FxHashSet<String> {
            shipped(name)
                .map(|t| entries(t).map(str::to_lowercase).collect())
                .unwrap_or_default()
        };
        Lexicons {
            first_names: set("first_names"),
            surnames: set("surnames"),
            stopwords: set("name_stopwords"),
            street_types: set("street_types"),
        }
    }
}
