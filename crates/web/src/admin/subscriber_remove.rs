//! `POST /admin/subscribers/remove` (admins only): removes a reader of a
//! masthead, by address, for good (with anything queued for them);
//! audited with what was removed.

use super::csrf::Posted;
use super::page::Frame;
use super::session::AdminRole;
use super::subscribers::render;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_domain::Email;

/// `POST /admin/subscribers/remove`.
pub async fn post(
    State(state): State<AppState>,
    form: Posted<AdminRole>,
) -> Result<Response, WebError> {
    let admin = &form.signed;
    let frame = Frame::new(admin, "Subscribers", "Subscribers");
    let typed = form.field("email").trim().to_owned();
    let Some(masthead) = state.masthead_by_id(form.field("masthead")) else {
        return render(
            &state,
            frame.error("Choose a masthead from the list."),
            true,
            typed,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let Ok(email) = Email::parse(&typed) else {
        return render(&state, frame.error("That is not an email address; it should read like name@example.com (at most 254 characters)."), true, typed, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let Some(reader) = state
        .store
        .subscriber_by_email(&masthead.id, &email)
        .await?
    else {
        return render(
            &state,
            frame.error(format!("{email} does not read {}.", masthead.name)),
            true,
            typed,
            StatusCode::NOT_FOUND,
        )
        .await;
    };
    state
        .store
        .remove_subscriber(reader.id, &admin.actor(), state.admin.now())
        .await?;
    let frame = frame.notice(format!("Removed {email} from {}.", masthead.name));
    render(&state, frame, true, String::new(), StatusCode::OK).await
}
