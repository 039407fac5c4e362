//! `GET /admin/login`: the sign-in form; `POST /admin/login`: signing in.
//!
//! One answer for every failure: an unknown address, a wrong password, an
//! account disabled or without a password yet all get the same words and
//! status, after the same Argon2id check ([`super::password::verify`]).
//! Failures count against the typed address and the client's address;
//! past the free ones, either key is locked for a wait that doubles
//! ([`newsdesk_store::Lockout`]), and attempts while locked are refused
//! before any password is checked, so a flood of guesses costs the server
//! nothing but a read. The form has no token (nobody is signed in yet);
//! it is taken from this site only, by Fetch Metadata.

use super::csrf::{cross_site, field, read_form};
use super::page::{self, Frame};
use super::password;
use super::session::{client_address, host, see_other, set_cookie};
use crate::email::from_this_site;
use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use newsdesk_domain::Email;
use serde::Serialize;

#[derive(Serialize)]
struct LoginPage {
    frame: Frame,
    email: String,
}

/// `GET /admin/login`.
pub async fn show(State(state): State<AppState>) -> Result<Response, WebError> {
    render(
        &state,
        Frame::bare("Sign in to the newsroom"),
        String::new(),
        StatusCode::OK,
    )
}

fn render(
    state: &AppState,
    frame: Frame,
    email: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    page::render(
        state,
        "admin/login.html",
        LoginPage { frame, email },
        status,
    )
}

/// `POST /admin/login`.
pub async fn post(State(state): State<AppState>, request: Request) -> Result<Response, Response> {
    let (parts, body) = request.into_parts();
    if !from_this_site(&parts.headers) {
        return Err(cross_site(&state));
    }
    let desk = &state.admin;
    let client = client_address(&parts, desk);
    let host = host(&parts.headers);
    let fields = read_form(Request::from_parts(parts, body), &state).await?;
    let typed = field(&fields, "email").trim().to_owned();
    let secret = field(&fields, "password");
    let again = |message: &str, status| {
        render(
            &state,
            Frame::bare("Sign in to the newsroom").error(message),
            typed.clone(),
            status,
        )
        .unwrap_or_else(axum::response::IntoResponse::into_response)
    };
    if typed.len() > 254 || secret.len() > newsdesk_domain::user::MAX_PASSWORD_BYTES {
        return Ok(again(
            "That is longer than an email address or a password can be.",
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let email_key = format!("email:{}", typed.to_lowercase());
    let client_key = format!("address:{client}");
    let keys = [email_key.as_str(), client_key.as_str()];
    let now = desk.now();
    let store_failed = |e| axum::response::IntoResponse::into_response(WebError::from(e));
    if let Some(until) = state
        .store
        .login_locked_until(&keys, now)
        .await
        .map_err(store_failed)?
    {
        let wait = until.duration_since(now).as_secs().max(1);
        let words = if wait < 120 {
            format!("{wait} seconds")
        } else {
            format!("{} minutes", (wait + 59) / 60)
        };
        return Ok(again(
            &format!("Too many failed attempts. Wait {words}, then try again."),
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    let found = match Email::parse(&typed) {
        Ok(email) => state
            .store
            .user_for_sign_in(&email)
            .await
            .map_err(store_failed)?,
        Err(_) => None,
    };
    let (user, hash) = match &found {
        Some((user, hash)) => (Some(user), hash.as_deref()),
        None => (None, None),
    };
    let checked = {
        let secret = secret.to_owned();
        let hash = hash.map(str::to_owned);
        tokio::task::spawn_blocking(move || password::verify(&secret, hash.as_deref()))
            .await
            .unwrap_or(false)
    };
    let user = match user {
        Some(user) if checked && user.disabled_at.is_none() => user,
        _ => {
            state
                .store
                .login_failed(&keys, now, &desk.settings.lockout)
                .await
                .map_err(store_failed)?;
            return Ok(again(
                "That email address and password do not match an account.",
                StatusCode::UNAUTHORIZED,
            ));
        }
    };
    for key in keys {
        state
            .store
            .login_succeeded(key)
            .await
            .map_err(store_failed)?;
    }
    let token = password::random_token().map_err(|e| {
        tracing::error!(error = %e, "no session token");
        page::message(
            &state,
            StatusCode::INTERNAL_SERVER_ERROR,
            page::Message {
                frame: Frame::bare("Something went wrong"),
                lines: vec!["Signing in failed just now. Please try again in a moment.".into()],
                link: None,
            },
        )
    })?;
    let lifetime = desk.settings.session_lifetime;
    state
        .store
        .open_session(&password::token_hash(&token), user, &host, now, lifetime)
        .await
        .map_err(store_failed)?;
    let mut response = see_other("/admin");
    response
        .headers_mut()
        .insert(header::SET_COOKIE, set_cookie(&token, &host, lifetime));
    Ok(response)
}
