//! A digest run: record every send in the outbox, attempt each, mark it.
//!
//! [`Sender::run`] sends one masthead's digest for one local day:
//! 1. claims the day's run with a lease (another process holding it is an
//!    error that says so; a lapsed lease is taken over);
//! 2. reads the day's stories once ([`compose`]);
//! 3. records an outbox row for every confirmed reader who has none for
//!    the day (one transaction: all or none);
//! 4. sends the rows still to send, in batches: each attempt is counted
//!    before it is made and its outcome written after; the lease is
//!    renewed as it goes;
//! 5. releases the run, finished when no row is left to try.
//!
//! A day with no story at all in any section sends nothing: its run is
//! finished at once, with nothing recorded (an email with no news is
//! noise, and readers who ignore mail teach providers to file it as spam).
//! A reader whose chosen sections had no story is marked `skipped`.
//!
//! A process killed anywhere leaves the run to lapse; the next run of
//! the day (by `digest send`, or by whoever takes the lease over) records
//! nobody twice and sends only rows not yet `sent`. The one window where a
//! reader can get a digest twice is between the server accepting a
//! message and the outbox recording it, a few milliseconds; the second
//! copy carries the same `Message-ID`, so mail clients show one. A
//! `file://` outbox rewrites the same file, so there it cannot happen.
//!
//! A temporary failure (4xx, no connection, a timeout) puts the row back
//! with a delay that doubles from `mail.retry_base_secs`, up to
//! `mail.max_attempts` attempts; a permanent one (5xx) gives the row up
//! and counts against the address, which gets no more digests after
//! `mail.max_bounces` in a row. Three temporary failures in a row stop the
//! pass (the server is down, not the readers): the rows not yet tried
//! stay queued, untouched, and the run says so.

use crate::compose::{Digest, compose};
use crate::message::{DigestMail, Reader};
use crate::schedule::DigestTime;
use crate::templates::EmailTemplates;
use crate::token::Signer;
use crate::transport::{Pace, SendError, Transport};
use crate::{MailError, MailSettings};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::Masthead;
use newsdesk_store::{Delivery, DigestRun, Lease, OutboxCounts, Store};

/// Rows read at a time.
const BATCH: u32 = 200;

/// The longest wait before a retry.
const RETRY_CAP: SignedDuration = SignedDuration::from_hours(6);

/// Temporary failures in a row that stop a pass.
const FAILING_SERVER: u32 = 3;

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Readers recorded in the outbox by this run.
    pub queued: u64,
    /// Digests accepted by this run.
    pub sent: u64,
    /// Temporary failures, to be tried again.
    pub deferred: u64,
    /// Given up by this run (permanent refusals included).
    pub failed: u64,
    /// Of those, permanent refusals (counted against the address).
    pub bounced: u64,
    /// Readers whose sections had no story that day: nothing sent.
    pub skipped: u64,
    /// When the next retry is due, if rows are left.
    pub next_try: Option<Timestamp>,
    /// Why the pass stopped early, if it did (the server kept failing).
    pub stopped: Option<String>,
    /// The day had no story at all: nothing was recorded or sent.
    pub empty: bool,
    /// The day's outbox after the run.
    pub outbox: OutboxCounts,
}

/// Sends digests: the store, a transport and what a message needs.
#[derive(Debug)]
pub struct Sender<'a> {
    /// The database.
    pub store: &'a Store,
    /// Where messages go.
    pub transport: &'a Transport,
    /// The templates.
    pub templates: &'a EmailTemplates,
    /// Signs readers' links.
    pub signer: &'a Signer,
    /// `[mail]`.
    pub settings: &'a MailSettings,
}

/// One masthead's digest to run.
#[derive(Debug, Clone, Copy)]
pub struct Edition<'a> {
    /// The masthead.
    pub masthead: &'a Masthead,
    /// Its public address (see [`crate::compose::site_address`]).
    pub site: &'a str,
    /// Its `digest_at`.
    pub at: DigestTime,
    /// The local day.
    pub day: Date,
}

impl Edition<'_> {
    /// Reads this edition's digest from the store.
    pub async fn compose(&self, store: &Store) -> Result<Digest, MailError> {
        let window = self.at.window(self.day, &self.masthead.timezone);
        compose(store, self.masthead, self.site, self.day, window).await
    }
}

impl Sender<'_> {
    /// Runs `edition` as `owner` (a name unique to this process), reading
    /// the time from `now` (see the module's doc). A finished run is run
    /// again: readers confirmed since are sent to, nobody else.
    pub async fn run(
        &self,
        edition: Edition<'_>,
        owner: &str,
        now: &(dyn Fn() -> Timestamp + Sync),
    ) -> Result<RunReport, MailError> {
        self.claim(edition, owner, now()).await?;
        self.run_claimed(edition, owner, now).await
    }

    /// [`Sender::run`], unless the run is finished when it is claimed
    /// (another process may finish it between a look and a claim): then
    /// `None`, and nothing is done.
    pub async fn run_unfinished(
        &self,
        edition: Edition<'_>,
        owner: &str,
        now: &(dyn Fn() -> Timestamp + Sync),
    ) -> Result<Option<RunReport>, MailError> {
        if self
            .claim(edition, owner, now())
            .await?
            .finished_at
            .is_some()
        {
            self.store
                .release_digest_run(&edition.masthead.id, edition.day, owner, None)
                .await?;
            return Ok(None);
        }
        self.run_claimed(edition, owner, now).await.map(Some)
    }

    /// Runs an edition whose run `owner` holds, and releases it.
    async fn run_claimed(
        &self,
        edition: Edition<'_>,
        owner: &str,
        now: &(dyn Fn() -> Timestamp + Sync),
    ) -> Result<RunReport, MailError> {
        let (masthead, day) = (edition.masthead, edition.day);
        let result = self.deliver(edition, owner, now).await;
        let finished = match &result {
            Ok(report) if report.outbox.queued + report.outbox.sending == 0 => Some(now()),
            _ => None,
        };
        let released = self
            .store
            .release_digest_run(&masthead.id, day, owner, finished)
            .await;
        let report = result?;
        released?;
        Ok(report)
    }

    async fn deliver(
        &self,
        edition: Edition<'_>,
        owner: &str,
        now: &(dyn Fn() -> Timestamp + Sync),
    ) -> Result<RunReport, MailError> {
        let (masthead, day) = (edition.masthead, edition.day);
        let digest = edition.compose(self.store).await?;
        if digest.sections.iter().all(|s| s.stories.is_empty()) {
            // An email with no news is noise: the day is done with nothing.
            return Ok(RunReport {
                empty: true,
                outbox: self.store.outbox_counts(&masthead.id, day).await?,
                ..RunReport::default()
            });
        }
        let mail = DigestMail {
            masthead,
            digest: &digest,
            templates: self.templates,
            signer: self.signer,
            from: &self.settings.from,
            dkim: self.settings.dkim.as_ref(),
        };
        let mut report = RunReport {
            queued: self
                .store
                .queue_digest(&masthead.id, day, now(), self.settings.max_bounces)
                .await?,
            ..RunReport::default()
        };
        let mut pace = Pace::new(self.settings.rate_per_second);
        let mut renewed = now();
        let mut failing = 0;
        'batches: loop {
            let batch = self
                .store
                .due_deliveries(&masthead.id, day, now(), BATCH)
                .await?;
            if batch.is_empty() {
                break;
            }
            for delivery in batch {
                let at = now();
                if at.duration_since(renewed) * 3 >= self.lease() {
                    self.claim(edition, owner, at).await?;
                    renewed = at;
                }
                pace.wait().await;
                match self.attempt(&mail, day, &delivery, now).await? {
                    Outcome::Sent => {
                        report.sent += 1;
                        failing = 0;
                    }
                    Outcome::Deferred(error) => {
                        report.deferred += 1;
                        failing += 1;
                        if failing >= FAILING_SERVER {
                            report.stopped = Some(error);
                            break 'batches;
                        }
                    }
                    Outcome::Failed { bounced } => {
                        report.failed += 1;
                        report.bounced += u64::from(bounced);
                        failing = 0;
                    }
                    Outcome::Quiet => report.skipped += 1,
                    Outcome::Skipped => {}
                }
            }
        }
        tracing::debug!(owner, masthead = %masthead.id, %day, ?report, "digest pass");
        report.next_try = self.store.next_delivery_due(&masthead.id, day).await?;
        report.outbox = self.store.outbox_counts(&masthead.id, day).await?;
        Ok(report)
    }

    /// How long a claim on a run lasts.
    fn lease(&self) -> SignedDuration {
        SignedDuration::try_from(self.settings.lease).unwrap_or(SignedDuration::MAX)
    }

    /// Claims (or renews) the edition's run for `owner` from `at`;
    /// [`MailError::Busy`] when another process holds it.
    async fn claim(
        &self,
        edition: Edition<'_>,
        owner: &str,
        at: Timestamp,
    ) -> Result<DigestRun, MailError> {
        let lease = Lease {
            owner: owner.to_owned(),
            until: at.checked_add(self.lease()).unwrap_or(Timestamp::MAX),
        };
        let masthead = &edition.masthead.id;
        match self
            .store
            .claim_digest_run(masthead, edition.day, &lease, at)
            .await?
        {
            Some(run) => Ok(run),
            None => Err(MailError::Busy {
                masthead: masthead.to_string(),
                day: edition.day,
            }),
        }
    }

    /// One reader's digest: counted, attempted, marked.
    async fn attempt(
        &self,
        mail: &DigestMail<'_>,
        day: Date,
        delivery: &Delivery,
        now: &(dyn Fn() -> Timestamp + Sync),
    ) -> Result<Outcome, MailError> {
        let masthead = &mail.masthead.id;
        let reader = delivery.subscriber;
        if mail
            .digest
            .for_reader(&delivery.sections)
            .iter()
            .all(|s| s.stories.is_empty())
        {
            self.store.delivery_skipped(masthead, day, reader).await?;
            return Ok(Outcome::Quiet);
        }
        // Built before the attempt is counted: a template that fails
        // stops the run without touching the reader's row.
        let letter = mail.letter(
            Reader {
                id: reader,
                email: &delivery.email,
                sections: &delivery.sections,
            },
            now(),
        );
        let letter = match letter {
            Ok(letter) => letter,
            Err(MailError::Address(problem)) => {
                self.store
                    .delivery_failed(masthead, day, reader, &problem, false)
                    .await?;
                return Ok(Outcome::Failed { bounced: false });
            }
            Err(other) => return Err(other),
        };
        if !self.store.begin_delivery(masthead, day, reader).await? {
            return Ok(Outcome::Skipped);
        }
        let key = format!("{masthead}-{day}-{reader}");
        match self.transport.send(&key, &letter).await {
            Ok(()) => {
                self.store
                    .delivery_sent(masthead, day, reader, now())
                    .await?;
                Ok(Outcome::Sent)
            }
            Err(SendError::Permanent(answer)) => {
                self.store
                    .delivery_failed(masthead, day, reader, &answer, true)
                    .await?;
                Ok(Outcome::Failed { bounced: true })
            }
            Err(SendError::Temporary(answer)) => {
                let attempts = delivery.attempts + 1;
                if attempts >= self.settings.max_attempts {
                    self.store
                        .delivery_failed(masthead, day, reader, &answer, false)
                        .await?;
                    return Ok(Outcome::Failed { bounced: false });
                }
                let next = now()
                    .checked_add(self.retry_delay(attempts))
                    .unwrap_or(Timestamp::MAX);
                self.store
                    .delivery_deferred(masthead, day, reader, next, &answer)
                    .await?;
                Ok(Outcome::Deferred(answer))
            }
        }
    }

    /// The wait after the `attempts`th temporary failure: the base,
    /// doubling, at most six hours.
    fn retry_delay(&self, attempts: u32) -> SignedDuration {
        let base = SignedDuration::try_from(self.settings.retry_base).unwrap_or(RETRY_CAP);
        let factor = 1_i32 << attempts.saturating_sub(1).min(16);
        base.checked_mul(factor).unwrap_or(RETRY_CAP).min(RETRY_CAP)
    }
}

/// What became of one attempt.
enum Outcome {
    Sent,
    Deferred(String),
    Failed {
        bounced: bool,
    },
    /// Nothing in the reader's sections: not sent.
    Quiet,
    /// Already sent or given up by someone else.
    Skipped,
}
