//! `POST /admin/releases/{id}/section`: places a release in one of its
//! mastheads' news sections (`section` empty: takes it out again), so it
//! is listed with that section's stories; audited.

use super::csrf::Posted;
use super::release::{ReleasePath, done};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use newsdesk_domain::Section;

/// `POST /admin/releases/{id}/section`.
pub async fn post(
    State(state): State<AppState>,
    Path(path): Path<ReleasePath>,
    form: Posted,
) -> Result<Response, WebError> {
    let id = path.id().ok_or(WebError::NotFound)?;
    let section = match form.field("section") {
        "" => None,
        typed => {
            let known = state
                .mastheads
                .iter()
                .flat_map(|m| m.sections.iter())
                .find(|s| s.as_str() == typed)
                .cloned();
            Some(known.ok_or(WebError::BadRequest("No masthead has that section."))?)
        }
    };
    let words = section.as_ref().map_or_else(
        || "Taken out of the news sections.".to_owned(),
        |s: &Section| format!("Placed in {}.", s.display_name()),
    );
    let actor = form.signed.actor();
    let result = state
        .store
        .place_release(id, section.as_ref(), &actor, state.admin.now())
        .await;
    done(&state, id, &form, result, &words).await
}
