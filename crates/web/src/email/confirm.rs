//! `GET /email/confirm/TOKEN`: the page a confirmation email's link opens,
//! with one button; `POST` (the button): the reader is confirmed.
//!
//! The GET changes nothing, so a mail scanner that opens the link does not
//! confirm an address for its owner. The token is signed with the time
//! the confirmation was asked for: past `mail.confirm_valid_hours` it has
//! expired (the page offers the form again); a link from an older
//! confirmation email, or one followed after the reader left, is refused
//! by the store; the newest link followed twice says the reader is
//! already subscribed.

use super::{
    EmailPage, FormView, TokenPath, bad_link, circulation, cross_site, from_this_site,
    preferences_href, reader_of, subscribe_form,
};
use crate::error::WebError;
use crate::masthead::Site;
use crate::state::{AppState, Circulation};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jiff::Timestamp;
use newsdesk_domain::SubscriberId;
use newsdesk_mail::Purpose;
use newsdesk_store::{Confirmed, StoreError};

/// What a confirmation token says.
enum Link {
    /// Signed by us, in time.
    Valid(SubscriberId, Timestamp),
    /// Signed by us, too old.
    Expired,
    /// Not ours.
    Bad,
}

fn read(circulation: &Circulation, token: &str, now: Timestamp) -> Link {
    match circulation.signer.verify_at(Purpose::Confirm, token) {
        None => Link::Bad,
        Some((id, issued)) => match issued.checked_add(circulation.confirm_valid_for) {
            Ok(end) if end > now && issued <= now => Link::Valid(id, issued),
            _ => Link::Expired,
        },
    }
}

/// The page of a link past its time: subscribe again.
fn expired(state: &AppState, site: &Site) -> Result<Response, WebError> {
    EmailPage::new(state, site, "This link has expired")
        .line("Confirmation links work for a limited time, and this one is too old. Subscribe again below and we will send you a new one.")
        .form(subscribe_form(site, String::new(), &[]))
        .render(state, site, StatusCode::GONE)
}

/// `GET /email/confirm/TOKEN`.
pub async fn show(
    State(state): State<AppState>,
    site: Site,
    Path(TokenPath { token }): Path<TokenPath>,
) -> Result<Response, WebError> {
    let circulation = circulation(&state)?;
    match read(&circulation, &token, Timestamp::now()) {
        Link::Bad => bad_link(&state, &site),
        Link::Expired => expired(&state, &site),
        Link::Valid(..) => EmailPage::new(&state, &site, "Confirm your subscription")
            .line(format!(
                "One more step: press the button to start getting {}'s daily email.",
                site.masthead.name
            ))
            .form(FormView {
                action: site.href(&format!("/email/confirm/{token}")),
                button: "Confirm my subscription",
                value: "confirm",
                ..FormView::default()
            })
            .render(&state, &site, StatusCode::OK),
    }
}

/// `POST /email/confirm/TOKEN`.
pub async fn post(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    Path(TokenPath { token }): Path<TokenPath>,
) -> Result<Response, WebError> {
    let circulation = circulation(&state)?;
    if !from_this_site(&headers) {
        return cross_site(&state, &site);
    }
    let now = Timestamp::now();
    let (id, issued) = match read(&circulation, &token, now) {
        Link::Bad => return bad_link(&state, &site),
        Link::Expired => return expired(&state, &site),
        Link::Valid(id, issued) => (id, issued),
    };
    if reader_of(&state, &site, id).await?.is_none() {
        return bad_link(&state, &site);
    }
    let confirmed = match state.store.confirm_subscriber(id, issued, now).await {
        Ok(confirmed) => confirmed,
        Err(StoreError::NotFound(_)) => return bad_link(&state, &site),
        Err(other) => return Err(other.into()),
    };
    let preferences = preferences_href(&site, &circulation, id);
    match confirmed {
        Confirmed::Now => EmailPage::new(&state, &site, "You are subscribed")
            .line(format!(
                "Thank you: {}'s daily email will reach you every morning from the next edition on.",
                site.masthead.name
            ))
            .line("Every email has a link to choose your sections or to leave.")
            .link(preferences, "Choose your sections")
            .link(site.href("/"), "Go to the front page")
            .render(&state, &site, StatusCode::OK),
        Confirmed::Already => EmailPage::new(&state, &site, "You are already subscribed")
            .line("This link was used before: your address is confirmed, and nothing more is needed.")
            .link(preferences, "Choose your sections")
            .link(site.href("/"), "Go to the front page")
            .render(&state, &site, StatusCode::OK),
        Confirmed::Stale => EmailPage::new(&state, &site, "This link is no longer valid")
            .line("A newer confirmation email was sent since this one, or the address has left the daily email. Use the link in the newest email, or subscribe again below.")
            .form(subscribe_form(&site, String::new(), &[]))
            .render(&state, &site, StatusCode::GONE),
    }
}
