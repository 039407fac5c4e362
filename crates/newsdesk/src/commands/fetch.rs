//! `newsdesk fetch`: one ingestion pass now.

use crate::app::App;
use crate::cli::Cli;
use anyhow::bail;
use newsdesk_domain::SourceId;
use newsdesk_ingest::{PassReport, SourceOutcome, SourceReport, run_pass};

/// Fetches every source (or one), printing a line per source and a summary.
pub async fn run(cli: &Cli, only: Option<i64>) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    let mut sources = app.store.sources().await?;
    if let Some(id) = only {
        sources.retain(|s| s.id == SourceId(id));
        if sources.is_empty() {
            bail!("no source {id}: see `newsdesk source list`");
        }
    }
    let fetcher = app.fetcher()?;
    let report = run_pass(&app.store, &fetcher, &app.politeness(), sources, print_line).await;
    println!("{}", summary(&report));
    app.store.close().await;
    Ok(())
}

/// One line per source as it finishes.
pub fn print_line(report: &SourceReport) {
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
            println!(
                "ok      {}: {new} new, {duplicate} already stored{skipped}{pages}",
                report.name
            );
        }
        SourceOutcome::NotModified => println!("ok      {}: not modified", report.name),
        SourceOutcome::Failed(error) => println!("FAILED  {}: {error}", report.name),
        SourceOutcome::Gone(error) => println!("GONE    {}: {error}", report.name),
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
