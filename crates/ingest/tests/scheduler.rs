//! The scheduler against a real HTTP server and both databases, with a
//! clock moved by hand: no test sleeps, "six hours later" takes no time.
//!
//! Each test checks what an operator relies on: a source is fetched when
//! it is due and not before; failures back off and never drop a source;
//! one success restores the rhythm; what the server asks (`Retry-After`,
//! `<ttl>`, 410 Gone) is honoured; a dead worker's claim runs out and the
//! source is taken over; two workers never fetch one source twice.

use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{FeedUrl, Source};
use newsdesk_ingest::{
    Clock, FetchSettings, Fetcher, Ingest, ManualClock, PassReport, Politeness, PolitenessSettings,
    SourceOutcome,
};
use newsdesk_store::{Lease, Store};
use newsdesk_testkit::{Fixture, FixtureServer, TestDb};
use std::sync::Arc;
use std::time::Duration;

newsdesk_testkit::on_both_databases!(
    sources_are_fetched_when_due_and_not_before,
    failures_back_off_and_one_success_restores_the_rhythm,
    what_the_server_asks_for_is_honoured,
    a_gone_feed_is_no_longer_polled,
    a_dead_workers_claim_runs_out_and_the_source_is_taken_over,
    a_killed_process_on_this_host_gives_its_sources_up_at_once,
    two_workers_never_fetch_one_source_twice,
    a_page_that_failed_for_a_passing_reason_is_fetched_again,
);

const START: &str = "2026-03-12T12:00:00Z";

/// An RSS feed with `count` items `gap_minutes` apart, the newest at
/// `newest`, served as RSS; `extra` goes in the channel.
fn feed(name: &str, newest: Timestamp, gap_minutes: i64, count: i64, extra: &str) -> Fixture {
    let mut rss = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{name}</title>{extra}"
    );
    for i in 0..count {
        let at = newest
            .checked_sub(SignedDuration::from_mins(i * gap_minutes))
            .unwrap();
        let date = jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_string(&at)
            .unwrap();
        rss.push_str(&format!(
            "<item><title>{name} bulletin {i}</title><link>http://127.0.0.1:9/{name}/{i}</link>\
             <guid>{name}-{i}</guid><description>Short notice number {i} from {name}.</description>\
             <pubDate>{date}</pubDate></item>"
        ));
    }
    rss.push_str("</channel></rss>");
    Fixture::ok("application/rss+xml", rss)
}

struct Desk {
    clock: Arc<ManualClock>,
    ingest: Ingest,
    feeds: FixtureServer,
}

impl Desk {
    async fn new(store: Store, worker: &str) -> Self {
        let feeds = FixtureServer::start().await;
        let clock = Arc::new(ManualClock::new(START.parse().unwrap()));
        Self {
            ingest: ingest(store, worker, clock.clone()),
            clock,
            feeds,
        }
    }

    async fn add(&self, path: &str) -> Source {
        self.ingest
            .store()
            .add_source(&NewSource {
                url: FeedUrl::parse(&self.feeds.url(path)).unwrap(),
                name: path.trim_start_matches('/').into(),
                section: None,
                mastheads: Vec::new(),
            })
            .await
            .unwrap()
    }

    async fn source(&self, id: newsdesk_domain::SourceId) -> Source {
        self.ingest.store().source(id).await.unwrap().unwrap()
    }

    fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// One pass over the sources due now.
    async fn pass(&self) -> PassReport {
        self.ingest.fetch_due(|_| {}).await.unwrap()
    }
}

/// Fetching with a fetcher that may reach 127.0.0.1, article pages on a
/// closed port (they fail fast and leave the feed's text), no pause
/// between requests to the one test server.
fn ingest(store: Store, worker: &str, clock: Arc<ManualClock>) -> Ingest {
    let fetcher = Fetcher::new(FetchSettings {
        allow_private_addresses: true,
        timeout: Duration::from_secs(5),
        ..FetchSettings::default()
    })
    .unwrap();
    let politeness = Politeness::new(PolitenessSettings {
        host_interval: Duration::ZERO,
        requests_per_host: 8,
        ..PolitenessSettings::default()
    });
    Ingest::new(store, fetcher)
        .with_politeness(politeness)
        .with_clock(clock)
        .with_worker(worker)
        // Small claims, so that two workers share a few dozen sources.
        .with_sources_at_once(4)
}

fn minutes_between(a: Timestamp, b: Timestamp) -> f64 {
    (b.as_second() - a.as_second()) as f64 / 60.0
}

async fn sources_are_fetched_when_due_and_not_before(db: TestDb) {
    let desk = Desk::new(db.store.clone(), "w1").await;
    // A wire publishing every 10 minutes, a weekly column.
    desk.feeds
        .set("/wire.rss", feed("wire", desk.now(), 10, 20, ""));
    desk.feeds.set(
        "/column.rss",
        feed("column", desk.now(), 7 * 24 * 60, 4, ""),
    );
    let wire = desk.add("/wire.rss").await;
    let column = desk.add("/column.rss").await;

    let first = desk.pass().await;
    assert_eq!(first.sources.len(), 2, "new sources are due at once");
    assert_eq!(first.new_stories(), 24);
    let again = desk.pass().await;
    assert!(again.sources.is_empty(), "nothing is due a second time");

    let wire_next = desk.source(wire.id).await.state.next_check_at.unwrap();
    let column_next = desk.source(column.id).await.state.next_check_at.unwrap();
    let wire_wait = minutes_between(desk.now(), wire_next);
    let column_wait = minutes_between(desk.now(), column_next);
    assert!((9.0..=11.0).contains(&wire_wait), "{wire_wait}");
    assert!(
        (21.0 * 60.0..=27.0 * 60.0).contains(&column_wait),
        "a weekly column is checked about daily: {column_wait}"
    );

    // A minute before the wire is due: nothing. At its time: the wire only.
    desk.clock
        .set(wire_next.checked_sub(SignedDuration::from_mins(1)).unwrap());
    assert!(desk.pass().await.sources.is_empty());
    desk.clock.set(wire_next);
    let due = desk.pass().await;
    assert_eq!(due.sources.len(), 1);
    assert_eq!(due.sources[0].source_id, wire.id);
    assert_eq!(
        due.sources[0].outcome,
        SourceOutcome::Fetched {
            new: 0,
            articles: 0,
            duplicate: 20,
            skipped: 0,
        }
    );
    assert_eq!(desk.feeds.hits("/wire.rss"), 2);
    assert_eq!(desk.feeds.hits("/column.rss"), 1);
}

async fn failures_back_off_and_one_success_restores_the_rhythm(db: TestDb) {
    let desk = Desk::new(db.store.clone(), "w1").await;
    desk.feeds
        .set("/wire.rss", feed("wire", desk.now(), 10, 20, ""));
    let wire = desk.add("/wire.rss").await;
    desk.pass().await;
    let healthy = desk.source(wire.id).await.state;
    assert_eq!(healthy.check_interval_secs, Some(600));

    desk.feeds.set("/wire.rss", Fixture::status(500));
    let mut waits = Vec::new();
    for round in 1..=10u32 {
        let due = desk.source(wire.id).await.state.next_check_at.unwrap();
        desk.clock.set(due);
        let report = desk.pass().await;
        assert_eq!(report.sources.len(), 1);
        let state = desk.source(wire.id).await.state;
        assert_eq!(state.failures, round);
        assert_eq!(
            state.last_error.as_deref(),
            Some("HTTP 500 from the server")
        );
        assert_eq!(state.gone_at, None, "a failing source is never dropped");
        assert_eq!(state.check_interval_secs, Some(600), "its rhythm is kept");
        waits.push(minutes_between(desk.now(), state.next_check_at.unwrap()));
    }
    // 5, 10, 20, 40 ... minutes (±10 %), capped at six hours.
    for (i, wait) in waits.iter().enumerate() {
        let expected = (5.0 * 2f64.powi(i as i32)).min(360.0);
        assert!(
            (expected * 0.89..=expected * 1.11).contains(wait),
            "retry {i}: waited {wait} min, expected about {expected}"
        );
    }

    // Fixed: one success, and the wire is back to every ten minutes.
    let due = desk.source(wire.id).await.state.next_check_at.unwrap();
    desk.clock.set(due);
    desk.feeds
        .set("/wire.rss", feed("wire", desk.now(), 10, 20, ""));
    desk.pass().await;
    let state = desk.source(wire.id).await.state;
    assert_eq!((state.failures, state.last_error), (0, None));
    let wait = minutes_between(desk.now(), state.next_check_at.unwrap());
    assert!((9.0..=11.0).contains(&wait), "{wait}");
}

async fn what_the_server_asks_for_is_honoured(db: TestDb) {
    let desk = Desk::new(db.store.clone(), "w1").await;
    desk.feeds.set(
        "/busy.rss",
        Fixture::status(429).with_header("retry-after", "3600"),
    );
    desk.feeds
        .set("/ttl.rss", feed("ttl", desk.now(), 5, 20, "<ttl>120</ttl>"));
    desk.feeds.set(
        "/cached.rss",
        feed("cached", desk.now(), 5, 20, "").with_header("cache-control", "public, max-age=5400"),
    );
    let busy = desk.add("/busy.rss").await;
    let ttl = desk.add("/ttl.rss").await;
    let cached = desk.add("/cached.rss").await;
    desk.pass().await;

    let busy = desk.source(busy.id).await.state;
    assert!(
        busy.last_error
            .as_deref()
            .unwrap()
            .contains("asked us to wait 3600 s"),
        "{:?}",
        busy.last_error
    );
    assert!(minutes_between(desk.now(), busy.next_check_at.unwrap()) >= 60.0 * 0.9);
    let ttl = desk.source(ttl.id).await.state;
    assert_eq!(
        ttl.check_interval_secs,
        Some(2 * 3600),
        "<ttl> raises the rhythm"
    );
    let cached = desk.source(cached.id).await.state;
    assert_eq!(
        cached.check_interval_secs,
        Some(5400),
        "max-age raises the rhythm"
    );
}

async fn a_gone_feed_is_no_longer_polled(db: TestDb) {
    let desk = Desk::new(db.store.clone(), "w1").await;
    desk.feeds
        .set("/wire.rss", feed("wire", desk.now(), 10, 3, ""));
    let wire = desk.add("/wire.rss").await;
    desk.pass().await;
    desk.feeds.set("/wire.rss", Fixture::status(410));
    desk.clock.advance(SignedDuration::from_hours(1));
    let report = desk.pass().await;
    assert!(matches!(report.sources[0].outcome, SourceOutcome::Gone(_)));
    let state = desk.source(wire.id).await.state;
    assert!(state.gone_at.is_some());
    assert_eq!(state.next_check_at, None);
    assert!(state.last_error.unwrap().contains("polling has stopped"));
    // A week on, it has not been asked again; its stories are all there.
    desk.clock.advance(SignedDuration::from_hours(24 * 7));
    assert!(desk.pass().await.sources.is_empty());
    assert_eq!(desk.feeds.hits("/wire.rss"), 2);
    assert_eq!(db.store.count_stories().await.unwrap(), 3);
}

async fn a_dead_workers_claim_runs_out_and_the_source_is_taken_over(db: TestDb) {
    let desk = Desk::new(db.store.clone(), "survivor").await;
    desk.feeds
        .set("/wire.rss", feed("wire", desk.now(), 10, 3, ""));
    let wire = desk.add("/wire.rss").await;
    // A worker claims the source for ten minutes and dies.
    let claimed = db
        .store
        .claim_due_sources(
            &Lease {
                owner: "dead".into(),
                until: desk
                    .now()
                    .checked_add(SignedDuration::from_mins(10))
                    .unwrap(),
            },
            desk.now(),
            10,
        )
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert!(desk.pass().await.sources.is_empty());
    desk.clock.advance(SignedDuration::from_mins(9));
    assert!(desk.pass().await.sources.is_empty());
    assert_eq!(desk.feeds.hits("/wire.rss"), 0);
    desk.clock.advance(SignedDuration::from_mins(1));
    let taken = desk.pass().await;
    assert_eq!(taken.sources.len(), 1);
    assert_eq!(taken.sources[0].source_id, wire.id);
    assert_eq!(desk.feeds.hits("/wire.rss"), 1);
    assert_eq!(db.store.count_stories().await.unwrap(), 3);
}

async fn a_killed_process_on_this_host_gives_its_sources_up_at_once(db: TestDb) {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap()
        .trim()
        .to_owned();
    let me = format!("{host}:{}:{}", std::process::id(), 1_000);
    let desk = Desk::new(db.store.clone(), &me).await;
    let holders = [
        // Killed: no process has this id.
        format!("{host}:999999999:1"),
        // Alive: process 1 always runs.
        format!("{host}:1:1"),
        // On another host: it cannot be asked, so its claim runs its course.
        "another-host:999999999:1".to_owned(),
    ];
    let mut sources = Vec::new();
    for (i, holder) in holders.iter().enumerate() {
        let path = format!("/wire-{i}.rss");
        desk.feeds
            .set(&path, feed(&format!("wire{i}"), desk.now(), 10, 2, ""));
        let source = desk.add(&path).await;
        db.store
            .claim_sources(
                &Lease {
                    owner: holder.clone(),
                    until: desk
                        .now()
                        .checked_add(SignedDuration::from_mins(10))
                        .unwrap(),
                },
                desk.now(),
                &[source.id],
            )
            .await
            .unwrap();
        sources.push(source);
    }
    let report = desk.ingest.fetch_now(None, |_| {}).await.unwrap();
    let fetched: Vec<_> = report.sources.iter().map(|s| s.source_id).collect();
    assert_eq!(
        fetched,
        [sources[0].id],
        "only the killed process's source, at once"
    );
    assert_eq!(report.held_elsewhere, 2);
    assert_eq!(desk.feeds.hits("/wire-0.rss"), 1);
    let still = desk.source(sources[1].id).await.state;
    assert_eq!(still.held_by.as_deref(), Some(holders[1].as_str()));
}

async fn two_workers_never_fetch_one_source_twice(db: TestDb) {
    const SOURCES: usize = 40;
    let desk = Desk::new(db.store.clone(), "first").await;
    // The second worker is another process: its own connections.
    let other_store = Store::connect(&db.url).await.unwrap();
    let second = ingest(other_store.clone(), "second", desk.clock.clone());
    for i in 0..SOURCES {
        let path = format!("/feed-{i}.rss");
        desk.feeds.set(
            &path,
            feed(&format!("feed{i}"), desk.now(), 10, 3, "")
                // Slow enough that the two workers overlap.
                .with_delay(Duration::from_millis(20)),
        );
        desk.add(&path).await;
    }
    for round in 1..=2u32 {
        let (a, b) = tokio::join!(desk.ingest.fetch_due(|_| {}), second.fetch_due(|_| {}));
        let (a, b) = (a.unwrap(), b.unwrap());
        if round == 1 {
            assert!(
                !a.sources.is_empty() && !b.sources.is_empty(),
                "both workers took a share"
            );
        }
        assert_eq!(
            a.sources.len() + b.sources.len(),
            SOURCES,
            "round {round}: every source once"
        );
        for i in 0..SOURCES {
            assert_eq!(
                desk.feeds.hits(&format!("/feed-{i}.rss")),
                round,
                "round {round}: feed {i}"
            );
        }
        // Next round: when every source is due again.
        let latest = db
            .store
            .sources()
            .await
            .unwrap()
            .iter()
            .filter_map(|s| s.state.next_check_at)
            .max()
            .unwrap();
        desk.clock.set(latest);
    }
    assert_eq!(
        db.store.count_stories().await.unwrap(),
        (SOURCES * 3) as i64
    );
    other_store.close().await;
}

async fn a_page_that_failed_for_a_passing_reason_is_fetched_again(db: TestDb) {
    let desk = Desk::new(db.store.clone(), "w1").await;
    // Stories are stamped with the machine's clock when stored: keep the
    // hand-moved clock beside it.
    desk.clock.set(Timestamp::now());
    let date = jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_string(&desk.now())
        .unwrap();
    let rss = format!(
        "<rss version=\"2.0\"><channel><title>Wire</title><item><guid>ferry-1</guid>\
         <title>Ferry service resumes</title><link>{}</link>\
         <description>Boats sail again.</description><pubDate>{date}</pubDate></item></channel></rss>",
        desk.feeds.url("/ferry.html")
    );
    desk.feeds.set(
        "/wire.rss",
        Fixture::ok("application/rss+xml", rss).with_etag("\"w1\""),
    );
    desk.feeds.set("/ferry.html", Fixture::status(503));
    let wire = desk.add("/wire.rss").await;
    let first = desk.pass().await;
    assert_eq!(
        first.sources[0].outcome,
        SourceOutcome::Fetched {
            new: 1,
            articles: 0,
            duplicate: 0,
            skipped: 0
        }
    );
    let story = &db
        .store
        .latest_stories(&newsdesk_store::StoryQuery {
            source: Some(wire.id),
            ..Default::default()
        })
        .await
        .unwrap()[0];
    assert_eq!(story.body_source, newsdesk_domain::BodySource::Feed);

    // The site is back; eleven minutes on, the unchanged feed (304) is
    // checked again and the page is tried again.
    let paragraph = "The ferry between the island and the mainland sailed again on \
                     Wednesday after a week of storms kept the boats in harbour. ";
    desk.feeds.set(
        "/ferry.html",
        Fixture::ok(
            "text/html; charset=utf-8",
            format!(
                "<html><head><title>Ferry service resumes</title></head><body><article>\
                 <h1>Ferry service resumes</h1><p>{}</p><p>{}</p></article></body></html>",
                paragraph.repeat(2),
                paragraph
            ),
        ),
    );
    desk.clock.advance(SignedDuration::from_mins(11));
    let again = desk.ingest.fetch_now(None, |_| {}).await.unwrap();
    assert_eq!(
        again.sources[0].outcome,
        SourceOutcome::NotModified { articles: 1 },
        "the page recovered on a 304 is counted"
    );
    assert_eq!(desk.feeds.hits("/ferry.html"), 2);
    let story = db.store.story(story.id).await.unwrap().unwrap();
    assert_eq!(story.body_source, newsdesk_domain::BodySource::Page);
    assert!(story.body.contains("week of storms"), "{}", story.body);
    // Settled: a later check does not ask for the page again.
    desk.clock.advance(SignedDuration::from_hours(2));
    desk.ingest.fetch_now(None, |_| {}).await.unwrap();
    assert_eq!(desk.feeds.hits("/ferry.html"), 2);
}
