//! Hostile sources: one network where each way a server can misbehave has
//! a source of its own, next to healthy sources whose stories are already
//! stored. One worker pass runs over all of them at once.
//!
//! For each hostile source the test checks what its stored state becomes
//! (a readable error, the failure count, when it is due again), and for the
//! whole network that the pass finished with a report for every source,
//! that the healthy sources were read as usual in the same pass, and that
//! every story stored before is still there, unchanged.
//!
//! The fetcher has the address guard ON (`allow_private_addresses =
//! false`) and lets through one exact address, 127.0.0.1, where the
//! fixture servers listen. So the redirects to 169.254.169.254 and to
//! `[::ffff:127.0.0.1]` are refused by the guard on the redirect hop itself,
//! after a first hop that was allowed: the test proves the redirect check,
//! not merely that loopback is refused (the refusal of any first hop on
//! loopback is `bad_input.rs`'s test).
//!
//! Bad input already covered there (plain text, broken XML and JSON, a
//! slow first byte) is not repeated; the HTML page, 404 and 500 are here
//! again only as members of the hostile network.

mod common;

use common::Network;
use flate2::Compression;
use flate2::write::GzEncoder;
use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{FeedUrl, Source, SourceId, Story};
use newsdesk_ingest::feed::MAX_ITEMS;
use newsdesk_ingest::{FetchSettings, Fetcher, Ingest, ManualClock, SourceOutcome};
use newsdesk_store::{Lease, Store, StoryQuery};
use newsdesk_testkit::{Fixture, FixtureServer, TestDb};
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

newsdesk_testkit::on_both_databases!(a_hostile_network_harms_no_other_source);

/// The first pass; the hostile pass runs two days later.
const FIRST_PASS: &str = "2026-03-12T12:00:00Z";

/// Items in the flood feed.
const FLOOD_ITEMS: usize = 100_000;

/// What the pass's fetcher reads at most (the default cap, kept).
const CAP_KIB: usize = 10 * 1024;

/// Titles of the windows-1251 feed, in Russian and in Bulgarian.
const CYRILLIC_TITLES: [&str; 2] = [
    "Паром на остров снова ходит по расписанию",
    "Пристанището във Варна отваря нов терминал",
];

async fn a_hostile_network_harms_no_other_source(db: TestDb) {
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_test_writer()
        .try_init();
    let net = Network::new(db).await;
    let store = net.store().clone();
    let clock = Arc::new(ManualClock::new(at(FIRST_PASS)));
    // The guard is on; only the fixture servers' exact address is let through.
    let fetcher = Fetcher::new(FetchSettings {
        timeout: Duration::from_secs(2),
        allow_private_addresses: false,
        allowed_addresses: vec![IpAddr::V4(Ipv4Addr::LOCALHOST)],
        ..FetchSettings::default()
    })
    .unwrap();
    assert_eq!(fetcher.settings().max_body_bytes, CAP_KIB * 1024);
    let ingest = Ingest::new(store.clone(), fetcher)
        .with_politeness(net.politeness.clone())
        .with_clock(clock.clone())
        .with_worker("hostile-network-worker");

    // The healthy sources' first pass: their stories are what must not be lost.
    let first = ingest.fetch_due(|_| {}).await.unwrap();
    assert_eq!(first.sources.len(), 3);
    assert_eq!(first.failed(), 0, "{first:?}");
    let stored_before = all_stories(&store).await;
    assert_eq!(stored_before.len(), 7);

    let hostile = FixtureServer::start().await;
    let cases = serve_hostile_feeds(&hostile);
    let mut ids = Vec::new();
    for (path, name) in &cases {
        ids.push(add_source(&store, &hostile.url(path), name).await.id);
    }
    let id_of = |name: &str| ids[cases.iter().position(|(_, n)| *n == name).unwrap()];

    // Two days later every source is due: the healthy ones and the new ones.
    clock.advance(SignedDuration::from_hours(48));
    let now = at(FIRST_PASS) + SignedDuration::from_hours(48);
    let report = ingest.fetch_due(|_| {}).await.unwrap();

    // The pass finished, with one line for each source, and left no lease behind.
    assert_eq!(report.sources.len(), 3 + cases.len(), "{report:#?}");
    let mut reported: Vec<SourceId> = report.sources.iter().map(|s| s.source_id).collect();
    reported.sort_by_key(|id| id.0);
    reported.dedup();
    assert_eq!(reported.len(), 3 + cases.len());
    let lease = Lease {
        owner: "an-inspector".into(),
        until: now + SignedDuration::from_mins(10),
    };
    assert!(
        store
            .claim_due_sources(&lease, now, 100)
            .await
            .unwrap()
            .is_empty(),
        "every source is scheduled ahead and none is still held"
    );
    let outcome = |id: SourceId| {
        report
            .sources
            .iter()
            .find(|s| s.source_id == id)
            .unwrap()
            .outcome
            .clone()
    };

    // The healthy sources were read as usual in the same pass.
    for healthy in &net.sources {
        let source = store.source(healthy.id).await.unwrap().unwrap();
        assert!(
            matches!(
                outcome(healthy.id),
                SourceOutcome::Fetched { new: 0, .. } | SourceOutcome::NotModified
            ),
            "{}: {:?}",
            source.name,
            outcome(healthy.id)
        );
        assert_eq!(source.state.last_success_at, Some(now), "{}", source.name);
        assert_eq!(source.state.failures, 0, "{}", source.name);
    }
    // Nothing stored before was lost or changed.
    for before in &stored_before {
        let after = store.story(before.id).await.unwrap();
        assert_eq!(after.as_ref(), Some(before), "story {}", before.id);
    }
    assert_eq!(
        store.count_stories().await.unwrap(),
        stored_before.len() as i64 + report.new_stories() as i64
    );

    // Each hostile source, by the state an operator reads in `source list`.
    let state = |name: &'static str| {
        let store = store.clone();
        let id = id_of(name);
        async move { store.source(id).await.unwrap().unwrap() }
    };
    let retried_soon = |source: &Source| {
        // One failure: retried after the 5-minute base, give or take the jitter.
        assert_eq!(source.state.failures, 1, "{}", source.name);
        assert_eq!(source.state.last_checked_at, Some(now), "{}", source.name);
        assert_eq!(source.state.last_success_at, None, "{}", source.name);
        let wait = seconds_after(now, source.state.next_check_at.unwrap());
        assert!(
            (270..=330).contains(&wait),
            "{}: due in {wait} s",
            source.name
        );
    };
    let says = |source: &Source, words: &[&str]| {
        let error = source.state.last_error.clone().unwrap_or_default();
        for word in words {
            assert!(
                error.contains(word),
                "{}: {error:?} should say {word:?}",
                source.name
            );
        }
        error
    };

    let trickle = state("Trickling Gazette").await;
    says(&trickle, &["timed out after 2 s"]);
    retried_soon(&trickle);
    // A few bytes, not the whole feed; more than two only because the pass
    // is not polled while another source's large feed is being parsed.
    assert!(
        hostile.bytes_sent("/trickle.rss") < TRICKLED_FEED.len() as u64,
        "abandoned mid-trickle"
    );

    let cap = format!("the response is larger than the {CAP_KIB} KiB cap");
    let endless = state("Endless Courier").await;
    says(&endless, &[&cap]);
    retried_soon(&endless);
    let sent = hostile.bytes_sent("/endless.rss");
    assert!(
        sent < 64 << 20,
        "reading stopped near the cap, not at 1 GiB: {sent} bytes sent"
    );

    let bomb = state("Compressed Courier").await;
    says(&bomb, &[&cap]);
    retried_soon(&bomb);

    let circular = state("Circular Times").await;
    says(&circular, &["more than 5 redirects"]);
    retried_soon(&circular);
    assert_eq!(
        hostile.hits("/loop.rss"),
        6,
        "the first request and 5 redirects"
    );

    let metadata = state("Metadata Herald").await;
    says(
        &metadata,
        &[
            "refused to fetch 169.254.169.254",
            "link-local or cloud metadata",
        ],
    );
    retried_soon(&metadata);

    let mapped = state("Mapped Mail").await;
    says(
        &mapped,
        &[
            "refused to fetch [::ffff:",
            "::ffff:127.0.0.1 is a loopback address",
        ],
    );
    retried_soon(&mapped);
    assert_eq!(
        hostile.hits("/behind-the-guard.rss"),
        0,
        "the redirect target was never asked"
    );

    let missing = state("Missing Monitor").await;
    says(&missing, &["HTTP 404 from the server"]);
    retried_soon(&missing);

    let departed = state("Departed Daily").await;
    assert_eq!(outcome(departed.id).label(), "gone");
    says(&departed, &["HTTP 410", "gone", "polling has stopped"]);
    assert_eq!(departed.state.gone_at, Some(now));
    assert_eq!(departed.state.next_check_at, None);
    let departed_report = report.sources.iter().find(|s| s.source_id == departed.id);
    assert_eq!(departed_report.unwrap().next_check_at, None);

    let busy = state("Busy Bulletin").await;
    says(
        &busy,
        &["HTTP 429 from the server; it asked us to wait 3600 s"],
    );
    assert_eq!(busy.state.failures, 1);
    let wait = seconds_after(now, busy.state.next_check_at.unwrap());
    assert!(
        (3600..=3960).contains(&wait),
        "Retry-After: 3600 and due in {wait} s"
    );

    let broken = state("Broken Press").await;
    says(&broken, &["HTTP 500 from the server"]);
    retried_soon(&broken);

    let laughing = state("Laughing Ledger").await;
    // Entities beyond XML's own five are never expanded: the one item is
    // stored with its references as written, a few bytes, not gigabytes.
    assert_eq!(laughing.state.last_error, None);
    let laughs = store
        .latest_stories(&of_source(laughing.id, 10))
        .await
        .unwrap();
    assert_eq!(laughs.len(), 1);
    assert_eq!(laughs[0].title, "&ha9;");
    assert_eq!(laughs[0].standfirst, "&ha9;&ha9;&ha9;");

    let homepage = state("Homepage Weekly").await;
    says(&homepage, &["not a feed: the response is an HTML page"]);
    retried_soon(&homepage);

    // The charset named in the XML declaration, or only in the header.
    for name in ["Northern Wire", "Southern Wire"] {
        let cyrillic = state(name).await;
        assert_eq!(cyrillic.state.last_error, None);
        assert_eq!(cyrillic.state.last_success_at, Some(now));
        let mut titles: Vec<String> = store
            .latest_stories(&of_source(cyrillic.id, 10))
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.title)
            .collect();
        titles.sort();
        let mut expected = CYRILLIC_TITLES.map(str::to_owned).to_vec();
        expected.sort();
        assert_eq!(titles, expected, "{name}");
    }

    let flood = state("Flood Wire").await;
    assert_eq!(
        outcome(flood.id),
        SourceOutcome::Fetched {
            new: MAX_ITEMS,
            articles: 0,
            duplicate: 0,
            skipped: FLOOD_ITEMS - MAX_ITEMS,
        }
    );
    let note = says(
        &flood,
        &["skipped 99000 of 100000 items", "beyond the newest 1000"],
    );
    assert!(note.starts_with("skipped"), "{note}");
    let flooded = store
        .latest_stories(&of_source(flood.id, 2 * MAX_ITEMS as u32))
        .await
        .unwrap();
    assert_eq!(flooded.len(), MAX_ITEMS);
    // All undated, so the tie keeps the feed's order: its first items.
    assert!(flooded.iter().any(|s| s.guid == "flood-0"));
    assert!(
        flooded
            .iter()
            .all(|s| s.guid != format!("flood-{MAX_ITEMS}"))
    );

    let echo = state("Echo Chronicle").await;
    assert_eq!(
        outcome(echo.id),
        SourceOutcome::Fetched {
            new: 2,
            articles: 0,
            duplicate: 1,
            skipped: 0
        }
    );
    let echoed = store.latest_stories(&of_source(echo.id, 10)).await.unwrap();
    let mut guids: Vec<&str> = echoed.iter().map(|s| s.guid.as_str()).collect();
    guids.sort_unstable();
    assert_eq!(guids, ["echo-1", "echo-2"]);
    let first_echo = echoed.iter().find(|s| s.guid == "echo-1").unwrap();
    assert_eq!(
        first_echo.title,
        "Lighthouse keeper retires after forty years"
    );

    let timeless = state("Time-Travel Tribune").await;
    let dated = store
        .latest_stories(&of_source(timeless.id, 10))
        .await
        .unwrap();
    let when = |title: &str| {
        dated
            .iter()
            .find(|s| s.title == title)
            .unwrap()
            .published_at
    };
    assert_eq!(when("Festival dates for the year 2100 announced"), now);
    assert_eq!(when("Archive notice carrying the epoch"), now);
    assert_eq!(
        when("Ferry timetable changes tomorrow"),
        now - SignedDuration::from_hours(3)
    );
    // Neither date bends the rhythm: it stays within the daily bound.
    let wait = seconds_after(now, timeless.state.next_check_at.unwrap());
    assert!((60..=26 * 3600).contains(&wait), "due in {wait} s");

    // Later on, every source is due again except the one that is gone.
    let later = now + SignedDuration::from_hours(48);
    let lease = Lease {
        owner: "an-inspector".into(),
        until: later + SignedDuration::from_mins(10),
    };
    let due: Vec<SourceId> = store
        .claim_due_sources(&lease, later, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(due.len(), 3 + cases.len() - 1);
    assert!(!due.contains(&departed.id), "a gone source is not polled");
    assert_eq!(hostile.hits("/gone.rss"), 1);
}

/// Serves one hostile feed per path; returns `(path, source name)`.
fn serve_hostile_feeds(hostile: &FixtureServer) -> Vec<(&'static str, &'static str)> {
    let base = hostile.url("");
    let port = base.rsplit(':').next().unwrap().to_owned();
    // Pages of the hostile sites are not fetched: their robots.txt says so,
    // which keeps the flood's thousand new stories from a thousand requests.
    hostile.set(
        "/robots.txt",
        Fixture::ok("text/plain", "User-agent: *\nDisallow: /\n"),
    );
    let small_feed = TRICKLED_FEED;
    let cases = [
        (
            "/trickle.rss",
            "Trickling Gazette",
            Fixture::trickle("application/rss+xml", small_feed, Duration::from_secs(1)),
        ),
        (
            "/endless.rss",
            "Endless Courier",
            // 1 GiB, made as it is sent, with no Content-Length to refuse it by.
            Fixture::repeated(
                "application/rss+xml",
                "<item><title>Again and again</title><link>/again</link></item>\n",
                1 << 30,
            ),
        ),
        (
            "/bomb.rss",
            "Compressed Courier",
            Fixture::ok("application/rss+xml", gzip_bomb().to_vec()).with_content_encoding("gzip"),
        ),
        (
            "/loop.rss",
            "Circular Times",
            Fixture::redirect(302, "/loop.rss"),
        ),
        (
            "/metadata.rss",
            "Metadata Herald",
            Fixture::redirect(302, "http://169.254.169.254/latest/meta-data/"),
        ),
        (
            "/mapped.rss",
            "Mapped Mail",
            // The same server under another spelling of its address.
            Fixture::redirect(
                302,
                &format!("http://[::ffff:127.0.0.1]:{port}/behind-the-guard.rss"),
            ),
        ),
        ("/missing.rss", "Missing Monitor", Fixture::status(404)),
        ("/gone.rss", "Departed Daily", Fixture::status(410)),
        (
            "/busy.rss",
            "Busy Bulletin",
            Fixture::status(429).with_header("retry-after", "3600"),
        ),
        ("/broken.rss", "Broken Press", Fixture::status(500)),
        (
            "/laughs.rss",
            "Laughing Ledger",
            Fixture::ok("application/rss+xml", billion_laughs()),
        ),
        (
            "/homepage.rss",
            "Homepage Weekly",
            Fixture::ok(
                "text/html; charset=utf-8",
                "<!DOCTYPE html>\n<html><head><title>Homepage Weekly</title></head>\
                 <body><p>Our news feed has moved to the new site.</p></body></html>",
            ),
        ),
        (
            "/cyrillic.rss",
            "Northern Wire",
            Fixture::ok("application/rss+xml", windows_1251_feed("north", true)),
        ),
        (
            "/cyrillic-header.rss",
            "Southern Wire",
            Fixture::ok(
                "application/rss+xml; charset=windows-1251",
                windows_1251_feed("south", false),
            ),
        ),
        (
            "/flood.rss",
            "Flood Wire",
            Fixture::ok("application/rss+xml", flood_feed()),
        ),
        (
            "/echo.rss",
            "Echo Chronicle",
            Fixture::ok("application/rss+xml", ECHO_FEED),
        ),
        (
            "/dates.rss",
            "Time-Travel Tribune",
            Fixture::ok("application/rss+xml", dates_feed()),
        ),
    ];
    hostile.set(
        "/behind-the-guard.rss",
        Fixture::ok("application/rss+xml", small_feed),
    );
    cases
        .into_iter()
        .map(|(path, name, fixture)| {
            hostile.set(path, fixture);
            (path, name)
        })
        .collect()
}

/// 64 MiB of a feed's opening and blanks, gzipped to well under 100 KiB.
/// Made once for both backends' tests.
fn gzip_bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        encoder
            .write_all(b"<rss version=\"2.0\"><channel><title>Compressed</title>")
            .unwrap();
        let blanks = vec![b' '; 1 << 20];
        for _ in 0..64 {
            encoder.write_all(&blanks).unwrap();
        }
        let bomb = encoder.finish().unwrap();
        assert!(bomb.len() < 100 * 1024, "{} bytes", bomb.len());
        bomb
    })
}

/// Entities nested nine deep: each `&ha9;` would be 10⁸ laughs if expanded.
fn billion_laughs() -> String {
    let mut doctype = String::from("<!ENTITY ha1 \"ha\">\n");
    for level in 2..=9 {
        let inner = format!("&ha{};", level - 1).repeat(10);
        doctype.push_str(&format!("<!ENTITY ha{level} \"{inner}\">\n"));
    }
    format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n{doctype}]>\n\
         <rss version=\"2.0\"><channel><title>Laughing Ledger</title>\n\
         <item><title>&ha9;</title><link>/laughs/1</link>\
         <description>&ha9;&ha9;&ha9;</description></item>\n</channel></rss>"
    )
}

/// A feed in windows-1251, saying so in its XML declaration
/// (`declared`) or only in the HTTP header; `key` keeps its items apart.
fn windows_1251_feed(key: &str, declared: bool) -> Vec<u8> {
    let declaration = if declared {
        "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n"
    } else {
        ""
    };
    let feed = format!(
        "{declaration}<rss version=\"2.0\"><channel><title>Северная лента</title>\n\
         <item><guid>{key}-1</guid><title>{}</title><link>/{key}/1</link>\
         <description>Рейсы возобновились после шторма.</description></item>\n\
         <item><guid>{key}-2</guid><title>{}</title><link>/{key}/2</link>\
         <description>Първите кораби пристигат през пролетта.</description></item>\n\
         </channel></rss>",
        CYRILLIC_TITLES[0], CYRILLIC_TITLES[1]
    );
    windows_1251(&feed)
}

/// ASCII and the Cyrillic letters А to я (no Ё) in windows-1251, where
/// they run in order from 0xC0.
fn windows_1251(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            c if c.is_ascii() => c as u8,
            'А'..='я' => (0xC0 + (c as u32 - 'А' as u32)) as u8,
            other => panic!("{other:?} is outside this test's windows-1251 table"),
        })
        .collect()
}

/// 100,000 short undated items, about 8 MB: under the default 10 MiB cap.
fn flood_feed() -> String {
    let mut feed = String::from("<rss version=\"2.0\"><channel><title>Flood Wire</title>\n");
    for i in 0..FLOOD_ITEMS {
        feed.push_str(&format!(
            "<item><guid>flood-{i}</guid><title>Notice {i}</title><link>/f/{i}</link></item>\n"
        ));
    }
    feed.push_str("</channel></rss>");
    assert!(feed.len() < CAP_KIB * 1024, "{} bytes", feed.len());
    feed
}

/// A feed that would be fine, if it came faster than a byte a second.
const TRICKLED_FEED: &str = r#"<rss version="2.0"><channel><title>Trickling Gazette</title>
  <description>Our feed arrives one letter at a time, like a telegram sent by hand.</description>
  <item><title>Would have been fine</title><link>/slow/1</link></item></channel></rss>"#;

/// The same guid twice in one feed, on two different items.
const ECHO_FEED: &str = r#"<rss version="2.0"><channel><title>Echo Chronicle</title>
  <item><guid>echo-1</guid><title>Lighthouse keeper retires after forty years</title><link>/echo/keeper</link></item>
  <item><guid>echo-1</guid><title>Lighthouse keeper retires (corrected)</title><link>/echo/keeper-corrected</link></item>
  <item><guid>echo-2</guid><title>Harbour café reopens</title><link>/echo/cafe</link></item>
</channel></rss>"#;

/// An item dated 2100, one dated 1970, and one from three hours before the pass.
fn dates_feed() -> String {
    let recent = jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_string(&(at(FIRST_PASS) + SignedDuration::from_hours(45)))
        .unwrap();
    format!(
        r#"<rss version="2.0"><channel><title>Time-Travel Tribune</title>
  <item><title>Festival dates for the year 2100 announced</title><link>/t/2100</link><pubDate>Fri, 01 Jan 2100 09:00:00 GMT</pubDate></item>
  <item><title>Archive notice carrying the epoch</title><link>/t/1970</link><pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate></item>
  <item><title>Ferry timetable changes tomorrow</title><link>/t/ferry</link><pubDate>{recent}</pubDate></item>
</channel></rss>"#
    )
}

async fn add_source(store: &Store, url: &str, name: &str) -> Source {
    store
        .add_source(&NewSource {
            url: FeedUrl::parse(url).unwrap(),
            name: name.into(),
            section: None,
            mastheads: Vec::new(),
        })
        .await
        .unwrap()
}

async fn all_stories(store: &Store) -> Vec<Story> {
    store
        .latest_stories(&StoryQuery {
            limit: 10_000,
            ..StoryQuery::default()
        })
        .await
        .unwrap()
}

fn of_source(id: SourceId, limit: u32) -> StoryQuery {
    StoryQuery {
        source: Some(id),
        limit,
        ..StoryQuery::default()
    }
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn seconds_after(earlier: Timestamp, later: Timestamp) -> i64 {
    later.as_second() - earlier.as_second()
}
