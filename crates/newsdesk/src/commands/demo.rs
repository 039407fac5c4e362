//! `newsdesk demo`: a whole network from bundled wire feeds.
//!
//! Binds the listen address, serves the bundled feeds there beside the
//! mastheads, makes sure the demo sources exist (pointing at this address),
//! runs one ingestion pass through the real HTTP pipeline, prints the URLs
//! and serves until stopped. Everything lives in `--data`; a second start
//! reuses it, and the pass then stores nothing new.

use crate::app::App;
use crate::cli::Cli;
use crate::commands::fetch;
use crate::config::Config;
use crate::demo;
use crate::web_server::shutdown_signal;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{FeedUrl, MastheadId};
use newsdesk_store::Store;
use std::net::SocketAddr;

/// Runs the demo.
pub async fn run(cli: &Cli, listen: Option<SocketAddr>) -> anyhow::Result<()> {
    let mut config = Config::from_toml(demo::CONFIG, std::env::vars())?;
    if let Some(url) = &cli.database_url {
        config.database.url = Some(url.clone());
    }
    if config.database.url.is_none() {
        config.database.url = Some(format!(
            "sqlite://{}",
            cli.data.join("newsdesk.sqlite3").display()
        ));
    }
    let listen = listen.unwrap_or(config.server.listen);
    let app = App::with_config(cli, config).await?;
    // Installed before the first pass, so /metrics counts its fetches.
    newsdesk_web::operations::recorder();
    let server = app.web_server(cli, listen).await?;
    let addr = server.local_addr();
    let origin = format!("http://{addr}");
    let server = server.merge(demo::wire_router(demo::wire_base(&origin)));
    let serving = tokio::spawn(server.serve(shutdown_signal()));

    ensure_sources(&app.store, &demo::wire_base(&origin)).await?;
    let ingest = app.ingest(app.politeness())?;
    let report = ingest.fetch_now(None, fetch::print_line).await?;
    println!("{}", fetch::summary(&report));
    println!(
        "{} stories stored in {}",
        app.store.count_stories().await?,
        cli.data.display()
    );
    println!();
    println!("Newsdesk demo network at {origin}/");
    for masthead in &app.mastheads {
        println!(
            "  {:<22} {origin}/m/{}/   (or http://{}:{}/)",
            masthead.name,
            masthead.id,
            masthead.host,
            addr.port()
        );
    }
    println!("Press Ctrl-C to stop.");
    serving.await??;
    app.store.close().await;
    Ok(())
}

/// Adds the demo sources, or points them at this run's address.
async fn ensure_sources(store: &Store, base: &str) -> anyhow::Result<()> {
    let existing = store.sources().await?;
    for feed in demo::FEEDS {
        let url = FeedUrl::parse(&format!("{base}/{}", feed.file))?;
        match existing.iter().find(|s| s.name == feed.name) {
            Some(source) if source.url == url => {}
            Some(source) => store.set_source_url(source.id, &url).await?,
            None => {
                store
                    .add_source(&NewSource {
                        url,
                        name: feed.name.to_owned(),
                        section: None,
                        mastheads: feed
                            .mastheads
                            .iter()
                            .map(|m| MastheadId::parse(m))
                            .collect::<Result<_, _>>()?,
                    })
                    .await?;
            }
        }
    }
    Ok(())
}
