//! `newsdesk story recluster [--since DATE]`: stored stories clustered
//! again with their near-copies, oldest first.
//!
//! The stories are walked in id order, a batch at a time, each batch
//! through the same step the workers run on new stories
//! (`Store::recluster_after`), so the command is safe while `serve` and
//! workers run. After each batch the last story done is saved in the
//! database under the run's `--since`: a run stopped part way (Ctrl-C, a
//! crash) resumes after it when started again with the same `--since`, and
//! a run that finishes forgets it. On a terminal a progress bar shows the
//! run; otherwise a line every few batches.

use crate::app::App;
use crate::cli::{Cli, ReclusterArgs};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use jiff::Timestamp;
use newsdesk_domain::StoryId;
use newsdesk_store::ClusterTally;
use newsdesk_store::clusters::CLUSTER_BATCH;
use std::io::IsTerminal;

/// Clusters the stories again and prints what it did.
pub async fn run(cli: &Cli, args: &ReclusterArgs) -> anyhow::Result<()> {
    let since = args.since.as_deref().map(parse_since).transpose()?;
    let name = args.since.as_deref().unwrap_or("").trim().to_owned();
    let app = App::open(cli).await?;
    let store = &app.store;
    let mut after = match store.recluster_checkpoint(&name).await? {
        Some(after) => {
            println!("resuming after story {after}, where the last run stopped");
            after
        }
        None => StoryId(0),
    };
    let left = store.stories_after(after, since).await?;
    let bar = if std::io::stdout().is_terminal() {
        ProgressBar::new(left).with_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} stories  {msg}  {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    } else {
        ProgressBar::hidden()
    };
    let mut tally = ClusterTally::default();
    let mut batches = 0u64;
    loop {
        let (last, batch) = store.recluster_after(after, since, CLUSTER_BATCH).await?;
        let Some(last) = last else { break };
        after = last;
        store.save_recluster_checkpoint(&name, Some(after)).await?;
        tally += batch;
        batches += 1;
        bar.inc(batch.stories as u64);
        bar.set_message(format!("{} with near-copies", tally.joined));
        if bar.is_hidden() && batches.is_multiple_of(25) {
            println!("{} of {left} stories clustered", tally.stories);
        }
    }
    store.save_recluster_checkpoint(&name, None).await?;
    bar.finish_and_clear();
    store.close().await;
    println!(
        "clustered {} stories: {} with near-copies, {} too short to compare",
        tally.stories, tally.joined, tally.unsketchable
    );
    Ok(())
}

/// A day (midnight UTC) or an RFC 3339 instant.
fn parse_since(text: &str) -> anyhow::Result<Timestamp> {
    let text = text.trim();
    // An instant first: a day's parser would read the day of one too.
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(at);
    }
    let day = text.parse::<jiff::civil::Date>().with_context(|| {
        format!(
            "--since {text:?} is neither a day (2025-03-12) nor an instant (2025-03-12T06:00:00Z)"
        )
    })?;
    Ok(day.to_zoned_datetime(jiff::tz::TimeZone::UTC)?.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_is_a_day_or_an_instant() {
        assert_eq!(
            parse_since("2025-03-12").unwrap(),
            "2025-03-12T00:00:00Z".parse::<Timestamp>().unwrap()
        );
        assert_eq!(
            parse_since("2025-03-12T06:00:00+03:00").unwrap(),
            "2025-03-12T03:00:00Z".parse::<Timestamp>().unwrap()
        );
        let error = parse_since("last week").unwrap_err().to_string();
        assert!(error.contains("neither a day"), "{error}");
    }
}
