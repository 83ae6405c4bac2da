//! What a scan reports: byte spans tagged with the detector that found them.

use serde::Serialize;

use crate::entity::PiiType;
use crate::policy::ConfigAction;

/// A half-open range of UTF-8 byte offsets into the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether two spans share a byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Index of a detector in its [`Scanner`](crate::Scanner).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DetectorId(pub(crate) u32);

/// What kind of rule a detector is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DetectorKind {
    /// A PII entity type.
    Pii(PiiType),
    /// A custom regex of the policy, by name.
    Regex(String),
    /// A custom word or phrase of the policy.
    CustomWord(String),
    /// An entry of a managed word list (`PROFANITY`).
    ManagedWord,
}

/// A compiled rule as the policy configured it.
#[derive(Debug, Clone)]
pub struct Detector {
    pub(crate) kind: DetectorKind,
    /// Actions for (INPUT, OUTPUT); `None` where disabled.
    pub(crate) actions: [Option<ConfigAction>; 2],
}

impl Detector {
    /// What kind of rule this is.
    pub fn kind(&self) -> &DetectorKind {
        &self.kind
    }

    /// The mask placeholder name: the PII type or the regex name.
    pub fn label(&self) -> &str {
        match &self.kind {
            DetectorKind::Pii(t) => t.as_str(),
            DetectorKind::Regex(name) => name,
            DetectorKind::CustomWord(_) => "CUSTOM_WORD",
            DetectorKind::ManagedWord => "PROFANITY",
        }
    }
}

/// One hit: where, which detector, how sure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finding {
    /// Where in the text.
    pub span: Span,
    /// Which detector of the scanner.
    pub detector: DetectorId,
    /// Confidence in 0..=1 (1 for words and custom regexes).
    pub score: f32,
    /// Rank for overlap resolution among equally long findings.
    pub(crate) priority: i32,
    /// Whether other copies of its value must be searched for.
    pub(crate) search_elsewhere: bool,
}
