//! The `newsdesk` binary's library: command line, config and wiring.
//!
//! `main.rs` only parses the command line and calls [`run`]. Each command
//! lives in its own file under [`commands`]; [`app`] opens the database and
//! builds what the commands share; [`mailer`] what the digest commands
//! share; [`web_server`] serves the site (tests
//! start it on port 0); [`demo`] holds the bundled wire feeds.

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod mailer;
pub mod web_server;

pub use cli::Cli;

/// Runs one command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    commands::dispatch(cli).await
}
