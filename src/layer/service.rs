//! `GuardrailLayer`, `GuardrailService` and the layer's error.

use std::fmt;
use std::task::{Context, Poll};

use tower_layer::Layer;
use tower_service::Service;

use super::future::ResponseFuture;
use super::guarded::Guarded;
use super::remote::RemoteGuardrailLayer;
use crate::policy::Source;
use crate::remote::RemoteGuardrail;
use crate::scan::Scanner;
use crate::verdict::Verdict;

/// Wraps a service in a [`GuardrailService`], which checks requests before,
/// and responses after, the service it wraps.
///
/// ```
/// use guardrail::{GuardError, GuardrailLayer, Policy, Scanner};
/// use tower::{service_fn, ServiceBuilder, ServiceExt};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let scanner = Scanner::compile(&Policy::default_policy())?;
/// // Any service whose request and response are `Guarded` (String, Bedrock
/// // Converse / InvokeModel JSON as serde_json::Value, ...).
/// let model = service_fn(|prompt: String| async move {
///     Ok::<_, std::convert::Infallible>(format!("you said: {prompt}"))
/// });
/// let guarded = ServiceBuilder::new()
///     .layer(GuardrailLayer::new(scanner))
///     .service(model);
///
/// // PII in the prompt is masked before the model sees it.
/// let answer = guarded.clone().oneshot("mail me at a@example.com".to_string()).await?;
/// assert_eq!(answer, "you said: mail me at {EMAIL}");
///
/// // A blocked prompt never reaches the model; the verdict says why.
/// let err = guarded.oneshot("you motherfucker".to_string()).await.unwrap_err();
/// let GuardError::Blocked(verdict) = err else { panic!("expected a block") };
/// assert!(verdict.is_blocked());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
///
/// Order of work in [`GuardrailService::call`]: the request's texts are
/// scanned synchronously as `INPUT`; a block returns a ready
/// [`ResponseFuture`] with [`GuardError::Blocked`] and the inner service is
/// never called; masked texts replace the originals; the inner service is
/// called; its response's texts are scanned as `OUTPUT`, blocked or masked the
/// same way. No text passes unscanned: a request or response the layer cannot
/// check is not passed on.
#[derive(Debug, Clone)]
pub struct GuardrailLayer {
    scanner: Scanner,
}

impl GuardrailLayer {
    /// A layer checking with `scanner` (cheap to clone; compile it once).
    pub fn new(scanner: Scanner) -> Self {
        GuardrailLayer { scanner }
    }

    /// Adds a remote judge (Bedrock `ApplyGuardrail`): see [`RemoteGuardrailLayer`].
    pub fn remote(self, judge: impl RemoteGuardrail + 'static) -> RemoteGuardrailLayer {
        RemoteGuardrailLayer::new(self.scanner, std::sync::Arc::new(judge))
    }
}

impl<S> Layer<S> for GuardrailLayer {
    type Service = GuardrailService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        GuardrailService::new(inner, self.scanner.clone())
    }
}

/// A service whose requests and responses are checked by a guardrail.
#[derive(Debug, Clone)]
pub struct GuardrailService<S> {
    inner: S,
    scanner: Scanner,
}

impl<S> GuardrailService<S> {
    /// Wraps `inner`.
    pub fn new(inner: S, scanner: Scanner) -> Self {
        GuardrailService { inner, scanner }
    }

    /// A [`GuardrailLayer`] with `scanner`.
    pub fn layer(scanner: Scanner) -> GuardrailLayer {
        GuardrailLayer::new(scanner)
    }

    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The wrapped service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Unwraps the inner service.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S, Req> Service<Req> for GuardrailService<S>
where
    S: Service<Req> + Clone,
    Req: Guarded,
    S::Response: Guarded,
{
    type Response = S::Response;
    type Error = GuardError<S::Error>;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(GuardError::Inner)
    }

    fn call(&mut self, mut request: Req) -> Self::Future {
        let verdict = self.scanner.check_blocks(&request.texts(), Source::Input);
        if verdict.is_blocked() {
            return ResponseFuture::blocked(verdict);
        }
        if verdict.is_intervened() {
            request.replace_texts(verdict.outputs.into_iter().map(|o| o.text).collect());
        }
        // Call the instance that was driven to readiness; keep a fresh clone.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        ResponseFuture::called(inner.call(request), self.scanner.clone())
    }
}

/// Why a guarded call did not return the inner service's response.
#[derive(Debug)]
#[non_exhaustive]
pub enum GuardError<E> {
    /// The inner service failed.
    Inner(E),
    /// The guardrail blocked the request or the response. The verdict's
    /// `outputs[0].text` is the policy's blocked message for that direction.
    Blocked(Box<Verdict>),
}

impl<E: fmt::Display> fmt::Display for GuardError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GuardError::Inner(e) => write!(f, "inner service failed: {e}"),
            GuardError::Blocked(_) => f.write_str("blocked by the guardrail"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for GuardError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GuardError::Inner(e) => Some(e),
            GuardError::Blocked(_) => None,
        }
    }
}
