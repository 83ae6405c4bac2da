//! A response body scanned as it streams.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use bytes::{Buf, Bytes};
use http::HeaderMap;
use http_body::{Body, Frame};
use pin_project_lite::pin_project;

use crate::error::{Error, ErrorKind};
use crate::policy::Source;
use crate::scan::Scanner;
use crate::stream::event::{DeltaPath, Flow, SseGuard};
use crate::stream::{StreamOptions, StreamScanner};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How the bytes of a body are guarded.
#[derive(Debug)]
enum Guard {
    /// `text/event-stream`: events with JSON text deltas.
    Sse(Box<SseGuard>),
    /// Any other body: its bytes are UTF-8 text.
    Text(Box<StreamScanner>),
}

pin_project! {
    /// A response body whose text is scanned and masked as it flows; made by
    /// [`StreamingResponseLayer`](crate::StreamingResponseLayer), whose docs
    /// say what is guarded and how each failure ends the body.
    ///
    /// Dropping it drops the wrapped body: no task is left behind.
    #[derive(Debug)]
    pub struct GuardedBody<B> {
        #[pin]
        inner: B,
        guard: Guard,
        // Output ready to leave, as text (guards only ever write UTF-8).
        out: String,
        error: Option<BoxError>,
        trailers: Option<HeaderMap>,
        done: bool,
    }
}

impl<B> GuardedBody<B> {
    /// Guards an event stream.
    pub(crate) fn sse(
        inner: B,
        scanner: &Scanner,
        options: StreamOptions,
        paths: Arc<[DeltaPath]>,
        limit: usize,
    ) -> Self {
        let guard = Guard::Sse(Box::new(SseGuard::new(scanner, options, paths, limit)));
        Self::with(inner, guard)
    }

    /// Guards a body of plain text.
    pub(crate) fn text(inner: B, scanner: &Scanner, options: StreamOptions) -> Self {
        let guard = Guard::Text(Box::new(StreamScanner::with_options(
            scanner,
            Source::Output,
            options,
        )));
        Self::with(inner, guard)
    }

    fn with(inner: B, guard: Guard) -> Self {
        GuardedBody {
            inner,
            guard,
            out: String::new(),
            error: None,
            trailers: None,
            done: false,
        }
    }
}

impl Guard {
    /// Feeds a chunk; writes what may leave to `out`, or sets `error`.
    fn push(&mut self, chunk: &[u8], out: &mut String, error: &mut Option<BoxError>) -> Flow {
        match self {
            Guard::Sse(g) => g.push(chunk, out),
            Guard::Text(s) => match s.push(chunk) {
                Ok(release) => text_release(release, out),
                Err(e) => fail_text(e, error),
            },
        }
    }

    fn finish(&mut self, out: &mut String, error: &mut Option<BoxError>) -> Flow {
        match self {
            Guard::Sse(g) => g.finish(out),
            Guard::Text(s) => match s.finish() {
                Ok(release) => text_release(release, out),
                Err(e) => fail_text(e, error),
            },
        }
    }

    fn upstream_failed(&mut self, e: BoxError, out: &mut String, error: &mut Option<BoxError>) {
        match self {
            Guard::Sse(g) => {
                g.upstream_failed(out);
            }
            Guard::Text(_) => *error = Some(e),
        }
    }
}

fn text_release(release: crate::stream::Release, out: &mut String) -> Flow {
    out.push_str(&release.text);
    match release.blocked {
        Some(message) => {
            out.push_str(&message);
            Flow::Ended
        }
        None => Flow::Open,
    }
}

fn fail_text(e: crate::stream::StreamError, error: &mut Option<BoxError>) -> Flow {
    *error = Some(Box::new(Error::new(ErrorKind::Input(format!(
        "response body could not be checked: {e}"
    )))));
    Flow::Ended
}

impl<B> Body for GuardedBody<B>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let mut this = self.project();
        loop {
            if !this.out.is_empty() {
                let text = std::mem::take(this.out);
                return Poll::Ready(Some(Ok(Frame::data(Bytes::from(text)))));
            }
            if let Some(e) = this.error.take() {
                *this.done = true;
                return Poll::Ready(Some(Err(e)));
            }
            if *this.done {
                return Poll::Ready(this.trailers.take().map(|t| Ok(Frame::trailers(t))));
            }
            let flow = match ready!(this.inner.as_mut().poll_frame(cx)) {
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(mut data) => {
                        let mut flow = Flow::Open;
                        while data.has_remaining() && flow == Flow::Open {
                            let chunk = data.chunk();
                            let n = chunk.len();
                            flow = this.guard.push(chunk, this.out, this.error);
                            data.advance(n);
                        }
                        flow
                    }
                    Err(frame) => {
                        // Trailers end the data: release what is held, then them.
                        if let Ok(trailers) = frame.into_trailers() {
                            *this.trailers = Some(trailers);
                        }
                        this.guard.finish(this.out, this.error);
                        Flow::Ended
                    }
                },
                Some(Err(e)) => {
                    this.guard.upstream_failed(e.into(), this.out, this.error);
                    Flow::Ended
                }
                None => {
                    this.guard.finish(this.out, this.error);
                    Flow::Ended
                }
            };
            if flow == Flow::Ended {
                *this.done = true;
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.done && self.out.is_empty() && self.error.is_none() && self.trailers.is_none()
    }
}
