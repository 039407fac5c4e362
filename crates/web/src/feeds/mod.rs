//! The machine-readable documents of a masthead's site: its feeds, its
//! sitemaps, its `robots.txt` and the JSON-LD of a story page.
//!
//! Every writer is a pure function: plain borrowed values in, a `String`
//! out, the same bytes for the same input. Nothing here reads the store or
//! knows about HTTP; handlers and caches call these and set the headers
//! (the file of each document served on its own has the content type to
//! send, as `CONTENT_TYPE`).
//!
//! One action per file:
//! - [`rss`](mod@rss): RSS 2.0.
//! - [`atom`](mod@atom): Atom 1.0 (RFC 4287).
//! - [`json_feed`](mod@json_feed): JSON Feed 1.1.
//! - [`sitemap`](mod@sitemap): the sitemap index, a sitemap and the news sitemap.
//! - [`robots`](mod@robots): `robots.txt`.
//! - [`json_ld`](mod@json_ld): a story's schema.org `NewsArticle`.
//!
//! Rules every writer keeps, so a caller can rely on them:
//! - Story text may be hostile. XML documents escape `& < > " '` and drop
//!   the characters XML 1.0 forbids (C0 controls other than tab, line feed
//!   and carriage return; U+FFFE and U+FFFF), so no story makes a feed
//!   unparseable. JSON documents keep every character, escaped by JSON.
//! - Times are written to the second, in UTC: RFC 3339 with `Z` everywhere
//!   except RSS, which has RFC 2822 (`Wed, 12 Mar 2025 04:12:00 +0000`).
//!   Sub-seconds are dropped, so one story has one time in every document.
//! - An optional text that is present but blank (`Some("")`, an empty
//!   author or image) is written as if it were absent.
//! - URLs are written as given, escaped for XML but not otherwise checked:
//!   the caller passes absolute, percent-encoded URLs.
//! - Entries are written in the order given; the caller sorts them.

pub mod atom;
pub mod json_feed;
pub mod json_ld;
pub mod robots;
pub mod rss;
pub mod sitemap;

mod time;
mod xml;

pub use atom::atom;
pub use json_feed::json_feed;
pub use json_ld::{Article, news_article, release_article};
pub use robots::robots_txt;
pub use rss::rss;
pub use sitemap::{NewsItem, SitemapUrl, news_sitemap, sitemap, sitemap_index};

use jiff::Timestamp;

/// What a feed describes: a masthead, or one section of it.
#[derive(Debug, Clone, Copy)]
pub struct Channel<'a> {
    /// The feed's title: `"Kenya Star"`, or `"Kenya Star: Business"` for a
    /// section.
    pub title: &'a str,
    /// The masthead's tagline; may be empty.
    pub description: &'a str,
    /// The language of its stories, BCP 47 (`"en"`); may be empty.
    pub language: &'a str,
    /// Absolute URL of the HTML page this feed mirrors.
    pub home_url: &'a str,
    /// Absolute URL of this very document, its self link.
    pub feed_url: &'a str,
    /// When the newest entry changed; the caller passes now when there is
    /// no entry.
    pub updated: Timestamp,
    /// Absolute URL of the masthead's logo.
    pub icon: Option<&'a str>,
}

/// One story in a feed.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// Absolute URL of the story page; also its stable id in every feed.
    pub url: &'a str,
    /// The headline, plain text.
    pub title: &'a str,
    /// The standfirst or a teaser, plain text; may be empty.
    pub summary: &'a str,
    /// The article as HTML, already sanitized.
    pub content_html: Option<&'a str>,
    /// The byline's name.
    pub author: Option<&'a str>,
    /// The name of the source that carried the story, e.g. `"Harbour Wire"`.
    pub source_name: &'a str,
    /// The link to the original article at the source; may be empty.
    pub source_url: &'a str,
    /// The section's display name, e.g. `"Business"`; may be empty.
    pub section: &'a str,
    /// When the story was first published.
    pub published: Timestamp,
    /// When the story last changed.
    pub updated: Timestamp,
    /// Absolute URL of the lead image.
    pub image: Option<&'a str>,
}

/// An optional text, or `None` when it is blank.
fn present(text: Option<&str>) -> Option<&str> {
    text.filter(|text| !text.trim().is_empty())
}

/// A text, or `None` when it is empty.
fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}
