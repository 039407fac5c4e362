//! `GET /admin/releases`: the news release queue. Waiting releases by
//! default (the queue proper), or those in another state, for one
//! masthead, or flagged only; newest first, a page at a time by cursor
//! (`?before=ID`). Each flagged release shows the content rules' reasons.

use super::page::{self, Choice, Frame};
use super::session::Editor;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_domain::zone_time::format_in_zone;
use newsdesk_domain::{MastheadId, ReleaseId, ReleaseStatus};
use newsdesk_store::{QueueFilter, Release};
use serde::{Deserialize, Serialize};

/// Releases on a page.
pub const PAGE_RELEASES: u32 = 50;

/// The states the filter offers: value and words. `all` is every
/// confirmed release.
const STATES: [(&str, &str); 5] = [
    ("pending", "Waiting for an editor"),
    ("approved", "Approved for later"),
    ("published", "Published"),
    ("rejected", "Rejected"),
    ("all", "Every state"),
];

/// The page's query: all optional; anything unreadable is ignored.
#[derive(Debug, Deserialize, Default)]
pub struct QueueQuery {
    /// A state (`pending` when absent).
    pub state: Option<String>,
    /// A masthead's id.
    pub masthead: Option<String>,
    /// `yes`: flagged ones only.
    pub flagged: Option<String>,
    /// The cursor: releases older than this id.
    pub before: Option<String>,
}

#[derive(Serialize)]
struct Row {
    href: String,
    headline: String,
    organisation: String,
    category: &'static str,
    status: &'static str,
    flags: Vec<&'static str>,
    mastheads: String,
    submitted: String,
    submitted_iso: String,
}

#[derive(Serialize)]
struct QueueView {
    frame: Frame,
    states: Vec<Choice>,
    mastheads: Vec<Choice>,
    flagged: bool,
    filtered: bool,
    rows: Vec<Row>,
    older: Option<String>,
}

/// A release's state in the editors' words.
pub fn status_words(status: ReleaseStatus) -> &'static str {
    match status {
        ReleaseStatus::Unconfirmed => "Unconfirmed",
        ReleaseStatus::Pending => "Waiting",
        ReleaseStatus::Approved => "Approved",
        ReleaseStatus::Rejected => "Rejected",
        ReleaseStatus::Published => "Published",
    }
}

/// The names of `release`'s mastheads, as the newsroom knows them.
pub fn masthead_names(state: &AppState, release: &Release) -> String {
    release
        .mastheads
        .iter()
        .map(|id| {
            state
                .masthead_by_id(id.as_str())
                .map_or_else(|| id.to_string(), |m| m.name.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `GET /admin/releases`.
pub async fn show(
    State(state): State<AppState>,
    user: Editor,
    Query(query): Query<QueueQuery>,
) -> Result<Response, WebError> {
    let state_word = query
        .state
        .as_deref()
        .filter(|s| STATES.iter().any(|(v, _)| v == s))
        .unwrap_or("pending");
    let masthead = query
        .masthead
        .as_deref()
        .and_then(|m| MastheadId::parse(m).ok())
        .filter(|m| state.mastheads.iter().any(|known| &known.id == m));
    let flagged = query.flagged.as_deref() == Some("yes");
    let filter = QueueFilter {
        status: ReleaseStatus::parse(state_word),
        masthead: masthead.clone(),
        flagged_only: flagged,
        before: query
            .before
            .as_deref()
            .and_then(|b| b.parse::<i64>().ok())
            .map(ReleaseId),
    };
    let now = state.admin.now();
    let mut found = state
        .store
        .release_queue(&filter, PAGE_RELEASES + 1, now)
        .await?;
    let more = found.len() > PAGE_RELEASES as usize;
    found.truncate(PAGE_RELEASES as usize);
    let zone = state
        .mastheads
        .first()
        .map(|m| m.timezone.clone())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    let rows = found
        .iter()
        .map(|release| Row {
            href: format!("/admin/releases/{}", release.id),
            headline: release.text.headline.clone(),
            organisation: release.text.organisation.clone(),
            category: release.text.category.display_name(),
            status: status_words(release.status),
            flags: release.flags.iter().map(|f| f.reason()).collect(),
            mastheads: masthead_names(&state, release),
            submitted: format_in_zone(release.submitted_at, &zone),
            submitted_iso: crate::site::view::iso_time(release.submitted_at),
        })
        .collect();
    let older = match (more, found.last()) {
        (true, Some(last)) => {
            let mut href = format!("/admin/releases?state={state_word}&before={}", last.id);
            if let Some(m) = &masthead {
                href.push_str(&format!("&masthead={m}"));
            }
            if flagged {
                href.push_str("&flagged=yes");
            }
            Some(href)
        }
        _ => None,
    };
    let view = QueueView {
        frame: Frame::new(&user, "News releases", "Releases"),
        states: STATES
            .iter()
            .map(|&(value, label)| Choice {
                value: value.to_owned(),
                label: label.to_owned(),
                chosen: value == state_word,
            })
            .collect(),
        mastheads: state
            .mastheads_now()
            .iter()
            .map(|m| Choice {
                value: m.id.to_string(),
                label: m.name.clone(),
                chosen: masthead.as_ref() == Some(&m.id),
            })
            .collect(),
        flagged,
        filtered: state_word != "pending"
            || masthead.is_some()
            || flagged
            || filter.before.is_some(),
        rows,
        older,
    };
    page::render(&state, "admin/releases.html", view, StatusCode::OK)
}
