//! The tower layers: [`GuardrailLayer`](crate::GuardrailLayer) (any service
//! whose request and response are [`Guarded`](crate::Guarded)), the remote
//! judge's layer and, with the `http` feature, the JSON-body and streaming
//! layers. Their docs, with examples, are on the re-exported types.

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
