//! The public site of every masthead, server-rendered.
//!
//! A guided tour:
//! - [`state`]: the one shared [`AppState`] (store, mastheads, templates,
//!   page cache, settings).
//! - [`masthead`]: the [`masthead::Site`] extractor, which picks the masthead
//!   a request is for, by `/m/ID/` path or by `Host`.
//! - [`site`]: the reader-facing pages, one action per file, and the one
//!   route table mounted for hosts and for `/m/ID/`.
//! - [`admin`]: the newsroom admin at `/admin`: sign-in, sessions bound
//!   to their host, form tokens, roles, and the pages editors run the
//!   network from.
//! - [`email`]: the reader's side of the daily email: the subscription
//!   form on every page, confirmation, preferences and leaving, reached by
//!   signed links.
//! - [`releases`]: news releases: the form on every masthead, the
//!   sender's signed links, and the published releases, page and feed.
//! - [`cache`]: rendered pages kept in memory with their compressed forms,
//!   answered with entity tags and `304`s, dropped when stories change.
//! - [`templates`]: templates and the stylesheet, embedded in the binary,
//!   overridable per masthead from the data folder.
//! - [`feeds`]: the machine-readable documents of a site (RSS, Atom, JSON
//!   Feed, sitemaps, `robots.txt`, JSON-LD), as pure functions.
//! - [`sanitize`]: story HTML cleaned again on its way out.
//! - [`error`]: the one error type at the HTTP edge, and its pages.
//! - [`headers`]: security headers on every response.
//! - [`trace`]: a tracing span on every request.
//! - [`operations`]: `/metrics` and `/healthz` for the people who run the site.
//!
//! [`router`] merges every area's routes in one place.

pub mod admin;
pub mod cache;
pub mod client;
pub mod email;
pub mod error;
pub mod feeds;
pub mod headers;
pub mod looks;
pub mod masthead;
pub mod operations;
pub mod releases;
pub mod sanitize;
pub mod site;
pub mod state;
pub mod templates;
pub mod trace;

pub use state::{AppState, Circulation, ReleaseLimits, WebSettings};

use axum::Router;

/// Every route of the web role: the site behind its page layer, and the
/// admin and the operations routes beside it (never cached).
pub fn router(state: AppState) -> Router {
    let site = site::router().layer(axum::middleware::from_fn_with_state(
        state.clone(),
        cache::layer::pages,
    ));
    Router::new()
        .merge(site)
        .merge(admin::router())
        .merge(operations::router())
        .layer(axum::middleware::map_response(headers::secure))
        .layer(axum::middleware::from_fn(trace::requests))
        .with_state(state)
}
