//! Routing by region in the store, on SQLite and on PostgreSQL: a story
//! is taken by the mastheads whose countries hold the place it was filed
//! from, besides those of its source, in every query a masthead's pages
//! use (lists, sitemaps, the archive's neighbours, search, pins); the
//! "Local" list holds those stories alone; the datelines to check are
//! listed for editors; and a page's dateline moves a story while a page
//! without one leaves it where the feed's put it.

use jiff::Timestamp;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{
    ArticlePage, CanonicalLink, CountryCode, FeedUrl, Filed, MastheadId, MastheadReach, NewStory,
    Section, SourceId, Story, StoryId,
};
use newsdesk_store::{Actor, Pinning, SearchQuery, Store, StoryFilter, StoryInsert, StoryQuery};

newsdesk_testkit::on_both_backends!(
    a_story_goes_where_it_happened_on_every_list,
    a_pages_dateline_moves_a_story_and_one_without_keeps_it,
);

/// A masthead's reach over the countries of `codes`.
fn reach(id: &str, codes: &[&str]) -> MastheadReach {
    MastheadReach::new(
        MastheadId::parse(id).unwrap(),
        codes
            .iter()
            .map(|c| CountryCode::parse(c).unwrap())
            .collect(),
    )
}

fn filed(code: &str, to_check: bool) -> Filed {
    Filed {
        country: CountryCode::parse(code),
        to_check,
    }
}

/// A world story of `source`, published `at`, with its dateline.
fn story(
    source: SourceId,
    n: u32,
    title: &str,
    at: i64,
    dateline: Option<(&str, Filed)>,
) -> NewStory {
    let link = format!("http://monsoon.example/{n}");
    NewStory {
        source_id: source,
        guid: link.clone(),
        canonical_link: CanonicalLink::parse(&link).unwrap(),
        link,
        title: title.into(),
        standfirst: String::new(),
        body: format!("{title}, as the wire filed it."),
        author: None,
        published_at: Timestamp::from_second(at).unwrap(),
        categories: vec![],
        section: Section::parse("world").unwrap(),
        dateline: dateline.map(|(json, _)| json.to_owned()),
        filed: dateline.map(|(_, filed)| filed).unwrap_or_default(),
    }
}

/// The wire of these tests, assigned to `mastheads`.
async fn monsoon_wire(store: &Store, mastheads: &[&str]) -> SourceId {
    let source = NewSource {
        url: FeedUrl::parse("http://monsoon.example/feed.xml").unwrap(),
        name: "Monsoon Wire".into(),
        section: None,
        mastheads: mastheads
            .iter()
            .map(|m| MastheadId::parse(m).unwrap())
            .collect(),
    };
    store.add_source(&source).await.unwrap().id
}

async fn insert(store: &Store, story: NewStory) -> StoryId {
    match store.insert_story(&story).await.unwrap() {
        StoryInsert::Inserted(id) => id,
        StoryInsert::Duplicate => panic!("{} was stored before", story.title),
    }
}

fn titles(stories: &[Story]) -> Vec<&str> {
    stories.iter().map(|s| s.title.as_str()).collect()
}

/// The headlines of the newest stories `filter` holds.
async fn listed(store: &Store, filter: StoryFilter) -> Vec<String> {
    let page = store.list_stories(&filter, None, 10).await.unwrap();
    page.stories.into_iter().map(|s| s.title).collect()
}

fn codes(list: &[&str]) -> Vec<CountryCode> {
    list.iter()
        .map(|c| CountryCode::parse(c).unwrap())
        .collect()
}

const PORT_BLAIR: &str = r#"{"text":"Port Blair [Mauritius], March 12 (ANI)","place":"Port Blair","country":"Mauritius","country_code":"MU","place_country":"India","place_country_code":"IN","consistent":false}"#;
const NAIROBI: &str = r#"{"text":"NAIROBI, March 12 (Reuters)","place":"Nairobi","country":"Kenya","country_code":"KE","place_country":"Kenya","place_country_code":"KE","consistent":true}"#;

async fn a_story_goes_where_it_happened_on_every_list(store: Store) {
    // The wire is World Desk's alone: the others take its stories by
    // region only.
    let wire = monsoon_wire(&store, &["world-desk"]).await;
    let at = 1_741_780_000;
    let cable = insert(
        &store,
        story(
            wire,
            1,
            "Cable lands",
            at,
            Some((PORT_BLAIR, filed("IN", true))),
        ),
    )
    .await;
    let strike = insert(
        &store,
        story(
            wire,
            2,
            "Strike called off",
            at + 60,
            Some((NAIROBI, filed("KE", false))),
        ),
    )
    .await;
    let markets = insert(&store, story(wire, 3, "Markets steady", at + 120, None)).await;
    let read = store.story(cable).await.unwrap().unwrap();
    assert_eq!(read.filed, filed("IN", true));
    assert_eq!(read.dateline.as_deref(), Some(PORT_BLAIR));

    let star = reach("kenya-star", &["KE"]);
    let island = reach("island-times", &["MU"]);
    let bay = reach("bay-courier", &["IN", "LK"]);
    let world = reach("world-desk", &[]);
    let front = |masthead: &MastheadReach| {
        let filter = StoryFilter {
            masthead: Some(masthead.clone()),
            ..StoryFilter::default()
        };
        listed(&store, filter)
    };
    assert_eq!(front(&star).await, ["Strike called off"]);
    assert!(
        front(&island).await.is_empty(),
        "by the place, not the bracket"
    );
    assert_eq!(front(&bay).await, ["Cable lands"]);
    assert_eq!(
        front(&world).await,
        ["Markets steady", "Strike called off", "Cable lands"],
        "its own source's, and nothing more by region"
    );
    let latest = store
        .latest_stories(&StoryQuery {
            masthead: Some(star.clone()),
            ..StoryQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(titles(&latest), ["Strike called off"]);

    // Sitemaps and the archive's neighbouring days.
    let stubs = store
        .story_stubs(
            &StoryFilter {
                masthead: Some(star.clone()),
                ..StoryFilter::default()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(stubs.iter().map(|s| s.id).collect::<Vec<_>>(), [strike]);
    assert_eq!(store.story_blocks(&star, 10_000).await.unwrap().len(), 1);
    assert!(
        store
            .story_blocks(&island, 10_000)
            .await
            .unwrap()
            .is_empty()
    );
    let block = store.story_stubs_in_block(&star, 0, 10_000).await.unwrap();
    assert_eq!(block.iter().map(|s| s.id).collect::<Vec<_>>(), [strike]);
    let day = |s: i64| Timestamp::from_second(s).unwrap();
    let (before, _) = store
        .nearest_story_times(&star, day(at + 86_400), day(at + 2 * 86_400))
        .await
        .unwrap();
    assert_eq!(before, Some(day(at + 60)));
    let (before, _) = store
        .nearest_story_times(&island, day(at + 86_400), day(at + 2 * 86_400))
        .await
        .unwrap();
    assert_eq!(before, None);

    // Search, on each masthead.
    let search = |masthead: &MastheadReach| {
        let (store, masthead) = (store.clone(), masthead.clone());
        async move {
            let page = store
                .search(&SearchQuery {
                    text: "wire filed".into(),
                    masthead: Some(masthead),
                    ..SearchQuery::default()
                })
                .await
                .unwrap();
            page.hits.len()
        }
    };
    assert_eq!(search(&star).await, 1);
    assert_eq!(search(&island).await, 0);
    assert_eq!(search(&world).await, 3);

    // The "Local" list: the stories filed in its countries, and none for
    // no country.
    let local = |list: &[&str]| {
        let filter = StoryFilter {
            filed_in: Some(codes(list)),
            ..StoryFilter::default()
        };
        listed(&store, filter)
    };
    assert_eq!(local(&["KE"]).await, ["Strike called off"]);
    assert_eq!(
        local(&["IN", "KE", "MU"]).await,
        ["Strike called off", "Cable lands"]
    );
    assert!(local(&[]).await.is_empty());
    // A story at a time, the list keeps its order across countries.
    let filter = StoryFilter {
        filed_in: Some(codes(&["IN", "KE", "MU"])),
        ..StoryFilter::default()
    };
    let first = store.list_stories(&filter, None, 1).await.unwrap();
    assert_eq!(titles(&first.stories), ["Strike called off"]);
    let second = store.list_stories(&filter, first.next, 1).await.unwrap();
    assert_eq!(titles(&second.stories), ["Cable lands"]);
    assert!(second.next.is_none());

    // The datelines to check.
    let to_check = StoryFilter {
        dateline_to_check: true,
        with_unpublished: true,
        ..StoryFilter::default()
    };
    assert_eq!(listed(&store, to_check).await, ["Cable lands"]);

    // A story a masthead takes by region can lead its front page; one it
    // does not take cannot.
    let editor = Actor::command_line();
    let now = Timestamp::from_second(at + 600).unwrap();
    assert_eq!(
        store.pin_story(strike, &star, &editor, now).await.unwrap(),
        Pinning::Pinned
    );
    assert_eq!(
        store.pin_story(cable, &island, &editor, now).await.unwrap(),
        Pinning::NotCarried
    );
    assert_eq!(
        store.pin_story(markets, &star, &editor, now).await.unwrap(),
        Pinning::NotCarried,
        "no country: taken by no region"
    );
    assert_eq!(
        titles(&store.pinned_stories(&star).await.unwrap()),
        ["Strike called off"]
    );
}

async fn a_pages_dateline_moves_a_story_and_one_without_keeps_it(store: Store) {
    let wire = monsoon_wire(&store, &[]).await;
    let at = 1_741_780_000;
    let moved = insert(
        &store,
        story(
            wire,
            1,
            "Budget for sea walls",
            at,
            Some((NAIROBI, filed("KE", false))),
        ),
    )
    .await;
    let kept = insert(
        &store,
        story(
            wire,
            2,
            "Strike called off",
            at,
            Some((NAIROBI, filed("KE", false))),
        ),
    )
    .await;
    let unplaced = insert(&store, story(wire, 3, "Cable lands", at, None)).await;
    let page = |dateline: Option<&str>, filed: Filed| ArticlePage {
        body: Some("The page's own text, long enough to be an article.".into()),
        body_html: "<p>The page's own text.</p>".into(),
        dateline: dateline.map(str::to_owned),
        filed,
        ..ArticlePage::default()
    };
    let port_louis = r#"{"place":"Port Louis","country_code":"MU","consistent":true}"#;
    store
        .record_articles(
            &[
                (moved, page(Some(port_louis), filed("MU", false))),
                (kept, page(None, Filed::default())),
                (unplaced, page(Some(PORT_BLAIR), filed("IN", true))),
            ],
            Timestamp::from_second(at + 60).unwrap(),
        )
        .await
        .unwrap();
    let read = |id: StoryId| {
        let store = store.clone();
        async move { store.story(id).await.unwrap().unwrap() }
    };
    let moved = read(moved).await;
    assert_eq!(moved.filed, filed("MU", false));
    assert_eq!(moved.dateline.as_deref(), Some(port_louis));
    let kept = read(kept).await;
    assert_eq!(kept.filed, filed("KE", false), "the feed's dateline stays");
    assert_eq!(kept.dateline.as_deref(), Some(NAIROBI));
    assert_eq!(read(unplaced).await.filed, filed("IN", true));
    let island = StoryFilter {
        filed_in: Some(codes(&["MU"])),
        ..StoryFilter::default()
    };
    assert_eq!(listed(&store, island).await, ["Budget for sea walls"]);
}
