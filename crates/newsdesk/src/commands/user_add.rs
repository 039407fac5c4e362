//! `newsdesk user add EMAIL --role admin|editor`: adds a person who signs
//! in to the admin.
//!
//! The password is read from standard input, one line (typed at a prompt
//! that does not echo it is the caller's shell's business; piped in a
//! script, it never appears in the process list as an argument would). An
//! empty, short or easily guessed password is refused and nothing is
//! added. The addition is audited as done by the command line.

use crate::app::App;
use crate::cli::{Cli, UserAddArgs};
use anyhow::{Context, bail};
use jiff::Timestamp;
use newsdesk_domain::user::check_new_password;
use newsdesk_domain::{Email, Role};
use newsdesk_store::Actor;
use std::io::BufRead;

/// Adds the person and prints their id.
pub async fn run(cli: &Cli, args: &UserAddArgs) -> anyhow::Result<()> {
    let email = Email::parse(&args.email).with_context(|| format!("{:?}", args.email))?;
    let Some(role) = Role::parse(&args.role) else {
        bail!("--role must be admin or editor");
    };
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']);
    check_new_password(password).context("the password on standard input is refused")?;
    let hash = newsdesk_web::admin::password::hash(password)?;
    let app = App::open(cli).await?;
    let user = app
        .store
        .add_user(
            &email,
            role,
            &hash,
            &Actor::command_line(),
            Timestamp::now(),
        )
        .await;
    app.store.close().await;
    let user = user?;
    println!("added {} {} ({})", user.role, user.email, user.id);
    Ok(())
}
