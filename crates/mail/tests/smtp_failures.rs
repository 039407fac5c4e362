//! An SMTP server that fails as a whole, the ways servers do: it drops
//! the connection once it has the message and before it answers; it
//! answers 421 (not now); it accepts the connection and never says a
//! word (only the timeout ends the wait). Each is a real server process
//! (`tests/mail/smtp_sink.py`) switched into that mode.
//!
//! In each case the pass stops after three failures in a row with
//! nobody lost: the three tried wait for a retry (later than now: the
//! backoff), the rest are untouched. Once the server is well again, a run
//! sends to the untried reader only; past the retry time, the next sends
//! to the three; a run after that sends nothing. Every reader has the
//! day's digest exactly once.

mod common;

use common::*;
use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::MastheadId;
use newsdesk_mail::Transport;
use newsdesk_store::OutboxCounts;
use newsdesk_testkit::{SinkMode, SmtpSink, TestDb};
use std::sync::Mutex;
use std::time::Duration;

newsdesk_testkit::on_both_databases!(
    a_connection_dropped_mid_message_is_retried_and_delivered_once,
    a_421_answer_is_retried_and_delivered_once,
    a_server_that_never_answers_times_out_and_is_delivered_once,
);

async fn a_connection_dropped_mid_message_is_retried_and_delivered_once(db: TestDb) {
    fails_then_recovers(db, SinkMode::Drop, None).await;
}

async fn a_421_answer_is_retried_and_delivered_once(db: TestDb) {
    fails_then_recovers(db, SinkMode::Unavailable, None).await;
}

async fn a_server_that_never_answers_times_out_and_is_delivered_once(db: TestDb) {
    fails_then_recovers(db, SinkMode::Silent, Some(Duration::from_millis(500))).await;
}

async fn fails_then_recovers(db: TestDb, mode: SinkMode, timeout: Option<Duration>) {
    let store = &db.store;
    let mut sink = SmtpSink::start();
    sink.set_mode(mode);
    seed_stories(store, 1).await;
    confirmed_readers(store, 4).await;
    let url = format!("smtp://127.0.0.1:{}", sink.port);
    let transport = match timeout {
        Some(timeout) => Transport::from_url_with_timeout(&url, timeout).unwrap(),
        None => Transport::from_url(&url).unwrap(),
    };
    let mut kit = Kit::new();
    kit.settings.retry_base = Duration::from_secs(120);
    // One connection: one reader at a time, so the pass stops after three.
    kit.settings.connections = 1;
    let (sender, edition) = (kit.sender(store, &transport), kit.edition());
    let ahead = Mutex::new(SignedDuration::ZERO);
    let now = || Timestamp::now() + *ahead.lock().unwrap();
    let star = MastheadId::parse("kenya-star").unwrap();

    let started = Timestamp::now();
    let failed = sender.run(edition, "test:1:1", &now).await.unwrap();
    assert_eq!(
        (failed.sent, failed.deferred, failed.failed),
        (0, 3, 0),
        "{failed:?}"
    );
    assert!(failed.stopped.is_some(), "{failed:?}");
    assert_eq!(
        failed.outbox,
        OutboxCounts {
            queued: 4,
            ..OutboxCounts::default()
        }
    );
    assert!(sink.messages().is_empty(), "nothing was accepted");
    if let Some(timeout) = timeout {
        // Three waits of the timeout, not the default's 30 s each.
        let took = Timestamp::now().duration_since(started);
        assert!(
            took >= SignedDuration::try_from(timeout * 3).unwrap(),
            "{took}"
        );
        assert!(took < SignedDuration::from_secs(20), "{took}");
    }

    sink.set_mode(SinkMode::Normal);
    let untried = sender.run(edition, "test:1:1", &now).await.unwrap();
    assert_eq!((untried.sent, untried.deferred), (1, 0), "{untried:?}");
    assert_eq!(untried.outbox.queued, 3, "the three wait for their retry");
    let retry = untried.next_try.unwrap();
    assert!(retry >= started + SignedDuration::from_secs(119), "{retry}");
    assert!(!store.digest_run_finished(&star, day()).await.unwrap());

    *ahead.lock().unwrap() = SignedDuration::from_mins(10);
    let retried = sender.run(edition, "test:1:1", &now).await.unwrap();
    assert_eq!((retried.sent, retried.deferred), (3, 0), "{retried:?}");
    assert!(store.digest_run_finished(&star, day()).await.unwrap());
    let again = sender.run(edition, "test:1:1", &now).await.unwrap();
    assert_eq!((again.queued, again.sent), (0, 0), "{again:?}");
    assert_eq!(
        again.outbox,
        OutboxCounts {
            sent: 4,
            ..OutboxCounts::default()
        }
    );

    assert_eq!(
        recipients(&sink),
        (0..4)
            .map(|n| format!("reader-{n}@mail.example"))
            .collect::<Vec<_>>(),
        "each reader exactly once"
    );
    store.close().await;
}
