//! The confirmation email: the one message an address that has not
//! confirmed is ever sent.
//!
//! The site's form records a pending reader with a confirmation due
//! (`Store::request_subscription`) and wakes the sender; it never sends
//! itself, so the answer to the form takes the same time whether an email
//! goes out or not, and a slow or broken SMTP server never holds a
//! reader's request. [`Confirmations::send_due`] sends what is due:
//! 1. each due row is claimed with a short lease (two processes never
//!    send one twice; one that dies mid-send leaves it due again when the
//!    lease lapses);
//! 2. the message is built: a link signed with the time the confirmation
//!    was asked for ([`Purpose::Confirm`], valid [`Confirmations::valid_for`]),
//!    from the themable `confirm/` templates;
//! 3. a temporary failure tries again a minute later, doubling, up to
//!    [`MAX_ATTEMPTS`]; a permanent one, or a link already expired, gives
//!    it up (the reader can ask again from the form).
//!
//! [`Confirmations::run`] does so whenever it is woken and once a minute,
//! in every process that serves the site; it sends a news release's
//! emails too (`release_notices`).

use crate::MailError;
use crate::message::{Letter, link};
use crate::scheduler::Desk;
use crate::templates::EmailTemplates;
use crate::token::{Purpose, Signer};
use crate::transport::{SendError, Transport};
use jiff::{SignedDuration, Timestamp};
use minijinja::context;
use newsdesk_store::{DueConfirmation, Store};
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Notify;

/// Attempts before a confirmation email is given up.
pub const MAX_ATTEMPTS: u32 = 5;

/// How long a sender holds a confirmation it is sending.
const CLAIM: SignedDuration = SignedDuration::from_mins(5);

/// The wait after a first temporary failure; doubles with each.
const RETRY_BASE: SignedDuration = SignedDuration::from_mins(1);

/// The longest sleep between two looks.
const LOOK_EVERY: SignedDuration = SignedDuration::from_mins(1);

/// Rows read at a time.
const BATCH: u32 = 50;

/// How long a confirmation link works, by default.
pub const DEFAULT_VALID_FOR: SignedDuration = SignedDuration::from_hours(48);

/// What one look did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConfirmReport {
    /// Accepted by the server (or written to the folder).
    pub sent: u64,
    /// To try again later.
    pub deferred: u64,
    /// Given up: refused, expired, or a masthead no longer configured.
    pub dropped: u64,
}

/// Sends confirmation emails for every masthead.
#[derive(Debug)]
pub struct Confirmations {
    /// The database.
    pub store: Store,
    /// Where messages go.
    pub transport: Transport,
    /// The templates, with the mastheads' themes.
    pub templates: EmailTemplates,
    /// Signs the links.
    pub signer: Signer,
    /// The mastheads, with their addresses and senders.
    pub desks: Vec<Desk>,
    /// How long a confirmation link works.
    pub valid_for: SignedDuration,
}

impl Confirmations {
    /// The link that confirms `id`'s subscription asked for at `requested`.
    pub fn confirm_url(
        &self,
        site: &str,
        id: newsdesk_domain::SubscriberId,
        requested: Timestamp,
    ) -> String {
        format!(
            "{site}/email/confirm/{}",
            self.signer.sign_at(Purpose::Confirm, id, requested)
        )
    }

    /// The confirmation email for `due`, of `desk`'s masthead, dated `now`.
    pub fn letter(
        &self,
        desk: &Desk,
        due: &DueConfirmation,
        now: Timestamp,
    ) -> Result<Letter, MailError> {
        let site = &desk.site;
        let rendered = self.templates.render(
            desk.masthead.id.as_str(),
            "confirm",
            context! {
                masthead => masthead_context(desk)?,
                reader => context! { email => due.email.as_str() },
                confirm_url => link(self.confirm_url(site, due.id, due.requested_at))?,
                valid_for => spoken(self.valid_for),
            },
        )?;
        let message_id = format!(
            "<{}.{}.{}.confirm@{}>",
            due.requested_at.as_second(),
            due.id,
            desk.masthead.id,
            site_domain(desk)
        );
        letter_to(desk, &due.email, rendered, message_id, now)
    }

    /// `desk` with its masthead as it looks now: what an admin changed
    /// of its name, tagline, accent or logo (one read, per email sent).
    pub async fn dressed(&self, desk: &Desk) -> Result<Desk, MailError> {
        let mut desk = desk.clone();
        self.store
            .masthead_look(&desk.masthead.id)
            .await?
            .dress(&mut desk.masthead);
        Ok(desk)
    }

    /// Sends every confirmation due at `now` (see the module's doc).
    pub async fn send_due(&self, now: Timestamp) -> Result<ConfirmReport, MailError> {
        let mut report = ConfirmReport::default();
        loop {
            let batch = self.store.due_confirmations(now, BATCH).await?;
            if batch.is_empty() {
                return Ok(report);
            }
            let mut progress = false;
            for due in batch {
                let until = now.checked_add(CLAIM).unwrap_or(Timestamp::MAX);
                if !self.store.claim_confirmation(&due, until).await? {
                    continue;
                }
                progress = true;
                let next = self.attempt(&due, now).await?;
                match next {
                    Attempt::Sent => report.sent += 1,
                    Attempt::Later(_) => report.deferred += 1,
                    Attempt::Dropped => report.dropped += 1,
                }
                let next = match next {
                    Attempt::Later(at) => Some(at),
                    _ => None,
                };
                self.store
                    .settle_confirmation(due.id, due.requested_at, next)
                    .await?;
            }
            if !progress {
                // Everything seen was taken by another process.
                return Ok(report);
            }
        }
    }

    /// One claimed confirmation: built, sent, and what comes next.
    async fn attempt(&self, due: &DueConfirmation, now: Timestamp) -> Result<Attempt, MailError> {
        let Some(desk) = self.desks.iter().find(|d| d.masthead.id == due.masthead) else {
            return Ok(Attempt::Dropped);
        };
        if due
            .requested_at
            .checked_add(self.valid_for)
            .is_ok_and(|end| end <= now)
        {
            return Ok(Attempt::Dropped);
        }
        let desk = &self.dressed(desk).await?;
        let letter = match self.letter(desk, due, now) {
            Ok(letter) => letter,
            Err(MailError::Address(problem)) => {
                tracing::warn!(reader = %due.id, problem, "confirmation not sent");
                return Ok(Attempt::Dropped);
            }
            Err(other) => return Err(other),
        };
        let key = format!(
            "{}-confirm-{}-{}",
            due.masthead,
            due.id,
            due.requested_at.as_second()
        );
        Ok(match self.transport.send(&key, &letter).await {
            Ok(()) => Attempt::Sent,
            Err(SendError::Permanent(answer)) => {
                tracing::warn!(reader = %due.id, answer, "confirmation refused");
                Attempt::Dropped
            }
            Err(SendError::Temporary(answer)) => {
                let attempts = due.attempts + 1;
                if attempts >= MAX_ATTEMPTS {
                    tracing::warn!(reader = %due.id, answer, "confirmation given up");
                    Attempt::Dropped
                } else {
                    let wait = RETRY_BASE
                        .checked_mul(1 << attempts.saturating_sub(1).min(10))
                        .unwrap_or(RETRY_BASE);
                    Attempt::Later(now.checked_add(wait).unwrap_or(Timestamp::MAX))
                }
            }
        })
    }

    /// Sends what is due whenever `wake` is notified (the site queued a
    /// confirmation) and at least once a minute, until `shutdown`.
    pub async fn run(self, wake: Arc<Notify>, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            match self.send_due(Timestamp::now()).await {
                Ok(report) if report != ConfirmReport::default() => tracing::info!(
                    sent = report.sent,
                    deferred = report.deferred,
                    dropped = report.dropped,
                    "confirmation emails"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(
                    error = &e as &dyn std::error::Error,
                    "confirmation emails failed"
                ),
            }
            match self.send_release_notices(Timestamp::now()).await {
                Ok(report) if report != ConfirmReport::default() => tracing::info!(
                    sent = report.sent,
                    deferred = report.deferred,
                    dropped = report.dropped,
                    "news release emails"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(
                    error = &e as &dyn std::error::Error,
                    "news release emails failed"
                ),
            }
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(LOOK_EVERY.unsigned_abs()) => {}
                () = &mut shutdown => break,
            }
        }
    }
}

/// What every email's templates know of its masthead.
pub fn masthead_context(desk: &Desk) -> Result<minijinja::Value, MailError> {
    let masthead = &desk.masthead;
    let site = &desk.site;
    let logo = match &masthead.logo {
        Some(logo) if logo.starts_with('/') => Some(link(format!("{site}{logo}"))?),
        Some(logo) => Some(link(logo.clone())?),
        None => None,
    };
    Ok(context! {
        id => masthead.id.as_str(),
        name => masthead.name.as_str(),
        accent => masthead.accent.as_str(),
        language => masthead.language.as_str(),
        site => link(site.clone())?,
        logo,
    })
}

/// The host name of a desk's site, for message ids.
pub fn site_domain(desk: &Desk) -> String {
    url::Url::parse(&desk.site)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| desk.masthead.host.clone())
}

/// A one-off email (not a digest) from `desk` to `to`.
pub fn letter_to(
    desk: &Desk,
    to: &newsdesk_domain::Email,
    rendered: crate::templates::Rendered,
    message_id: String,
    now: Timestamp,
) -> Result<Letter, MailError> {
    crate::message::one_off(&desk.settings.from, to, rendered, message_id, now)
}

/// What became of one attempt.
enum Attempt {
    Sent,
    Later(Timestamp),
    Dropped,
}

/// A duration as a reader reads it: "48 hours", "2 days", "30 minutes".
pub fn spoken(duration: SignedDuration) -> String {
    let minutes = duration.as_secs() / 60;
    let (n, unit) = if minutes % (24 * 60) == 0 && minutes >= 72 * 60 {
        (minutes / (24 * 60), "day")
    } else if minutes % 60 == 0 && minutes >= 60 {
        (minutes / 60, "hour")
    } else {
        (minutes.max(1), "minute")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_spoken_plainly() {
        assert_eq!(spoken(SignedDuration::from_hours(48)), "48 hours");
        assert_eq!(spoken(SignedDuration::from_hours(1)), "1 hour");
        assert_eq!(spoken(SignedDuration::from_hours(96)), "4 days");
        assert_eq!(spoken(SignedDuration::from_mins(30)), "30 minutes");
    }
}
