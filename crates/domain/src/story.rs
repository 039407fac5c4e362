//! Stories: one article as we store and show it.
//!
//! A [`NewStory`] is what ingestion made of a feed item; a [`Story`] is the
//! stored row with its id and its source's name. The standfirst is the
//! feed's summary; the body is plain text, paragraphs separated by blank
//! lines (HTML never reaches the page unsanitized: templates escape text).

use crate::headline::HeadlineKey;
use crate::link::CanonicalLink;
use crate::section::Section;
use crate::slug::Slug;
use crate::source::SourceId;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A story's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoryId(pub i64);

impl std::fmt::Display for StoryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A story ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStory {
    /// Where it came from.
    pub source_id: SourceId,
    /// The item's own id in its feed (its link when it has none).
    pub guid: String,
    /// The link as the feed gave it.
    pub link: String,
    /// The link in canonical form, for deduplication.
    pub canonical_link: CanonicalLink,
    /// The headline.
    pub title: String,
    /// The standfirst: the feed's summary, as plain text.
    pub standfirst: String,
    /// The body as plain text, paragraphs separated by blank lines.
    pub body: String,
    /// The byline, if the feed names one.
    pub author: Option<String>,
    /// When it was published.
    pub published_at: Timestamp,
    /// The feed's categories, as given.
    pub categories: Vec<String>,
    /// The section it is filed under.
    pub section: Section,
}

impl NewStory {
    /// The key that says two headlines are the same.
    pub fn headline_key(&self) -> HeadlineKey {
        HeadlineKey::of(&self.title)
    }
}

/// Where a story's body came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodySource {
    /// The feed's own content or summary.
    Feed,
    /// Extracted from the article's web page.
    Page,
}

impl BodySource {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Feed => "feed",
            Self::Page => "page",
        }
    }

    /// From the stored name; anything unknown is the feed.
    pub fn parse(text: &str) -> Self {
        if text == "page" {
            Self::Page
        } else {
            Self::Feed
        }
    }
}

/// What extraction made of a story's page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArticlePage {
    /// The extracted text, paragraphs separated by blank lines; `None`
    /// keeps the feed's body.
    pub body: Option<String>,
    /// Sanitized article HTML.
    pub body_html: String,
    /// The lead image, absolute.
    pub lead_image: Option<String>,
    /// The wire dateline as a JSON object.
    pub dateline: Option<String>,
    /// Why the page gave no article.
    pub note: Option<String>,
    /// The failure may pass (a timeout, a 5xx, a robots.txt that could not
    /// be read): try the page again later.
    pub retry: bool,
}

/// A stored story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    /// Row id.
    pub id: StoryId,
    /// Where it came from.
    pub source_id: SourceId,
    /// The source's name, for the source line.
    pub source_name: String,
    /// The item's own id in its feed.
    pub guid: String,
    /// The link as the feed gave it.
    pub link: String,
    /// The link in canonical form.
    pub canonical_link: CanonicalLink,
    /// The headline.
    pub title: String,
    /// The standfirst.
    pub standfirst: String,
    /// The body, paragraphs separated by blank lines.
    pub body: String,
    /// The byline.
    pub author: Option<String>,
    /// When it was published.
    pub published_at: Timestamp,
    /// When we stored it.
    pub ingested_at: Timestamp,
    /// The feed's categories.
    pub categories: Vec<String>,
    /// The section it is filed under.
    pub section: Section,
    /// Where the body came from.
    pub body_source: BodySource,
    /// The extracted article as sanitized HTML ('' when none).
    pub body_html: String,
    /// The lead image.
    pub lead_image: Option<String>,
    /// The wire dateline as a JSON object.
    pub dateline: Option<String>,
    /// Why the page gave no article, when it did not.
    pub extraction_note: Option<String>,
}

impl Story {
    /// The headline's comparison key.
    pub fn headline_key(&self) -> HeadlineKey {
        HeadlineKey::of(&self.title)
    }

    /// The text a teaser starts from: the standfirst, else the body's first paragraph.
    pub fn lead_text(&self) -> &str {
        let standfirst = self.standfirst.trim();
        if !standfirst.is_empty() {
            return standfirst;
        }
        self.paragraphs().next().unwrap_or("")
    }

    /// The body's paragraphs, without empty ones.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
    }

    /// The readable part of the story's URL.
    pub fn slug(&self) -> Slug {
        Slug::of_headline(&self.title)
    }
}
