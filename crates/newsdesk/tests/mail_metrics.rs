//! The daily email in `/metrics`: readers by status, readers who bounce,
//! and the newest day's outbox by state, read from the database at the
//! scrape, on SQLite and on PostgreSQL. (Both runs set the same numbers:
//! the metrics recorder is one per process.)

use jiff::Timestamp;
use newsdesk_domain::{MastheadId, SubscriberStatus};
use newsdesk_testkit::TestDb;
use newsdesk_testkit::newsroom::{confirmed_reader, confirmed_readers};

newsdesk_testkit::on_both_databases!(metrics_show_readers_bounces_and_the_newest_days_outbox);

async fn metrics_show_readers_bounces_and_the_newest_days_outbox(db: TestDb) {
    let store = &db.store;
    let star = MastheadId::parse("kenya-star").unwrap();
    let readers = confirmed_readers(store, 3).await;
    let gone = confirmed_reader(store, "gone-otieno@mail.example", &[]).await;
    store
        .set_subscriber_status(readers[2], SubscriberStatus::Unsubscribed, Timestamp::now())
        .await
        .unwrap();
    let today = jiff::tz::TimeZone::UTC.to_datetime(Timestamp::now()).date();
    store
        .queue_digest(&star, today, Timestamp::now(), 3)
        .await
        .unwrap();
    store
        .delivery_sent(&star, today, readers[0], Timestamp::now())
        .await
        .unwrap();
    store
        .delivery_failed(&star, today, gone, "550 5.1.1 no such mailbox", true)
        .await
        .unwrap();

    let text = newsdesk_web::operations::scrape(store).await.unwrap();
    for line in [
        "newsdesk_mail_readers{masthead=\"kenya-star\",status=\"confirmed\"} 3",
        "newsdesk_mail_readers{masthead=\"kenya-star\",status=\"unsubscribed\"} 1",
        "newsdesk_mail_bouncing_readers{masthead=\"kenya-star\"} 1",
        "newsdesk_mail_digests{masthead=\"kenya-star\",state=\"sent\"} 1",
        "newsdesk_mail_digests{masthead=\"kenya-star\",state=\"failed\"} 1",
        "newsdesk_mail_digests{masthead=\"kenya-star\",state=\"queued\"} 1",
    ] {
        assert!(text.contains(line), "{line} in:\n{text}");
    }
    store.close().await;
}
