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
//! `fetch`. Both claim their sources first, so a source is never fetched
//! by two processes at once.
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
use jiff::Timestamp;
use newsdesk_domain::{ArticlePage, NewStory, Section, Source, SourceId, StoryId};
use newsdesk_store::{FetchRecord, Lease, Schedule, Store, StoreError, StoryInsert};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many sources are fetched at once, by default. Most of a source's
/// time goes in waiting (the network, the per-site pace between its
/// pages), not in work: extraction has its own per-core limit, so more
/// sources at once costs little memory and keeps a polite pass moving.
pub const SOURCES_AT_ONCE: usize = 32;

/// How many pages of one source's new stories are fetched at once (the
/// per-host limit applies on top).
pub const PAGES_PER_SOURCE: usize = 4;

/// How many earlier stories' pages (retries after a passing failure) one
/// check of a source tries at most.
pub const PAGE_RETRIES_PER_CHECK: u32 = 20;

/// How many due sources a worker claims at a time, per source it fetches at once.
const CLAIMS_PER_SLOT: usize = 2;

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
    NotModified {
        /// Earlier stories whose page gave the article on this check (pages
        /// tried again after a passing failure).
        articles: usize,
    },
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
            Self::NotModified { .. } => "not_modified",
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

/// What a pass did.
#[derive(Debug, Clone, Default)]
pub struct PassReport {
    /// One line per source, in the order they finished.
    pub sources: Vec<SourceReport>,
    /// Sources asked for but held by another worker at the time.
    pub held_elsewhere: usize,
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

    fn absorb(&mut self, other: PassReport) {
        self.sources.extend(other.sources);
        self.held_elsewhere += other.held_elsewhere;
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
}

impl Ingest {
    /// Fetching with the default cadence, the system clock, a 10-minute
    /// lease and a worker name unique to this process.
    pub fn new(store: Store, fetcher: Fetcher) -> Self {
        Self {
            store,
            fetcher,
            limits: Politeness::default(),
            cadence: Cadence::default(),
            clock: Arc::new(SystemClock),
            worker: worker_name(),
            lease: Duration::from_secs(600),
            sources_at_once: SOURCES_AT_ONCE,
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

    /// How long a claim on a source lasts; a worker that dies mid-fetch
    /// gives the source up to others after this.
    pub fn with_lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
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

    /// Fetches every source that is due now, claiming them in batches,
    /// until none is left; calls `on_source` as each finishes.
    pub async fn fetch_due(
        &self,
        mut on_source: impl FnMut(&SourceReport),
    ) -> Result<PassReport, StoreError> {
        let started = Instant::now();
        let mut report = PassReport::default();
        let batch = self.sources_at_once.saturating_mul(CLAIMS_PER_SLOT);
        self.take_back_dead_claims().await;
        loop {
            let now = self.clock.now();
            let claimed = self
                .store
                .claim_due_sources(&self.lease_from(now), now, batch)
                .await
                .map_err(|e| self.store.locate(e))?;
            if claimed.is_empty() {
                break;
            }
            let full = claimed.len() == batch;
            let (done, stop) = self.run_until_stopped(claimed, &mut on_source).await;
            report.absorb(done);
            if let Some(stop) = stop {
                return Err(stop);
            }
            if !full {
                break;
            }
        }
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// Fetches the given sources now, due or not (all of them that are not
    /// gone when `only` is `None`). Sources another worker holds are left
    /// to it and counted in [`PassReport::held_elsewhere`].
    pub async fn fetch_now(
        &self,
        only: Option<&[SourceId]>,
        mut on_source: impl FnMut(&SourceReport),
    ) -> Result<PassReport, StoreError> {
        let started = Instant::now();
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
        self.take_back_dead_claims().await;
        let now = self.clock.now();
        let claimed = self
            .store
            .claim_sources(&self.lease_from(now), now, &ids)
            .await
            .map_err(|e| self.store.locate(e))?;
        let held_elsewhere = ids.len() - claimed.len();
        let (mut report, stop) = self.run_until_stopped(claimed, &mut on_source).await;
        if let Some(stop) = stop {
            return Err(stop);
        }
        report.held_elsewhere = held_elsewhere;
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// Fetches `sources` (claimed or not), a few at a time. A full disk
    /// stops it early (logged); the report has the sources done by then.
    pub async fn run(
        &self,
        sources: Vec<Source>,
        on_source: impl FnMut(&SourceReport),
    ) -> PassReport {
        let (report, stop) = self.run_until_stopped(sources, on_source).await;
        if let Some(stop) = stop {
            tracing::error!(error = %stop, "the pass stopped");
        }
        report
    }

    /// [`Ingest::run`], returning the error that stopped it, if any: a
    /// full disk. Sources not finished by then are not recorded (they stay
    /// due) and this worker's claims are given back.
    async fn run_until_stopped(
        &self,
        sources: Vec<Source>,
        mut on_source: impl FnMut(&SourceReport),
    ) -> (PassReport, Option<StoreError>) {
        let started = Instant::now();
        let mut reports = Vec::with_capacity(sources.len());
        let mut stop = None;
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
                    stop = Some(self.store.locate(e));
                    break;
                }
            }
        }
        // Dropping the stream stops the sources in hand; their writes are
        // rolled back whole.
        drop(running);
        if stop.is_some() {
            self.give_back_claims().await;
        }
        let report = PassReport {
            sources: reports,
            held_elsewhere: 0,
            elapsed: started.elapsed(),
        };
        (report, stop)
    }

    /// Releases this worker's claims after a stopped pass, so that the
    /// sources are due for the next pass at once. On a disk still full the
    /// release fails too; the claims then run out with their lease, or are
    /// taken back sooner by the next process on this host (see
    /// [`crate::holders`]).
    async fn give_back_claims(&self) {
        if let Err(e) = self.store.release_leases(&self.worker).await {
            tracing::warn!(
                error = %self.store.locate(e),
                "cannot give back the claims of a stopped pass"
            );
        }
    }

    #[tracing::instrument(skip_all, fields(source = source.id.0, url = %source.url))]
    async fn ingest_source(&self, source: Source) -> Result<SourceReport, StoreError> {
        let checked_at = self.clock.now();
        let started = Instant::now();
        // A long fetch (a big first pass, a slow site) renews its claim
        // every third of the lease, so no other worker takes the source
        // over while it is still being fetched.
        let done = tokio::select! {
            done = self.fetch_and_store(&source) => done,
            never = self.keep_claim(source.id) => match never {},
        };
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

    /// Tries again the pages of this source's earlier stories that are due
    /// (a passing failure, or a crash before their page was stored),
    /// leaving out `tried` (this check's new stories); returns how many
    /// gave the article. A failure here is logged and left for next time:
    /// it never fails the source.
    async fn retry_pages(&self, source: &Source, tried: &[StoryId]) -> usize {
        let now = self.clock.now();
        let due = match self
            .store
            .stories_awaiting_pages(source.id, now, PAGE_RETRIES_PER_CHECK)
            .await
        {
            Ok(due) => due,
            Err(e) => {
                tracing::warn!(
                    error = &e as &dyn std::error::Error,
                    "cannot list pages to retry"
                );
                return 0;
            }
        };
        let due: Vec<(StoryId, String)> = due
            .into_iter()
            .filter(|(id, _)| !tried.contains(id))
            .collect();
        if due.is_empty() {
            return 0;
        }
        let pages = self.fetch_pages(due).await;
        let articles = pages.iter().filter(|(_, page)| page.body.is_some()).count();
        match self.store.record_articles(&pages, now).await {
            Ok(()) => articles,
            Err(e) => {
                tracing::warn!(
                    error = &e as &dyn std::error::Error,
                    "cannot store retried pages"
                );
                0
            }
        }
    }

    /// Fetches stories' pages and extracts them, a few at a time; the
    /// per-site limits hold across sources.
    async fn fetch_pages(&self, stories: Vec<(StoryId, String)>) -> Vec<(StoryId, ArticlePage)> {
        let fetcher = &self.fetcher;
        let limits = &self.limits;
        futures_util::stream::iter(stories)
            .map(|(id, link)| async move { (id, fetch_article(fetcher, limits, &link).await) })
            .buffer_unordered(PAGES_PER_SOURCE)
            .collect()
            .await
    }

    /// Renews this worker's lease on `id` every third of the lease, for
    /// as long as it is polled; never completes.
    async fn keep_claim(&self, id: SourceId) -> std::convert::Infallible {
        let every = (self.lease / 3).max(Duration::from_secs(1));
        loop {
            tokio::time::sleep(every).await;
            let lease = self.lease_from(self.clock.now());
            match self.store.renew_lease(id, &lease).await {
                Ok(true) => {}
                Ok(false) => tracing::warn!(
                    source = id.0,
                    "the claim on this source was lost; finishing the fetch anyway"
                ),
                Err(e) => {
                    tracing::warn!(error = &e as &dyn std::error::Error, "cannot renew a claim")
                }
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
                let articles = self.retry_pages(source, &[]).await;
                return Ok(Done {
                    outcome: SourceOutcome::NotModified { articles },
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
        let inserted = match store.insert_stories(&stories).await {
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
        let pages = self.fetch_pages(fresh).await;
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
        let tried: Vec<StoryId> = pages.iter().map(|(id, _)| *id).collect();
        let articles = articles + self.retry_pages(source, &tried).await;
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
