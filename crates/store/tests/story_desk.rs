//! The editors' desk for stories, on SQLite and on PostgreSQL: an
//! unpublished story is gone from every query readers' pages use and back
//! when republished; new words move the slug and keep before and after in
//! the audit line; a story moves section; pins lead one masthead's front
//! page, three at most. Each change is audited and tells web processes
//! their pages changed.

use jiff::Timestamp;
use newsdesk_domain::{MastheadId, MastheadReach, Section, Story, StoryId, StoryWords};
use newsdesk_store::{
    Actor, AuditFilter, MAX_PINS, Pinning, SearchQuery, Store, StoreError, StoryFilter, StoryStub,
};
use newsdesk_testkit::newsroom::{
    every_story, hours_into_window, seed_stories, stories_for_every_masthead, titled,
};

newsdesk_testkit::on_both_backends!(
    an_unpublished_story_is_gone_from_every_reader_query_until_republished,
    new_words_move_the_slug_and_are_audited_before_and_after,
    a_story_moves_to_another_section,
    pins_lead_one_mastheads_front_page_three_at_most,
);

fn star_id() -> MastheadId {
    MastheadId::parse("kenya-star").unwrap()
}

/// Kenya Star, which takes nothing by region here.
fn star() -> MastheadReach {
    MastheadReach::new(star_id(), vec![])
}

fn editor() -> Actor {
    Actor {
        user: None,
        name: "eve@example.org".into(),
    }
}

/// When the editors act: after the stories were stored (which is the
/// time the test runs), so an edit is the stories' last change.
fn now() -> Timestamp {
    Timestamp::from_second(2_200_000_000).unwrap()
}

/// The ids of a list of stories.
fn ids(stories: &[Story]) -> Vec<StoryId> {
    stories.iter().map(|s| s.id).collect()
}

/// What Kenya Star's news sitemap lists.
async fn news_sitemap(store: &Store) -> Vec<StoryStub> {
    let filter = StoryFilter {
        masthead: Some(star()),
        ..StoryFilter::default()
    };
    store.story_stubs(&filter, 100).await.unwrap()
}

/// What each list, sitemap and search readers' pages use holds of `id`:
/// (front page, section, digest window, news sitemap, sitemap block,
/// search).
async fn seen_by_readers(store: &Store, id: StoryId) -> [bool; 6] {
    let list = |filter: StoryFilter| async move {
        ids(&store
            .list_stories(&filter, None, 100)
            .await
            .unwrap()
            .stories)
        .contains(&id)
    };
    let front = list(StoryFilter {
        masthead: Some(star()),
        ..StoryFilter::default()
    })
    .await;
    let section = list(StoryFilter {
        masthead: Some(star()),
        section: Some(Section::parse("world").unwrap()),
        ..StoryFilter::default()
    })
    .await;
    // The daily email reads a section's stories in its day's window.
    let digest = list(StoryFilter {
        masthead: Some(star()),
        section: Some(Section::parse("world").unwrap()),
        from: Some(hours_into_window(0)),
        until: Some(hours_into_window(24)),
        ..StoryFilter::default()
    })
    .await;
    let news_sitemap = news_sitemap(store).await.iter().any(|s| s.id == id);
    let block = store
        .story_stubs_in_block(&star(), 0, 10_000)
        .await
        .unwrap()
        .iter()
        .any(|s| s.id == id);
    let search = store
        .search(&SearchQuery {
            text: "world".into(),
            masthead: Some(star()),
            ..SearchQuery::default()
        })
        .await
        .unwrap()
        .hits
        .iter()
        .any(|h| h.story.id == id);
    [front, section, digest, news_sitemap, block, search]
}

async fn an_unpublished_story_is_gone_from_every_reader_query_until_republished(store: Store) {
    seed_stories(&store, 3).await;
    let story = titled(&store, "WORLD story 2").await;
    assert_eq!(seen_by_readers(&store, story.id).await, [true; 6]);
    assert!(!store.story_unpublished(story.id).await.unwrap());
    let before = store.site_generation().await.unwrap();

    store
        .unpublish_story(story.id, &editor(), now())
        .await
        .unwrap();
    assert_eq!(seen_by_readers(&store, story.id).await, [false; 6]);
    assert_eq!(store.story(story.id).await.unwrap(), None);
    assert!(store.story_unpublished(story.id).await.unwrap());
    assert!(!store.story_unpublished(StoryId(999_999)).await.unwrap());
    assert!(store.site_generation().await.unwrap() > before);
    // The editors still find it, marked.
    assert!(ids(&every_story(&store).await).contains(&story.id));
    let found = store
        .search(&SearchQuery {
            text: "world".into(),
            with_unpublished: true,
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    assert!(found.hits.iter().any(|h| h.story.id == story.id));
    let (_, desk) = store.desk_story(story.id).await.unwrap().unwrap();
    assert_eq!(desk.unpublished_at, Some(now()));
    // The sitemap index counts only what it lists: the block is still
    // there for the other stories.
    assert_eq!(store.story_blocks(&star(), 10_000).await.unwrap().len(), 1);

    // Unpublishing again changes nothing and logs nothing.
    store
        .unpublish_story(story.id, &editor(), now())
        .await
        .unwrap();
    store
        .republish_story(story.id, &editor(), now())
        .await
        .unwrap();
    assert_eq!(seen_by_readers(&store, story.id).await, [true; 6]);
    assert_eq!(store.story(story.id).await.unwrap(), Some(story.clone()));

    let lines = store
        .audit_page(&AuditFilter::default(), 10)
        .await
        .unwrap()
        .lines;
    let kinds: Vec<&str> = lines.iter().map(|l| l.kind.as_str()).collect();
    assert_eq!(kinds, ["story.republish", "story.unpublish"]);
    let subject = format!("story {}", story.id);
    assert!(lines.iter().all(|l| l.subject == subject));
    assert!(lines.iter().all(|l| l.actor == "eve@example.org"));
    assert_eq!(lines[1].before.as_deref(), Some(r#"{"published":true}"#));
    assert_eq!(lines[1].after.as_deref(), Some(r#"{"published":false}"#));

    let missing = store
        .unpublish_story(StoryId(999_999), &editor(), now())
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
}

async fn new_words_move_the_slug_and_are_audited_before_and_after(store: Store) {
    seed_stories(&store, 1).await;
    let story = titled(&store, "BUSINESS story 0").await;
    let old_slug = story.slug();
    let words = StoryWords::parse(
        "Harbour traders cheer early rains",
        "Markets along the coast reopened.",
    )
    .unwrap();
    store
        .edit_story(story.id, &words, &editor(), now())
        .await
        .unwrap();
    let edited = store.story(story.id).await.unwrap().unwrap();
    assert_eq!(edited.title, "Harbour traders cheer early rains");
    assert_eq!(edited.standfirst, "Markets along the coast reopened.");
    assert_eq!(edited.slug().as_str(), "harbour-traders-cheer-early-rains");
    assert_ne!(edited.slug(), old_slug);
    assert_eq!(edited.body, story.body, "the body is the wire's still");

    // Sitemaps give the new address, changed when it was edited.
    let stubs = news_sitemap(&store).await;
    let stub = stubs.iter().find(|s| s.id == story.id).unwrap();
    assert_eq!(stub.slug(), edited.slug());
    assert_eq!(stub.ingested_at, now());
    // Search reads the new words, not the old.
    let search = |text: &str| {
        let store = store.clone();
        let text = text.to_owned();
        async move {
            store
                .search(&SearchQuery {
                    text,
                    ..SearchQuery::default()
                })
                .await
                .unwrap()
                .hits
                .iter()
                .map(|h| h.story.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(search("harbour traders").await, [story.id]);
    assert!(!search("BUSINESS story").await.contains(&story.id));

    // The same words again are no change.
    store
        .edit_story(story.id, &words, &editor(), now())
        .await
        .unwrap();
    let lines = store
        .audit_page(&AuditFilter::default(), 10)
        .await
        .unwrap()
        .lines;
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].kind, "story.edit");
    let before: serde_json::Value =
        serde_json::from_str(lines[0].before.as_deref().unwrap()).unwrap();
    let after: serde_json::Value =
        serde_json::from_str(lines[0].after.as_deref().unwrap()).unwrap();
    assert_eq!(before["headline"], story.title.as_str());
    assert_eq!(before["standfirst"], story.standfirst.as_str());
    assert_eq!(after["headline"], "Harbour traders cheer early rains");
    assert_eq!(after["standfirst"], "Markets along the coast reopened.");
}

async fn a_story_moves_to_another_section(store: Store) {
    seed_stories(&store, 1).await;
    let story = titled(&store, "SPORTS story 0").await;
    let business = Section::parse("business").unwrap();
    store
        .move_story(story.id, &business, &editor(), now())
        .await
        .unwrap();
    let in_section = |name: &str| {
        let store = store.clone();
        let section = Section::parse(name).unwrap();
        async move {
            let filter = StoryFilter {
                masthead: Some(star()),
                section: Some(section),
                ..StoryFilter::default()
            };
            ids(&store
                .list_stories(&filter, None, 100)
                .await
                .unwrap()
                .stories)
        }
    };
    assert!(in_section("business").await.contains(&story.id));
    assert!(!in_section("sports").await.contains(&story.id));
    let line = &store
        .audit_page(&AuditFilter::default(), 1)
        .await
        .unwrap()
        .lines[0];
    assert_eq!(line.kind, "story.section");
    assert_eq!(line.before.as_deref(), Some(r#"{"section":"sports"}"#));
    assert_eq!(line.after.as_deref(), Some(r#"{"section":"business"}"#));
}

async fn pins_lead_one_mastheads_front_page_three_at_most(store: Store) {
    let ocean = MastheadReach::new(MastheadId::parse("ocean-herald").unwrap(), vec![]);
    let all = stories_for_every_masthead(&store, 5).await;
    seed_stories(&store, 1).await;
    let star_only = titled(&store, "WORLD story 0").await.id;
    let pin = |id: StoryId, masthead: MastheadReach, minute: i64| {
        let store = store.clone();
        async move {
            let at = Timestamp::from_second(now().as_second() + minute * 60).unwrap();
            store.pin_story(id, &masthead, &editor(), at).await.unwrap()
        }
    };
    assert_eq!(pin(all[0], star(), 0).await, Pinning::Pinned);
    assert_eq!(pin(all[1], star(), 1).await, Pinning::Pinned);
    assert_eq!(pin(all[1], star(), 2).await, Pinning::Already);
    assert_eq!(pin(star_only, ocean.clone(), 3).await, Pinning::NotCarried);
    assert_eq!(pin(star_only, star(), 4).await, Pinning::Pinned);
    assert_eq!(
        pin(all[2], star(), 5).await,
        Pinning::Full,
        "{MAX_PINS} at most"
    );
    assert_eq!(pin(all[3], ocean.clone(), 6).await, Pinning::Pinned);
    let missing = store
        .pin_story(StoryId(999_999), &star(), &editor(), now())
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );

    // Newest pin first, on its own masthead only.
    let pinned = |masthead: MastheadReach| {
        let store = store.clone();
        async move { ids(&store.pinned_stories(&masthead).await.unwrap()) }
    };
    assert_eq!(pinned(star()).await, [star_only, all[1], all[0]]);
    assert_eq!(pinned(ocean.clone()).await, [all[3]]);
    let desks = store.desk_states(&[all[0], all[3], all[4]]).await.unwrap();
    assert_eq!(desks[&all[0]].pinned_on, [star_id()]);
    assert_eq!(desks[&all[3]].pinned_on, std::slice::from_ref(&ocean.id));
    assert!(desks[&all[4]].pinned_on.is_empty());

    // An unpublished pin leaves the front page and comes back with its
    // story.
    store
        .unpublish_story(all[1], &editor(), now())
        .await
        .unwrap();
    assert_eq!(pinned(star()).await, [star_only, all[0]]);
    store
        .republish_story(all[1], &editor(), now())
        .await
        .unwrap();
    assert_eq!(pinned(star()).await, [star_only, all[1], all[0]]);

    // Unpinned, there is room again; unpinning twice changes nothing.
    for _ in 0..2 {
        store
            .unpin_story(all[0], &star(), &editor(), now())
            .await
            .unwrap();
    }
    assert_eq!(pin(all[2], star(), 7).await, Pinning::Pinned);
    assert_eq!(pinned(star()).await, [all[2], star_only, all[1]]);

    let kinds: Vec<String> = store
        .audit_page(&AuditFilter::default(), 20)
        .await
        .unwrap()
        .lines
        .into_iter()
        .map(|l| l.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            "story.pin",
            "story.unpin",
            "story.republish",
            "story.unpublish",
            "story.pin",
            "story.pin",
            "story.pin",
            "story.pin"
        ]
    );
}
