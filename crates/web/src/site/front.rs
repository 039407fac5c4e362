//! The front page: the lead story with its image, then the "Local"
//! section's newest stories (those filed in the masthead's countries,
//! when it has the section), then each section's newest stories in the
//! masthead's order, then news filed elsewhere.
//!
//! A story shows once on the page (by link and by headline). The lead is
//! the story an editor pinned to this masthead most recently; the other
//! pins follow it as "Top stories", above the sections. With no pin, the
//! lead is the newest story with a picture among the newest few.

use crate::cache::Cacheable;
use crate::error::WebError;
use crate::masthead::MaybeSite;
use crate::site::view::{self, PageView, StoryLink};
use crate::site::{local, network};
use crate::state::AppState;
use axum::extract::State;
use axum::response::{Redirect, Response};
use newsdesk_domain::more_information::distinct;
use newsdesk_domain::{Section, Story};
use newsdesk_store::StoryFilter;
use serde::Serialize;
use std::collections::HashSet;

/// Stories each section shows on the front page.
const PER_SECTION: usize = 5;
/// Newest stories read for the lead and for news outside the sections.
const LATEST: u32 = 40;
/// How many of the newest the lead is chosen from.
const LEAD_FROM: usize = 8;

#[derive(Serialize)]
struct FrontPage {
    page: PageView,
    lead: Option<StoryLink>,
    sections: Vec<SectionView>,
}

#[derive(Serialize)]
struct SectionView {
    name: String,
    slug: String,
    href: Option<String>,
    stories: Vec<StoryLink>,
}

/// `GET /` and `GET /m/ID/`.
pub async fn show(
    State(state): State<AppState>,
    MaybeSite(site): MaybeSite,
) -> Result<Response, WebError> {
    let Some(site) = site else {
        return network::render(&state);
    };
    let latest = state
        .store
        .list_stories(
            &StoryFilter {
                masthead: Some(site.masthead.reach()),
                ..StoryFilter::default()
            },
            None,
            LATEST,
        )
        .await?
        .stories;
    let pinned = state.store.pinned_stories(&site.masthead.reach()).await?;
    let latest = distinct(None, &latest, latest.len());
    let lead = pinned.first().or_else(|| {
        latest
            .iter()
            .take(LEAD_FROM)
            .find(|s| view::image_of(&site, s).is_some())
            .or(latest.first())
            .copied()
    });
    let mut shown: HashSet<i64> = lead.iter().map(|s| s.id.0).collect();
    let mut sections = Vec::new();
    let top: Vec<StoryLink> = pinned
        .iter()
        .skip(1)
        .map(|s| view::story_link(&site, s))
        .collect();
    shown.extend(pinned.iter().map(|s| s.id.0));
    if !top.is_empty() {
        sections.push(SectionView {
            name: "Top stories".into(),
            slug: "top-stories".into(),
            href: None,
            stories: top,
        });
    }
    if site.masthead.local_section {
        let stories =
            newest_not_shown(&state, &site, local::filter(&site), lead, &mut shown).await?;
        sections.push(SectionView {
            name: local::NAME.into(),
            slug: "local-news".into(),
            href: Some(site.href(local::PATH)),
            stories,
        });
    }
    for section in &site.masthead.sections {
        let filter = StoryFilter {
            masthead: Some(site.masthead.reach()),
            section: Some(section.clone()),
            ..StoryFilter::default()
        };
        let stories = newest_not_shown(&state, &site, filter, lead, &mut shown).await?;
        sections.push(SectionView {
            name: section.display_name(),
            slug: section.as_str().to_owned(),
            href: Some(view::section_href(&site, section)),
            stories,
        });
    }
    let listed: HashSet<&Section> = site.masthead.sections.iter().collect();
    let elsewhere: Vec<StoryLink> = latest
        .iter()
        .filter(|s| !listed.contains(&s.section) && !shown.contains(&s.id.0))
        .take(PER_SECTION)
        .map(|s| view::story_link(&site, s))
        .collect();
    sections.retain(|s| !s.stories.is_empty());
    if !elsewhere.is_empty() {
        sections.push(SectionView {
            name: "More news".into(),
            slug: "more-news".into(),
            href: None,
            stories: elsewhere,
        });
    }
    let title = if site.masthead.tagline.is_empty() {
        format!("{}: latest news", site.masthead.name)
    } else {
        format!("{}: {}", site.masthead.name, site.masthead.tagline)
    };
    let page = FrontPage {
        page: PageView::new(&state, Some(&site), &title)
            .with_feeds(&site, "", &site.masthead.name)
            .shared_as(&site, site.absolute("/"), &site.masthead.tagline),
        lead: lead.map(|s| view::story_link(&site, s)),
        sections,
    };
    let html = state
        .templates
        .render(Some(site.masthead.id.as_str()), "front.html", &page)?;
    Ok(view::html_page(html, Cacheable::LIST))
}

/// A block's stories: the newest `filter` holds that the page does not
/// show yet (nor repeat the lead), at most [`PER_SECTION`]; they count
/// as shown from then on.
async fn newest_not_shown(
    state: &AppState,
    site: &crate::masthead::Site,
    filter: StoryFilter,
    lead: Option<&Story>,
    shown: &mut HashSet<i64>,
) -> Result<Vec<StoryLink>, WebError> {
    let page = state
        .store
        .list_stories(&filter, None, (PER_SECTION * 2) as u32)
        .await?;
    let fresh: Vec<Story> = page
        .stories
        .into_iter()
        .filter(|s| !shown.contains(&s.id.0))
        .collect();
    let stories: Vec<&Story> = distinct(lead, &fresh, PER_SECTION);
    shown.extend(stories.iter().map(|s| s.id.0));
    Ok(stories.iter().map(|s| view::story_link(site, s)).collect())
}

/// `GET /m/ID` without the slash.
pub async fn redirect_to_slash(MaybeSite(site): MaybeSite) -> Result<Redirect, WebError> {
    let site = site.ok_or(WebError::NotFound)?;
    Ok(Redirect::permanent(&format!("{}/", site.base)))
}
