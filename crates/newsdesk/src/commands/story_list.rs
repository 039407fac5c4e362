//! `newsdesk story list`: the newest stories, newest first, one per
//! wire-copy cluster (as readers see them), with the cluster's versions
//! and coverage in `--json`.

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
    /// The wire-copy cluster the story leads here; `null` until it is
    /// clustered.
    cluster: Option<ClusterRow>,
}

/// A story's cluster: its address, its versions (the lead first) and
/// every source that carried one.
#[derive(Serialize)]
struct ClusterRow {
    /// The cluster's id: its first story's, its address (`/story/ID`).
    id: i64,
    /// The version listed (the lead where every version is taken).
    lead: i64,
    /// Every version, in rank order.
    stories: Vec<i64>,
    /// Every source of every version, with its own link.
    coverage: Vec<CoverageRow>,
}

#[derive(Serialize)]
struct CoverageRow {
    source_id: i64,
    source: String,
    link: String,
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
    let mut clusters = Vec::with_capacity(stories.len());
    for story in &stories {
        let Some(cluster) = story.cluster else {
            clusters.push(None);
            continue;
        };
        let coverage = app.store.cluster_carriers(cluster).await?;
        clusters.push(Some(ClusterRow {
            id: cluster.0,
            lead: story.id.0,
            stories: app
                .store
                .cluster_members(cluster)
                .await?
                .into_iter()
                .map(|id| id.0)
                .collect(),
            coverage: coverage
                .into_iter()
                .map(|c| CoverageRow {
                    source_id: c.source_id.0,
                    source: c.source_name,
                    link: c.link,
                })
                .collect(),
        }));
    }
    app.store.close().await;
    let sources: HashMap<SourceId, Source> = sources.into_iter().map(|s| (s.id, s)).collect();
    let rows: Vec<Row> = stories
        .into_iter()
        .zip(clusters)
        .map(|(s, cluster)| Row {
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
            cluster,
        })
        .collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    for row in &rows {
        println!(
            "{:>6}  {}  [{}] [{}] {}: {}{}\n        {}",
            row.id,
            row.published,
            row.mastheads.join(","),
            row.section,
            row.source,
            row.title,
            match &row.cluster {
                Some(c) if c.coverage.len() > 1 => format!("  (+{} sources)", c.coverage.len() - 1),
                _ => String::new(),
            },
            row.url
        );
    }
    if rows.is_empty() {
        println!("no stories yet: add a source and run `newsdesk fetch`");
    }
    Ok(())
}
