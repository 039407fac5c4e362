//! `GET /admin/subscribers`: the daily email's readers, counted per
//! masthead (confirmed, waiting for confirmation, left) and per section;
//! for admins, the CSV export and the form to remove a reader.

use super::page::{self, Frame};
use super::session::Editor;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_domain::SubscriberStatus;
use serde::Serialize;

#[derive(Serialize, Default)]
struct MastheadCounts {
    id: String,
    name: String,
    confirmed: u64,
    pending: u64,
    left: u64,
    every_section: u64,
    sections: Vec<(String, u64)>,
}

#[derive(Serialize)]
struct SubscribersView {
    frame: Frame,
    mastheads: Vec<MastheadCounts>,
    is_admin: bool,
    remove_email: String,
}

/// `GET /admin/subscribers`.
pub async fn show(State(state): State<AppState>, user: Editor) -> Result<Response, WebError> {
    let admin = user.is_admin();
    render(
        &state,
        Frame::new(&user, "Subscribers", "Subscribers"),
        admin,
        String::new(),
        StatusCode::OK,
    )
    .await
}

/// The page with `frame`; the removal form holds `remove_email`.
pub async fn render(
    state: &AppState,
    frame: Frame,
    is_admin: bool,
    remove_email: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    let tallies = state.store.reader_tallies(None, u32::MAX).await?;
    let mut mastheads: Vec<MastheadCounts> = state
        .mastheads_now()
        .iter()
        .map(|m| MastheadCounts {
            id: m.id.to_string(),
            name: m.name.clone(),
            ..MastheadCounts::default()
        })
        .collect();
    for tally in tallies {
        let Some(counts) = mastheads
            .iter_mut()
            .find(|c| c.id == tally.masthead.as_str())
        else {
            continue;
        };
        match tally.status {
            SubscriberStatus::Confirmed => {
                counts.confirmed += tally.readers;
                counts.every_section += tally.every_section;
                for (section, n) in &tally.by_section {
                    counts.sections.push((section.display_name(), *n));
                }
            }
            SubscriberStatus::Pending => counts.pending += tally.readers,
            SubscriberStatus::Unsubscribed => counts.left += tally.readers,
        }
    }
    let view = SubscribersView {
        frame,
        mastheads,
        is_admin,
        remove_email,
    };
    page::render(state, "admin/subscribers.html", view, status)
}
