//! `GET /admin/releases/{id}`: one release as an editor reads it: its
//! text (Markdown rendered, then sanitized, as readers would see it), its
//! picture, who sent it, the content rules' flags, and the forms to edit,
//! approve (now or at a time in the masthead's zone), reject with a
//! reason, and place it in a news section. Every action's answer is this
//! page again, with what happened or what to fix.

use super::csrf::Posted;
use super::page::{self, Choice, Frame};
use super::releases::{masthead_names, status_words};
use super::session::{Editor, Need, Signed};
use crate::error::WebError;
use crate::releases::{picture_src, picture_srcset};
use crate::sanitize;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::tz::TimeZone;
use newsdesk_domain::zone_time::format_in_zone;
use newsdesk_domain::{ReleaseCategory, ReleaseId, ReleaseStatus, Section};
use newsdesk_store::{Release, StoreError};
use serde::{Deserialize, Serialize};

/// The release id in a path such as `/admin/releases/ID/approve`.
#[derive(Debug, Deserialize)]
pub struct ReleasePath {
    /// The id, as typed.
    pub id: String,
}

impl ReleasePath {
    /// The id, when it is one.
    pub fn id(&self) -> Option<ReleaseId> {
        self.id
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(ReleaseId)
    }
}

/// What the edit form holds, to show it again after a refusal.
#[derive(Debug, Serialize, Default)]
pub struct EditForm {
    /// The headline.
    pub headline: String,
    /// The standfirst.
    pub standfirst: String,
    /// The body, Markdown.
    pub body: String,
    /// The category's stored word.
    pub category: String,
}

impl EditForm {
    fn of(release: &Release) -> Self {
        Self {
            headline: release.text.headline.clone(),
            standfirst: release.text.standfirst.clone(),
            body: release.text.body.clone(),
            category: release.text.category.as_str().to_owned(),
        }
    }
}

#[derive(Serialize)]
struct ReleaseView {
    id: i64,
    headline: String,
    standfirst: String,
    organisation: String,
    category: &'static str,
    status: &'static str,
    status_class: &'static str,
    flags: Vec<&'static str>,
    near_copy_of: Option<String>,
    contact_name: String,
    email: String,
    phone: String,
    mastheads: String,
    submitted: String,
    publish_at: Option<String>,
    reason: Option<String>,
    placed_section: Option<String>,
    body_html: String,
    picture: Option<String>,
    srcset: String,
    picture_size: (u32, u32),
}

#[derive(Serialize)]
struct ReleasePage {
    frame: Frame,
    release: ReleaseView,
    form: EditForm,
    categories: Vec<Choice>,
    sections: Vec<Choice>,
    can_decide: bool,
    approve_at: String,
    zone: String,
    public_href: Option<String>,
}

/// The zone a release's times are read and written in: its first
/// masthead's (UTC when it has none the server knows).
pub fn zone_of(state: &AppState, release: &Release) -> (TimeZone, String) {
    release
        .mastheads
        .iter()
        .find_map(|id| state.mastheads.iter().find(|m| &m.id == id))
        .map_or((TimeZone::UTC, "UTC".to_owned()), |m| {
            (m.timezone.clone(), m.timezone_name.clone())
        })
}

/// `GET /admin/releases/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Path(path): Path<ReleasePath>,
    user: Editor,
) -> Result<Response, WebError> {
    let frame = Frame::new(&user, "News release", "Releases");
    render(&state, path.id(), frame, None, StatusCode::OK).await
}

/// The release's page with `frame`, its edit form holding `form` (`None`:
/// the release's own words), answered with `status`.
pub async fn render(
    state: &AppState,
    id: Option<ReleaseId>,
    frame: Frame,
    form: Option<EditForm>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let id = id.ok_or(WebError::NotFound)?;
    let now = state.admin.now();
    let release = match state.store.news_release(id, now).await {
        Ok(release) if release.status != ReleaseStatus::Unconfirmed => release,
        Ok(_) | Err(StoreError::NotFound(_)) => return Err(WebError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let (zone, zone_name) = zone_of(state, &release);
    let form = form.unwrap_or_else(|| EditForm::of(&release));
    let mut sections: Vec<Section> = state
        .mastheads
        .iter()
        .filter(|m| release.mastheads.contains(&m.id))
        .flat_map(|m| m.sections.iter().cloned())
        .collect();
    sections.sort();
    sections.dedup();
    let href = format!("/admin/releases/{id}");
    let view = ReleaseView {
        id: id.0,
        headline: release.text.headline.clone(),
        standfirst: release.text.standfirst.clone(),
        organisation: release.text.organisation.clone(),
        category: release.text.category.display_name(),
        status: status_words(release.status),
        status_class: match release.status {
            ReleaseStatus::Published | ReleaseStatus::Approved => "good",
            ReleaseStatus::Rejected => "bad",
            _ => "waiting",
        },
        flags: release.flags.iter().map(|f| f.reason()).collect(),
        near_copy_of: release
            .near_copy_of
            .map(|other| format!("/admin/releases/{other}")),
        contact_name: release.submitter.contact_name.clone(),
        email: release.submitter.email.to_string(),
        phone: release.submitter.phone.clone(),
        mastheads: masthead_names(state, &release),
        submitted: format_in_zone(release.submitted_at, &zone),
        publish_at: release.public_at().map(|at| format_in_zone(at, &zone)),
        reason: release.reason.clone(),
        placed_section: release.placed_section.as_ref().map(Section::display_name),
        body_html: sanitize::release_html(&release.text.body),
        picture: picture_src(&href, &release),
        srcset: picture_srcset(&href, &release),
        picture_size: release
            .pictures
            .last()
            .map_or((0, 0), |p| (p.width, p.height)),
    };
    let can_decide =
        release.status == ReleaseStatus::Pending || release.status == ReleaseStatus::Approved;
    let public_href = (release.status == ReleaseStatus::Published)
        .then(|| {
            release.mastheads.first().and_then(|first| {
                state
                    .mastheads
                    .iter()
                    .find(|m| &m.id == first)
                    .map(|m| format!("/m/{}/releases/{id}", m.id))
            })
        })
        .flatten();
    let page = ReleasePage {
        frame,
        categories: ReleaseCategory::ALL
            .iter()
            .map(|c| Choice {
                value: c.as_str().to_owned(),
                label: c.display_name().to_owned(),
                chosen: c.as_str() == form.category,
            })
            .collect(),
        sections: sections
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: s.display_name(),
                chosen: release.placed_section.as_ref() == Some(s),
            })
            .collect(),
        form,
        release: view,
        can_decide,
        approve_at: now
            .to_zoned_datetime(zone)
            .strftime("%Y-%m-%dT%H:%M")
            .to_string(),
        zone: zone_name,
        public_href,
    };
    page::render(state, "admin/release.html", page, status)
}

/// The answer to an action on release `id` that the store refused or
/// that failed: no such release is a 404; a release no longer in a state
/// that allows it is its page again with why (409).
pub async fn refused<N: Need>(
    state: &AppState,
    id: ReleaseId,
    signed: &Signed<N>,
    error: StoreError,
) -> Result<Response, WebError> {
    match error {
        StoreError::NotFound(_) => Err(WebError::NotFound),
        StoreError::Conflict(_) => {
            let frame = Frame::new(signed, "News release", "Releases").error(
                "This release has been decided or published since the page was shown; nothing was changed.",
            );
            render(state, Some(id), frame, None, StatusCode::CONFLICT).await
        }
        other => Err(other.into()),
    }
}

/// The page again with what to fix (422), the edit form holding `form`
/// when it was the one sent.
pub async fn fix<N: Need>(
    state: &AppState,
    id: ReleaseId,
    signed: &Signed<N>,
    words: impl Into<String>,
    form: Option<EditForm>,
) -> Result<Response, WebError> {
    let frame = Frame::new(signed, "News release", "Releases").error(words);
    render(
        state,
        Some(id),
        frame,
        form,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// The answer to an action on `form`'s release that the store settled
/// with `result`: the page again saying `words` (the change shown on this
/// process's pages at once, [`super::show_change_now`]), or the refusal.
pub async fn done<N: Need>(
    state: &AppState,
    id: ReleaseId,
    form: &Posted<N>,
    result: Result<(), StoreError>,
    words: &str,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => {
            super::show_change_now(state).await?;
            let frame = Frame::new(&form.signed, "News release", "Releases").notice(words);
            render(state, Some(id), frame, None, StatusCode::OK).await
        }
        Err(e) => refused(state, id, &form.signed, e).await,
    }
}
