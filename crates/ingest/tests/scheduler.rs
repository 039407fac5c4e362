//! The scheduler against a real HTTP server and both databases, with a
//! clock moved by hand: no test sleeps, "six hours later" takes no time.
//!
//! Each test checks what an operator relies on: a source is fetched when
//! it is due and not before; failures back off and never drop a source;
//! one success restores the rhythm; what the server asks (`Retry-After`,
//! `<ttl>`, 410 Gone) is honoured; a dead worker's claim runs out and the
//! source is taken over; two workers never fetch one source twice. Story
//! pages that are due are fetched on their own clock, in small claimed
//! batches, and a worker that stops finishes what it holds and lets go of
//! the rest.

use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{FeedUrl, Source};
use newsdesk_ingest::pass::PageReport;
use newsdesk_ingest::{
    Clock, FetchSettings, Fetcher, Ingest, ManualClock, PassReport, Politeness, PolitenessSettings,
    Scheduler, SourceOutcome,
};
use newsdesk_store::{Lease, Store};
use newsdesk_testkit::{Fixture, FixtureServer, TestDb};
use std::sync::Arc;
use std::time::Duration;

newsdesk_testkit::on_both_databases!(
    sources_are_fetched_when_due_and_not_before,
    a_network_checked_all_at_once_parts_in_one_round,
    failures_back_off_and_one_success_restores_the_rhythm,
    what_the_server_asks_for_is_honoured,
    a_gone_feed_is_no_longer_polled,
    a_dead_workers_claim_runs_out_and_the_source_is_taken_over,
    a_killed_process_on_this_host_gives_its_sources_up_at_once,
    two_workers_never_fetch_one_source_twice,
    a_page_that_failed_for_a_passing_reason_is_fetched_again,
    due_pages_are_fetched_without_their_source_being_checked,
    one_pass_works_through_every_due_page_in_small_batches,
    two_workers_never_fetch_one_page_twice,
    claims_last_while_renewed_and_run_out_when_not,
    a_killed_process_on_this_host_gives_its_pages_up_at_once,
    a_stopping_worker_finishes_its_work_in_hand_then_releases_the_rest,
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

    /// A desk whose worker is named as this process is (host, process
    /// id), so that holders on this host can be told dead or alive; and
    /// the host's name.
    async fn named_as_this_process(store: Store) -> (String, Self) {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .unwrap()
            .trim()
            .to_owned();
        let me = format!("{host}:{}:{}", std::process::id(), 1_000);
        (host, Self::new(store, &me).await)
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
    // A first check spreads the next one over a whole interval (±50 %).
    assert!((5.0..=15.0).contains(&wire_wait), "{wire_wait}");
    assert!(
        (12.0 * 60.0..=24.0 * 60.0).contains(&column_wait),
        "a weekly column is checked within a day: {column_wait}"
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

/// Thirty wires publishing every ten minutes, added together and checked
/// in one pass: their next checks spread over the whole ten minutes at
/// once, stay spread, and spread again after the network was down for
/// three hours and caught up in one pass.
async fn a_network_checked_all_at_once_parts_in_one_round(db: TestDb) {
    const WIRES: usize = 30;
    let desk = Desk::new(db.store.clone(), "w1").await;
    let publish = |desk: &Desk| {
        for i in 0..WIRES {
            let name = format!("wire{i}");
            desk.feeds
                .set(&format!("/{name}.rss"), feed(&name, desk.now(), 10, 5, ""));
        }
    };
    publish(&desk);
    let mut ids = Vec::new();
    for i in 0..WIRES {
        ids.push(desk.add(&format!("/wire{i}.rss")).await.id);
    }
    // Minutes from now to each wire's next check, sorted.
    let waits = |desk: &Desk| {
        let desk_now = desk.now();
        let ids = ids.clone();
        let store = desk.ingest.store().clone();
        async move {
            let mut waits = Vec::new();
            for id in ids {
                let state = store.source(id).await.unwrap().unwrap().state;
                waits.push(minutes_between(desk_now, state.next_check_at.unwrap()));
            }
            waits.sort_by(f64::total_cmp);
            waits
        }
    };
    // Spread over the interval: no two-minute window holds half the
    // network (an even spread puts a fifth in each; a herd, all of it).
    let assert_spread = |waits: &[f64], when: &str| {
        let span = waits[WIRES - 1] - waits[0];
        assert!(span >= 8.0, "{when}: the checks span {span:.1} min");
        for window in waits.windows(WIRES / 2) {
            let width = window[WIRES / 2 - 1] - window[0];
            assert!(
                width > 2.0,
                "{when}: {} checks within {width:.1} min",
                WIRES / 2
            );
        }
    };

    assert_eq!(desk.pass().await.sources.len(), WIRES, "all due at once");
    let first = waits(&desk).await;
    assert!(first.iter().all(|w| (5.0..=15.0).contains(w)), "{first:?}");
    assert_spread(&first, "after the first pass");

    // An hour of passes a minute apart: each takes a few wires, never the herd.
    let mut most = 0;
    for _ in 0..60 {
        desk.clock.advance(SignedDuration::from_mins(1));
        publish(&desk);
        most = most.max(desk.pass().await.sources.len());
    }
    assert!(most <= WIRES / 3, "{most} wires in one pass");
    assert_spread(&waits(&desk).await, "an hour on");

    // Down for three hours: one pass catches up with everything, and
    // the herd it makes parts again at once.
    desk.clock.advance(SignedDuration::from_hours(3));
    publish(&desk);
    assert_eq!(desk.pass().await.sources.len(), WIRES, "all overdue");
    let caught_up = waits(&desk).await;
    assert!(
        caught_up.iter().all(|w| (5.0..=15.0).contains(w)),
        "{caught_up:?}"
    );
    assert_spread(&caught_up, "after catching up");
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
    let (host, desk) = Desk::named_as_this_process(db.store.clone()).await;
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
    assert_eq!(again.sources[0].outcome, SourceOutcome::NotModified);
    assert_eq!(
        again.pages,
        PageReport {
            tried: 1,
            articles: 1
        },
        "the page recovered in a pass whose feed answered 304 is counted"
    );
    assert_eq!(again.articles(), 1);
    assert_eq!(desk.feeds.hits("/ferry.html"), 2);
    let story = db.store.story(story.id).await.unwrap().unwrap();
    assert_eq!(story.body_source, newsdesk_domain::BodySource::Page);
    assert!(story.body.contains("week of storms"), "{}", story.body);
    // Settled: a later check does not ask for the page again.
    desk.clock.advance(SignedDuration::from_hours(2));
    desk.ingest.fetch_now(None, |_| {}).await.unwrap();
    assert_eq!(desk.feeds.hits("/ferry.html"), 2);
}

/// An article page of a few paragraphs, headed `title`.
fn article(title: &str) -> Fixture {
    let paragraph = format!(
        "The report on {title} was read out at the council meeting on Tuesday evening, \
         and members agreed to publish the figures in full next month. "
    );
    Fixture::ok(
        "text/html; charset=utf-8",
        format!(
            "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
             <p>{}</p><p>{}</p><p>{}</p></article></body></html>",
            paragraph.repeat(2),
            paragraph,
            paragraph
        ),
    )
}

/// A feed of `count` stories of `name` whose links are pages on `desk`'s
/// server (`/NAME/I.html`), published at `at`; the feed tells readers to
/// come back in a day.
fn feed_with_pages(desk: &Desk, name: &str, count: usize, at: Timestamp) -> Fixture {
    let date = jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_string(&at)
        .unwrap();
    let mut rss = format!("<rss version=\"2.0\"><channel><title>{name}</title><ttl>1440</ttl>");
    for i in 0..count {
        rss.push_str(&format!(
            "<item><guid>{name}-{i}</guid><title>{name} notice {i}</title><link>{}</link>\
             <description>Notice {i}.</description><pubDate>{date}</pubDate></item>",
            desk.feeds.url(&format!("/{name}/{i}.html"))
        ));
    }
    rss.push_str("</channel></rss>");
    Fixture::ok("application/rss+xml", rss).with_etag(&format!("\"{name}\""))
}

/// Sets every page of `name` to `fixture(i)`.
fn set_pages(desk: &Desk, name: &str, count: usize, fixture: impl Fn(usize) -> Fixture) {
    for i in 0..count {
        desk.feeds.set(&format!("/{name}/{i}.html"), fixture(i));
    }
}

/// How many stories of `source` took their body from their page: every
/// stored story, each version of a wire copy counted (these fixture pages
/// are one paragraph repeated, so they cluster).
async fn from_pages(store: &Store, source: newsdesk_domain::SourceId) -> usize {
    let every = newsdesk_store::StoryFilter {
        source: Some(source),
        with_unpublished: true,
        ..Default::default()
    };
    store
        .list_stories(&every, None, 1000)
        .await
        .unwrap()
        .stories
        .iter()
        .filter(|s| s.body_source == newsdesk_domain::BodySource::Page)
        .count()
}

async fn due_pages_are_fetched_without_their_source_being_checked(db: TestDb) {
    let desk = Desk::new(db.store.clone(), "w1").await;
    desk.clock.set(Timestamp::now());
    desk.feeds
        .set("/wire.rss", feed_with_pages(&desk, "wire", 3, desk.now()));
    set_pages(&desk, "wire", 3, |_| Fixture::status(503));
    let wire = desk.add("/wire.rss").await;
    let first = desk.pass().await;
    assert_eq!(first.sources.len(), 1);
    assert_eq!(from_pages(&db.store, wire.id).await, 0);
    let next_check = desk.source(wire.id).await.state.next_check_at.unwrap();
    assert!(
        minutes_between(desk.now(), next_check) > 60.0,
        "the feed asked for a day"
    );

    // The site is back. Eleven minutes on the pages are due; the source is not.
    set_pages(&desk, "wire", 3, |i| article(&format!("Harbour works {i}")));
    desk.clock.advance(SignedDuration::from_mins(11));
    let pass = desk.pass().await;
    assert!(pass.sources.is_empty(), "the source is not due");
    assert_eq!(desk.feeds.hits("/wire.rss"), 1);
    assert_eq!(
        pass.pages,
        PageReport {
            tried: 3,
            articles: 3
        }
    );
    assert_eq!(from_pages(&db.store, wire.id).await, 3);
}

async fn one_pass_works_through_every_due_page_in_small_batches(db: TestDb) {
    // More due pages than many batches hold (four sources at once: eight
    // pages a batch), over several sources.
    const PER_SOURCE: usize = 30;
    let desk = Desk::new(db.store.clone(), "w1").await;
    desk.clock.set(Timestamp::now());
    let mut sources = Vec::new();
    for name in ["north", "south", "east"] {
        desk.feeds.set(
            &format!("/{name}.rss"),
            feed_with_pages(&desk, name, PER_SOURCE, desk.now()),
        );
        set_pages(&desk, name, PER_SOURCE, |_| Fixture::status(503));
        sources.push(desk.add(&format!("/{name}.rss")).await);
    }
    desk.pass().await;
    for name in ["north", "south", "east"] {
        set_pages(&desk, name, PER_SOURCE, |i| {
            article(&format!("{name} road report {i}"))
        });
    }
    desk.clock.advance(SignedDuration::from_mins(11));
    let pass = desk.pass().await;
    assert_eq!(
        pass.pages,
        PageReport {
            tried: 3 * PER_SOURCE,
            articles: 3 * PER_SOURCE
        },
        "every due page in one pass"
    );
    for source in &sources {
        assert_eq!(from_pages(&db.store, source.id).await, PER_SOURCE);
    }
    assert_eq!(
        db.store.pages_due(desk.now()).await.unwrap(),
        0,
        "nothing is left due"
    );
}

async fn two_workers_never_fetch_one_page_twice(db: TestDb) {
    const PAGES: usize = 60;
    let desk = Desk::new(db.store.clone(), "first").await;
    desk.clock.set(Timestamp::now());
    let other_store = Store::connect(&db.url).await.unwrap();
    let second = ingest(other_store.clone(), "second", desk.clock.clone());
    desk.feeds.set(
        "/wire.rss",
        feed_with_pages(&desk, "wire", PAGES, desk.now()),
    );
    set_pages(&desk, "wire", PAGES, |_| Fixture::status(503));
    let wire = desk.add("/wire.rss").await;
    desk.pass().await;
    set_pages(&desk, "wire", PAGES, |i| {
        article(&format!("Market day {i}")).with_delay(Duration::from_millis(5))
    });
    desk.clock.advance(SignedDuration::from_mins(11));
    let (a, b) = tokio::join!(desk.ingest.fetch_due(|_| {}), second.fetch_due(|_| {}));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.pages.tried + b.pages.tried, PAGES, "every page once");
    for i in 0..PAGES {
        assert_eq!(desk.feeds.hits(&format!("/wire/{i}.html")), 2, "page {i}");
    }
    assert_eq!(from_pages(&db.store, wire.id).await, PAGES);
    other_store.close().await;
}

async fn claims_last_while_renewed_and_run_out_when_not(db: TestDb) {
    let desk = Desk::new(db.store.clone(), "w1").await;
    let ingest = desk.ingest.clone().with_lease(Duration::from_secs(60));
    let rival = self::ingest(db.store.clone(), "w2", desk.clock.clone());
    desk.feeds
        .set("/wire.rss", feed("wire", desk.now(), 10, 2, ""));
    let wire = desk.add("/wire.rss").await;
    // w1 holds the source, and a page, as a pass in progress would.
    let lease = Lease {
        owner: "w1".into(),
        until: desk
            .now()
            .checked_add(SignedDuration::from_secs(60))
            .unwrap(),
    };
    db.store
        .claim_due_sources(&lease, desk.now(), 10)
        .await
        .unwrap();
    let story = new_story(wire.id, "http://127.0.0.1:9/held-1", desk.now());
    db.store
        .insert_stories_held(std::slice::from_ref(&story), Some(&lease))
        .await
        .unwrap();

    // Renewed every 20 seconds (a third of the lease) for three minutes:
    // the rival never gets either.
    for _ in 0..9 {
        desk.clock.advance(SignedDuration::from_secs(20));
        let held = ingest.renew_claims().await.unwrap();
        assert_eq!((held.sources, held.pages), (1, 1));
        let tried = rival.fetch_due(|_| {}).await.unwrap();
        assert!(tried.sources.is_empty() && tried.pages.tried == 0);
    }
    assert_eq!(
        desk.source(wire.id).await.state.held_by.as_deref(),
        Some("w1")
    );
    // w1 stops renewing (it hangs, or its host died): a lease later the
    // rival takes both.
    desk.clock.advance(SignedDuration::from_secs(61));
    let taken = rival.fetch_due(|_| {}).await.unwrap();
    assert_eq!(taken.sources.len(), 1);
    assert_eq!(taken.pages.tried, 1);
    assert_eq!(desk.feeds.hits("/wire.rss"), 1);
    // Everything the rival held is let go when its pass ends.
    assert_eq!(
        db.store.claim_holders().await.unwrap(),
        Vec::<String>::new()
    );
}

async fn a_killed_process_on_this_host_gives_its_pages_up_at_once(db: TestDb) {
    let (host, desk) = Desk::named_as_this_process(db.store.clone()).await;
    desk.clock.set(Timestamp::now());
    desk.feeds
        .set("/wire.rss", feed_with_pages(&desk, "wire", 4, desk.now()));
    set_pages(&desk, "wire", 4, |i| {
        article(&format!("Bridge repairs {i}"))
    });
    let wire = desk.add("/wire.rss").await;
    // A process stored the feed's items, holding their pages, and was
    // killed before fetching them.
    let killed = Lease {
        owner: format!("{host}:999999999:1"),
        until: desk
            .now()
            .checked_add(SignedDuration::from_mins(1))
            .unwrap(),
    };
    let stories: Vec<_> = (0..4)
        .map(|i| {
            new_story(
                wire.id,
                &desk.feeds.url(&format!("/wire/{i}.html")),
                desk.now(),
            )
        })
        .collect();
    db.store
        .insert_stories_held(&stories, Some(&killed))
        .await
        .unwrap();
    assert_eq!(db.store.pages_due(desk.now()).await.unwrap(), 0, "held");
    // The next pass, at once (the killed claim has most of its minute
    // left), fetches them.
    let pass = desk.ingest.fetch_now(None, |_| {}).await.unwrap();
    assert_eq!(
        pass.pages,
        PageReport {
            tried: 4,
            articles: 4
        }
    );
    assert_eq!(from_pages(&db.store, wire.id).await, 4);
    for i in 0..4 {
        assert_eq!(desk.feeds.hits(&format!("/wire/{i}.html")), 1, "page {i}");
    }
}

async fn a_stopping_worker_finishes_its_work_in_hand_then_releases_the_rest(db: TestDb) {
    let desk = Desk::new(db.store.clone(), "w1").await;
    desk.feeds.set(
        "/slow.rss",
        feed("slow", desk.now(), 10, 2, "").with_delay(Duration::from_millis(300)),
    );
    desk.feeds.set(
        "/stuck.rss",
        feed("stuck", desk.now(), 10, 2, "").with_delay(Duration::from_secs(30)),
    );
    let slow = desk.add("/slow.rss").await;

    // A shutdown while the slow feed is being read: it is finished within
    // the grace period and recorded, and nothing is left held.
    stop_while_fetching(
        desk.ingest.clone(),
        Duration::from_secs(20),
        &desk.feeds,
        "/slow.rss",
    )
    .await;
    let state = desk.source(slow.id).await.state;
    assert!(
        state.last_checked_at.is_some(),
        "the fetch in hand finished"
    );
    assert_eq!(state.held_by, None);
    assert_eq!(db.store.count_stories().await.unwrap(), 2);

    // A fetch that outlasts the grace period is stopped and its source
    // released at once for the next process, not left to its lease.
    let stuck = desk.add("/stuck.rss").await;
    let ingest = self::ingest(db.store.clone(), "w2", desk.clock.clone());
    stop_while_fetching(
        ingest,
        Duration::from_millis(100),
        &desk.feeds,
        "/stuck.rss",
    )
    .await;
    let state = desk.source(stuck.id).await.state;
    assert_eq!(state.last_checked_at, None, "stopped before it finished");
    assert_eq!(state.held_by, None, "released");
    assert_eq!(
        db.store.claim_holders().await.unwrap(),
        Vec::<String>::new()
    );
}

/// Runs a worker's loop with `grace`, signals it to stop once `path` is
/// being fetched, and waits for the loop to end.
async fn stop_while_fetching(ingest: Ingest, grace: Duration, feeds: &FixtureServer, path: &str) {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let scheduler = Scheduler::new(ingest).shutdown_grace(grace);
    let running = tokio::spawn(async move {
        scheduler
            .run(async {
                let _ = stopped.await;
            })
            .await
    });
    let mut asked = false;
    for _ in 0..1000 {
        if feeds.hits(path) > 0 {
            asked = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(asked, "{path} was never asked for");
    stop.send(()).unwrap();
    running.await.unwrap();
}

/// A story of `source` at `link`, as a feed item would give it.
fn new_story(
    source: newsdesk_domain::SourceId,
    link: &str,
    at: Timestamp,
) -> newsdesk_domain::NewStory {
    newsdesk_domain::NewStory {
        source_id: source,
        guid: link.into(),
        link: link.into(),
        canonical_link: newsdesk_domain::CanonicalLink::parse(link).unwrap(),
        title: format!("Notice at {link}"),
        standfirst: String::new(),
        body: "A short notice.".into(),
        author: None,
        published_at: at,
        categories: Vec::new(),
        section: newsdesk_domain::Section::general(),
        dateline: None,
        filed: newsdesk_domain::Filed::default(),
    }
}
