//! Remote judges: a second opinion from a guardrail service (Amazon Bedrock
//! `ApplyGuardrail`) for what only a model can judge: denied topics and
//! content filters.
//!
//! [`RemoteGuardrail`] is the seam; [`BedrockGuardrail`] (cargo feature
//! `bedrock`) implements it on `aws-sdk-bedrockruntime`. [`merge`] joins a
//! local and a remote verdict.

#[cfg(feature = "bedrock")]
mod bedrock;
mod breaker;
#[cfg(feature = "bedrock")]
mod converse;
mod merge;

use std::fmt;
use std::future::Future;
use std::pin::Pin;

#[cfg(feature = "bedrock")]
pub use bedrock::{BedrockGuardrail, Qualifier, DEFAULT_REMOTE_TIMEOUT};
pub use breaker::{BreakerStats, CircuitBreaker, CircuitState};
#[cfg(feature = "bedrock")]
pub use converse::{BedrockConverse, Chat, ChatMessage, ChatRole, Reply};
pub use merge::{degraded, merge};

use crate::policy::Source;
use crate::verdict::Verdict;

/// A boxed, sendable future.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// A guardrail service that judges texts remotely.
pub trait RemoteGuardrail: Send + Sync + fmt::Debug {
    /// Judges `texts` (one content block each) as seen from `source`, and
    /// answers with an `ApplyGuardrail`-shaped verdict.
    fn apply(&self, texts: Vec<String>, source: Source) -> BoxFuture<Result<Verdict, RemoteError>>;
}

/// What to do when the remote judge cannot answer (`"closed"` / `"open"` in policy files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailMode {
    /// Block, with the reason in the verdict (the safe default).
    #[default]
    Closed,
    /// Go on with the local verdict alone, marked degraded.
    Open,
}

/// Why a remote judge gave no verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteError {
    kind: RemoteErrorKind,
    message: String,
}

/// The distinct ways a remote call fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RemoteErrorKind {
    /// Throttled (`ThrottlingException`, HTTP 429) after the SDK's retries.
    Throttled,
    /// No answer within the configured time.
    Timeout,
    /// The service failed (5xx, `InternalServerException`, `ServiceUnavailableException`).
    Unavailable,
    /// The service refused the credentials or the guardrail (`AccessDeniedException`).
    AccessDenied,
    /// Unknown guardrail id or version (`ResourceNotFoundException`).
    NotFound,
    /// The request was rejected as invalid (`ValidationException`, over a quota).
    Rejected,
    /// The answer could not be understood (bad JSON, no `action`).
    Malformed,
    /// The connection failed (refused, reset, DNS).
    Network,
    /// Not called: a [`CircuitBreaker`] is open after repeated failures.
    CircuitOpen,
}

impl RemoteError {
    /// A new error of `kind`.
    pub fn new(kind: RemoteErrorKind, message: impl Into<String>) -> Self {
        RemoteError {
            kind,
            message: message.into(),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> RemoteErrorKind {
        self.kind
    }

    /// The message (never holds matched values).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for RemoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "remote guardrail {:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for RemoteError {}
