//! A reader's digest as a message: headers, a plain-text and an HTML part.
//!
//! Besides From, To, Subject and Date, every digest carries what mail
//! providers look for in a bulk sender:
//! - `List-Unsubscribe`: an https link and a `mailto:`, both with the
//!   reader's signed token, and `List-Unsubscribe-Post:
//!   List-Unsubscribe=One-Click` (RFC 8058), so a provider's button leaves
//!   with one POST and no page in between;
//! - `List-Id` (RFC 2919): the masthead's daily email, on its domain;
//! - `Message-ID` on the masthead's domain, made from the outbox key
//!   (day, reader, masthead): a digest sent again (a server that kept it
//!   but whose answer never came, or marks lost with the database's
//!   machine) is the same message, and mail clients show it once.
//!
//! With a DKIM key configured, the message is signed last
//! ([`crate::dkim`]).
//!
//! There are no tracking pixels and links are printed as they are: the
//! reader's client goes straight to the story.

use crate::MailError;
use crate::compose::Digest;
use crate::dkim::DkimSigner;
use crate::templates::{EmailTemplates, Rendered};
use crate::token::{Purpose, Signer};
use jiff::Timestamp;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Address, Message};
use minijinja::{Value, context};
use newsdesk_domain::{Email, Masthead, Section, SubscriberId};

/// A message ready for a transport.
#[derive(Debug, Clone)]
pub struct Letter {
    /// Who it goes to and who answers for it (the SMTP envelope).
    pub envelope: lettre::address::Envelope,
    /// Its `Message-ID`, with the angle brackets.
    pub message_id: String,
    /// The message as it goes on the wire (RFC 5322, CRLF line ends).
    pub bytes: Vec<u8>,
}

/// A header written as given (lettre folds and encodes it where needed).
macro_rules! plain_header {
    ($name:ident, $field:literal) => {
        #[derive(Debug, Clone)]
        struct $name(String);

        impl Header for $name {
            fn name() -> HeaderName {
                HeaderName::new_from_ascii_str($field)
            }

            fn parse(text: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Ok(Self(text.to_owned()))
            }

            fn display(&self) -> HeaderValue {
                HeaderValue::new(Self::name(), self.0.clone())
            }
        }
    };
}

plain_header!(ListUnsubscribe, "List-Unsubscribe");
plain_header!(ListUnsubscribePost, "List-Unsubscribe-Post");
plain_header!(ListId, "List-Id");

/// One reader, as a digest is addressed to them.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    /// Their id (in their token and the Message-ID).
    pub id: SubscriberId,
    /// Their address.
    pub email: &'a Email,
    /// The sections they chose; empty: all.
    pub sections: &'a [Section],
}

/// What every digest of one masthead's run shares.
#[derive(Debug)]
pub struct DigestMail<'a> {
    /// The masthead.
    pub masthead: &'a Masthead,
    /// The day's digest.
    pub digest: &'a Digest,
    /// The templates.
    pub templates: &'a EmailTemplates,
    /// Signs the reader's links.
    pub signer: &'a Signer,
    /// The sender (`mail.from`); also the `mailto:` of `List-Unsubscribe`.
    pub from: &'a Mailbox,
    /// Signs each message, when a DKIM key is configured.
    pub dkim: Option<&'a DkimSigner>,
}

/// A link as a template prints it: refused when it holds anything HTML
/// or a mail header would need escaped (links are built from checked
/// parts, so this never happens unless a part was not checked).
pub(crate) fn link(url: String) -> Result<Value, MailError> {
    let clean = url
        .bytes()
        .all(|b| b.is_ascii_graphic() && !b"&<>\"'`".contains(&b));
    if clean {
        Ok(Value::from_safe_string(url))
    } else {
        Err(MailError::Config(format!(
            "the link {url:?} holds characters a link in an email may not"
        )))
    }
}

impl DigestMail<'_> {
    /// The masthead's mail domain: its site's host.
    pub fn domain(&self) -> String {
        url::Url::parse(&self.digest.site)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| self.masthead.host.clone())
    }

    /// The reader's one-click unsubscribe address.
    pub fn unsubscribe_url(&self, reader: SubscriberId) -> String {
        format!(
            "{}/email/unsubscribe/{}",
            self.digest.site,
            self.signer.sign(Purpose::Unsubscribe, reader)
        )
    }

    /// The reader's preferences page (sections, or leave).
    pub fn preferences_url(&self, reader: SubscriberId) -> String {
        format!(
            "{}/email/preferences/{}",
            self.digest.site,
            self.signer.sign(Purpose::Preferences, reader)
        )
    }

    /// The digest's three parts for `reader`.
    pub fn render(&self, reader: Reader<'_>) -> Result<Rendered, MailError> {
        let site = &self.digest.site;
        let logo = match &self.masthead.logo {
            Some(logo) if logo.starts_with('/') => Some(link(format!("{site}{logo}"))?),
            Some(logo) => Some(link(logo.clone())?),
            None => None,
        };
        let mut sections = Vec::new();
        for section in self.digest.for_reader(reader.sections) {
            let mut stories = Vec::with_capacity(section.stories.len());
            for story in &section.stories {
                stories.push(context! {
                    headline => story.headline.as_str(),
                    teaser => story.teaser.as_str(),
                    link => link(story.link.clone())?,
                    source => story.source.as_str(),
                });
            }
            sections.push(context! { name => section.name.as_str(), stories });
        }
        let mut releases = Vec::with_capacity(self.digest.releases.len());
        for release in &self.digest.releases {
            releases.push(context! {
                headline => release.headline.as_str(),
                organisation => release.organisation.as_str(),
                teaser => release.teaser.as_str(),
                link => link(release.link.clone())?,
            });
        }
        let masthead = context! {
            id => self.masthead.id.as_str(),
            name => self.masthead.name.as_str(),
            accent => self.masthead.accent.as_str(),
            language => self.masthead.language.as_str(),
            site => link(site.clone())?,
            logo,
        };
        self.templates.render(
            self.masthead.id.as_str(),
            "digest",
            context! {
                masthead,
                day => self.digest.day_name.as_str(),
                sections,
                releases,
                reader => context! { email => reader.email.as_str() },
                unsubscribe_url => link(self.unsubscribe_url(reader.id))?,
                preferences_url => link(self.preferences_url(reader.id))?,
            },
        )
    }

    /// The message for `reader`, dated `now`.
    pub fn letter(&self, reader: Reader<'_>, now: Timestamp) -> Result<Letter, MailError> {
        let rendered = self.render(reader)?;
        let domain = self.domain();
        let token = self.signer.sign(Purpose::Unsubscribe, reader.id);
        let message_id = format!(
            "<{}.{}.{}.digest@{domain}>",
            self.digest.day, reader.id, self.masthead.id
        );
        let list_name: String = self
            .masthead
            .name
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ')
            .collect();
        let to: Address = reader
            .email
            .as_str()
            .parse()
            .map_err(|e| MailError::Address(format!("{}: {e}", reader.email)))?;
        let mut message = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(rendered.subject)
            .date(std::time::SystemTime::try_from(now).unwrap_or(std::time::SystemTime::UNIX_EPOCH))
            .message_id(Some(message_id.clone()))
            .header(ListId(format!(
                "{} daily email <digest.{}.{domain}>",
                list_name.trim(),
                self.masthead.id
            )))
            .header(ListUnsubscribe(format!(
                "<{}>, <mailto:{}?subject=unsubscribe%20{token}>",
                self.unsubscribe_url(reader.id),
                self.from.email
            )))
            .header(ListUnsubscribePost("List-Unsubscribe=One-Click".into()))
            .multipart(MultiPart::alternative_plain_html(
                rendered.text,
                rendered.html,
            ))
            .map_err(|e| MailError::Address(e.to_string()))?;
        if let Some(dkim) = self.dkim {
            dkim.sign(&mut message);
        }
        Ok(Letter {
            envelope: message.envelope().clone(),
            message_id,
            bytes: message.formatted(),
        })
    }
}

/// A one-off email (a confirmation, an invitation, a notice: not a
/// digest) from `from` to `to`, its text and HTML parts as rendered.
pub fn one_off(
    from: &Mailbox,
    to: &Email,
    rendered: Rendered,
    message_id: String,
    now: Timestamp,
) -> Result<Letter, MailError> {
    let to: Address = to
        .as_str()
        .parse()
        .map_err(|e| MailError::Address(format!("{to}: {e}")))?;
    let message = Message::builder()
        .from(from.clone())
        .to(Mailbox::new(None, to))
        .subject(rendered.subject)
        .date(std::time::SystemTime::try_from(now).unwrap_or(std::time::SystemTime::UNIX_EPOCH))
        .message_id(Some(message_id.clone()))
        .multipart(MultiPart::alternative_plain_html(
            rendered.text,
            rendered.html,
        ))
        .map_err(|e| MailError::Address(e.to_string()))?;
    Ok(Letter {
        envelope: message.envelope().clone(),
        message_id,
        bytes: message.formatted(),
    })
}
