//! `GET /releases`: a masthead's published news releases, newest first,
//! each labelled and with its organisation's name; the way in to the
//! form.

use super::ReleaseView;
use crate::cache::Cacheable;
use crate::error::WebError;
use crate::masthead::Site;
use crate::site::view::{self, PageView};
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use jiff::Timestamp;
use serde::Serialize;

/// Releases on the page.
const PAGE_LEN: u32 = 30;

#[derive(Serialize)]
struct ListPage {
    page: PageView,
    releases: Vec<ReleaseView>,
    submit_href: Option<String>,
    label: &'static str,
}

/// `GET /releases`.
pub async fn show(State(state): State<AppState>, site: Site) -> Result<Response, WebError> {
    let found = state
        .store
        .published_releases(&site.masthead.id, None, Timestamp::now(), PAGE_LEN)
        .await?;
    let title = format!("News releases | {}", site.masthead.name);
    let page = PageView::new(&state, Some(&site), &title)
        .with_feeds(
            &site,
            "/releases",
            &format!("{}: news releases", site.masthead.name),
        )
        .shared_as(
            &site,
            site.absolute("/releases"),
            "News from businesses, community and sports groups, as they sent it.",
        );
    let html = state.templates.render(
        Some(site.masthead.id.as_str()),
        "releases/list.html",
        &ListPage {
            page: without_json_feed(page),
            releases: found.iter().map(|r| ReleaseView::of(&site, r)).collect(),
            submit_href: state
                .circulation
                .is_some()
                .then(|| site.href("/releases/submit")),
            label: super::LABEL,
        },
    )?;
    Ok(view::html_page(html, Cacheable::LIST))
}

/// Releases have RSS and Atom feeds, no JSON Feed.
fn without_json_feed(mut page: PageView) -> PageView {
    page.alternates.retain(|a| a.format != "JSON Feed");
    page
}
