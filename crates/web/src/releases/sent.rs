//! `GET /releases/sent`: the page after the form: check your email.
//!
//! The same page whatever happened to the form (a bot caught by the
//! honeypot is shown it too), so it tells nobody anything.

use super::intake;
use crate::email::EmailPage;
use crate::error::WebError;
use crate::masthead::Site;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

/// `GET /releases/sent`.
pub async fn show(State(state): State<AppState>, site: Site) -> Result<Response, WebError> {
    intake(&state)?;
    EmailPage::new(&state, &site, "Check your email")
        .line("Thank you for your news release. We have sent you an email with a link: open it and press the button on the page to confirm your address.")
        .line("Only then does an editor read your release. The same email has a link to follow it: pending, approved, published, or not published and why.")
        .link(site.href("/releases"), "Read published news releases")
        .render(&state, &site, StatusCode::OK)
}
