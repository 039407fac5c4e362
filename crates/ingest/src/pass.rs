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
//! A full disk stops the pass: every write would fail the same way. The
//! source being stored is left as it was (its batch rolled back, nothing
//! recorded against it), no further source is started, the claims are
//! given back, and [`Ingest::fetch_due`] and [`Ingest::fetch_now`] return
//! the store's [`StoreError::DiskFull`], which names the place. The
//! sources left stay due, so the first pass after space is freed takes
//! them up.

use crate::article::fetch_article;
use crate::clock::{Clock, SystemClock};
use crate::feed::{self, FeedItem};
use crate::fetcher::{self, FetchError, FetchOutcome, Fetcher, Validators};
use crate::politeness::Politeness;
use crate::schedule::{Asked, Cadence, Checked};
use futures_util::StreamExt;
use futures_util::future::{BoxFuture, FutureExt};
use futures_util::stream::FuturesUnordered;
use jiff::Timestamp;
use newsdesk_domain::{ArticlePage, NewStory, Section, Source, SourceId, StoryId};
use newsdesk_store::{FetchRecord, Lease, Schedule, Store, StoreError, StoryInsert};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How many sources are fetched at once, by default. Most of a source's
/// time goes in waiting (the network, the per-site pace between its
/// pages), not in work: extraction has its own per-core limit, so more
/// sources at once costs little memory and keeps a polite pass moving.
pub const SOURCES_AT_ONCE: usize = 32;

/// How many pages of one source's new stories are fetched at once (the
/// per-host limit applies on top).
pub const PAGES_PER_SOURCE: usize = 4;

/// How many due story pages (retries, pages a crash left) are claimed at
/// a time, per source fetched at once: they are fetched together and
/// recorded in one transaction, and the next batch is claimed after.
const PAGES_PER_SLOT: usize = 2;

/// How long a claim lasts by default: renewed every third of it while the
/// work goes on, so a dead process strands its work for at most this.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(60);

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
            worker: worker_name(),
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

    /// Asks every pass of this worker (clones included) to claim nothing
    /// more: the sources and pages in hand are finished, then the pass
    /// ends. For a graceful shutdown.
    pub fn stop_claiming(&self) {
        self.stopping.store(true, Ordering::Relaxed);
    }

    /// Whether [`Ingest::stop_claiming`] was called.
    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::Relaxed)
    }

    /// Lets go of everything this worker still holds (sources, and story
    /// pages, which fall due at once), and logs what it held. A failure is
    /// logged too: the claims then run out by themselves.
    pub async fn release_claims(&self) {
        match self
            .store
            .release_claims(&self.worker, self.clock.now())
            .await
        {
            Ok(left) if left.sources + left.pages > 0 => tracing::info!(
                sources = left.sources,
                pages = left.pages,
                "released the work still in hand"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(
                error = &e as &dyn std::error::Error,
                "cannot release claims; they run out by themselves"
            ),
        }
    }

    /// Extends every claim this worker holds by a lease from now (see
    /// [`Store::renew_claims`]); the heartbeat of a pass calls it every
    /// third of the lease.
    pub async fn renew_claims(&self) -> Result<newsdesk_store::Released, StoreError> {
        self.store
            .renew_claims(&self.lease_from(self.clock.now()))
            .await
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

    /// Releases the claims of processes on this host that no longer run
    /// (see [`crate::holders`]); a failure only means waiting for their
    /// leases to run out.
    async fn take_back_dead_claims(&self) {
        let now = self.clock.now();
        if let Err(e) =
            crate::holders::release_dead_local_holders(&self.store, &self.worker, now).await
        {
            tracing::warn!(
                error = &e as &dyn std::error::Error,
                "cannot look for the claims of dead processes"
            );
        }
    }

    fn lease_from(&self, now: Timestamp) -> Lease {
        let seconds = i64::try_from(self.lease.as_secs()).unwrap_or(i64::MAX);
        Lease {
            owner: self.worker.clone(),
            until: now
                .checked_add(jiff::SignedDuration::from_secs(seconds))
                .unwrap_or(Timestamp::MAX),
        }
    }

    /// Fetches every source that is due now, claiming each when a slot
    /// frees, then every story page that is due, until none is left;
    /// calls `on_source` as each source finishes.
    pub async fn fetch_due(
        &self,
        on_source: impl FnMut(&SourceReport),
    ) -> Result<PassReport, StoreError> {
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
        let due_by = self.clock.now();
        let pages_of = match wanted {
            Wanted::Due(_) => None,
            Wanted::These { only, .. } => only,
        };
        self.take_back_dead_claims().await;
        let work = async {
            let (mut report, failed) = self.fetch_sources(wanted, on_source).await;
            if let Some(e) = failed {
                return Err(e);
            }
            report.pages = self.fetch_due_pages(due_by, pages_of).await?;
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

    /// Claims and fetches sources, a few at a time: a claim is made only
    /// when at least a quarter of the slots are free (or none is busy), for
    /// as many sources as there are free slots. Returns the report and the
    /// store's error if claiming failed (the sources in hand are finished
    /// first).
    ///
    /// A claim runs beside the fetches, never while they wait: a fetch may
    /// be inside a write transaction, and on SQLite a claim waiting for the
    /// write lock would wait for a fetch that nobody drives.
    async fn fetch_sources(
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
                                    self.ingest_source(source)
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

    /// Works through the story pages due by `due_by` (of `sources` only,
    /// when given), a claimed batch at a time, until none is left or the
    /// pass is asked to stop. A page that fails again is due later than
    /// `due_by`, so the loop ends.
    async fn fetch_due_pages(
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
            .map(|source| self.ingest_source(source))
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
        PassReport {
            sources: reports,
            elapsed: started.elapsed(),
            ..PassReport::default()
        }
    }

    #[tracing::instrument(skip_all, fields(source = source.id.0, url = %source.url))]
    async fn ingest_source(&self, source: Source) -> Result<SourceReport, StoreError> {
        let checked_at = self.clock.now();
        let started = Instant::now();
        let done = self.fetch_and_store(&source).await;
        let seconds = started.elapsed().as_secs_f64();
        let (outcome, record, checked, asked) = match done {
            Ok(done) => (done.outcome, done.record, done.checked, done.asked),
            // Nothing is recorded against the source: the fault is not its.
            Err(Failure {
                stop: Some(stop), ..
            }) => {
                let stop = self.store.locate(stop);
                tracing::debug!(error = %stop, "storing failed; the pass stops");
                return Err(stop);
            }
            Err(failure) => {
                tracing::warn!(error = %failure.text, "source failed");
                let outcome = if failure.gone {
                    SourceOutcome::Gone(failure.text.clone())
                } else {
                    SourceOutcome::Failed(failure.text.clone())
                };
                let checked = if failure.gone {
                    Checked::Gone
                } else {
                    Checked::Failed
                };
                (
                    outcome,
                    FetchRecord::Failed {
                        error: failure.text,
                    },
                    CheckedOwned::from(checked),
                    failure.asked,
                )
            }
        };
        metrics::counter!("newsdesk_fetches_total", "outcome" => outcome.label()).increment(1);
        metrics::histogram!("newsdesk_fetch_duration_seconds").record(seconds);
        let next = self.cadence.next(
            checked_at,
            checked.as_checked(),
            &asked,
            source.state.check_interval_secs.map(Duration::from_secs),
            source.state.failures,
            jitter_draw(source.id, checked_at),
        );
        let schedule = Schedule {
            next_check_at: next.at,
            check_interval_secs: Some(next.interval.as_secs()),
            failures: next.failures,
            gone: next.gone,
        };
        if let Err(e) = self
            .store
            .record_fetch(source.id, checked_at, &record, &schedule, &self.worker)
            .await
        {
            if e.is_disk_full() {
                return Err(e);
            }
            tracing::error!(
                error = &e as &dyn std::error::Error,
                "cannot record the fetch"
            );
        }
        Ok(SourceReport {
            source_id: source.id,
            name: source.name,
            outcome,
            next_check_at: (!next.gone).then_some(next.at),
        })
    }

    /// Fetches stories' pages and extracts them, a few at a time; the
    /// per-site limits hold across sources.
    async fn fetch_pages(
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

    /// Renews everything this worker holds every third of the lease, for
    /// as long as it is polled; never completes. A failed renewal is
    /// logged and tried again at the next beat.
    async fn keep_claims(&self) -> std::convert::Infallible {
        let every = (self.lease / 3).max(Duration::from_secs(1));
        loop {
            tokio::time::sleep(every).await;
            if let Err(e) = self.renew_claims().await {
                tracing::warn!(error = &e as &dyn std::error::Error, "cannot renew claims");
            }
        }
    }

    async fn fetch_and_store(&self, source: &Source) -> Result<Done, Failure> {
        let store = &self.store;
        let validators = Validators {
            etag: source.state.etag.clone(),
            last_modified: source.state.last_modified.clone(),
        };
        let fetched = match self
            .limits
            .fetch(&self.fetcher, source.url.as_str(), &validators)
            .await
            .map_err(|e| Failure::of_fetch(&e, self.clock.now()))?
        {
            FetchOutcome::NotModified => {
                return Ok(Done {
                    outcome: SourceOutcome::NotModified,
                    record: FetchRecord::NotModified,
                    checked: CheckedOwned::Unchanged,
                    asked: Asked::default(),
                });
            }
            FetchOutcome::Fetched(fetched) => fetched,
        };
        // Parsing is CPU work (a feed of 100,000 items takes seconds): on
        // the blocking pool, so the other sources of the pass go on.
        let seen = self.clock.now();
        let body = fetched.body.clone();
        let content_type = fetched.content_type.clone();
        let feed_url = fetched.url.clone();
        let parsed = tokio::task::spawn_blocking(move || {
            let body = feed::with_header_charset(&body, content_type.as_deref());
            feed::parse_at(&body, &feed_url, seen)
        })
        .await
        .map_err(|_| Failure::plain("the feed could not be parsed (parser failure)".to_owned()))?
        .map_err(|e| Failure::plain(e.to_string()))?;
        let asked = Asked {
            ttl: parsed
                .ttl_minutes
                .map(|m| Duration::from_secs(u64::from(m) * 60)),
            fresh_for: fetched.fresh_for,
            retry_after: None,
            skip_hours: parsed.skip_hours.clone(),
        };
        // The feed's items in one batch: stored all together or not at all.
        let stories: Vec<NewStory> = parsed
            .items
            .iter()
            .map(|item| story_of(source, item))
            .collect();
        // New stories come already claimed for their page fetch below.
        let held = self.lease_from(self.clock.now());
        let inserted = match store.insert_stories_held(&stories, Some(&held)).await {
            Ok(inserted) => inserted,
            Err(e) if e.is_disk_full() => return Err(Failure::stop(e)),
            Err(e) => {
                tracing::error!(
                    error = &e as &dyn std::error::Error,
                    "cannot store the stories"
                );
                return Err(Failure {
                    asked,
                    ..Failure::plain("storing the feed's items failed; will retry".into())
                });
            }
        };
        let (mut new, mut duplicate) = (0, 0);
        let mut fresh = Vec::new();
        for (item, done) in parsed.items.iter().zip(inserted) {
            match done {
                StoryInsert::Inserted(id) => {
                    new += 1;
                    fresh.push((id, item.link.clone()));
                }
                StoryInsert::Duplicate => duplicate += 1,
            }
        }
        // Each new story's page.
        let pages = self.fetch_pages(fresh, PAGES_PER_SOURCE).await;
        let articles = pages.iter().filter(|(_, page)| page.body.is_some()).count();
        // The pages in one batch too. A failure here leaves these stories
        // with their feed bodies, as a page that could not be fetched
        // would, and the validators unrecorded.
        if let Err(e) = store.record_articles(&pages, self.clock.now()).await {
            if e.is_disk_full() {
                return Err(Failure::stop(e));
            }
            tracing::error!(
                error = &e as &dyn std::error::Error,
                "cannot store the articles"
            );
            return Err(Failure {
                asked,
                ..Failure::plain(format!(
                    "storing the articles of {new} new stories failed; will retry"
                ))
            });
        }
        let item_times = parsed
            .items
            .iter()
            .filter(|i| i.dated)
            .map(|i| i.published_at)
            .collect();
        Ok(Done {
            outcome: SourceOutcome::Fetched {
                new,
                articles,
                duplicate,
                skipped: parsed.skipped.len(),
            },
            record: FetchRecord::Fetched {
                etag: fetched.validators.etag,
                last_modified: fetched.validators.last_modified,
                problem: parsed.skipped_note(),
            },
            checked: CheckedOwned::Read(item_times),
            asked,
        })
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

/// A fetch that went through.
struct Done {
    outcome: SourceOutcome,
    record: FetchRecord,
    checked: CheckedOwned,
    asked: Asked,
}

/// A fetch that did not: the operator's text, and what the server asked;
/// or the store error that stops the whole pass.
struct Failure {
    text: String,
    gone: bool,
    asked: Asked,
    stop: Option<StoreError>,
}

impl Failure {
    fn plain(text: String) -> Self {
        Self {
            text,
            gone: false,
            asked: Asked::default(),
            stop: None,
        }
    }

    /// The store cannot write (a full disk): the pass stops.
    fn stop(error: StoreError) -> Self {
        Self {
            stop: Some(error),
            ..Self::plain(String::new())
        }
    }

    fn of_fetch(error: &FetchError, now: Timestamp) -> Self {
        match error {
            FetchError::Status { status: 410, .. } => Self {
                text: "HTTP 410 from the server: the feed is gone; polling has stopped \
                       (give the source a new URL to start again)"
                    .to_owned(),
                gone: true,
                asked: Asked::default(),
                stop: None,
            },
            FetchError::Status {
                status,
                retry_after,
            } => {
                let wait = retry_after
                    .as_deref()
                    .and_then(|text| fetcher::retry_after(text, now));
                let text = match wait {
                    Some(wait) => format!(
                        "HTTP {status} from the server; it asked us to wait {} s",
                        wait.as_secs()
                    ),
                    None => error.to_string(),
                };
                Self {
                    text,
                    gone: false,
                    asked: Asked {
                        retry_after: wait,
                        ..Asked::default()
                    },
                    stop: None,
                }
            }
            other => Self::plain(other.to_string()),
        }
    }
}

/// [`Checked`] with its item times owned.
enum CheckedOwned {
    Read(Vec<Timestamp>),
    Unchanged,
    Failed,
    Gone,
}

impl CheckedOwned {
    fn as_checked(&self) -> Checked<'_> {
        match self {
            Self::Read(times) => Checked::Read { item_times: times },
            Self::Unchanged => Checked::Unchanged,
            Self::Failed => Checked::Failed,
            Self::Gone => Checked::Gone,
        }
    }
}

impl From<Checked<'_>> for CheckedOwned {
    fn from(checked: Checked<'_>) -> Self {
        match checked {
            Checked::Read { item_times } => Self::Read(item_times.to_vec()),
            Checked::Unchanged => Self::Unchanged,
            Checked::Failed => Self::Failed,
            Checked::Gone => Self::Gone,
        }
    }
}

/// A number in [-1, 1] that differs between sources and between checks,
/// and is the same for the same source at the same second (repeatable
/// under a test clock).
fn jitter_draw(source: SourceId, at: Timestamp) -> f64 {
    // SplitMix64 over the two numbers: well spread, no state.
    let mut x = (source.0 as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(at.as_second() as u64);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
}

/// A name for this process in leases: host, process id and start time.
fn worker_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "worker".to_owned());
    format!(
        "{host}:{}:{}",
        std::process::id(),
        Timestamp::now().as_millisecond()
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_draws_stay_in_range_and_spread() {
        let at: Timestamp = "2026-03-12T12:00:00Z".parse().expect("time");
        let draws: Vec<f64> = (0..1000).map(|i| jitter_draw(SourceId(i), at)).collect();
        assert!(draws.iter().all(|d| (-1.0..=1.0).contains(d)));
        let below = draws.iter().filter(|d| **d < 0.0).count();
        assert!((400..600).contains(&below), "{below}");
        assert_eq!(jitter_draw(SourceId(7), at), jitter_draw(SourceId(7), at));
    }
}
