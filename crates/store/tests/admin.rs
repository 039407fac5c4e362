//! The newsroom admin's storage, on SQLite and on PostgreSQL: people and
//! invitations, sessions bound to their host, the sign-in lockout, the
//! audit line written with each change, and paused sources.

use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{Email, FeedUrl, MastheadId, Role, SubscriberStatus};
use newsdesk_store::{Actor, AuditFilter, Lease, Lockout, Store, StoreError};

newsdesk_testkit::on_both_backends!(
    people_are_added_once_and_changes_to_them_are_audited,
    an_invitation_sets_a_password_once_and_expires,
    a_session_works_on_its_own_host_until_idle_or_expired,
    failed_sign_ins_lock_with_a_growing_wait,
    a_paused_source_is_never_claimed_until_resumed,
    a_removed_reader_is_gone_with_an_audit_line,
    the_log_pages_by_person_and_kind,
);

const T0: i64 = 1_764_000_000;

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(T0 + seconds).unwrap()
}

fn email(text: &str) -> Email {
    Email::parse(text).unwrap()
}

/// Ada, an admin added from the command line.
async fn ada(store: &Store) -> newsdesk_store::User {
    store
        .add_user(
            &email("ada@example.org"),
            Role::Admin,
            "$argon2id$x",
            &Actor::command_line(),
            at(0),
        )
        .await
        .unwrap()
}

/// Ben, an editor `by` invites at `seconds`, with an hour to accept.
async fn invite_ben(store: &Store, by: &Actor, seconds: i64) -> newsdesk_store::User {
    store
        .invite_user(
            &email("ben@example.org"),
            Role::Editor,
            "hash-1",
            at(3600),
            by,
            at(seconds),
        )
        .await
        .unwrap()
}

async fn people_are_added_once_and_changes_to_them_are_audited(store: Store) {
    let cli = Actor::command_line();
    let ada = ada(&store).await;
    assert!(ada.has_password);
    let again = store
        .add_user(
            &email("ada@example.org"),
            Role::Editor,
            "$argon2id$y",
            &cli,
            at(1),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let by = Actor {
        user: Some(ada.id),
        name: "ada@example.org".into(),
    };
    let ben = invite_ben(&store, &by, 2).await;
    assert!(!ben.has_password);
    store
        .set_user_role(ben.id, Role::Admin, &by, at(3))
        .await
        .unwrap();
    store
        .set_user_disabled(ben.id, true, &by, at(4))
        .await
        .unwrap();
    let ben = store.user(ben.id).await.unwrap().unwrap();
    assert_eq!((ben.role, ben.disabled_at), (Role::Admin, Some(at(4))));
    assert_eq!(store.count_users().await.unwrap(), 2);

    let page = store.audit_page(&AuditFilter::default(), 2).await.unwrap();
    let kinds: Vec<&str> = page.lines.iter().map(|l| l.kind.as_str()).collect();
    assert_eq!(kinds, ["user.disable", "user.role"]);
    assert_eq!(
        page.lines[1].before.as_deref(),
        Some(r#"{"role":"editor"}"#)
    );
    assert_eq!(page.lines[1].after.as_deref(), Some(r#"{"role":"admin"}"#));
    assert_eq!(page.lines[1].actor, "ada@example.org");
    let older = store
        .audit_page(
            &AuditFilter {
                before_id: page.next,
                ..AuditFilter::default()
            },
            10,
        )
        .await
        .unwrap();
    let kinds: Vec<&str> = older.lines.iter().map(|l| l.kind.as_str()).collect();
    assert_eq!(kinds, ["user.invite", "user.add"]);
    assert_eq!(older.next, None);
    assert_eq!(older.lines[1].user, None, "the command line is nobody");
    let by_ada = store
        .audit_page(
            &AuditFilter {
                user: Some(ada.id),
                kind: Some("user.role".into()),
                before_id: None,
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(by_ada.lines.len(), 1);
    assert_eq!(
        store.audit_kinds().await.unwrap(),
        ["user.add", "user.disable", "user.invite", "user.role"]
    );
}

async fn an_invitation_sets_a_password_once_and_expires(store: Store) {
    let cli = Actor::command_line();
    let ben = store
        .invite_user(
            &email("ben@example.org"),
            Role::Editor,
            "hash-1",
            at(3600),
            &cli,
            at(0),
        )
        .await
        .unwrap();
    assert!(store.invitation("hash-2", at(1)).await.unwrap().is_none());
    let found = store.invitation("hash-1", at(1)).await.unwrap().unwrap();
    assert_eq!(found.user.id, ben.id);
    assert!(
        store
            .invitation("hash-1", at(3600))
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    assert!(
        store
            .accept_invitation("hash-1", "$argon2id$z", at(3600))
            .await
            .unwrap()
            .is_none(),
        "an expired link sets nothing"
    );
    let set = store
        .accept_invitation("hash-1", "$argon2id$z", at(10))
        .await
        .unwrap()
        .unwrap();
    assert!(set.has_password);
    assert!(
        store
            .accept_invitation("hash-1", "$argon2id$w", at(11))
            .await
            .unwrap()
            .is_none(),
        "a link works once"
    );
    let (_, hash) = store
        .user_for_sign_in(&email("ben@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hash.as_deref(), Some("$argon2id$z"));
}

async fn a_session_works_on_its_own_host_until_idle_or_expired(store: Store) {
    let cli = Actor::command_line();
    let ada = ada(&store).await;
    let idle = SignedDuration::from_mins(30);
    store
        .open_session(
            "s1",
            &ada,
            "news.example",
            at(0),
            SignedDuration::from_hours(8),
        )
        .await
        .unwrap();
    let found = store
        .session("s1", "news.example", at(60), idle)
        .await
        .unwrap();
    assert_eq!(found.unwrap().user.id, ada.id);
    assert!(
        store
            .session("s1", "other.example", at(60), idle)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session("s2", "news.example", at(60), idle)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session("s1", "news.example", at(31 * 60), idle)
            .await
            .unwrap()
            .is_none(),
        "idle too long"
    );
    store.touch_session("s1", at(29 * 60)).await.unwrap();
    assert!(
        store
            .session("s1", "news.example", at(31 * 60), idle)
            .await
            .unwrap()
            .is_some()
    );
    for minute in (40..8 * 60).step_by(20) {
        store.touch_session("s1", at(minute * 60)).await.unwrap();
    }
    assert!(
        store
            .session("s1", "news.example", at(8 * 3600), idle)
            .await
            .unwrap()
            .is_none(),
        "expired however busy"
    );
    store
        .open_session(
            "s3",
            &ada,
            "news.example",
            at(0),
            SignedDuration::from_hours(8),
        )
        .await
        .unwrap();
    store.close_session("s3").await.unwrap();
    assert!(
        store
            .session("s3", "news.example", at(1), idle)
            .await
            .unwrap()
            .is_none()
    );
    store
        .open_session(
            "s4",
            &ada,
            "news.example",
            at(0),
            SignedDuration::from_hours(8),
        )
        .await
        .unwrap();
    store
        .set_user_disabled(ada.id, true, &cli, at(2))
        .await
        .unwrap();
    assert!(
        store
            .session("s4", "news.example", at(3), idle)
            .await
            .unwrap()
            .is_none(),
        "a disabled person is signed out"
    );
}

async fn failed_sign_ins_lock_with_a_growing_wait(store: Store) {
    let lockout = Lockout::default();
    let keys = ["email:ada@example.org", "address:127.0.0.1"];
    for n in 1..=5 {
        assert_eq!(
            store.login_failed(&keys, at(n), &lockout).await.unwrap(),
            n as u32
        );
        assert_eq!(store.login_locked_until(&keys, at(n)).await.unwrap(), None);
    }
    assert_eq!(store.login_failed(&keys, at(6), &lockout).await.unwrap(), 6);
    assert_eq!(
        store.login_locked_until(&keys, at(6)).await.unwrap(),
        Some(at(8))
    );
    assert_eq!(store.login_locked_until(&keys, at(8)).await.unwrap(), None);
    store.login_failed(&keys, at(8), &lockout).await.unwrap();
    assert_eq!(
        store.login_locked_until(&keys, at(8)).await.unwrap(),
        Some(at(12))
    );
    // Another address typed from the same client is locked by the client.
    assert_eq!(
        store
            .login_locked_until(&["email:ben@example.org", "address:127.0.0.1"], at(9))
            .await
            .unwrap(),
        Some(at(12))
    );
    store
        .login_succeeded("email:ada@example.org")
        .await
        .unwrap();
    assert_eq!(
        store
            .login_locked_until(&["email:ada@example.org"], at(9))
            .await
            .unwrap(),
        None
    );
    // A day later the client starts counting again.
    let later = at(2 * 86_400);
    assert_eq!(
        store
            .login_failed(&keys[1..], later, &lockout)
            .await
            .unwrap(),
        1
    );
}

async fn a_paused_source_is_never_claimed_until_resumed(store: Store) {
    let source = store
        .add_source(&NewSource {
            url: FeedUrl::parse("https://wire.example/feed.xml").unwrap(),
            name: "Wire".into(),
            section: None,
            mastheads: vec![],
        })
        .await
        .unwrap();
    let editor = Actor {
        user: None,
        name: "desk".into(),
    };
    let now = Timestamp::now();
    store
        .set_source_paused(source.id, true, &editor, now)
        .await
        .unwrap();
    store
        .set_source_paused(source.id, true, &editor, now)
        .await
        .unwrap();
    assert!(
        store
            .source(source.id)
            .await
            .unwrap()
            .unwrap()
            .state
            .paused_at
            .is_some()
    );
    let lease = Lease {
        owner: "w1".into(),
        until: now + SignedDuration::from_mins(10),
    };
    let later = now + SignedDuration::from_hours(48);
    assert!(
        store
            .claim_due_sources(&lease, later, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.next_due_at(later).await.unwrap(), None);
    store
        .set_source_paused(source.id, false, &editor, now)
        .await
        .unwrap();
    let claimed = store.claim_due_sources(&lease, now, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    let lines = store
        .audit_page(&AuditFilter::default(), 10)
        .await
        .unwrap()
        .lines;
    let kinds: Vec<&str> = lines.iter().map(|l| l.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["source.resume", "source.pause"],
        "a repeated pause writes nothing"
    );
    store
        .fetch_source_now(source.id, &editor, now)
        .await
        .unwrap();
    let missing = store
        .fetch_source_now(newsdesk_domain::SourceId(999), &editor, now)
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))));
}

async fn a_removed_reader_is_gone_with_an_audit_line(store: Store) {
    let masthead = MastheadId::parse("harbour-times").unwrap();
    let mut ids = Vec::new();
    for n in 0..5 {
        let id = store
            .add_subscriber(&masthead, &email(&format!("r{n}@example.org")), &[], at(n))
            .await
            .unwrap();
        ids.push(id);
    }
    store
        .set_subscriber_status(ids[0], SubscriberStatus::Confirmed, at(9))
        .await
        .unwrap();
    let first = store
        .subscribers_after(Some(&masthead), None, 2)
        .await
        .unwrap();
    let rest = store
        .subscribers_after(Some(&masthead), Some(first[1].id), 10)
        .await
        .unwrap();
    assert_eq!((first.len(), rest.len()), (2, 3));
    store
        .remove_subscriber(ids[0], &Actor::command_line(), at(10))
        .await
        .unwrap();
    assert!(matches!(
        store.subscriber(ids[0]).await,
        Err(StoreError::NotFound(_))
    ));
    let line = &store
        .audit_page(&AuditFilter::default(), 1)
        .await
        .unwrap()
        .lines[0];
    assert_eq!(line.kind, "subscriber.remove");
    assert!(line.before.as_deref().unwrap().contains("r0@example.org"));
    assert_eq!(line.after, None);
}

async fn the_log_pages_by_person_and_kind(store: Store) {
    let ada = ada(&store).await;
    let by_ada = Actor {
        user: Some(ada.id),
        name: "ada@example.org".into(),
    };
    let ben = invite_ben(&store, &by_ada, 1).await;
    let by_ben = Actor {
        user: Some(ben.id),
        name: "ben@example.org".into(),
    };
    // Ada and Ben change Ben's role in turn, Ada also disables and enables.
    for n in 0..6 {
        let (by, role) = if n % 2 == 0 {
            (&by_ada, Role::Admin)
        } else {
            (&by_ben, Role::Editor)
        };
        store
            .set_user_role(ben.id, role, by, at(10 + n))
            .await
            .unwrap();
        if n % 3 == 0 {
            store
                .set_user_disabled(ben.id, n == 0, &by_ada, at(10 + n))
                .await
                .unwrap();
        }
    }
    // Ada's role changes, one a page, newest first, to the end.
    let mut seen = Vec::new();
    let mut filter = AuditFilter {
        user: Some(ada.id),
        kind: Some("user.role".into()),
        before_id: None,
    };
    loop {
        let page = store.audit_page(&filter, 1).await.unwrap();
        seen.extend(
            page.lines
                .iter()
                .map(|l| (l.actor.clone(), l.kind.clone(), l.id)),
        );
        match page.next {
            Some(next) => filter.before_id = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(
        seen.iter()
            .all(|(actor, kind, _)| actor == "ada@example.org" && kind == "user.role")
    );
    assert!(
        seen.windows(2).all(|w| w[0].2 > w[1].2),
        "newest first: {seen:?}"
    );
    // One kind, anyone's, from a cursor; and everyone's from it.
    let from = AuditFilter {
        before_id: Some(seen[0].2),
        ..AuditFilter::default()
    };
    let disables = store
        .audit_page(
            &AuditFilter {
                kind: Some("user.disable".into()),
                ..from.clone()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(
        disables.lines.len(),
        1,
        "the first disable, before the last role change"
    );
    let older = store.audit_page(&from, 100).await.unwrap();
    assert!(older.lines.iter().all(|l| l.id < seen[0].2));
    assert_eq!(older.next, None);
    assert_eq!(
        store.audit_kinds().await.unwrap(),
        [
            "user.add",
            "user.disable",
            "user.enable",
            "user.invite",
            "user.role"
        ]
    );
}
