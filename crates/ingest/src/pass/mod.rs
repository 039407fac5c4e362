//! Fetching sources: one pass over a set of them.
//!
//! Each source is fetched (conditionally), parsed, and its items stored;
//! storing is the deduplication (see `StoryInsert`). Sources run a few at a
//! time. A source that fails is recorded with a readable error and the
//! pass goes on; a failure never touches stories already stored, because
//! nothing is written before the whole feed has parsed. The validators
//! (ETag, Last-Modified) are recorded only after every item is stored, so a
//! crash mid-way makes the next pass read the feed whole again.
//!
//! After each fetch the source's next check is worked out by the
//! [`schedule`](crate::schedule) rules and stored with the outcome, and
//! the worker's lease on it is released. [`Ingest::fetch_due`] is what a
//! worker runs on every tick; [`Ingest::fetch_now`] is an operator's
//! `fetch`.
//!
//! Claims: a pass claims a source only when it has a free slot to fetch it
//! in (a few at a time, never the whole list up front), and the new
//! stories a source brings are stored already claimed for their page
//! fetch. One heartbeat renews everything the process holds every third of
//! the lease, so the lease can be short (a minute by default) and a
//! process that dies strands nothing for long; one on the same host gives
//! it back at once (see [`crate::holders`]). When the sources are done, the
//! pass works through the story pages that are due, whatever their source
//! (retries after a passing failure, pages a crash left unfetched), in
//! small claimed batches until none is left. A pass asked to stop
//! ([`Ingest::stop_claiming`]) claims nothing more and finishes what it
//! holds.
//!
//! The pass in files: this one holds [`Ingest`] and the two passes;
//! [`report`] what a pass did; [`claims`] the leases, their heartbeat and
//! their release; [`slots`] claiming sources as slots free; [`check`] one
//! source's check (read the feed, store its items, fetch their pages,
//! record the outcome); [`pages`] the story pages that are due;
//! [`clusters`] the stories whose text settled, clustered with their
//! near-copies last (a story's page replaces its feed summary first).
//!
//! A full disk stops the pass: every write would fail the same way. The
//! source being stored is left as it was (its batch rolled back, nothing
//! recorded against it), no further source is started, the claims are
//! given back, and [`Ingest::fetch_due`] and [`Ingest::fetch_now`] return
//! the store's [`StoreError::DiskFull`], which names the place. The
//! sources left stay due, so the first pass after space is freed takes
//! them up.

use crate::clock::{Clock, SystemClock};
use crate::fetcher::Fetcher;
use crate::politeness::Politeness;
use crate::schedule::Cadence;
use futures_util::StreamExt;
use jiff::Timestamp;
use newsdesk_domain::{Source, SourceId};
use newsdesk_store::{Store, StoreError};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

mod check;
pub mod claims;
mod clusters;
mod pages;
pub mod report;
mod slots;

pub use claims::DEFAULT_LEASE;
pub use report::{PageReport, PassReport, SourceOutcome, SourceReport};

/// How many sources are fetched at once, by default. Most of a source's
/// time goes in waiting (the network, the per-site pace between its
/// pages), not in work: extraction has its own per-core limit, so more
/// sources at once costs little memory and keeps a polite pass moving.
pub const SOURCES_AT_ONCE: usize = 32;

/// How many pages of one source's new stories are fetched at once (the
/// per-host limit applies on top).
pub const PAGES_PER_SOURCE: usize = 4;

/// Everything fetching needs, shared by the tasks of a worker. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Ingest {
    store: Store,
    fetcher: Fetcher,
    limits: Politeness,
    cadence: Cadence,
    clock: Arc<dyn Clock>,
    worker: String,
    lease: Duration,
    sources_at_once: usize,
    stopping: Arc<AtomicBool>,
}

impl Ingest {
    /// Fetching with the default cadence, the system clock, a one-minute
    /// lease and a worker name unique to this process.
    pub fn new(store: Store, fetcher: Fetcher) -> Self {
        Self {
            store,
            fetcher,
            limits: Politeness::default(),
            cadence: Cadence::default(),
            clock: Arc::new(SystemClock),
            worker: claims::worker_name(),
            lease: DEFAULT_LEASE,
            sources_at_once: SOURCES_AT_ONCE,
            stopping: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Keeps every fetch within these per-origin limits (shared with
    /// whatever else holds a clone of them).
    pub fn with_politeness(mut self, limits: Politeness) -> Self {
        self.limits = limits;
        self
    }

    /// Uses these scheduling bounds.
    pub fn with_cadence(mut self, cadence: Cadence) -> Self {
        self.cadence = cadence;
        self
    }

    /// Reads the time from `clock` (tests use a clock they move by hand).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Names this worker in leases (unique per process).
    pub fn with_worker(mut self, name: impl Into<String>) -> Self {
        self.worker = name.into();
        self
    }

    /// How long a claim on a source or page lasts; a worker that dies
    /// mid-fetch gives them up to others after this (at least three
    /// seconds: the heartbeat renews every third of it).
    pub fn with_lease(mut self, lease: Duration) -> Self {
        self.lease = lease.max(Duration::from_secs(3));
        self
    }

    /// Fetches this many sources at once (at least one).
    pub fn with_sources_at_once(mut self, sources: usize) -> Self {
        self.sources_at_once = sources.max(1);
        self
    }

    /// The worker's name in leases.
    pub fn worker(&self) -> &str {
        &self.worker
    }

    /// The clock in use.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The store in use.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Fetches every source that is due now, claiming each when a slot
    /// frees, then every story page that is due, until none is left;
    /// calls `on_source` as each source finishes.
    pub async fn fetch_due(
        &self,
        on_source: impl FnMut(&SourceReport),
    ) -> Result<PassReport, StoreError> {
        // A dead process's claims are released (and its sources due at
        // once) before what is due is decided.
        self.take_back_dead_claims().await;
        let due_by = self.clock.now();
        self.claimed_pass(Wanted::Due(due_by), on_source).await
    }

    /// Fetches the given sources now, due or not (all of them that are not
    /// gone when `only` is `None`), then the story pages that are due (of
    /// those sources only, when `only` names them). Sources another worker
    /// holds are left to it and counted in [`PassReport::held_elsewhere`].
    pub async fn fetch_now(
        &self,
        only: Option<&[SourceId]>,
        on_source: impl FnMut(&SourceReport),
    ) -> Result<PassReport, StoreError> {
        self.take_back_dead_claims().await;
        let ids: Vec<SourceId> = match only {
            Some(ids) => ids.to_vec(),
            None => self
                .store
                .sources()
                .await
                .map_err(|e| self.store.locate(e))?
                .into_iter()
                .filter(|s| s.state.gone_at.is_none())
                .map(|s| s.id)
                .collect(),
        };
        self.claimed_pass(Wanted::These { ids: &ids, only }, on_source)
            .await
    }

    /// A pass over claimed work: sources, then due pages, with the
    /// heartbeat renewing the claims all along; whatever is still held at
    /// the end (a page whose result could not be stored) is released.
    async fn claimed_pass(
        &self,
        wanted: Wanted<'_>,
        on_source: impl FnMut(&SourceReport),
    ) -> Result<PassReport, StoreError> {
        let started = Instant::now();
        let pages_of = match wanted {
            Wanted::Due(_) => None,
            Wanted::These { only, .. } => only,
        };
        let work = async {
            let (mut report, failed) = self.fetch_sources(wanted, on_source).await;
            if let Some(e) = failed {
                return Err(e);
            }
            // Every page due when the sources are done, those a dead
            // process held included. A page that fails now is due later
            // than this, so the loop ends.
            let due_by = self.clock.now();
            report.pages = self.fetch_due_pages(due_by, pages_of).await?;
            report.clustered = self.cluster_due().await?;
            Ok(report)
        };
        let done = tokio::select! {
            done = work => done,
            never = self.keep_claims() => match never {},
        };
        self.release_claims().await;
        let mut report = done.map_err(|e| self.store.locate(e))?;
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// Fetches `sources` (claimed or not), a few at a time. A full disk
    /// stops it early (logged); the report has the sources done by then.
    pub async fn run(
        &self,
        sources: Vec<Source>,
        mut on_source: impl FnMut(&SourceReport),
    ) -> PassReport {
        let started = Instant::now();
        let mut reports = Vec::with_capacity(sources.len());
        let mut running = futures_util::stream::iter(sources)
            .map(|source| self.check_source(source))
            .buffer_unordered(self.sources_at_once);
        while let Some(report) = running.next().await {
            match report {
                Ok(report) => {
                    on_source(&report);
                    reports.push(report);
                }
                Err(e) => {
                    let e = self.store.locate(e);
                    tracing::error!(error = %e, "the pass stopped");
                    break;
                }
            }
        }
        drop(running);
        // The new stories' pages a failure left held fall due at once.
        self.release_claims().await;
        let clustered = match self.cluster_due().await {
            Ok(tally) => tally,
            Err(e) => {
                let e = self.store.locate(e);
                tracing::error!(error = %e, "clustering the new stories stopped");
                Default::default()
            }
        };
        PassReport {
            sources: reports,
            clustered,
            elapsed: started.elapsed(),
            ..PassReport::default()
        }
    }
}

/// Runs one pass over `sources` now, with the default cadence and the
/// system clock, calling `on_source` as each finishes. `limits` is shared
/// by every fetch of the pass (and may outlive it).
pub async fn run_pass(
    store: &Store,
    fetcher: &Fetcher,
    limits: &Politeness,
    sources: Vec<Source>,
    on_source: impl FnMut(&SourceReport),
) -> PassReport {
    Ingest::new(store.clone(), fetcher.clone())
        .with_politeness(limits.clone())
        .run(sources, on_source)
        .await
}

/// What a pass is asked to fetch.
#[derive(Clone, Copy)]
enum Wanted<'a> {
    /// Every source due by then.
    Due(Timestamp),
    /// These sources, due or not; `only` is `None` when they are all of
    /// them (the due pages of every source are then worked through too).
    These {
        ids: &'a [SourceId],
        only: Option<&'a [SourceId]>,
    },
}
