//! `newsdesk digest preview`: one masthead's digest for a day, as a reader
//! of every section would get it, written to standard output.

use crate::app::App;
use crate::cli::{Cli, DigestArgs};
use crate::mailer::Mailer;
use jiff::Timestamp;
use newsdesk_domain::{Email, SubscriberId};
use newsdesk_mail::{DigestMail, Reader};
use std::io::Write;

/// The address a preview is made out to: a domain that never receives mail.
const PREVIEW_READER: &str = "reader@example.invalid";

/// Writes the message; sends nothing and records nothing.
pub async fn run(cli: &Cli, args: &DigestArgs) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    let mailer = Mailer::for_args(cli, &app, args)?;
    let digest = mailer.edition().compose(&app.store).await?;
    app.store.close().await;
    let mail = DigestMail {
        masthead: &mailer.masthead,
        digest: &digest,
        templates: &mailer.templates,
        signer: &mailer.signer,
        from: &mailer.settings.from,
        dkim: mailer.settings.dkim.as_ref(),
    };
    let email = Email::parse(PREVIEW_READER)?;
    let letter = mail.letter(
        Reader {
            id: SubscriberId(0),
            email: &email,
            sections: &[],
        },
        Timestamp::now(),
    )?;
    let mut out = std::io::stdout().lock();
    out.write_all(&letter.bytes)?;
    out.flush()?;
    Ok(())
}
