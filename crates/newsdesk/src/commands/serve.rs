//! `newsdesk serve` and `newsdesk web`: the site, with or without fetching.
//!
//! `serve` also runs the schedulers (see `newsdesk worker`): every source is
//! fetched when it falls due, and every masthead's daily email is sent at
//! its `digest_at`. `web` serves pages only, for setups where `worker`
//! processes fetch and send.

use crate::app::App;
use crate::cli::Cli;
use crate::web_server::shutdown_signal;
use newsdesk_ingest::Scheduler;
use std::net::SocketAddr;

/// Serves until Ctrl-C or SIGTERM.
pub async fn run(cli: &Cli, listen: Option<SocketAddr>, with_fetching: bool) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    if app.mastheads.is_empty() {
        eprintln!("warning: no [[masthead]] in the config: the site has nothing to show");
    }
    newsdesk_web::operations::recorder();
    let listen = listen.unwrap_or(app.config.server.listen);
    let server = app.web_server(cli, listen).await?;
    println!("serving on http://{}/", server.local_addr());
    let sending = if with_fetching {
        let digests = crate::mailer::digest_scheduler(cli, &app)?;
        Some(tokio::spawn(digests.run(shutdown_signal())))
    } else {
        None
    };
    let fetching = if with_fetching {
        // One politeness for the process: the robots.txt cache and the
        // per-site pace hold from one turn to the next.
        let scheduler = Scheduler::new(app.ingest(app.politeness())?)
            .shutdown_grace(app.config.fetch.shutdown_grace());
        Some(tokio::spawn(async move {
            scheduler.run(shutdown_signal()).await
        }))
    } else {
        None
    };
    server.serve(shutdown_signal()).await?;
    if let Some(fetching) = fetching {
        // The scheduler saw the same signal; let it release its leases.
        let _ = fetching.await;
    }
    if let Some(sending) = sending {
        let _ = sending.await;
    }
    app.store.close().await;
    Ok(())
}
