//! Full-text search of stories: every test runs on SQLite and on PostgreSQL.

use jiff::Timestamp;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{
    ArticlePage, CanonicalLink, FeedUrl, MastheadId, MastheadReach, NewStory, Section, Source,
    SourceId, StoryId,
};
use newsdesk_store::search::{MATCH_END, MATCH_START};
use newsdesk_store::{Backend, Lease, SearchCursor, SearchPage, SearchQuery, Store, StoryInsert};

newsdesk_testkit::on_both_backends!(
    a_headline_match_ranks_above_a_body_match,
    words_are_found_by_their_stem,
    accents_fold_on_sqlite_only,
    filters_narrow_the_search,
    a_source_with_no_mastheads_is_searched_by_every_masthead,
    snippets_mark_the_matched_words,
    a_story_s_own_markers_never_reach_the_snippet,
    the_index_follows_article_pages,
    a_story_held_for_its_page_is_indexed_once_its_text_is_settled,
    phrases_and_left_out_words,
    pages_do_not_shift_while_stories_arrive,
    a_bounded_search_ranks_the_newest_found_only,
    a_forged_cursor_is_refused_and_one_past_the_end_finds_nothing,
    text_without_words_finds_nothing,
    hostile_text_is_only_words,
);

fn new_source(url: &str, section: &str, mastheads: &[&str]) -> NewSource {
    NewSource {
        url: FeedUrl::parse(url).unwrap(),
        name: "Harbour Wire".into(),
        section: Some(Section::parse(section).unwrap()),
        mastheads: mastheads
            .iter()
            .map(|m| MastheadId::parse(m).unwrap())
            .collect(),
    }
}

async fn add_source(store: &Store, url: &str, mastheads: &[&str]) -> Source {
    store
        .add_source(&new_source(url, "world", mastheads))
        .await
        .unwrap()
}

/// What a test story says; the rest is filled in.
struct Text<'a> {
    title: &'a str,
    standfirst: &'a str,
    body: &'a str,
}

fn new_story(source: SourceId, n: i64, text: &Text<'_>, at: i64, section: &str) -> NewStory {
    let link = format!("http://wire.example/s/{n}");
    NewStory {
        source_id: source,
        guid: format!("g{n}"),
        link: link.clone(),
        canonical_link: CanonicalLink::parse(&link).unwrap(),
        title: text.title.into(),
        standfirst: text.standfirst.into(),
        body: text.body.into(),
        author: Some("Amina Odhiambo".into()),
        published_at: Timestamp::from_second(at).unwrap(),
        categories: vec!["World".into()],
        section: Section::parse(section).unwrap(),
        dateline: None,
        filed: newsdesk_domain::Filed::default(),
    }
}

/// Stores story `n` (its guid and link) of `source`, published at `at`.
async fn add_story(store: &Store, source: SourceId, n: i64, text: Text<'_>, at: i64) -> StoryId {
    add_filed_story(store, source, n, text, at, "world").await
}

async fn add_filed_story(
    store: &Store,
    source: SourceId,
    n: i64,
    text: Text<'_>,
    at: i64,
    section: &str,
) -> StoryId {
    match store
        .insert_story(&new_story(source, n, &text, at, section))
        .await
        .unwrap()
    {
        StoryInsert::Inserted(id) => id,
        StoryInsert::Duplicate => panic!("story {n} is a duplicate"),
    }
}

/// A story with this headline and body, and a standfirst that matches
/// nothing the tests search for.
/// An article page whose text is `text`.
fn article(text: &str) -> ArticlePage {
    ArticlePage {
        body: Some(text.into()),
        body_html: format!("<p>{text}</p>"),
        ..Default::default()
    }
}

/// A page that gave no article.
fn not_found() -> ArticlePage {
    ArticlePage {
        note: Some("HTTP 404 from the server".into()),
        ..Default::default()
    }
}

fn headline_and_body<'a>(title: &'a str, body: &'a str) -> Text<'a> {
    Text {
        title,
        standfirst: "From our correspondent.",
        body,
    }
}

async fn search(store: &Store, text: &str) -> SearchPage {
    store
        .search(&SearchQuery {
            text: text.into(),
            ..Default::default()
        })
        .await
        .unwrap_or_else(|e| panic!("searching {text:?}: {e:?}"))
}

fn titles(page: &SearchPage) -> Vec<&str> {
    page.hits.iter().map(|h| h.story.title.as_str()).collect()
}

fn ids(page: &SearchPage) -> Vec<StoryId> {
    page.hits.iter().map(|h| h.story.id).collect()
}

fn sorted(ids: &[StoryId]) -> Vec<StoryId> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids
}

/// The snippet with `[` and `]` for the markers, to compare by eye.
fn shown(snippet: &str) -> String {
    snippet.replace(MATCH_START, "[").replace(MATCH_END, "]")
}

async fn a_headline_match_ranks_above_a_body_match(store: Store) {
    let s = add_source(&store, "http://wire.example/a.xml", &[]).await;
    // The body match is the newer story, so only the rank puts the
    // headline match first.
    add_story(
        &store,
        s.id,
        1,
        headline_and_body(
            "Cyclone nears the coast",
            "Fishing boats stayed in harbour.",
        ),
        100,
    )
    .await;
    add_story(
        &store,
        s.id,
        2,
        headline_and_body(
            "Harbour reopens",
            "The port closed for a day as the cyclone passed.",
        ),
        200,
    )
    .await;
    add_story(
        &store,
        s.id,
        3,
        Text {
            title: "Ships wait offshore",
            standfirst: "A cyclone delays cargo.",
            body: "Dozens of ships are waiting.",
        },
        300,
    )
    .await;
    add_story(
        &store,
        s.id,
        4,
        headline_and_body("Markets calm", "Nothing to see."),
        400,
    )
    .await;
    let page = search(&store, "cyclone").await;
    assert_eq!(
        titles(&page),
        [
            "Cyclone nears the coast",
            "Ships wait offshore",
            "Harbour reopens"
        ],
        "headline, then standfirst, then body"
    );
    assert_eq!(page.next, None);

    // Equal matches: newest first, then by id.
    for n in 5..8 {
        add_story(
            &store,
            s.id,
            n,
            headline_and_body("Drought report", "Wells ran dry."),
            500,
        )
        .await;
    }
    let page = search(&store, "drought").await;
    let found = ids(&page);
    assert_eq!(found.len(), 3);
    assert!(found.windows(2).all(|w| w[0] > w[1]), "{found:?}");
}

async fn words_are_found_by_their_stem(store: Store) {
    let s = add_source(&store, "http://wire.example/a.xml", &[]).await;
    add_story(
        &store,
        s.id,
        1,
        headline_and_body("Rain in Mombasa", "It rained all night."),
        100,
    )
    .await;
    add_story(
        &store,
        s.id,
        2,
        headline_and_body("Dry week ahead", "No showers are expected."),
        200,
    )
    .await;
    for text in ["rains", "RAIN", "raining", "Rained"] {
        assert_eq!(
            titles(&search(&store, text).await),
            ["Rain in Mombasa"],
            "{text}"
        );
    }
    assert_eq!(titles(&search(&store, "shower").await), ["Dry week ahead"]);
    // Every word must be there.
    assert!(search(&store, "rain shower").await.hits.is_empty());
}

async fn accents_fold_on_sqlite_only(store: Store) {
    let s = add_source(&store, "http://wire.example/a.xml", &[]).await;
    add_story(
        &store,
        s.id,
        1,
        headline_and_body("Cyclone nears Réunion", "Flights to Saint-Denis stopped."),
        100,
    )
    .await;
    assert_eq!(search(&store, "RÉUNION").await.hits.len(), 1);
    let folded = search(&store, "reunion").await.hits.len();
    match store.backend() {
        Backend::Sqlite => assert_eq!(folded, 1),
        Backend::Postgres => assert_eq!(folded, 0),
    }
}

async fn filters_narrow_the_search(store: Store) {
    let wire = add_source(&store, "http://wire.example/a.xml", &[]).await;
    let other = add_source(&store, "http://other.example/b.xml", &[]).await;
    let flood = |title| headline_and_body(title, "The river flooded the valley.");
    add_filed_story(&store, wire.id, 1, flood("Wire, world, 100"), 100, "world").await;
    add_filed_story(
        &store,
        wire.id,
        2,
        flood("Wire, business, 200"),
        200,
        "business",
    )
    .await;
    add_filed_story(
        &store,
        other.id,
        3,
        flood("Other, world, 300"),
        300,
        "world",
    )
    .await;
    add_filed_story(
        &store,
        other.id,
        4,
        flood("Other, business, 400"),
        400,
        "business",
    )
    .await;
    let at = |s: i64| Some(Timestamp::from_second(s).unwrap());
    let find = |query: SearchQuery| {
        let store = store.clone();
        async move {
            let page = store
                .search(&SearchQuery {
                    text: "flood".into(),
                    ..query
                })
                .await
                .unwrap();
            titles(&page)
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        find(SearchQuery::default()).await,
        [
            "Other, business, 400",
            "Other, world, 300",
            "Wire, business, 200",
            "Wire, world, 100"
        ]
    );
    assert_eq!(
        find(SearchQuery {
            section: Some(Section::parse("business").unwrap()),
            ..Default::default()
        })
        .await,
        ["Other, business, 400", "Wire, business, 200"]
    );
    assert_eq!(
        find(SearchQuery {
            source: Some(wire.id),
            ..Default::default()
        })
        .await,
        ["Wire, business, 200", "Wire, world, 100"]
    );
    // `from` is inclusive, `until` is not.
    assert_eq!(
        find(SearchQuery {
            from: at(200),
            until: at(400),
            ..Default::default()
        })
        .await,
        ["Other, world, 300", "Wire, business, 200"]
    );
    assert_eq!(
        find(SearchQuery {
            section: Some(Section::parse("world").unwrap()),
            source: Some(other.id),
            from: at(300),
            ..Default::default()
        })
        .await,
        ["Other, world, 300"]
    );
    assert!(
        find(SearchQuery {
            source: Some(SourceId(9_999)),
            ..Default::default()
        })
        .await
        .is_empty()
    );
}

async fn a_source_with_no_mastheads_is_searched_by_every_masthead(store: Store) {
    let star = add_source(&store, "http://star.example/a.xml", &["kenya-star"]).await;
    let herald = add_source(&store, "http://herald.example/b.xml", &["ocean-herald"]).await;
    let both = add_source(
        &store,
        "http://both.example/c.xml",
        &["kenya-star", "ocean-herald"],
    )
    .await;
    let everyone = add_source(&store, "http://wire.example/d.xml", &[]).await;
    let body = "Dockworkers walked out at dawn.";
    add_story(
        &store,
        star.id,
        1,
        headline_and_body("Star's strike", body),
        100,
    )
    .await;
    add_story(
        &store,
        herald.id,
        2,
        headline_and_body("Herald's strike", body),
        200,
    )
    .await;
    add_story(
        &store,
        both.id,
        3,
        headline_and_body("Shared strike", body),
        300,
    )
    .await;
    add_story(
        &store,
        everyone.id,
        4,
        headline_and_body("Wire strike", body),
        400,
    )
    .await;
    let on = |masthead: &'static str| {
        let store = store.clone();
        async move {
            let page = store
                .search(&SearchQuery {
                    text: "dockworkers".into(),
                    masthead: Some(MastheadReach::new(
                        MastheadId::parse(masthead).unwrap(),
                        vec![],
                    )),
                    ..Default::default()
                })
                .await
                .unwrap();
            titles(&page)
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        on("kenya-star").await,
        ["Wire strike", "Shared strike", "Star's strike"]
    );
    assert_eq!(
        on("ocean-herald").await,
        ["Wire strike", "Shared strike", "Herald's strike"]
    );
    assert_eq!(on("coast-times").await, ["Wire strike"]);
}

async fn snippets_mark_the_matched_words(store: Store) {
    let s = add_source(&store, "http://wire.example/a.xml", &[]).await;
    let long_body = "The morning began quietly along the coast, with traders opening their \
        stalls and the first ferries crossing the channel under a grey sky.\n\n\
        By noon heavy rain had closed the main road, and officials said the rains would \
        continue through the week. Schools sent pupils home early, and the market emptied \
        long before its usual hour as water rose in the lower streets of the old town.";
    add_story(
        &store,
        s.id,
        1,
        Text {
            title: "Storm closes road",
            standfirst: "Traders count the cost.",
            body: long_body,
        },
        100,
    )
    .await;
    add_story(
        &store,
        s.id,
        2,
        Text {
            title: "Council meets",
            standfirst: "Rain damage tops the agenda.",
            body: "Members met on Tuesday to agree a budget.",
        },
        200,
    )
    .await;
    add_story(
        &store,
        s.id,
        3,
        Text {
            title: "Rain gauge record",
            standfirst: "A new high.",
            body: "The gauge at the airport filled twice in one day.",
        },
        300,
    )
    .await;
    let page = search(&store, "rain").await;
    let snippet = |title: &str| {
        let hit = page.hits.iter().find(|h| h.story.title == title).unwrap();
        shown(&hit.snippet)
    };

    // From the body, around the matches, cut with ellipses.
    let body = snippet("Storm closes road");
    assert!(body.starts_with('…') && body.ends_with('…'), "{body}");
    assert!(
        body.contains("heavy [rain] had closed the main road")
            && body.contains("said the [rains] would"),
        "{body}"
    );
    assert!(!body.contains('\n'), "one line: {body}");
    let words = body.split_whitespace().count();
    assert!((20..=32).contains(&words), "{words} words: {body}");

    // The body holds none of the words: the standfirst, marked.
    assert_eq!(snippet("Council meets"), "[Rain] damage tops the agenda.");

    // Only the headline matched: the opening of the body, unmarked.
    assert_eq!(
        snippet("Rain gauge record"),
        "The gauge at the airport filled twice in one day."
    );

    // A phrase is marked word by word.
    let page = search(&store, "\"heavy rain\"").await;
    assert_eq!(titles(&page), ["Storm closes road"]);
    assert!(
        shown(&page.hits[0].snippet).contains("[heavy] [rain] had closed"),
        "{}",
        shown(&page.hits[0].snippet)
    );
}

async fn a_story_s_own_markers_never_reach_the_snippet(store: Store) {
    let s = add_source(&store, "http://wire.example/a.xml", &[]).await;
    let (start, end) = (MATCH_START, MATCH_END);
    let body = format!(
        "A {start}forged{end} mark, a stray {end} and {start} one, then the tide {end}rose{start} again."
    );
    add_story(
        &store,
        s.id,
        1,
        Text {
            title: format!("Tide {start}tables").as_str(),
            standfirst: "High water.",
            body: &body,
        },
        100,
    )
    .await;
    let page = search(&store, "tide").await;
    assert_eq!(page.hits.len(), 1);
    let snippet = &page.hits[0].snippet;
    // Every marker is ours: in pairs, around the matched word only.
    let marked: Vec<&str> = snippet
        .split(MATCH_START)
        .skip(1)
        .map(|after| after.split(MATCH_END).next().unwrap())
        .collect();
    assert_eq!(marked, ["tide"], "{}", shown(snippet));
    assert_eq!(
        snippet.matches(MATCH_START).count(),
        snippet.matches(MATCH_END).count(),
        "{}",
        shown(snippet)
    );
    assert!(
        shown(snippet).contains("A forged mark, a stray and one, then the [tide]"),
        "{}",
        shown(snippet)
    );
}

async fn the_index_follows_article_pages(store: Store) {
    let s = add_source(&store, "http://wire.example/a.xml", &[]).await;
    let id = add_story(
        &store,
        s.id,
        1,
        headline_and_body("Port update", "A short summary mentions cranes."),
        100,
    )
    .await;
    assert_eq!(ids(&search(&store, "cranes").await), [id]);
    store
        .record_articles(
            &[(
                id,
                article("The full article speaks of tugboats and pilots."),
            )],
            Timestamp::now(),
        )
        .await
        .unwrap();
    assert_eq!(ids(&search(&store, "tugboats").await), [id]);
    assert_eq!(
        shown(&search(&store, "pilot").await.hits[0].snippet),
        "The full article speaks of tugboats and [pilots]."
    );
    assert!(
        search(&store, "cranes").await.hits.is_empty(),
        "the feed's words are gone"
    );
    // A page without an article keeps the body, and its words.
    store
        .record_articles(&[(id, not_found())], Timestamp::now())
        .await
        .unwrap();
    assert_eq!(ids(&search(&store, "tugboats").await), [id]);
}

/// The scheduler stores a feed's new stories held for their pages, which
/// it fetches at once. On SQLite such a story enters the index once, with
/// the text it keeps: the page's, or the feed's when the page gave nothing
/// or its holder let it go. PostgreSQL computes its search words with each
/// row, so there it is found from the start.
async fn a_story_held_for_its_page_is_indexed_once_its_text_is_settled(store: Store) {
    let s = add_source(&store, "http://wire.example/a.xml", &[]).await;
    let lease = Lease {
        owner: "desk-host:41:1".into(),
        until: Timestamp::now() + jiff::SignedDuration::from_secs(60),
    };
    let held = |n: i64, body: &'static str| {
        new_story(
            s.id,
            n,
            &headline_and_body("Harbour notes", body),
            100 + n,
            "world",
        )
    };
    let stored = store
        .insert_stories_held(
            &[
                held(1, "The feed speaks of cranes."),
                held(2, "The feed speaks of ferries."),
                held(3, "The feed speaks of lighthouses."),
            ],
            Some(&lease),
        )
        .await
        .unwrap();
    let id = |i: usize| match stored[i] {
        StoryInsert::Inserted(id) => id,
        ref other => panic!("not stored: {other:?}"),
    };
    let before = search(&store, "feed").await.hits.len();
    match store.backend() {
        Backend::Sqlite => assert_eq!(before, 0, "nothing indexed while the pages are pending"),
        Backend::Postgres => assert_eq!(before, 3),
    }
    // The first page has an article, the second none; the third is let go.
    store
        .record_articles(
            &[
                (id(0), article("The article speaks of tugboats.")),
                (id(1), not_found()),
            ],
            Timestamp::now(),
        )
        .await
        .unwrap();
    store
        .release_claims(&lease.owner, Timestamp::now())
        .await
        .unwrap();
    assert_eq!(ids(&search(&store, "tugboats").await), [id(0)]);
    assert!(search(&store, "cranes").await.hits.is_empty());
    assert_eq!(ids(&search(&store, "ferries").await), [id(1)]);
    assert_eq!(ids(&search(&store, "lighthouses").await), [id(2)]);
    // Once indexed, a later page replaces the words as before.
    store
        .record_article(id(2), &article("The article speaks of pilots."))
        .await
        .unwrap();
    assert!(search(&store, "lighthouses").await.hits.is_empty());
    assert_eq!(ids(&search(&store, "pilots").await), [id(2)]);
    assert_eq!(
        search(&store, "feed").await.hits.len(),
        1,
        "only the page-less story"
    );
    if store.backend() == Backend::Sqlite {
        store.check_search_index().await.unwrap();
    }
}

async fn phrases_and_left_out_words(store: Store) {
    let s = add_source(&store, "http://wire.example/a.xml", &[]).await;
    add_story(
        &store,
        s.id,
        1,
        headline_and_body("Tide one", "High tide flooded the quay."),
        100,
    )
    .await;
    add_story(
        &store,
        s.id,
        2,
        headline_and_body("Tide two", "The tide was high and the quay flooded."),
        200,
    )
    .await;
    add_story(
        &store,
        s.id,
        3,
        headline_and_body("Tide three", "A low tide left boats aground."),
        300,
    )
    .await;
    let found = |text: &'static str| {
        let store = store.clone();
        async move {
            let mut found: Vec<String> = titles(&search(&store, text).await)
                .into_iter()
                .map(String::from)
                .collect();
            found.sort();
            found
        }
    };
    assert_eq!(found("\"high tide\"").await, ["Tide one"]);
    assert_eq!(found("high tide").await, ["Tide one", "Tide two"]);
    assert_eq!(found("tide -flooded").await, ["Tide three"]);
    assert_eq!(
        found("tide -\"high tide\"").await,
        ["Tide three", "Tide two"]
    );
    assert_eq!(found("tide -low -quay").await, Vec::<String>::new());
    // Only words to leave out: nothing to search for.
    assert!(found("-tide").await.is_empty());
    // A `-` inside a word is not an exclusion.
    assert_eq!(found("low-tide").await, ["Tide three"]);
}

async fn pages_do_not_shift_while_stories_arrive(store: Store) {
    let s = add_source(&store, "http://wire.example/a.xml", &[]).await;
    // Five headline matches and five body matches, well apart in rank.
    for n in 0..10 {
        let text = if n % 2 == 0 {
            headline_and_body("Election results", "Counting went on overnight.")
        } else {
            headline_and_body("Overnight news", "The election count went on.")
        };
        add_story(&store, s.id, n, text, 1_000 + n).await;
    }
    let first = store
        .search(&SearchQuery {
            text: "election".into(),
            limit: 4,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(first.hits.len(), 4);
    let cursor = first.next.expect("a second page");
    // What arrives now would rank first, and is not shown on later pages.
    for n in 10..13 {
        add_story(
            &store,
            s.id,
            n,
            headline_and_body("Election results", "Counting went on overnight."),
            2_000 + n,
        )
        .await;
    }
    let cursor = SearchCursor::parse(&cursor.to_string()).expect("a cursor we wrote");
    let second = store
        .search(&SearchQuery {
            text: "election".into(),
            limit: 4,
            cursor: Some(cursor),
            ..Default::default()
        })
        .await
        .unwrap();
    let third = store
        .search(&SearchQuery {
            text: "election".into(),
            limit: 4,
            cursor: second.next,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(third.next, None);
    let mut seen: Vec<StoryId> = [&first, &second, &third]
        .into_iter()
        .flat_map(ids)
        .collect();
    assert_eq!(seen.len(), 10, "each of the ten once");
    // The order is the one the first search saw: headlines newest first,
    // then bodies newest first.
    let titles: Vec<&str> = [&first, &second, &third]
        .into_iter()
        .flat_map(titles)
        .collect();
    assert_eq!(titles[..5], ["Election results"; 5]);
    assert_eq!(titles[5..], ["Overnight news"; 5]);
    let times: Vec<i64> = [&first, &second, &third]
        .into_iter()
        .flat_map(|p| p.hits.iter().map(|h| h.story.published_at.as_second()))
        .collect();
    assert_eq!(
        times,
        [1008, 1006, 1004, 1002, 1000, 1009, 1007, 1005, 1003, 1001]
    );
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 10, "no story twice");
    // A new search sees the newcomers first.
    let fresh = search(&store, "election").await;
    assert_eq!(
        fresh.hits[0].story.published_at.as_second(),
        2_012,
        "{:?}",
        titles
    );
}

async fn a_bounded_search_ranks_the_newest_found_only(store: Store) {
    let s = add_source(&store, "http://wire.example/a.xml", &[]).await;
    // Stories 0..8 hold "ferry": the even ones in their headline (the
    // best matches), the odd ones in their body. Story 8 is in sport,
    // story 7 mentions a strike, and story 9 holds no ferry at all.
    let mut stored = Vec::new();
    for n in 0..10 {
        let text = match n {
            9 => headline_and_body("Bridge opens", "Traffic moved at last."),
            _ if n % 2 == 0 => headline_and_body("Ferry timetable changes", "Boats run later."),
            7 => headline_and_body("Port news", "The ferry crews went on strike."),
            _ => headline_and_body("Port news", "The ferry ran late."),
        };
        let section = if n == 8 { "sport" } else { "world" };
        stored.push(add_filed_story(&store, s.id, n, text, 1_000 + n, section).await);
    }
    let bounded = |limit: u32, cursor: Option<SearchCursor>| SearchQuery {
        text: "ferry".into(),
        limit,
        cursor,
        ranked: Some(4),
        snippets: false,
        ..Default::default()
    };
    // The newest four found are 8, 7, 6 and 5 (9 is not found): the
    // headline matches 8 and 6 rank first, then the body matches; the
    // older headline matches are not among them.
    let first = store.search(&bounded(3, None)).await.unwrap();
    assert!(
        first.hits.iter().all(|h| h.snippet.is_empty()),
        "no snippets asked for"
    );
    let second = store.search(&bounded(3, first.next)).await.unwrap();
    assert_eq!(second.next, None, "the pages end after the four");
    let found: Vec<StoryId> = [&first, &second].into_iter().flat_map(ids).collect();
    assert_eq!(found[..2], [stored[8], stored[6]]);
    assert_eq!(sorted(&found[2..]), [stored[5], stored[7]]);

    // Filters and left-out words choose the stories before the newest are
    // taken: without sport and the strike, the newest four are 6, 5, 4, 3.
    let page = store
        .search(&SearchQuery {
            text: "ferry -strike".into(),
            section: Some(Section::parse("world").unwrap()),
            ..bounded(10, None)
        })
        .await
        .unwrap();
    let found = ids(&page);
    assert_eq!(found[..2], [stored[6], stored[4]]);
    assert_eq!(sorted(&found[2..]), [stored[3], stored[5]]);

    // A bound above what is found ranks every story found: the headline
    // matches first, newest first, then the body matches.
    let all = store
        .search(&SearchQuery {
            ranked: Some(1_000),
            snippets: true,
            ..bounded(20, None)
        })
        .await
        .unwrap();
    let found = ids(&all);
    assert_eq!(
        found[..5],
        [stored[8], stored[6], stored[4], stored[2], stored[0]]
    );
    assert_eq!(
        sorted(&found[5..]),
        [stored[1], stored[3], stored[5], stored[7]]
    );
    assert_eq!(sorted(&found), sorted(&ids(&search(&store, "ferry").await)));
    assert_eq!(all.hits.len(), 9);
    assert!(all.hits.iter().all(|h| !h.snippet.is_empty()));
}

async fn a_forged_cursor_is_refused_and_one_past_the_end_finds_nothing(store: Store) {
    let s = add_source(&store, "http://wire.example/a.xml", &[]).await;
    for n in 0..3 {
        add_story(
            &store,
            s.id,
            n,
            headline_and_body("Harbour", "Cargo moved."),
            100 + n,
        )
        .await;
    }
    let first = store
        .search(&SearchQuery {
            text: "cargo".into(),
            limit: 2,
            ..Default::default()
        })
        .await
        .unwrap();
    let next = first.next.expect("a second page").to_string();
    for forged in [
        "",
        "abc",
        "0-2",
        "-2",
        "3-0",
        "3-02",
        "3-2-1",
        "3,2",
        "3-99999999999",
        "9223372036854775808-2",
        &format!("{next}x"),
        &format!(" {next}"),
    ] {
        assert_eq!(SearchCursor::parse(forged), None, "{forged:?}");
    }
    // Hand-made in the right form: past the end, an empty page.
    let (mark, _) = next.split_once('-').unwrap();
    let past = SearchCursor::parse(&format!("{mark}-500")).unwrap();
    let page = store
        .search(&SearchQuery {
            text: "cargo".into(),
            limit: 2,
            cursor: Some(past),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        page,
        SearchPage {
            hits: Vec::new(),
            next: None
        }
    );
    // Exactly at the end: the same.
    let at_end = SearchCursor::parse(&format!("{mark}-3")).unwrap();
    let page = store
        .search(&SearchQuery {
            text: "cargo".into(),
            cursor: Some(at_end),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(page.hits.is_empty() && page.next.is_none());
}

async fn text_without_words_finds_nothing(store: Store) {
    let s = add_source(&store, "http://wire.example/a.xml", &[]).await;
    add_story(
        &store,
        s.id,
        1,
        headline_and_body("The port of the north", "It is what it is."),
        100,
    )
    .await;
    for text in ["", "   ", "!?.,;:()[]{}<>", "\"\"", "- -- ---", "…«»—"] {
        let page = search(&store, text).await;
        assert!(page.hits.is_empty() && page.next.is_none(), "{text:?}");
    }
    let limit_zero = store
        .search(&SearchQuery {
            text: "port".into(),
            limit: 0,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(limit_zero.hits.is_empty() && limit_zero.next.is_none());
    // PostgreSQL leaves out common English words; SQLite searches them.
    let common = search(&store, "the of it is").await;
    match store.backend() {
        Backend::Postgres => assert!(common.hits.is_empty()),
        Backend::Sqlite => assert_eq!(common.hits.len(), 1),
    }
    // A common word beside a real one does not stop the search.
    assert_eq!(search(&store, "the port").await.hits.len(), 1);
}

async fn hostile_text_is_only_words(store: Store) {
    let s = add_source(&store, "http://wire.example/a.xml", &[]).await;
    add_story(
        &store,
        s.id,
        1,
        headline_and_body(
            "Title: stars and a near miss",
            "Either a or b; then x. Drop the table.",
        ),
        100,
    )
    .await;
    let long = "ships ".repeat(2_000);
    assert!(long.len() > 10_000);
    let hostile = [
        "\"",
        "*",
        "a*",
        "NEAR(a b)",
        "NEAR(miss stars, 2)",
        "'; DROP TABLE stories; --",
        "a OR b",
        "a AND b NOT c",
        "title:x",
        "{title standfirst}: x",
        "^",
        "^title",
        "x & !y | z <-> w:* 'q'",
        "\\",
        "%_",
        &long,
        "\u{0}\u{1}\u{7}\u{1b}[31m\u{7f}",
        "\u{fffd}\u{fffe}\u{ffff}\u{feff}\u{200b}\u{202e}",
        "̀́ͅ \u{0301}x",
        "\u{e000}tide\u{e001}",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 İstanbul ǅ ß ﬁ",
        "!?.,;:()[]{}<>",
    ];
    for text in hostile {
        search(&store, text).await;
    }
    // The words inside hostile text are still searched, literally.
    assert_eq!(search(&store, "NEAR(a b)").await.hits.len(), 1);
    assert_eq!(search(&store, "title:stars").await.hits.len(), 1);
    assert_eq!(search(&store, "\"drop table\"").await.hits.len(), 0);
    assert_eq!(
        search(&store, "'; DROP TABLE stories; --").await.hits.len(),
        0
    );
    assert_eq!(search(&store, "drop* table^").await.hits.len(), 1);
    assert_eq!(store.count_stories().await.unwrap(), 1);
}
