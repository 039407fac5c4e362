//! The one error type at the HTTP edge.
//!
//! Policy: a 4xx says what the reader can do about it (a page that is not
//! there); a 5xx says only that something went wrong, and the cause chain
//! goes to the log, never into the response. Handlers return
//! `Result<_, WebError>` and use `?` on storage calls: a storage error
//! becomes a logged 500.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use newsdesk_store::StoreError;

/// What a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No such page.
    #[error("not found")]
    NotFound,
    /// Storage failed.
    #[error("storage failed")]
    Store(#[from] StoreError),
    /// A template failed to render.
    #[error("rendering failed")]
    Render(#[from] minijinja::Error),
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            WebError::NotFound => (
                StatusCode::NOT_FOUND,
                Html(page(
                    "Page not found",
                    "There is no page at this address. It may have moved; the front page lists the latest stories.",
                )),
            )
                .into_response(),
            other => {
                tracing::error!(error = &other as &dyn std::error::Error, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Html(page(
                        "Something went wrong",
                        "The page could not be shown just now. Please try again in a moment.",
                    )),
                )
                    .into_response()
            }
        }
    }
}

/// A bare page for errors: it must render even when templates cannot.
fn page(title: &str, text: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <link rel=\"stylesheet\" href=\"/static/site.css\"></head><body><main class=\"error\">\
         <h1>{title}</h1><p>{text}</p><p><a href=\"/\">Front page</a></p></main></body></html>"
    )
}
