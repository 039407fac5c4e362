//! The emails a news release's sender gets: the link that confirms their
//! address (before any editor sees the release), and an editor's reason
//! when the release is rejected.
//!
//! They are sent by the same desk as a reader's confirmation
//! ([`Confirmations`]), in the same way: the release's row is the queue
//! (`Store::submit_release` and `Store::reject_release` make an email
//! due), the site wakes the sender, each email is claimed with a short
//! lease, and a temporary failure is tried again later, doubling, up to
//! [`MAX_ATTEMPTS`]. The sender also publishes the releases whose approved
//! time has come, so pages learn of them within a minute.
//!
//! Links go to the first of the release's mastheads this process serves:
//! the confirmation link is signed with the submission's time and expires
//! like a reader's; the status link does not expire.

use crate::MailError;
use crate::confirm::{MAX_ATTEMPTS, letter_to, masthead_context, site_domain, spoken};
use crate::message::{Letter, link};
use crate::scheduler::Desk;
use crate::token::Purpose;
use crate::transport::SendError;
use crate::{ConfirmReport, Confirmations};
use jiff::{SignedDuration, Timestamp};
use minijinja::context;
use newsdesk_domain::ReleaseId;
use newsdesk_store::{DueNotice, NoticeKind};

/// How long a sender holds an email it is sending.
const CLAIM: SignedDuration = SignedDuration::from_mins(5);

/// The wait after a first temporary failure; doubles with each.
const RETRY_BASE: SignedDuration = SignedDuration::from_mins(1);

/// Rows read at a time.
const BATCH: u32 = 50;

impl Confirmations {
    /// The link that confirms release `id`, submitted at `submitted`.
    pub fn release_confirm_url(&self, site: &str, id: ReleaseId, submitted: Timestamp) -> String {
        format!(
            "{site}/releases/confirm/{}",
            self.signer.sign_at(Purpose::ReleaseConfirm, id, submitted)
        )
    }

    /// The link to release `id`'s status page.
    pub fn release_status_url(&self, site: &str, id: ReleaseId) -> String {
        format!(
            "{site}/releases/status/{}",
            self.signer.sign(Purpose::ReleaseStatus, id)
        )
    }

    /// The email `due` calls for, from `desk`'s masthead, dated `now`.
    pub fn release_letter(
        &self,
        desk: &Desk,
        due: &DueNotice,
        now: Timestamp,
    ) -> Result<Letter, MailError> {
        let release = &due.release;
        let site = &desk.site;
        let (kind, stamp) = match due.kind {
            NoticeKind::Confirm => ("release-confirm", release.submitted_at),
            NoticeKind::Rejected => (
                "release-rejected",
                release.decided_at.unwrap_or(release.submitted_at),
            ),
        };
        let rendered = self.templates.render(
            desk.masthead.id.as_str(),
            kind,
            context! {
                masthead => masthead_context(desk)?,
                submitter => context! { email => release.submitter.email.as_str() },
                release => context! {
                    headline => release.text.headline.as_str(),
                    organisation => release.text.organisation.as_str(),
                    reason => release.reason.as_deref().unwrap_or_default(),
                },
                confirm_url => link(self.release_confirm_url(site, release.id, release.submitted_at))?,
                status_url => link(self.release_status_url(site, release.id))?,
                valid_for => spoken(self.valid_for),
            },
        )?;
        let message_id = format!(
            "<{}.{}.{kind}@{}>",
            stamp.as_second(),
            release.id,
            site_domain(desk)
        );
        letter_to(desk, &release.submitter.email, rendered, message_id, now)
    }

    /// Publishes the releases due at `now`, then sends every email due to
    /// a release's sender (see the module's doc).
    pub async fn send_release_notices(&self, now: Timestamp) -> Result<ConfirmReport, MailError> {
        self.store.publish_due_releases(now).await?;
        let mut report = ConfirmReport::default();
        loop {
            let batch = self.store.due_release_notices(now, BATCH).await?;
            if batch.is_empty() {
                return Ok(report);
            }
            let mut progress = false;
            for due in batch {
                let until = now.checked_add(CLAIM).unwrap_or(Timestamp::MAX);
                if !self.store.claim_release_notice(&due, until).await? {
                    continue;
                }
                progress = true;
                let next = match self.release_attempt(&due, now).await? {
                    Some(Ok(())) => {
                        report.sent += 1;
                        None
                    }
                    Some(Err(at)) => {
                        report.deferred += 1;
                        Some(at)
                    }
                    None => {
                        report.dropped += 1;
                        None
                    }
                };
                self.store.settle_release_notice(&due, next).await?;
            }
            if !progress {
                return Ok(report);
            }
        }
    }

    /// One claimed email: `Some(Ok)` sent, `Some(Err(at))` to try again
    /// at `at`, `None` given up.
    async fn release_attempt(
        &self,
        due: &DueNotice,
        now: Timestamp,
    ) -> Result<Option<Result<(), Timestamp>>, MailError> {
        let release = &due.release;
        let Some(desk) = self
            .desks
            .iter()
            .find(|d| release.mastheads.contains(&d.masthead.id))
        else {
            return Ok(None);
        };
        if due.kind == NoticeKind::Confirm
            && release
                .submitted_at
                .checked_add(self.valid_for)
                .is_ok_and(|end| end <= now)
        {
            return Ok(None);
        }
        let desk = &self.dressed(desk).await?;
        let letter = match self.release_letter(desk, due, now) {
            Ok(letter) => letter,
            Err(MailError::Address(problem)) => {
                tracing::warn!(release = %release.id, problem, "release email not sent");
                return Ok(None);
            }
            Err(other) => return Err(other),
        };
        let key = format!("release-{}-{:?}", release.id, due.kind);
        Ok(match self.transport.send(&key, &letter).await {
            Ok(()) => Some(Ok(())),
            Err(SendError::Permanent(answer)) => {
                tracing::warn!(release = %release.id, answer, "release email refused");
                None
            }
            Err(SendError::Temporary(answer)) => {
                let attempts = due.attempts + 1;
                if attempts >= MAX_ATTEMPTS {
                    tracing::warn!(release = %release.id, answer, "release email given up");
                    None
                } else {
                    let wait = RETRY_BASE
                        .checked_mul(1 << attempts.saturating_sub(1).min(10))
                        .unwrap_or(RETRY_BASE);
                    Some(Err(now.checked_add(wait).unwrap_or(Timestamp::MAX)))
                }
            }
        })
    }
}
