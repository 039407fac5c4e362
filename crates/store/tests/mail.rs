//! The daily email's storage, on SQLite and on PostgreSQL: readers, the
//! leased digest run and the outbox that never sends a day twice.

use jiff::Timestamp;
use jiff::civil::{Date, date};
use newsdesk_domain::{Email, MastheadId, Section, SubscriberId, SubscriberStatus};
use newsdesk_store::{Lease, OutboxCounts, Store, StoreError};

newsdesk_testkit::on_both_backends!(
    readers_are_added_once_per_masthead_and_confirmed,
    a_run_is_held_by_one_process_until_its_lease_lapses,
    the_outbox_holds_every_confirmed_reader_once_per_day,
    deliveries_are_marked_sent_deferred_or_failed,
    an_attempt_cut_short_is_tried_again_and_a_sent_one_never,
    a_dead_holders_run_is_let_go_with_its_other_claims,
);

const T0: i64 = 1_764_000_000;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(T0 + seconds).unwrap()
}

fn lease(owner: &str, until: i64) -> Lease {
    Lease {
        owner: owner.into(),
        until: at(until),
    }
}

fn star() -> MastheadId {
    MastheadId::parse("kenya-star").unwrap()
}

fn day() -> Date {
    date(2026, 3, 29)
}

/// Adds a reader of `masthead`, not yet confirmed.
async fn pending(store: &Store, masthead: &MastheadId, address: &str) -> SubscriberId {
    store
        .add_subscriber(masthead, &Email::parse(address).unwrap(), &[], at(0))
        .await
        .unwrap()
}

/// Adds and confirms a reader of `masthead`.
async fn confirmed_of(store: &Store, masthead: &MastheadId, address: &str) -> SubscriberId {
    let id = pending(store, masthead, address).await;
    store
        .set_subscriber_status(id, SubscriberStatus::Confirmed, at(1))
        .await
        .unwrap();
    id
}

/// Adds and confirms a reader of Kenya Star.
async fn confirmed(store: &Store, address: &str) -> SubscriberId {
    confirmed_of(store, &star(), address).await
}

async fn readers_are_added_once_per_masthead_and_confirmed(store: Store) {
    let email = Email::parse("amina@mail.example").unwrap();
    let sections = [
        Section::parse("business").unwrap(),
        Section::parse("sports").unwrap(),
    ];
    let id = store
        .add_subscriber(&star(), &email, &sections, at(0))
        .await
        .unwrap();
    let reader = store.subscriber(id).await.unwrap();
    assert_eq!(reader.email, email);
    assert_eq!(reader.sections, sections);
    assert_eq!(reader.status, SubscriberStatus::Pending);
    assert_eq!(reader.confirmed_at, None);

    let again = store.add_subscriber(&star(), &email, &[], at(5)).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let herald = MastheadId::parse("ocean-herald").unwrap();
    store
        .add_subscriber(&herald, &email, &[], at(5))
        .await
        .expect("the same address may read another masthead");

    store
        .set_subscriber_status(id, SubscriberStatus::Confirmed, at(60))
        .await
        .unwrap();
    let reader = store.subscriber(id).await.unwrap();
    assert_eq!(reader.status, SubscriberStatus::Confirmed);
    assert_eq!(reader.confirmed_at, Some(at(60)));

    let missing = store
        .set_subscriber_status(SubscriberId(9_999), SubscriberStatus::Confirmed, at(60))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
}

async fn a_run_is_held_by_one_process_until_its_lease_lapses(store: Store) {
    let first = store
        .claim_digest_run(&star(), day(), &lease("a:1:1", 60), at(0))
        .await
        .unwrap()
        .expect("a new run is free");
    assert_eq!(first.queued_at, None);
    assert_eq!(first.finished_at, None);

    let other = store
        .claim_digest_run(&star(), day(), &lease("b:2:2", 90), at(30))
        .await
        .unwrap();
    assert_eq!(other, None, "held until its lease runs out");
    store
        .claim_digest_run(&star(), day(), &lease("a:1:1", 120), at(30))
        .await
        .unwrap()
        .expect("its holder renews it");
    assert_eq!(
        store
            .claim_digest_run(&star(), day(), &lease("b:2:2", 150), at(90))
            .await
            .unwrap(),
        None,
        "renewed to 120"
    );
    store
        .claim_digest_run(&star(), day(), &lease("b:2:2", 200), at(120))
        .await
        .unwrap()
        .expect("a lapsed lease is taken over");

    // The old holder cannot release what it no longer holds.
    store
        .release_digest_run(&star(), day(), "a:1:1", Some(at(130)))
        .await
        .unwrap();
    assert!(!store.digest_run_finished(&star(), day()).await.unwrap());
    store
        .release_digest_run(&star(), day(), "b:2:2", Some(at(140)))
        .await
        .unwrap();
    assert!(store.digest_run_finished(&star(), day()).await.unwrap());
    let next_day = day().tomorrow().unwrap();
    assert!(!store.digest_run_finished(&star(), next_day).await.unwrap());
    let again = store
        .claim_digest_run(&star(), day(), &lease("c:3:3", 300), at(150))
        .await
        .unwrap()
        .expect("a released run is free");
    assert_eq!(again.finished_at, Some(at(140)));
}

async fn the_outbox_holds_every_confirmed_reader_once_per_day(store: Store) {
    let a = confirmed(&store, "a@mail.example").await;
    let b = confirmed(&store, "b@mail.example").await;
    pending(&store, &star(), "pending@mail.example").await;
    let gone = confirmed(&store, "gone@mail.example").await;
    store
        .set_subscriber_status(gone, SubscriberStatus::Unsubscribed, at(2))
        .await
        .unwrap();
    let herald = MastheadId::parse("ocean-herald").unwrap();
    confirmed_of(&store, &herald, "c@mail.example").await;

    store
        .claim_digest_run(&star(), day(), &lease("a:1:1", 600), at(10))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store.queue_digest(&star(), day(), at(10), 3).await.unwrap(),
        2
    );
    assert_eq!(
        store.queue_digest(&star(), day(), at(20), 3).await.unwrap(),
        0,
        "queued again, nothing is added"
    );
    let run = store
        .claim_digest_run(&star(), day(), &lease("a:1:1", 600), at(30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(run.queued_at, Some(at(10)));

    let due = store
        .due_deliveries(&star(), day(), at(30), 10)
        .await
        .unwrap();
    let ids: Vec<SubscriberId> = due.iter().map(|d| d.subscriber).collect();
    assert_eq!(ids, vec![a, b]);
    assert_eq!(due[0].email.as_str(), "a@mail.example");
    assert_eq!(due[0].attempts, 0);

    // A reader confirmed later is added by the next queueing, once.
    let late = confirmed(&store, "late@mail.example").await;
    assert_eq!(
        store.queue_digest(&star(), day(), at(40), 3).await.unwrap(),
        1
    );
    let due = store
        .due_deliveries(&star(), day(), at(40), 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 3);
    assert_eq!(due[2].subscriber, late);
    assert_eq!(
        store.outbox_counts(&star(), day()).await.unwrap(),
        OutboxCounts {
            queued: 3,
            ..OutboxCounts::default()
        }
    );
    // Another day is another digest.
    let next_day = day().tomorrow().unwrap();
    assert_eq!(
        store
            .queue_digest(&star(), next_day, at(50), 3)
            .await
            .unwrap(),
        3
    );
}

async fn deliveries_are_marked_sent_deferred_or_failed(store: Store) {
    let a = confirmed(&store, "a@mail.example").await;
    let b = confirmed(&store, "b@mail.example").await;
    let c = confirmed(&store, "c@mail.example").await;
    store.queue_digest(&star(), day(), at(10), 2).await.unwrap();

    assert!(store.begin_delivery(&star(), day(), a).await.unwrap());
    store
        .delivery_sent(&star(), day(), a, at(11))
        .await
        .unwrap();
    assert!(store.begin_delivery(&star(), day(), b).await.unwrap());
    store
        .delivery_deferred(&star(), day(), b, at(300), "451 try later")
        .await
        .unwrap();
    assert!(store.begin_delivery(&star(), day(), c).await.unwrap());
    store
        .delivery_failed(&star(), day(), c, "550 no such mailbox", true)
        .await
        .unwrap();
    assert!(
        !store.begin_delivery(&star(), day(), a).await.unwrap(),
        "a sent digest is not attempted again"
    );
    let d = confirmed(&store, "d@mail.example").await;
    store.queue_digest(&star(), day(), at(12), 2).await.unwrap();
    store.delivery_skipped(&star(), day(), d).await.unwrap();
    assert!(!store.begin_delivery(&star(), day(), d).await.unwrap());

    assert_eq!(
        store.outbox_counts(&star(), day()).await.unwrap(),
        OutboxCounts {
            queued: 1,
            sending: 0,
            sent: 1,
            failed: 1,
            skipped: 1,
        }
    );
    assert!(
        store
            .due_deliveries(&star(), day(), at(299), 10)
            .await
            .unwrap()
            .is_empty(),
        "the deferred one waits"
    );
    let due = store
        .due_deliveries(&star(), day(), at(300), 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].subscriber, b);
    assert_eq!(due[0].attempts, 1);
    assert_eq!(
        store.next_delivery_due(&star(), day()).await.unwrap(),
        Some(at(300))
    );
    assert_eq!(store.subscriber(c).await.unwrap().bounces, 1);

    // A second refusal reaches max_bounces (2): the next day skips c.
    let next_day = day().tomorrow().unwrap();
    store
        .queue_digest(&star(), next_day, at(400), 2)
        .await
        .unwrap();
    assert!(store.begin_delivery(&star(), next_day, c).await.unwrap());
    store
        .delivery_failed(&star(), next_day, c, "550 no such mailbox", true)
        .await
        .unwrap();
    let third = next_day.tomorrow().unwrap();
    assert_eq!(
        store
            .queue_digest(&star(), third, at(500), 2)
            .await
            .unwrap(),
        3,
        "a, b and d; not c"
    );
    let due = store
        .due_deliveries(&star(), third, at(500), 10)
        .await
        .unwrap();
    assert!(due.iter().all(|d| d.subscriber != c), "{due:?}");

    // Sending resets the count.
    store
        .set_subscriber_status(c, SubscriberStatus::Confirmed, at(600))
        .await
        .unwrap();
    assert_eq!(store.subscriber(c).await.unwrap().bounces, 0);
}

async fn an_attempt_cut_short_is_tried_again_and_a_sent_one_never(store: Store) {
    let a = confirmed(&store, "a@mail.example").await;
    let b = confirmed(&store, "b@mail.example").await;
    store.queue_digest(&star(), day(), at(10), 3).await.unwrap();
    store.begin_delivery(&star(), day(), a).await.unwrap();
    store
        .delivery_sent(&star(), day(), a, at(11))
        .await
        .unwrap();
    // The process dies during b's attempt: b stays `sending`.
    store.begin_delivery(&star(), day(), b).await.unwrap();
    assert_eq!(
        store.outbox_counts(&star(), day()).await.unwrap(),
        OutboxCounts {
            sending: 1,
            sent: 1,
            ..OutboxCounts::default()
        }
    );
    let due = store
        .due_deliveries(&star(), day(), at(20), 10)
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].subscriber, b);
    assert_eq!(due[0].attempts, 1, "the attempt cut short was counted");
    store.begin_delivery(&star(), day(), b).await.unwrap();
    store
        .delivery_sent(&star(), day(), b, at(21))
        .await
        .unwrap();
    assert!(
        store
            .due_deliveries(&star(), day(), at(30), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.next_delivery_due(&star(), day()).await.unwrap(), None);
}

async fn a_dead_holders_run_is_let_go_with_its_other_claims(store: Store) {
    store
        .claim_digest_run(&star(), day(), &lease("host:41:1", 600), at(0))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(store.claim_holders().await.unwrap(), ["host:41:1"]);
    let released = store.release_holder("host:41:1", at(10)).await.unwrap();
    assert_eq!(released.digest_runs, 1);
    assert!(store.claim_holders().await.unwrap().is_empty());
    store
        .claim_digest_run(&star(), day(), &lease("host:42:2", 600), at(20))
        .await
        .unwrap()
        .expect("taken over at once, not after the lease");
}
