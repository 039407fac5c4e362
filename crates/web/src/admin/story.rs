//! `GET /admin/stories/{id}`: one story as an editor manages it: where it
//! stands (published or not, its section, the front pages it is pinned
//! to), its public pages, and the forms to unpublish or republish it
//! ([`super::story_publish`]), rewrite its headline and standfirst
//! ([`super::story_edit`]), pin it to a masthead's front page or unpin it
//! ([`super::story_pin`]), and file it under another section
//! ([`super::story_section`]). Every action's answer is this page again,
//! with what happened or what to fix.

use super::csrf::Posted;
use super::page::{self, Choice, Frame};
use super::session::{Editor, Need, Signed};
use super::stories::StoryRow;
use crate::error::WebError;
use crate::site::view::story_path;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use newsdesk_domain::{Masthead, MastheadId, Section, Story, StoryId};
use newsdesk_store::{MAX_PINS, StoreError, StoryDesk};
use serde::{Deserialize, Serialize};

/// The story id in a path such as `/admin/stories/ID/published`.
#[derive(Debug, Deserialize)]
pub struct StoryPath {
    /// The id, as typed.
    pub id: String,
}

impl StoryPath {
    /// The id, when it is one.
    pub fn id(&self) -> Option<StoryId> {
        self.id
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(StoryId)
    }
}

/// What the edit form holds, to show it again after a refusal.
#[derive(Debug, Serialize, Default)]
pub struct WordsForm {
    /// The headline as typed.
    pub headline: String,
    /// The standfirst as typed.
    pub standfirst: String,
}

/// A masthead that carries the story, and whether it is pinned there.
#[derive(Serialize)]
struct PinView {
    masthead: String,
    name: String,
    pinned: bool,
    public_href: Option<String>,
}

#[derive(Serialize)]
struct StoryView {
    #[serde(flatten)]
    row: StoryRow,
    edited: Option<String>,
    unpublished_since: Option<String>,
}

#[derive(Serialize)]
struct StoryPage {
    frame: Frame,
    story: StoryView,
    form: WordsForm,
    sections: Vec<Choice>,
    pins: Vec<PinView>,
    max_pins: usize,
}

/// How a time reads on the desk: UTC, to the minute.
pub fn desk_time(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// The mastheads that take `story` (its source's, or every masthead for
/// a source assigned to none, and those whose regions cover where it
/// was filed).
pub async fn carriers(state: &AppState, story: &Story) -> Result<Vec<Masthead>, WebError> {
    let source = state.store.source(story.source_id).await?;
    Ok(state
        .mastheads_now()
        .into_iter()
        .filter(|m| source.as_ref().is_some_and(|s| m.takes(s, story)))
        .collect())
}

/// The sections `story` may be filed under: those of the mastheads that
/// take it, in their order, each once.
pub fn sections_of(carriers: &[Masthead]) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    for section in carriers.iter().flat_map(|m| m.sections.iter()) {
        if !sections.contains(section) {
            sections.push(section.clone());
        }
    }
    sections
}

/// The name of the masthead with `id`, as it reads now (its id
/// when the config no longer has it).
pub fn masthead_name(state: &AppState, id: &MastheadId) -> String {
    state
        .masthead_by_id(id.as_str())
        .map_or_else(|| id.as_str().to_owned(), |m| m.name.clone())
}

/// `GET /admin/stories/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Path(path): Path<StoryPath>,
    user: Editor,
) -> Result<Response, WebError> {
    let frame = Frame::new(&user, "Story", "Stories");
    render(&state, path.id(), frame, None, StatusCode::OK).await
}

/// The story's page with `frame`, its edit form holding `form` (`None`:
/// the story's own words), answered with `status`.
pub async fn render(
    state: &AppState,
    id: Option<StoryId>,
    frame: Frame,
    form: Option<WordsForm>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let id = id.ok_or(WebError::NotFound)?;
    let (story, desk): (Story, StoryDesk) = state
        .store
        .desk_story(id)
        .await?
        .ok_or(WebError::NotFound)?;
    let carriers = carriers(state, &story).await?;
    let form = form.unwrap_or_else(|| WordsForm {
        headline: story.title.clone(),
        standfirst: story.standfirst.clone(),
    });
    let published = desk.unpublished_at.is_none();
    let view = StoryPage {
        frame,
        sections: sections_of(&carriers)
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: s.display_name(),
                chosen: s == &story.section,
            })
            .collect(),
        pins: carriers
            .iter()
            .map(|m| PinView {
                masthead: m.id.as_str().to_owned(),
                name: m.name.clone(),
                pinned: desk.pinned_on.contains(&m.id),
                public_href: published.then(|| format!("/m/{}{}", m.id, story_path(&story))),
            })
            .collect(),
        max_pins: MAX_PINS,
        form,
        story: StoryView {
            row: StoryRow::of(state, &story, Some(&desk)),
            edited: desk.edited_at.map(desk_time),
            unpublished_since: desk.unpublished_at.map(desk_time),
        },
    };
    page::render(state, "admin/story.html", view, status)
}

/// The page again with `words` as what to fix, answered with `status`,
/// the edit form holding `form` when it was the one sent.
pub async fn fix<N: Need>(
    state: &AppState,
    id: StoryId,
    signed: &Signed<N>,
    words: impl Into<String>,
    form: Option<WordsForm>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let frame = Frame::new(signed, "Story", "Stories").error(words);
    render(state, Some(id), frame, form, status).await
}

/// The answer to an action on story `id` that the store settled with
/// `result`: the page again saying `words`, or the refusal (no such
/// story: 404). A change shows on this process's pages at once
/// ([`super::show_change_now`]).
pub async fn done<N: Need>(
    state: &AppState,
    id: StoryId,
    form: &Posted<N>,
    result: Result<(), StoreError>,
    words: &str,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => {
            super::show_change_now(state).await?;
            let frame = Frame::new(&form.signed, "Story", "Stories").notice(words);
            render(state, Some(id), frame, None, StatusCode::OK).await
        }
        Err(StoreError::NotFound(_)) => Err(WebError::NotFound),
        Err(e) => Err(e.into()),
    }
}
