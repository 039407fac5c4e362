//! `GET /admin/stories`: every stored story, unpublished ones too, newest
//! first, or those a search finds (`?q=`, best match first, read as the
//! site's search reads it, among the newest [`SEARCH_RANKED`] it finds,
//! without snippets); a page at a time by cursor (`?after=`). Each shows
//! where it stands (published or not, its section, the front pages it is
//! pinned to), a button to unpublish or republish it, and a link to its
//! own page ([`super::story`]) for the other actions. Editors find a story
//! here before they act on it: most often a recent one, by words of its
//! headline.
//!
//! `?check=datelines` lists only the "datelines to check": stories whose
//! dateline names a country their place does not lie in (`Port Blair
//! [Mauritius]`), which are routed by the place and marked for an editor
//! ([`dateline_note`]).

use super::page::{self, Frame};
use super::session::Editor;
use super::story::{desk_time, masthead_name};
use crate::error::WebError;
use crate::site::view::iso_time;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_domain::{Story, StoryId};
use newsdesk_store::search::MAX_QUERY_CHARS;
use newsdesk_store::{SearchCursor, SearchQuery, StoryCursor, StoryDesk, StoryFilter};
use serde::{Deserialize, Serialize};

/// Stories on a page.
pub const PAGE_STORIES: u32 = 50;

/// How many of the newest stories a search finds are ranked (six pages):
/// a search for a word most stories hold then answers about as fast as one
/// for a rare word (`bench/admin`, BENCHMARKS.md), and a few words of a
/// story's headline find it among them.
pub const SEARCH_RANKED: u32 = 300;

/// The page's query: all optional; a cursor that cannot be read starts
/// from the first page.
#[derive(Debug, Deserialize, Default)]
pub struct StoriesQuery {
    /// Words to search for.
    pub q: Option<String>,
    /// Where the page starts: the cursor of the page before.
    pub after: Option<String>,
    /// `datelines`: only the stories whose dateline is to check (a
    /// search leaves it aside).
    pub check: Option<String>,
}

/// The value of `check` that lists the datelines to check.
const CHECK_DATELINES: &str = "datelines";

/// A story as the list (and the top of its own page) shows it: its words,
/// where it is filed, and where it stands on the desk.
#[derive(Debug, Serialize)]
pub struct StoryRow {
    id: i64,
    headline: String,
    standfirst: String,
    source: String,
    section: String,
    published: String,
    published_iso: String,
    unpublished: bool,
    pinned_on: Vec<String>,
    dateline_note: Option<String>,
}

/// The parts of a stored dateline a note names.
#[derive(Deserialize, Default)]
struct DatelineWords {
    place: Option<String>,
    country: Option<String>,
    place_country: Option<String>,
}

/// What an editor is told of a story whose dateline names a country its
/// place does not lie in ("Dateline names Mauritius but Port Blair is in
/// India"); `None` for any other story.
pub fn dateline_note(story: &Story) -> Option<String> {
    if !story.filed.to_check {
        return None;
    }
    let words: DatelineWords = story
        .dateline
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default();
    Some(match (words.place, words.country, words.place_country) {
        (Some(place), Some(named), Some(actual)) => {
            format!("Dateline names {named} but {place} is in {actual}")
        }
        (Some(place), Some(named), None) => {
            format!("Dateline names {named} but {place} is not there")
        }
        _ => "Dateline names a country its place is not in".to_owned(),
    })
}

impl StoryRow {
    /// `story`, standing as `desk` says (`None`: published, unpinned).
    pub fn of(state: &AppState, story: &Story, desk: Option<&StoryDesk>) -> Self {
        Self {
            unpublished: desk.is_some_and(|d| d.unpublished_at.is_some()),
            pinned_on: desk
                .map(|d| {
                    d.pinned_on
                        .iter()
                        .map(|m| masthead_name(state, m))
                        .collect()
                })
                .unwrap_or_default(),
            id: story.id.0,
            headline: story.title.clone(),
            standfirst: story.standfirst.clone(),
            source: story.source_name.clone(),
            section: story.section.display_name(),
            published: desk_time(story.published_at),
            published_iso: iso_time(story.published_at),
            dateline_note: dateline_note(story),
        }
    }
}

#[derive(Serialize)]
struct StoriesView {
    frame: Frame,
    q: String,
    checking_datelines: bool,
    rows: Vec<StoryRow>,
    older: Option<String>,
}

/// `GET /admin/stories`.
pub async fn show(
    State(state): State<AppState>,
    user: Editor,
    Query(query): Query<StoriesQuery>,
) -> Result<Response, WebError> {
    let q: String = query
        .q
        .as_deref()
        .unwrap_or("")
        .trim()
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    let after = query.after.as_deref();
    let checking_datelines = q.is_empty() && query.check.as_deref() == Some(CHECK_DATELINES);
    let (stories, next): (Vec<Story>, _) = if q.is_empty() {
        let filter = StoryFilter {
            with_unpublished: true,
            dateline_to_check: checking_datelines,
            ..StoryFilter::default()
        };
        let page = state
            .store
            .list_stories(&filter, after.and_then(StoryCursor::parse), PAGE_STORIES)
            .await?;
        (page.stories, page.next.map(|n| n.to_string()))
    } else {
        let page = state
            .store
            .search(&SearchQuery {
                text: q.clone(),
                limit: PAGE_STORIES,
                cursor: after.and_then(SearchCursor::parse),
                with_unpublished: true,
                ranked: Some(SEARCH_RANKED),
                snippets: false,
                ..SearchQuery::default()
            })
            .await?;
        let stories = page.hits.into_iter().map(|hit| hit.story).collect();
        (stories, page.next.map(|n| n.to_string()))
    };
    let ids: Vec<StoryId> = stories.iter().map(|s| s.id).collect();
    let desks = state.store.desk_states(&ids).await?;
    let rows = stories
        .iter()
        .map(|story| StoryRow::of(&state, story, desks.get(&story.id)))
        .collect();
    let older = next.map(|next| {
        let mut link = url::form_urlencoded::Serializer::new(String::new());
        if !q.is_empty() {
            link.append_pair("q", &q);
        }
        if checking_datelines {
            link.append_pair("check", CHECK_DATELINES);
        }
        link.append_pair("after", &next);
        format!("/admin/stories?{}", link.finish())
    });
    let title = if checking_datelines {
        "Datelines to check"
    } else {
        "Stories"
    };
    let view = StoriesView {
        frame: Frame::new(&user, title, "Stories"),
        q,
        checking_datelines,
        rows,
        older,
    };
    page::render(&state, "admin/stories.html", view, StatusCode::OK)
}
