//! `newsdesk restore FILE [--force]`: put a backup in place of the
//! database.
//!
//! On SQLite the backup must be a Newsdesk database from this version or
//! an older one (it is brought up to date after); the database it replaces
//! must be empty unless `--force` is given, and no other `newsdesk`
//! process may have it open (stop `serve`, `web` and `worker` first). The
//! backup is copied beside the database and renamed over it, so a crash
//! midway leaves the old database whole. On PostgreSQL the tool is
//! `pg_restore`; this command says so.

use crate::app::App;
use crate::cli::{Cli, RestoreArgs};
use anyhow::{Context, bail};
use newsdesk_store::{Backend, Store};
use std::path::{Path, PathBuf};

/// Runs the restore.
pub async fn run(cli: &Cli, args: &RestoreArgs) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    let empty = app.store.is_empty().await?;
    if !empty && !args.force {
        app.store.close().await;
        bail!(
            "the database {} holds sources or stories; restoring would replace them. \
             Run again with --force to replace them",
            newsdesk_store::redact(app.config.database_url())
        );
    }
    if app.store.backend() == Backend::Postgres {
        app.store.close().await;
        bail!(
            "a PostgreSQL backup is restored with pg_restore: pg_restore --clean --if-exists --dbname URL {}",
            args.file.display()
        );
    }
    let target = sqlite_path(app.config.database_url())?;
    app.store.close().await;
    check_backup(&args.file).await?;
    put_in_place(&args.file, &target)?;
    let store = Store::open_sqlite(&target).await?;
    store.migrate().await?;
    println!(
        "restored {} into {} ({} stories)",
        args.file.display(),
        target.display(),
        store.count_stories().await?
    );
    store.close().await;
    Ok(())
}

fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    url.strip_prefix("sqlite://")
        .map(PathBuf::from)
        .context("not a SQLite database URL")
}

/// The backup must be a Newsdesk database this version can bring up to date.
async fn check_backup(file: &Path) -> anyhow::Result<()> {
    if !file.is_file() {
        bail!("{} is not a file", file.display());
    }
    let mut head = [0u8; 16];
    std::io::Read::read_exact(
        &mut std::fs::File::open(file)
            .with_context(|| format!("cannot read {}", file.display()))?,
        &mut head,
    )
    .with_context(|| format!("{} is too short to be a backup", file.display()))?;
    if &head != b"SQLite format 3\0" {
        bail!(
            "{} is not a SQLite backup written by newsdesk backup",
            file.display()
        );
    }
    let backup = Store::open_sqlite(file).await?;
    let version = backup.applied_schema_version().await;
    backup.close().await;
    let version =
        version.with_context(|| format!("{} is not a Newsdesk database", file.display()))?;
    if version > Store::schema_version() {
        bail!(
            "{} comes from a newer Newsdesk (schema {version}, this one knows {}); \
             restore it with that version",
            file.display(),
            Store::schema_version()
        );
    }
    Ok(())
}

/// Copies the backup beside the database and renames it over it; the old
/// write-ahead log goes with the old database.
fn put_in_place(backup: &Path, target: &Path) -> anyhow::Result<()> {
    let mut partial = target.as_os_str().to_owned();
    partial.push(".restoring");
    let partial = PathBuf::from(partial);
    std::fs::copy(backup, &partial)
        .with_context(|| format!("cannot copy {} to {}", backup.display(), partial.display()))?;
    for suffix in ["-wal", "-shm"] {
        let mut side = target.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    std::fs::rename(&partial, target).with_context(|| {
        format!(
            "cannot move the restored database into {}",
            target.display()
        )
    })?;
    Ok(())
}
