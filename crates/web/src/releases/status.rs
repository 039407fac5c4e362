//! `GET /releases/status/TOKEN`: where a release stands, for its sender:
//! waiting for confirmation, with the editors, approved for a time,
//! published (with its link), or not published and the editor's reason.
//!
//! The link is signed with the release's id and never expires; it names
//! no address, and shows only what the sender sent. A GET; it changes
//! nothing.

use super::{intake, release_href};
use crate::email::{EmailPage, TokenPath};
use crate::error::WebError;
use crate::masthead::Site;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use newsdesk_domain::zone_time::format_in_zone;
use newsdesk_domain::{ReleaseId, ReleaseStatus};
use newsdesk_mail::Purpose;
use newsdesk_store::StoreError;

/// `GET /releases/status/TOKEN`.
pub async fn show(
    State(state): State<AppState>,
    site: Site,
    Path(TokenPath { token }): Path<TokenPath>,
) -> Result<Response, WebError> {
    let intake = intake(&state)?;
    let now = Timestamp::now();
    let found = match intake
        .signer
        .verify::<ReleaseId>(Purpose::ReleaseStatus, &token)
    {
        Some(id) => match state.store.news_release(id, now).await {
            Ok(release) if release.mastheads.contains(&site.masthead.id) => Some(release),
            Ok(_) | Err(StoreError::NotFound(_)) => None,
            Err(other) => return Err(other.into()),
        },
        None => None,
    };
    let Some(release) = found else {
        return super::confirm::bad_link(&state, &site);
    };
    let when = |at: Option<Timestamp>| {
        at.map(|at| format_in_zone(at, &site.masthead.timezone))
            .unwrap_or_default()
    };
    let page = EmailPage::new(&state, &site, "Your news release").line(format!(
        "\u{201c}{}\u{201d}, from {}.",
        release.text.headline, release.text.organisation
    ));
    let page = match release.status {
        ReleaseStatus::Unconfirmed => page.line("Status: waiting for you to confirm your address. Open the link in the email we sent you; until then no editor sees the release."),
        ReleaseStatus::Pending => page.line("Status: pending. An editor will read it soon."),
        ReleaseStatus::Approved => page.line(format!(
            "Status: approved, to be published on {}.",
            when(release.publish_at)
        )),
        ReleaseStatus::Published => page
            .line(format!("Status: published on {}.", when(release.public_at())))
            .link(release_href(&site, &release), "Read it on the site"),
        ReleaseStatus::Rejected => page
            .line("Status: not published. The editor's reason:")
            .line(release.reason.clone().unwrap_or_default())
            .link(site.href("/releases/submit"), "Submit a new release"),
    };
    page.render(&state, &site, StatusCode::OK)
}
