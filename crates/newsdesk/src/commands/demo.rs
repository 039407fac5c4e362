//! `newsdesk demo`: a whole network from bundled wire feeds.
//!
//! Binds the listen address, serves the bundled feeds there beside the
//! mastheads, makes sure the demo sources exist (pointing at this address),
//! publishes a couple of news releases on a first start, runs one
//! ingestion pass through the real HTTP pipeline, prints the URLs
//! and serves until stopped. Everything lives in `--data`; a second start
//! reuses it, and the pass then stores nothing new.

use crate::app::App;
use crate::cli::Cli;
use crate::commands::fetch;
use crate::config::Config;
use crate::demo;
use crate::web_server::{listen_on, shutdown_signal};
use anyhow::Context;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{FeedUrl, MastheadId};
use newsdesk_store::{Actor, Store};
use std::net::SocketAddr;

/// Runs the demo.
pub async fn run(cli: &Cli, listen: Option<SocketAddr>) -> anyhow::Result<()> {
    let mut config = Config::from_toml(demo::CONFIG, std::env::vars())?;
    config
        .database
        .resolve(&cli.data, cli.database_url.as_deref());
    let listen = listen.unwrap_or(config.server.listen);
    // Bound first, so that the links of the demo's emails carry the port
    // actually taken (the mastheads' hosts alone would name port 80).
    let listener = listen_on(listen).await?;
    let addr = listener.local_addr()?;
    if config.server.base_url.is_none() {
        config.server.base_url = Some(demo::server_address(addr));
    }
    let app = App::with_config(cli, config).await?;
    // Installed before the first pass, so /metrics counts its fetches.
    newsdesk_web::operations::recorder();
    let server = app.web_server_on(cli, listener)?;
    let origin = demo::server_address(addr);
    let server = server.merge(demo::wire_router(demo::wire_base(&origin)));
    let serving = tokio::spawn(server.serve(shutdown_signal()));

    ensure_sources(&app.store, &demo::wire_base(&origin)).await?;
    let first_admin = ensure_admin(&app.store).await?;
    ensure_releases(&app.store).await?;
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
    println!("  Newsroom admin         {origin}/admin");
    if let Some((email, password)) = first_admin {
        println!();
        println!("The demo's first admin (shown this once; the password is not stored):");
        println!("  email:    {email}");
        println!("  password: {password}");
    }
    println!("Press Ctrl-C to stop.");
    serving.await??;
    app.store.close().await;
    Ok(())
}

/// Publishes the demo's news releases once: on a first start, when the
/// store holds no release yet. They go the way any release goes (sent,
/// confirmed, approved), with the demo as their sender.
async fn ensure_releases(store: &Store) -> anyhow::Result<()> {
    use newsdesk_store::{NewRelease, QueueFilter, ReleaseText, Submitter};
    let now = jiff::Timestamp::now();
    let any = QueueFilter::default();
    if !store.release_queue(&any, 1, now).await?.is_empty() {
        return Ok(());
    }
    let count = i64::try_from(demo::RELEASES.len())?;
    for (n, release) in (0..).zip(demo::RELEASES) {
        // An hour apart, the newest an hour ago.
        let at = now - jiff::SignedDuration::from_hours(count - n);
        let id = store
            .submit_release(
                &NewRelease {
                    text: ReleaseText {
                        organisation: release.organisation.to_owned(),
                        category: release.category,
                        headline: release.headline.to_owned(),
                        standfirst: release.standfirst.to_owned(),
                        body: release.body.to_owned(),
                    },
                    submitter: Submitter {
                        contact_name: "Demo sender".to_owned(),
                        email: newsdesk_domain::Email::parse("releases@example.org")?,
                        phone: String::new(),
                        client: "demo".to_owned(),
                    },
                    mastheads: release
                        .mastheads
                        .iter()
                        .map(|m| MastheadId::parse(m))
                        .collect::<Result<_, _>>()?,
                    pictures: Vec::new(),
                    flags: Vec::new(),
                    near_copy_of: None,
                    fingerprint: String::new(),
                },
                at,
            )
            .await?;
        store.confirm_release(id, at).await?;
        store
            .approve_release(id, at, &Actor::command_line(), at)
            .await?;
    }
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

/// The demo's admin's address.
pub const DEMO_ADMIN: &str = "admin@newsdesk.localhost";

/// The environment variable that sets the demo admin's password (for the
/// browser checks, which must sign in); unset, a random one is made.
pub const DEMO_PASSWORD_VAR: &str = "NEWSDESK_DEMO_ADMIN_PASSWORD";

/// Adds the demo's admin when nobody can sign in yet, and returns its
/// address and password to print once; `None` when there already is one.
async fn ensure_admin(store: &Store) -> anyhow::Result<Option<(String, String)>> {
    if store.count_users().await? > 0 {
        return Ok(None);
    }
    let password = match std::env::var(DEMO_PASSWORD_VAR) {
        Ok(given) => {
            newsdesk_domain::user::check_new_password(&given)
                .with_context(|| format!("{DEMO_PASSWORD_VAR} is refused"))?;
            given
        }
        Err(_) => newsdesk_web::admin::password::random_token()?,
    };
    let hash = newsdesk_web::admin::password::hash(&password)?;
    store
        .add_user(
            &newsdesk_domain::Email::parse(DEMO_ADMIN)?,
            newsdesk_domain::Role::Admin,
            &hash,
            &newsdesk_store::Actor::command_line(),
            jiff::Timestamp::now(),
        )
        .await?;
    Ok(Some((DEMO_ADMIN.to_owned(), password)))
}
