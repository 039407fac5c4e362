//! `newsdesk digest send`: one masthead's digest for a day, sent now to
//! its confirmed readers through the outbox.

use crate::app::App;
use crate::cli::{Cli, DigestArgs};
use crate::mailer::Mailer;
use anyhow::{Context, bail};
use jiff::Timestamp;
use newsdesk_ingest::holders::release_dead_local_holders;
use newsdesk_ingest::pass::claims::worker_name;
use newsdesk_mail::Sender;

/// Sends, prints what was done, and fails when the mail server kept
/// failing (what is left stays in the outbox for the next run).
pub async fn run(cli: &Cli, args: &DigestArgs) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    let mailer = Mailer::for_args(cli, &app, args)?;
    let transport = app.config.mail.transport(&cli.data)?;
    let me = worker_name();
    // A run left by a process of this host that died is taken over now,
    // not when its lease runs out.
    release_dead_local_holders(&app.store, &me, Timestamp::now()).await?;
    let sender = Sender {
        store: &app.store,
        transport: &transport,
        templates: &mailer.templates,
        signer: &mailer.signer,
        settings: &mailer.settings,
    };
    let report = sender
        .run(mailer.edition(), &me, &Timestamp::now)
        .await
        .with_context(|| format!("sending {}'s digest for {}", mailer.masthead.id, mailer.day));
    app.store.close().await;
    let report = report?;
    if report.empty {
        println!(
            "{} {}: no story in the day's sections: nothing sent",
            mailer.masthead.id, mailer.day
        );
        return Ok(());
    }
    println!(
        "{} {}: {} readers recorded, {} sent, {} to try again, {} given up ({} refused by their server), {} with nothing in their sections",
        mailer.masthead.id,
        mailer.day,
        report.queued,
        report.sent,
        report.deferred,
        report.failed,
        report.bounced,
        report.skipped
    );
    println!(
        "the day so far: {} sent, {} waiting, {} given up, {} with nothing to send",
        report.outbox.sent,
        report.outbox.queued + report.outbox.sending,
        report.outbox.failed,
        report.outbox.skipped
    );
    if let Some(error) = report.stopped {
        bail!(
            "the mail server kept failing ({error}); the readers not yet sent to are kept: \
             run this command again to go on"
        );
    }
    if let Some(next) = report.next_try {
        let local = next.to_zoned_datetime(mailer.masthead.timezone.clone());
        println!(
            "some will be tried again from {}: run this command again then",
            local.strftime("%Y-%m-%d %H:%M %Z")
        );
    }
    Ok(())
}
