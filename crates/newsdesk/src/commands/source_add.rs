//! `newsdesk source add URL`: add a feed, or the feed a web page announces.
//!
//! The URL is fetched first. A feed is added as given; a web page is
//! searched for `<link rel="alternate">` feeds and the first that reads as
//! a feed is added (see `newsdesk_ingest::discover`), with a note of which
//! it chose and what else the page announced. When the URL cannot be
//! fetched at all (the server is down, say), it is added as given with a
//! warning: the next pass reports it in the source's health.

use crate::app::App;
use crate::cli::{Cli, SourceAddArgs};
use anyhow::{Context, bail};
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{FeedUrl, MastheadId, Section};
use newsdesk_ingest::discover::{Discovery, DiscoveryError, discover};

/// Adds the source and prints its id.
pub async fn run(cli: &Cli, args: &SourceAddArgs) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    let given = FeedUrl::parse(&args.url)?;
    let mut mastheads = Vec::new();
    for id in &args.mastheads {
        let id = MastheadId::parse(id)?;
        if !app.mastheads.is_empty() && !app.mastheads.iter().any(|m| m.id == id) {
            bail!(
                "no masthead {id} in the config (known: {})",
                app.mastheads
                    .iter()
                    .map(|m| m.id.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        mastheads.push(id);
    }
    let section = args
        .section
        .as_deref()
        .map(Section::parse)
        .transpose()
        .context("--section")?;
    let url = feed_to_add(&app, given).await?;
    let name = args.name.clone().unwrap_or_else(|| url.host());
    let source = app
        .store
        .add_source(&NewSource {
            url,
            name,
            section,
            mastheads,
        })
        .await?;
    println!(
        "added source {} ({}): {}",
        source.id, source.name, source.url
    );
    app.store.close().await;
    Ok(())
}

/// The feed behind `given`: itself, or the one its page announces.
async fn feed_to_add(app: &App, given: FeedUrl) -> anyhow::Result<FeedUrl> {
    let fetcher = app.fetcher()?;
    match discover(&fetcher, given.as_str()).await {
        Ok(Discovery::Feed { .. }) => Ok(given),
        Ok(Discovery::FromPage {
            page,
            chosen,
            passed_over,
            others,
            ..
        }) => {
            println!("{page} is a web page; it announces these feeds:");
            for (link, why) in &passed_over {
                println!("  not a feed:  {} ({why})", link.url);
            }
            let title = chosen
                .title
                .as_deref()
                .map_or_else(String::new, |t| format!(", \"{t}\""));
            println!("  chosen:      {} ({}{title})", chosen.url, chosen.kind);
            for link in &others {
                println!("  also there:  {} ({})", link.url, link.kind);
            }
            Ok(FeedUrl::parse(chosen.url.as_str())?)
        }
        Err(DiscoveryError::Fetch { error, .. }) => {
            eprintln!("warning: cannot check {given} now ({error}); adding it as given");
            Ok(given)
        }
        Err(e) => Err(e.into()),
    }
}
