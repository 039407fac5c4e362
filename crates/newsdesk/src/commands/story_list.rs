//! `newsdesk story list`: the newest stories, newest first.

use crate::app::App;
use crate::cli::{Cli, StoryListArgs};
use anyhow::Context;
use newsdesk_domain::{Source, SourceId};
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
        .map(|id| {
            app.mastheads
                .iter()
                .find(|m| m.id.as_str() == id)
                .map(|m| m.reach())
                .with_context(|| format!("no masthead {id} in the config"))
        })
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
    let sources: HashMap<SourceId, Source> = sources.into_iter().map(|s| (s.id, s)).collect();
    let rows: Vec<Row> = stories
        .into_iter()
        .map(|s| Row {
            id: s.id.0,
            // Its source's mastheads, and those that take it by region.
            mastheads: sources.get(&s.source_id).map_or_else(Vec::new, |source| {
                app.mastheads
                    .iter()
                    .filter(|m| m.takes(source, &s))
                    .map(|m| m.id.to_string())
                    .collect()
            }),
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
