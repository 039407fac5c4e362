//! The one error type at the HTTP edge, and the pages it shows.
//!
//! Policy: a 4xx says what the reader can do about it (a page that is not
//! there, a search that cannot be read); a 5xx says only that something
//! went wrong, and the cause chain goes to the log, never into the
//! response. Handlers return `Result<_, WebError>` and use `?` on storage
//! calls: a storage error becomes a logged 500.
//!
//! Every error answer, ours or the router's (an unknown path, a path that
//! is not UTF-8), is turned into a page in the masthead's own look by
//! [`themed`], called from the page layer; [`bare_page`] is the fallback
//! when even that cannot render.

use crate::masthead::Site;
use crate::site::view::PageView;
use crate::state::AppState;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use newsdesk_store::StoreError;
use serde::Serialize;

/// What a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No such page.
    #[error("not found")]
    NotFound,
    /// The page was here and an editor took it down on purpose (an
    /// unpublished story): `410 Gone`, so search engines drop the address
    /// at once rather than try it again as they do a 404's.
    #[error("gone")]
    Gone,
    /// The request cannot be read; the text says what to change.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// Storage failed.
    #[error("storage failed")]
    Store(#[from] StoreError),
    /// A template failed to render.
    #[error("rendering failed")]
    Render(#[from] minijinja::Error),
}

/// The reader-facing words of an error answer; carried on the response so
/// the page layer can show them in the masthead's look.
#[derive(Debug, Clone, Copy)]
pub struct ErrorPage {
    /// The heading.
    pub title: &'static str,
    /// What the reader can do.
    pub message: &'static str,
}

impl ErrorPage {
    /// The words for a status.
    pub fn for_status(status: StatusCode) -> Self {
        match status {
            StatusCode::NOT_FOUND => Self {
                title: "Page not found",
                message: "There is no page at this address. It may have moved; the front page lists the latest stories, and the search box finds older ones.",
            },
            StatusCode::GONE => Self {
                title: "This story has been taken down",
                message: "The newsroom has withdrawn this story. The front page lists the latest stories, and the search box finds older ones.",
            },
            StatusCode::METHOD_NOT_ALLOWED => Self {
                title: "Not allowed",
                message: "This address only answers a plain visit.",
            },
            s if s.is_client_error() => Self {
                title: "This address cannot be read",
                message: "Part of this address is not what the site expects. Follow a link from the front page instead.",
            },
            _ => Self {
                title: "Something went wrong",
                message: "The page could not be shown just now. Please try again in a moment.",
            },
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, page) = match self {
            WebError::NotFound => (
                StatusCode::NOT_FOUND,
                ErrorPage::for_status(StatusCode::NOT_FOUND),
            ),
            WebError::Gone => (StatusCode::GONE, ErrorPage::for_status(StatusCode::GONE)),
            WebError::BadRequest(message) => (
                StatusCode::BAD_REQUEST,
                ErrorPage {
                    title: "This address cannot be read",
                    message,
                },
            ),
            other => {
                tracing::error!(error = &other as &dyn std::error::Error, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorPage::for_status(StatusCode::INTERNAL_SERVER_ERROR),
                )
            }
        };
        let mut response = (status, Html(bare_page(page.title, page.message))).into_response();
        response.extensions_mut().insert(page);
        response
    }
}

/// A handler's word that its error answer is already a whole page in the
/// masthead's look (a form shown again with what to fix), which the page
/// layer passes on as it is.
#[derive(Debug, Clone, Copy)]
pub struct OwnPage;

#[derive(Serialize)]
struct ErrorView<'a> {
    page: PageView,
    title: &'a str,
    message: &'a str,
    status: u16,
}

/// An error answer in the look of `site` (or of the network's own pages),
/// with the same status. 4xx answers may be kept a minute by proxies; 5xx
/// answers never.
pub fn themed(
    state: &AppState,
    site: Option<&Site>,
    status: StatusCode,
    page: ErrorPage,
) -> Response {
    let title = match site {
        Some(site) => format!("{} | {}", page.title, site.masthead.name),
        None => page.title.to_owned(),
    };
    let view = ErrorView {
        page: PageView::new(state, site, &title),
        title: page.title,
        message: page.message,
        status: status.as_u16(),
    };
    let id = site.map(|s| s.masthead.id.as_str());
    let body = match state.templates.render(id, "error.html", &view) {
        Ok(html) => html,
        Err(e) => {
            tracing::error!(
                error = &e as &dyn std::error::Error,
                "the error page failed to render"
            );
            bare_page(page.title, page.message)
        }
    };
    let mut response = (status, Html(body)).into_response();
    let cache = if status.is_server_error() {
        "no-store"
    } else {
        "public, max-age=60"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// A bare page for errors: it must render even when templates cannot.
pub fn bare_page(title: &str, text: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
         </head><body><main class=\"error\"><h1>{title}</h1><p>{text}</p><p><a href=\"/\">Front page</a></p></main></body></html>"
    )
}
