//! What a pass did: one line per source, the due pages, the totals.

use jiff::Timestamp;
use newsdesk_domain::SourceId;
use std::time::Duration;

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
        /// Items left out (no link, beyond the item cap).
        skipped: usize,
    },
    /// The server said nothing changed.
    NotModified,
    /// The source failed; the text says why.
    Failed(String),
    /// The server said the feed is gone (HTTP 410); polling has stopped.
    Gone(String),
}

impl SourceOutcome {
    /// A short word for the outcome, for metrics and tables.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Fetched { .. } => "fetched",
            Self::NotModified => "not_modified",
            Self::Failed(_) => "failed",
            Self::Gone(_) => "gone",
        }
    }
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
    /// When it is due again (`None`: no longer polled).
    pub next_check_at: Option<Timestamp>,
}

/// What a pass did with the story pages that were due (not those of the
/// new stories, which count in their source's line).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageReport {
    /// Pages tried.
    pub tried: usize,
    /// Pages that gave the article.
    pub articles: usize,
}

/// What a pass did.
#[derive(Debug, Clone, Default)]
pub struct PassReport {
    /// One line per source, in the order they finished.
    pub sources: Vec<SourceReport>,
    /// Sources asked for but held by another worker at the time.
    pub held_elsewhere: usize,
    /// The story pages that were due, worked through after the sources.
    pub pages: PageReport,
    /// The stories clustered with their near-copies after the pages.
    pub clustered: newsdesk_store::ClusterTally,
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

    /// Sources that failed (gone ones included).
    pub fn failed(&self) -> usize {
        self.sources
            .iter()
            .filter(|s| matches!(s.outcome, SourceOutcome::Failed(_) | SourceOutcome::Gone(_)))
            .count()
    }

    /// Articles stored from their pages: new stories' and due pages'.
    pub fn articles(&self) -> usize {
        let from_sources: usize = self
            .sources
            .iter()
            .map(|s| match s.outcome {
                SourceOutcome::Fetched { articles, .. } => articles,
                _ => 0,
            })
            .sum();
        from_sources + self.pages.articles
    }
}
