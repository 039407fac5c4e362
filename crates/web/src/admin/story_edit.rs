//! `POST /admin/stories/{id}/edit`: gives a story an editor's headline
//! and standfirst (read as [`StoryWords`]; what cannot be one is the page
//! again with what to fix, 422, the words kept); audited with both before
//! and after. The address follows the new headline, and the old one
//! answers a permanent redirect to it (the story page finds a story by
//! its id and redirects any other slug).

use super::csrf::Posted;
use super::story::{StoryPath, WordsForm, done, fix};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_domain::StoryWords;

/// `POST /admin/stories/{id}/edit`.
pub async fn post(
    State(state): State<AppState>,
    Path(path): Path<StoryPath>,
    form: Posted,
) -> Result<Response, WebError> {
    let id = path.id().ok_or(WebError::NotFound)?;
    let (headline, standfirst) = (form.field("headline"), form.field("standfirst"));
    let words = match StoryWords::parse(headline, standfirst) {
        Ok(words) => words,
        Err(why) => {
            let typed = WordsForm {
                headline: headline.to_owned(),
                standfirst: standfirst.to_owned(),
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return fix(
                &state,
                id,
                &form.signed,
                why.to_string(),
                Some(typed),
                status,
            )
            .await;
        }
    };
    let result = state
        .store
        .edit_story(id, &words, &form.signed.actor(), state.admin.now())
        .await;
    let said = "Saved: the story's address follows the new headline, and the old one leads to it.";
    done(&state, id, &form, result, said).await
}
