//! A round's `sent` mark and what follows it, on SQLite and PostgreSQL:
//! the call back that hands the digest's messages over runs once, after
//! the commit is sent (on SQLite, done), and another connection (a process
//! started after a kill) reads the round as sent once it returns; and the writer goes on writing after
//! it, the round's marks and all.

use jiff::Timestamp;
use jiff::civil::{Date, date};
use newsdesk_domain::{Email, MastheadId, SubscriberId, SubscriberStatus};
use newsdesk_store::{OutboxCounts, Store};
use newsdesk_testkit::TestDb;
use std::sync::Mutex;

newsdesk_testkit::on_both_databases!(
    the_hand_over_runs_once_the_mark_is_seen_by_another_connection,
);

fn star() -> MastheadId {
    MastheadId::parse("kenya-star").unwrap()
}

fn day() -> Date {
    date(2026, 10, 5)
}

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_764_000_000 + seconds).unwrap()
}

async fn reader(store: &Store, address: &str) -> SubscriberId {
    let id = store
        .add_subscriber(&star(), &Email::parse(address).unwrap(), &[], at(0))
        .await
        .unwrap();
    store
        .set_subscriber_status(id, SubscriberStatus::Confirmed, at(1))
        .await
        .unwrap();
    id
}

async fn the_hand_over_runs_once_the_mark_is_seen_by_another_connection(db: TestDb) {
    let store = &db.store;
    let mut readers = Vec::new();
    for n in 0..3 {
        readers.push(reader(store, &format!("reader-{n}@mail.example")).await);
    }
    store.queue_digest(&star(), day(), at(10), 3).await.unwrap();
    store
        .begin_deliveries(&star(), day(), &readers)
        .await
        .unwrap();
    // What a restarted process would see, read through a store of its own.
    let restarted = Store::connect(&db.url).await.unwrap();
    let runtime = tokio::runtime::Handle::current();
    let seen = Mutex::new(Vec::new());
    store
        .deliveries_sent_then(&star(), day(), &readers[..2], at(11), || {
            let counts = tokio::task::block_in_place(|| {
                runtime.block_on(restarted.outbox_counts(&star(), day()))
            });
            seen.lock().unwrap().push(counts.unwrap());
        })
        .await
        .unwrap();
    let marked = OutboxCounts {
        sent: 2,
        sending: 1,
        ..OutboxCounts::default()
    };
    let seen = seen.into_inner().unwrap();
    match store.backend() {
        // SQLite's commit is done before the hand over.
        newsdesk_store::Backend::Sqlite => assert_eq!(
            seen,
            [marked],
            "called once, with the round already marked for everyone"
        ),
        // PostgreSQL's COMMIT is written before the hand over and its
        // answer read after (`outbox_rounds`): another connection may see
        // the round marked or not yet, and sees it marked once the call
        // returns.
        newsdesk_store::Backend::Postgres => {
            let before = OutboxCounts {
                sending: 3,
                ..OutboxCounts::default()
            };
            assert_eq!(seen.len(), 1, "called once");
            assert!(seen[0] == marked || seen[0] == before, "{seen:?}");
        }
    }
    assert_eq!(
        restarted.outbox_counts(&star(), day()).await.unwrap(),
        marked,
        "marked for everyone once the call returns"
    );

    // No reader to mark: called all the same, at once.
    let mut called = 0;
    store
        .deliveries_sent_then(&star(), day(), &[], at(12), || called += 1)
        .await
        .unwrap();
    assert_eq!(called, 1);

    // The writer goes on: the last reader marked, a later day recorded.
    store
        .deliveries_sent(&star(), day(), &readers[2..], at(13))
        .await
        .unwrap();
    let next = day().tomorrow().unwrap();
    assert_eq!(
        store.queue_digest(&star(), next, at(20), 3).await.unwrap(),
        3
    );
    assert_eq!(
        restarted.outbox_counts(&star(), day()).await.unwrap(),
        OutboxCounts {
            sent: 3,
            ..OutboxCounts::default()
        }
    );
    restarted.close().await;
    store.close().await;
}
