//! `POST /admin/releases/{id}/reject`: rejects a release with a reason,
//! which the sender desk emails to its submitter at once (it is woken);
//! audited. The reason is
//! needed, at most [`MAX_REASON_CHARS`].

use super::csrf::Posted;
use super::release::{ReleasePath, done, fix};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;

/// The longest reason taken, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

/// `POST /admin/releases/{id}/reject`.
pub async fn post(
    State(state): State<AppState>,
    Path(path): Path<ReleasePath>,
    form: Posted,
) -> Result<Response, WebError> {
    let id = path.id().ok_or(WebError::NotFound)?;
    let reason = form.field("reason").trim();
    let chars = reason.chars().count();
    if chars == 0 || chars > MAX_REASON_CHARS {
        let words = if chars == 0 {
            "Write the reason: it is emailed to the sender.".to_owned()
        } else {
            format!("The reason is {chars} characters long; it may be at most {MAX_REASON_CHARS}.")
        };
        return fix(&state, id, &form.signed, words, None).await;
    }
    let result = state
        .store
        .reject_release(id, reason, &form.signed.actor(), state.admin.now())
        .await;
    if result.is_ok()
        && let Some(circulation) = &state.circulation
    {
        // The sender emails the reason now, not at its next look.
        circulation.wake.notify_one();
    }
    done(
        &state,
        id,
        &form,
        result,
        "Rejected: the sender is emailed the reason.",
    )
    .await
}
