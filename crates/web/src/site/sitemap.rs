//! Sitemaps for search engines: an index, a file of the masthead's own
//! pages (front, sections and "Local"), one file per block of story ids (a file
//! keeps its stories as new ones arrive, so crawlers re-read only the
//! newest), and a Google News sitemap of the last two days.

use crate::cache::Cacheable;
use crate::error::WebError;
use crate::feeds::{NewsItem, SitemapUrl, news_sitemap, sitemap, sitemap_index};
use crate::masthead::Site;
use crate::site::view;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use newsdesk_store::StoryFilter;
use serde::Deserialize;

/// Story ids per sitemap file (the protocol allows 50,000 addresses).
pub const BLOCK: i64 = 10_000;

const XML: &str = crate::feeds::sitemap::CONTENT_TYPE;

/// `GET /sitemap.xml`: the index.
pub async fn index(State(state): State<AppState>, site: Site) -> Result<Response, WebError> {
    let blocks = state
        .store
        .story_blocks(&site.masthead.reach(), BLOCK)
        .await?;
    let mut locs: Vec<(String, Option<jiff::Timestamp>)> = vec![
        (site.absolute("/sitemaps/pages.xml"), None),
        (
            site.absolute("/sitemaps/news.xml"),
            blocks.last().map(|b| b.1),
        ),
    ];
    for (number, lastmod) in blocks {
        locs.push((
            site.absolute(&format!("/sitemaps/stories-{}.xml", number + 1)),
            Some(lastmod),
        ));
    }
    let urls: Vec<SitemapUrl<'_>> = locs
        .iter()
        .map(|(loc, lastmod)| SitemapUrl {
            loc,
            lastmod: *lastmod,
        })
        .collect();
    Ok(view::typed(sitemap_index(&urls), XML, Cacheable::FEED))
}

/// `GET /sitemaps/pages.xml`: the front page, the section pages and the
/// "Local" section's.
pub async fn pages(site: Site) -> Result<Response, WebError> {
    let mut locs = vec![site.absolute("/")];
    for section in &site.masthead.sections {
        locs.push(site.absolute(&format!("/section/{}", section.as_str())));
    }
    if site.masthead.local_section {
        locs.push(site.absolute(crate::site::local::PATH));
    }
    let urls: Vec<SitemapUrl<'_>> = locs
        .iter()
        .map(|loc| SitemapUrl { loc, lastmod: None })
        .collect();
    Ok(view::typed(sitemap(&urls), XML, Cacheable::FEED))
}

/// The file's part of the path: `stories-N.xml`.
#[derive(Deserialize)]
pub struct BlockPath {
    file: String,
}

/// `GET /sitemaps/stories-N.xml`.
pub async fn stories(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<BlockPath>,
) -> Result<Response, WebError> {
    let number: i64 = path
        .file
        .strip_prefix("stories-")
        .and_then(|f| f.strip_suffix(".xml"))
        .filter(|n| !n.is_empty() && n.len() <= 12 && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| n.parse().ok())
        .filter(|&n: &i64| n >= 1)
        .ok_or(WebError::NotFound)?;
    let stubs = state
        .store
        .story_stubs_in_block(&site.masthead.reach(), number - 1, BLOCK)
        .await?;
    if stubs.is_empty() {
        return Err(WebError::NotFound);
    }
    let locs: Vec<(String, jiff::Timestamp)> = stubs
        .iter()
        .map(|s| {
            (
                site.absolute(&format!("/story/{}/{}", s.id, s.slug())),
                s.ingested_at.max(s.published_at),
            )
        })
        .collect();
    let urls: Vec<SitemapUrl<'_>> = locs
        .iter()
        .map(|(loc, lastmod)| SitemapUrl {
            loc,
            lastmod: Some(*lastmod),
        })
        .collect();
    Ok(view::typed(sitemap(&urls), XML, Cacheable::FEED))
}

/// `GET /sitemaps/news.xml`: stories of the last two days, at most 1,000.
pub async fn news(State(state): State<AppState>, site: Site) -> Result<Response, WebError> {
    let since = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(48);
    let stubs = state
        .store
        .story_stubs(
            &StoryFilter {
                masthead: Some(site.masthead.reach()),
                from: Some(since),
                ..StoryFilter::default()
            },
            crate::feeds::sitemap::MAX_NEWS_ITEMS as u32,
        )
        .await?;
    let locs: Vec<String> = stubs
        .iter()
        .map(|s| site.absolute(&format!("/story/{}/{}", s.id, s.slug())))
        .collect();
    let items: Vec<NewsItem<'_>> = stubs
        .iter()
        .zip(&locs)
        .map(|(s, loc)| NewsItem {
            loc,
            publication_name: &site.masthead.name,
            language: &site.masthead.language,
            published: s.published_at,
            title: &s.title,
        })
        .collect();
    Ok(view::typed(news_sitemap(&items), XML, Cacheable::FEED))
}
