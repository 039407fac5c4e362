//! `newsdesk serve` and `newsdesk web`: the site, with or without fetching.
//!
//! `serve` also runs an ingestion pass over every source at start and then
//! every `fetch.interval_minutes`. `web` serves pages only, for setups where
//! other processes fetch.

use crate::app::App;
use crate::cli::Cli;
use crate::web_server::{WebServer, shutdown_signal};
use newsdesk_ingest::run_pass;
use std::net::SocketAddr;
use std::time::Duration;

/// Serves until Ctrl-C or SIGTERM.
pub async fn run(cli: &Cli, listen: Option<SocketAddr>, with_fetching: bool) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    if app.mastheads.is_empty() {
        eprintln!("warning: no [[masthead]] in the config: the site has nothing to show");
    }
    let listen = listen.unwrap_or(app.config.server.listen);
    let server = WebServer::bind(listen, app.store.clone(), app.mastheads.clone()).await?;
    println!("serving on http://{}/", server.local_addr());
    if with_fetching {
        let store = app.store.clone();
        let fetcher = app.fetcher()?;
        // Kept across passes: the robots.txt cache and the per-site pace.
        let politeness = app.politeness();
        let every = Duration::from_secs(app.config.fetch.interval_minutes.max(1) * 60);
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                match store.sources().await {
                    Ok(sources) => {
                        let report = run_pass(&store, &fetcher, &politeness, sources, |_| {}).await;
                        tracing::info!(
                            new = report.new_stories(),
                            failed = report.failed(),
                            "ingestion pass done"
                        );
                    }
                    Err(e) => {
                        tracing::error!(error = &e as &dyn std::error::Error, "cannot list sources")
                    }
                }
            }
        });
    }
    server.serve(shutdown_signal()).await?;
    app.store.close().await;
    Ok(())
}
