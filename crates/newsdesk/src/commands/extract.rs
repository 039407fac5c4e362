//! `newsdesk extract`: the article from pages, as text or JSON.
//!
//! Inputs are files, http(s) URLs (fetched with the configured fetcher,
//! its address guard included) or `-` for standard input, all in one
//! process. `--jsonl` prints one object a line with the input as `file`;
//! an input that fails prints `{"file": ..., "error": ...}` and the rest go
//! on; the exit status is non-zero when any failed.

use crate::cli::{Cli, ExtractArgs};
use crate::config::Config;
use anyhow::{Context, bail};
use newsdesk_extract::{Article, Input, extract};
use newsdesk_ingest::Fetcher;
use newsdesk_ingest::fetcher::{FetchOutcome, Validators};
use serde_json::{Map, Value, json};
use std::io::{Read, Write};

/// Extracts every input and prints the results.
pub async fn run(cli: &Cli, args: &ExtractArgs) -> anyhow::Result<()> {
    if args.json && args.inputs.len() > 1 {
        bail!(
            "--json prints one object for one input; use --jsonl for {} inputs",
            args.inputs.len()
        );
    }
    let needs_fetcher = args
        .inputs
        .iter()
        .any(|i| i.starts_with("http://") || i.starts_with("https://"));
    let fetcher = if needs_fetcher {
        let config = Config::load(
            &cli.data,
            cli.config.as_deref(),
            cli.database_url.as_deref(),
        )?;
        Some(Fetcher::new(config.fetch.settings())?)
    } else {
        None
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    // One buffer for every file: many inputs in one process reuse its pages.
    let mut buffer = Vec::new();
    for input in &args.inputs {
        let result = read_input(
            input,
            args.base_url.as_deref(),
            fetcher.as_ref(),
            &mut buffer,
        )
        .await
        .and_then(|(url, content_type)| {
            extract(&Input {
                html: &buffer,
                url: url.as_deref(),
                content_type: content_type.as_deref(),
            })
            .map_err(anyhow::Error::from)
        });
        match result {
            Ok(article) => {
                if args.jsonl {
                    let mut line = Map::new();
                    line.insert("file".into(), json!(input));
                    line.extend(to_json(&article));
                    writeln!(out, "{}", Value::Object(line))?;
                } else if args.json {
                    writeln!(
                        out,
                        "{}",
                        serde_json::to_string_pretty(&Value::Object(to_json(&article)))?
                    )?;
                } else {
                    write_plain(&mut out, &article)?;
                }
            }
            Err(error) => {
                failed += 1;
                if args.jsonl {
                    writeln!(
                        out,
                        "{}",
                        json!({"file": input, "error": format!("{error:#}")})
                    )?;
                } else {
                    out.flush()?;
                    eprintln!("{input}: {error:#}");
                }
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        bail!("{failed} of {} inputs failed", args.inputs.len());
    }
    Ok(())
}

/// The contract's fields, in the contract's order.
fn to_json(article: &Article) -> Map<String, Value> {
    let mut object = Map::new();
    object.insert("url".into(), json!(article.url));
    object.insert("title".into(), json!(article.title));
    object.insert("byline".into(), json!(article.byline));
    object.insert("published".into(), json!(article.published));
    object.insert("lang".into(), json!(article.lang));
    object.insert("dateline".into(), json!(article.dateline));
    object.insert("lead_image".into(), json!(article.lead_image));
    object.insert("text".into(), json!(article.text));
    object.insert("html".into(), json!(article.html));
    if let Some(note) = &article.note {
        object.insert("note".into(), json!(note));
    }
    object
}

fn write_plain(out: &mut impl Write, article: &Article) -> std::io::Result<()> {
    if let Some(title) = &article.title {
        writeln!(out, "{title}")?;
    }
    for (label, value) in [
        ("By", &article.byline),
        ("Published", &article.published),
        ("Language", &article.lang),
        ("Image", &article.lead_image),
    ] {
        if let Some(value) = value {
            writeln!(out, "{label}: {value}")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", article.text)?;
    if let Some(note) = &article.note {
        writeln!(out, "({note})")?;
    }
    writeln!(out)
}

/// Reads an input into `buffer`; returns its URL and content type.
async fn read_input(
    input: &str,
    base_url: Option<&str>,
    fetcher: Option<&Fetcher>,
    buffer: &mut Vec<u8>,
) -> anyhow::Result<(Option<String>, Option<String>)> {
    buffer.clear();
    if input == "-" {
        std::io::stdin()
            .read_to_end(buffer)
            .context("cannot read standard input")?;
        return Ok((base_url.map(str::to_owned), None));
    }
    if let (Some(fetcher), true) = (
        fetcher,
        input.starts_with("http://") || input.starts_with("https://"),
    ) {
        return match fetcher.fetch(input, &Validators::default()).await? {
            FetchOutcome::Fetched(page) => {
                buffer.extend_from_slice(&page.body);
                Ok((Some(page.url.to_string()), page.content_type))
            }
            FetchOutcome::NotModified => {
                bail!("the server answered 304 to an unconditional request")
            }
        };
    }
    std::fs::File::open(input)
        .and_then(|mut file| file.read_to_end(buffer))
        .with_context(|| format!("cannot read {input}"))?;
    Ok((base_url.map(str::to_owned), None))
}
