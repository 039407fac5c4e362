//! `GET /email/unsubscribe/TOKEN`: a page with one button to leave;
//! `POST`: the reader leaves, at once.
//!
//! The POST is RFC 8058's one-click unsubscription: a mail provider's
//! "Unsubscribe" button sends `List-Unsubscribe=One-Click` to the
//! `List-Unsubscribe` link of a digest, from its own servers, with no
//! cookie and no page in between; it gets a plain 200. The page's own
//! button sends the same POST. Neither is checked for where it came from
//! (the signed token is what authorizes it). The GET changes nothing: mail
//! scanners open every link in an email.

use super::{EmailPage, FormView, Hidden, TokenPath, bad_link, reader_by_link};
use crate::error::WebError;
use crate::masthead::Site;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use newsdesk_domain::SubscriberStatus;
use newsdesk_mail::Purpose;
use newsdesk_store::StoreError;

/// `GET /email/unsubscribe/TOKEN`.
pub async fn show(
    State(state): State<AppState>,
    site: Site,
    Path(TokenPath { token }): Path<TokenPath>,
) -> Result<Response, WebError> {
    let Some(reader) = reader_by_link(&state, &site, Purpose::Unsubscribe, &token).await? else {
        return bad_link(&state, &site);
    };
    if reader.status == SubscriberStatus::Unsubscribed {
        return left(&state, &site, "You have already left");
    }
    EmailPage::new(&state, &site, "Leave the daily email?")
        .line(format!(
            "Press the button and {} will get no more of {}'s daily emails.",
            reader.email, site.masthead.name
        ))
        .form(FormView {
            action: site.href(&format!("/email/unsubscribe/{token}")),
            button: "Unsubscribe",
            value: "leave",
            hidden: vec![Hidden {
                name: "List-Unsubscribe",
                value: "One-Click",
            }],
            ..FormView::default()
        })
        .link(site.href("/"), "Stay, and go to the front page")
        .render(&state, &site, StatusCode::OK)
}

/// `POST /email/unsubscribe/TOKEN`.
pub async fn post(
    State(state): State<AppState>,
    site: Site,
    Path(TokenPath { token }): Path<TokenPath>,
) -> Result<Response, WebError> {
    let Some(reader) = reader_by_link(&state, &site, Purpose::Unsubscribe, &token).await? else {
        return bad_link(&state, &site);
    };
    match state.store.unsubscribe(reader.id).await {
        Ok(()) => left(&state, &site, "You have left the daily email"),
        Err(StoreError::NotFound(_)) => bad_link(&state, &site),
        Err(other) => Err(other.into()),
    }
}

/// The page after leaving.
fn left(state: &AppState, site: &Site, heading: &'static str) -> Result<Response, WebError> {
    EmailPage::new(state, site, heading)
        .line(format!(
            "You will get no more of {}'s daily emails. Changed your mind? You can subscribe again at any time.",
            site.masthead.name
        ))
        .link(site.href("/email/subscribe"), "Subscribe again")
        .link(site.href("/"), "Go to the front page")
        .render(state, site, StatusCode::OK)
}
