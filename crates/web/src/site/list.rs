//! What section, source and day pages share: a list of stories, a page at
//! a time, with links to the newest and to older stories. A section's
//! list also holds the news releases an editor placed in it, labelled,
//! each among the stories of its time (see [`render`]).
//!
//! The `after` query parameter carries the cursor (see
//! [`newsdesk_store::StoryCursor`]): a page never shifts while stories
//! arrive. A cursor that is not one is a 400 with a way back; one past
//! the end is an empty page saying so.

use crate::cache::Cacheable;
use crate::error::WebError;
use crate::masthead::Site;
use crate::site::view::{self, PageView, StoryLink};
use crate::state::AppState;
use axum::response::Response;
use jiff::Timestamp;
use newsdesk_domain::Section;
use newsdesk_domain::more_information::distinct;
use newsdesk_store::{StoryCursor, StoryFilter};
use serde::{Deserialize, Serialize};

/// Stories on one page of a list.
pub const PAGE_LEN: u32 = 20;

/// The query of a list page.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// The cursor: start after this story.
    pub after: Option<String>,
}

impl ListQuery {
    /// The cursor, if one was given; a forged one is refused.
    pub fn cursor(&self) -> Result<Option<StoryCursor>, WebError> {
        match self.after.as_deref() {
            None | Some("") => Ok(None),
            Some(text) => StoryCursor::parse(text)
                .map(Some)
                .ok_or(WebError::BadRequest(
                    "This page number is not one the site wrote. Start again from the first page.",
                )),
        }
    }
}

#[derive(Serialize)]
struct ListPage<'a> {
    page: PageView,
    heading: &'a str,
    intro: Option<&'a str>,
    stories: Vec<StoryLink>,
    first_href: Option<String>,
    older_href: Option<String>,
    neighbours: Vec<Neighbour>,
}

/// A link beside the list (the day before, the day after).
#[derive(Debug, Serialize)]
pub struct Neighbour {
    /// What it says.
    pub label: String,
    /// Where it goes.
    pub href: String,
    /// `earlier` or `later`, its class.
    pub rel: &'static str,
}

/// A list to render.
pub struct List<'a> {
    /// The page's frame, with feeds and section set.
    pub page: PageView,
    /// The `<h1>`.
    pub heading: &'a str,
    /// A line under it.
    pub intro: Option<&'a str>,
    /// Which stories.
    pub filter: StoryFilter,
    /// The page's own path (without the masthead prefix), for its links.
    pub path: String,
    /// Links beside the list.
    pub neighbours: Vec<Neighbour>,
    /// The section whose placed news releases the list holds as well
    /// (a section's page); `None`: stories only.
    pub placed: Option<Section>,
}

/// Reads one page of `list` and renders it.
pub async fn render(
    state: &AppState,
    site: &Site,
    list: List<'_>,
    query: &ListQuery,
) -> Result<Response, WebError> {
    let cursor = query.cursor()?;
    let found = state
        .store
        .list_stories(&list.filter, cursor, PAGE_LEN)
        .await?;
    let mut entries: Vec<(Timestamp, StoryLink)> =
        distinct(None, &found.stories, found.stories.len())
            .into_iter()
            .map(|s| (s.published_at, view::story_link(site, s)))
            .collect();
    if let Some(section) = &list.placed {
        // The releases of the stretch of time this page's stories cover:
        // from the last story shown (unless this is the last page) to the
        // cursor, so each release shows on one page only.
        let from = found.next.and(found.stories.last().map(|s| s.published_at));
        let until = cursor.map(|c| c.published_at());
        let releases = state
            .store
            .placed_releases(
                &site.masthead.id,
                section,
                (from, until),
                Timestamp::now(),
                PAGE_LEN,
            )
            .await?;
        entries.extend(releases.iter().map(|r| {
            let at = r.public_at().unwrap_or(r.submitted_at);
            (at, view::release_link(site, r, section))
        }));
        // Newest first; a story before a release of the same second.
        entries.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    }
    let stories = entries.into_iter().map(|(_, link)| link).collect();
    let here = site.href(&list.path);
    let page = ListPage {
        page: list.page,
        heading: list.heading,
        intro: list.intro,
        stories,
        first_href: cursor.map(|_| here.clone()),
        older_href: found.next.map(|next| format!("{here}?after={next}")),
        neighbours: list.neighbours,
    };
    let html = state
        .templates
        .render(Some(site.masthead.id.as_str()), "list.html", &page)?;
    Ok(view::html_page(html, Cacheable::LIST))
}
