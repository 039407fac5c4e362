//! `POST /admin/stories/{id}/published`: unpublishes a story
//! (`published=no`: gone from every public surface, its own page answers
//! 410) or republishes it (`yes`: back where it was); audited.

use super::csrf::Posted;
use super::story::{StoryPath, done};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;

/// `POST /admin/stories/{id}/published`.
pub async fn post(
    State(state): State<AppState>,
    Path(path): Path<StoryPath>,
    form: Posted,
) -> Result<Response, WebError> {
    let id = path.id().ok_or(WebError::NotFound)?;
    let (actor, now) = (form.signed.actor(), state.admin.now());
    let (result, words) = match form.field("published") {
        "no" => (
            state.store.unpublish_story(id, &actor, now).await,
            "Unpublished: it is gone from the front pages, lists, feeds, sitemaps, search and the daily email, and its page says it was taken down.",
        ),
        "yes" => (
            state.store.republish_story(id, &actor, now).await,
            "Republished: it is back where it was.",
        ),
        _ => {
            return Err(WebError::BadRequest(
                "The form did not say whether to publish.",
            ));
        }
    };
    done(&state, id, &form, result, words).await
}
