//! The daily email's storage, on SQLite and on PostgreSQL: readers, the
//! leased digest run and the outbox that never sends a day twice.

use jiff::SignedDuration;
use jiff::Timestamp;
use jiff::civil::{Date, date};
use newsdesk_domain::{Email, MastheadId, Section, SubscriberId, SubscriberStatus};
use newsdesk_store::{Confirmed, Lease, OutboxCounts, Store, StoreError, Subscribed};

newsdesk_testkit::on_both_backends!(
    readers_are_added_once_per_masthead_and_confirmed,
    a_run_is_held_by_one_process_until_its_lease_lapses,
    the_outbox_holds_every_confirmed_reader_once_per_day,
    deliveries_are_marked_sent_deferred_or_failed,
    a_round_is_counted_and_marked_in_one_go,
    an_attempt_cut_short_is_tried_again_and_a_sent_one_never,
    a_dead_holders_run_is_let_go_with_its_other_claims,
    a_subscription_asks_for_one_confirmation_per_interval,
    many_subscriptions_at_once_ask_for_one_email,
    a_confirmation_is_claimed_once_and_settled,
    only_the_newest_link_confirms_a_pending_reader,
    a_confirmed_reader_changes_sections_and_leaves,
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
        .due_deliveries(&star(), day(), at(30), (None, 10))
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
        .due_deliveries(&star(), day(), at(40), (None, 10))
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

async fn a_round_is_counted_and_marked_in_one_go(store: Store) {
    let a = confirmed(&store, "a@mail.example").await;
    let b = confirmed(&store, "b@mail.example").await;
    let c = confirmed(&store, "c@mail.example").await;
    let d = confirmed(&store, "d@mail.example").await;
    store.queue_digest(&star(), day(), at(10), 2).await.unwrap();
    let taken = store
        .begin_deliveries(&star(), day(), &[a, b, c])
        .await
        .unwrap();
    assert_eq!(taken, [a, b, c]);
    store
        .deliveries_sent(&star(), day(), &[a, b], at(11))
        .await
        .unwrap();
    store
        .deliveries_skipped(&star(), day(), &[d])
        .await
        .unwrap();
    let taken = store
        .begin_deliveries(&star(), day(), &[a, b, c, d])
        .await
        .unwrap();
    assert_eq!(taken, [c], "sent and skipped rows are not attempted again");
    let due = store
        .due_deliveries(&star(), day(), at(20), (Some(a), 10))
        .await
        .unwrap();
    let due: Vec<_> = due.iter().map(|d| (d.subscriber, d.attempts)).collect();
    assert_eq!(due, [(c, 2)], "after a: c, twice attempted");
    // A refusal at the end of a message takes a mark back.
    store
        .deliveries_sent(&star(), day(), &[c], at(12))
        .await
        .unwrap();
    store
        .delivery_deferred(&star(), day(), c, at(300), "451 try later")
        .await
        .unwrap();
    assert_eq!(
        store.outbox_counts(&star(), day()).await.unwrap(),
        OutboxCounts {
            queued: 1,
            sent: 2,
            skipped: 1,
            ..OutboxCounts::default()
        }
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
            .due_deliveries(&star(), day(), at(299), (None, 10))
            .await
            .unwrap()
            .is_empty(),
        "the deferred one waits"
    );
    let due = store
        .due_deliveries(&star(), day(), at(300), (None, 10))
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
        .due_deliveries(&star(), third, at(500), (None, 10))
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
        .due_deliveries(&star(), day(), at(20), (None, 10))
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
            .due_deliveries(&star(), day(), at(30), (None, 10))
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

const EVERY: SignedDuration = SignedDuration::from_mins(10);

fn address(text: &str) -> Email {
    Email::parse(text).unwrap()
}

/// Subscribes `text` to Kenya Star at `seconds` with `sections`.
async fn subscribe(store: &Store, text: &str, sections: &[&str], seconds: i64) -> Subscribed {
    let sections: Vec<Section> = sections
        .iter()
        .map(|s| Section::parse(s).unwrap())
        .collect();
    store
        .request_subscription(&star(), &address(text), &sections, at(seconds), EVERY)
        .await
        .unwrap()
}

fn due_id(subscribed: Subscribed) -> (SubscriberId, Timestamp) {
    match subscribed {
        Subscribed::ConfirmationDue(id, requested) => (id, requested),
        Subscribed::Nothing => panic!("no confirmation was asked for"),
    }
}

async fn a_subscription_asks_for_one_confirmation_per_interval(store: Store) {
    let (id, requested) = due_id(subscribe(&store, "wanjiru@mail.example", &["business"], 0).await);
    assert_eq!(requested, at(0));
    let reader = store.subscriber(id).await.unwrap();
    assert_eq!(reader.status, SubscriberStatus::Pending);
    assert_eq!(reader.sections, [Section::parse("business").unwrap()]);

    // Again within ten minutes: nothing more is due, nothing changes.
    assert_eq!(
        subscribe(&store, "wanjiru@mail.example", &["sports"], 599).await,
        Subscribed::Nothing
    );
    assert_eq!(
        store.subscriber(id).await.unwrap().sections,
        [Section::parse("business").unwrap()]
    );
    // After ten minutes: one more, with the sections asked for last.
    assert_eq!(
        subscribe(&store, "wanjiru@mail.example", &["sports"], 600).await,
        Subscribed::ConfirmationDue(id, at(600))
    );
    assert_eq!(
        store.subscriber(id).await.unwrap().sections,
        [Section::parse("sports").unwrap()]
    );

    // A confirmed reader is never sent one, nor changed by a stranger.
    store
        .confirm_subscriber(id, at(600), at(700))
        .await
        .unwrap();
    assert_eq!(
        subscribe(&store, "wanjiru@mail.example", &[], 5_000).await,
        Subscribed::Nothing
    );
    let reader = store.subscriber(id).await.unwrap();
    assert_eq!(reader.status, SubscriberStatus::Confirmed);
    assert_eq!(reader.sections, [Section::parse("sports").unwrap()]);

    // A reader who left may come back, through a confirmation again.
    store.unsubscribe(id).await.unwrap();
    assert_eq!(
        subscribe(&store, "wanjiru@mail.example", &[], 6_000).await,
        Subscribed::ConfirmationDue(id, at(6_000))
    );
    assert_eq!(
        store.subscriber(id).await.unwrap().status,
        SubscriberStatus::Pending
    );
}

async fn many_subscriptions_at_once_ask_for_one_email(store: Store) {
    let mut tasks = Vec::new();
    for n in 0..40 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            subscribe(&store, "flood@mail.example", &[], n % 5).await
        }));
    }
    let mut due = 0;
    for task in tasks {
        if matches!(task.await.unwrap(), Subscribed::ConfirmationDue(..)) {
            due += 1;
        }
    }
    assert_eq!(due, 1, "one confirmation for forty requests");
    assert_eq!(store.due_confirmations(at(100), 10).await.unwrap().len(), 1);
}

async fn a_confirmation_is_claimed_once_and_settled(store: Store) {
    let (id, requested) = due_id(subscribe(&store, "otieno@mail.example", &[], 0).await);
    assert!(
        store
            .due_confirmations(at(-1), 10)
            .await
            .unwrap()
            .is_empty(),
        "not due before it is asked"
    );
    let due = store.due_confirmations(at(0), 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0].id, due[0].requested_at, due[0].attempts),
        (id, requested, 0)
    );
    assert_eq!(due[0].email, address("otieno@mail.example"));

    // Two senders see it; one claims it.
    assert!(store.claim_confirmation(&due[0], at(300)).await.unwrap());
    assert!(!store.claim_confirmation(&due[0], at(300)).await.unwrap());
    assert!(
        store
            .due_confirmations(at(299), 10)
            .await
            .unwrap()
            .is_empty()
    );
    // Its sender died: when the claim lapses it is due again, counted.
    let again = store.due_confirmations(at(300), 10).await.unwrap();
    assert_eq!(again[0].attempts, 1);
    assert!(store.claim_confirmation(&again[0], at(600)).await.unwrap());
    // A temporary failure: due later; then sent: never due again.
    store
        .settle_confirmation(id, requested, Some(at(900)))
        .await
        .unwrap();
    let later = store.due_confirmations(at(900), 10).await.unwrap();
    assert_eq!(later.len(), 1);
    assert!(
        store
            .claim_confirmation(&later[0], at(1_200))
            .await
            .unwrap()
    );
    store
        .settle_confirmation(id, requested, None)
        .await
        .unwrap();
    assert!(
        store
            .due_confirmations(at(100_000), 10)
            .await
            .unwrap()
            .is_empty()
    );

    // A reader who leaves before it is sent is sent nothing.
    let (gone, _) = due_id(subscribe(&store, "gone@mail.example", &[], 0).await);
    store.unsubscribe(gone).await.unwrap();
    assert!(
        store
            .due_confirmations(at(100_000), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn only_the_newest_link_confirms_a_pending_reader(store: Store) {
    let (id, first) = due_id(subscribe(&store, "achieng@mail.example", &[], 0).await);
    let (_, second) = due_id(subscribe(&store, "achieng@mail.example", &[], 600).await);
    assert_eq!(
        store.confirm_subscriber(id, first, at(700)).await.unwrap(),
        Confirmed::Stale
    );
    assert_eq!(
        store.subscriber(id).await.unwrap().status,
        SubscriberStatus::Pending
    );
    assert_eq!(
        store.confirm_subscriber(id, second, at(700)).await.unwrap(),
        Confirmed::Now
    );
    let reader = store.subscriber(id).await.unwrap();
    assert_eq!(reader.status, SubscriberStatus::Confirmed);
    assert_eq!(reader.confirmed_at, Some(at(700)));
    assert!(
        store
            .due_confirmations(at(100_000), 10)
            .await
            .unwrap()
            .is_empty()
    );
    // The same link again says so and changes nothing.
    assert_eq!(
        store.confirm_subscriber(id, second, at(800)).await.unwrap(),
        Confirmed::Already
    );
    assert_eq!(
        store.subscriber(id).await.unwrap().confirmed_at,
        Some(at(700))
    );
    // After leaving, the old link does not bring the reader back.
    store.unsubscribe(id).await.unwrap();
    assert_eq!(
        store.confirm_subscriber(id, second, at(900)).await.unwrap(),
        Confirmed::Stale
    );
    assert_eq!(
        store.subscriber(id).await.unwrap().status,
        SubscriberStatus::Unsubscribed
    );
    let missing = store
        .confirm_subscriber(SubscriberId(9_999), second, at(900))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
}

async fn a_confirmed_reader_changes_sections_and_leaves(store: Store) {
    let (id, requested) = due_id(subscribe(&store, "kamau@mail.example", &[], 0).await);
    let sports = [Section::parse("sports").unwrap()];
    assert!(
        !store.set_subscriber_sections(id, &sports).await.unwrap(),
        "not while pending"
    );
    store
        .confirm_subscriber(id, requested, at(10))
        .await
        .unwrap();
    assert!(store.set_subscriber_sections(id, &sports).await.unwrap());
    assert_eq!(store.subscriber(id).await.unwrap().sections, sports);
    assert!(store.set_subscriber_sections(id, &[]).await.unwrap());
    assert!(store.subscriber(id).await.unwrap().sections.is_empty());
    store.unsubscribe(id).await.unwrap();
    store.unsubscribe(id).await.unwrap();
    assert_eq!(
        store.subscriber(id).await.unwrap().status,
        SubscriberStatus::Unsubscribed
    );
    assert!(!store.set_subscriber_sections(id, &sports).await.unwrap());
    let missing = store.unsubscribe(SubscriberId(9_999)).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
}
