//! What operators read of the daily email, and bounces reported after the
//! fact, on SQLite and on PostgreSQL.

use jiff::Timestamp;
use jiff::civil::date;
use newsdesk_domain::{Email, MastheadId, Section, SubscriberId, SubscriberStatus};
use newsdesk_store::{OutboxCounts, Store};

newsdesk_testkit::on_both_backends!(
    readers_are_counted_by_masthead_status_and_section,
    the_outbox_is_counted_by_day,
    a_reported_bounce_counts_where_the_address_reads,
);

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_764_000_000 + seconds).unwrap()
}

fn masthead(id: &str) -> MastheadId {
    MastheadId::parse(id).unwrap()
}

async fn reader(
    store: &Store,
    of: &str,
    address: &str,
    sections: &[&str],
    status: SubscriberStatus,
) -> SubscriberId {
    let sections: Vec<Section> = sections
        .iter()
        .map(|s| Section::parse(s).unwrap())
        .collect();
    let id = store
        .add_subscriber(
            &masthead(of),
            &Email::parse(address).unwrap(),
            &sections,
            at(0),
        )
        .await
        .unwrap();
    if status != SubscriberStatus::Pending {
        store
            .set_subscriber_status(id, status, at(1))
            .await
            .unwrap();
    }
    id
}

async fn readers_are_counted_by_masthead_status_and_section(store: Store) {
    use SubscriberStatus::*;
    reader(&store, "kenya-star", "amina@mail.example", &[], Confirmed).await;
    reader(
        &store,
        "kenya-star",
        "baraka@mail.example",
        &["world", "business"],
        Confirmed,
    )
    .await;
    reader(
        &store,
        "kenya-star",
        "chege@mail.example",
        &["world"],
        Confirmed,
    )
    .await;
    reader(&store, "kenya-star", "dalia@mail.example", &[], Pending).await;
    reader(&store, "kenya-star", "eli@mail.example", &[], Unsubscribed).await;
    reader(&store, "daily-mirror", "amina@mail.example", &[], Confirmed).await;
    for _ in 0..3 {
        store
            .count_bounce(&Email::parse("chege@mail.example").unwrap(), None)
            .await
            .unwrap();
    }

    let all = store.reader_tallies(None, 3).await.unwrap();
    let seen: Vec<(&str, &str, u64)> = all
        .iter()
        .map(|t| (t.masthead.as_str(), t.status.as_str(), t.readers))
        .collect();
    assert_eq!(
        seen,
        [
            ("daily-mirror", "confirmed", 1),
            ("kenya-star", "confirmed", 3),
            ("kenya-star", "pending", 1),
            ("kenya-star", "unsubscribed", 1),
        ]
    );
    let confirmed = &all[1];
    assert_eq!(confirmed.every_section, 1);
    let sections: Vec<(&str, u64)> = confirmed
        .by_section
        .iter()
        .map(|(s, n)| (s.as_str(), *n))
        .collect();
    assert_eq!(sections, [("business", 1), ("world", 2)]);
    assert_eq!((confirmed.bouncing, confirmed.stopped), (1, 1));
    // With a higher limit, the same reader is bouncing but still sent to.
    let lenient = store
        .reader_tallies(Some(&masthead("kenya-star")), 4)
        .await
        .unwrap();
    assert_eq!(lenient.len(), 3);
    assert_eq!((lenient[0].bouncing, lenient[0].stopped), (1, 0));
}

async fn the_outbox_is_counted_by_day(store: Store) {
    let star = masthead("kenya-star");
    let a = reader(
        &store,
        "kenya-star",
        "amina@mail.example",
        &[],
        SubscriberStatus::Confirmed,
    )
    .await;
    let b = reader(
        &store,
        "kenya-star",
        "baraka@mail.example",
        &[],
        SubscriberStatus::Confirmed,
    )
    .await;
    reader(
        &store,
        "kenya-star",
        "chege@mail.example",
        &[],
        SubscriberStatus::Confirmed,
    )
    .await;
    let (monday, tuesday) = (date(2026, 10, 5), date(2026, 10, 6));
    for day in [monday, tuesday] {
        store.queue_digest(&star, day, at(10), 3).await.unwrap();
    }
    store.delivery_sent(&star, monday, a, at(11)).await.unwrap();
    store.delivery_sent(&star, monday, b, at(11)).await.unwrap();
    store
        .delivery_failed(&star, tuesday, a, "550 no such mailbox", true)
        .await
        .unwrap();

    let days = store.day_tallies(None, "2026-10-01").await.unwrap();
    let seen: Vec<(&str, OutboxCounts)> = days.iter().map(|d| (d.day.as_str(), d.outbox)).collect();
    assert_eq!(
        seen,
        [
            (
                "2026-10-05",
                OutboxCounts {
                    sent: 2,
                    queued: 1,
                    ..OutboxCounts::default()
                }
            ),
            (
                "2026-10-06",
                OutboxCounts {
                    failed: 1,
                    queued: 2,
                    ..OutboxCounts::default()
                }
            ),
        ]
    );
    let recent = store.day_tallies(Some(&star), "2026-10-06").await.unwrap();
    assert_eq!(recent.len(), 1);
    assert!(
        store
            .day_tallies(Some(&masthead("daily-mirror")), "2026-10-01")
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_reported_bounce_counts_where_the_address_reads(store: Store) {
    use SubscriberStatus::*;
    let amina = Email::parse("amina@mail.example").unwrap();
    let star_id = reader(&store, "kenya-star", "amina@mail.example", &[], Confirmed).await;
    reader(&store, "daily-mirror", "amina@mail.example", &[], Pending).await;
    let left = reader(
        &store,
        "harbour-times",
        "amina@mail.example",
        &[],
        Unsubscribed,
    )
    .await;
    reader(&store, "kenya-star", "baraka@mail.example", &[], Confirmed).await;

    let touched = store.count_bounce(&amina, None).await.unwrap();
    assert_eq!(
        touched,
        [(masthead("daily-mirror"), 1), (masthead("kenya-star"), 1)],
        "every masthead it reads; not one it left"
    );
    let star_only = store
        .count_bounce(&amina, Some(&masthead("kenya-star")))
        .await
        .unwrap();
    assert_eq!(star_only, [(masthead("kenya-star"), 2)]);
    assert_eq!(store.subscriber(star_id).await.unwrap().bounces, 2);
    assert_eq!(store.subscriber(left).await.unwrap().bounces, 0);
    let nobody = Email::parse("nobody@mail.example").unwrap();
    assert!(store.count_bounce(&nobody, None).await.unwrap().is_empty());
    let baraka = store
        .reader_tallies(Some(&masthead("kenya-star")), 3)
        .await
        .unwrap();
    assert_eq!(baraka[0].bouncing, 1, "only amina, not baraka");
}
