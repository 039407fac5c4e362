//! Digests on time: two schedulers (two processes) looking at the same
//! masthead under a hand-moved clock send each local day's digest once,
//! when its `digest_at` comes, and nothing in between; a day without news
//! sends nothing. Across both of London's daylight-saving changes, at a
//! time the spring change skips and the autumn one repeats, in Brisbane
//! and at half past midnight, each local day gets one digest: never two,
//! never none.

mod common;

use common::*;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::Masthead;
use newsdesk_mail::{Desk, DigestScheduler, DigestTime, MailError, Transport};
use newsdesk_testkit::TestDb;
use newsdesk_testkit::newsroom::stories_every;
use std::collections::BTreeMap;

newsdesk_testkit::on_both_databases!(
    two_schedulers_send_each_day_once_when_it_falls_due,
    london_sends_one_digest_a_day_across_both_clock_changes,
    a_time_the_clocks_skip_or_repeat_is_sent_once_that_day,
    brisbane_at_half_past_midnight_sends_one_digest_a_day,
);

fn scheduler(db: &TestDb, outbox: &std::path::Path, owner: &str) -> DigestScheduler {
    scheduler_of(db, outbox, owner, kenya_star(), six())
}

fn scheduler_of(
    db: &TestDb,
    outbox: &std::path::Path,
    owner: &str,
    masthead: Masthead,
    at: DigestTime,
) -> DigestScheduler {
    DigestScheduler {
        store: db.store.clone(),
        transport: Transport::from_url(&format!("file://{}", outbox.display())).unwrap(),
        templates: templates(),
        signer: signer(),
        desks: vec![Desk {
            masthead,
            site: "https://kenyastar.example".into(),
            at,
            settings: settings(),
        }],
        owner: owner.into(),
    }
}

async fn two_schedulers_send_each_day_once_when_it_falls_due(db: TestDb) {
    seed_stories(&db.store, 2).await;
    confirmed_readers(&db.store, 3).await;
    let outbox = tempfile::tempdir().unwrap();
    let a = scheduler(&db, outbox.path(), "host:1:1");
    let b = scheduler(&db, outbox.path(), "host:2:2");

    // 14:00 in Brisbane on 4 October; then every ten minutes to midday on
    // the 6th. Digests fall due at 06:00 Brisbane, 20:00 UTC.
    let mut clock: Timestamp = "2026-10-04T04:00:00Z".parse().unwrap();
    let end: Timestamp = "2026-10-06T02:00:00Z".parse().unwrap();
    let (mut runs, mut empty) = (Vec::new(), Vec::new());
    while clock <= end {
        let (from_a, from_b) = tokio::join!(a.tick(clock), b.tick(clock));
        for (edition, result) in from_a.into_iter().chain(from_b) {
            match result {
                Ok(report) if report.sent > 0 => runs.push((edition.day.to_string(), clock)),
                Ok(report) if report.empty => empty.push((edition.day.to_string(), clock)),
                Ok(_) | Err(MailError::Busy { .. }) => {}
                Err(e) => panic!("{e:?}"),
            }
        }
        clock = clock.checked_add(SignedDuration::from_mins(10)).unwrap();
    }
    let at = |text: &str| text.parse::<Timestamp>().unwrap();
    assert_eq!(
        runs,
        [
            ("2026-10-04".to_owned(), at("2026-10-04T04:00:00Z")),
            ("2026-10-05".to_owned(), at("2026-10-04T20:00:00Z")),
        ],
        "the day already due at the start, then each day at 06:00 Brisbane"
    );
    assert_eq!(
        empty,
        [("2026-10-06".to_owned(), at("2026-10-05T20:00:00Z"))],
        "a day without a story is done once, with nothing sent"
    );
    let files = std::fs::read_dir(outbox.path()).unwrap().count();
    assert_eq!(files, 3 * 2, "three readers, two days with news, once each");
    db.store.close().await;
}

fn utc(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// Two schedulers of a masthead in `zone` sending at `at`, looking every
/// ten minutes of a hand-moved clock from `from` until `until`, with a
/// story every three hours and two readers. Returns, for each local day
/// that was sent, the digests sent and the first look that sent them;
/// checks that the days follow one another with none left out, and that
/// the outbox holds each day's two readers once, sent.
async fn days_sent(
    db: &TestDb,
    zone: &str,
    at: &str,
    (from, until): (Timestamp, Timestamp),
) -> BTreeMap<Date, (u64, Timestamp)> {
    let at = DigestTime::parse(at).unwrap();
    let masthead = kenya_star_in(zone);
    let outbox = tempfile::tempdir().unwrap();
    let a = scheduler_of(db, outbox.path(), "host:1:1", masthead.clone(), at);
    let b = scheduler_of(db, outbox.path(), "host:2:2", masthead.clone(), at);
    let mut clock = from;
    let mut days: BTreeMap<Date, (u64, Timestamp)> = BTreeMap::new();
    while clock <= until {
        let (from_a, from_b) = tokio::join!(a.tick(clock), b.tick(clock));
        for (edition, result) in from_a.into_iter().chain(from_b) {
            match result {
                Ok(report) if report.sent > 0 => {
                    let day = days.entry(edition.day).or_insert((0, clock));
                    day.0 += report.sent;
                }
                Ok(report) => assert!(!report.empty, "{}: no news at {clock}", edition.day),
                Err(MailError::Busy { .. }) => {}
                Err(e) => panic!("{e:?}"),
            }
        }
        clock = clock.checked_add(SignedDuration::from_mins(10)).unwrap();
    }
    let sent: Vec<Date> = days.keys().copied().collect();
    for pair in sent.windows(2) {
        assert_eq!(
            pair[0].tomorrow().unwrap(),
            pair[1],
            "a day left out: {days:?}"
        );
    }
    for (day, (count, _)) in &days {
        assert_eq!(*count, 2, "{day}: two readers, one digest each: {days:?}");
        let outbox = db.store.outbox_counts(&masthead.id, *day).await.unwrap();
        assert_eq!(
            (outbox.sent, outbox.queued, outbox.sending),
            (2, 0, 0),
            "{day}"
        );
    }
    days
}

/// Checks when each day was first sent: `(day, UTC instant)`.
fn assert_sent_at(days: &BTreeMap<Date, (u64, Timestamp)>, expected: &[(&str, &str)]) {
    let seen: Vec<(String, Timestamp)> = days
        .iter()
        .map(|(day, (_, at))| (day.to_string(), *at))
        .collect();
    let expected: Vec<(String, Timestamp)> = expected
        .iter()
        .map(|(day, at)| ((*day).to_owned(), utc(at)))
        .collect();
    assert_eq!(seen, expected);
}

async fn london_sends_one_digest_a_day_across_both_clock_changes(db: TestDb) {
    let (start, end) = (utc("2026-03-25T00:00:00Z"), utc("2026-10-30T00:00:00Z"));
    stories_every(&db.store, start, end, SignedDuration::from_hours(3)).await;
    confirmed_readers(&db.store, 2).await;
    // Spring: on Sunday 29 March 01:00 GMT becomes 02:00 BST; 06:00 is
    // 06:00 UTC before and 05:00 UTC after.
    let spring = days_sent(
        &db,
        "Europe/London",
        "06:00",
        (utc("2026-03-27T12:00:00Z"), utc("2026-03-31T12:00:00Z")),
    )
    .await;
    assert_sent_at(
        &spring,
        &[
            ("2026-03-27", "2026-03-27T12:00:00Z"),
            ("2026-03-28", "2026-03-28T06:00:00Z"),
            ("2026-03-29", "2026-03-29T05:00:00Z"),
            ("2026-03-30", "2026-03-30T05:00:00Z"),
            ("2026-03-31", "2026-03-31T05:00:00Z"),
        ],
    );
    // Autumn: on Sunday 25 October 02:00 BST becomes 01:00 GMT.
    let autumn = days_sent(
        &db,
        "Europe/London",
        "06:00",
        (utc("2026-10-23T12:00:00Z"), utc("2026-10-27T12:00:00Z")),
    )
    .await;
    assert_sent_at(
        &autumn,
        &[
            ("2026-10-23", "2026-10-23T12:00:00Z"),
            ("2026-10-24", "2026-10-24T05:00:00Z"),
            ("2026-10-25", "2026-10-25T06:00:00Z"),
            ("2026-10-26", "2026-10-26T06:00:00Z"),
            ("2026-10-27", "2026-10-27T06:00:00Z"),
        ],
    );
    db.store.close().await;
}

async fn a_time_the_clocks_skip_or_repeat_is_sent_once_that_day(db: TestDb) {
    let (start, end) = (utc("2026-03-25T00:00:00Z"), utc("2026-10-30T00:00:00Z"));
    stories_every(&db.store, start, end, SignedDuration::from_hours(3)).await;
    confirmed_readers(&db.store, 2).await;
    // 01:30 does not exist in London on 29 March: it goes past the gap,
    // at 02:30 BST (01:30 UTC), the same instant as on the days around it.
    let spring = days_sent(
        &db,
        "Europe/London",
        "01:30",
        (utc("2026-03-27T12:00:00Z"), utc("2026-03-30T12:00:00Z")),
    )
    .await;
    assert_sent_at(
        &spring,
        &[
            ("2026-03-27", "2026-03-27T12:00:00Z"),
            ("2026-03-28", "2026-03-28T01:30:00Z"),
            ("2026-03-29", "2026-03-29T01:30:00Z"),
            ("2026-03-30", "2026-03-30T00:30:00Z"),
        ],
    );
    // 01:30 happens twice on 25 October: the first (BST, 00:30 UTC) sends,
    // the second (GMT, 01:30 UTC) finds the day sent.
    let autumn = days_sent(
        &db,
        "Europe/London",
        "01:30",
        (utc("2026-10-23T12:00:00Z"), utc("2026-10-26T12:00:00Z")),
    )
    .await;
    assert_sent_at(
        &autumn,
        &[
            ("2026-10-23", "2026-10-23T12:00:00Z"),
            ("2026-10-24", "2026-10-24T00:30:00Z"),
            ("2026-10-25", "2026-10-25T00:30:00Z"),
            ("2026-10-26", "2026-10-26T01:30:00Z"),
        ],
    );
    db.store.close().await;
}

async fn brisbane_at_half_past_midnight_sends_one_digest_a_day(db: TestDb) {
    let (start, end) = (utc("2026-09-28T00:00:00Z"), utc("2026-10-10T00:00:00Z"));
    stories_every(&db.store, start, end, SignedDuration::from_hours(3)).await;
    confirmed_readers(&db.store, 2).await;
    // 00:30 in Brisbane (UTC+10 all year) is 14:30 UTC the day before; the
    // first look, at 12:00 UTC on 1 October (22:00 in Brisbane), finds the
    // 1st due.
    let days = days_sent(
        &db,
        "Australia/Brisbane",
        "00:30",
        (utc("2026-10-01T12:00:00Z"), utc("2026-10-05T12:00:00Z")),
    )
    .await;
    assert_sent_at(
        &days,
        &[
            ("2026-10-01", "2026-10-01T12:00:00Z"),
            ("2026-10-02", "2026-10-01T14:30:00Z"),
            ("2026-10-03", "2026-10-02T14:30:00Z"),
            ("2026-10-04", "2026-10-03T14:30:00Z"),
            ("2026-10-05", "2026-10-04T14:30:00Z"),
        ],
    );
    db.store.close().await;
}
