//! End to end over SMTP: a digest run delivers to a real SMTP server
//! (Python's aiosmtpd, `tests/mail/smtp_sink.py`) on 127.0.0.1, and what
//! the server received is read back: the envelope, the headers, both
//! parts, and no defect in Python's own email parser. The server answers
//! 451 once to one reader (retried later, then delivered) and 550 to
//! another (given up, counted against the address).

mod common;

use common::*;
use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::MastheadId;
use newsdesk_mail::Transport;
use newsdesk_store::OutboxCounts;
use newsdesk_testkit::{SmtpSink, TestDb};
use std::sync::Mutex;

newsdesk_testkit::on_both_databases!(
    digests_reach_a_real_smtp_server_and_parse_without_defects,
    a_server_that_cannot_be_reached_stops_the_pass_and_loses_nobody,
);

async fn digests_reach_a_real_smtp_server_and_parse_without_defects(db: TestDb) {
    let store = &db.store;
    let sink = SmtpSink::start();
    seed_stories(store, 3).await;
    confirmed_readers(store, 3).await;
    let star_id = MastheadId::parse("kenya-star").unwrap();
    let mut special = Vec::new();
    for address in ["busy-amina@mail.example", "gone-otieno@mail.example"] {
        special.push(confirmed_reader(store, address, &[]).await);
    }

    let transport = Transport::from_url(&format!("smtp://127.0.0.1:{}", sink.port)).unwrap();
    let kit = Kit::new();
    let (sender, edition) = (kit.sender(store, &transport), kit.edition());
    // The test's clock: the real one, moved on by hand past the retry.
    let ahead = Mutex::new(SignedDuration::ZERO);
    let now = || Timestamp::now() + *ahead.lock().unwrap();

    let first = sender.run(edition, "test:1:1", &now).await.unwrap();
    assert_eq!(
        (first.sent, first.deferred, first.failed, first.bounced),
        (3, 1, 1, 1),
        "{first:?}"
    );
    assert!(first.next_try.is_some());
    assert!(!store.digest_run_finished(&star_id, day()).await.unwrap());

    *ahead.lock().unwrap() = SignedDuration::from_mins(10);
    let second = sender.run(edition, "test:1:1", &now).await.unwrap();
    assert_eq!(
        (second.sent, second.deferred, second.failed),
        (1, 0, 0),
        "{second:?}"
    );
    assert_eq!(
        second.outbox,
        OutboxCounts {
            sent: 4,
            failed: 1,
            ..OutboxCounts::default()
        }
    );
    assert!(store.digest_run_finished(&star_id, day()).await.unwrap());
    assert_eq!(store.subscriber(special[1]).await.unwrap().bounces, 1);

    let received = sink.received();
    assert_eq!(
        recipients(&sink),
        [
            "busy-amina@mail.example",
            "reader-0@mail.example",
            "reader-1@mail.example",
            "reader-2@mail.example"
        ]
    );
    for report in &received {
        assert_eq!(report["defects"], serde_json::json!([]), "{report:#}");
        assert_eq!(report["mail_from"], "news@kenyastar.example");
        let headers = &report["headers"];
        assert_eq!(
            headers["List-Unsubscribe-Post"],
            "List-Unsubscribe=One-Click"
        );
        let unsubscribe = headers["List-Unsubscribe"].as_str().unwrap();
        assert!(
            unsubscribe.starts_with("<https://kenyastar.example/email/unsubscribe/")
                && unsubscribe.contains(">, <mailto:news@kenyastar.example?subject="),
            "{unsubscribe}"
        );
        assert_eq!(
            headers["List-Id"],
            "Kenya Star daily email <digest.kenya-star.kenyastar.example>"
        );
        let message_id = headers["Message-ID"].as_str().unwrap();
        assert!(
            message_id.starts_with("<2026-10-05.")
                && message_id.ends_with(".kenya-star.digest@kenyastar.example>"),
            "{message_id}"
        );
        assert_eq!(
            headers["Subject"],
            "Kenya Star: the news for Monday 5 October 2026"
        );
        assert_eq!(headers["To"], report["rcpt_tos"][0]);
        let types: Vec<&str> = report["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["content_type"].as_str().unwrap())
            .collect();
        assert_eq!(types, ["multipart/alternative", "text/plain", "text/html"]);
        let text = report["parts"][1]["text"].as_str().unwrap();
        assert!(
            text.contains("WORLD story 2: rains reach the coast"),
            "{text}"
        );
        let html = report["parts"][2]["text"].as_str().unwrap();
        assert!(html.contains("<table role=\"presentation\""), "{html}");
    }
    store.close().await;
}

async fn a_server_that_cannot_be_reached_stops_the_pass_and_loses_nobody(db: TestDb) {
    let store = &db.store;
    seed_stories(store, 1).await;
    confirmed_readers(store, 5).await;
    // A port nothing listens on: every connection is refused at once.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let transport = Transport::from_url(&format!("smtp://127.0.0.1:{port}")).unwrap();
    let kit = Kit::new();
    let (sender, edition) = (kit.sender(store, &transport), kit.edition());
    let report = sender
        .run(edition, "test:1:1", &Timestamp::now)
        .await
        .unwrap();
    // One round, a reader on each of the four connections, fails: the
    // pass stops there.
    assert_eq!((report.sent, report.deferred), (0, 4), "{report:?}");
    assert!(report.stopped.is_some(), "{report:?}");
    assert_eq!(
        report.outbox,
        OutboxCounts {
            queued: 5,
            ..OutboxCounts::default()
        },
        "four to retry later, one never tried, none lost"
    );
    let star_id = MastheadId::parse("kenya-star").unwrap();
    assert!(!store.digest_run_finished(&star_id, day()).await.unwrap());
    store.close().await;
}
