//! `newsdesk fetch`: one ingestion pass now.
//!
//! The sources are claimed first (a source a worker is fetching right now
//! is left to it and counted), fetched a few at a time, and each gets its
//! next check as a worker would set it. On a terminal a progress bar shows
//! the pass and only problems are printed above it; otherwise (a pipe, a
//! log file) each source gets a plain line as it finishes. Either way the
//! pass ends with a summary table.
//!
//! On SIGTERM or Ctrl-C the pass claims nothing more and finishes what it
//! holds within `fetch.shutdown_grace_secs`; what is still in hand then is
//! stopped and released, and the command exits with an error that says so.

use crate::app::App;
use crate::cli::Cli;
use crate::web_server::shutdown_signal;
use anyhow::bail;
use indicatif::{ProgressBar, ProgressStyle};
use newsdesk_domain::SourceId;
use newsdesk_ingest::{Ingest, PassReport, SourceOutcome, SourceReport};
use newsdesk_store::StoreError;
use std::io::IsTerminal;
use std::time::Duration;

/// Fetches every source (or one), showing progress and a summary.
pub async fn run(cli: &Cli, only: Option<i64>) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    let ids: Option<Vec<SourceId>> = match only {
        Some(id) => {
            if app.store.source(SourceId(id)).await?.is_none() {
                bail!("no source {id}: see `newsdesk source list`");
            }
            Some(vec![SourceId(id)])
        }
        None => None,
    };
    let ingest = app.ingest(app.politeness())?;
    let grace = app.config.fetch.shutdown_grace();
    let report = if std::io::stdout().is_terminal() {
        let total = match &ids {
            Some(ids) => ids.len(),
            None => app.store.sources().await?.len(),
        };
        let bar = ProgressBar::new(total as u64).with_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} sources  {msg}  {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let mut new_stories = 0;
        let pass = ingest.fetch_now(ids.as_deref(), |report| {
            if let SourceOutcome::Fetched { new, .. } = report.outcome {
                new_stories += new;
            }
            if matches!(
                report.outcome,
                SourceOutcome::Failed(_) | SourceOutcome::Gone(_)
            ) {
                bar.println(line(report));
            }
            bar.set_message(format!("{new_stories} new stories"));
            bar.inc(1);
        });
        let report = until_stopped(&ingest, grace, pass).await;
        bar.finish_and_clear();
        report
    } else {
        until_stopped(&ingest, grace, ingest.fetch_now(ids.as_deref(), print_line)).await
    };
    let stopped = match report? {
        Stopping::Finished(report) => {
            print!("{}", table(&report));
            println!("{}", summary(&report));
            false
        }
        Stopping::Stopped(report) => {
            print!("{}", table(&report));
            println!("{}", summary(&report));
            true
        }
        Stopping::Cut => true,
    };
    app.store.close().await;
    if stopped {
        bail!(
            "stopped by a signal before the pass ended; what it had not finished \
             was released for the next pass"
        );
    }
    Ok(())
}

/// How a pass ended.
enum Stopping {
    /// It ran to the end.
    Finished(PassReport),
    /// A signal came; the work in hand finished within the grace period.
    Stopped(PassReport),
    /// A signal came and the grace period ran out; the rest was released.
    Cut,
}

/// Runs `pass` to its end, or, on SIGTERM or Ctrl-C, stops it claiming
/// and gives the work in hand `grace` to finish.
async fn until_stopped(
    ingest: &Ingest,
    grace: Duration,
    pass: impl Future<Output = Result<PassReport, StoreError>>,
) -> anyhow::Result<Stopping> {
    tokio::pin!(pass);
    tokio::select! {
        done = &mut pass => Ok(Stopping::Finished(done?)),
        () = shutdown_signal() => {
            ingest.stop_claiming();
            eprintln!(
                "stopping: finishing the sources and pages in hand (at most {} s)",
                grace.as_secs()
            );
            match tokio::time::timeout(grace, &mut pass).await {
                Ok(done) => Ok(Stopping::Stopped(done?)),
                Err(_) => {
                    ingest.release_claims().await;
                    Ok(Stopping::Cut)
                }
            }
        }
    }
}

/// One line per source as it finishes.
pub fn print_line(report: &SourceReport) {
    println!("{}", line(report));
}

/// The line for one source.
pub fn line(report: &SourceReport) -> String {
    match &report.outcome {
        SourceOutcome::Fetched {
            new,
            articles,
            duplicate,
            skipped,
        } => {
            let skipped = if *skipped > 0 {
                format!(", {skipped} skipped")
            } else {
                String::new()
            };
            let pages = if *new > 0 {
                format!("; {articles} of {new} articles from their pages")
            } else {
                String::new()
            };
            format!(
                "ok      {}: {new} new, {duplicate} already stored{skipped}{pages}",
                report.name
            )
        }
        SourceOutcome::NotModified => format!("ok      {}: not modified", report.name),
        SourceOutcome::Failed(error) => format!("FAILED  {}: {error}", report.name),
        SourceOutcome::Gone(error) => format!("GONE    {}: {error}", report.name),
    }
}

/// `3 sources: 2 ok, 1 failed; 35 new stories in 0.4 s`.
pub fn summary(report: &PassReport) -> String {
    let total = report.sources.len();
    format!(
        "{total} sources: {} ok, {} failed; {} new stories in {:.1} s",
        total - report.failed(),
        report.failed(),
        report.new_stories(),
        report.elapsed.as_secs_f64()
    )
}

/// The pass in a small table: sources by outcome, stories, time.
pub fn table(report: &PassReport) -> String {
    let count = |label: &str| {
        report
            .sources
            .iter()
            .filter(|s| s.outcome.label() == label)
            .count()
    };
    let rows = [
        ("sources fetched", count("fetched").to_string()),
        ("sources not modified", count("not_modified").to_string()),
        ("sources failed", count("failed").to_string()),
        ("sources gone (410)", count("gone").to_string()),
        ("held by another worker", report.held_elsewhere.to_string()),
        ("new stories", report.new_stories().to_string()),
        ("earlier pages tried again", report.pages.tried.to_string()),
        ("articles from their pages", report.articles().to_string()),
        ("time", format!("{:.1} s", report.elapsed.as_secs_f64())),
    ];
    let mut text = String::new();
    for (name, value) in rows {
        text.push_str(&format!("  {name:<26} {value:>8}\n"));
    }
    text
}
