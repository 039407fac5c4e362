//! `GET /email/subscribed`: where the form sends every reader, whatever
//! their address's standing, so the page tells nobody whether an address
//! already reads the daily email.

use super::{EmailPage, circulation};
use crate::error::WebError;
use crate::masthead::Site;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

/// `GET /email/subscribed`.
pub async fn show(State(state): State<AppState>, site: Site) -> Result<Response, WebError> {
    let circulation = circulation(&state)?;
    EmailPage::new(&state, &site, "Check your inbox")
        .line(format!(
            "Thank you. If the address can receive {}'s daily email, we have sent it a link to confirm. Open it within {} to start getting the email.",
            site.masthead.name,
            newsdesk_mail::confirm::spoken(circulation.confirm_valid_for)
        ))
        .line("Nothing arrived? Look in your spam or promotions folder. You can ask again in a few minutes; if you already read the daily email, there is nothing more to do.")
        .link(site.href("/"), "Back to the front page")
        .render(&state, &site, StatusCode::OK)
}
