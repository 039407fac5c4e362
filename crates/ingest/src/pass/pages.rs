//! Story pages: fetched and extracted a few at a time, and the pages
//! that are due worked through in claimed batches.

use super::Ingest;
use super::report::PageReport;
use crate::article::fetch_article;
use futures_util::StreamExt;
use jiff::Timestamp;
use newsdesk_domain::{ArticlePage, SourceId, StoryId};
use newsdesk_store::StoreError;

/// How many due story pages (retries, pages a crash left) are claimed at
/// a time, per source fetched at once: they are fetched together and
/// recorded in one transaction, and the next batch is claimed after.
const PAGES_PER_SLOT: usize = 2;

impl Ingest {
    /// Works through the story pages due by `due_by` (of `sources` only,
    /// when given), a claimed batch at a time, until none is left or the
    /// pass is asked to stop. A page that fails again is due later than
    /// `due_by`, so the loop ends.
    pub(super) async fn fetch_due_pages(
        &self,
        due_by: Timestamp,
        sources: Option<&[SourceId]>,
    ) -> Result<PageReport, StoreError> {
        let batch = self.sources_at_once.saturating_mul(PAGES_PER_SLOT);
        let mut report = PageReport::default();
        while !self.is_stopping() {
            let lease = self.lease_from(self.clock.now());
            let claimed = self
                .store
                .claim_due_pages(&lease, due_by, sources, batch)
                .await?;
            let full = claimed.len() == batch;
            if claimed.is_empty() {
                break;
            }
            let pages = self
                .fetch_pages(
                    claimed.into_iter().map(|c| (c.story, c.link)).collect(),
                    batch,
                )
                .await;
            report.tried += pages.len();
            report.articles += pages.iter().filter(|(_, page)| page.body.is_some()).count();
            self.store.record_articles(&pages, self.clock.now()).await?;
            metrics::counter!("newsdesk_page_retries_total").increment(pages.len() as u64);
            if !full {
                break;
            }
        }
        Ok(report)
    }

    /// Fetches stories' pages and extracts them, a few at a time; the
    /// per-site limits hold across sources.
    pub(super) async fn fetch_pages(
        &self,
        stories: Vec<(StoryId, String)>,
        at_once: usize,
    ) -> Vec<(StoryId, ArticlePage)> {
        let fetcher = &self.fetcher;
        let limits = &self.limits;
        futures_util::stream::iter(stories)
            .map(|(id, link)| async move { (id, fetch_article(fetcher, limits, &link).await) })
            .buffer_unordered(at_once.max(1))
            .collect()
            .await
    }
}
