//! `POST /admin/mastheads/{id}/look` (admins only): sets a masthead's
//! name, line under the name, accent colour and logo; an empty field keeps
//! the config's value (`none` as the line: no line). Audited as
//! `masthead.look`; every page shows it at once in this process and
//! within a second in the others, and the next emails carry it.

use super::csrf::Posted;
use super::mastheads::{Typed, render};
use super::page::Frame;
use super::session::AdminRole;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_domain::MastheadLook;

/// `{id}` in the path.
#[derive(Debug, serde::Deserialize)]
pub struct MastheadPath {
    /// The masthead's id, as typed.
    pub id: String,
}

/// `POST /admin/mastheads/{id}/look`.
pub async fn post(
    State(state): State<AppState>,
    Path(path): Path<MastheadPath>,
    form: Posted<AdminRole>,
) -> Result<Response, WebError> {
    let admin = &form.signed;
    let frame = Frame::new(admin, "Mastheads", "Mastheads");
    let Some(masthead) = state.mastheads.iter().find(|m| m.id.as_str() == path.id) else {
        return Err(WebError::NotFound);
    };
    let typed = Typed {
        id: path.id.clone(),
        name: form.field("name").to_owned(),
        tagline: form.field("tagline").to_owned(),
        accent: form.field("accent").to_owned(),
        logo: form.field("logo").to_owned(),
    };
    let look = match MastheadLook::parse(&typed.name, &typed.tagline, &typed.accent, &typed.logo) {
        Ok(look) => look,
        Err(problems) => {
            let words: Vec<String> = problems.iter().map(ToString::to_string).collect();
            return render(
                &state,
                frame.error(format!("{}: {}", masthead.name, words.join(" "))),
                admin,
                Some(typed),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let changed = state
        .store
        .set_masthead_look(&masthead.id, &look, &admin.actor(), state.admin.now())
        .await?;
    let notice = if changed {
        state.looks.reload(&state.store).await?;
        super::show_change_now(&state).await?;
        format!(
            "{} now looks as set below.",
            state.looks.dress(masthead).name
        )
    } else {
        format!("Nothing changed for {}.", masthead.name)
    };
    render(&state, frame.notice(notice), admin, None, StatusCode::OK).await
}
