//! The reader-facing pages, one action per file.

pub mod assets;
pub mod front;
pub mod health;
pub mod network;
pub mod story;
pub mod view;

use crate::state::AppState;
use axum::Router;
use axum::routing::get;

/// The site's routes, for hosts and for `/m/ID/` alike.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(front::show))
        .route("/story/{id}", get(story::show))
        .route("/story/{id}/{slug}", get(story::show))
        .route("/m/{masthead}", get(front::redirect_to_slash))
        .route("/m/{masthead}/", get(front::show))
        .route("/m/{masthead}/story/{id}", get(story::show))
        .route("/m/{masthead}/story/{id}/{slug}", get(story::show))
        .route("/static/site.css", get(assets::site_css))
        .route("/healthz", get(health::check))
}
