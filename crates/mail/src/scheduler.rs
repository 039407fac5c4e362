//! Digests sent on time by `serve` and `worker`, without being asked.
//!
//! Every minute at most (sooner when a masthead's `digest_at` comes
//! first), [`DigestScheduler::tick`] looks at each masthead: when the
//! newest local day whose digest is due ([`DigestTime::due_day`]) has no
//! finished run, it runs it ([`Sender::run`]). The run's lease is what
//! keeps two processes from sending the same day: the second finds the
//! run held and passes ([`MailError::Busy`]). A run left unfinished
//! (readers waiting for a retry, a server that kept failing, a process
//! that died) is simply run again at a later tick, which sends only what
//! is still to send. The time is an argument of `tick`, so a test moves
//! it by hand.

use crate::outbox::{Edition, RunReport, Sender};
use crate::schedule::DigestTime;
use crate::templates::EmailTemplates;
use crate::token::Signer;
use crate::transport::Transport;
use crate::{MailError, MailSettings};
use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::Masthead;
use newsdesk_store::Store;
use std::future::Future;

/// The longest sleep between two looks.
const LOOK_EVERY: SignedDuration = SignedDuration::from_secs(60);

/// One masthead's daily email, as the scheduler sends it.
#[derive(Debug, Clone)]
pub struct Desk {
    /// The masthead.
    pub masthead: Masthead,
    /// Its public address.
    pub site: String,
    /// Its `digest_at`.
    pub at: DigestTime,
    /// `[mail]` for it.
    pub settings: MailSettings,
}

/// Sends every masthead's digest when it falls due.
#[derive(Debug)]
pub struct DigestScheduler {
    /// The database.
    pub store: Store,
    /// Where messages go.
    pub transport: Transport,
    /// The templates, with the mastheads' themes.
    pub templates: EmailTemplates,
    /// Signs readers' links.
    pub signer: Signer,
    /// The mastheads.
    pub desks: Vec<Desk>,
    /// This process's name in leases (`HOST:PID:STARTED_MS`).
    pub owner: String,
}

impl DigestScheduler {
    /// Runs every run due at `now` that is not finished; one entry per run
    /// tried. A run another process holds is left to it.
    pub async fn tick(&self, now: Timestamp) -> Vec<(Edition<'_>, Result<RunReport, MailError>)> {
        let mut done = Vec::new();
        for desk in &self.desks {
            let day = desk.at.due_day(now, &desk.masthead.timezone);
            let edition = Edition {
                masthead: &desk.masthead,
                site: &desk.site,
                at: desk.at,
                day,
            };
            match self.store.digest_run_finished(&desk.masthead.id, day).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => {
                    done.push((edition, Err(e.into())));
                    continue;
                }
            }
            let sender = Sender {
                store: &self.store,
                transport: &self.transport,
                templates: &self.templates,
                signer: &self.signer,
                settings: &desk.settings,
            };
            match sender
                .run_unfinished(edition, &self.owner, &Timestamp::now)
                .await
            {
                Ok(Some(report)) => done.push((edition, Ok(report))),
                Ok(None) => {}
                Err(e) => done.push((edition, Err(e))),
            }
        }
        done
    }

    /// When the next masthead's digest falls due after `now`.
    fn next_due(&self, now: Timestamp) -> Option<Timestamp> {
        self.desks
            .iter()
            .map(|desk| {
                let zone = &desk.masthead.timezone;
                let today = desk.at.due_day(now, zone);
                let next = today.tomorrow().unwrap_or(today);
                desk.at.instant(next, zone)
            })
            .min()
    }

    /// Looks and sends until `shutdown` resolves, then lets go of any run
    /// it holds.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            for (edition, result) in self.tick(Timestamp::now()).await {
                let (masthead, day) = (&edition.masthead.id, edition.day);
                match result {
                    Ok(report) => tracing::info!(
                        %masthead, %day, sent = report.sent, deferred = report.deferred,
                        failed = report.failed, stopped = report.stopped, empty = report.empty,
                        "digest run"
                    ),
                    Err(MailError::Busy { .. }) => {}
                    Err(e) => tracing::warn!(
                        %masthead, %day, error = &e as &dyn std::error::Error, "digest run failed"
                    ),
                }
            }
            let now = Timestamp::now();
            let wake = self.next_due(now).map_or(LOOK_EVERY, |at| {
                at.duration_since(now)
                    .clamp(SignedDuration::ZERO, LOOK_EVERY)
            });
            let sleep = tokio::time::sleep(wake.unsigned_abs());
            tokio::select! {
                () = sleep => {}
                () = &mut shutdown => break,
            }
        }
        if let Err(e) = self.store.release_digest_runs(&self.owner).await {
            tracing::warn!(
                error = &e as &dyn std::error::Error,
                "cannot release digest runs"
            );
        }
    }
}
