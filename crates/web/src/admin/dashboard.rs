//! `GET /admin`: the dashboard: the network at a glance (sources and
//! their health, readers of the daily email) and the latest actions.

use super::audit::LineView;
use super::page::{self, Frame};
use super::session::Editor;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_domain::SubscriberStatus;
use newsdesk_store::AuditFilter;
use serde::Serialize;

#[derive(Serialize)]
struct Dashboard {
    frame: Frame,
    sources: usize,
    failing: usize,
    paused: usize,
    readers: u64,
    mastheads: usize,
    latest: Vec<LineView>,
}

/// `GET /admin`.
pub async fn show(State(state): State<AppState>, user: Editor) -> Result<Response, WebError> {
    let sources = state.store.sources().await?;
    let readers = state
        .store
        .reader_tallies(None, u32::MAX)
        .await?
        .iter()
        .filter(|t| t.status == SubscriberStatus::Confirmed)
        .map(|t| t.readers)
        .sum();
    let latest = state.store.audit_page(&AuditFilter::default(), 8).await?;
    let view = Dashboard {
        frame: Frame::new(&user, "Dashboard", "Dashboard"),
        sources: sources.len(),
        failing: sources.iter().filter(|s| s.state.failures > 0).count(),
        paused: sources
            .iter()
            .filter(|s| s.state.paused_at.is_some())
            .count(),
        readers,
        mastheads: state.mastheads.len(),
        latest: latest.lines.iter().map(LineView::from).collect(),
    };
    page::render(&state, "admin/dashboard.html", view, StatusCode::OK)
}
