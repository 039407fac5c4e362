//! News releases in the store, on both databases: submitted, confirmed,
//! queued with filters, edited, approved now or later, rejected with a
//! reason, published when due, placed in a section; the emails due to
//! submitters; rate-limit counts; pictures served only once published.

use jiff::{SignedDuration, Timestamp};
use newsdesk_domain::{
    Email, Flag, MastheadId, ReleaseCategory, ReleaseId, ReleaseStatus, Section,
};
use newsdesk_store::{
    Actor, NewRelease, NoticeKind, Picture, QueueFilter, ReleaseConfirmed, ReleaseText, Store,
    StoreError, Submitter,
};

newsdesk_testkit::on_both_backends!(
    a_release_goes_from_submission_to_publication,
    a_rejection_keeps_its_reason_and_emails_the_submitter,
    an_approval_for_later_publishes_when_due,
    the_queue_filters_by_state_masthead_and_flag,
    decisions_only_apply_to_releases_waiting_for_one,
    emails_due_are_claimed_once,
    rate_limit_counts_and_fingerprints_read_back,
    placed_releases_are_found_by_section_masthead_and_time,
);

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_764_000_000 + second).unwrap()
}

fn masthead(id: &str) -> MastheadId {
    MastheadId::parse(id).unwrap()
}

fn new_release(headline: &str, mastheads: &[&str]) -> NewRelease {
    NewRelease {
        text: ReleaseText {
            organisation: "Riverside Rowing Club".into(),
            category: ReleaseCategory::Sports,
            headline: headline.into(),
            standfirst: "The club's eight crossed the lake in record time.".into(),
            body: "The crew trained **every morning** for a year.".into(),
        },
        submitter: Submitter {
            contact_name: "Amani Otieno".into(),
            email: Email::parse("press@rowing.example").unwrap(),
            phone: String::new(),
            client: "192.0.2.7".into(),
        },
        mastheads: mastheads.iter().map(|m| masthead(m)).collect(),
        pictures: vec![
            Picture {
                width: 320,
                height: 180,
                bytes: vec![0xff, 0xd8, 1, 2, 3],
            },
            Picture {
                width: 640,
                height: 360,
                bytes: vec![0xff, 0xd8, 4, 5, 6],
            },
        ],
        flags: Vec::new(),
        near_copy_of: None,
        fingerprint: "00aa".into(),
    }
}

async fn a_release_goes_from_submission_to_publication(store: Store) {
    let star = masthead("kenya-star");
    let id = store
        .submit_release(
            &new_release("Rowers set a lake record", &["kenya-star"]),
            at(0),
        )
        .await
        .unwrap();
    let release = store.news_release(id, at(1)).await.unwrap();
    assert_eq!(release.status, ReleaseStatus::Unconfirmed);
    assert_eq!(release.text.headline, "Rowers set a lake record");
    assert_eq!(release.mastheads, vec![star.clone()]);
    assert_eq!(
        release.pictures.iter().map(|p| p.width).collect::<Vec<_>>(),
        vec![320, 640]
    );
    assert!(
        store
            .release_queue(&QueueFilter::default(), 50, at(1))
            .await
            .unwrap()
            .is_empty(),
        "an unconfirmed release is not in the queue"
    );

    assert_eq!(
        store.confirm_release(id, at(2)).await.unwrap(),
        ReleaseConfirmed::Now
    );
    assert_eq!(
        store.confirm_release(id, at(3)).await.unwrap(),
        ReleaseConfirmed::Already
    );
    let queue = store
        .release_queue(&QueueFilter::default(), 50, at(3))
        .await
        .unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].status, ReleaseStatus::Pending);
    assert_eq!(queue[0].confirmed_at, Some(at(2)));

    store
        .edit_release(
            id,
            &ReleaseText {
                organisation: "Riverside Rowing Club".into(),
                category: ReleaseCategory::Sports,
                headline: "Riverside rowers set a lake record".into(),
                standfirst: "A new best time.".into(),
                body: "Edited body.".into(),
            },
            &Actor::command_line(),
            at(4),
        )
        .await
        .unwrap();
    assert!(
        store
            .release_picture(id, 320, &star, at(4))
            .await
            .unwrap()
            .is_none(),
        "no picture before publication"
    );
    let before = store.site_generation().await.unwrap();
    store
        .approve_release(id, at(5), &Actor::command_line(), at(5))
        .await
        .unwrap();
    assert!(store.site_generation().await.unwrap() > before);
    let published = store
        .published_releases(&star, None, at(6), 10)
        .await
        .unwrap();
    assert_eq!(published.len(), 1);
    assert_eq!(published[0].status, ReleaseStatus::Published);
    assert_eq!(
        published[0].text.headline,
        "Riverside rowers set a lake record"
    );
    assert_eq!(published[0].published_at, Some(at(5)));
    assert!(
        store
            .published_releases(&masthead("coast-herald"), None, at(6), 10)
            .await
            .unwrap()
            .is_empty(),
        "only on the mastheads it is for"
    );
    assert_eq!(
        store
            .release_picture(id, 320, &star, at(6))
            .await
            .unwrap()
            .unwrap(),
        vec![0xff, 0xd8, 1, 2, 3]
    );
    assert!(
        store
            .published_releases(&star, Some(at(5)), at(6), 10)
            .await
            .unwrap()
            .is_empty(),
        "since excludes what came before"
    );

    store
        .place_release(
            id,
            Some(&Section::parse("sport").unwrap()),
            &Actor::command_line(),
            at(7),
        )
        .await
        .unwrap();
    assert_eq!(
        store.news_release(id, at(8)).await.unwrap().placed_section,
        Some(Section::parse("sport").unwrap())
    );
    assert!(matches!(
        store.news_release(ReleaseId(id.0 + 100), at(8)).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn a_rejection_keeps_its_reason_and_emails_the_submitter(store: Store) {
    let id = store
        .submit_release(&new_release("A sale of boats", &["kenya-star"]), at(0))
        .await
        .unwrap();
    store.confirm_release(id, at(1)).await.unwrap();
    assert!(
        store
            .due_release_notices(at(2), 10)
            .await
            .unwrap()
            .is_empty(),
        "the confirmation email is no longer due once confirmed"
    );
    store
        .reject_release(
            id,
            "This reads as an advertisement.",
            &Actor::command_line(),
            at(3),
        )
        .await
        .unwrap();
    let release = store.news_release(id, at(4)).await.unwrap();
    assert_eq!(release.status, ReleaseStatus::Rejected);
    assert_eq!(
        release.reason.as_deref(),
        Some("This reads as an advertisement.")
    );
    let due = store.due_release_notices(at(4), 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].kind, NoticeKind::Rejected);
    assert_eq!(due[0].release.id, id);
    assert!(
        store
            .published_releases(&masthead("kenya-star"), None, at(5), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn an_approval_for_later_publishes_when_due(store: Store) {
    let star = masthead("kenya-star");
    let id = store
        .submit_release(&new_release("A festival in May", &["kenya-star"]), at(0))
        .await
        .unwrap();
    store.confirm_release(id, at(1)).await.unwrap();
    store
        .approve_release(id, at(100), &Actor::command_line(), at(2))
        .await
        .unwrap();
    assert_eq!(
        store.news_release(id, at(3)).await.unwrap().status,
        ReleaseStatus::Approved
    );
    assert!(
        store
            .published_releases(&star, None, at(50), 10)
            .await
            .unwrap()
            .is_empty()
    );
    // An editor may still move it, or edit it.
    store
        .approve_release(id, at(90), &Actor::command_line(), at(4))
        .await
        .unwrap();
    assert_eq!(store.publish_due_releases(at(80)).await.unwrap(), 0);
    // Readers see it once its time passes, even before the publisher runs.
    assert_eq!(
        store.news_release(id, at(95)).await.unwrap().status,
        ReleaseStatus::Published
    );
    let before = store.site_generation().await.unwrap();
    assert_eq!(store.publish_due_releases(at(95)).await.unwrap(), 1);
    assert!(store.site_generation().await.unwrap() > before);
    assert_eq!(store.publish_due_releases(at(96)).await.unwrap(), 0);
    let published = store
        .published_releases(&star, None, at(96), 10)
        .await
        .unwrap();
    assert_eq!(published[0].published_at, Some(at(90)));
}

async fn the_queue_filters_by_state_masthead_and_flag(store: Store) {
    let mut ids = Vec::new();
    for (i, mastheads) in [
        vec!["kenya-star"],
        vec!["coast-herald"],
        vec!["kenya-star", "coast-herald"],
    ]
    .into_iter()
    .enumerate()
    {
        let mut release = new_release(&format!("Release {i}"), &mastheads);
        if i == 1 {
            release.flags = vec![Flag::Capitals, Flag::Links];
        }
        let id = store.submit_release(&release, at(i as i64)).await.unwrap();
        store.confirm_release(id, at(10)).await.unwrap();
        ids.push(id);
    }
    store
        .approve_release(ids[2], at(20), &Actor::command_line(), at(20))
        .await
        .unwrap();
    let heads =
        |found: Vec<newsdesk_store::Release>| found.into_iter().map(|r| r.id).collect::<Vec<_>>();
    let all = store
        .release_queue(&QueueFilter::default(), 50, at(30))
        .await
        .unwrap();
    assert_eq!(heads(all), vec![ids[2], ids[1], ids[0]], "newest first");
    let pending = QueueFilter {
        status: Some(ReleaseStatus::Pending),
        ..QueueFilter::default()
    };
    assert_eq!(
        heads(store.release_queue(&pending, 50, at(30)).await.unwrap()),
        vec![ids[1], ids[0]]
    );
    let star = QueueFilter {
        masthead: Some(masthead("kenya-star")),
        ..QueueFilter::default()
    };
    assert_eq!(
        heads(store.release_queue(&star, 50, at(30)).await.unwrap()),
        vec![ids[2], ids[0]]
    );
    let flagged = QueueFilter {
        flagged_only: true,
        ..QueueFilter::default()
    };
    let found = store.release_queue(&flagged, 50, at(30)).await.unwrap();
    assert_eq!(found[0].flags, vec![Flag::Capitals, Flag::Links]);
    assert_eq!(heads(found), vec![ids[1]]);
    let published = QueueFilter {
        status: Some(ReleaseStatus::Published),
        ..QueueFilter::default()
    };
    assert_eq!(
        heads(store.release_queue(&published, 50, at(30)).await.unwrap()),
        vec![ids[2]]
    );
    let next_page = QueueFilter {
        before: Some(ids[1]),
        ..QueueFilter::default()
    };
    assert_eq!(
        heads(store.release_queue(&next_page, 50, at(30)).await.unwrap()),
        vec![ids[0]]
    );
}

async fn decisions_only_apply_to_releases_waiting_for_one(store: Store) {
    let id = store
        .submit_release(&new_release("Not yet confirmed", &["kenya-star"]), at(0))
        .await
        .unwrap();
    assert!(matches!(
        store
            .approve_release(id, at(1), &Actor::command_line(), at(1))
            .await,
        Err(StoreError::Conflict(_))
    ));
    store.confirm_release(id, at(2)).await.unwrap();
    store
        .approve_release(id, at(3), &Actor::command_line(), at(3))
        .await
        .unwrap();
    assert!(matches!(
        store
            .reject_release(id, "too late", &Actor::command_line(), at(4))
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store
            .edit_release(
                id,
                &ReleaseText {
                    organisation: "x".into(),
                    category: ReleaseCategory::Other,
                    headline: "x".into(),
                    standfirst: "x".into(),
                    body: "x".into(),
                },
                &Actor::command_line(),
                at(5),
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store
            .approve_release(ReleaseId(id.0 + 50), at(6), &Actor::command_line(), at(6))
            .await,
        Err(StoreError::NotFound(_))
    ));
}

async fn emails_due_are_claimed_once(store: Store) {
    let id = store
        .submit_release(&new_release("Claimed once", &["kenya-star"]), at(0))
        .await
        .unwrap();
    let due = store.due_release_notices(at(1), 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].kind, NoticeKind::Confirm);
    assert_eq!(due[0].release.id, id);
    let until = at(1).checked_add(SignedDuration::from_mins(5)).unwrap();
    assert!(store.claim_release_notice(&due[0], until).await.unwrap());
    assert!(
        !store.claim_release_notice(&due[0], until).await.unwrap(),
        "a second claim of the same email fails"
    );
    assert!(
        store
            .due_release_notices(at(2), 10)
            .await
            .unwrap()
            .is_empty()
    );
    store
        .settle_release_notice(&due[0], Some(at(60)))
        .await
        .unwrap();
    let again = store.due_release_notices(at(60), 10).await.unwrap();
    assert_eq!(again[0].attempts, 1);
    assert!(store.claim_release_notice(&again[0], until).await.unwrap());
    store.settle_release_notice(&again[0], None).await.unwrap();
    assert!(
        store
            .due_release_notices(at(600), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn rate_limit_counts_and_fingerprints_read_back(store: Store) {
    let email = Email::parse("press@rowing.example").unwrap();
    for i in 0..3 {
        let mut release = new_release(&format!("Number {i}"), &["kenya-star"]);
        release.fingerprint = format!("f{i}");
        if i == 2 {
            release.submitter.client = "198.51.100.9".into();
        }
        store.submit_release(&release, at(i * 100)).await.unwrap();
    }
    assert_eq!(
        store
            .recent_submissions("192.0.2.7", &email, at(-1))
            .await
            .unwrap(),
        (2, 3)
    );
    assert_eq!(
        store
            .recent_submissions("192.0.2.7", &email, at(50))
            .await
            .unwrap(),
        (1, 2)
    );
    let prints = store.recent_fingerprints(2).await.unwrap();
    assert_eq!(
        prints.iter().map(|p| p.1.as_str()).collect::<Vec<_>>(),
        vec!["f2", "f1"]
    );
}

/// A release for `mastheads`, confirmed and approved to be public at
/// `public`.
async fn approved(store: &Store, headline: &str, mastheads: &[&str], public: i64) -> ReleaseId {
    let id = store
        .submit_release(&new_release(headline, mastheads), at(0))
        .await
        .unwrap();
    store.confirm_release(id, at(1)).await.unwrap();
    store
        .approve_release(id, at(public), &Actor::command_line(), at(2))
        .await
        .unwrap();
    id
}

async fn placed_releases_are_found_by_section_masthead_and_time(store: Store) {
    let (star, ocean) = (masthead("kenya-star"), masthead("ocean-herald"));
    let sports = Section::parse("sports").unwrap();
    let world = Section::parse("world").unwrap();
    let early = approved(&store, "Rowers set a lake record", &["kenya-star"], 10).await;
    let late = approved(
        &store,
        "A regatta on Saturday",
        &["kenya-star", "ocean-herald"],
        20,
    )
    .await;
    let unplaced = approved(&store, "A new boathouse", &["kenya-star"], 10).await;
    let waiting = approved(&store, "Trials next month", &["kenya-star"], 1_000).await;
    for id in [early, late, waiting] {
        store
            .place_release(id, Some(&sports), &Actor::command_line(), at(3))
            .await
            .unwrap();
    }
    let placed = |masthead: MastheadId, section: Section, window: (Option<i64>, Option<i64>)| {
        let store = store.clone();
        async move {
            let window = (window.0.map(at), window.1.map(at));
            store
                .placed_releases(&masthead, &section, window, at(100), 10)
                .await
                .unwrap()
                .iter()
                .map(|r| r.id)
                .collect::<Vec<_>>()
        }
    };
    // Newest first; not the unplaced one, nor the one not yet public.
    assert_eq!(
        placed(star.clone(), sports.clone(), (None, None)).await,
        [late, early]
    );
    assert!(
        !placed(star.clone(), sports.clone(), (None, None))
            .await
            .contains(&unplaced)
    );
    assert_eq!(
        placed(ocean.clone(), sports.clone(), (None, None)).await,
        [late]
    );
    assert!(
        placed(star.clone(), world.clone(), (None, None))
            .await
            .is_empty()
    );
    // A stretch of time: from is in, until is out.
    assert_eq!(
        placed(star.clone(), sports.clone(), (Some(20), None)).await,
        [late]
    );
    assert_eq!(
        placed(star.clone(), sports.clone(), (Some(10), Some(20))).await,
        [early]
    );
    // Taken out of the section, it is found no more.
    store
        .place_release(late, None, &Actor::command_line(), at(4))
        .await
        .unwrap();
    assert_eq!(
        placed(ocean, sports, (None, None)).await,
        Vec::<ReleaseId>::new()
    );
    assert!(placed(star, world, (None, None)).await.is_empty());
}
