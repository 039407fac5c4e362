//! The story page: source line, time in the masthead's zone, headline,
//! standfirst, byline, lead image, dateline, the article as sanitized HTML
//! with its links, "Also reported by", and "More Information".
//!
//! Every version of one wire copy (a cluster, see `newsdesk_store::clusters`)
//! lives at the cluster's address and shows the version that leads on
//! this masthead; a version's own id redirects there, and a later version
//! that leads says the story was updated. "Also reported by" names every
//! other source of every version.
//!
//! A story is shown only on the mastheads that take its source. The URL
//! is `/story/ID/SLUG`: the id is what finds the story, so a request with a
//! missing or outdated slug (after a headline edit) is redirected, for good
//! (308), to the story's current address. A story an editor unpublished
//! answers `410 Gone` (see [`WebError::Gone`]) until it is republished.

use crate::cache::Cacheable;
use crate::error::WebError;
use crate::feeds::{Article, news_article};
use crate::masthead::Site;
use crate::sanitize;
use crate::site::archive::day_path;
use crate::site::view::{self, PageView, og, twitter};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use newsdesk_domain::more_information::{MORE_INFORMATION_LEN, pick};
use newsdesk_domain::{Story, StoryId};
use newsdesk_store::StoryFilter;
use serde::{Deserialize, Serialize};

/// How many recent stories "More Information" chooses from.
const CANDIDATES: u32 = 40;

#[derive(Serialize)]
struct StoryPage {
    page: PageView,
    story: StoryView,
    more: Vec<view::StoryLink>,
}

#[derive(Serialize)]
struct StoryView {
    title: String,
    source: String,
    source_href: Option<String>,
    link: String,
    author: Option<String>,
    time: String,
    time_iso: String,
    day_href: String,
    standfirst: String,
    image: Option<String>,
    dateline: Option<DatelineView>,
    /// Sanitized article HTML; empty when only plain text is stored.
    body_html: String,
    paragraphs: Vec<String>,
    section: String,
    section_href: Option<String>,
    also: Vec<Carrier>,
    /// A later version of the copy (an update or a correction) replaced
    /// the first at this address.
    updated: bool,
}

#[derive(Serialize, Deserialize)]
struct DatelineView {
    text: String,
    place: String,
    #[serde(default)]
    country: Option<String>,
}

#[derive(Serialize)]
struct Carrier {
    name: String,
    link: String,
}

/// The story's part of the path.
#[derive(Deserialize)]
pub struct StoryPath {
    id: String,
    slug: Option<String>,
}

/// `GET /story/ID/SLUG` and `GET /m/MASTHEAD/story/ID/SLUG`.
pub async fn show(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<StoryPath>,
) -> Result<Response, WebError> {
    let id = StoryId(path.id.parse().map_err(|_| WebError::NotFound)?);
    let reach = site.masthead.reach();
    // Every version of a wire copy lives at its cluster's address (the id
    // of its first story, which may itself have been taken down) and shows
    // the version that leads there for this masthead.
    let cluster = match state.store.cluster_lead(id, &reach).await? {
        Some(cluster) => cluster,
        None => {
            let Some(asked) = state.store.story(id).await? else {
                // Taken down by an editor (410), or never here (404).
                return Err(if state.store.story_unpublished(id).await? {
                    WebError::Gone
                } else {
                    WebError::NotFound
                });
            };
            if asked.address() == id {
                return Err(WebError::NotFound);
            }
            // Another version's own id: its cluster's address is where it
            // lives, for as long as it is in the cluster (so not for good:
            // re-clustering may part them).
            let cluster = state
                .store
                .cluster_lead(asked.address(), &reach)
                .await?
                .ok_or(WebError::NotFound)?;
            return Ok(Redirect::temporary(&view::story_href(&site, &cluster.lead)).into_response());
        }
    };
    let story = cluster.lead;
    let source = state
        .store
        .source(story.source_id)
        .await?
        .ok_or(WebError::NotFound)?;
    if !site.masthead.takes(&source, &story) {
        return Err(WebError::NotFound);
    }
    if path.slug.as_deref() != Some(story.slug().as_str()) {
        return Ok(Redirect::permanent(&view::story_href(&site, &story)).into_response());
    }
    let latest = state
        .store
        .list_stories(
            &StoryFilter {
                masthead: Some(site.masthead.reach()),
                ..StoryFilter::default()
            },
            None,
            CANDIDATES,
        )
        .await?
        .stories;
    let more: Vec<view::StoryLink> = pick(&story, &latest, MORE_INFORMATION_LEN)
        .into_iter()
        .map(|s| view::story_link(&site, s))
        .collect();
    // Every other source of every version, each once, with its own link.
    let mut named = std::collections::HashSet::new();
    let also = state
        .store
        .cluster_carriers(story.address())
        .await?
        .into_iter()
        .filter(|c| c.source_id != story.source_id && c.link != story.link)
        .filter(|c| named.insert(c.source_id))
        .map(|c| Carrier {
            name: c.source_name,
            link: c.link,
        })
        .collect();
    let own_url = site.absolute(&view::story_path(&story));
    let page = PageView::new(
        &state,
        Some(&site),
        &format!("{} | {}", story.title, site.masthead.name),
    );
    let page = with_share_tags(page, &site, &story, &own_url);
    let listed = site.masthead.sections.contains(&story.section);
    let local_day = story
        .published_at
        .to_zoned_datetime(site.masthead.timezone.clone())
        .date();
    let body_html = if story.body_html.trim().is_empty() {
        String::new()
    } else {
        sanitize::story_html(&story.body_html)
    };
    let view = StoryView {
        title: story.title.clone(),
        source: story.source_name.clone(),
        // A story taken by region from a source this masthead does not
        // carry has no source page here.
        source_href: source
            .feeds(&site.masthead.id)
            .then(|| site.href(&format!("/source/{}", story.source_id))),
        link: story.link.clone(),
        author: story.author.clone(),
        time: view::local_time(&site.masthead, &story),
        time_iso: view::iso_time(story.published_at),
        day_href: site.href(&day_path(local_day)),
        standfirst: story.standfirst.clone(),
        image: view::image_of(&site, &story),
        // The dateline is shown apart only when the text does not open with it.
        dateline: dateline(&story).filter(|d| !story.body.trim_start().starts_with(&d.text)),
        paragraphs: if body_html.is_empty() {
            story.paragraphs().map(str::to_owned).collect()
        } else {
            Vec::new()
        },
        body_html,
        section: story.section.display_name(),
        section_href: listed.then(|| view::section_href(&site, &story.section)),
        also,
        updated: cluster.updated,
    };
    let page = StoryPage {
        page: if listed {
            page.in_section(&story.section)
        } else {
            page
        },
        story: view,
        more,
    };
    let html = state
        .templates
        .render(Some(site.masthead.id.as_str()), "story.html", &page)?;
    Ok(view::html_page(html, Cacheable::STORY))
}

fn dateline(story: &Story) -> Option<DatelineView> {
    let text = story.dateline.as_deref()?;
    serde_json::from_str::<DatelineView>(text).ok()
}

/// Canonical address, description, Open Graph, Twitter card and JSON-LD.
fn with_share_tags(mut page: PageView, site: &Site, story: &Story, own_url: &str) -> PageView {
    let canonical = if site.masthead.canonical_to_source {
        story.link.clone()
    } else {
        own_url.to_owned()
    };
    let description = story.lead_text().to_owned();
    let image = view::image_of(site, story);
    page.description = Some(description.clone()).filter(|d| !d.is_empty());
    page.meta = vec![
        og("og:site_name", site.masthead.name.clone()),
        og("og:type", "article".into()),
        og("og:title", story.title.clone()),
        og("og:url", own_url.to_owned()),
        og("og:description", description.clone()),
        og("article:published_time", view::iso_time(story.published_at)),
        og("article:section", story.section.display_name()),
        twitter(
            "twitter:card",
            if image.is_some() {
                "summary_large_image".into()
            } else {
                "summary".into()
            },
        ),
        twitter("twitter:title", story.title.clone()),
        twitter("twitter:description", description.clone()),
    ];
    if let Some(image) = &image {
        page.meta.push(og("og:image", image.clone()));
        page.meta.push(og("og:image:alt", story.title.clone()));
        page.meta.push(twitter("twitter:image", image.clone()));
    }
    let logo = site.logo_url();
    let place = dateline(story).map(|d| d.place);
    let section = story.section.display_name();
    page.json_ld = Some(news_article(&Article {
        headline: &story.title,
        description: &description,
        url: own_url,
        image: image.as_deref(),
        published: story.published_at,
        modified: story.ingested_at.max(story.published_at),
        author: story.author.as_deref(),
        publisher_name: &site.masthead.name,
        publisher_logo: logo.as_deref(),
        section: &section,
        dateline_place: place.as_deref(),
        language: &site.masthead.language,
        is_based_on: Some(story.link.as_str()),
    }));
    page.canonical = Some(canonical);
    page
}
