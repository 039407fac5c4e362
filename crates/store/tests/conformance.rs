//! The storage conformance suite: every test runs on SQLite and on PostgreSQL.

use jiff::Timestamp;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{
    ArticlePage, CanonicalLink, FeedUrl, MastheadId, MastheadReach, NewStory, Section, Source,
    SourceId,
};
use newsdesk_store::{
    FetchRecord, Lease, Schedule, Store, StoreError, StoryCursor, StoryFilter, StoryInsert,
    StoryQuery,
};

newsdesk_testkit::on_both_backends!(
    sources_are_added_once_and_listed,
    fetch_records_keep_or_replace_validators,
    stories_are_stored_once_by_guid_and_by_link,
    a_batch_of_stories_keeps_the_same_rules,
    batches_stored_at_once_store_each_story_once,
    latest_stories_are_newest_first_and_filtered,
    a_story_reads_back_as_written,
    migrating_twice_changes_nothing,
    article_pages_replace_the_body_or_leave_a_note,
    a_batch_of_pages_is_stored_whole_or_not_at_all,
    due_sources_are_claimed_by_one_worker_at_a_time,
    a_lapsed_lease_is_taken_over,
    sources_show_who_holds_them_and_until_when,
    schedules_read_back_and_gone_sources_rest,
    pages_that_failed_for_a_passing_reason_are_tried_again,
    lists_page_by_cursor_without_shifting,
    lists_filter_by_section_source_and_time,
    carriers_name_every_source_of_a_story,
    the_site_generation_grows_with_every_story_write,
);

/// A schedule that makes the source due an hour after `at`.
fn in_an_hour(at: Timestamp) -> Schedule {
    Schedule {
        next_check_at: Timestamp::from_second(at.as_second() + 3600).unwrap(),
        check_interval_secs: Some(3600),
        failures: 0,
        gone: false,
    }
}

fn lease(owner: &str, until: i64) -> Lease {
    Lease {
        owner: owner.into(),
        until: Timestamp::from_second(until).unwrap(),
    }
}

fn new_source(url: &str, mastheads: &[&str]) -> NewSource {
    NewSource {
        url: FeedUrl::parse(url).unwrap(),
        name: "Harbour Wire".into(),
        section: Some(Section::parse("world").unwrap()),
        mastheads: mastheads
            .iter()
            .map(|m| MastheadId::parse(m).unwrap())
            .collect(),
    }
}

/// Two sources on different sites, with no mastheads.
async fn two_sources(store: &Store) -> (Source, Source) {
    let a = new_source("http://wire.example/a.xml", &[]);
    let b = new_source("http://other.example/b.xml", &[]);
    (
        store.add_source(&a).await.unwrap(),
        store.add_source(&b).await.unwrap(),
    )
}

/// A source for Kenya Star only, one for the Ocean Herald only, and one
/// for every masthead.
async fn three_sources(store: &Store) -> (Source, Source, Source) {
    let mut added = Vec::new();
    for (url, mastheads) in [
        ("http://wire.example/ke.xml", &["kenya-star"][..]),
        ("http://wire.example/io.xml", &["ocean-herald"][..]),
        ("http://wire.example/all.xml", &[][..]),
    ] {
        added.push(store.add_source(&new_source(url, mastheads)).await.unwrap());
    }
    let every = added.pop().unwrap();
    let ocean = added.pop().unwrap();
    (added.pop().unwrap(), ocean, every)
}

fn new_story(source: SourceId, guid: &str, link: &str, title: &str, at: i64) -> NewStory {
    NewStory {
        source_id: source,
        guid: guid.into(),
        link: link.into(),
        canonical_link: CanonicalLink::parse(link).unwrap(),
        title: title.into(),
        standfirst: format!("{title}, in brief."),
        body: "First paragraph.\n\nSecond paragraph.".into(),
        author: Some("Amina Odhiambo".into()),
        published_at: Timestamp::from_second(at).unwrap(),
        categories: vec!["World".into(), "Ports".into()],
        section: Section::parse("world").unwrap(),
        dateline: None,
        filed: newsdesk_domain::Filed::default(),
    }
}

async fn sources_are_added_once_and_listed(store: Store) {
    let a = store
        .add_source(&new_source(
            "http://wire.example/a.xml",
            &["kenya-star", "ocean-herald"],
        ))
        .await
        .unwrap();
    assert_eq!(a.name, "Harbour Wire");
    assert_eq!(a.mastheads.len(), 2);
    let again = store
        .add_source(&new_source("http://wire.example/a.xml", &[]))
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    store
        .add_source(&new_source("http://wire.example/b.xml", &[]))
        .await
        .unwrap();
    let all = store.sources().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, a.id);
    assert_eq!(
        all[0]
            .mastheads
            .iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>(),
        ["kenya-star", "ocean-herald"]
    );
    assert!(all[1].mastheads.is_empty());
    assert_eq!(all[1].state.last_checked_at, None);
}

async fn fetch_records_keep_or_replace_validators(store: Store) {
    let s = store
        .add_source(&new_source("http://wire.example/a.xml", &[]))
        .await
        .unwrap();
    let t1 = Timestamp::from_second(1_741_700_000).unwrap();
    store
        .record_fetch(
            s.id,
            t1,
            &FetchRecord::Fetched {
                etag: Some("\"v1\"".into()),
                last_modified: None,
                problem: None,
            },
            &in_an_hour(t1),
            "test",
        )
        .await
        .unwrap();
    let t2 = Timestamp::from_second(1_741_700_600).unwrap();
    store
        .record_fetch(
            s.id,
            t2,
            &FetchRecord::Failed {
                error: "HTTP 500 from wire.example".into(),
            },
            &in_an_hour(t2),
            "test",
        )
        .await
        .unwrap();
    let after = store.source(s.id).await.unwrap().unwrap();
    assert_eq!(
        after.state.etag.as_deref(),
        Some("\"v1\""),
        "a failure keeps validators"
    );
    assert_eq!(after.state.last_success_at, Some(t1));
    assert_eq!(after.state.last_checked_at, Some(t2));
    assert_eq!(
        after.state.last_error.as_deref(),
        Some("HTTP 500 from wire.example")
    );
    store
        .record_fetch(s.id, t2, &FetchRecord::NotModified, &in_an_hour(t2), "test")
        .await
        .unwrap();
    let after = store.source(s.id).await.unwrap().unwrap();
    assert_eq!(after.state.last_error, None);
    assert_eq!(after.state.etag.as_deref(), Some("\"v1\""));
    let missing = store
        .record_fetch(
            SourceId(9999),
            t2,
            &FetchRecord::NotModified,
            &in_an_hour(t2),
            "test",
        )
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))));
}

async fn stories_are_stored_once_by_guid_and_by_link(store: Store) {
    let (a, b) = two_sources(&store).await;
    let first = store
        .insert_story(&new_story(
            a.id,
            "g1",
            "http://wire.example/s/1",
            "Port opens",
            100,
        ))
        .await
        .unwrap();
    assert!(matches!(first, StoryInsert::Inserted(_)));
    // The same item again.
    let again = store
        .insert_story(&new_story(
            a.id,
            "g1",
            "http://wire.example/s/1",
            "Port opens",
            100,
        ))
        .await
        .unwrap();
    assert_eq!(again, StoryInsert::Duplicate);
    // The same article from another source, its link spelt otherwise.
    let elsewhere = store
        .insert_story(&new_story(
            b.id,
            "x9",
            "HTTP://WIRE.example/s/1?utm_source=b#top",
            "Port opens",
            100,
        ))
        .await
        .unwrap();
    assert_eq!(elsewhere, StoryInsert::Duplicate);
    // The same guid in another source is another story.
    let other = store
        .insert_story(&new_story(
            b.id,
            "g1",
            "http://other.example/s/1",
            "Port opens",
            100,
        ))
        .await
        .unwrap();
    assert!(matches!(other, StoryInsert::Inserted(_)));
    assert_eq!(store.count_stories().await.unwrap(), 2);
    // Both sources' coverage of the first story is recorded.
    let StoryInsert::Inserted(first_id) = first else {
        unreachable!()
    };
    let coverage = store.coverage(first_id).await.unwrap();
    assert_eq!(
        coverage.iter().map(|c| c.0).collect::<Vec<_>>(),
        [a.id, b.id]
    );
    // An item its source brought before stays a duplicate even when its
    // link is spelt anew (a feed moved host, say).
    let moved = store
        .insert_story(&new_story(
            b.id,
            "x9",
            "http://mirror.example/s/1",
            "Port opens",
            100,
        ))
        .await
        .unwrap();
    assert_eq!(moved, StoryInsert::Duplicate);
    assert_eq!(store.count_stories().await.unwrap(), 2);
}

async fn a_batch_of_stories_keeps_the_same_rules(store: Store) {
    let (a, b) = two_sources(&store).await;
    let StoryInsert::Inserted(before) = store
        .insert_story(&new_story(a.id, "g1", "http://wire.example/s/1", "One", 1))
        .await
        .unwrap()
    else {
        panic!("not inserted")
    };
    assert_eq!(store.insert_stories(&[]).await.unwrap(), []);
    let batch = [
        // Brought by this source before, its link spelt anew since.
        new_story(a.id, "g1", "http://mirror.example/s/1", "One", 1),
        new_story(a.id, "g2", "http://wire.example/s/2", "Two", 2),
        // The same item twice in one feed.
        new_story(a.id, "g2", "http://wire.example/s/2", "Two", 2),
        // Another item of the feed with the same article as the one above.
        new_story(
            a.id,
            "g3",
            "http://WIRE.example/s/2?utm_medium=rss",
            "Two",
            2,
        ),
        // Another source's article, stored before.
        new_story(a.id, "g4", "http://wire.example/s/1#comments", "One", 1),
        new_story(a.id, "g5", "http://wire.example/s/5", "Five", 5),
    ];
    let done = store.insert_stories(&batch).await.unwrap();
    assert_eq!(done.len(), batch.len());
    let StoryInsert::Inserted(two) = done[1] else {
        panic!("{done:?}")
    };
    assert!(matches!(done[5], StoryInsert::Inserted(_)), "{done:?}");
    assert_eq!(
        [done[0], done[2], done[3], done[4]],
        [StoryInsert::Duplicate; 4]
    );
    assert_eq!(store.count_stories().await.unwrap(), 3);
    // Rows of one batch share their time: compare them in any order.
    let coverage = |id| {
        let store = store.clone();
        async move {
            let mut rows = store.coverage(id).await.unwrap();
            rows.sort();
            rows
        }
    };
    assert_eq!(
        coverage(two).await,
        [
            (a.id, "http://WIRE.example/s/2?utm_medium=rss".to_owned()),
            (a.id, "http://wire.example/s/2".to_owned()),
        ]
    );
    assert_eq!(
        coverage(before).await,
        [
            (a.id, "http://wire.example/s/1".to_owned()),
            (a.id, "http://wire.example/s/1#comments".to_owned()),
        ]
    );
    // The same batch again, from another source: its guids are new to it,
    // its articles are not, but for the one on the mirror.
    let again: Vec<_> = batch
        .iter()
        .map(|s| NewStory {
            source_id: b.id,
            ..s.clone()
        })
        .collect();
    let done = store.insert_stories(&again).await.unwrap();
    assert!(matches!(done[0], StoryInsert::Inserted(_)), "{done:?}");
    assert_eq!(done[1..], [StoryInsert::Duplicate; 5]);
    assert_eq!(store.count_stories().await.unwrap(), 4);
    assert_eq!(store.coverage(two).await.unwrap().len(), 4);
}

/// Two workers storing feeds that share articles, listed in opposite
/// orders, at the same time: each article is stored once, and both
/// sources' coverage of it is recorded.
async fn batches_stored_at_once_store_each_story_once(store: Store) {
    let (a, b) = two_sources(&store).await;
    const N: i64 = 60;
    let feed = |source: SourceId, prefix: &str| -> Vec<NewStory> {
        (0..N)
            .map(|i| {
                new_story(
                    source,
                    &format!("{prefix}{i}"),
                    &format!("http://wire.example/s/{i}"),
                    &format!("Story {i}"),
                    i,
                )
            })
            .collect()
    };
    let from_a = feed(a.id, "a");
    let mut from_b = feed(b.id, "b");
    from_b.reverse();
    let (done_a, done_b) =
        tokio::join!(store.insert_stories(&from_a), store.insert_stories(&from_b));
    let (done_a, done_b) = (done_a.unwrap(), done_b.unwrap());
    let inserted = |done: &[StoryInsert]| {
        done.iter()
            .filter(|d| matches!(d, StoryInsert::Inserted(_)))
            .count()
    };
    assert_eq!(inserted(&done_a) + inserted(&done_b), N as usize);
    assert_eq!(store.count_stories().await.unwrap(), N);
    for done in done_a.iter().chain(&done_b) {
        if let StoryInsert::Inserted(id) = done {
            let sources: Vec<SourceId> = store
                .coverage(*id)
                .await
                .unwrap()
                .into_iter()
                .map(|c| c.0)
                .collect();
            assert_eq!(sources.len(), 2, "{sources:?}");
            assert!(sources.contains(&a.id) && sources.contains(&b.id));
        }
    }
}

async fn latest_stories_are_newest_first_and_filtered(store: Store) {
    let (kenya, ocean, every) = three_sources(&store).await;
    for (i, source) in [kenya.id, ocean.id, every.id, kenya.id]
        .into_iter()
        .enumerate()
    {
        let n = i as i64;
        store
            .insert_story(&new_story(
                source,
                &format!("g{n}"),
                &format!("http://wire.example/s/{n}"),
                &format!("Story {n}"),
                1000 + n,
            ))
            .await
            .unwrap();
    }
    let titles = |stories: Vec<newsdesk_domain::Story>| {
        stories.into_iter().map(|s| s.title).collect::<Vec<_>>()
    };
    let all = store.latest_stories(&StoryQuery::default()).await.unwrap();
    assert_eq!(titles(all), ["Story 3", "Story 2", "Story 1", "Story 0"]);
    let ks = store
        .latest_stories(&StoryQuery {
            masthead: Some(MastheadReach::new(
                MastheadId::parse("kenya-star").unwrap(),
                vec![],
            )),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        titles(ks),
        ["Story 3", "Story 2", "Story 0"],
        "its own sources and the unassigned one"
    );
    let by_source = store
        .latest_stories(&StoryQuery {
            source: Some(ocean.id),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(titles(by_source), ["Story 1"]);
    let limited = store
        .latest_stories(&StoryQuery {
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(titles(limited), ["Story 3"]);
}

async fn a_story_reads_back_as_written(store: Store) {
    let s = store
        .add_source(&new_source("http://wire.example/a.xml", &[]))
        .await
        .unwrap();
    let written = new_story(
        s.id,
        "urn:x:1",
        "http://wire.example/s/ü?id=7",
        "Réunion’s port: “record” cargo",
        1_741_752_720,
    );
    let StoryInsert::Inserted(id) = store.insert_story(&written).await.unwrap() else {
        panic!("not inserted");
    };
    let read = store.story(id).await.unwrap().unwrap();
    assert_eq!(read.title, written.title);
    assert_eq!(read.source_name, "Harbour Wire");
    assert_eq!(read.canonical_link, written.canonical_link);
    assert_eq!(read.body, written.body);
    assert_eq!(read.author, written.author);
    assert_eq!(read.published_at, written.published_at);
    assert_eq!(read.categories, written.categories);
    assert_eq!(read.section, written.section);
    assert!(
        store
            .story(newsdesk_domain::StoryId(id.0 + 100))
            .await
            .unwrap()
            .is_none()
    );
}

async fn migrating_twice_changes_nothing(store: Store) {
    store
        .add_source(&new_source("http://wire.example/a.xml", &[]))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    assert_eq!(store.sources().await.unwrap().len(), 1);
}

async fn article_pages_replace_the_body_or_leave_a_note(store: Store) {
    use newsdesk_domain::BodySource;
    let s = store
        .add_source(&new_source("http://wire.example/a.xml", &[]))
        .await
        .unwrap();
    let StoryInsert::Inserted(found) = store
        .insert_story(&new_story(
            s.id,
            "g1",
            "http://wire.example/s/1",
            "Found",
            1,
        ))
        .await
        .unwrap()
    else {
        panic!()
    };
    let StoryInsert::Inserted(missing) = store
        .insert_story(&new_story(
            s.id,
            "g2",
            "http://wire.example/s/2",
            "Missing",
            2,
        ))
        .await
        .unwrap()
    else {
        panic!()
    };
    store
        .record_article(
            found,
            &ArticlePage {
                body: Some("Whole first paragraph.\n\nWhole second paragraph.".into()),
                body_html: "<p>Whole first paragraph.</p>".into(),
                lead_image: Some("http://wire.example/i.jpg".into()),
                dateline: Some(r#"{"place":"Mombasa"}"#.into()),
                filed: Default::default(),
                note: None,
                retry: false,
            },
        )
        .await
        .unwrap();
    store
        .record_article(
            missing,
            &ArticlePage {
                note: Some("HTTP 404 from the server".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let found = store.story(found).await.unwrap().unwrap();
    assert_eq!(found.body_source, BodySource::Page);
    assert_eq!(
        found.body,
        "Whole first paragraph.\n\nWhole second paragraph."
    );
    assert_eq!(
        found.lead_image.as_deref(),
        Some("http://wire.example/i.jpg")
    );
    let missing = store.story(missing).await.unwrap().unwrap();
    assert_eq!(missing.body_source, BodySource::Feed);
    assert_eq!(
        missing.body, "First paragraph.\n\nSecond paragraph.",
        "the feed's body stays"
    );
    assert_eq!(
        missing.extraction_note.as_deref(),
        Some("HTTP 404 from the server")
    );
}

async fn a_batch_of_pages_is_stored_whole_or_not_at_all(store: Store) {
    use newsdesk_domain::{BodySource, StoryId};
    let s = store
        .add_source(&new_source("http://wire.example/a.xml", &[]))
        .await
        .unwrap();
    let stories = [
        new_story(s.id, "g1", "http://wire.example/s/1", "One", 1),
        new_story(s.id, "g2", "http://wire.example/s/2", "Two", 2),
    ];
    let ids: Vec<StoryId> = store
        .insert_stories(&stories)
        .await
        .unwrap()
        .into_iter()
        .map(|d| match d {
            StoryInsert::Inserted(id) => id,
            StoryInsert::Duplicate => panic!("a duplicate"),
        })
        .collect();
    let page = |text: &str| ArticlePage {
        body: Some(text.into()),
        body_html: format!("<p>{text}</p>"),
        ..Default::default()
    };
    let (one, two) = (page("Page one."), page("Page two."));
    // A story that is not there spoils the whole batch.
    let missing = store
        .record_articles(
            &[(ids[0], one.clone()), (StoryId(ids[1].0 + 100), two)],
            Timestamp::now(),
        )
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
    let first = store.story(ids[0]).await.unwrap().unwrap();
    assert_eq!(first.body_source, BodySource::Feed, "nothing was written");
    assert_eq!(first.body, stories[0].body);
    let note = ArticlePage {
        note: Some("HTTP 404 from the server".into()),
        ..Default::default()
    };
    store
        .record_articles(&[(ids[0], one), (ids[1], note)], Timestamp::now())
        .await
        .unwrap();
    let first = store.story(ids[0]).await.unwrap().unwrap();
    assert_eq!(first.body_source, BodySource::Page);
    assert_eq!(first.body, "Page one.");
    assert_eq!(first.body_html, "<p>Page one.</p>");
    let second = store.story(ids[1]).await.unwrap().unwrap();
    assert_eq!(second.body_source, BodySource::Feed);
    assert_eq!(second.body, stories[1].body);
    assert_eq!(
        second.extraction_note.as_deref(),
        Some("HTTP 404 from the server")
    );
    store.record_articles(&[], Timestamp::now()).await.unwrap();
}

async fn due_sources_are_claimed_by_one_worker_at_a_time(store: Store) {
    let now = 1_741_700_000;
    let t = |s: i64| Timestamp::from_second(s).unwrap();
    for i in 0..5 {
        store
            .add_source(&new_source(&format!("http://wire.example/{i}.xml"), &[]))
            .await
            .unwrap();
    }
    // New sources are due at once; a batch limit is honoured.
    let first = store
        .claim_due_sources(&lease("a", now + 600), t(now), 3)
        .await
        .unwrap();
    assert_eq!(first.len(), 3);
    let second = store
        .claim_due_sources(&lease("b", now + 600), t(now), 10)
        .await
        .unwrap();
    assert_eq!(second.len(), 2, "b gets only what a does not hold");
    let third = store
        .claim_due_sources(&lease("c", now + 600), t(now), 10)
        .await
        .unwrap();
    assert!(third.is_empty());
    let (due, leased) = store.schedule_counts(t(now)).await.unwrap();
    assert_eq!((due, leased), (0, 5));
    // A finished fetch releases the lease and sets the next check.
    let done = &first[0];
    store
        .record_fetch(
            done.id,
            t(now),
            &FetchRecord::NotModified,
            &in_an_hour(t(now)),
            "a",
        )
        .await
        .unwrap();
    let back = store.source(done.id).await.unwrap().unwrap();
    assert_eq!(back.state.next_check_at, Some(t(now + 3600)));
    assert!(
        store
            .claim_due_sources(&lease("c", now + 600), t(now + 1), 10)
            .await
            .unwrap()
            .iter()
            .all(|s| s.id != done.id),
        "not due before its time"
    );
    // A worker that shuts down lets go of the rest at once.
    assert_eq!(store.release_leases("b").await.unwrap(), 2);
    let freed = store
        .claim_due_sources(&lease("c", now + 600), t(now + 1), 10)
        .await
        .unwrap();
    assert_eq!(freed.len(), 2);
    // An operator's fetch leaves alone what another worker holds.
    let ids: Vec<SourceId> = store
        .sources()
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    let mine = store
        .claim_sources(&lease("op", now + 600), t(now + 2), &ids)
        .await
        .unwrap();
    assert_eq!(mine.len(), 1, "only the one released by its fetch");
    assert_eq!(mine[0].id, done.id);
}

async fn sources_show_who_holds_them_and_until_when(store: Store) {
    let now = 1_741_700_000;
    let s = store
        .add_source(&new_source("http://wire.example/a.xml", &[]))
        .await
        .unwrap();
    assert_eq!(
        store.source(s.id).await.unwrap().unwrap().state.held_by,
        None
    );
    store
        .claim_due_sources(
            &lease("host-a:4242", now + 600),
            Timestamp::from_second(now).unwrap(),
            10,
        )
        .await
        .unwrap();
    let held = store.source(s.id).await.unwrap().unwrap().state;
    assert_eq!(held.held_by.as_deref(), Some("host-a:4242"));
    assert_eq!(
        held.held_until,
        Some(Timestamp::from_second(now + 600).unwrap())
    );
    assert_eq!(
        store.sources().await.unwrap()[0].state.held_by,
        held.held_by
    );
    store.release_leases("host-a:4242").await.unwrap();
    let free = store.source(s.id).await.unwrap().unwrap().state;
    assert_eq!((free.held_by, free.held_until), (None, None));
}

async fn a_lapsed_lease_is_taken_over(store: Store) {
    let now = 1_741_700_000;
    let t = |s: i64| Timestamp::from_second(s).unwrap();
    let s = store
        .add_source(&new_source("http://wire.example/a.xml", &[]))
        .await
        .unwrap();
    let crashed = store
        .claim_due_sources(&lease("crashed", now + 600), t(now), 10)
        .await
        .unwrap();
    assert_eq!(crashed.len(), 1);
    assert!(
        store
            .claim_due_sources(&lease("b", now + 1200), t(now + 599), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.next_due_at(t(now + 1)).await.unwrap(),
        Some(t(now + 600))
    );
    let taken = store
        .claim_due_sources(&lease("b", now + 1200), t(now + 600), 10)
        .await
        .unwrap();
    assert_eq!(taken.len(), 1, "taken over when the lease ran out");
    // The crashed worker's late write does not release b's lease.
    store
        .record_fetch(
            s.id,
            t(now + 601),
            &FetchRecord::NotModified,
            &in_an_hour(t(now + 601)),
            "crashed",
        )
        .await
        .unwrap();
    let (_, leased) = store.schedule_counts(t(now + 602)).await.unwrap();
    assert_eq!(leased, 1, "b still holds it");
    // b renews its claim; the crashed worker cannot.
    assert!(
        store
            .renew_lease(s.id, &lease("b", now + 2400))
            .await
            .unwrap()
    );
    assert!(
        !store
            .renew_lease(s.id, &lease("crashed", now + 2400))
            .await
            .unwrap()
    );
    assert!(
        store
            .claim_due_sources(&lease("c", now + 3000), t(now + 1300), 10)
            .await
            .unwrap()
            .is_empty(),
        "the renewed lease holds past its first end"
    );
}

async fn schedules_read_back_and_gone_sources_rest(store: Store) {
    let now = 1_741_700_000;
    let t = |s: i64| Timestamp::from_second(s).unwrap();
    let s = store
        .add_source(&new_source("http://wire.example/a.xml", &[]))
        .await
        .unwrap();
    assert_eq!(
        s.state.next_check_at,
        Some(t(0)),
        "new sources are due at once"
    );
    store
        .record_fetch(
            s.id,
            t(now),
            &FetchRecord::Failed {
                error: "HTTP 503 from the server".into(),
            },
            &Schedule {
                next_check_at: t(now + 300),
                check_interval_secs: Some(900),
                failures: 3,
                gone: false,
            },
            "a",
        )
        .await
        .unwrap();
    let back = store.source(s.id).await.unwrap().unwrap();
    assert_eq!(back.state.failures, 3);
    assert_eq!(back.state.check_interval_secs, Some(900));
    assert_eq!(back.state.next_check_at, Some(t(now + 300)));
    store
        .record_fetch(
            s.id,
            t(now + 300),
            &FetchRecord::Failed {
                error: "HTTP 410 from the server: the feed is gone".into(),
            },
            &Schedule {
                next_check_at: t(now + 300),
                check_interval_secs: None,
                failures: 4,
                gone: true,
            },
            "a",
        )
        .await
        .unwrap();
    let gone = store.source(s.id).await.unwrap().unwrap();
    assert_eq!(gone.state.gone_at, Some(t(now + 300)));
    assert_eq!(gone.state.next_check_at, None);
    assert_eq!(
        gone.state.check_interval_secs,
        Some(900),
        "kept when not given"
    );
    assert!(
        store
            .claim_due_sources(&lease("a", now + 9999), t(now + 9000), 10)
            .await
            .unwrap()
            .is_empty(),
        "a gone source is not polled"
    );
    assert_eq!(store.next_due_at(t(now + 9000)).await.unwrap(), None);
    // Pointing it at a new URL brings it back, due at once.
    store
        .set_source_url(
            s.id,
            &FeedUrl::parse("http://wire.example/moved.xml").unwrap(),
        )
        .await
        .unwrap();
    let revived = store.source(s.id).await.unwrap().unwrap();
    assert_eq!((revived.state.gone_at, revived.state.failures), (None, 0));
    assert_eq!(
        store
            .claim_due_sources(&lease("a", now + 9999), t(now + 9000), 10)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn pages_that_failed_for_a_passing_reason_are_tried_again(store: Store) {
    let source = store
        .add_source(&new_source("http://wire.example/a.xml", &[]))
        .await
        .unwrap();
    let mut ids = Vec::new();
    for (guid, link) in [
        ("a", "http://wire.example/a.html"),
        ("b", "http://wire.example/b.html"),
        ("c", "http://wire.example/c.html"),
    ] {
        let StoryInsert::Inserted(id) = store
            .insert_story(&new_story(source.id, guid, link, guid, 1_741_700_000))
            .await
            .unwrap()
        else {
            panic!("stored")
        };
        ids.push(id);
    }
    let now = Timestamp::now();
    let at = |s: i64| Timestamp::from_second(now.as_second() + s).unwrap();
    // New stories' pages are due at once (their first try).
    let due = store
        .stories_awaiting_pages(source.id, at(1), 10)
        .await
        .unwrap();
    assert_eq!(due.iter().map(|d| d.0).collect::<Vec<_>>(), ids);
    assert_eq!(due[0].1, "http://wire.example/a.html");
    // a: a passing failure; b: a page that is not there; c: the article.
    let passing = ArticlePage {
        note: Some("page not fetched: HTTP 503 from the server".into()),
        retry: true,
        ..Default::default()
    };
    let missing = ArticlePage {
        note: Some("page not fetched: HTTP 404 from the server".into()),
        ..Default::default()
    };
    let found = ArticlePage {
        body: Some("The article.".into()),
        ..Default::default()
    };
    store
        .record_articles(
            &[
                (ids[0], passing.clone()),
                (ids[1], missing),
                (ids[2], found),
            ],
            at(0),
        )
        .await
        .unwrap();
    // Only a is tried again: after 10, then 20, then 40 minutes; then never.
    let mut tried_at = 0;
    for wait in [600, 1200, 2400] {
        let before = store
            .stories_awaiting_pages(source.id, at(tried_at + wait - 1), 10)
            .await
            .unwrap();
        assert!(before.is_empty(), "not before {wait} s");
        let due = store
            .stories_awaiting_pages(source.id, at(tried_at + wait), 10)
            .await
            .unwrap();
        assert_eq!(due.iter().map(|d| d.0).collect::<Vec<_>>(), [ids[0]]);
        tried_at += wait;
        store
            .record_articles(&[(ids[0], passing.clone())], at(tried_at))
            .await
            .unwrap();
    }
    assert!(
        store
            .stories_awaiting_pages(source.id, at(tried_at + 86_400), 10)
            .await
            .unwrap()
            .is_empty(),
        "four tries, then the feed's body stays for good"
    );
    let story = store.story(ids[0]).await.unwrap().unwrap();
    assert_eq!(
        story.extraction_note.as_deref(),
        Some("page not fetched: HTTP 503 from the server")
    );
}

fn titles_of(stories: &[newsdesk_domain::Story]) -> Vec<String> {
    stories.iter().map(|s| s.title.clone()).collect()
}

async fn lists_page_by_cursor_without_shifting(store: Store) {
    let (a, _) = two_sources(&store).await;
    // Six stories, two of them at the same second (ties go by id).
    for n in 0..6_i64 {
        let at = 1000 + n.min(4);
        store
            .insert_story(&new_story(
                a.id,
                &format!("g{n}"),
                &format!("http://wire.example/p/{n}"),
                &format!("Story {n}"),
                at,
            ))
            .await
            .unwrap();
    }
    let all = StoryFilter::default();
    let first = store.list_stories(&all, None, 2).await.unwrap();
    assert_eq!(titles_of(&first.stories), ["Story 5", "Story 4"]);
    let cursor = first.next.expect("more pages");
    // The cursor survives its text form, and nothing else parses.
    assert_eq!(StoryCursor::parse(&cursor.to_string()), Some(cursor));
    for forged in [
        "",
        "x",
        "1-",
        "-1",
        "1-2-3",
        "99999999999999-1",
        "1.5-2",
        " 1-2",
    ] {
        assert_eq!(StoryCursor::parse(forged), None, "{forged:?}");
    }
    // A story arriving between two pages does not shift the next one.
    store
        .insert_story(&new_story(
            a.id,
            "late",
            "http://wire.example/p/late",
            "Late story",
            2000,
        ))
        .await
        .unwrap();
    let second = store.list_stories(&all, Some(cursor), 2).await.unwrap();
    assert_eq!(titles_of(&second.stories), ["Story 3", "Story 2"]);
    let third = store.list_stories(&all, second.next, 2).await.unwrap();
    assert_eq!(titles_of(&third.stories), ["Story 1", "Story 0"]);
    assert_eq!(third.next, None, "the last page says so");
    // Past the end: an empty page.
    let past = StoryCursor::parse("1-1").unwrap();
    let empty = store.list_stories(&all, Some(past), 2).await.unwrap();
    assert!(empty.stories.is_empty() && empty.next.is_none());
}

async fn lists_filter_by_section_source_and_time(store: Store) {
    let (kenya, ocean, every) = three_sources(&store).await;
    for (n, (source, section)) in [
        (kenya.id, "world"),
        (every.id, "business"),
        (ocean.id, "business"),
        (kenya.id, "business"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut story = new_story(
            source,
            &format!("g{n}"),
            &format!("http://wire.example/f/{n}"),
            &format!("Story {n}"),
            1000 + n as i64 * 100,
        );
        story.section = Section::parse(section).unwrap();
        store.insert_story(&story).await.unwrap();
    }
    let list = |filter: StoryFilter| {
        let store = store.clone();
        async move { titles_of(&store.list_stories(&filter, None, 10).await.unwrap().stories) }
    };
    let kenya_star = Some(MastheadReach::new(
        MastheadId::parse("kenya-star").unwrap(),
        vec![],
    ));
    let business = Some(Section::parse("business").unwrap());
    assert_eq!(
        list(StoryFilter {
            masthead: kenya_star.clone(),
            section: business.clone(),
            ..StoryFilter::default()
        })
        .await,
        ["Story 3", "Story 1"],
        "its own source and the unassigned one, in the section"
    );
    assert_eq!(
        list(StoryFilter {
            source: Some(ocean.id),
            ..StoryFilter::default()
        })
        .await,
        ["Story 2"]
    );
    assert_eq!(
        list(StoryFilter {
            from: Some(Timestamp::from_second(1100).unwrap()),
            until: Some(Timestamp::from_second(1300).unwrap()),
            ..StoryFilter::default()
        })
        .await,
        ["Story 2", "Story 1"],
        "from is inclusive, until is not"
    );
}

async fn carriers_name_every_source_of_a_story(store: Store) {
    let (a, b) = two_sources(&store).await;
    let link = "http://wire.example/shared";
    let StoryInsert::Inserted(id) = store
        .insert_story(&new_story(a.id, "a1", link, "Shared story", 1000))
        .await
        .unwrap()
    else {
        panic!("stored")
    };
    let mut second = new_story(b.id, "b1", link, "Shared story", 1001);
    second.link = "http://wire.example/shared?from=b".into();
    assert_eq!(
        store.insert_story(&second).await.unwrap(),
        StoryInsert::Duplicate
    );
    let carriers = store.cluster_carriers(id).await.unwrap();
    let names: Vec<(&str, &str)> = carriers
        .iter()
        .map(|c| (c.source_name.as_str(), c.link.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Harbour Wire", "http://wire.example/shared"),
            ("Harbour Wire", "http://wire.example/shared?from=b")
        ]
    );
    assert_eq!(carriers[1].source_id, b.id);
}

async fn the_site_generation_grows_with_every_story_write(store: Store) {
    let (a, _) = two_sources(&store).await;
    let start = store.site_generation().await.unwrap();
    let StoryInsert::Inserted(id) = store
        .insert_story(&new_story(
            a.id,
            "g1",
            "http://wire.example/g/1",
            "One",
            1000,
        ))
        .await
        .unwrap()
    else {
        panic!("stored")
    };
    let after_insert = store.site_generation().await.unwrap();
    assert!(after_insert > start);
    // A duplicate writes no story: nothing on any page changed.
    store
        .insert_story(&new_story(
            a.id,
            "g1",
            "http://wire.example/g/1",
            "One",
            1000,
        ))
        .await
        .unwrap();
    assert_eq!(store.site_generation().await.unwrap(), after_insert);
    store
        .record_article(
            id,
            &ArticlePage {
                body: Some("The page's own text.".into()),
                ..ArticlePage::default()
            },
        )
        .await
        .unwrap();
    let after_page = store.site_generation().await.unwrap();
    assert!(after_page > after_insert);
    // Folding the rows keeps the counter where it was.
    store.compact_site_changes().await.unwrap();
    assert_eq!(store.site_generation().await.unwrap(), after_page);
    store
        .insert_story(&new_story(
            a.id,
            "g2",
            "http://wire.example/g/2",
            "Two",
            1001,
        ))
        .await
        .unwrap();
    assert!(store.site_generation().await.unwrap() > after_page);
}
