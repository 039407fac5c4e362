//! `GET /releases/confirm/TOKEN`: the page a release's confirmation email
//! opens, with one button; `POST` (the button): the address is confirmed
//! and the release enters the editors' queue.
//!
//! The GET changes nothing, so a mail scanner that opens the link does
//! not confirm for the sender. The token is signed with the release's
//! submission time and expires after `mail.confirm_valid_hours`, like a
//! reader's; a release confirmed twice is simply already confirmed.

use super::{intake, status_href};
use crate::email::{EmailPage, FormView, TokenPath, from_this_site};
use crate::error::WebError;
use crate::masthead::Site;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use jiff::Timestamp;
use newsdesk_domain::ReleaseId;
use newsdesk_mail::Purpose;
use newsdesk_store::{ReleaseConfirmed, StoreError};

/// The release a confirmation link names, when it is ours, in time, for
/// a release of this masthead; else the page to show instead.
async fn read(
    state: &AppState,
    site: &Site,
    token: &str,
    now: Timestamp,
) -> Result<Result<ReleaseId, Response>, WebError> {
    let intake = intake(state)?;
    let Some((id, submitted)) = intake
        .signer
        .verify_at::<ReleaseId>(Purpose::ReleaseConfirm, token)
    else {
        return bad_link(state, site).map(Err);
    };
    let in_time = submitted
        .checked_add(intake.confirm_valid_for)
        .is_ok_and(|end| end > now && submitted <= now);
    if !in_time {
        return EmailPage::new(state, site, "This link has expired")
            .line("Confirmation links work for a limited time, and this one is too old. Your release was not sent to the editors; please send it again from the form.")
            .link(site.href("/releases/submit"), "Submit a news release")
            .render(state, site, StatusCode::GONE)
            .map(Err);
    }
    match state.store.news_release(id, now).await {
        Ok(release)
            if release.submitted_at == submitted
                && release.mastheads.contains(&site.masthead.id) =>
        {
            Ok(Ok(id))
        }
        Ok(_) | Err(StoreError::NotFound(_)) => bad_link(state, site).map(Err),
        Err(other) => Err(other.into()),
    }
}

/// The page of a link that is not one of ours.
pub fn bad_link(state: &AppState, site: &Site) -> Result<Response, WebError> {
    EmailPage::new(state, site, "This link is not valid")
        .line("This link does not work: it may have been cut short when it was copied. Open it again from the email.")
        .link(site.href("/releases/submit"), "Submit a news release")
        .render(state, site, StatusCode::BAD_REQUEST)
}

/// `GET /releases/confirm/TOKEN`.
pub async fn show(
    State(state): State<AppState>,
    site: Site,
    Path(TokenPath { token }): Path<TokenPath>,
) -> Result<Response, WebError> {
    if let Err(page) = read(&state, &site, &token, Timestamp::now()).await? {
        return Ok(page);
    }
    EmailPage::new(&state, &site, "Confirm your news release")
        .line("One more step: press the button to confirm your address and send your release to the editors.")
        .form(FormView {
            action: site.href(&format!("/releases/confirm/{token}")),
            button: "Confirm and send to the editors",
            value: "confirm",
            ..FormView::default()
        })
        .render(&state, &site, StatusCode::OK)
}

/// `POST /releases/confirm/TOKEN`.
pub async fn post(
    State(state): State<AppState>,
    site: Site,
    headers: HeaderMap,
    Path(TokenPath { token }): Path<TokenPath>,
) -> Result<Response, WebError> {
    if !from_this_site(&headers) {
        return EmailPage::new(&state, &site, "This form was sent from another site")
            .line("For your safety, this site only takes its forms from its own pages. Open the link from your email again.")
            .render(&state, &site, StatusCode::FORBIDDEN);
    }
    let now = Timestamp::now();
    let id = match read(&state, &site, &token, now).await? {
        Ok(id) => id,
        Err(page) => return Ok(page),
    };
    let heading = match state.store.confirm_release(id, now).await? {
        ReleaseConfirmed::Now => "Your release is with the editors",
        ReleaseConfirmed::Already => "Your release was already confirmed",
    };
    let status = status_href(&state, &site, id)?;
    EmailPage::new(&state, &site, heading)
        .line("Thank you: your address is confirmed and an editor will read your release. Follow it at its status page; keep the link, it is the one we also emailed you.")
        .link(status, "Follow your release")
        .link(site.href("/"), "Go to the front page")
        .render(&state, &site, StatusCode::OK)
}
