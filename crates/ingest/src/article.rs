//! Each new story's own page: fetched politely, its article extracted.
//!
//! Pages are fetched with the same fetcher as feeds (caps, timeouts, the
//! address guard) and within the [`Politeness`] shared by the pass: the
//! site's robots.txt is asked first, and the per-origin limits on requests
//! in flight and on the interval between them hold across the whole pass.
//! Extraction is CPU work and runs on the blocking pool, one page per core
//! at a time across the process; a panic there becomes an error for that
//! page, never a crash of the pass. A page that
//! robots.txt disallows, that cannot be fetched, is not HTML, or holds too
//! little text leaves the story with its feed body and a note saying why.

use crate::fetcher::{FetchError, FetchOutcome, Fetcher, Validators};
use crate::politeness::Politeness;
use crate::robots::RobotsVerdict;
use newsdesk_domain::ArticlePage;
use newsdesk_extract::{Input, extract};
use std::num::NonZeroUsize;
use std::sync::OnceLock;
use tokio::sync::Semaphore;

/// Below this many characters an extracted text is not taken over the feed's.
pub const MIN_ARTICLE_CHARS: usize = 150;

/// The note on a story whose page robots.txt keeps us from fetching.
pub const ROBOTS_DISALLOW_NOTE: &str = "page not fetched: the site's robots.txt disallows it";

/// Fetches a story's page, if the site's robots.txt allows, and extracts
/// its article.
pub async fn fetch_article(fetcher: &Fetcher, limits: &Politeness, link: &str) -> ArticlePage {
    match limits.robots_verdict(fetcher, link).await {
        RobotsVerdict::Allowed => {}
        RobotsVerdict::Disallowed => return note(ROBOTS_DISALLOW_NOTE),
        RobotsVerdict::Unreachable(why) => {
            return ArticlePage {
                retry: true,
                ..note(&format!(
                    "page not fetched: the site's robots.txt could not be read ({why})"
                ))
            };
        }
    }
    let fetched = limits.fetch(fetcher, link, &Validators::default()).await;
    let page = match fetched {
        Ok(FetchOutcome::Fetched(page)) => page,
        Ok(FetchOutcome::NotModified) => {
            return note("the server answered 304 to an unconditional request");
        }
        Err(error) => {
            return ArticlePage {
                retry: may_pass(&error),
                ..note(&format!("page not fetched: {error}"))
            };
        }
    };
    if let Some(kind) = page.content_type.as_deref() {
        let kind = kind
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let declared_html = kind.is_empty()
            || kind == "text/html"
            || kind == "application/xhtml+xml"
            || kind == "text/plain";
        // Servers mislabel pages (application/octet-stream, text/xml, ...):
        // the body decides when the label does not say HTML.
        if !declared_html && !looks_like_html(&page.body) {
            return note(&format!("the page is not HTML ({kind})"));
        }
    }
    let url = page.url.to_string();
    let content_type = page.content_type.clone();
    let body = page.body.clone();
    // A closed semaphore is never the case; extracting without a slot would be harmless.
    let _slot = extraction_slots().acquire().await.ok();
    let extracted = tokio::task::spawn_blocking(move || {
        extract(&Input {
            html: &body,
            url: Some(&url),
            content_type: content_type.as_deref(),
        })
    })
    .await;
    let article = match extracted {
        Ok(Ok(article)) => article,
        Ok(Err(error)) => return note(&format!("no article: {error}")),
        Err(_) => return note("extraction failed on this page"),
    };
    if article.text.chars().count() < MIN_ARTICLE_CHARS {
        return ArticlePage {
            lead_image: article.lead_image,
            note: Some("no article text found on the page".into()),
            ..Default::default()
        };
    }
    ArticlePage {
        dateline: article.dateline.as_ref().and_then(crate::filed::to_json),
        filed: article
            .dateline
            .as_ref()
            .map(crate::filed::filed)
            .unwrap_or_default(),
        body: Some(article.text),
        body_html: article.html,
        lead_image: article.lead_image,
        note: None,
        retry: false,
    }
}

/// Whether a body starts the way an HTML page does (after a BOM, white
/// space and comments): a doctype, `<html>`, `<head>` or `<body>`.
fn looks_like_html(body: &[u8]) -> bool {
    let head = &body[..body.len().min(1024)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(end) => rest = after[end + 3..].trim_start(),
            None => return false,
        }
    }
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|start| rest.starts_with(start))
}

/// Pages extracted at once in this process: one per core. Extraction is
/// CPU work, so more at once would finish no sooner; they would only hold
/// more parsed pages in memory, on more threads of the blocking pool, each
/// of which keeps freed memory of its own in the allocator. (Pages are
/// fetched many at a time; only their extraction waits here.)
fn extraction_slots() -> &'static Semaphore {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| {
        Semaphore::new(std::thread::available_parallelism().map_or(2, NonZeroUsize::get))
    })
}

/// Whether a failed page fetch is worth trying again later: a timeout, a
/// refused connection, a server error or a request to slow down may pass;
/// a missing page, a refused address or an oversized body will not.
fn may_pass(error: &FetchError) -> bool {
    match error {
        FetchError::Timeout(_) | FetchError::Connect(_) | FetchError::Other(_) => true,
        FetchError::Status { status, .. } => *status >= 500 || matches!(status, 408 | 425 | 429),
        FetchError::BadUrl(_)
        | FetchError::Refused(_)
        | FetchError::TooManyRedirects(_)
        | FetchError::TooLarge(_) => false,
    }
}

fn note(text: &str) -> ArticlePage {
    ArticlePage {
        note: Some(text.to_owned()),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mislabelled_pages_are_sniffed() {
        assert!(looks_like_html(
            b"\xEF\xBB\xBF  <!DOCTYPE html><html><body>Hi"
        ));
        assert!(looks_like_html(b"<!-- cached --><html lang=\"en\">"));
        assert!(looks_like_html(b"\n<HEAD><title>x</title>"));
        assert!(!looks_like_html(b"%PDF-1.7 binary"));
        assert!(!looks_like_html(b"\x89PNG\r\n"));
        assert!(!looks_like_html(b"<?xml version=\"1.0\"?><rss>"));
        assert!(!looks_like_html(b"<!-- never closed"));
    }
}
