//! News releases on a masthead's site, one action per file: the form
//! ([`form`], [`submit`], [`sent`]), the sender's signed links
//! ([`confirm`], [`status`]), and what readers see once an editor has
//! approved a release ([`list`], [`show`], [`feed`], [`picture_file`]).
//! [`submission`] reads and checks a posted form, [`picture`] makes an
//! upload safe, [`rules`] flags what an editor should look at twice,
//! [`client`] names the sender's network address for the rate limits.
//!
//! The rules these pages keep (docs/ARCHITECTURE.md, "News releases"):
//! - **The form works without script, and its page is cached** like any
//!   other: what makes one visit's form different (the time it was shown,
//!   for the minimum fill time) is a signed timestamp in the page,
//!   checked on the POST, so no session or cookie is needed.
//! - **Nothing reaches an editor before its sender confirms their
//!   address**, by a signed link that expires; nothing is published
//!   before an editor approves it. A GET never changes anything: the
//!   confirmation is the POST of the page's button.
//! - **A rule flags, never drops**: content rules put a release in the
//!   queue with their reasons; only the honeypot (a field people never
//!   see) and the limits refuse, and each refusal says what to do.
//! - **Nothing a submitter typed runs**: text is escaped by the templates;
//!   the body's Markdown is rendered, raw HTML in it shown as text, and
//!   the result sanitized; links are marked `nofollow ugc noopener`;
//!   pictures are re-encoded from pixels.
//! - **Forms are posted from the site only** ([`crate::email::from_this_site`]).

pub mod confirm;
pub mod feed;
pub mod form;
pub mod list;
pub mod picture;
pub mod picture_file;
pub mod rules;
pub mod sent;
pub mod show;
pub mod status;
pub mod submission;
pub mod submit;

use crate::error::WebError;
use crate::feeds::Entry;
use crate::masthead::Site;
use crate::sanitize;
use crate::site::view::iso_time;
use crate::state::{AppState, Circulation};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use newsdesk_domain::zone_time::format_in_zone;
use newsdesk_store::Release;
use serde::Serialize;
use std::sync::Arc;

/// The largest form body taken: the picture and room for the text.
pub const BODY_LIMIT: usize = picture::MAX_BYTES + 512 * 1024;

/// The routes of news releases, relative to a masthead's site.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/releases", get(list::show))
        .route(
            "/releases/submit",
            get(form::show)
                .post(submit::post)
                .layer(DefaultBodyLimit::max(BODY_LIMIT)),
        )
        .route("/releases/sent", get(sent::show))
        .route(
            "/releases/confirm/{token}",
            get(confirm::show).post(confirm::post),
        )
        .route("/releases/status/{token}", get(status::show))
        .route("/releases/feed.xml", get(feed::rss))
        .route("/releases/atom.xml", get(feed::atom))
        .route("/releases/{id}", get(show::show))
        .route("/releases/{id}/picture/{width}", get(picture_file::show))
}

/// The site's intake: signed links and the sender's wake-up come with the
/// daily email's settings; a site without them takes no releases (its
/// published releases are still shown).
pub fn intake(state: &AppState) -> Result<Arc<Circulation>, WebError> {
    state.circulation.clone().ok_or(WebError::NotFound)
}

/// A published release as pages show it.
#[derive(Debug, Serialize)]
pub struct ReleaseView {
    /// Its page.
    pub href: String,
    /// The headline.
    pub headline: String,
    /// The standfirst.
    pub standfirst: String,
    /// The organisation that sent it.
    pub organisation: String,
    /// Its category's name.
    pub category: &'static str,
    /// When it was published, as the masthead writes times.
    pub time: String,
    /// The same in RFC 3339.
    pub time_iso: String,
    /// The body, rendered and sanitized.
    pub body_html: String,
    /// The picture: the narrowest copy's address.
    pub picture: Option<String>,
    /// Every copy, for `srcset`.
    pub srcset: String,
    /// The picture's width and height (of the widest copy).
    pub picture_size: (u32, u32),
}

impl ReleaseView {
    /// `release` as `site` shows it.
    pub fn of(site: &Site, release: &Release) -> Self {
        let at = release.public_at().unwrap_or(release.submitted_at);
        let href = release_href(site, release);
        let widest = release.pictures.last();
        Self {
            headline: release.text.headline.clone(),
            standfirst: release.text.standfirst.clone(),
            organisation: release.text.organisation.clone(),
            category: release.text.category.display_name(),
            time: format_in_zone(at, &site.masthead.timezone),
            time_iso: iso_time(at),
            body_html: sanitize::release_html(&release.text.body),
            picture: picture_src(&href, release),
            srcset: picture_srcset(&href, release),
            picture_size: widest.map_or((0, 0), |p| (p.width, p.height)),
            href,
        }
    }
}

/// The address of `release`'s narrowest picture under `href` (its page).
pub fn picture_src(href: &str, release: &Release) -> Option<String> {
    release
        .pictures
        .first()
        .map(|p| format!("{href}/picture/{}", p.width))
}

/// Every width of `release`'s picture under `href`, for `srcset`.
pub fn picture_srcset(href: &str, release: &Release) -> String {
    release
        .pictures
        .iter()
        .map(|p| format!("{href}/picture/{0} {0}w", p.width))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A release's page on `site`.
pub fn release_href(site: &Site, release: &Release) -> String {
    site.href(&format!("/releases/{}", release.id))
}

/// The label every release carries, in pages, feeds and the digest.
pub const LABEL: &str = "News release";

/// What a feed entry of a release borrows.
pub struct ReleaseEntry {
    url: String,
    headline: String,
    standfirst: String,
    organisation: String,
    content_html: String,
    image: Option<String>,
    published: jiff::Timestamp,
}

impl ReleaseEntry {
    /// `release` as an entry of `site`'s feed.
    pub fn of(site: &Site, release: &Release) -> Self {
        let url = site.absolute(&format!("/releases/{}", release.id));
        Self {
            image: release
                .pictures
                .last()
                .map(|p| format!("{url}/picture/{}", p.width)),
            content_html: sanitize::release_html(&release.text.body),
            headline: release.text.headline.clone(),
            standfirst: release.text.standfirst.clone(),
            organisation: release.text.organisation.clone(),
            published: release.public_at().unwrap_or(release.submitted_at),
            url,
        }
    }

    /// The entry: its category is [`LABEL`], its author the organisation.
    pub fn entry(&self) -> Entry<'_> {
        Entry {
            url: &self.url,
            title: &self.headline,
            summary: &self.standfirst,
            content_html: Some(&self.content_html),
            author: Some(&self.organisation),
            source_name: &self.organisation,
            source_url: "",
            section: LABEL,
            published: self.published,
            updated: self.published,
            image: self.image.as_deref(),
        }
    }
}

/// The status page of release `id` on `site`, by its signed link.
pub fn status_href(
    state: &AppState,
    site: &Site,
    id: newsdesk_domain::ReleaseId,
) -> Result<String, WebError> {
    let intake = intake(state)?;
    Ok(site.href(&format!(
        "/releases/status/{}",
        intake
            .signer
            .sign(newsdesk_mail::Purpose::ReleaseStatus, id)
    )))
}
