//! The invitation to the newsroom admin: the email an admin's "invite"
//! sends, with a one-use link to choose a password.
//!
//! The admin sends it at once through the same [`crate::Transport`] as the
//! daily email (an invitation is rare, and the admin wants to know whether
//! it went). The link's token is made and kept (as a hash) by the admin;
//! this module only writes the message, from the `invite/` templates.

use crate::MailError;
use crate::confirm::spoken;
use crate::message::{Letter, link};
use crate::templates::EmailTemplates;
use jiff::{SignedDuration, Timestamp};
use lettre::message::Mailbox;
use minijinja::context;
use newsdesk_domain::{Email, Role};

/// One invitation to write.
#[derive(Debug, Clone)]
pub struct Invite<'a> {
    /// Who it is from (the network's `mail.from`).
    pub from: &'a Mailbox,
    /// The network's name, as the email names the newsroom.
    pub network: &'a str,
    /// Who is invited.
    pub to: &'a Email,
    /// Their role.
    pub role: Role,
    /// Who invited them (an address).
    pub inviter: &'a str,
    /// The link to choose a password.
    pub url: String,
    /// How long the link works.
    pub valid_for: SignedDuration,
}

impl Invite<'_> {
    /// The message, dated `now`.
    pub fn letter(&self, templates: &EmailTemplates, now: Timestamp) -> Result<Letter, MailError> {
        let rendered = templates.render(
            "",
            "invite",
            context! {
                network => self.network,
                inviter => self.inviter,
                role_words => match self.role {
                    Role::Admin => "an admin",
                    Role::Editor => "an editor",
                },
                invite_url => link(self.url.clone())?,
                valid_for => spoken(self.valid_for),
            },
        )?;
        let domain = self.from.email.domain().to_owned();
        let message_id = format!(
            "<{}.{}.invite@{domain}>",
            now.as_millisecond(),
            self.to.as_str().len()
        );
        crate::message::one_off(self.from, self.to, rendered, message_id, now)
    }
}
