//! TLS and a login against a real SMTP server (`tests/mail/smtp_sink.py`)
//! whose certificate was signed by an authority made for the test
//! (`openssl`), trusted through `mail.tls_ca_file`
//! ([`Trust::with_authority_file`]): after `STARTTLS` and with TLS from
//! the first byte, by the digest's own connections and by lettre's pooled
//! ones (an invitation). The server reports each message as having come
//! over TLS from the user who logged in.
//!
//! A server whose certificate does not verify gets nothing: the handshake
//! fails before the password or a message could go, the run says why and
//! what to set, nothing is marked sent and no bounce is counted. A wrong
//! password is the server's refusal, not the readers': they wait for a
//! retry, their addresses uncounted.

mod common;

use common::*;
use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::{Email, Role};
use newsdesk_mail::transport::SMTP_TIMEOUT;
use newsdesk_mail::{Invite, Transport, Trust};
use newsdesk_store::OutboxCounts;
use newsdesk_testkit::{SinkOptions, SinkTls, SmtpSink, TestAuthority, TestDb};
use std::sync::Mutex;

newsdesk_testkit::on_both_databases!(
    digests_and_single_messages_go_after_starttls_with_a_login,
    digests_and_single_messages_go_over_implicit_tls_with_a_login,
    a_certificate_that_does_not_verify_gets_no_message_and_nothing_is_marked_sent,
    a_refused_password_is_a_retry_and_no_bounce,
);

const USER: &str = "desk";
const PASSWORD: &str = "s3cret-pass";

/// A server with `tls` and the login, its certificate signed by `authority`.
fn sink(authority: &TestAuthority, tls: SinkTls) -> SmtpSink {
    SmtpSink::start_with(&SinkOptions {
        tls: Some((tls, authority.certificate(), authority.key())),
        login: Some((USER.into(), PASSWORD.into())),
    })
}

/// The `mail.transport` URL of `sink` with `tls` and `password`.
fn url(sink: &SmtpSink, tls: SinkTls, password: &str) -> String {
    match tls {
        SinkTls::StartTls => format!(
            "smtp://{USER}:{password}@127.0.0.1:{}?tls=required",
            sink.port
        ),
        SinkTls::Implicit => format!("smtps://{USER}:{password}@127.0.0.1:{}", sink.port),
    }
}

/// An invitation, sent through the transport's pooled connections.
async fn invite(transport: &Transport, kit: &Kit) -> Result<(), newsdesk_mail::SendError> {
    let to = Email::parse("wanjiru@kenyastar.example").unwrap();
    let letter = Invite {
        from: &kit.settings.from,
        network: "Kenya Star",
        to: &to,
        role: Role::Editor,
        inviter: "editor@kenyastar.example",
        url: "https://kenyastar.example/admin/invite/token".into(),
        valid_for: SignedDuration::from_hours(48),
    }
    .letter(&kit.templates, Timestamp::now())
    .unwrap();
    transport.send("invite", &letter).await
}

async fn digests_and_single_messages_go_after_starttls_with_a_login(db: TestDb) {
    delivers_over(db, SinkTls::StartTls).await;
}

async fn digests_and_single_messages_go_over_implicit_tls_with_a_login(db: TestDb) {
    delivers_over(db, SinkTls::Implicit).await;
}

async fn delivers_over(db: TestDb, tls: SinkTls) {
    let store = &db.store;
    let authority = TestAuthority::new();
    let sink = sink(&authority, tls);
    seed_stories(store, 1).await;
    confirmed_readers(store, 3).await;
    let trust = Trust::with_authority_file(&authority.authority()).unwrap();
    let transport = Transport::configured(&url(&sink, tls, PASSWORD), SMTP_TIMEOUT, trust).unwrap();
    let kit = Kit::new();
    let report = kit.run_now(store, &transport).await;
    assert_eq!((report.sent, report.deferred), (3, 0), "{report:?}");
    assert_eq!(
        report.outbox,
        OutboxCounts {
            sent: 3,
            ..OutboxCounts::default()
        }
    );
    invite(&transport, &kit).await.unwrap();

    assert_eq!(
        recipients(&sink),
        [
            "reader-0@mail.example",
            "reader-1@mail.example",
            "reader-2@mail.example",
            "wanjiru@kenyastar.example"
        ]
    );
    for report in &sink.received() {
        assert_eq!(report["tls"], true, "{report:#}");
        assert_eq!(report["login"], USER, "{report:#}");
        assert_eq!(report["defects"], serde_json::json!([]), "{report:#}");
    }
    store.close().await;
}

async fn a_certificate_that_does_not_verify_gets_no_message_and_nothing_is_marked_sent(db: TestDb) {
    let store = &db.store;
    let authority = TestAuthority::new();
    seed_stories(store, 1).await;
    let readers = confirmed_readers(store, 3).await;
    let kit = Kit::new();
    // The test's clock, moved past the retry for the second server.
    let ahead = Mutex::new(SignedDuration::ZERO);
    let now = || Timestamp::now() + *ahead.lock().unwrap();
    for tls in [SinkTls::StartTls, SinkTls::Implicit] {
        *ahead.lock().unwrap() += SignedDuration::from_hours(1);
        let sink = sink(&authority, tls);
        // The public authorities only: the test's own is not among them.
        let transport =
            Transport::configured(&url(&sink, tls, PASSWORD), SMTP_TIMEOUT, Trust::public())
                .unwrap();
        let report = kit
            .sender(store, &transport)
            .run(kit.edition(), "test:1:1", &now)
            .await
            .unwrap();
        assert_eq!((report.sent, report.deferred), (0, 3), "{report:?}");
        let why = report.stopped.clone().unwrap_or_default();
        assert!(
            why.starts_with(
                "TLS with the SMTP server 127.0.0.1 failed: its certificate does not verify"
            ) && why.ends_with("name that authority's certificate in mail.tls_ca_file"),
            "{why}"
        );
        assert!(!why.contains(PASSWORD), "{why}");
        assert_eq!(report.outbox.sent, 0, "{report:?}");
        assert_eq!(report.outbox.queued, 3, "{report:?}");

        let single = invite(&transport, &kit).await.unwrap_err().to_string();
        assert!(single.starts_with("temporary failure"), "{single}");
        assert!(sink.messages().is_empty(), "nothing reached the server");
    }
    for reader in readers {
        assert_eq!(store.subscriber(reader).await.unwrap().bounces, 0);
    }
    store.close().await;
}

async fn a_refused_password_is_a_retry_and_no_bounce(db: TestDb) {
    let store = &db.store;
    let authority = TestAuthority::new();
    let sink = sink(&authority, SinkTls::StartTls);
    seed_stories(store, 1).await;
    let readers = confirmed_readers(store, 3).await;
    let trust = Trust::with_authority_file(&authority.authority()).unwrap();
    let wrong = url(&sink, SinkTls::StartTls, "not-the-password");
    let transport = Transport::configured(&wrong, SMTP_TIMEOUT, trust).unwrap();
    let report = Kit::new().run_now(store, &transport).await;
    assert_eq!(
        (report.sent, report.deferred, report.bounced),
        (0, 3, 0),
        "{report:?}"
    );
    let why = report.stopped.clone().unwrap_or_default();
    assert!(why.contains("535"), "{why}");
    assert!(!why.contains("not-the-password"), "{why}");
    assert_eq!(report.outbox.queued, 3, "{report:?}");
    for reader in readers {
        assert_eq!(store.subscriber(reader).await.unwrap().bounces, 0);
    }
    assert!(sink.messages().is_empty());
    store.close().await;
}
