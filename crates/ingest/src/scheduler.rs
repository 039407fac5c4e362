//! The worker's loop: fetch what is due, sleep until the next is due.
//!
//! Each turn claims the due sources and story pages (see
//! [`Ingest::fetch_due`]), fetches them, and then sleeps until the soonest
//! next check, page retry or lease end, but
//! never longer than [`Scheduler::max_sleep`], so that sources added or
//! changed by another process are noticed within that time. A turn the
//! store failed (a full disk, a database out of reach) is logged, and the
//! next one comes after that longest sleep: the sources it left are still
//! due, and trying at once would only fail again.
//!
//! On shutdown the worker claims nothing more, lets the sources and pages
//! in hand finish for up to [`Scheduler::shutdown_grace`], then stops what
//! is left and releases every claim it still holds, so other processes can
//! take them at once.

use crate::pass::{Ingest, PassReport};
use jiff::Timestamp;
use std::future::Future;
use std::time::Duration;

/// A worker's fetching loop.
#[derive(Debug, Clone)]
pub struct Scheduler {
    ingest: Ingest,
    max_sleep: Duration,
    grace: Duration,
}

/// How long work in hand may run on after a shutdown signal, by default.
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(20);

impl Scheduler {
    /// A loop over `ingest`, looking again at least every 30 seconds,
    /// with the default shutdown grace.
    pub fn new(ingest: Ingest) -> Self {
        Self {
            ingest,
            max_sleep: Duration::from_secs(30),
            grace: DEFAULT_SHUTDOWN_GRACE,
        }
    }

    /// How long the work in hand may go on after the shutdown signal
    /// before it is stopped and its claims released.
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.grace = grace;
        self
    }

    /// The longest sleep between two looks at what is due.
    pub fn max_sleep(mut self, max_sleep: Duration) -> Self {
        self.max_sleep = max_sleep;
        self
    }

    /// One turn: fetches everything due now.
    pub async fn tick(&self) -> PassReport {
        self.turn().await.unwrap_or_default()
    }

    /// [`Scheduler::tick`]; `None` when the store failed (logged).
    async fn turn(&self) -> Option<PassReport> {
        match self.ingest.fetch_due(|_| {}).await {
            Ok(report) => {
                if !report.sources.is_empty() {
                    tracing::info!(
                        sources = report.sources.len(),
                        new = report.new_stories(),
                        failed = report.failed(),
                        "fetched the due sources"
                    );
                }
                Some(report)
            }
            Err(e) if e.is_disk_full() => {
                tracing::error!(
                    error = %e,
                    "fetching stopped; trying again on the next turn"
                );
                None
            }
            Err(e) => {
                tracing::error!(
                    error = &e as &dyn std::error::Error,
                    "cannot claim due sources; trying again shortly"
                );
                None
            }
        }
    }

    /// How long to sleep after a turn at `now`.
    pub async fn pause_after(&self, now: Timestamp) -> Duration {
        let store = self.ingest.store();
        let source = store.next_due_at(now).await.ok().flatten();
        let page = store.next_page_due_at().await.ok().flatten();
        let next = match (source, page) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let wait = next.map_or(self.max_sleep, |at| {
            let seconds = at.as_second() - now.as_second();
            Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
        });
        wait.clamp(Duration::from_secs(1), self.max_sleep)
    }

    /// Runs turns until `shutdown` completes; then finishes the work in
    /// hand within the grace period and releases what is left.
    pub async fn run(&self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            let turn = self.turn();
            tokio::pin!(turn);
            let failed = tokio::select! {
                report = &mut turn => report.is_none(),
                () = &mut shutdown => {
                    self.ingest.stop_claiming();
                    tracing::info!(
                        grace_secs = self.grace.as_secs(),
                        "stopping: finishing the work in hand"
                    );
                    if tokio::time::timeout(self.grace, &mut turn).await.is_err() {
                        tracing::warn!(
                            "the grace period ran out; stopping the rest of the work"
                        );
                    }
                    break;
                }
            };
            let pause = if failed {
                self.max_sleep
            } else {
                self.pause_after(self.ingest.clock().now()).await
            };
            tokio::select! {
                () = tokio::time::sleep(pause) => {}
                () = &mut shutdown => break,
            }
        }
        self.ingest.release_claims().await;
    }
}
