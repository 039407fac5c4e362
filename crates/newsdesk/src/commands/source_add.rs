//! `newsdesk source add URL`: add a feed.

use crate::app::App;
use crate::cli::{Cli, SourceAddArgs};
use anyhow::{Context, bail};
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{FeedUrl, MastheadId, Section};

/// Adds the source and prints its id.
pub async fn run(cli: &Cli, args: &SourceAddArgs) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    let url = FeedUrl::parse(&args.url)?;
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
