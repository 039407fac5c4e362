//! A digest run: record every send in the outbox, attempt each, mark it.
//!
//! [`Sender::run`] sends one masthead's digest for one local day:
//! 1. claims the day's run with a lease (another process holding it is an
//!    error that says so; a lapsed lease is taken over);
//! 2. reads the day's stories once ([`compose`]);
//! 3. records an outbox row for every confirmed reader who has none for
//!    the day (one transaction: all or none);
//! 4. sends the rows still to send in rounds, one reader per SMTP
//!    connection (`mail.connections`): every attempt of the round is
//!    counted before anything is sent (one transaction), each message is
//!    staged on its connection (envelope and body, all but the line with
//!    the final dot, every reply owed read), the staged ones are marked
//!    `sent` (one transaction), and the instant that commit returns the
//!    final dots are handed to the kernel, one system call per
//!    connection, before anything else; then the answers are read; the
//!    lease is renewed as it goes;
//! 5. releases the run, finished when no row is left to try.
//!
//! A day with no story at all in any section sends nothing: its run is
//! finished at once, with nothing recorded (an email with no news is
//! noise, and readers who ignore mail teach providers to file it as spam).
//! A reader whose chosen sections had no story is marked `skipped`.
//!
//! Why a kill never sends a digest twice: a server delivers a message
//! once it reads the final dot, and a connection that closes before the
//! dot delivers nothing (RFC 5321). A process killed before a round's
//! `sent` commit has handed no dot to the kernel, so the kernel closes
//! its connections mid-message and the servers drop them: the rows are
//! still `queued` or `sending`, and the next run sends them, once. A
//! process killed after the commit has marked the round sent, so no later
//! run sends it again. Batching the mark is safe for the same reason: it
//! is one commit before all of the round's dots, never after any of them.
//!
//! The price is the other side: a kill after the commit and before a dot
//! is in the kernel leaves that reader marked `sent` with nothing
//! delivered. That window is kept to the least there is
//! ([`newsdesk_store::Store::deliveries_sent_then`] calls back as the
//! commit returns, [`Connection::seal`] is one system call that sends
//! nothing yet); docs/ARCHITECTURE.md ("The daily email") says what is
//! left of it and why it cannot be closed. A server that refuses a
//! message at its end has its mark taken back, unless the process dies in
//! that instant. A `file://` outbox writes each file (by rename) before
//! the mark: a second write replaces the first.
//!
//! A failed answer after the dot (a dropped connection, silence) counts
//! as not delivered, as RFC 5321 says a sender must take it: the row goes
//! back to the queue, and a server that did keep the message gets it again.
//!
//! A temporary failure (4xx, no connection, a timeout) puts the row back
//! with a delay that doubles from `mail.retry_base_secs`, up to
//! `mail.max_attempts` attempts; a permanent one (5xx) gives the row up
//! and counts against the address, which gets no more digests after
//! `mail.max_bounces` in a row. Three temporary failures in a row stop the
//! pass (the server is down, not the readers): the rows not yet tried
//! stay queued, untouched, and the run says so.

use crate::compose::{Digest, compose};
use crate::message::{DigestMail, Letter, Reader};
use crate::schedule::DigestTime;
use crate::smtp::{Connection, Server};
use crate::templates::EmailTemplates;
use crate::token::Signer;
use crate::transport::{Pace, SendError, Transport};
use crate::{DEFAULT_CONNECTIONS, MailError, MailSettings};
use futures_util::future::join_all;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::{Masthead, MastheadId, SubscriberId};
use newsdesk_store::{Delivery, DigestRun, Lease, OutboxCounts, Store, StoreError};

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

    /// Marks `readers` sent after their round's own mark failed with the
    /// messages already handed over (`StoreError::MarkAfterHandover`):
    /// three more tries, a little apart, before the run stops with the
    /// error. Rows left unmarked then are sent again by the next run, the
    /// one case where a reader may get a second copy (ARCHITECTURE.md,
    /// "The daily email").
    async fn mark_handed_over(
        &self,
        masthead: &MastheadId,
        day: Date,
        readers: &[SubscriberId],
        at: Timestamp,
        cause: StoreError,
    ) -> Result<(), MailError> {
        tracing::warn!(
            error = &cause as &dyn std::error::Error,
            readers = readers.len(),
            "a round was handed over but its sent mark failed; marking it again"
        );
        let mut last = cause;
        for wait_ms in [100, 400, 1_600] {
            tokio::time::sleep(std::time::Duration::from_millis(wait_ms)).await;
            match self.store.deliveries_sent(masthead, day, readers, at).await {
                Ok(()) => return Ok(()),
                Err(e) => last = e,
            }
        }
        tracing::error!(
            error = &last as &dyn std::error::Error,
            readers = readers.len(),
            "a round handed over could not be marked sent; the next run may send it again"
        );
        Err(last.into())
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
        // The masthead as it looks now (an admin may have changed its
        // name, tagline, accent or logo since the process started).
        let mut dressed = masthead.clone();
        self.store
            .masthead_look(&masthead.id)
            .await?
            .dress(&mut dressed);
        let mail = DigestMail {
            masthead: &dressed,
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
        let mut line = Line::new(self.transport, self.settings.connections);
        let mut renewed = now();
        let mut failing = 0;
        let mut after = None;
        let result = async {
            'batches: loop {
                let batch = self
                    .store
                    .due_deliveries(&masthead.id, day, now(), (after, BATCH))
                    .await?;
                let Some(last) = batch.last() else {
                    break;
                };
                after = Some(last.subscriber);
                for round in batch.chunks(line.width()) {
                    let at = now();
                    if at.duration_since(renewed) * 3 >= self.lease() {
                        self.claim(edition, owner, at).await?;
                        renewed = at;
                    }
                    for outcome in self
                        .round(&mail, day, round, &mut line, &mut pace, now)
                        .await?
                    {
                        match outcome {
                            Outcome::Sent => {
                                report.sent += 1;
                                failing = 0;
                            }
                            Outcome::Deferred(error) => {
                                report.deferred += 1;
                                failing += 1;
                                if failing >= FAILING_SERVER {
                                    report.stopped = Some(error);
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
                    if report.stopped.is_some() {
                        break 'batches;
                    }
                }
            }
            Ok::<_, MailError>(())
        }
        .await;
        line.close().await;
        result?;
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

    /// A round of readers, one message per connection: each built, the
    /// round's attempts counted (one transaction), each message staged on
    /// its connection, the staged ones marked `sent` (one transaction)
    /// and handed over as that commit returns, then their answers read. A
    /// refusal at the end takes its reader's mark back. See the module's
    /// doc for why this order never sends a digest twice.
    async fn round(
        &self,
        mail: &DigestMail<'_>,
        day: Date,
        deliveries: &[Delivery],
        line: &mut Line<'_>,
        pace: &mut Pace,
        now: &(dyn Fn() -> Timestamp + Sync),
    ) -> Result<Vec<Outcome>, MailError> {
        let masthead = &mail.masthead.id;
        let mut outcomes = Vec::with_capacity(deliveries.len());
        let mut quiet = Vec::new();
        let mut letters = Vec::with_capacity(deliveries.len());
        for delivery in deliveries {
            let reader = delivery.subscriber;
            if mail
                .digest
                .for_reader(&delivery.sections)
                .iter()
                .all(|s| s.stories.is_empty())
            {
                quiet.push(reader);
                outcomes.push(Outcome::Quiet);
                continue;
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
            match letter {
                Ok(letter) => letters.push((delivery, letter)),
                Err(MailError::Address(problem)) => {
                    self.store
                        .delivery_failed(masthead, day, reader, &problem, false)
                        .await?;
                    outcomes.push(Outcome::Failed { bounced: false });
                }
                Err(other) => return Err(other),
            }
        }
        self.store.deliveries_skipped(masthead, day, &quiet).await?;
        let ids: Vec<SubscriberId> = letters.iter().map(|(d, _)| d.subscriber).collect();
        let taken = self.store.begin_deliveries(masthead, day, &ids).await?;
        outcomes.extend((taken.len()..ids.len()).map(|_| Outcome::Skipped));
        letters.retain(|(d, _)| taken.contains(&d.subscriber));
        for _ in &letters {
            pace.wait().await;
        }
        let results = match line {
            Line::Folder(transport) => {
                let mut results = Vec::with_capacity(letters.len());
                for (delivery, letter) in &letters {
                    let key = format!("{masthead}-{day}-{}", delivery.subscriber);
                    results.push(transport.send(&key, letter).await);
                }
                self.store
                    .deliveries_sent(masthead, day, &succeeded(&letters, &results), now())
                    .await?;
                results
            }
            Line::Smtp {
                server,
                connections,
            } => {
                let server: &Server = server;
                let staged = join_all(connections.iter_mut().zip(&letters).map(
                    |(slot, (_, letter))| async move {
                        let connection = match slot {
                            Some(connection) => connection,
                            None => slot.insert(Connection::open(server).await?),
                        };
                        connection.stage(&letter.envelope, &letter.bytes).await
                    },
                ))
                .await;
                let ready = succeeded(&letters, &staged);
                // Each staged connection holds its final dot ready to
                // write; they are handed to the kernel the instant the
                // mark's commit returns, one system call each, nothing
                // awaited between, and only then sent.
                let line = &mut *connections;
                let marked = self
                    .store
                    .deliveries_sent_then(masthead, day, &ready, now(), move || {
                        line.iter_mut().flatten().for_each(Connection::seal);
                        line.iter_mut().flatten().for_each(Connection::release);
                    })
                    .await;
                if let Err(StoreError::MarkAfterHandover(cause)) = marked {
                    self.mark_handed_over(masthead, day, &ready, now(), *cause)
                        .await?;
                } else {
                    marked?;
                }
                let answered = join_all(connections.iter_mut().zip(staged).map(
                    |(slot, staged)| async move {
                        match (staged, slot.as_mut()) {
                            (Ok(()), Some(connection)) => connection.answer().await,
                            (Ok(()), None) => Err(SendError::Temporary("no connection".into())),
                            (Err(error), _) => Err(error),
                        }
                    },
                ))
                .await;
                for (slot, result) in connections.iter_mut().zip(&answered) {
                    if result.is_err() {
                        // Whatever went wrong, the next message gets a
                        // fresh connection.
                        if let Some(connection) = slot.take() {
                            connection.quit().await;
                        }
                    }
                }
                answered
            }
        };
        for ((delivery, _), result) in letters.iter().zip(results) {
            outcomes.push(self.settle(masthead, day, delivery, result, now).await?);
        }
        Ok(outcomes)
    }

    /// What a delivery's result means for its row, written when it failed
    /// (a success is already marked).
    async fn settle(
        &self,
        masthead: &MastheadId,
        day: Date,
        delivery: &Delivery,
        result: Result<(), SendError>,
        now: &(dyn Fn() -> Timestamp + Sync),
    ) -> Result<Outcome, MailError> {
        let reader = delivery.subscriber;
        match result {
            Ok(()) => Ok(Outcome::Sent),
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

/// The readers whose step succeeded, of a round's letters and results.
fn succeeded(
    letters: &[(&Delivery, Letter)],
    results: &[Result<(), SendError>],
) -> Vec<SubscriberId> {
    letters
        .iter()
        .zip(results)
        .filter(|(_, result)| result.is_ok())
        .map(|((delivery, _), _)| delivery.subscriber)
        .collect()
}

/// Where a run's messages go: a folder, or a set of SMTP connections,
/// opened as needed and kept for the run.
enum Line<'a> {
    Folder(&'a Transport),
    Smtp {
        server: &'a Server,
        connections: Vec<Option<Connection>>,
    },
}

impl<'a> Line<'a> {
    fn new(transport: &'a Transport, connections: usize) -> Self {
        match transport {
            Transport::Smtp(_, server) => Self::Smtp {
                server,
                connections: (0..connections.max(1)).map(|_| None).collect(),
            },
            Transport::Folder(_) => Self::Folder(transport),
        }
    }

    /// Readers per round.
    fn width(&self) -> usize {
        match self {
            Self::Folder(_) => DEFAULT_CONNECTIONS,
            Self::Smtp { connections, .. } => connections.len(),
        }
    }

    /// Says goodbye on every open connection.
    async fn close(self) {
        if let Self::Smtp { connections, .. } = self {
            join_all(connections.into_iter().flatten().map(Connection::quit)).await;
        }
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
