//! A masthead's feeds, each section's, and its "Local" section's: RSS
//! 2.0, Atom 1.0 and JSON Feed 1.1 of the newest stories, one entry per
//! story, written by [`crate::feeds`].

use crate::cache::Cacheable;
use crate::error::WebError;
use crate::feeds::{self, Channel, Entry, atom, json_feed, rss};
use crate::masthead::Site;
use crate::sanitize;
use crate::site::section::listed;
use crate::site::view;
use crate::state::AppState;
use crate::templates::escape;
use axum::extract::{Path, State};
use axum::response::Response;
use newsdesk_domain::more_information::distinct;
use newsdesk_domain::{Section, Story};
use newsdesk_store::StoryFilter;
use serde::Deserialize;

/// Entries in a feed.
const FEED_LEN: u32 = 30;

/// A feed's format.
#[derive(Debug, Clone, Copy)]
pub enum Format {
    /// `feed.xml`.
    Rss,
    /// `atom.xml`.
    Atom,
    /// `feed.json`.
    Json,
}

impl Format {
    /// The format a feed's file name asks for (`feed.xml`, `atom.xml`,
    /// `feed.json`).
    fn of_file(file: &str) -> Option<Self> {
        [Self::Rss, Self::Atom, Self::Json]
            .into_iter()
            .find(|format| format.file() == file)
    }

    fn file(self) -> &'static str {
        match self {
            Self::Rss => "feed.xml",
            Self::Atom => "atom.xml",
            Self::Json => "feed.json",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::Rss => feeds::rss::CONTENT_TYPE,
            Self::Atom => feeds::atom::CONTENT_TYPE,
            Self::Json => feeds::json_feed::CONTENT_TYPE,
        }
    }
}

/// The section's part of the path.
#[derive(Deserialize)]
pub struct SectionPath {
    section: String,
}

/// Which stories a feed holds.
enum Scope {
    /// Every story the masthead takes.
    Masthead,
    /// Those filed under a section it lists.
    Section(Section),
    /// Those filed in the countries of its regions.
    Local,
}

/// `GET /feed.xml`, `/atom.xml`, `/feed.json`.
pub async fn masthead(state: AppState, site: Site, format: Format) -> Result<Response, WebError> {
    render(&state, &site, Scope::Masthead, format).await
}

/// The file's part of the path of a "Local" section's feed.
#[derive(Deserialize)]
pub struct FilePath {
    file: String,
}

/// `GET /local/feed.xml`, `/local/atom.xml`, `/local/feed.json`, on a
/// masthead with a "Local" section.
pub async fn local(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<FilePath>,
) -> Result<Response, WebError> {
    crate::site::local::offered(&site)?;
    let format = Format::of_file(&path.file).ok_or(WebError::NotFound)?;
    render(&state, &site, Scope::Local, format).await
}

/// `GET /section/NAME/feed.xml` and the others.
pub async fn section(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<SectionPath>,
    format: Format,
) -> Result<Response, WebError> {
    let section = listed(&site, &path.section)?;
    render(&state, &site, Scope::Section(section), format).await
}

async fn render(
    state: &AppState,
    site: &Site,
    scope: Scope,
    format: Format,
) -> Result<Response, WebError> {
    let filter = match &scope {
        Scope::Masthead => StoryFilter {
            masthead: Some(site.masthead.reach()),
            ..StoryFilter::default()
        },
        Scope::Section(section) => StoryFilter {
            masthead: Some(site.masthead.reach()),
            section: Some(section.clone()),
            ..StoryFilter::default()
        },
        Scope::Local => crate::site::local::filter(site),
    };
    let found = state
        .store
        .list_stories(&filter, None, FEED_LEN)
        .await?
        .stories;
    let stories = distinct(None, &found, found.len());
    let (title, dir) = match &scope {
        Scope::Section(s) => (
            format!("{}: {}", site.masthead.name, s.display_name()),
            format!("/section/{}", s.as_str()),
        ),
        Scope::Local => (
            format!("{}: {}", site.masthead.name, crate::site::local::NAME),
            crate::site::local::PATH.to_owned(),
        ),
        Scope::Masthead => (site.masthead.name.clone(), String::new()),
    };
    let home_url = site.absolute(if dir.is_empty() { "/" } else { &dir });
    let feed_url = site.absolute(&format!("{dir}/{}", format.file()));
    let icon = site.logo_url();
    let channel = Channel {
        title: &title,
        description: &site.masthead.tagline,
        language: &site.masthead.language,
        home_url: &home_url,
        feed_url: &feed_url,
        updated: stories
            .iter()
            .map(|s| s.published_at)
            .max()
            .unwrap_or_else(jiff::Timestamp::now),
        icon: icon.as_deref(),
    };
    let owned: Vec<OwnedEntry> = stories.iter().map(|s| OwnedEntry::of(site, s)).collect();
    let entries: Vec<Entry<'_>> = owned.iter().map(OwnedEntry::entry).collect();
    let body = match format {
        Format::Rss => rss(&channel, &entries),
        Format::Atom => atom(&channel, &entries),
        Format::Json => json_feed(&channel, &entries),
    };
    Ok(view::typed(body, format.content_type(), Cacheable::FEED))
}

/// What an [`Entry`] borrows, made from a story.
struct OwnedEntry<'s> {
    story: &'s Story,
    url: String,
    summary: String,
    content_html: String,
    section: String,
    image: Option<String>,
}

impl<'s> OwnedEntry<'s> {
    fn of(site: &Site, story: &'s Story) -> Self {
        let content_html = if story.body_html.trim().is_empty() {
            story
                .paragraphs()
                .map(|p| format!("<p>{}</p>", escape(p)))
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            sanitize::story_html(&story.body_html)
        };
        Self {
            story,
            url: site.absolute(&view::story_path(story)),
            summary: story.lead_text().to_owned(),
            content_html,
            section: story.section.display_name(),
            image: story
                .lead_image
                .clone()
                .filter(|i| i.starts_with("https://") || i.starts_with("http://")),
        }
    }

    fn entry(&self) -> Entry<'_> {
        Entry {
            url: &self.url,
            title: &self.story.title,
            summary: &self.summary,
            content_html: Some(self.content_html.as_str()).filter(|h| !h.is_empty()),
            author: self.story.author.as_deref(),
            source_name: &self.story.source_name,
            source_url: &self.story.link,
            section: &self.section,
            published: self.story.published_at,
            updated: self.story.ingested_at.max(self.story.published_at),
            image: self.image.as_deref(),
        }
    }
}
