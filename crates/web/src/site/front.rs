//! The front page: the latest stories, newest first, grouped by section.
//!
//! Sections come in the masthead's order; stories filed under a section
//! the masthead does not list come after, under their own heading. The
//! same story from two sources shows once.

use crate::error::WebError;
use crate::masthead::MaybeSite;
use crate::site::{network, view};
use crate::state::AppState;
use axum::extract::State;
use axum::response::{Html, Redirect};
use newsdesk_domain::Section;
use newsdesk_domain::more_information::distinct;
use newsdesk_store::StoryQuery;
use serde::Serialize;

/// How many stories the front page considers.
const FRONT_STORIES: u32 = 60;

#[derive(Serialize)]
struct FrontPage {
    masthead: view::MastheadView,
    sections: Vec<SectionView>,
}

#[derive(Serialize)]
struct SectionView {
    name: String,
    slug: String,
    stories: Vec<view::StoryLink>,
}

/// `GET /` and `GET /m/ID/`.
pub async fn show(
    State(state): State<AppState>,
    MaybeSite(site): MaybeSite,
) -> Result<Html<String>, WebError> {
    let Some(site) = site else {
        return network::render(&state).map(Html);
    };
    let latest = state
        .store
        .latest_stories(&StoryQuery {
            masthead: Some(site.masthead.id.clone()),
            source: None,
            limit: FRONT_STORIES,
        })
        .await?;
    let stories = distinct(None, &latest, latest.len());
    let mut order: Vec<Section> = site.masthead.sections.clone();
    for story in &stories {
        if !order.contains(&story.section) {
            order.push(story.section.clone());
        }
    }
    let sections: Vec<SectionView> = order
        .into_iter()
        .map(|section| SectionView {
            name: section.display_name(),
            slug: section.as_str().to_owned(),
            stories: stories
                .iter()
                .filter(|s| s.section == section)
                .map(|s| view::story_link(&site, s))
                .collect(),
        })
        .filter(|s| !s.stories.is_empty())
        .collect();
    let page = FrontPage {
        masthead: view::MastheadView::of(&site),
        sections,
    };
    let html = state.templates.render("front.html", &page)?;
    Ok(Html(html))
}

/// `GET /m/ID` without the slash.
pub async fn redirect_to_slash(MaybeSite(site): MaybeSite) -> Result<Redirect, WebError> {
    let site = site.ok_or(WebError::NotFound)?;
    Ok(Redirect::permanent(&format!("{}/", site.base)))
}
