//! `newsdesk source export`: every source as OPML 2.0 on standard output.
//!
//! Sections and mastheads travel in our own OPML attributes (see
//! `newsdesk_ingest::opml`), so `source import` of the output into another
//! database gives the same sources.

use crate::app::App;
use crate::cli::Cli;
use anyhow::Context;
use newsdesk_ingest::opml;
use std::io::Write;

/// Prints the OPML.
pub async fn run(cli: &Cli) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    let sources = app.store.sources().await?;
    app.store.close().await;
    let text = opml::write("Newsdesk sources", &sources);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("cannot write to standard output")?;
    Ok(())
}
