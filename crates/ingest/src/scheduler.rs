//! The worker's loop: fetch what is due, sleep until the next is due.
//!
//! Each turn claims the due sources (see [`Ingest::fetch_due`]), fetches
//! them, and then sleeps until the soonest next check or lease end, but
//! never longer than [`Scheduler::max_sleep`], so that sources added or
//! changed by another process are noticed within that time. A turn the
//! store failed (a full disk, a database out of reach) is logged, and the
//! next one comes after that longest sleep: the sources it left are still
//! due, and trying at once would only fail again. On shutdown the worker
//! finishes the sources in hand and releases every lease it still holds.

use crate::pass::{Ingest, PassReport};
use jiff::Timestamp;
use std::future::Future;
use std::time::Duration;

/// A worker's fetching loop.
#[derive(Debug, Clone)]
pub struct Scheduler {
    ingest: Ingest,
    max_sleep: Duration,
}

impl Scheduler {
    /// A loop over `ingest`, looking again at least every 30 seconds.
    pub fn new(ingest: Ingest) -> Self {
        Self {
            ingest,
            max_sleep: Duration::from_secs(30),
        }
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
        let next = self.ingest.store().next_due_at(now).await.ok().flatten();
        let wait = next.map_or(self.max_sleep, |at| {
            let seconds = at.as_second() - now.as_second();
            Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
        });
        wait.clamp(Duration::from_secs(1), self.max_sleep)
    }

    /// Runs turns until `shutdown` completes, then releases held leases.
    pub async fn run(&self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            let turn = self.turn();
            let failed = tokio::select! {
                report = turn => report.is_none(),
                () = &mut shutdown => break,
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
        match self
            .ingest
            .store()
            .release_leases(self.ingest.worker())
            .await
        {
            Ok(released) if released > 0 => {
                tracing::info!(released, "released the sources in hand")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(
                error = &e as &dyn std::error::Error,
                "cannot release leases; they run out by themselves"
            ),
        }
    }
}
