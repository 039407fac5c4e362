//! `POST /admin/stories/{id}/section`: files a story under another
//! section, one of those of the mastheads that take it; audited.

use super::csrf::Posted;
use super::story::{StoryPath, carriers, done, sections_of};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;

/// `POST /admin/stories/{id}/section`.
pub async fn post(
    State(state): State<AppState>,
    Path(path): Path<StoryPath>,
    form: Posted,
) -> Result<Response, WebError> {
    let id = path.id().ok_or(WebError::NotFound)?;
    let (story, _) = state
        .store
        .desk_story(id)
        .await?
        .ok_or(WebError::NotFound)?;
    let offered = sections_of(&carriers(&state, &story).await?);
    let section = offered
        .into_iter()
        .find(|s| s.as_str() == form.field("section"))
        .ok_or(WebError::BadRequest(
            "That section is not one of the story's mastheads' sections.",
        ))?;
    let words = format!("Moved to {}.", section.display_name());
    let result = state
        .store
        .move_story(id, &section, &form.signed.actor(), state.admin.now())
        .await;
    done(&state, id, &form, result, &words).await
}
