//! `newsdesk source import FILE.opml`: add the feeds of a subscription list.
//!
//! The file is read whole before the database is touched; a file that is
//! not OPML, too large, too deep or declares entities is refused with the
//! reason. Then each feed outline is added in file order: a URL that is
//! already a source is skipped, an outline that cannot be a source (no
//! feed URL, a bad URL, a masthead the config does not know) is refused
//! with its reason, and the others are added. One line per outline, then
//! a summary; the command fails only when the file cannot be read.

use crate::app::App;
use crate::cli::{Cli, SourceImportArgs};
use anyhow::Context;
use newsdesk_domain::source::NewSource;
use newsdesk_ingest::opml::{self, OpmlSource, RefusedOutline};
use newsdesk_store::StoreError;
use std::io::Read;
use std::path::Path;

/// Adds what the file lists and prints what became of each outline.
pub async fn run(cli: &Cli, args: &SourceImportArgs) -> anyhow::Result<()> {
    let shown = args.file.display();
    let bytes = read_capped(&args.file).with_context(|| format!("cannot read {shown}"))?;
    let found = opml::parse(&bytes).with_context(|| format!("cannot import {shown}"))?;
    let app = App::open(cli).await?;
    let mut refused: Vec<RefusedOutline> = found.refused;
    let (mut added, mut already) = (0usize, 0usize);
    for source in found.sources {
        if let Some(reason) = unknown_masthead(&app, &source) {
            refused.push(RefusedOutline {
                position: source.position,
                label: source.name.clone(),
                reason,
            });
            continue;
        }
        let name = source.name.clone().unwrap_or_else(|| source.url.host());
        let new = NewSource {
            url: source.url,
            name,
            section: source.section,
            mastheads: source.mastheads,
        };
        match app.store.add_source(&new).await {
            Ok(stored) => {
                added += 1;
                println!(
                    "added     {} <{}> (source {})",
                    stored.name, stored.url, stored.id
                );
            }
            Err(StoreError::Conflict(_)) => {
                already += 1;
                println!("already   {} <{}>", new.name, new.url);
            }
            Err(e) => {
                app.store.close().await;
                return Err(e).context(format!(
                    "adding {} from outline {}",
                    new.url, source.position
                ));
            }
        }
    }
    app.store.close().await;
    refused.sort_by_key(|r| r.position);
    for outline in &refused {
        let label = outline
            .label
            .as_deref()
            .map_or_else(String::new, |l| format!(" \"{l}\""));
        println!(
            "refused   outline {}{label}: {}",
            outline.position, outline.reason
        );
    }
    println!(
        "{shown}: {added} added, {already} already there, {} refused",
        refused.len()
    );
    Ok(())
}

/// Why the config does not allow the outline's mastheads, if it does not.
fn unknown_masthead(app: &App, source: &OpmlSource) -> Option<String> {
    if app.mastheads.is_empty() {
        return None;
    }
    let unknown = source
        .mastheads
        .iter()
        .find(|id| !app.mastheads.iter().any(|m| &m.id == *id))?;
    Some(format!(
        "no masthead {unknown} in the config (known: {})",
        app.mastheads
            .iter()
            .map(|m| m.id.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// The file (or standard input for `-`), read up to one byte past the cap
/// so that the parser can refuse what is larger.
fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    let limit = opml::MAX_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)?;
    } else {
        std::fs::File::open(path)?
            .take(limit)
            .read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}
