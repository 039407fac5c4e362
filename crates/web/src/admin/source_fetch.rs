//! `POST /admin/sources/{id}/fetch`: "fetch now": makes the source due at
//! once, so the next pass of any worker fetches it (the web process does
//! not fetch itself); audited.

use super::csrf::Posted;
use super::page::Frame;
use super::sources::{AddForm, SourcePath, render};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_store::StoreError;

/// `POST /admin/sources/{id}/fetch`.
pub async fn post(
    State(state): State<AppState>,
    Path(path): Path<SourcePath>,
    form: Posted,
) -> Result<Response, WebError> {
    let id = path.id().ok_or(WebError::NotFound)?;
    match state
        .store
        .fetch_source_now(id, &form.signed.actor(), state.admin.now())
        .await
    {
        Ok(()) => {
            let frame = Frame::new(&form.signed, "Sources", "Sources")
                .notice("It is due now: the next pass fetches it (unless it is paused).");
            render(&state, frame, AddForm::default(), StatusCode::OK).await
        }
        Err(StoreError::NotFound(_)) => Err(WebError::NotFound),
        Err(e) => Err(e.into()),
    }
}
