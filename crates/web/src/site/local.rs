//! A masthead's "Local" section (`/local`): the stories filed in the
//! countries of its `regions`, whatever source carried them, newest
//! first, a page at a time, with its feeds under `/local/`. The front
//! page shows its newest ([`super::front`]). Only a masthead with
//! `local_section` on has it; elsewhere it is a friendly 404.
//!
//! Its own path, not `/section/local`: a section is a name feeds choose,
//! and one called "local" must keep its page.

use crate::error::WebError;
use crate::masthead::Site;
use crate::site::list::{self, List, ListQuery};
use crate::site::view::PageView;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use newsdesk_store::StoryFilter;

/// The section's name, as readers see it.
pub const NAME: &str = "Local";

/// Its page, under the masthead.
pub const PATH: &str = "/local";

/// Whether the masthead has the section: `Ok` when it does, else 404.
pub fn offered(site: &Site) -> Result<(), WebError> {
    if site.masthead.local_section {
        Ok(())
    } else {
        Err(WebError::NotFound)
    }
}

/// The stories of the section: those filed in the masthead's countries
/// (all of which the masthead takes, by region).
pub fn filter(site: &Site) -> StoryFilter {
    StoryFilter {
        filed_in: Some(site.masthead.regions.countries().to_vec()),
        ..StoryFilter::default()
    }
}

/// `GET /local`.
pub async fn show(
    State(state): State<AppState>,
    site: Site,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    offered(&site)?;
    let title = format!("{NAME} | {}", site.masthead.name);
    let intro = format!(
        "News filed from the places {} covers, whichever wire carried it.",
        site.masthead.name
    );
    let page = PageView::new(&state, Some(&site), &title)
        .with_feeds(&site, PATH, &format!("{}: {NAME}", site.masthead.name))
        .shared_as(&site, site.absolute(PATH), &intro);
    list::render(
        &state,
        &site,
        List {
            page,
            heading: NAME,
            intro: Some(&intro),
            filter: filter(&site),
            path: PATH.to_owned(),
            neighbours: Vec::new(),
            placed: None,
        },
        &query,
    )
    .await
}
