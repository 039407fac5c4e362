//! The story page: source line, time in the masthead's zone, headline,
//! standfirst, body, and "More Information".
//!
//! A story is shown only on the mastheads that take its source. A request
//! with a missing or outdated slug is redirected to the story's address.

use crate::error::WebError;
use crate::masthead::Site;
use crate::site::view;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use newsdesk_domain::StoryId;
use newsdesk_domain::more_information::{MORE_INFORMATION_LEN, pick};
use newsdesk_store::StoryQuery;
use serde::{Deserialize, Serialize};

/// How many recent stories "More Information" chooses from.
const CANDIDATES: u32 = 40;

#[derive(Serialize)]
struct StoryPage<'a> {
    masthead: view::MastheadView,
    story: StoryView<'a>,
    more: Vec<view::StoryLink>,
}

#[derive(Serialize)]
struct StoryView<'a> {
    title: &'a str,
    source: &'a str,
    link: &'a str,
    author: Option<&'a str>,
    time: String,
    time_iso: String,
    standfirst: &'a str,
    paragraphs: Vec<&'a str>,
    section: String,
}

/// The story's part of the path.
#[derive(Deserialize)]
pub struct StoryPath {
    id: i64,
    slug: Option<String>,
}

/// `GET /story/ID/SLUG` and `GET /m/MASTHEAD/story/ID/SLUG`.
pub async fn show(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<StoryPath>,
) -> Result<Response, WebError> {
    let story = state
        .store
        .story(StoryId(path.id))
        .await?
        .ok_or(WebError::NotFound)?;
    let source = state
        .store
        .source(story.source_id)
        .await?
        .ok_or(WebError::NotFound)?;
    if !source.feeds(&site.masthead.id) {
        return Err(WebError::NotFound);
    }
    if path.slug.as_deref() != Some(story.slug().as_str()) {
        return Ok(Redirect::permanent(&view::story_href(&site, &story)).into_response());
    }
    let latest = state
        .store
        .latest_stories(&StoryQuery {
            masthead: Some(site.masthead.id.clone()),
            source: None,
            limit: CANDIDATES,
        })
        .await?;
    let more: Vec<view::StoryLink> = pick(&story, &latest, MORE_INFORMATION_LEN)
        .into_iter()
        .map(|s| view::story_link(&site, s))
        .collect();
    let page = StoryPage {
        masthead: view::MastheadView::of(&site),
        story: StoryView {
            title: &story.title,
            source: &story.source_name,
            link: &story.link,
            author: story.author.as_deref(),
            time: view::local_time(&site.masthead, &story),
            time_iso: story.published_at.to_string(),
            standfirst: &story.standfirst,
            paragraphs: story.paragraphs().collect(),
            section: story.section.display_name(),
        },
        more,
    };
    let html = state.templates.render("story.html", &page)?;
    Ok(Html(html).into_response())
}
