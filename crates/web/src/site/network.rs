//! The bare server address: a list of the network's mastheads.

use crate::cache::Cacheable;
use crate::error::WebError;
use crate::site::view::{self, PageView};
use crate::state::AppState;
use axum::response::Response;
use serde::Serialize;

#[derive(Serialize)]
struct NetworkPage {
    page: PageView,
    mastheads: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    name: String,
    tagline: String,
    href: String,
    host: String,
}

/// Renders the list of mastheads, each reachable by `/m/ID/`. It shows
/// nothing the mastheads' own pages do not.
pub fn render(state: &AppState) -> Result<Response, WebError> {
    let mastheads: Vec<Entry> = state
        .mastheads_now()
        .iter()
        .map(|m| Entry {
            name: m.name.clone(),
            tagline: m.tagline.clone(),
            href: format!("/m/{}/", m.id),
            host: m.host.clone(),
        })
        .collect();
    let page = NetworkPage {
        page: PageView::new(state, None, "Newsdesk: the network's mastheads"),
        mastheads,
    };
    let html = state.templates.render(None, "network.html", &page)?;
    Ok(view::html_page(html, Cacheable::LIST))
}
