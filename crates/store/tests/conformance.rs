//! The storage conformance suite: every test runs on SQLite and on PostgreSQL.

use jiff::Timestamp;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{CanonicalLink, FeedUrl, MastheadId, NewStory, Section, SourceId};
use newsdesk_store::{FetchRecord, Store, StoreError, StoryInsert, StoryQuery};

newsdesk_testkit::on_both_backends!(
    sources_are_added_once_and_listed,
    fetch_records_keep_or_replace_validators,
    stories_are_stored_once_by_guid_and_by_link,
    latest_stories_are_newest_first_and_filtered,
    a_story_reads_back_as_written,
    migrating_twice_changes_nothing,
    article_pages_replace_the_body_or_leave_a_note,
);

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
        .record_fetch(s.id, t2, &FetchRecord::NotModified)
        .await
        .unwrap();
    let after = store.source(s.id).await.unwrap().unwrap();
    assert_eq!(after.state.last_error, None);
    assert_eq!(after.state.etag.as_deref(), Some("\"v1\""));
    let missing = store
        .record_fetch(SourceId(9999), t2, &FetchRecord::NotModified)
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))));
}

async fn stories_are_stored_once_by_guid_and_by_link(store: Store) {
    let a = store
        .add_source(&new_source("http://wire.example/a.xml", &[]))
        .await
        .unwrap();
    let b = store
        .add_source(&new_source("http://other.example/b.xml", &[]))
        .await
        .unwrap();
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

async fn latest_stories_are_newest_first_and_filtered(store: Store) {
    let kenya = store
        .add_source(&new_source("http://wire.example/ke.xml", &["kenya-star"]))
        .await
        .unwrap();
    let ocean = store
        .add_source(&new_source("http://wire.example/io.xml", &["ocean-herald"]))
        .await
        .unwrap();
    let every = store
        .add_source(&new_source("http://wire.example/all.xml", &[]))
        .await
        .unwrap();
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
            masthead: Some(MastheadId::parse("kenya-star").unwrap()),
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
    use newsdesk_domain::{ArticlePage, BodySource};
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
                note: None,
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
