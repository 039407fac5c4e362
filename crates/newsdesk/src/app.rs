//! What the commands share: the config, the store, the mastheads.

use crate::cli::Cli;
use crate::config::Config;
use crate::web_server::WebServer;
use anyhow::Context;
use newsdesk_domain::Masthead;
use newsdesk_ingest::{Fetcher, Ingest, Politeness};
use newsdesk_store::Store;
use std::net::SocketAddr;
use tokio::net::TcpListener;

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
        self.web_server_on(cli, crate::web_server::listen_on(listen).await?)
    }

    /// [`App::web_server`] on a socket bound already.
    pub fn web_server_on(&self, cli: &Cli, listener: TcpListener) -> anyhow::Result<WebServer> {
        let (circulation, confirmations) = crate::mailer::circulation(cli, self)?;
        Ok(WebServer::on(
            listener,
            self.store.clone(),
            self.mastheads.clone(),
            self.config.server.web_settings(&cli.data)?,
        )?
        .with_daily_email(circulation, confirmations)
        .with_admin(self.admin_desk(cli)?))
    }

    /// What the admin needs: its settings, the invitations' mail (the
    /// daily email's transport and sender) and a fetcher for new sources.
    pub fn admin_desk(&self, cli: &Cli) -> anyhow::Result<newsdesk_web::admin::AdminDesk> {
        let from = match self.mastheads.first() {
            Some(masthead) => {
                let site =
                    newsdesk_mail::site_address(masthead, self.config.server.base_url.as_deref());
                self.config.mail.settings(masthead, &site)?.from
            }
            None => newsdesk_mail::MailSettings::parse_from(
                self.config
                    .mail
                    .from
                    .as_deref()
                    .unwrap_or("Newsdesk <newsdesk@localhost>"),
            )?,
        };
        Ok(newsdesk_web::admin::AdminDesk {
            settings: self.config.admin.settings(),
            mail: Some(newsdesk_web::admin::InviteMail {
                transport: self.config.mail.transport(&cli.data)?,
                from,
                templates: newsdesk_mail::EmailTemplates::embedded(),
            }),
            fetcher: Some(self.fetcher()?),
            ..newsdesk_web::admin::AdminDesk::default()
        })
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
