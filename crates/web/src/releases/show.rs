//! `GET /releases/ID`: one published news release, labelled as such
//! above its headline, with its organisation's name, its picture and its
//! text (Markdown rendered, then sanitized), and its JSON-LD as an
//! `Article` of genre "press release" (see [`crate::feeds::release_article`]).

use super::ReleaseView;
use crate::cache::Cacheable;
use crate::error::WebError;
use crate::feeds::{Article, release_article};
use crate::masthead::Site;
use crate::site::view::{self, PageView};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use jiff::Timestamp;
use newsdesk_domain::{ReleaseId, ReleaseStatus};
use newsdesk_store::StoreError;
use serde::{Deserialize, Serialize};

/// The release's id in the path.
#[derive(Deserialize)]
pub struct IdPath {
    id: String,
}

#[derive(Serialize)]
struct ReleasePage {
    page: PageView,
    release: ReleaseView,
    label: &'static str,
    list_href: String,
}

/// `GET /releases/ID`.
pub async fn show(
    State(state): State<AppState>,
    site: Site,
    Path(IdPath { id }): Path<IdPath>,
) -> Result<Response, WebError> {
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(ReleaseId)
        .ok_or(WebError::NotFound)?;
    let release = match state.store.news_release(id, Timestamp::now()).await {
        Ok(release)
            if release.status == ReleaseStatus::Published
                && release.mastheads.contains(&site.masthead.id) =>
        {
            release
        }
        Ok(_) | Err(StoreError::NotFound(_)) => return Err(WebError::NotFound),
        Err(other) => return Err(other.into()),
    };
    let shown = ReleaseView::of(&site, &release);
    let url = site.absolute(&format!("/releases/{id}"));
    let image = release
        .pictures
        .last()
        .map(|p| format!("{url}/picture/{}", p.width));
    let logo = site.logo_url();
    let published = release.public_at().unwrap_or(release.submitted_at);
    let mut page = PageView::new(
        &state,
        Some(&site),
        &format!("{} | {}", release.text.headline, site.masthead.name),
    )
    .shared_as(&site, url.clone(), &release.text.standfirst);
    page.json_ld = Some(release_article(
        &Article {
            headline: &release.text.headline,
            description: &release.text.standfirst,
            url: &url,
            image: image.as_deref(),
            published,
            modified: published,
            author: None,
            publisher_name: &site.masthead.name,
            publisher_logo: logo.as_deref(),
            section: super::LABEL,
            dateline_place: None,
            language: &site.masthead.language,
            is_based_on: None,
        },
        &release.text.organisation,
    ));
    let html = state.templates.render(
        Some(site.masthead.id.as_str()),
        "releases/release.html",
        &ReleasePage {
            page,
            release: shown,
            label: super::LABEL,
            list_href: site.href("/releases"),
        },
    )?;
    Ok(view::html_page(html, Cacheable::STORY))
}
