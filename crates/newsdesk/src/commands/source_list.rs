//! `newsdesk source list`: every source with its health.

use crate::app::App;
use crate::cli::Cli;
use newsdesk_domain::Source;

/// Prints a table, or JSON with `--json`.
pub async fn run(cli: &Cli, json: bool) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    let sources = app.store.sources().await?;
    app.store.close().await;
    if json {
        println!("{}", serde_json::to_string_pretty(&sources)?);
        return Ok(());
    }
    if sources.is_empty() {
        println!("no sources yet: add one with `newsdesk source add URL`");
        return Ok(());
    }
    for source in &sources {
        print_source(source);
    }
    Ok(())
}

fn print_source(source: &Source) {
    let mastheads = if source.mastheads.is_empty() {
        "all mastheads".to_owned()
    } else {
        source
            .mastheads
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let status = match (&source.state.last_error, source.state.last_checked_at) {
        (Some(error), _) => format!("ERROR: {error}"),
        (None, Some(_)) => "ok".to_owned(),
        (None, None) => "not fetched yet".to_owned(),
    };
    println!("{:>4}  {}  <{}>", source.id, source.name, source.url);
    println!(
        "      section: {}; {}; last checked: {}; last success: {}",
        source
            .section
            .as_ref()
            .map_or("from each item", |s| s.as_str()),
        mastheads,
        source
            .state
            .last_checked_at
            .map_or("never".to_owned(), |t| t.to_string()),
        source
            .state
            .last_success_at
            .map_or("never".to_owned(), |t| t.to_string()),
    );
    println!("      status: {status}");
}
