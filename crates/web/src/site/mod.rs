//! The reader-facing pages, one action per file.
//!
//! [`pages`] is the one route table of a masthead's site. [`router`] mounts
//! it twice: at the root, for a masthead picked by its host name, and under
//! `/m/ID`, for any masthead on the server's own address.

pub mod archive;
pub mod assets;
pub mod feed;
pub mod front;
pub mod list;
pub mod local;
pub mod network;
pub mod robots;
pub mod search;
pub mod section;
pub mod sitemap;
pub mod source;
pub mod story;
pub mod view;

use crate::error::WebError;
use crate::masthead::{MASTHEAD_PARAM, Site};
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use feed::Format;

/// The routes of one masthead's site, relative to where it is mounted.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/", get(front::show))
        .route("/section/{section}", get(section::show))
        .route("/story/{id}", get(story::show))
        .route("/story/{id}/{slug}", get(story::show))
        .route("/local", get(local::show))
        .route("/local/{file}", get(feed::local))
        .route("/source/{id}", get(source::show))
        .route("/archive/{year}/{month}/{day}", get(archive::show))
        .route("/search", get(search::show))
        .route(
            "/feed.xml",
            get(|s: State<AppState>, site: Site| feed::masthead(s.0, site, Format::Rss)),
        )
        .route(
            "/atom.xml",
            get(|s: State<AppState>, site: Site| feed::masthead(s.0, site, Format::Atom)),
        )
        .route(
            "/feed.json",
            get(|s: State<AppState>, site: Site| feed::masthead(s.0, site, Format::Json)),
        )
        .route(
            "/section/{section}/feed.xml",
            get(
                |s: State<AppState>, site: Site, p: Path<feed::SectionPath>| {
                    feed::section(s, site, p, Format::Rss)
                },
            ),
        )
        .route(
            "/section/{section}/atom.xml",
            get(
                |s: State<AppState>, site: Site, p: Path<feed::SectionPath>| {
                    feed::section(s, site, p, Format::Atom)
                },
            ),
        )
        .route(
            "/section/{section}/feed.json",
            get(
                |s: State<AppState>, site: Site, p: Path<feed::SectionPath>| {
                    feed::section(s, site, p, Format::Json)
                },
            ),
        )
        .route("/sitemap.xml", get(sitemap::index))
        .route("/sitemaps/pages.xml", get(sitemap::pages))
        .route("/sitemaps/news.xml", get(sitemap::news))
        .route("/sitemaps/{file}", get(sitemap::stories))
        .route("/static/site.css", get(assets::site_css))
        .merge(crate::email::router())
        .merge(crate::releases::router())
}

/// Every masthead's pages, by host and by `/m/ID`, and the server's own.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(pages())
        .route("/robots.txt", get(robots::show))
        .route(
            &format!("/m/{{{MASTHEAD_PARAM}}}"),
            get(front::redirect_to_slash),
        )
        .nest(&format!("/m/{{{MASTHEAD_PARAM}}}/"), pages())
        .fallback(not_found)
}

/// Anything no route matches.
async fn not_found() -> WebError {
    WebError::NotFound
}
