//! `POST /admin/stories/{id}/pin`: pins a story to the top of one
//! masthead's front page (`pinned=yes`, with `masthead`) or takes the pin
//! off (`no`); audited. A masthead holds [`MAX_PINS`] pins: one more is
//! refused (409) with what to do, as is a masthead that does not take the
//! story (422): neither its source nor, by region, where it was filed.

use super::csrf::Posted;
use super::story::{StoryPath, done, fix, masthead_name};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_store::{MAX_PINS, Pinning};

/// `POST /admin/stories/{id}/pin`.
pub async fn post(
    State(state): State<AppState>,
    Path(path): Path<StoryPath>,
    form: Posted,
) -> Result<Response, WebError> {
    let id = path.id().ok_or(WebError::NotFound)?;
    let masthead = state
        .masthead_by_id(form.field("masthead"))
        .map(|m| m.reach())
        .ok_or(WebError::BadRequest("The form did not name a masthead."))?;
    let name = masthead_name(&state, &masthead.id);
    let (actor, now) = (form.signed.actor(), state.admin.now());
    let pinning = match form.field("pinned") {
        "yes" => state.store.pin_story(id, &masthead, &actor, now).await,
        "no" => {
            let result = state.store.unpin_story(id, &masthead, &actor, now).await;
            let words = format!("Unpinned from {name}'s front page.");
            return done(&state, id, &form, result, &words).await;
        }
        _ => {
            return Err(WebError::BadRequest("The form did not say whether to pin."));
        }
    };
    let (words, status) = match pinning {
        Ok(Pinning::Pinned) => (format!("Pinned: it leads {name}'s front page."), None),
        Ok(Pinning::Already) => (
            format!("It was pinned to {name}'s front page already."),
            None,
        ),
        Ok(Pinning::Full) => (
            format!(
                "{name}'s front page has {MAX_PINS} pinned stories already: unpin one of them first. Nothing was changed."
            ),
            Some(StatusCode::CONFLICT),
        ),
        Ok(Pinning::NotCarried) => (
            format!(
                "{name} carries neither this story's source nor stories filed where it happened, so it cannot lead its front page."
            ),
            Some(StatusCode::UNPROCESSABLE_ENTITY),
        ),
        Err(e) => return done(&state, id, &form, Err(e), "").await,
    };
    match status {
        Some(status) => fix(&state, id, &form.signed, words, None, status).await,
        None => done(&state, id, &form, Ok(()), &words).await,
    }
}
