//! `newsdesk migrate`: bring the database up to date and exit.

use crate::app::App;
use crate::cli::Cli;
use newsdesk_store::Store;

/// Opening the app migrates; this says so.
pub async fn run(cli: &Cli) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    println!(
        "database {} is at schema version {}",
        newsdesk_store::redact(app.config.database_url()),
        Store::schema_version()
    );
    app.store.close().await;
    Ok(())
}
