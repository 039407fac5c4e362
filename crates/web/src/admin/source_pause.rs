//! `POST /admin/sources/{id}/paused`: pauses a source (`paused=yes`: the
//! scheduler leaves it alone, its stories stay) or resumes it (`no`: due
//! at once); audited.

use super::csrf::Posted;
use super::page::Frame;
use super::sources::{AddForm, SourcePath, render};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_store::StoreError;

/// `POST /admin/sources/{id}/paused`.
pub async fn post(
    State(state): State<AppState>,
    Path(path): Path<SourcePath>,
    form: Posted,
) -> Result<Response, WebError> {
    let paused = match form.field("paused") {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(WebError::BadRequest(
                "The form did not say whether to pause.",
            ));
        }
    };
    let id = path.id().ok_or(WebError::NotFound)?;
    match state
        .store
        .set_source_paused(id, paused, &form.signed.actor(), state.admin.now())
        .await
    {
        Ok(()) => {
            let words = if paused {
                "Paused: it will not be fetched until it is resumed."
            } else {
                "Resumed: it will be fetched in the next pass."
            };
            let frame = Frame::new(&form.signed, "Sources", "Sources").notice(words);
            render(&state, frame, AddForm::default(), StatusCode::OK).await
        }
        Err(StoreError::NotFound(_)) => Err(WebError::NotFound),
        Err(e) => Err(e.into()),
    }
}
