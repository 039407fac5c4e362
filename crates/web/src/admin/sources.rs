//! `GET /admin/sources`: every source with its health (healthy, failing,
//! paused, gone), its last success and last error, the buttons to pause,
//! resume or fetch it now, and the form to add one.

use super::page::{self, Frame};
use super::session::Editor;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_domain::Source;
use serde::Serialize;

/// The longest source name taken, in characters.
pub const MAX_NAME_CHARS: usize = 200;

#[derive(Serialize)]
struct SourceView {
    id: i64,
    name: String,
    url: String,
    mastheads: String,
    section: String,
    health: &'static str,
    health_class: &'static str,
    paused: bool,
    last_success: String,
    last_error: Option<String>,
    failures: u32,
}

impl SourceView {
    /// `source` as its row shows it, naming its mastheads as `state`
    /// has them now.
    fn of(source: &Source, app: &AppState) -> Self {
        let state = &source.state;
        let (health, health_class) = if state.paused_at.is_some() {
            ("Paused", "paused")
        } else if state.gone_at.is_some() {
            ("Gone", "bad")
        } else if state.failures > 0 {
            ("Failing", "bad")
        } else if state.last_checked_at.is_none() {
            ("Not fetched yet", "waiting")
        } else {
            ("Healthy", "good")
        };
        Self {
            id: source.id.0,
            name: source.name.clone(),
            url: source.url.as_str().to_owned(),
            mastheads: if source.mastheads.is_empty() {
                "All mastheads".to_owned()
            } else {
                source
                    .mastheads
                    .iter()
                    .map(|id| {
                        app.masthead_by_id(id.as_str())
                            .map_or_else(|| id.to_string(), |m| m.name)
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            section: source
                .section
                .as_ref()
                .map_or_else(|| "From the feed".to_owned(), |s| s.display_name()),
            health,
            health_class,
            paused: state.paused_at.is_some(),
            last_success: state.last_success_at.map_or_else(
                || "Never".to_owned(),
                |t| t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
            ),
            last_error: state.last_error.clone().filter(|_| state.failures > 0),
            failures: state.failures,
        }
    }
}

/// What the add form held, to show it again.
#[derive(Debug, Serialize, Default)]
pub struct AddForm {
    /// The address typed.
    pub url: String,
    /// The name typed.
    pub name: String,
    /// The section chosen.
    pub section: String,
    /// The mastheads ticked.
    pub mastheads: Vec<String>,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct SourcesView {
    frame: Frame,
    sources: Vec<SourceView>,
    form: AddForm,
    mastheads: Vec<Choice>,
    sections: Vec<Choice>,
}

/// `GET /admin/sources`.
pub async fn show(State(state): State<AppState>, user: Editor) -> Result<Response, WebError> {
    render(
        &state,
        Frame::new(&user, "Sources", "Sources"),
        AddForm::default(),
        StatusCode::OK,
    )
    .await
}

/// The sources page with `frame` and the add form holding `form`.
pub async fn render(
    state: &AppState,
    frame: Frame,
    form: AddForm,
    status: StatusCode,
) -> Result<Response, WebError> {
    let sources = state.store.sources().await?;
    let mut sections: Vec<_> = state
        .mastheads
        .iter()
        .flat_map(|m| m.sections.iter().cloned())
        .collect();
    sections.sort();
    sections.dedup();
    let view = SourcesView {
        frame,
        sources: sources.iter().map(|s| SourceView::of(s, state)).collect(),
        form,
        mastheads: state
            .mastheads_now()
            .iter()
            .map(|m| Choice {
                value: m.id.to_string(),
                label: m.name.clone(),
            })
            .collect(),
        sections: sections
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: s.display_name(),
            })
            .collect(),
    };
    page::render(state, "admin/sources.html", view, status)
}

/// The source id in a path such as `/admin/sources/ID/paused`.
#[derive(Debug, serde::Deserialize)]
pub struct SourcePath {
    /// The id, as typed.
    pub id: String,
}

impl SourcePath {
    /// The id, when it is one.
    pub fn id(&self) -> Option<newsdesk_domain::SourceId> {
        self.id.parse().ok().map(newsdesk_domain::SourceId)
    }
}
