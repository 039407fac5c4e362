//! `GET /releases/feed.xml` and `/releases/atom.xml`: a masthead's
//! published news releases as RSS and Atom, each entry's category
//! "News release" and its author the organisation, so a reader of the
//! feed knows it for what it is.

use super::ReleaseEntry;
use crate::cache::Cacheable;
use crate::error::WebError;
use crate::feeds::{self, Channel, Entry};
use crate::masthead::Site;
use crate::site::view;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use jiff::Timestamp;

/// Entries in a feed.
const FEED_LEN: u32 = 30;

/// `GET /releases/feed.xml`.
pub async fn rss(State(state): State<AppState>, site: Site) -> Result<Response, WebError> {
    render(&state, &site, "feed.xml").await
}

/// `GET /releases/atom.xml`.
pub async fn atom(State(state): State<AppState>, site: Site) -> Result<Response, WebError> {
    render(&state, &site, "atom.xml").await
}

async fn render(state: &AppState, site: &Site, file: &str) -> Result<Response, WebError> {
    let now = Timestamp::now();
    let found = state
        .store
        .published_releases(&site.masthead.id, None, now, FEED_LEN)
        .await?;
    let owned: Vec<ReleaseEntry> = found.iter().map(|r| ReleaseEntry::of(site, r)).collect();
    let entries: Vec<Entry<'_>> = owned.iter().map(ReleaseEntry::entry).collect();
    let title = format!("{}: news releases", site.masthead.name);
    let home_url = site.absolute("/releases");
    let feed_url = site.absolute(&format!("/releases/{file}"));
    let icon = site.logo_url();
    let channel = Channel {
        title: &title,
        description: &site.masthead.tagline,
        language: &site.masthead.language,
        home_url: &home_url,
        feed_url: &feed_url,
        updated: entries.iter().map(|e| e.published).max().unwrap_or(now),
        icon: icon.as_deref(),
    };
    Ok(if file == "atom.xml" {
        view::typed(
            feeds::atom(&channel, &entries),
            feeds::atom::CONTENT_TYPE,
            Cacheable::FEED,
        )
    } else {
        view::typed(
            feeds::rss(&channel, &entries),
            feeds::rss::CONTENT_TYPE,
            Cacheable::FEED,
        )
    })
}
