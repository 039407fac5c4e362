//! `GET /admin/audit`: the audit log, newest first, filtered by person or
//! kind, a page at a time by cursor (`?before=ID`).

use super::page::{self, Choice, Frame};
use super::session::Editor;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_domain::UserId;
use newsdesk_store::{AuditFilter, AuditLine};
use serde::{Deserialize, Serialize};

/// Lines on a page.
pub const PAGE_LINES: u32 = 50;

/// The page's query: all optional; anything unreadable is ignored.
#[derive(Debug, Deserialize, Default)]
pub struct AuditQuery {
    /// A person's id.
    pub user: Option<String>,
    /// A kind.
    pub kind: Option<String>,
    /// The cursor: lines older than this id.
    pub before: Option<String>,
}

/// A line as the page shows it.
#[derive(Debug, Serialize)]
pub struct LineView {
    /// When, in UTC, to the minute.
    pub at: String,
    /// When, machine-readable.
    pub at_iso: String,
    /// Who.
    pub actor: String,
    /// What.
    pub kind: String,
    /// To what.
    pub subject: String,
    /// Before, as JSON.
    pub before: Option<String>,
    /// After, as JSON.
    pub after: Option<String>,
}

impl From<&AuditLine> for LineView {
    fn from(line: &AuditLine) -> Self {
        Self {
            at: line.at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
            at_iso: line.at.to_string(),
            actor: line.actor.clone(),
            kind: line.kind.clone(),
            subject: line.subject.clone(),
            before: line.before.clone(),
            after: line.after.clone(),
        }
    }
}

#[derive(Serialize)]
struct AuditView {
    frame: Frame,
    lines: Vec<LineView>,
    people: Vec<Choice>,
    kinds: Vec<Choice>,
    older: Option<String>,
    filtered: bool,
}

/// `GET /admin/audit`.
pub async fn show(
    State(state): State<AppState>,
    user: Editor,
    Query(query): Query<AuditQuery>,
) -> Result<Response, WebError> {
    let filter = AuditFilter {
        user: query
            .user
            .as_deref()
            .and_then(|u| u.parse().ok())
            .map(UserId),
        kind: query
            .kind
            .clone()
            .filter(|k| !k.is_empty() && k.len() <= 64),
        before_id: query.before.as_deref().and_then(|b| b.parse().ok()),
    };
    let page = state.store.audit_page(&filter, PAGE_LINES).await?;
    let people = state
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| Choice {
            chosen: filter.user == Some(u.id),
            value: u.id.to_string(),
            label: u.email.to_string(),
        })
        .collect();
    let kinds = state
        .store
        .audit_kinds()
        .await?
        .into_iter()
        .map(|k| Choice {
            chosen: filter.kind.as_deref() == Some(k.as_str()),
            label: k.clone(),
            value: k,
        })
        .collect();
    let older = page.next.map(|next| {
        let mut link = url::form_urlencoded::Serializer::new(String::new());
        if let Some(u) = filter.user {
            link.append_pair("user", &u.to_string());
        }
        if let Some(k) = &filter.kind {
            link.append_pair("kind", k);
        }
        link.append_pair("before", &next.to_string());
        format!("/admin/audit?{}", link.finish())
    });
    let view = AuditView {
        frame: Frame::new(&user, "Audit log", "Audit log"),
        lines: page.lines.iter().map(LineView::from).collect(),
        people,
        kinds,
        older,
        filtered: filter.user.is_some() || filter.kind.is_some() || filter.before_id.is_some(),
    };
    page::render(&state, "admin/audit.html", view, StatusCode::OK)
}
