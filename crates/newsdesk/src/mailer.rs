//! What the digest commands share: the masthead's edition for a day and
//! everything that sends it, from the config.

use crate::app::App;
use crate::cli::{Cli, DigestArgs};
use anyhow::{Context, bail};
use jiff::Timestamp;
use jiff::civil::Date;
use newsdesk_domain::Masthead;
use newsdesk_mail::{DigestTime, EmailTemplates, MailSettings, Signer, site_address};

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
        let at = app.config.digest_at(masthead.id.as_str())?;
        let day = match &args.date {
            Some(text) => text
                .parse::<Date>()
                .ok()
                .filter(|_| text.len() == 10)
                .with_context(|| format!("--date {text:?} is not a day written YYYY-MM-DD"))?,
            None => at.due_day(Timestamp::now(), &masthead.timezone),
        };
        let site = site_address(masthead, app.config.server.base_url.as_deref());
        let settings = app.config.mail.settings(masthead, &site)?;
        let templates = EmailTemplates::load([masthead.id.as_str()], &cli.data.join("themes"))?;
        let signer = Signer::from_config_or_folder(app.config.mail.secret.as_deref(), &cli.data)?;
        Ok(Self {
            masthead: masthead.clone(),
            site,
            at,
            day,
            settings,
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
