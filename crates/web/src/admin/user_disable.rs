//! `POST /admin/users/{id}/disabled` (admins only): turns an account off
//! (`disabled=yes`: their sessions end at once) or on again; audited. An
//! admin cannot disable themselves.

use super::csrf::Posted;
use super::page::Frame;
use super::session::AdminRole;
use super::users::{UserPath, render};
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_store::StoreError;

/// `POST /admin/users/{id}/disabled`.
pub async fn post(
    State(state): State<AppState>,
    Path(path): Path<UserPath>,
    form: Posted<AdminRole>,
) -> Result<Response, WebError> {
    let admin = &form.signed;
    let frame = Frame::new(admin, "Users", "Users");
    let disabled = match form.field("disabled") {
        "yes" => true,
        "no" => false,
        _ => {
            return Err(WebError::BadRequest(
                "The form did not say whether to disable.",
            ));
        }
    };
    let Some(id) = path.id() else {
        return Err(WebError::NotFound);
    };
    if id == admin.user.id && disabled {
        return render(
            &state,
            frame.error("You cannot disable your own account."),
            admin,
            String::new(),
            None,
            StatusCode::CONFLICT,
        )
        .await;
    }
    match state
        .store
        .set_user_disabled(id, disabled, &admin.actor(), state.admin.now())
        .await
    {
        Ok(()) => {
            let words = if disabled {
                "The account is disabled; its sessions have ended."
            } else {
                "The account is enabled again."
            };
            render(
                &state,
                frame.notice(words),
                admin,
                String::new(),
                None,
                StatusCode::OK,
            )
            .await
        }
        Err(StoreError::NotFound(_)) => Err(WebError::NotFound),
        Err(e) => Err(e.into()),
    }
}
