//! A source's page: where its copy comes from, and its stories on this
//! masthead, a page at a time.

use crate::error::WebError;
use crate::masthead::Site;
use crate::site::list::{self, List, ListQuery};
use crate::site::view::PageView;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use newsdesk_domain::SourceId;
use newsdesk_store::StoryFilter;
use serde::Deserialize;

/// The source's part of the path.
#[derive(Deserialize)]
pub struct SourcePath {
    id: i64,
}

/// `GET /source/ID`.
pub async fn show(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SourcePath>,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let source = state
        .store
        .source(SourceId(path.id))
        .await?
        .filter(|s| s.feeds(&site.masthead.id))
        .ok_or(WebError::NotFound)?;
    let dir = format!("/source/{}", source.id);
    let title = format!("Stories from {} | {}", source.name, site.masthead.name);
    let intro = format!(
        "Copy {} carries from {}.",
        site.masthead.name,
        source.url.host()
    );
    let page =
        PageView::new(&state, Some(&site), &title).shared_as(&site, site.absolute(&dir), &intro);
    list::render(
        &state,
        &site,
        List {
            page,
            heading: &source.name,
            intro: Some(&intro),
            filter: StoryFilter {
                masthead: Some(site.masthead.reach()),
                source: Some(source.id),
                ..StoryFilter::default()
            },
            path: dir.clone(),
            neighbours: Vec::new(),
            placed: None,
        },
        &query,
    )
    .await
}
