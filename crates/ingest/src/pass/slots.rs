//! Claiming sources as slots free: a pass never holds more than it is
//! about to fetch.

use super::report::PassReport;
use super::{Ingest, SourceReport, Wanted};
use futures_util::StreamExt;
use futures_util::future::{BoxFuture, FutureExt};
use futures_util::stream::FuturesUnordered;
use jiff::Timestamp;
use newsdesk_domain::{Source, SourceId};
use newsdesk_store::StoreError;

impl Ingest {
    /// Claims and fetches sources, a few at a time: a claim is made only
    /// when at least a quarter of the slots are free (or none is busy), for
    /// as many sources as there are free slots. Returns the report and the
    /// store's error if claiming failed (the sources in hand are finished
    /// first).
    ///
    /// A claim runs beside the fetches, never while they wait: a fetch may
    /// be inside a write transaction, and on SQLite a claim waiting for the
    /// write lock would wait for a fetch that nobody drives.
    pub(super) async fn fetch_sources(
        &self,
        wanted: Wanted<'_>,
        mut on_source: impl FnMut(&SourceReport),
    ) -> (PassReport, Option<StoreError>) {
        let slots = self.sources_at_once;
        let refill_at = (slots / 4).max(1);
        let mut report = PassReport::default();
        let mut failed = None;
        let mut work: FuturesUnordered<BoxFuture<'_, Step>> = FuturesUnordered::new();
        let (mut busy, mut claiming) = (0, false);
        let mut rest = match wanted {
            Wanted::Due(_) => &[][..],
            Wanted::These { ids, .. } => ids,
        };
        let mut more = true;
        loop {
            let free = slots - busy;
            if more && !claiming && !self.is_stopping() && (free >= refill_at || busy == 0) {
                claiming = true;
                busy += free;
                work.push(match wanted {
                    Wanted::Due(due_by) => self.claim_due(due_by, free).boxed(),
                    Wanted::These { .. } => {
                        let (now_ids, later) = rest.split_at(free.min(rest.len()));
                        rest = later;
                        more = !rest.is_empty();
                        self.claim_these(now_ids).boxed()
                    }
                });
            }
            match work.next().await {
                Some(Step::Claimed {
                    asked,
                    claimed,
                    held_elsewhere,
                }) => {
                    claiming = false;
                    busy -= asked;
                    report.held_elsewhere += held_elsewhere;
                    match claimed {
                        Ok(sources) => {
                            if matches!(wanted, Wanted::Due(_)) && sources.len() < asked {
                                more = false;
                            }
                            busy += sources.len();
                            for source in sources {
                                work.push(
                                    self.check_source(source)
                                        .map(|done| Step::Fetched(Box::new(done)))
                                        .boxed(),
                                );
                            }
                        }
                        Err(e) => {
                            more = false;
                            failed = Some(e);
                        }
                    }
                }
                Some(Step::Fetched(done)) => {
                    busy -= 1;
                    match *done {
                        Ok(done) => {
                            on_source(&done);
                            report.sources.push(done);
                        }
                        // A full disk: the sources in hand are dropped
                        // (their writes roll back whole) and nothing more
                        // is claimed.
                        Err(e) => {
                            failed = Some(e);
                            break;
                        }
                    }
                }
                None if !more || self.is_stopping() => break,
                None => {}
            }
        }
        (report, failed)
    }

    /// Claims up to `count` sources due by `due_by`.
    async fn claim_due(&self, due_by: Timestamp, count: usize) -> Step {
        let lease = self.lease_from(self.clock.now());
        Step::Claimed {
            asked: count,
            claimed: self.store.claim_due_sources(&lease, due_by, count).await,
            held_elsewhere: 0,
        }
    }

    /// Claims these sources, due or not.
    async fn claim_these(&self, ids: &[SourceId]) -> Step {
        let now = self.clock.now();
        let claimed = self
            .store
            .claim_sources(&self.lease_from(now), now, ids)
            .await;
        let held_elsewhere = claimed.as_ref().map_or(0, |got| ids.len() - got.len());
        Step::Claimed {
            asked: ids.len(),
            claimed,
            held_elsewhere,
        }
    }
}

/// One step of a pass's sources: a claim answered, or a source done.
enum Step {
    Claimed {
        /// Slots the claim was made for.
        asked: usize,
        claimed: Result<Vec<Source>, StoreError>,
        held_elsewhere: usize,
    },
    /// A source done, or the store error that stops the pass.
    Fetched(Box<Result<SourceReport, StoreError>>),
}
