//! What the commands share: the config, the store, the mastheads.

use crate::cli::Cli;
use crate::config::Config;
use crate::web_server::WebServer;
use anyhow::Context;
use newsdesk_domain::Masthead;
use newsdesk_ingest::{Fetcher, Ingest, Politeness};
use newsdesk_store::Store;
use std::net::SocketAddr;

/// The opened application.
pub struct App {
    /// The configuration in force.
    pub config: Config,
    /// The database, migrated.
    pub store: Store,
    /// The network's mastheads.
    pub mastheads: Vec<Masthead>,
}

impl App {
    /// Loads the config and opens (and migrates) the database.
    pub async fn open(cli: &Cli) -> anyhow::Result<Self> {
        let config = Config::load(
            &cli.data,
            cli.config.as_deref(),
            cli.database_url.as_deref(),
        )?;
        Self::with_config(cli, config).await
    }

    /// Opens the database for a config already loaded.
    pub async fn with_config(cli: &Cli, config: Config) -> anyhow::Result<Self> {
        let mastheads = config.mastheads()?;
        let url = config.database_url();
        if url.starts_with("sqlite://") {
            std::fs::create_dir_all(&cli.data)
                .with_context(|| format!("cannot create the data folder {}", cli.data.display()))?;
        }
        let store = Store::connect(url).await?;
        store.migrate().await?;
        Ok(Self {
            config,
            store,
            mastheads,
        })
    }

    /// The site of this config's mastheads, bound to `listen`, not yet
    /// serving; themes are read from the data folder.
    /// It takes subscriptions to the daily email and sends their
    /// confirmation emails.
    pub async fn web_server(&self, cli: &Cli, listen: SocketAddr) -> anyhow::Result<WebServer> {
        let (circulation, confirmations) = crate::mailer::circulation(cli, self)?;
        Ok(WebServer::bind(
            listen,
            self.store.clone(),
            self.mastheads.clone(),
            self.config.server.web_settings(&cli.data)?,
        )
        .await?
        .with_daily_email(circulation, confirmations))
    }

    /// The fetcher for this config.
    pub fn fetcher(&self) -> anyhow::Result<Fetcher> {
        Ok(Fetcher::new(self.config.fetch.settings())?)
    }

    /// Fresh per-site limits and robots.txt cache for this config; keep one
    /// for as long as fetching goes on.
    pub fn politeness(&self) -> Politeness {
        Politeness::new(self.config.fetch.politeness())
    }

    /// Everything fetching needs, with this config's limits, cadence and
    /// lease; `politeness` is kept by the caller across passes.
    pub fn ingest(&self, politeness: Politeness) -> anyhow::Result<Ingest> {
        Ok(Ingest::new(self.store.clone(), self.fetcher()?)
            .with_politeness(politeness)
            .with_cadence(self.config.fetch.cadence())
            .with_lease(self.config.fetch.lease())
            .with_sources_at_once(self.config.fetch.sources_at_once.get()))
    }
}
