//! Feed discovery: from the address an operator gives to the feed to take.
//!
//! [`discover`] fetches the address with the guarded [`Fetcher`]. When the
//! answer parses as a feed, that is the feed. Otherwise the answer is read
//! as a web page and [`feed_links`] lists the feeds it announces: every
//! `<link rel="alternate">` whose `type` is RSS, Atom, RDF or JSON Feed
//! (`application/rss+xml`, `application/atom+xml`, `application/rdf+xml`,
//! `application/feed+json`, `application/json`), in page order, made
//! absolute against the page's `<base href>` or else its address.
//!
//! The rule for choosing is simple and stable: the first link in page order
//! that fetches and parses as a feed wins; links tried before it that did
//! not are reported with the reason, and those after it are reported as
//! found but not chosen. At most [`MAX_TRIED`] links are fetched.

use crate::feed::{self, FeedError};
use crate::fetcher::{FetchError, FetchOutcome, Fetched, Fetcher, Validators};
use newsdesk_extract::{bound, decode};
use scraper::{Html, Selector};
use url::Url;

/// The most announced feeds fetched before giving up on a page.
pub const MAX_TRIED: usize = 5;

/// The `type`s of `<link rel="alternate">` that announce a feed.
const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
];

/// A feed a page announces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedLink {
    /// The feed's absolute address.
    pub url: Url,
    /// The announced type, lower case, parameters dropped.
    pub kind: String,
    /// The link's `title`, if any.
    pub title: Option<String>,
}

/// What discovery found.
#[derive(Debug, Clone)]
pub enum Discovery {
    /// The address is itself a feed.
    Feed {
        /// The address, as given.
        url: Url,
        /// The feed's own title.
        title: Option<String>,
    },
    /// The address is a page that announces feeds; one was chosen.
    FromPage {
        /// The page's address, after redirects.
        page: Url,
        /// The feed chosen.
        chosen: FeedLink,
        /// The chosen feed's own title.
        title: Option<String>,
        /// Links tried before the chosen one that are not feeds, with why.
        passed_over: Vec<(FeedLink, String)>,
        /// Links after the chosen one, not tried.
        others: Vec<FeedLink>,
    },
}

impl Discovery {
    /// The feed's address.
    pub fn feed_url(&self) -> &Url {
        match self {
            Self::Feed { url, .. } => url,
            Self::FromPage { chosen, .. } => &chosen.url,
        }
    }
}

/// Why no feed could be found at an address.
#[derive(Debug, Clone, thiserror::Error)]
pub enum DiscoveryError {
    /// The address itself could not be fetched.
    #[error("cannot fetch {url}: {error}")]
    Fetch {
        /// The address.
        url: String,
        /// Why.
        error: FetchError,
    },
    /// The answer is neither a feed nor a page announcing one.
    #[error("{url} is not a feed ({reason}) and announces no feed")]
    NotAFeed {
        /// The address.
        url: String,
        /// What the feed parser said.
        reason: FeedError,
    },
    /// A web page with no `<link rel="alternate">` to a feed.
    #[error(
        "the page {page} announces no feed (no <link rel=\"alternate\"> of an RSS, Atom or JSON Feed type); give the feed's own address"
    )]
    NoFeedOnPage {
        /// The page's address.
        page: String,
    },
    /// The page announces feeds, but none of those tried is one.
    #[error("the page {page} announces feeds, but none of them could be read: {}", list(.tried))]
    NoWorkingFeed {
        /// The page's address.
        page: String,
        /// Each link tried, with why it failed.
        tried: Vec<(String, String)>,
    },
}

fn list(tried: &[(String, String)]) -> String {
    tried
        .iter()
        .map(|(url, why)| format!("{url} ({why})"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Finds the feed at `url`: the address itself, or the feed its page announces.
pub async fn discover(fetcher: &Fetcher, url: &str) -> Result<Discovery, DiscoveryError> {
    let given = Url::parse(url).map_err(|_| DiscoveryError::Fetch {
        url: url.to_owned(),
        error: FetchError::BadUrl(url.to_owned()),
    })?;
    let page = fetch_body(fetcher, url)
        .await
        .map_err(|error| DiscoveryError::Fetch {
            url: url.to_owned(),
            error,
        })?;
    let not_a_feed = match feed::parse(&page.body, &page.url) {
        Ok(parsed) => {
            return Ok(Discovery::Feed {
                url: given,
                title: parsed.title,
            });
        }
        Err(e) => e,
    };
    let links = feed_links(&page.body, page.content_type.as_deref(), &page.url);
    if links.is_empty() {
        return Err(match not_a_feed {
            FeedError::Html => DiscoveryError::NoFeedOnPage {
                page: page.url.to_string(),
            },
            reason => DiscoveryError::NotAFeed {
                url: url.to_owned(),
                reason,
            },
        });
    }
    let mut passed_over = Vec::new();
    for (i, link) in links.iter().enumerate().take(MAX_TRIED) {
        match check_feed(fetcher, &link.url).await {
            Ok(title) => {
                return Ok(Discovery::FromPage {
                    page: page.url,
                    chosen: link.clone(),
                    title,
                    passed_over,
                    others: links[i + 1..].to_vec(),
                });
            }
            Err(why) => passed_over.push((link.clone(), why)),
        }
    }
    Err(DiscoveryError::NoWorkingFeed {
        page: page.url.to_string(),
        tried: passed_over
            .into_iter()
            .map(|(link, why)| (link.url.to_string(), why))
            .collect(),
    })
}

async fn fetch_body(fetcher: &Fetcher, url: &str) -> Result<Fetched, FetchError> {
    match fetcher.fetch(url, &Validators::default()).await? {
        FetchOutcome::Fetched(fetched) => Ok(fetched),
        // No validators were sent, so a 304 is the server's mistake.
        FetchOutcome::NotModified => Err(FetchError::Status {
            status: 304,
            retry_after: None,
        }),
    }
}

/// Fetches a candidate and parses it; its title, or why it is no feed.
async fn check_feed(fetcher: &Fetcher, url: &Url) -> Result<Option<String>, String> {
    let fetched = fetch_body(fetcher, url.as_str())
        .await
        .map_err(|e| e.to_string())?;
    feed::parse(&fetched.body, &fetched.url)
        .map(|parsed| parsed.title)
        .map_err(|e| e.to_string())
}

/// The feeds a page announces, in page order, without repeats.
pub fn feed_links(body: &[u8], content_type: Option<&str>, page_url: &Url) -> Vec<FeedLink> {
    let text = decode::decode(body, content_type).text;
    let (bounded, _) = bound::bound(&text);
    let html = Html::parse_document(&bounded);
    let (Ok(base_sel), Ok(link_sel)) = (Selector::parse("base[href]"), Selector::parse("link"))
    else {
        return Vec::new();
    };
    let base = html
        .select(&base_sel)
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|href| page_url.join(href.trim()).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .unwrap_or_else(|| page_url.clone());
    let mut links: Vec<FeedLink> = Vec::new();
    for element in html.select(&link_sel) {
        let link = element.value();
        let alternate = link.attr("rel").is_some_and(|rel| {
            rel.split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case("alternate"))
        });
        let kind = link
            .attr("type")
            .map(|t| {
                t.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        if !alternate || !FEED_TYPES.contains(&kind.as_str()) {
            continue;
        }
        let Some(url) = link
            .attr("href")
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .and_then(|href| base.join(href).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"))
        else {
            continue;
        };
        if links.iter().any(|l| l.url == url) {
            continue;
        }
        links.push(FeedLink {
            url,
            kind,
            title: link
                .attr("title")
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty()),
        });
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Url {
        Url::parse("http://harbour.example/news/today.html").unwrap()
    }

    #[test]
    fn alternate_links_of_feed_types_in_page_order() {
        let html = r#"<!doctype html><html><head>
            <link rel="stylesheet" href="/site.css">
            <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
            <link rel="Alternate" type="application/atom+xml" title=" Harbour Atom " href="atom.xml">
            <link rel="alternate nofollow" type="APPLICATION/RSS+XML; charset=utf-8" href="/rss">
            <link rel="alternate" type="application/feed+json" href="https://cdn.example/feed.json">
            <link rel="alternate" type="application/rss+xml" href="/rss">
            <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
            <link rel="alternate" type="application/rss+xml">
            </head><body><p>News.</p></body></html>"#;
        let links = feed_links(html.as_bytes(), Some("text/html"), &page());
        let urls: Vec<_> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "http://harbour.example/news/atom.xml",
                "http://harbour.example/rss",
                "https://cdn.example/feed.json"
            ]
        );
        assert_eq!(links[0].title.as_deref(), Some("Harbour Atom"));
        assert_eq!(links[1].kind, "application/rss+xml");
    }

    #[test]
    fn relative_links_follow_the_base() {
        let html = r#"<html><head><base href="http://static.example/feeds/">
            <link rel="alternate" type="application/rss+xml" href="main.rss"></head></html>"#;
        let links = feed_links(html.as_bytes(), None, &page());
        assert_eq!(
            links[0].url.as_str(),
            "http://static.example/feeds/main.rss"
        );
    }

    #[test]
    fn a_page_without_feed_links_has_none() {
        let html = "<html><head><title>Harbour</title></head><body>Hi</body></html>";
        assert!(feed_links(html.as_bytes(), None, &page()).is_empty());
    }
}
