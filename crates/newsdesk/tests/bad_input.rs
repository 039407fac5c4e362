//! Bad input: a broken source is marked with a readable error, the pass
//! goes on with the other sources, and nothing already stored changes.

mod common;

use common::{Network, feed_fixture};
use newsdesk_domain::FeedUrl;
use newsdesk_ingest::{FetchSettings, Fetcher, SourceOutcome, run_pass};
use newsdesk_testkit::{Fixture, TestDb};
use std::time::Duration;

newsdesk_testkit::on_both_databases!(
    a_broken_wire_feed_is_reported_and_loses_nothing,
    items_without_a_link_are_skipped_and_undated_ones_kept,
    private_addresses_are_refused_by_default,
);

/// Each way a feed can break, and the error an operator reads.
fn breakages() -> Vec<(&'static str, Fixture, &'static str)> {
    vec![
        (
            "plain text",
            Fixture::ok("text/plain", "Service temporarily unavailable"),
            "not a feed: the response is neither XML nor JSON",
        ),
        (
            "an HTML page",
            Fixture::ok(
                "text/html",
                "<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>",
            ),
            "not a feed: the response is an HTML page",
        ),
        (
            "broken XML",
            Fixture::ok(
                "application/rss+xml",
                "<rss version=\"2.0\"><channel><title>Coast",
            ),
            "not a valid feed",
        ),
        (
            "broken JSON",
            Fixture::ok(
                "application/feed+json",
                "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [ {",
            ),
            "not a valid feed",
        ),
        ("HTTP 500", Fixture::status(500), "HTTP 500 from the server"),
        ("HTTP 404", Fixture::status(404), "HTTP 404 from the server"),
        (
            "a timeout",
            Fixture::ok("application/rss+xml", common::WIRE_RSS).with_delay(Duration::from_secs(4)),
            "timed out after 2 s",
        ),
    ]
}

async fn a_broken_wire_feed_is_reported_and_loses_nothing(db: TestDb) {
    let net = Network::new(db).await;
    net.pass().await;
    let before = net
        .store()
        .latest_stories(&Default::default())
        .await
        .unwrap();
    assert_eq!(before.len(), 7);
    for (what, fixture, error) in breakages() {
        net.feeds.set("/wire.rss", fixture);
        let report = net.pass().await;
        assert_eq!(report.failed(), 1, "{what}: {report:?}");
        for source in &report.sources {
            match (&source.name[..], &source.outcome) {
                ("Coastline Wire", SourceOutcome::Failed(text)) => {
                    assert!(
                        text.contains(error),
                        "{what}: {text:?} should say {error:?}"
                    )
                }
                ("Coastline Wire", other) => panic!("{what}: {other:?}"),
                (_, outcome) => assert!(
                    !matches!(outcome, SourceOutcome::Failed(_)),
                    "{what}: {outcome:?}"
                ),
            }
        }
        let wire = net.source_named("Coastline Wire").await;
        let shown = wire.state.last_error.unwrap_or_default();
        assert!(shown.contains(error), "{what}: source list shows {shown:?}");
        assert_eq!(
            net.store()
                .latest_stories(&Default::default())
                .await
                .unwrap(),
            before,
            "{what}: stored stories changed"
        );
    }
    // The feed comes back: its error clears, and still nothing is duplicated.
    net.feeds.set(
        "/wire.rss",
        feed_fixture(&net.feeds, "application/rss+xml", common::WIRE_RSS),
    );
    let report = net.pass().await;
    assert_eq!(report.failed(), 0);
    assert_eq!(report.new_stories(), 0);
    let wire = net.source_named("Coastline Wire").await;
    assert!(
        wire.state
            .last_error
            .unwrap()
            .starts_with("skipped 1 of 4 items")
    );
}

async fn items_without_a_link_are_skipped_and_undated_ones_kept(db: TestDb) {
    let net = Network::new(db).await;
    let rss = r#"<rss version="2.0"><channel><title>Coastline Wire</title>
      <item><title>Has all it needs</title><link>{{base}}/ok.html</link><pubDate>Wed, 12 Mar 2025 08:12:00 +0400</pubDate></item>
      <item><title>Undated notice</title><link>{{base}}/undated.html</link></item>
      <item><title>Linkless notice</title><pubDate>Wed, 12 Mar 2025 08:12:00 +0400</pubDate></item>
    </channel></rss>"#;
    net.feeds.set(
        "/wire.rss",
        feed_fixture(&net.feeds, "application/rss+xml", rss),
    );
    let report = net.pass().await;
    let wire = report
        .sources
        .iter()
        .find(|s| s.name == "Coastline Wire")
        .unwrap();
    assert_eq!(
        wire.outcome,
        SourceOutcome::Fetched {
            new: 2,
            articles: 0,
            duplicate: 0,
            skipped: 1
        }
    );
    let source = net.source_named("Coastline Wire").await;
    assert_eq!(
        source.state.last_error.as_deref(),
        Some("skipped 1 of 3 items: item 3 \"Linkless notice\" has no link")
    );
    assert!(source.state.last_success_at.is_some());
    // The undated item is timed when it was first seen.
    let stories = net
        .store()
        .latest_stories(&newsdesk_store::StoryQuery {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    let undated = stories
        .iter()
        .find(|s| s.title == "Undated notice")
        .unwrap();
    let age = jiff::Timestamp::now().as_second() - undated.published_at.as_second();
    assert!((0..600).contains(&age), "{age}");
}

async fn private_addresses_are_refused_by_default(db: TestDb) {
    let net = Network::new(db).await;
    let guarded = Fetcher::new(FetchSettings::default()).unwrap();
    let sources = net.store().sources().await.unwrap();
    let report = run_pass(net.store(), &guarded, &net.politeness, sources, |_| {}).await;
    assert_eq!(report.failed(), 3);
    let wire = net.source_named("Coastline Wire").await;
    let error = wire.state.last_error.unwrap();
    assert!(
        error.contains("refused to fetch 127.0.0.1") && error.contains("loopback"),
        "{error}"
    );
    assert!(
        error.contains("fetch.allow_private_addresses"),
        "the error says how to allow it: {error}"
    );
    assert_eq!(net.store().count_stories().await.unwrap(), 0);
    // A host name that resolves to loopback is refused as well.
    let by_name =
        FeedUrl::parse(&net.feeds.url("/wire.rss").replace("127.0.0.1", "localhost")).unwrap();
    let err = guarded
        .fetch(by_name.as_str(), &Default::default())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("refused to fetch localhost") && err.contains("loopback"),
        "{err}"
    );
}
