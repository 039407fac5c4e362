//! One ingestion pass over a set of sources.
//!
//! Each source is fetched (conditionally), parsed, and its items stored;
//! storing is the deduplication (see `StoryInsert`). Sources run a few at a
//! time. A source that fails is recorded with a readable error and the
//! pass goes on; a failure never touches stories already stored, because
//! nothing is written before the whole feed has parsed. The validators
//! (ETag, Last-Modified) are recorded only after every item is stored, so a
//! crash mid-way makes the next pass read the feed whole again.

use crate::article::fetch_article;
use crate::feed::{self, FeedItem};
use crate::fetcher::{FetchOutcome, Fetcher, Validators};
use crate::politeness::Politeness;
use futures_util::StreamExt;
use jiff::Timestamp;
use newsdesk_domain::{ArticlePage, NewStory, Section, Source, SourceId, StoryId};
use newsdesk_store::{FetchRecord, Store, StoryInsert};
use std::time::{Duration, Instant};

/// How many sources are fetched at once.
pub const SOURCES_AT_ONCE: usize = 8;

/// How many pages of one source's new stories are fetched at once (the
/// per-host limit applies on top).
pub const PAGES_PER_SOURCE: usize = 4;

/// What became of one source in a pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceOutcome {
    /// The feed was read.
    Fetched {
        /// Stories stored for the first time.
        new: usize,
        /// New stories whose page gave the article.
        articles: usize,
        /// Items already stored (same item, or same link elsewhere).
        duplicate: usize,
        /// Items left out (no link, no date).
        skipped: usize,
    },
    /// The server said nothing changed.
    NotModified,
    /// The source failed; the text says why.
    Failed(String),
}

/// One source's line in the pass report.
#[derive(Debug, Clone)]
pub struct SourceReport {
    /// The source.
    pub source_id: SourceId,
    /// Its name.
    pub name: String,
    /// What happened.
    pub outcome: SourceOutcome,
}

/// What a pass did.
#[derive(Debug, Clone, Default)]
pub struct PassReport {
    /// One line per source, in the order they finished.
    pub sources: Vec<SourceReport>,
    /// How long the pass took.
    pub elapsed: Duration,
}

impl PassReport {
    /// Stories stored for the first time.
    pub fn new_stories(&self) -> usize {
        self.sources
            .iter()
            .map(|s| match s.outcome {
                SourceOutcome::Fetched { new, .. } => new,
                _ => 0,
            })
            .sum()
    }

    /// Sources that failed.
    pub fn failed(&self) -> usize {
        self.sources
            .iter()
            .filter(|s| matches!(s.outcome, SourceOutcome::Failed(_)))
            .count()
    }
}

/// Runs one pass over `sources`, calling `on_source` as each finishes.
/// `limits` is shared by every fetch of the pass (and may outlive it).
pub async fn run_pass(
    store: &Store,
    fetcher: &Fetcher,
    limits: &Politeness,
    sources: Vec<Source>,
    mut on_source: impl FnMut(&SourceReport),
) -> PassReport {
    let started = Instant::now();
    let mut reports = Vec::with_capacity(sources.len());
    let mut running = futures_util::stream::iter(sources)
        .map(|source| ingest_source(store, fetcher, limits, source))
        .buffer_unordered(SOURCES_AT_ONCE);
    while let Some(report) = running.next().await {
        on_source(&report);
        reports.push(report);
    }
    PassReport {
        sources: reports,
        elapsed: started.elapsed(),
    }
}

#[tracing::instrument(skip_all, fields(source = source.id.0, url = %source.url))]
async fn ingest_source(
    store: &Store,
    fetcher: &Fetcher,
    limits: &Politeness,
    source: Source,
) -> SourceReport {
    let checked_at = Timestamp::now();
    let (outcome, record) = match fetch_and_store(store, fetcher, limits, &source).await {
        Ok(done) => done,
        Err(error) => {
            tracing::warn!(%error, "source failed");
            (
                SourceOutcome::Failed(error.clone()),
                FetchRecord::Failed { error },
            )
        }
    };
    if let Err(e) = store.record_fetch(source.id, checked_at, &record).await {
        tracing::error!(
            error = &e as &dyn std::error::Error,
            "cannot record the fetch"
        );
    }
    SourceReport {
        source_id: source.id,
        name: source.name,
        outcome,
    }
}

async fn fetch_and_store(
    store: &Store,
    fetcher: &Fetcher,
    limits: &Politeness,
    source: &Source,
) -> Result<(SourceOutcome, FetchRecord), String> {
    let validators = Validators {
        etag: source.state.etag.clone(),
        last_modified: source.state.last_modified.clone(),
    };
    let fetched = match limits
        .fetch(fetcher, source.url.as_str(), &validators)
        .await
        .map_err(|e| e.to_string())?
    {
        FetchOutcome::NotModified => {
            return Ok((SourceOutcome::NotModified, FetchRecord::NotModified));
        }
        FetchOutcome::Fetched(fetched) => fetched,
    };
    let parsed = feed::parse(&fetched.body, &fetched.url).map_err(|e| e.to_string())?;
    let (mut new, mut duplicate) = (0, 0);
    let mut fresh = Vec::new();
    for item in &parsed.items {
        let story = story_of(source, item);
        match store.insert_story(&story).await {
            Ok(StoryInsert::Inserted(id)) => {
                new += 1;
                fresh.push((id, item.link.clone()));
            }
            Ok(StoryInsert::Duplicate) => duplicate += 1,
            Err(e) => {
                tracing::error!(error = &e as &dyn std::error::Error, "cannot store a story");
                return Err(format!(
                    "storage failed after {new} new stories; will retry"
                ));
            }
        }
    }
    // Each new story's page, a few at a time; the host limits hold across sources.
    let pages: Vec<(StoryId, ArticlePage)> = futures_util::stream::iter(fresh)
        .map(|(id, link)| async move { (id, fetch_article(fetcher, limits, &link).await) })
        .buffer_unordered(PAGES_PER_SOURCE)
        .collect()
        .await;
    let mut articles = 0;
    for (id, page) in &pages {
        if page.body.is_some() {
            articles += 1;
        }
        if let Err(e) = store.record_article(*id, page).await {
            tracing::error!(
                error = &e as &dyn std::error::Error,
                "cannot store an article"
            );
            return Err(format!(
                "storage failed after {new} new stories; will retry"
            ));
        }
    }
    let outcome = SourceOutcome::Fetched {
        new,
        articles,
        duplicate,
        skipped: parsed.skipped.len(),
    };
    let record = FetchRecord::Fetched {
        etag: fetched.validators.etag,
        last_modified: fetched.validators.last_modified,
        problem: parsed.skipped_note(),
    };
    Ok((outcome, record))
}

/// Files an item under the source's section, else its first category.
fn story_of(source: &Source, item: &FeedItem) -> NewStory {
    let section = source
        .section
        .clone()
        .or_else(|| {
            item.categories
                .iter()
                .find_map(|c| Section::from_category(c))
        })
        .unwrap_or_else(Section::general);
    NewStory {
        source_id: source.id,
        guid: item.guid.clone(),
        link: item.link.clone(),
        canonical_link: item.canonical_link.clone(),
        title: item.title.clone(),
        standfirst: item.standfirst.clone(),
        body: item.body.clone(),
        author: item.author.clone(),
        published_at: item.published_at,
        categories: item.categories.clone(),
        section,
    }
}
