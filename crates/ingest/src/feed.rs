//! Feeds into items: RSS 0.9x/1.0/2.0, Atom 1.0 and JSON Feed 1.x.
//!
//! The parsing itself is feed-rs's; this module decides what a usable item
//! is. An item needs a link (resolved against the feed's URL); an item
//! without one is skipped and counted as a [`SkippedItem`] with a reason,
//! and the other items are kept. An item's time is its published (else
//! updated) date; an item with no date, a date more than a day ahead, or
//! one before 1995 (a zero that means "unknown") is timed when it was
//! first seen instead, and marked `dated: false`. At most
//! [`MAX_ITEMS`] items of one feed are taken, the newest; the rest are
//! skipped with a reason. A response that is not a feed at all (an HTML
//! page, an error text, broken XML or JSON) is a [`FeedError`] and
//! nothing of it is kept. Entities other than XML's own five are never
//! expanded, so a "billion laughs" feed costs no more than its size.

use crate::html_text;
use feed_rs::model::{Entry, Link};
use jiff::Timestamp;
use newsdesk_domain::CanonicalLink;
use newsdesk_domain::teaser::Teaser;
use std::borrow::Cow;
use url::Url;

/// One usable item of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The item's id in its feed; its canonical link when it has none.
    pub guid: String,
    /// The link, absolute.
    pub link: String,
    /// The link in canonical form.
    pub canonical_link: CanonicalLink,
    /// The headline, plain text.
    pub title: String,
    /// The summary, plain text.
    pub standfirst: String,
    /// The body, plain text paragraphs separated by blank lines.
    pub body: String,
    /// The first author's name.
    pub author: Option<String>,
    /// Published (else updated) time; when it was seen, if the feed's date
    /// is missing or cannot be right.
    pub published_at: Timestamp,
    /// Whether `published_at` is the feed's own date.
    pub dated: bool,
    /// Category terms, as given.
    pub categories: Vec<String>,
}

/// An item left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedItem {
    /// Its 1-based position in the feed.
    pub position: usize,
    /// Its title, if any, to find it by.
    pub title: Option<String>,
    /// Why it was left out.
    pub reason: &'static str,
}

/// A parsed feed.
#[derive(Debug, Clone)]
pub struct ParsedFeed {
    /// The feed's own title.
    pub title: Option<String>,
    /// The usable items, in feed order.
    pub items: Vec<FeedItem>,
    /// The items left out.
    pub skipped: Vec<SkippedItem>,
    /// RSS `<ttl>`: minutes the feed may be cached.
    pub ttl_minutes: Option<u32>,
    /// RSS `<skipHours>`: hours (UTC) in which it asks not to be read.
    pub skip_hours: Vec<u8>,
}

impl ParsedFeed {
    /// A one-line note of what was skipped, for the source's health.
    pub fn skipped_note(&self) -> Option<String> {
        let first = self.skipped.first()?;
        let name = first
            .title
            .as_deref()
            .map_or_else(String::new, |t| format!(" \"{t}\""));
        Some(format!(
            "skipped {} of {} items: item {}{} {}",
            self.skipped.len(),
            self.skipped.len() + self.items.len(),
            first.position,
            name,
            first.reason
        ))
    }
}

/// Why a response is not a feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// The body is empty.
    #[error("not a feed: the response is empty")]
    Empty,
    /// The body is an HTML page.
    #[error("not a feed: the response is an HTML page")]
    Html,
    /// The body is neither XML nor JSON.
    #[error("not a feed: the response is neither XML nor JSON")]
    NotMarkup,
    /// XML or JSON that does not parse as a feed.
    #[error("not a valid feed: {0}")]
    Invalid(String),
}

/// The most items taken from one feed in one pass (the newest).
pub const MAX_ITEMS: usize = 1000;

/// Dates before this (1995-01-01) are taken for "unknown".
const EARLIEST_PLAUSIBLE: i64 = 788_918_400;

/// Dates more than this far ahead of the clock are taken for "unknown".
const FUTURE_SLACK_SECONDS: i64 = 86_400;

/// An XML feed's bytes as UTF-8 when only the HTTP header names its
/// charset: a BOM or an `encoding` in the XML declaration is left for the
/// parser to honour (the feed's own word is the more reliable one; servers
/// often send a default charset that is not the feed's). JSON is UTF-8 by
/// its specification and left alone, as is anything already valid UTF-8.
pub fn with_header_charset<'a>(body: &'a [u8], content_type: Option<&str>) -> Cow<'a, [u8]> {
    let Some(label) = content_type.and_then(charset_of) else {
        return Cow::Borrowed(body);
    };
    let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) else {
        return Cow::Borrowed(body);
    };
    if encoding == encoding_rs::UTF_8 || std::str::from_utf8(body).is_ok() {
        return Cow::Borrowed(body);
    }
    if body.starts_with(&[0xEF, 0xBB, 0xBF])
        || body.starts_with(&[0xFF, 0xFE])
        || body.starts_with(&[0xFE, 0xFF])
    {
        return Cow::Borrowed(body);
    }
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    if body.get(start) != Some(&b'<') {
        return Cow::Borrowed(body);
    }
    if body[start..].starts_with(b"<?xml") {
        let declaration_end = body[start..]
            .iter()
            .position(|b| *b == b'>')
            .map_or(body.len(), |end| start + end);
        if body[start..declaration_end]
            .windows(8)
            .any(|w| w.eq_ignore_ascii_case(b"encoding"))
        {
            return Cow::Borrowed(body);
        }
    }
    let (text, _, _) = encoding.decode(body);
    Cow::Owned(text.into_owned().into_bytes())
}

/// The `charset` parameter of a Content-Type.
fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_ascii_lowercase())
    })
}

/// Parses a feed fetched from `url` now.
pub fn parse(body: &[u8], url: &Url) -> Result<ParsedFeed, FeedError> {
    parse_at(body, url, Timestamp::now())
}

/// Parses a feed fetched from `url` at `seen` (the time undated items get).
pub fn parse_at(body: &[u8], url: &Url, seen: Timestamp) -> Result<ParsedFeed, FeedError> {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF))
        .ok_or(FeedError::Empty)?;
    let head =
        String::from_utf8_lossy(&body[start..body.len().min(start + 512)]).to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Err(FeedError::Html);
    }
    if !head.starts_with('<') && !head.starts_with('{') {
        return Err(FeedError::NotMarkup);
    }
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(url.as_str()))
        // No invented ids: an item without one is known by its link.
        .id_generator(|_links, _title, _uri| String::new())
        .build();
    let feed = parser
        .parse(body)
        .map_err(|e| FeedError::Invalid(e.to_string()))?;
    let mut items = Vec::with_capacity(feed.entries.len().min(MAX_ITEMS));
    let mut skipped = Vec::new();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        match item(entry, url, seen) {
            Ok(item) => items.push((i, item)),
            Err((title, reason)) => skipped.push(SkippedItem {
                position: i + 1,
                title,
                reason,
            }),
        }
    }
    if items.len() > MAX_ITEMS {
        // Newest first; ties keep the feed's order.
        items.sort_by(|(ia, a), (ib, b)| b.published_at.cmp(&a.published_at).then(ia.cmp(ib)));
        for (i, item) in items.drain(MAX_ITEMS..) {
            skipped.push(SkippedItem {
                position: i + 1,
                title: Some(item.title),
                reason: "is beyond the newest 1000 items of the feed",
            });
        }
        items.sort_by_key(|(i, _)| *i);
        skipped.sort_by_key(|s| s.position);
    }
    Ok(ParsedFeed {
        title: feed.title.map(|t| html_text::line(&t.content)),
        items: items.into_iter().map(|(_, item)| item).collect(),
        skipped,
        ttl_minutes: feed.ttl,
        skip_hours: skip_hours(body),
    })
}

/// The hours of an RSS `<skipHours>` element, read straight from the text
/// (feed-rs does not keep them). Only the first 64 KiB is looked at: the
/// element belongs to the channel, before the items.
fn skip_hours(body: &[u8]) -> Vec<u8> {
    let head = &body[..body.len().min(64 * 1024)];
    let head = String::from_utf8_lossy(head);
    let Some(start) = head.find("<skipHours>") else {
        return Vec::new();
    };
    let rest = &head[start..];
    let Some(end) = rest.find("</skipHours>") else {
        return Vec::new();
    };
    let mut hours: Vec<u8> = rest[..end]
        .split("<hour>")
        .skip(1)
        .filter_map(|part| part.split("</hour>").next())
        .filter_map(|h| h.trim().parse::<u8>().ok())
        // RSS counts 0-23; some feeds write 24 for midnight.
        .map(|h| if h == 24 { 0 } else { h })
        .filter(|h| *h < 24)
        .collect();
    hours.sort_unstable();
    hours.dedup();
    hours
}

fn item(
    entry: Entry,
    feed_url: &Url,
    seen: Timestamp,
) -> Result<FeedItem, (Option<String>, &'static str)> {
    let title = entry
        .title
        .as_ref()
        .map(|t| html_text::line(&t.content))
        .filter(|t| !t.is_empty());
    let Some(link) = pick_link(&entry.links, feed_url) else {
        return Err((title, "has no link"));
    };
    let canonical_link =
        CanonicalLink::parse(&link).map_err(|_| (title.clone(), "has no web link"))?;
    let latest = seen.as_second().saturating_add(FUTURE_SLACK_SECONDS);
    let dated_at = entry
        .published
        .or(entry.updated)
        .map(|date| date.timestamp())
        .filter(|s| (EARLIEST_PLAUSIBLE..=latest).contains(s))
        .and_then(|s| Timestamp::from_second(s).ok());
    let (published_at, dated) = match dated_at {
        Some(at) => (at, true),
        None => (seen, false),
    };
    let standfirst = entry
        .summary
        .as_ref()
        .map(|s| html_text::text(&s.content))
        .unwrap_or_default();
    let body = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .map(html_text::text)
        .unwrap_or_default();
    let title = match title {
        Some(title) => title,
        // RSS allows an item with a description and no title.
        None => {
            let lead = if standfirst.is_empty() {
                &body
            } else {
                &standfirst
            };
            if lead.is_empty() {
                return Err((None, "has neither a title nor any text"));
            }
            Teaser::cut(lead, 90).text
        }
    };
    let guid = if entry.id.trim().is_empty() {
        canonical_link.as_str().to_owned()
    } else {
        entry.id.trim().to_owned()
    };
    Ok(FeedItem {
        guid,
        link,
        canonical_link,
        title,
        standfirst,
        body,
        author: entry
            .authors
            .iter()
            .filter_map(|p| p.name.as_deref())
            .map(html_text::line)
            .find(|n| !n.is_empty()),
        published_at,
        dated,
        categories: entry
            .categories
            .iter()
            .map(|c| c.label.clone().unwrap_or_else(|| c.term.clone()))
            .map(|c| html_text::line(&c))
            .filter(|c| !c.is_empty())
            .collect(),
    })
}

/// The item's page: an `alternate` link (or one with no `rel`), made absolute.
fn pick_link(links: &[Link], feed_url: &Url) -> Option<String> {
    let chosen = links
        .iter()
        .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
        .or_else(|| links.first())?;
    let href = chosen.href.trim();
    if href.is_empty() {
        return None;
    }
    feed_url.join(href).ok().map(String::from)
}

impl FeedItem {
    /// The story this item makes for `source`, filed under the source's
    /// section, else the item's first category that names one, else the
    /// general section; with the dateline its text opens with, and where
    /// that puts the story ([`crate::filed`]).
    pub fn story_for(&self, source: &newsdesk_domain::Source) -> newsdesk_domain::NewStory {
        let section = source
            .section
            .clone()
            .or_else(|| {
                self.categories
                    .iter()
                    .find_map(|c| newsdesk_domain::Section::from_category(c))
            })
            .unwrap_or_else(newsdesk_domain::Section::general);
        let (dateline, filed) = crate::filed::in_feed_text(&self.standfirst, &self.body);
        newsdesk_domain::NewStory {
            source_id: source.id,
            guid: self.guid.clone(),
            link: self.link.clone(),
            canonical_link: self.canonical_link.clone(),
            title: self.title.clone(),
            standfirst: self.standfirst.clone(),
            body: self.body.clone(),
            author: self.author.clone(),
            published_at: self.published_at,
            categories: self.categories.clone(),
            section,
            dateline,
            filed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("http://wire.example/feeds/rss.xml").unwrap()
    }

    #[test]
    fn rss_items_with_html_and_relative_links() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
          <item><title>Tea &amp; coffee</title><link>/2025/tea.html</link>
          <description>&lt;p&gt;MOMBASA (CWN) - Prices &lt;b&gt;rose&lt;/b&gt;.&lt;/p&gt;</description>
          <pubDate>Mon, 10 Mar 2025 14:20:00 +0300</pubDate><category>Business</category></item>
          </channel></rss>"#;
        let feed = parse(rss.as_bytes(), &url()).unwrap();
        let item = &feed.items[0];
        assert_eq!(item.title, "Tea & coffee");
        assert_eq!(item.link, "http://wire.example/2025/tea.html");
        assert_eq!(
            item.guid, "http://wire.example/2025/tea.html",
            "no guid: the link"
        );
        assert_eq!(item.standfirst, "MOMBASA (CWN) - Prices rose.");
        assert_eq!(item.published_at.to_string(), "2025-03-10T11:20:00Z");
        assert_eq!(item.categories, ["Business"]);
    }

    #[test]
    fn rss_1_0_rdf_items() {
        let rdf = r#"<?xml version="1.0"?>
          <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                   xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel rdf:about="http://wire.example/"><title>Wire</title><link>http://wire.example/</link></channel>
            <item rdf:about="http://wire.example/rdf-1"><title>Ferry service resumes</title>
              <link>http://wire.example/rdf-1</link><description>Boats sail again.</description>
              <dc:date>2025-03-11T09:30:00+03:00</dc:date><dc:creator>Omar Said</dc:creator></item>
          </rdf:RDF>"#;
        let feed = parse(rdf.as_bytes(), &url()).unwrap();
        assert_eq!(feed.items.len(), 1, "{:?}", feed.skipped);
        assert_eq!(feed.items[0].title, "Ferry service resumes");
        assert_eq!(
            feed.items[0].published_at.to_string(),
            "2025-03-11T06:30:00Z"
        );
    }

    #[test]
    fn rss_0_91_items() {
        let rss = r#"<rss version="0.91"><channel><title>Old wire</title><link>http://wire.example/</link>
          <item><title>Harbour dredging starts</title><link>http://wire.example/091</link>
          <description>Work begins.</description><pubDate>Tue, 11 Mar 2025 08:00:00 GMT</pubDate></item>
          </channel></rss>"#;
        let feed = parse(rss.as_bytes(), &url()).unwrap();
        assert_eq!(feed.items[0].link, "http://wire.example/091");
    }

    #[test]
    fn json_feed_1_0_and_1_1() {
        for version in [
            "https://jsonfeed.org/version/1",
            "https://jsonfeed.org/version/1.1",
        ] {
            let json = format!(
                r#"{{"version": "{version}", "title": "Bulletin", "items": [{{"id": "7",
                   "url": "http://wire.example/j7", "title": "Cyclone season ends",
                   "content_text": "First.\n\nSecond.", "date_published": "2025-03-10T10:00:00Z",
                   "author": {{"name": "Lise Payet"}}, "authors": [{{"name": "Lise Payet"}}]}}]}}"#
            );
            let feed = parse(json.as_bytes(), &url()).unwrap();
            let item = &feed.items[0];
            assert_eq!(item.guid, "7");
            assert_eq!(item.body, "First.\n\nSecond.", "{version}");
            assert_eq!(item.author.as_deref(), Some("Lise Payet"), "{version}");
        }
    }

    #[test]
    fn items_without_a_link_are_skipped_with_a_reason() {
        let rss = r#"<rss version="2.0"><channel><title>Wire</title>
          <item><title>Good</title><link>http://wire.example/a</link><pubDate>Mon, 10 Mar 2025 14:20:00 +0300</pubDate></item>
          <item><title>No link</title><pubDate>Mon, 10 Mar 2025 14:20:00 +0300</pubDate></item>
          <item><title>No title, no text</title></item>
          </channel></rss>"#;
        let feed = parse(rss.as_bytes(), &url()).unwrap();
        assert_eq!(feed.items.len(), 1);
        assert_eq!(feed.skipped.len(), 2);
        assert_eq!(
            feed.skipped_note().unwrap(),
            "skipped 2 of 3 items: item 2 \"No link\" has no link"
        );
    }

    #[test]
    fn missing_future_and_zero_dates_become_the_time_seen() {
        let seen: Timestamp = "2026-03-12T12:00:00Z".parse().unwrap();
        let rss = r#"<rss version="2.0"><channel><title>Wire</title>
          <item><title>No date</title><link>http://wire.example/a</link></item>
          <item><title>Far ahead</title><link>http://wire.example/b</link><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>
          <item><title>Epoch</title><link>http://wire.example/c</link><pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate></item>
          <item><title>Tomorrow morning</title><link>http://wire.example/d</link><pubDate>Fri, 13 Mar 2026 06:00:00 GMT</pubDate></item>
          </channel></rss>"#;
        let feed = parse_at(rss.as_bytes(), &url(), seen).unwrap();
        let times: Vec<(String, bool)> = feed
            .items
            .iter()
            .map(|i| (i.published_at.to_string(), i.dated))
            .collect();
        assert_eq!(
            times,
            [
                ("2026-03-12T12:00:00Z".to_owned(), false),
                ("2026-03-12T12:00:00Z".to_owned(), false),
                ("2026-03-12T12:00:00Z".to_owned(), false),
                ("2026-03-13T06:00:00Z".to_owned(), true),
            ]
        );
    }

    #[test]
    fn ttl_and_skip_hours_are_read() {
        let rss = r#"<rss version="2.0"><channel><title>Wire</title><ttl>45</ttl>
          <skipHours><hour>1</hour><hour> 2 </hour><hour>24</hour><hour>x</hour></skipHours>
          <item><title>A</title><link>http://wire.example/a</link></item></channel></rss>"#;
        let feed = parse(rss.as_bytes(), &url()).unwrap();
        assert_eq!(feed.ttl_minutes, Some(45));
        assert_eq!(feed.skip_hours, [0, 1, 2]);
    }

    #[test]
    fn a_huge_feed_gives_its_newest_items_only() {
        let mut rss = String::from(r#"<rss version="2.0"><channel><title>Wire</title>"#);
        for i in 0..(MAX_ITEMS + 5) {
            // Oldest first, to show the newest are kept whatever the order.
            rss.push_str(&format!(
                "<item><title>N{i}</title><link>http://wire.example/{i}</link><pubDate>{}</pubDate></item>",
                jiff::fmt::rfc2822::DateTimePrinter::new()
                    .timestamp_to_string(&Timestamp::from_second(1_700_000_000 + i as i64 * 60).unwrap())
                    .unwrap()
            ));
        }
        rss.push_str("</channel></rss>");
        let feed = parse(rss.as_bytes(), &url()).unwrap();
        assert_eq!(feed.items.len(), MAX_ITEMS);
        assert_eq!(feed.skipped.len(), 5);
        assert_eq!(feed.items[0].title, "N5");
        assert_eq!(
            feed.skipped[0].reason,
            "is beyond the newest 1000 items of the feed"
        );
    }

    #[test]
    fn a_charset_named_only_by_the_header_is_honoured() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(
            "<rss version=\"2.0\"><channel><title>Вести</title><item><title>Новый мост открыт</title>\
             <link>http://wire.example/m</link></item></channel></rss>",
        );
        let feed = parse(
            &with_header_charset(&bytes, Some("application/rss+xml; charset=windows-1251")),
            &url(),
        )
        .unwrap();
        assert_eq!(feed.items[0].title, "Новый мост открыт");
        // The XML declaration's own encoding is left to the parser.
        let declared = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss/>";
        assert!(matches!(
            with_header_charset(declared, Some("text/xml; charset=iso-8859-1")),
            Cow::Borrowed(_)
        ));
        // Valid UTF-8 stays as it is, whatever the header says.
        assert!(matches!(
            with_header_charset(
                "<rss>é</rss>".as_bytes(),
                Some("text/xml; charset=iso-8859-1")
            ),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn entities_are_never_expanded() {
        let laughs = r#"<?xml version="1.0"?>
          <!DOCTYPE rss [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
          <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
          <rss version="2.0"><channel><title>Laughs</title>
          <item><title>&d;&d;&d;&d;&d;&d;&d;&d;&d;</title><link>http://wire.example/l</link></item>
          </channel></rss>"#;
        match parse(laughs.as_bytes(), &url()) {
            Ok(feed) => {
                for item in &feed.items {
                    assert!(item.title.len() < 200, "{}", item.title);
                }
            }
            Err(e) => assert!(matches!(e, FeedError::Invalid(_)), "{e}"),
        }
    }

    #[test]
    fn what_is_not_a_feed_says_so() {
        assert_eq!(parse(b"", &url()).unwrap_err(), FeedError::Empty);
        assert_eq!(
            parse(b"<!DOCTYPE html><html><body>Hi</body></html>", &url()).unwrap_err(),
            FeedError::Html
        );
        assert_eq!(
            parse(b"Service Unavailable", &url()).unwrap_err(),
            FeedError::NotMarkup
        );
        assert!(matches!(
            parse(b"<rss><channel><item>", &url()),
            Err(FeedError::Invalid(_))
        ));
        assert!(matches!(
            parse(b"{\"items\": 3}", &url()),
            Err(FeedError::Invalid(_))
        ));
    }
}
