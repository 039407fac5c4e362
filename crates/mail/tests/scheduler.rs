//! Digests on time: two schedulers (two processes) looking at the same
//! masthead under a hand-moved clock send each local day's digest once,
//! when its `digest_at` comes, and nothing in between; a day without news
//! sends nothing.

mod common;

use common::*;
use jiff::{SignedDuration, Timestamp};
use newsdesk_mail::{Desk, DigestScheduler, MailError, Transport};
use newsdesk_testkit::TestDb;

newsdesk_testkit::on_both_databases!(two_schedulers_send_each_day_once_when_it_falls_due);

fn scheduler(db: &TestDb, outbox: &std::path::Path, owner: &str) -> DigestScheduler {
    DigestScheduler {
        store: db.store.clone(),
        transport: Transport::from_url(&format!("file://{}", outbox.display())).unwrap(),
        templates: templates(),
        signer: signer(),
        desks: vec![Desk {
            masthead: kenya_star(),
            site: "https://kenyastar.example".into(),
            at: six(),
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
