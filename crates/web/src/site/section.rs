//! A section's page: its stories, newest first, a page at a time.
//!
//! Only the sections a masthead lists have a page; any other name is a
//! friendly 404.

use crate::error::WebError;
use crate::masthead::Site;
use crate::site::list::{self, List, ListQuery};
use crate::site::view::PageView;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use newsdesk_domain::Section;
use newsdesk_store::StoryFilter;
use serde::Deserialize;

/// The section's part of the path.
#[derive(Deserialize)]
pub struct SectionPath {
    section: String,
}

/// The section a path names, if the masthead lists it.
pub fn listed(site: &Site, name: &str) -> Result<Section, WebError> {
    let section = Section::parse(name).map_err(|_| WebError::NotFound)?;
    if site.masthead.sections.contains(&section) {
        Ok(section)
    } else {
        Err(WebError::NotFound)
    }
}

/// `GET /section/NAME`.
pub async fn show(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SectionPath>,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let section = listed(&site, &path.section)?;
    let name = section.display_name();
    let dir = format!("/section/{}", section.as_str());
    let title = format!("{name} | {}", site.masthead.name);
    let page = PageView::new(&state, Some(&site), &title)
        .in_section(&section)
        .with_feeds(&site, &dir, &format!("{}: {name}", site.masthead.name))
        .shared_as(&site, site.absolute(&dir), "");
    list::render(
        &state,
        &site,
        List {
            page,
            heading: &name,
            intro: None,
            filter: StoryFilter {
                masthead: Some(site.masthead.reach()),
                section: Some(section.clone()),
                ..StoryFilter::default()
            },
            path: dir.clone(),
            neighbours: Vec::new(),
            placed: Some(section.clone()),
        },
        &query,
    )
    .await
}
