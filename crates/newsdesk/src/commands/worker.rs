//! `newsdesk worker`: fetches sources as they fall due and sends each
//! masthead's daily email at its `digest_at`, and nothing else.
//!
//! Several workers (on PostgreSQL, on several machines) share the sources:
//! each claims due sources with a lease, so no source is fetched by two at
//! once, and a worker that dies gives its sources up when its leases run
//! out. With `--metrics-listen` the worker also answers `/metrics` and
//! `/healthz` there, for a process with no site of its own.

use crate::app::App;
use crate::cli::Cli;
use crate::web_server::shutdown_signal;
use axum::Router;
use newsdesk_ingest::Scheduler;
use newsdesk_web::operations;
use std::net::SocketAddr;

/// Runs the scheduler until Ctrl-C or SIGTERM.
pub async fn run(cli: &Cli, metrics_listen: Option<SocketAddr>) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    operations::recorder();
    let ingest = app.ingest(app.politeness())?;
    println!("worker {} fetching due sources", ingest.worker());
    if let Some(addr) = metrics_listen {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        println!("metrics on http://{}/metrics", listener.local_addr()?);
        let router: Router = operations::router().with_state(app.store.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, router)
                .with_graceful_shutdown(shutdown_signal())
                .await
            {
                tracing::error!(
                    error = &e as &dyn std::error::Error,
                    "metrics listener stopped"
                );
            }
        });
    }
    let sending = tokio::spawn(crate::mailer::digest_scheduler(cli, &app)?.run(shutdown_signal()));
    Scheduler::new(ingest)
        .shutdown_grace(app.config.fetch.shutdown_grace())
        .run(shutdown_signal())
        .await;
    let _ = sending.await;
    app.store.close().await;
    Ok(())
}
