//! Each new story's own page: fetched politely, its article extracted.
//!
//! Pages are fetched with the same fetcher as feeds (caps, timeouts, the
//! address guard), at most [`PAGES_PER_HOST`] at a time per host across
//! the whole pass. Extraction is CPU work and runs on the blocking pool;
//! a panic there becomes an error for that page, never a crash of the
//! pass. A page that cannot be fetched, is not HTML, or holds too little
//! text leaves the story with its feed body and a note saying why.

use crate::fetcher::{FetchOutcome, Fetcher, Validators};
use newsdesk_domain::ArticlePage;
use newsdesk_extract::{Input, extract};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Pages fetched at once from one host.
pub const PAGES_PER_HOST: usize = 2;

/// Below this many characters an extracted text is not taken over the feed's.
pub const MIN_ARTICLE_CHARS: usize = 150;

/// Per-host limits shared by a pass.
#[derive(Debug, Default, Clone)]
pub struct HostLimits {
    hosts: Arc<Mutex<HashMap<String, Arc<Semaphore>>>>,
}

impl HostLimits {
    fn for_host(&self, host: &str) -> Arc<Semaphore> {
        self.hosts
            .lock()
            .expect("host limits")
            .entry(host.to_ascii_lowercase())
            .or_insert_with(|| Arc::new(Semaphore::new(PAGES_PER_HOST)))
            .clone()
    }
}

/// Fetches a story's page and extracts its article.
pub async fn fetch_article(fetcher: &Fetcher, limits: &HostLimits, link: &str) -> ArticlePage {
    let host = url::Url::parse(link)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    let permit = limits.for_host(&host).acquire_owned().await;
    let fetched = fetcher.fetch(link, &Validators::default()).await;
    drop(permit);
    let page = match fetched {
        Ok(FetchOutcome::Fetched(page)) => page,
        Ok(FetchOutcome::NotModified) => {
            return note("the server answered 304 to an unconditional request");
        }
        Err(error) => return note(&format!("page not fetched: {error}")),
    };
    if let Some(kind) = page.content_type.as_deref() {
        let kind = kind
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if !(kind.is_empty()
            || kind == "text/html"
            || kind == "application/xhtml+xml"
            || kind == "text/plain")
        {
            return note(&format!("the page is not HTML ({kind})"));
        }
    }
    let url = page.url.to_string();
    let content_type = page.content_type.clone();
    let body = page.body.clone();
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
        dateline: article
            .dateline
            .as_ref()
            .and_then(|d| serde_json::to_string(d).ok()),
        body: Some(article.text),
        body_html: article.html,
        lead_image: article.lead_image,
        note: None,
    }
}

fn note(text: &str) -> ArticlePage {
    ArticlePage {
        note: Some(text.to_owned()),
        ..Default::default()
    }
}
