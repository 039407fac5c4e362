//! `newsdesk source list`: every source with its health.
//!
//! Health is what an operator needs to see at a glance: when the source
//! last worked, what went wrong last, when it is checked next (and why
//! then: its rhythm, or a back-off after failures), whether the server
//! said it is gone, and how many stories it brought in the last 24 hours.

use crate::app::App;
use crate::cli::Cli;
use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::{Source, SourceId};
use std::collections::HashMap;

/// Prints a table, or JSON with `--json`.
pub async fn run(cli: &Cli, json: bool) -> anyhow::Result<()> {
    let app = App::open(cli).await?;
    let sources = app.store.sources().await?;
    let now = Timestamp::now();
    let day_ago = now
        .checked_sub(SignedDuration::from_hours(24))
        .unwrap_or(now);
    let recent: HashMap<SourceId, u64> =
        app.store.items_since(day_ago).await?.into_iter().collect();
    app.store.close().await;
    if json {
        let rows = sources
            .iter()
            .map(|source| {
                let mut row = serde_json::to_value(source)?;
                if let Some(object) = row.as_object_mut() {
                    object.insert(
                        "items_last_24h".to_owned(),
                        recent.get(&source.id).copied().unwrap_or(0).into(),
                    );
                }
                Ok(row)
            })
            .collect::<Result<Vec<_>, serde_json::Error>>()?;
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if sources.is_empty() {
        println!("no sources yet: add one with `newsdesk source add URL`");
        return Ok(());
    }
    for source in &sources {
        print_source(source, recent.get(&source.id).copied().unwrap_or(0), now);
    }
    Ok(())
}

fn print_source(source: &Source, items_last_day: u64, now: Timestamp) {
    let state = &source.state;
    let mastheads = if source.feeds_every_masthead() {
        "all mastheads".to_owned()
    } else {
        source
            .mastheads
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let status = match (&state.gone_at, &state.last_error, state.last_checked_at) {
        (Some(at), error, _) => format!(
            "GONE since {}: {}",
            when(*at, now),
            error
                .as_deref()
                .unwrap_or("the server said the feed is gone")
        ),
        (None, Some(error), _) if state.failures > 0 => {
            format!("ERROR ({} in a row): {error}", state.failures)
        }
        (None, Some(note), _) => format!("ok, with a note: {note}"),
        (None, None, Some(_)) => "ok".to_owned(),
        (None, None, None) => "not fetched yet".to_owned(),
    };
    let next = match (state.gone_at, state.next_check_at) {
        (Some(_), _) | (None, None) => "not polled".to_owned(),
        (None, Some(at)) if at <= now => "due now".to_owned(),
        (None, Some(at)) => {
            let why = if state.failures > 0 {
                "retry"
            } else {
                "next check"
            };
            format!("{why} {}", when(at, now))
        }
    };
    let rhythm = state
        .check_interval_secs
        .map_or_else(String::new, |s| format!(" (every {})", span(s)));
    println!("{:>4}  {}  <{}>", source.id, source.name, source.url);
    println!(
        "      section: {}; {mastheads}",
        source
            .section
            .as_ref()
            .map_or("from each item", |s| s.as_str()),
    );
    println!(
        "      last success: {}; {next}{rhythm}; {items_last_day} {} in the last 24 h",
        state
            .last_success_at
            .map_or("never".to_owned(), |t| when(t, now)),
        if items_last_day == 1 {
            "story"
        } else {
            "stories"
        },
    );
    println!("      status: {status}");
    if let (Some(holder), Some(until)) = (&state.held_by, state.held_until) {
        if until > now {
            println!("      held by {holder} until {}", when(until, now));
        } else {
            println!(
                "      claim of {holder} lapsed {}: any worker may take it",
                when(until, now)
            );
        }
    }
}

/// "3 min ago", "in 2 h", with the time itself.
fn when(at: Timestamp, now: Timestamp) -> String {
    let seconds = at.as_second() - now.as_second();
    let distance = span(seconds.unsigned_abs());
    let relative = if seconds >= 0 {
        format!("in {distance}")
    } else {
        format!("{distance} ago")
    };
    format!("{} ({relative})", at.strftime("%Y-%m-%d %H:%M UTC"))
}

/// Seconds as the largest sensible unit.
fn span(seconds: u64) -> String {
    match seconds {
        s if s < 120 => format!("{s} s"),
        s if s < 2 * 3600 => format!("{} min", s / 60),
        s if s < 2 * 86_400 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86_400),
    }
}
