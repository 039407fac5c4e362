//! `GET /admin/mastheads` (admins only): every masthead's settings, and a
//! form per masthead to change its look (name, line under the name, accent
//! colour, logo) while the site runs ([`super::masthead_look`]).
//!
//! Each field shows the config's value as its placeholder: a field left
//! empty keeps it. The settings that shape addresses, schedules and
//! routing (host, time zone, language, sections, regions) are shown as
//! the config sets them; they are changed in `newsdesk.toml`.

use super::page::{self, Frame};
use super::session::{AdminOnly, Signed};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_domain::MastheadLook;
use serde::Serialize;

/// A field of the look form: what is set now (empty: the config's) and
/// the config's value, as the placeholder.
#[derive(Debug, Serialize)]
struct LookField {
    value: String,
    configured: String,
}

#[derive(Debug, Serialize)]
struct MastheadCard {
    id: String,
    name_now: String,
    host: String,
    timezone: String,
    language: String,
    sections: String,
    regions: String,
    local_section: bool,
    home: String,
    name: LookField,
    tagline: LookField,
    accent: LookField,
    accent_now: String,
    logo: LookField,
    changed: bool,
}

#[derive(Debug, Serialize)]
struct MastheadsView {
    frame: Frame,
    mastheads: Vec<MastheadCard>,
}

/// What an admin typed into one masthead's look form, shown again with
/// what to fix.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    /// The masthead.
    pub id: String,
    /// The fields, as typed.
    pub name: String,
    /// The line under the name.
    pub tagline: String,
    /// The accent.
    pub accent: String,
    /// The logo.
    pub logo: String,
}

/// `GET /admin/mastheads`.
pub async fn show(State(state): State<AppState>, admin: AdminOnly) -> Result<Response, WebError> {
    render(
        &state,
        Frame::new(&admin, "Mastheads", "Mastheads"),
        &admin,
        None,
        StatusCode::OK,
    )
    .await
}

/// The mastheads page with `frame` (a notice or an error), and `typed`
/// in place of its masthead's stored look when a form is shown again.
pub async fn render<N: super::session::Need>(
    state: &AppState,
    frame: Frame,
    _admin: &Signed<N>,
    typed: Option<Typed>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let looks: std::collections::HashMap<String, MastheadLook> =
        state.store.masthead_looks().await?.into_iter().collect();
    let mastheads = state
        .mastheads
        .iter()
        .map(|configured| {
            let look = looks
                .get(configured.id.as_str())
                .cloned()
                .unwrap_or_default();
            let mut now = configured.clone();
            look.dress(&mut now);
            let typed = typed.as_ref().filter(|t| t.id == configured.id.as_str());
            let field =
                |typed: Option<&String>, set: &Option<String>, configured: &str| LookField {
                    value: typed
                        .cloned()
                        .unwrap_or_else(|| set.clone().unwrap_or_default()),
                    configured: configured.to_owned(),
                };
            let tagline_set = look.tagline.as_ref().map(|t| {
                if t.is_empty() {
                    "none".to_owned()
                } else {
                    t.clone()
                }
            });
            MastheadCard {
                id: configured.id.to_string(),
                name_now: now.name.clone(),
                host: configured.host.clone(),
                timezone: configured.timezone_name.clone(),
                language: configured.language.clone(),
                sections: configured
                    .sections
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                regions: configured.regions.entries().join(", "),
                local_section: configured.local_section,
                home: format!("/m/{}/", configured.id),
                name: field(typed.map(|t| &t.name), &look.name, &configured.name),
                tagline: field(typed.map(|t| &t.tagline), &tagline_set, &configured.tagline),
                accent: field(typed.map(|t| &t.accent), &look.accent, &configured.accent),
                accent_now: now.accent.clone(),
                logo: field(
                    typed.map(|t| &t.logo),
                    &look.logo,
                    configured.logo.as_deref().unwrap_or_default(),
                ),
                changed: !look.is_empty(),
            }
        })
        .collect();
    let view = MastheadsView { frame, mastheads };
    page::render(state, "admin/mastheads.html", view, status)
}
