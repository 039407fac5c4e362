//! `newsdesk digest status`: the daily email at a glance, per masthead:
//! readers by status and section, the outbox of its 14 latest days with
//! digests, and the addresses that bounce.

use crate::app::App;
use crate::cli::{Cli, DigestStatusArgs};
use anyhow::bail;
use newsdesk_domain::{MastheadId, SubscriberStatus};
use newsdesk_store::{DayTally, ReaderTally};

/// Days of the outbox shown, the latest.
const DAYS: usize = 14;

/// Prints every masthead of the config (or the one named).
pub async fn run(cli: &Cli, args: &DigestStatusArgs) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    let mut mastheads: Vec<MastheadId> = app.mastheads.iter().map(|m| m.id.clone()).collect();
    if let Some(wanted) = &args.masthead {
        mastheads.retain(|m| m.as_str() == wanted);
        if mastheads.is_empty() {
            app.store.close().await;
            bail!("no masthead {wanted:?} in the config");
        }
    }
    let only = args.masthead.as_ref().and(mastheads.first());
    let max = app.config.mail.max_bounces();
    let readers = app.store.reader_tallies(only, max).await;
    let days = app.store.day_tallies(only, "").await;
    app.store.close().await;
    let (readers, days) = (readers?, days?);
    for masthead in &mastheads {
        print!("{}", report(masthead, &readers, &days, max));
    }
    Ok(())
}

/// One masthead's part of the report.
fn report(masthead: &MastheadId, readers: &[ReaderTally], days: &[DayTally], max: u32) -> String {
    let mut out = format!("{masthead}\n");
    let of = |status: SubscriberStatus| {
        readers
            .iter()
            .find(|t| &t.masthead == masthead && t.status == status)
    };
    let count = |status| of(status).map_or(0, |t| t.readers);
    out += &format!(
        "  readers: {} confirmed, {} pending, {} unsubscribed\n",
        count(SubscriberStatus::Confirmed),
        count(SubscriberStatus::Pending),
        count(SubscriberStatus::Unsubscribed)
    );
    if let Some(confirmed) = of(SubscriberStatus::Confirmed) {
        let mut sections = vec![format!("every section {}", confirmed.every_section)];
        sections.extend(
            confirmed
                .by_section
                .iter()
                .map(|(section, n)| format!("{section} {n}")),
        );
        out += &format!("  confirmed by section: {}\n", sections.join(", "));
    }
    let (bouncing, stopped) = readers
        .iter()
        .filter(|t| &t.masthead == masthead)
        .fold((0, 0), |(b, s), t| (b + t.bouncing, s + t.stopped));
    out += &format!(
        "  bounces: {bouncing} addresses refused lately, {stopped} no longer sent to \
         (mail.max_bounces = {max})\n"
    );
    let mine: Vec<&DayTally> = days.iter().filter(|d| &d.masthead == masthead).collect();
    if mine.is_empty() {
        out += "  no digest sent yet\n";
        return out;
    }
    let mine = &mine[mine.len().saturating_sub(DAYS)..];
    out += "  day          sent  failed  waiting  skipped\n";
    for day in mine.iter() {
        let o = &day.outbox;
        out += &format!(
            "  {}  {:>5}  {:>6}  {:>7}  {:>7}\n",
            day.day,
            o.sent,
            o.failed,
            o.queued + o.sending,
            o.skipped
        );
    }
    out
}
