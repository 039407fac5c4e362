//! `newsdesk mail bounce FILE`: a bounce report from a mail server,
//! counted against the addresses it refused.
//!
//! The report is read whole before anything is written: a file that is
//! not a delivery status notification is an error that says why, and
//! counts nothing. Each permanent failure adds one to the address's
//! bounces in the masthead its `List-Id` names, or in every masthead the
//! address reads when the report carries no original headers; delays and
//! successes count for nothing.

use crate::app::App;
use crate::cli::{Cli, MailBounceArgs};
use anyhow::Context;
use newsdesk_mail::dsn;
use std::io::Read;

/// Reads the report, counts, and says what was counted.
pub async fn run(cli: &Cli, args: &MailBounceArgs) -> anyhow::Result<()> {
    let bytes = if args.file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read the report from standard input")?;
        bytes
    } else {
        std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?
    };
    let report = dsn::read(&bytes).with_context(|| format!("{}", args.file.display()))?;
    let app = App::open(cli).await?;
    let max = app.config.mail.max_bounces();
    let counted = count(&app, &report, max).await;
    app.store.close().await;
    counted
}

async fn count(app: &App, report: &dsn::DeliveryReport, max: u32) -> anyhow::Result<()> {
    for recipient in &report.recipients {
        let (address, status) = (&recipient.address, &recipient.status);
        if !recipient.is_permanent() {
            println!(
                "{address}: {} ({status}): nothing counted",
                recipient.action
            );
            continue;
        }
        let touched = app
            .store
            .count_bounce(address, report.masthead.as_ref())
            .await?;
        if touched.is_empty() {
            println!(
                "{address}: refused ({status}), but no reader has this address: nothing counted"
            );
        }
        for (masthead, bounces) in touched {
            let outcome = if bounces >= max {
                "no more digests are sent to it"
            } else {
                "still sent to"
            };
            println!(
                "{address}: refused ({status}): {masthead}, {bounces} of {max} bounces, {outcome}"
            );
        }
    }
    Ok(())
}
