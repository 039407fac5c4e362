//! `GET /admin/invitation/{token}`: the page an invitation's link opens,
//! with a form to choose a password; `POST`: sets it, once.
//!
//! A GET changes nothing (mail scanners open links). The link's token is
//! the form's proof: only its hash is stored, it works once and until it
//! expires. The POST is also taken from this site only (Fetch Metadata).
//! A password that is too short, too long, too easy to guess or not typed
//! the same twice is refused with what to fix.

use super::csrf::{cross_site, field, read_form};
use super::page::{self, Frame, Message};
use super::password::{hash, token_hash};
use crate::email::from_this_site;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use newsdesk_domain::user::check_new_password;
use serde::{Deserialize, Serialize};

/// The token in the link.
#[derive(Debug, Deserialize)]
pub struct InvitationPath {
    /// As in the email.
    pub token: String,
}

#[derive(Serialize)]
struct InvitationView {
    frame: Frame,
    email: String,
    action: String,
}

/// `GET /admin/invitation/{token}`.
pub async fn show(
    State(state): State<AppState>,
    Path(path): Path<InvitationPath>,
) -> Result<Response, WebError> {
    let Some(invitation) = state
        .store
        .invitation(&token_hash(&path.token), state.admin.now())
        .await?
    else {
        return Ok(gone(&state));
    };
    form(
        &state,
        &path.token,
        invitation.user.email.to_string(),
        None,
        StatusCode::OK,
    )
}

fn form(
    state: &AppState,
    token: &str,
    email: String,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let mut frame = Frame::bare("Choose your password");
    frame.error = error.map(str::to_owned);
    let view = InvitationView {
        frame,
        email,
        action: format!("/admin/invitation/{token}"),
    };
    page::render(state, "admin/invitation.html", view, status)
}

fn gone(state: &AppState) -> Response {
    page::message(
        state,
        StatusCode::GONE,
        Message {
            frame: Frame::bare("This invitation no longer works"),
            lines: vec!["The link has been used, has expired or was cut short. Ask an admin for a new invitation.".to_owned()],
            link: Some(("/admin/login".to_owned(), "Sign in".to_owned())),
        },
    )
}

/// `POST /admin/invitation/{token}`.
pub async fn post(
    State(state): State<AppState>,
    Path(path): Path<InvitationPath>,
    request: Request,
) -> Result<Response, Response> {
    if !from_this_site(request.headers()) {
        return Err(cross_site(&state));
    }
    let fields = read_form(request, &state).await?;
    let hashed = token_hash(&path.token);
    let now = state.admin.now();
    let invitation = state
        .store
        .invitation(&hashed, now)
        .await
        .map_err(|e| WebError::from(e).into_response())?;
    let Some(invitation) = invitation else {
        return Ok(gone(&state));
    };
    let email = invitation.user.email.to_string();
    let chosen = field(&fields, "password");
    let problem = match check_new_password(chosen) {
        Err(e) => Some(format!("Please choose another password: {e}.")),
        Ok(()) if chosen != field(&fields, "again") => {
            Some("The two passwords are not the same; type them again.".to_owned())
        }
        Ok(()) => None,
    };
    if let Some(problem) = problem {
        return form(
            &state,
            &path.token,
            email,
            Some(&problem),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .map_err(IntoResponse::into_response);
    }
    let secret = chosen.to_owned();
    let hashed_password = tokio::task::spawn_blocking(move || hash(&secret))
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(|| {
            WebError::BadRequest("The password could not be set just now.").into_response()
        })?;
    let set = state
        .store
        .accept_invitation(&hashed, &hashed_password, now)
        .await
        .map_err(|e| WebError::from(e).into_response())?;
    if set.is_none() {
        return Ok(gone(&state));
    }
    Ok(page::message(
        &state,
        StatusCode::OK,
        Message {
            frame: Frame::bare("Your password is set"),
            lines: vec![format!("You can now sign in as {email}.")],
            link: Some(("/admin/login".to_owned(), "Sign in".to_owned())),
        },
    ))
}
