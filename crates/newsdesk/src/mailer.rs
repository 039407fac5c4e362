//! What the digest commands and the digest scheduler share: a masthead's
//! edition for a day and everything that sends it, from the config.

use crate::app::App;
use crate::cli::{Cli, DigestArgs};
use anyhow::{Context, bail};
use jiff::Timestamp;
use jiff::civil::Date;
use newsdesk_domain::Masthead;
use newsdesk_ingest::pass::claims::worker_name;
use newsdesk_mail::{
    Confirmations, Desk, DigestScheduler, DigestTime, EmailTemplates, MailSettings, Signer,
    site_address,
};
use newsdesk_web::Circulation;
use std::sync::Arc;
use tokio::sync::Notify;

/// One masthead's digest for one day, with what building it needs.
pub struct Mailer {
    /// The masthead.
    pub masthead: Masthead,
    /// Its public address.
    pub site: String,
    /// Its `digest_at`.
    pub at: DigestTime,
    /// The local day.
    pub day: Date,
    /// `[mail]` for it.
    pub settings: MailSettings,
    /// The templates, with its theme.
    pub templates: EmailTemplates,
    /// Signs readers' links.
    pub signer: Signer,
}

impl Mailer {
    /// The edition `args` names, for `app`.
    pub fn for_args(cli: &Cli, app: &App, args: &DigestArgs) -> anyhow::Result<Self> {
        let Some(masthead) = app
            .mastheads
            .iter()
            .find(|m| m.id.as_str() == args.masthead)
        else {
            let known: Vec<&str> = app.mastheads.iter().map(|m| m.id.as_str()).collect();
            bail!(
                "no masthead {:?} in the config (mastheads: {})",
                args.masthead,
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            );
        };
        let desk = desk(app, masthead)?;
        let day = match &args.date {
            Some(text) => text
                .parse::<Date>()
                .ok()
                .filter(|_| text.len() == 10)
                .with_context(|| format!("--date {text:?} is not a day written YYYY-MM-DD"))?,
            None => desk.at.due_day(Timestamp::now(), &masthead.timezone),
        };
        let templates = EmailTemplates::load([masthead.id.as_str()], &cli.data.join("themes"))?;
        let signer = Signer::from_config_or_folder(app.config.mail.secret.as_deref(), &cli.data)?;
        Ok(Self {
            masthead: desk.masthead,
            site: desk.site,
            at: desk.at,
            day,
            settings: desk.settings,
            templates,
            signer,
        })
    }

    /// The edition to compose or run.
    pub fn edition(&self) -> newsdesk_mail::Edition<'_> {
        newsdesk_mail::Edition {
            masthead: &self.masthead,
            site: &self.site,
            at: self.at,
            day: self.day,
        }
    }
}

/// A masthead's daily email as the config sets it.
fn desk(app: &App, masthead: &Masthead) -> anyhow::Result<Desk> {
    let site = site_address(masthead, app.config.server.base_url.as_deref());
    Ok(Desk {
        masthead: masthead.clone(),
        at: app.config.digest_at(masthead.id.as_str())?,
        settings: app.config.mail.settings(masthead, &site)?,
        site,
    })
}

/// The scheduler that sends every masthead's digest on time (`serve`,
/// `worker`).
pub fn digest_scheduler(cli: &Cli, app: &App) -> anyhow::Result<DigestScheduler> {
    let desks = app
        .mastheads
        .iter()
        .map(|m| desk(app, m))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(DigestScheduler {
        store: app.store.clone(),
        transport: app.config.mail.transport(&cli.data)?,
        templates: EmailTemplates::load(
            app.mastheads.iter().map(|m| m.id.as_str()),
            &cli.data.join("themes"),
        )?,
        signer: Signer::from_config_or_folder(app.config.mail.secret.as_deref(), &cli.data)?,
        desks,
        owner: worker_name(),
    })
}

/// What the site needs to take subscriptions, and the sender of their
/// confirmation emails, woken by the site (every process that serves it).
pub fn circulation(cli: &Cli, app: &App) -> anyhow::Result<(Circulation, Confirmations)> {
    let desks = app
        .mastheads
        .iter()
        .map(|m| desk(app, m))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let signer = Signer::from_config_or_folder(app.config.mail.secret.as_deref(), &cli.data)?;
    let valid_for = app.config.mail.confirm_valid_for();
    let circulation = Circulation {
        signer: signer.clone(),
        wake: Arc::new(Notify::new()),
        confirm_valid_for: valid_for,
        confirm_every: app.config.mail.confirm_every(),
        per_client_per_hour: app.config.mail.subscribe_per_client_per_hour(),
        release_limits: app.config.releases.limits(),
    };
    let confirmations = Confirmations {
        store: app.store.clone(),
        transport: app.config.mail.transport(&cli.data)?,
        templates: EmailTemplates::load(
            app.mastheads.iter().map(|m| m.id.as_str()),
            &cli.data.join("themes"),
        )?,
        signer,
        desks,
        valid_for,
    };
    Ok((circulation, confirmations))
}
