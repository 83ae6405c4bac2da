//! A tower middleware that checks requests before, and responses after, the
//! service it wraps.
//!
//! ```
//! use guardrail::{GuardError, GuardrailLayer, Policy, Scanner};
//! use tower::{service_fn, ServiceBuilder, ServiceExt};
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let scanner = Scanner::compile(&Policy::default_policy())?;
//! // Any service whose request and response are `Guarded` (String, Bedrock
//! // Converse / InvokeModel JSON as serde_json::Value, ...).
//! let model = service_fn(|prompt: String| async move {
//!     Ok::<_, std::convert::Infallible>(format!("you said: {prompt}"))
//! });
//! let guarded = ServiceBuilder::new()
//!     .layer(GuardrailLayer::new(scanner))
//!     .service(model);
//!
//! // PII in the prompt is masked before the model sees it.
//! let answer = guarded.clone().oneshot("mail me at a@example.com".to_string()).await?;
//! assert_eq!(answer, "you said: mail me at {EMAIL}");
//!
//! // A blocked prompt never reaches the model; the verdict says why.
//! let err = guarded.oneshot("you motherfucker".to_string()).await.unwrap_err();
//! let GuardError::Blocked(verdict) = err else { panic!("expected a block") };
//! assert!(verdict.is_blocked());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```
//!
//! Order of work in [`GuardrailService::call`]: the request's texts are
//! scanned synchronously as `INPUT`; a block returns a ready
//! [`ResponseFuture`] with [`GuardError::Blocked`] and the inner service is
//! never called; masked texts replace the originals; the inner service is
//! called; its response's texts are scanned as `OUTPUT`, blocked or masked the
//! same way. No text passes unscanned: a request or response the layer cannot
//! check is not passed on.

mod future;
mod guarded;
#[cfg(feature = "http")]
pub(crate) mod http;
mod remote;
mod service;
#[cfg(feature = "http")]
mod stream_body;
#[cfg(feature = "http")]
pub(crate) mod streaming;

#[cfg(feature = "http")]
pub use self::http::{
    default_block_response, BlockResponse, JsonBodyLayer, JsonBodyService, DEFAULT_BODY_LIMIT,
};
#[cfg(feature = "http")]
pub use self::stream_body::GuardedBody;
#[cfg(feature = "http")]
pub use self::streaming::{
    StreamingResponseFuture, StreamingResponseLayer, StreamingResponseService, DEFAULT_EVENT_LIMIT,
};
pub use future::ResponseFuture;
pub use guarded::Guarded;
pub use remote::{RemoteGuardrailLayer, RemoteGuardrailService};
pub use service::{GuardError, GuardrailLayer, GuardrailService};
