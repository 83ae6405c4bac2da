//! The response future of [`GuardrailService`](super::GuardrailService).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use pin_project_lite::pin_project;

use super::guarded::Guarded;
use super::service::GuardError;
use crate::policy::Source;
use crate::scan::Scanner;
use crate::verdict::Verdict;

pin_project! {
    /// Resolves to the inner service's response, checked as `OUTPUT`.
    ///
    /// States, in poll order: `Blocked` (the request was blocked: resolves
    /// at once to [`GuardError::Blocked`], the inner service was never
    /// called) or `Called` (polls the inner future, then scans the response
    /// and blocks or masks it).
    pub struct ResponseFuture<F> {
        #[pin]
        state: State<F>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F> {
        Blocked { verdict: Option<Box<Verdict>> },
        Called { #[pin] future: F, scanner: Scanner },
    }
}

impl<F> ResponseFuture<F> {
    pub(crate) fn blocked(verdict: Verdict) -> Self {
        ResponseFuture {
            state: State::Blocked {
                verdict: Some(Box::new(verdict)),
            },
        }
    }

    pub(crate) fn called(future: F, scanner: Scanner) -> Self {
        ResponseFuture {
            state: State::Called { future, scanner },
        }
    }
}

impl<F, R, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<R, E>>,
    R: Guarded,
{
    type Output = Result<R, GuardError<E>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Blocked { verdict } => match verdict.take() {
                Some(v) => Poll::Ready(Err(GuardError::Blocked(v))),
                // The Future contract: polling after completion may panic.
                #[allow(clippy::panic)]
                None => panic!("guardrail ResponseFuture polled after completion"),
            },
            StateProj::Called { future, scanner } => {
                let mut response = match future.poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Err(e)) => return Poll::Ready(Err(GuardError::Inner(e))),
                    Poll::Ready(Ok(r)) => r,
                };
                let verdict = scanner.check_blocks(&response.texts(), Source::Output);
                if verdict.is_blocked() {
                    return Poll::Ready(Err(GuardError::Blocked(Box::new(verdict))));
                }
                if verdict.is_intervened() {
                    response.replace_texts(verdict.outputs.into_iter().map(|o| o.text).collect());
                }
                Poll::Ready(Ok(response))
            }
        }
    }
}

impl<F> std::fmt::Debug for ResponseFuture<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}
