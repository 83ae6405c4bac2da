//! # guardrail
//!
//! Fast local guardrails for generative-AI services: word filters and
//! detection of every Amazon Bedrock Guardrails PII type, with verdicts in
//! Bedrock's own `ApplyGuardrail` response shape.
//!
//! ## Quick example
//!
//! ```
//! use guardrail::{Policy, Scanner, Source};
//!
//! let scanner = Scanner::compile(&Policy::default_policy())?;
//! let verdict = scanner.check("card 4111 1111 1111 1111, mail jane@example.com", Source::Input);
//! assert!(verdict.is_intervened());
//! assert_eq!(verdict.outputs[0].text, "card {CREDIT_DEBIT_CARD_NUMBER}, mail {EMAIL}");
//! # Ok::<(), guardrail::Error>(())
//! ```
//!
//! ## Policy file format
//!
//! A policy is Bedrock's `CreateGuardrail` configuration, written either as
//! native TOML (see `rules/default.toml`) or as Bedrock's camelCase JSON
//! unchanged. See [`Policy`].
//!
//! ## Performance
//!
//! A [`Scanner`] is compiled once. Scanning runs one aho-corasick automaton
//! over the words and every PII trigger literal, and one lazy DFA of the
//! digit-triggered patterns around runs of digits; recognizer regexes run
//! only in windows around their triggers, and around digit runs only where
//! that DFA found a match of theirs.
//!
//! ## Tower layer
//!
//! [`GuardrailLayer`] scans the requests and responses of any tower service
//! (example there); with the `http` feature, `JsonBodyLayer` guards
//! axum/hyper JSON bodies and `StreamingResponseLayer` streamed answers.
//!
//! ## Untrusted input and limits
//!
//! Scanning never panics on input. Custom regexes are compiled with size
//! limits ([`REGEX_SIZE_LIMIT`]) so a hostile policy is rejected at load time
//! rather than made slow at scan time.

mod entity;
mod error;
mod json;
pub(crate) mod layer;
mod policy;
mod remote;
mod scan;
mod stream;
mod verdict;

pub use entity::{PiiType, UnknownPiiType};
pub use error::{Error, ErrorKind, Problem};
#[cfg(feature = "http")]
pub use layer::{
    default_block_response, BlockResponse, JsonBodyLayer, JsonBodyService, DEFAULT_BODY_LIMIT,
};
pub use layer::{
    GuardError, Guarded, GuardrailLayer, GuardrailService, RemoteGuardrailLayer,
    RemoteGuardrailService, ResponseFuture,
};
#[cfg(feature = "http")]
pub use layer::{
    GuardedBody, StreamingResponseFuture, StreamingResponseLayer, StreamingResponseService,
    DEFAULT_EVENT_LIMIT,
};
pub use policy::{
    BedrockJudgeSpec, ConfigAction, ContentFilterSpec, ManagedWordsSpec, ManagedWordsType,
    PiiEntitySpec, PiiSpec, Policy, PolicyFormat, PolicySpec, RegexSpec, Source, TopicSpec,
    WordSpec, WordsSpec,
};
pub use remote::{
    degraded, merge, BoxFuture, BreakerStats, CircuitBreaker, CircuitState, FailMode, RemoteError,
    RemoteErrorKind, RemoteGuardrail,
};
#[cfg(feature = "bedrock")]
pub use remote::{
    BedrockConverse, BedrockGuardrail, Chat, ChatMessage, ChatRole, Qualifier, Reply,
    DEFAULT_REMOTE_TIMEOUT,
};
pub use scan::custom::REGEX_SIZE_LIMIT;
pub use scan::{
    Detector, DetectorId, DetectorKind, Finding, Scanner, ScannerBuilder, Span, DEFAULT_MIN_SCORE,
    MIN_SEARCHED_LEN,
};
#[cfg(feature = "http")]
pub use stream::{DeltaPath, ERROR_EVENT_TYPE};
pub use stream::{
    Release, StreamError, StreamFinding, StreamMode, StreamOptions, StreamScanner, DEFAULT_BATCH,
    MAX_HOLD, MAX_KNOWN, MAX_WINDOW, UNBOUNDED_MATCH,
};
pub use verdict::{
    mask, Action, Assessment, Coverage, CoverageCount, Degraded, EntryAction, FindingEntry,
    ManagedWordEntry, OutputText, PiiEntry, RegexEntry, SensitiveInformationAssessment, Usage,
    Verdict, WordEntry, WordPolicyAssessment,
};

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(all(doctest, feature = "http", feature = "bedrock"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
