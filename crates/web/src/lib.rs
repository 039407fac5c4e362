//! The public site of every masthead, server-rendered.
//!
//! A guided tour:
//! - [`state`]: the one shared [`AppState`] (store, mastheads, templates).
//! - [`masthead`]: the [`masthead::Site`] extractor, which picks the masthead
//!   a request is for, by `/m/ID/` path or by `Host`.
//! - [`site`]: the reader-facing pages, one action per file.
//! - [`templates`]: templates and assets embedded in the binary.
//! - [`feeds`]: the machine-readable documents of a site (RSS, Atom, JSON
//!   Feed, sitemaps, `robots.txt`, JSON-LD), as pure functions.
//! - [`error`]: the one error type at the HTTP edge.
//! - [`headers`]: security headers on every response.
//! - [`operations`]: `/metrics` for the people who run the site.
//!
//! [`router`] merges every area's routes in one place.

pub mod error;
pub mod feeds;
pub mod headers;
pub mod masthead;
pub mod operations;
pub mod site;
pub mod state;
pub mod templates;

pub use state::AppState;

use axum::Router;

/// Every route of the web role.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(site::router())
        .route("/metrics", axum::routing::get(operations::metrics))
        .layer(axum::middleware::map_response(headers::secure))
        .with_state(state)
}
