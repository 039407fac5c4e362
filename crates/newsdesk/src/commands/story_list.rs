//! `newsdesk story list`: the newest stories, newest first.

use crate::app::App;
use crate::cli::{Cli, StoryListArgs};
use newsdesk_domain::{MastheadId, SourceId};
use newsdesk_store::StoryQuery;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct Row {
    id: i64,
    mastheads: Vec<String>,
    section: String,
    source_id: i64,
    source: String,
    title: String,
    published: String,
    url: String,
}

/// Prints a table, or JSON with `--json`.
pub async fn run(cli: &Cli, args: &StoryListArgs) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    let masthead = args
        .masthead
        .as_deref()
        .map(MastheadId::parse)
        .transpose()?;
    let stories = app
        .store
        .latest_stories(&StoryQuery {
            masthead,
            source: args.source.map(SourceId),
            limit: args.limit,
        })
        .await?;
    let sources = app.store.sources().await?;
    app.store.close().await;
    let mastheads_of: HashMap<SourceId, Vec<String>> = sources
        .into_iter()
        .map(|s| {
            let ids = s.masthead_ids(&app.mastheads);
            (s.id, ids.into_iter().map(ToString::to_string).collect())
        })
        .collect();
    let rows: Vec<Row> = stories
        .into_iter()
        .map(|s| Row {
            id: s.id.0,
            mastheads: mastheads_of.get(&s.source_id).cloned().unwrap_or_default(),
            section: s.section.to_string(),
            source_id: s.source_id.0,
            source: s.source_name,
            title: s.title,
            published: s.published_at.to_string(),
            url: s.link,
        })
        .collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    for row in &rows {
        println!(
            "{:>6}  {}  [{}] [{}] {}: {}\n        {}",
            row.id,
            row.published,
            row.mastheads.join(","),
            row.section,
            row.source,
            row.title,
            row.url
        );
    }
    if rows.is_empty() {
        println!("no stories yet: add a source and run `newsdesk fetch`");
    }
    Ok(())
}
