//! `newsdesk user list`: everyone who signs in to the admin, with their
//! role and standing.

use crate::app::App;
use crate::cli::Cli;

/// Prints one line a person.
pub async fn run(cli: &Cli) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    let users = app.store.users().await;
    app.store.close().await;
    let users = users?;
    if users.is_empty() {
        println!("nobody yet: add an admin with `newsdesk user add EMAIL --role admin`");
    }
    for user in users {
        let standing = match (user.disabled_at.is_some(), user.has_password) {
            (true, _) => "disabled",
            (false, false) => "invited",
            (false, true) => "active",
        };
        println!(
            "{:>4}  {:<7} {:<9} {}",
            user.id, user.role, standing, user.email
        );
    }
    Ok(())
}
