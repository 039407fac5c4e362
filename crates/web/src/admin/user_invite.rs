//! `POST /admin/users/invite` (admins only): adds a person with no
//! password and emails them a link to choose one.
//!
//! The link holds 256 random bits (only their hash is stored), works once
//! and for `admin.invite_valid_hours`. It is sent at once through the
//! daily email's transport; when there is none, or sending fails, the
//! person is still added and the admin is shown the link to pass on.

use super::csrf::Posted;
use super::page::Frame;
use super::password::{random_token, token_hash};
use super::session::{AdminRole, is_local_host};
use super::users::render;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::Response;
use newsdesk_domain::{Email, Role};
use newsdesk_mail::Invite;
use newsdesk_store::StoreError;

/// `POST /admin/users/invite`.
pub async fn post(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    form: Posted<AdminRole>,
) -> Result<Response, WebError> {
    let admin = &form.signed;
    let typed = form.field("email").trim().to_owned();
    let again = |message: &str| Frame::new(admin, "Users", "Users").error(message);
    let Ok(email) = Email::parse(&typed) else {
        return render(&state, again("That is not an email address; it should read like name@example.com (at most 254 characters)."), admin, typed, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let Some(role) = Role::parse(form.field("role")) else {
        return render(
            &state,
            again("Choose a role: admin or editor."),
            admin,
            typed,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let desk = &state.admin;
    let now = desk.now();
    let token = random_token().map_err(|_| WebError::BadRequest("no randomness"))?;
    let expires = now
        .checked_add(desk.settings.invite_valid_for)
        .unwrap_or(now);
    let added = state
        .store
        .invite_user(
            &email,
            role,
            &token_hash(&token),
            expires,
            &admin.actor(),
            now,
        )
        .await;
    match added {
        Ok(_) => {}
        Err(StoreError::Conflict(_)) => {
            return render(
                &state,
                again("Someone with that address is already a user."),
                admin,
                typed,
                None,
                StatusCode::CONFLICT,
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    }
    let url = invitation_url(&state, &headers, &token);
    let sent = match &desk.mail {
        Some(mail) => {
            let invite = Invite {
                from: &mail.from,
                network: &desk.settings.network_name,
                to: &email,
                role,
                inviter: admin.user.email.as_str(),
                url: url.clone(),
                valid_for: desk.settings.invite_valid_for,
            };
            match invite.letter(&mail.templates, now) {
                Ok(letter) => match mail
                    .transport
                    .send(&format!("invite-{}", now.as_millisecond()), &letter)
                    .await
                {
                    Ok(()) => true,
                    Err(e) => {
                        tracing::warn!(error = %e, "an invitation was not sent");
                        false
                    }
                },
                Err(e) => {
                    tracing::warn!(error = %e, "an invitation could not be written");
                    false
                }
            }
        }
        None => false,
    };
    let frame = Frame::new(admin, "Users", "Users");
    if sent {
        let frame = frame.notice(format!(
            "Invited {email}: the email with their link is on its way."
        ));
        render(&state, frame, admin, String::new(), None, StatusCode::OK).await
    } else {
        let frame = frame.notice(format!("{email} is added, but no email could be sent. Pass them this link yourself; it works once."));
        render(
            &state,
            frame,
            admin,
            String::new(),
            Some(url),
            StatusCode::OK,
        )
        .await
    }
}

/// The invitation's address on this server: `server.base_url` when set,
/// else this request's host (https unless the host is this machine).
fn invitation_url(state: &AppState, headers: &axum::http::HeaderMap, token: &str) -> String {
    let origin = match &state.settings.base_url {
        Some(base) => base.trim_end_matches('/').to_owned(),
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .filter(|h| {
                    h.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
                })
                .unwrap_or("localhost");
            let scheme = if is_local_host(host) { "http" } else { "https" };
            format!("{scheme}://{}", host.to_ascii_lowercase())
        }
    };
    format!("{origin}/admin/invitation/{token}")
}
