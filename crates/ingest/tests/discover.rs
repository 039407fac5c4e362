//! Feed discovery against a real HTTP server on 127.0.0.1.

use newsdesk_ingest::discover::{Discovery, DiscoveryError, discover};
use newsdesk_ingest::{FetchSettings, Fetcher};
use newsdesk_testkit::{Fixture, FixtureServer};
use std::time::Duration;

const RSS: &str = r#"<rss version="2.0"><channel><title>Lagoon Times</title>
  <item><title>Reef survey starts</title><link>http://lagoon.example/reef</link>
  <pubDate>Tue, 11 Mar 2025 08:00:00 GMT</pubDate></item></channel></rss>"#;

fn fetcher() -> Fetcher {
    Fetcher::new(FetchSettings {
        allow_private_addresses: true,
        timeout: Duration::from_secs(5),
        ..FetchSettings::default()
    })
    .unwrap()
}

#[tokio::test]
async fn a_feed_address_is_taken_as_it_is() {
    let server = FixtureServer::start().await;
    server.set("/rss", Fixture::ok("application/rss+xml", RSS));
    let found = discover(&fetcher(), &server.url("/rss")).await.unwrap();
    assert!(matches!(&found, Discovery::Feed { title: Some(t), .. } if t == "Lagoon Times"));
    assert_eq!(found.feed_url().as_str(), server.url("/rss"));
}

#[tokio::test]
async fn the_first_announced_link_that_is_a_feed_is_chosen() {
    let server = FixtureServer::start().await;
    let page = r#"<!doctype html><html><head><title>Lagoon Times</title>
        <link rel="alternate" type="application/atom+xml" href="/gone.atom">
        <link rel="alternate" type="application/rss+xml" href="feeds/main.rss" title="Main">
        <link rel="alternate" type="application/feed+json" href="/feed.json">
        </head><body><p>Today on the lagoon.</p></body></html>"#;
    server.set("/", Fixture::ok("text/html; charset=utf-8", page));
    server.set("/feeds/main.rss", Fixture::ok("application/rss+xml", RSS));
    let found = discover(&fetcher(), &server.url("/")).await.unwrap();
    let Discovery::FromPage {
        chosen,
        passed_over,
        others,
        title,
        ..
    } = found
    else {
        panic!("expected a feed found on the page");
    };
    assert_eq!(chosen.url.as_str(), server.url("/feeds/main.rss"));
    assert_eq!(title.as_deref(), Some("Lagoon Times"));
    assert_eq!(passed_over.len(), 1);
    assert_eq!(passed_over[0].0.url.as_str(), server.url("/gone.atom"));
    assert_eq!(passed_over[0].1, "HTTP 404 from the server");
    assert_eq!(others.len(), 1);
    assert_eq!(
        server.hits("/feed.json"),
        0,
        "links after the chosen one are not fetched"
    );
}

#[tokio::test]
async fn a_page_with_no_feed_or_only_broken_ones_says_so() {
    let server = FixtureServer::start().await;
    server.set(
        "/plain",
        Fixture::ok(
            "text/html",
            "<!DOCTYPE html><html><head></head><body>Hi</body></html>",
        ),
    );
    let err = discover(&fetcher(), &server.url("/plain"))
        .await
        .unwrap_err();
    assert!(matches!(err, DiscoveryError::NoFeedOnPage { .. }));
    assert!(err.to_string().contains(&server.url("/plain")), "{err}");

    server.set(
        "/broken",
        Fixture::ok(
            "text/html",
            r#"<html><head><link rel="alternate" type="application/rss+xml" href="/nothing"></head></html>"#,
        ),
    );
    let err = discover(&fetcher(), &server.url("/broken"))
        .await
        .unwrap_err();
    assert!(matches!(err, DiscoveryError::NoWorkingFeed { .. }));
    assert!(err.to_string().contains("/nothing (HTTP 404"), "{err}");

    server.set("/down", Fixture::status(503));
    let err = discover(&fetcher(), &server.url("/down"))
        .await
        .unwrap_err();
    assert!(matches!(err, DiscoveryError::Fetch { .. }));
}
