//! Politeness against a real HTTP server on 127.0.0.1: robots.txt is asked
//! before a page, once per site; requests in flight and their pace hold.

use futures_util::future::join_all;
use newsdesk_ingest::article::{ROBOTS_DISALLOW_NOTE, fetch_article};
use newsdesk_ingest::fetcher::{FetchOutcome, Validators};
use newsdesk_ingest::{FetchSettings, Fetcher, Politeness, PolitenessSettings};
use newsdesk_testkit::{Fixture, FixtureServer};
use std::time::Duration;

const PAGE: &str = "<html><head><title>Harbour reopens</title></head><body><article>\
    <h1>Harbour reopens</h1><p>The harbour reopened on Monday after repairs.</p>\
    </article></body></html>";
const RSS: &str = r#"<rss version="2.0"><channel><title>T</title></channel></rss>"#;

fn fetcher() -> Fetcher {
    Fetcher::new(FetchSettings {
        allow_private_addresses: true,
        timeout: Duration::from_secs(5),
        ..FetchSettings::default()
    })
    .unwrap()
}

fn politeness(requests_per_host: usize, interval_ms: u64) -> Politeness {
    Politeness::new(PolitenessSettings {
        requests_per_host,
        host_interval: Duration::from_millis(interval_ms),
        ..PolitenessSettings::default()
    })
}

fn robots(text: &str) -> Fixture {
    Fixture::ok("text/plain", text)
}

fn page() -> Fixture {
    Fixture::ok("text/html; charset=utf-8", PAGE)
}

#[tokio::test]
async fn a_page_robots_disallows_is_not_fetched_and_the_note_says_so() {
    let server = FixtureServer::start().await;
    server.set(
        "/robots.txt",
        robots("User-agent: *\nDisallow: /private/\n"),
    );
    server.set("/private/story.html", page());
    server.set("/news/story.html", page());
    let (fetcher, limits) = (fetcher(), politeness(2, 0));

    let refused = fetch_article(&fetcher, &limits, &server.url("/private/story.html")).await;
    assert_eq!(refused.note.as_deref(), Some(ROBOTS_DISALLOW_NOTE));
    assert!(refused.body.is_none());
    assert_eq!(server.hits("/private/story.html"), 0);

    let allowed = fetch_article(&fetcher, &limits, &server.url("/news/story.html")).await;
    assert_ne!(allowed.note.as_deref(), Some(ROBOTS_DISALLOW_NOTE));
    assert_eq!(server.hits("/news/story.html"), 1);
    assert_eq!(server.hits("/robots.txt"), 1);
}

#[tokio::test]
async fn our_own_group_is_obeyed() {
    let server = FixtureServer::start().await;
    server.set(
        "/robots.txt",
        robots("User-agent: *\nAllow: /\n\nUser-agent: Newsdesk\nDisallow: /wire/\n"),
    );
    server.set("/wire/story.html", page());
    let refused = fetch_article(
        &fetcher(),
        &politeness(2, 0),
        &server.url("/wire/story.html"),
    )
    .await;
    assert_eq!(refused.note.as_deref(), Some(ROBOTS_DISALLOW_NOTE));
    assert_eq!(server.hits("/wire/story.html"), 0);
}

#[tokio::test]
async fn a_missing_robots_txt_allows_everything() {
    let server = FixtureServer::start().await;
    // No fixture at /robots.txt: the server answers 404.
    server.set("/story.html", page());
    let fetched = fetch_article(&fetcher(), &politeness(2, 0), &server.url("/story.html")).await;
    assert_ne!(fetched.note.as_deref(), Some(ROBOTS_DISALLOW_NOTE));
    assert_eq!(server.hits("/robots.txt"), 1);
    assert_eq!(server.hits("/story.html"), 1);
}

#[tokio::test]
async fn a_robots_txt_that_fails_keeps_pages_unfetched_for_now() {
    let server = FixtureServer::start().await;
    server.set("/robots.txt", Fixture::status(500));
    server.set("/story.html", page());
    let (fetcher, limits) = (fetcher(), politeness(2, 0));
    for _ in 0..2 {
        let held = fetch_article(&fetcher, &limits, &server.url("/story.html")).await;
        let note = held.note.unwrap_or_default();
        assert!(
            note.contains("robots.txt could not be read") && note.contains("500"),
            "{note}"
        );
    }
    assert_eq!(server.hits("/story.html"), 0);
    // The failure is remembered for a while, not asked again at once.
    assert_eq!(server.hits("/robots.txt"), 1);
}

#[tokio::test]
async fn robots_txt_is_fetched_once_for_many_pages_of_a_site() {
    let server = FixtureServer::start().await;
    server.set(
        "/robots.txt",
        robots("User-agent: *\nDisallow: /drafts/\n").with_delay(Duration::from_millis(100)),
    );
    let paths: Vec<String> = (0..6).map(|i| format!("/news/{i}.html")).collect();
    for path in &paths {
        server.set(path, page());
    }
    let (fetcher, limits) = (fetcher(), politeness(2, 0));
    let pages = join_all(
        paths
            .iter()
            .map(|path| server.url(path))
            .collect::<Vec<_>>()
            .iter()
            .map(|url| fetch_article(&fetcher, &limits, url))
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(pages.len(), 6);
    assert_eq!(server.hits("/robots.txt"), 1);
    for path in &paths {
        assert_eq!(server.hits(path), 1, "{path}");
    }
}

#[tokio::test]
async fn no_more_than_the_limit_is_in_flight_to_one_site() {
    let server = FixtureServer::start().await;
    let paths: Vec<String> = (0..6).map(|i| format!("/slow/{i}.html")).collect();
    for path in &paths {
        server.set(path, page().with_delay(Duration::from_millis(150)));
    }
    let (fetcher, limits) = (fetcher(), politeness(2, 0));
    join_all(
        paths
            .iter()
            .map(|path| server.url(path))
            .collect::<Vec<_>>()
            .iter()
            .map(|url| fetch_article(&fetcher, &limits, url))
            .collect::<Vec<_>>(),
    )
    .await;
    for path in &paths {
        assert_eq!(server.hits(path), 1, "{path}");
    }
    assert_eq!(server.max_in_flight(), 2, "two at a time, and no more");
}

#[tokio::test]
async fn requests_to_one_site_start_at_least_the_interval_apart() {
    let server = FixtureServer::start().await;
    for i in 0..4 {
        server.set(
            &format!("/feed/{i}.rss"),
            Fixture::ok("application/rss+xml", RSS),
        );
    }
    let interval = Duration::from_millis(200);
    let (fetcher, limits) = (fetcher(), politeness(4, 200));
    let urls: Vec<String> = (0..4)
        .map(|i| server.url(&format!("/feed/{i}.rss")))
        .collect();
    let unconditional = Validators::default();
    join_all(
        urls.iter()
            .map(|url| limits.fetch(&fetcher, url, &unconditional))
            .collect::<Vec<_>>(),
    )
    .await;
    assert_spaced(&server, interval, false);
}

#[tokio::test]
async fn a_crawl_delay_longer_than_ours_sets_the_pace() {
    let server = FixtureServer::start().await;
    server.set("/robots.txt", robots("User-agent: *\nCrawl-delay: 0.25\n"));
    for i in 0..3 {
        server.set(&format!("/news/{i}.html"), page());
    }
    let (fetcher, limits) = (fetcher(), politeness(4, 0));
    let urls: Vec<String> = (0..3)
        .map(|i| server.url(&format!("/news/{i}.html")))
        .collect();
    join_all(
        urls.iter()
            .map(|url| fetch_article(&fetcher, &limits, url))
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(server.arrivals().len(), 4, "robots.txt and three pages");
    assert_spaced(&server, Duration::from_millis(250), true);
}

#[tokio::test]
async fn feeds_are_fetched_whatever_robots_txt_says() {
    let server = FixtureServer::start().await;
    server.set("/robots.txt", robots("User-agent: *\nDisallow: /\n"));
    server.set("/wire.rss", Fixture::ok("application/rss+xml", RSS));
    let (fetcher, limits) = (fetcher(), politeness(2, 0));
    let fetched = limits
        .fetch(&fetcher, &server.url("/wire.rss"), &Validators::default())
        .await
        .unwrap();
    assert!(matches!(fetched, FetchOutcome::Fetched(_)));
    assert_eq!(server.hits("/wire.rss"), 1);
    assert_eq!(server.hits("/robots.txt"), 0);
}

/// Every two requests the server saw (robots.txt aside, when `pages_only`)
/// began `interval` apart or more. The times are taken on arrival, after
/// the client's start and a connection's setup, which vary by some
/// milliseconds on a busy machine; without the pace the gaps would be near
/// zero.
fn assert_spaced(server: &FixtureServer, interval: Duration, pages_only: bool) {
    let arrivals: Vec<_> = server
        .arrivals()
        .into_iter()
        .filter(|(path, _)| !pages_only || path != "/robots.txt")
        .collect();
    assert!(arrivals.len() >= 2, "{arrivals:?}");
    let slack = Duration::from_millis(50);
    for pair in arrivals.windows(2) {
        let gap = pair[1].1 - pair[0].1;
        assert!(
            gap + slack >= interval,
            "{} then {} only {gap:?} apart",
            pair[0].0,
            pair[1].0
        );
    }
}
