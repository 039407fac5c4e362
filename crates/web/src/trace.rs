//! A tracing span on every request: method, path, masthead, status and
//! time taken.
//!
//! The span is at `debug` level, so it costs next to nothing unless an
//! operator asks for it (`RUST_LOG=newsdesk_web=debug`); answers that went
//! wrong are logged at `warn` (4xx are not: they are the reader's) or, for
//! 5xx, at `error` by the error type itself with their cause.

use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;
use tracing::Instrument;

/// The tracing layer.
pub async fn requests(request: Request, next: Next) -> Response {
    let span = tracing::debug_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        masthead = tracing::field::Empty,
        status = tracing::field::Empty,
        ms = tracing::field::Empty,
    );
    if !span.is_disabled() {
        let path = request.uri().path();
        let masthead = path
            .strip_prefix("/m/")
            .map(|rest| rest.split('/').next().unwrap_or_default().to_owned())
            .or_else(|| {
                request
                    .headers()
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .map(str::to_owned)
            });
        if let Some(masthead) = masthead {
            span.record("masthead", masthead.as_str());
        }
    }
    let started = Instant::now();
    let response = next.run(request).instrument(span.clone()).await;
    if !span.is_disabled() {
        span.record("status", response.status().as_u16());
        span.record("ms", started.elapsed().as_secs_f64() * 1000.0);
        let _entered = span.enter();
        tracing::debug!("answered");
    }
    response
}
