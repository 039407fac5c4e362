//! `newsdesk backup FILE`: a consistent copy of the database while
//! `serve`, `web` and `worker` go on.
//!
//! On SQLite the copy is written by the database itself (`VACUUM INTO`),
//! as the database was at one moment; restore it with `newsdesk restore
//! FILE`. On PostgreSQL the tool is `pg_dump`: this command runs it when
//! the `pg_dump` found is at least as new as the server (an older one
//! refuses or writes an incomplete dump), and otherwise says what to run.

use crate::app::App;
use crate::cli::{BackupArgs, Cli};
use anyhow::{Context, bail};
use newsdesk_store::Backend;

/// Runs the backup.
pub async fn run(cli: &Cli, args: &BackupArgs) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    let outcome = match app.store.backend() {
        Backend::Sqlite => {
            app.store
                .backup_sqlite(&args.file)
                .await
                .with_context(|| format!("cannot write the backup {}", args.file.display()))?;
            let bytes = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
            println!(
                "backup written to {} ({} KiB, {} stories); restore it with `newsdesk restore {}`",
                args.file.display(),
                bytes / 1024,
                app.store.count_stories().await?,
                args.file.display()
            );
            Ok(())
        }
        Backend::Postgres => pg_dump(&app, args).await,
    };
    app.store.close().await;
    outcome
}

/// On PostgreSQL: `pg_dump --format=custom`, when one new enough is here.
async fn pg_dump(app: &App, args: &BackupArgs) -> anyhow::Result<()> {
    let url = app.config.database_url();
    let server = app.store.server_version().await?.unwrap_or(0);
    let server_major = server / 10_000;
    let command = format!(
        "pg_dump --format=custom --file {} --dbname '{}'",
        args.file.display(),
        newsdesk_store::redact(url)
    );
    let found = tokio::process::Command::new("pg_dump")
        .arg("--version")
        .output()
        .await
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    let Some(version) = found else {
        bail!(
            "a PostgreSQL database is backed up with pg_dump, which is not installed here; \
             install the PostgreSQL {server_major} client tools and run: {command}"
        );
    };
    let dump_major: i64 = version
        .split_whitespace()
        .find_map(|word| word.split('.').next()?.parse().ok())
        .unwrap_or(0);
    if dump_major < server_major {
        bail!(
            "the server runs PostgreSQL {server_major} but pg_dump here is {}: install the \
             PostgreSQL {server_major} client tools, then run: {command}",
            version.trim()
        );
    }
    if args.file.exists() {
        bail!(
            "{} exists already; choose a new file name",
            args.file.display()
        );
    }
    let status = tokio::process::Command::new("pg_dump")
        .arg("--format=custom")
        .arg("--file")
        .arg(&args.file)
        .arg("--dbname")
        .arg(url)
        .status()
        .await
        .context("cannot run pg_dump")?;
    if !status.success() {
        bail!("pg_dump failed ({status}); the command was: {command}");
    }
    println!(
        "backup written by pg_dump to {}; restore it with `pg_restore --clean --if-exists --dbname URL {}`",
        args.file.display(),
        args.file.display()
    );
    Ok(())
}
