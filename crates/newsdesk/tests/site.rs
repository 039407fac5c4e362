//! The public site as readers, feed readers, crawlers and caches get it:
//! every page kind, the machine-readable documents, HTTP caching, and bad
//! input. Each test runs on SQLite and on PostgreSQL, against the site
//! served on port 0 from a real database filled through the store.

mod common;

use jiff::Timestamp;
use newsdesk::web_server::WebServer;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{
    ArticlePage, CanonicalLink, FeedUrl, MastheadId, NewStory, Section, Source, StoryId,
};
use newsdesk_store::{Store, StoryInsert};
use newsdesk_testkit::TestDb;
use newsdesk_web::WebSettings;
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};
use scraper::{Html, Selector};
use std::time::{Duration, Instant};

newsdesk_testkit::on_both_databases!(
    every_page_kind_answers_in_the_mastheads_look,
    the_story_page_carries_everything_a_reader_needs,
    share_tags_json_ld_and_canonical_addresses,
    lists_page_by_cursor_and_never_shift,
    feeds_sitemaps_and_robots_read_as_machines_expect,
    pages_answer_conditionally_compressed_and_cacheable,
    a_new_story_reaches_every_web_process_within_seconds,
    a_theme_folder_overrides_templates_and_the_stylesheet,
    bad_input_gets_a_friendly_answer_never_a_500,
    search_ranks_filters_highlights_and_pages,
    a_database_that_fails_gives_a_themed_500_that_says_nothing_of_the_cause,
);

/// Stories in the world section: more than two pages of 20.
const WORLD_STORIES: i64 = 45;

/// A database with three sources and a few dozen stories, and the site.
struct Site {
    db: TestDb,
    base: String,
    kenya: Source,
    every: Source,
    herald: Source,
    /// The story with everything: HTML body, picture, dateline, coverage.
    full: StoryId,
}

impl Site {
    async fn new(db: TestDb) -> Self {
        Self::with_settings(db, WebSettings::default()).await
    }

    async fn with_settings(db: TestDb, settings: WebSettings) -> Self {
        let store = db.store.clone();
        let kenya = add_source(
            &store,
            "http://wire.example/kenya.xml",
            "Harbour Wire",
            &["kenya-star"],
        )
        .await;
        let every = add_source(
            &store,
            "http://dispatch.example/all.xml",
            "Savanna Dispatch",
            &[],
        )
        .await;
        let herald = add_source(
            &store,
            "http://islands.example/feed.json",
            "Islands Bulletin",
            &["ocean-herald"],
        )
        .await;
        let start = 1_741_700_000; // 11 Mar 2025
        for n in 0..WORLD_STORIES {
            let source = if n % 2 == 0 { &kenya } else { &every };
            insert(
                &store,
                story(
                    source,
                    &format!("w{n}"),
                    &format!("World story number {n}"),
                    "world",
                    start + n * 600,
                ),
            )
            .await;
        }
        insert(
            &store,
            story(
                &herald,
                "h1",
                "Victoria harbour reopens after dredging",
                "world",
                start + 100_000,
            ),
        )
        .await;
        insert(
            &store,
            story(
                &every,
                "b1",
                "Tea prices climb at the Mombasa auction",
                "business",
                start + 90_000,
            ),
        )
        .await;
        let mut full = story(
            &kenya,
            "full",
            "Port Louis hosts regional trade talks",
            "business",
            start + 200_000,
        );
        full.author = Some("Amina Odhiambo".into());
        full.standfirst =
            "Ministers from eleven states meet to cut duties on fish and sugar.".into();
        let StoryInsert::Inserted(full_id) = store.insert_story(&full).await.unwrap() else {
            panic!("stored")
        };
        // The same article from a second source: coverage, not a story.
        let mut again = story(
            &every,
            "again",
            "Port Louis hosts regional trade talks",
            "business",
            start + 200_100,
        );
        again.link = "http://dispatch.example/trade-talks".into();
        again.canonical_link = full.canonical_link.clone();
        assert_eq!(
            store.insert_story(&again).await.unwrap(),
            StoryInsert::Duplicate
        );
        store
            .record_article(
                full_id,
                &ArticlePage {
                    body: Some("Trade ministers opened talks.\n\nThe talks run two days.".into()),
                    body_html: concat!(
                        "<p>Trade ministers opened talks on <a href=\"https://trade.example/agenda\">the agenda</a>.</p>",
                        "<p>The talks run two days.<script>alert('x')</script></p>",
                        "<p><img src=\"https://img.example/x.jpg\" onerror=\"alert(1)\">",
                        "<a href=\"javascript:alert(2)\">a trap</a><iframe src=\"https://evil.example/\"></iframe>",
                        "<svg onload=\"alert(3)\"></svg><span style=\"width: expression(alert(4))\">styled</span></p>"
                    )
                    .into(),
                    lead_image: Some("https://img.example/port-louis.jpg".into()),
                    dateline: Some(
                        r#"{"text":"Port Louis [Mauritius], March 12 (IOPA)","place":"Port Louis","region":null,"country":"Mauritius","country_code":"MU","agency":"IOPA","date":"03-12","consistent":true}"#.into(),
                    ),
                    ..ArticlePage::default()
                },
            )
            .await
            .unwrap();
        let server = WebServer::bind(
            "127.0.0.1:0".parse().unwrap(),
            store.clone(),
            common::mastheads(),
            settings,
        )
        .await
        .unwrap();
        let base = format!("http://{}", server.spawn());
        Self {
            db,
            base,
            kenya,
            every,
            herald,
            full: full_id,
        }
    }

    fn store(&self) -> &Store {
        &self.db.store
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get(&self, path: &str) -> Answer {
        get(&self.url(path), &[]).await
    }

    /// The story page's path on Kenya Star, found from its section.
    async fn full_story_path(&self) -> String {
        let answer = self
            .get(&format!("/m/kenya-star/story/{}", self.full))
            .await;
        assert_eq!(
            answer.status,
            StatusCode::PERMANENT_REDIRECT,
            "a bare id redirects to the slug"
        );
        let location = answer.headers[header::LOCATION]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            location,
            format!(
                "/m/kenya-star/story/{}/port-louis-hosts-regional-trade-talks",
                self.full
            )
        );
        location
    }
}

async fn add_source(store: &Store, url: &str, name: &str, mastheads: &[&str]) -> Source {
    store
        .add_source(&NewSource {
            url: FeedUrl::parse(url).unwrap(),
            name: name.into(),
            section: None,
            mastheads: mastheads
                .iter()
                .map(|m| MastheadId::parse(m).unwrap())
                .collect(),
        })
        .await
        .unwrap()
}

fn story(source: &Source, guid: &str, title: &str, section: &str, at: i64) -> NewStory {
    let link = format!(
        "{}/{guid}",
        source
            .url
            .as_str()
            .trim_end_matches(".xml")
            .trim_end_matches(".json")
    );
    NewStory {
        source_id: source.id,
        guid: guid.into(),
        canonical_link: CanonicalLink::parse(&link).unwrap(),
        link,
        title: title.into(),
        standfirst: format!("{title}: the short of it."),
        body: "First paragraph.\n\nSecond paragraph.".into(),
        author: None,
        published_at: Timestamp::from_second(at).unwrap(),
        categories: vec![],
        section: Section::parse(section).unwrap(),
        dateline: None,
        filed: newsdesk_domain::Filed::default(),
    }
}

async fn insert(store: &Store, story: NewStory) -> StoryId {
    match store.insert_story(&story).await.unwrap() {
        StoryInsert::Inserted(id) => id,
        StoryInsert::Duplicate => panic!("{} stored twice", story.title),
    }
}

/// A response as it came: no redirect followed, nothing decompressed.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8")
    }

    fn html(&self) -> Html {
        Html::parse_document(&self.text())
    }

    fn header(&self, name: header::HeaderName) -> String {
        self.headers
            .get(&name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    }
}

async fn get(url: &str, headers: &[(&str, &str)]) -> Answer {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_gzip()
        .no_brotli()
        .no_deflate()
        .build()
        .unwrap();
    let mut request = client.get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    Answer {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.bytes().await.unwrap().to_vec(),
    }
}

fn select(doc: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector)
        .filter_map(|e| e.value().attr(attr).map(str::to_owned))
        .collect()
}

async fn every_page_kind_answers_in_the_mastheads_look(db: TestDb) {
    let site = Site::new(db).await;
    let story = site.full_story_path().await;
    let pages = [
        "/m/kenya-star/".to_owned(),
        "/m/kenya-star/section/world".to_owned(),
        "/m/kenya-star/section/business".to_owned(),
        story,
        format!("/m/kenya-star/source/{}", site.kenya.id),
        "/m/kenya-star/archive/2025/03/12".to_owned(),
    ];
    for path in &pages {
        let answer = site.get(path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        let doc = answer.html();
        // One h1, the navigation, the search form, the skip link.
        assert_eq!(select(&doc, "h1").len(), 1, "{path}: one h1");
        assert_eq!(
            select(&doc, "nav.sections a"),
            ["Home", "World", "Business", "Sports"],
            "{path}"
        );
        assert_eq!(
            attrs(&doc, "form[role=search]", "action"),
            ["/m/kenya-star/search"],
            "{path}"
        );
        assert_eq!(
            attrs(&doc, "form[role=search] input[type=search]", "name"),
            ["q"],
            "{path}"
        );
        assert_eq!(attrs(&doc, "a.skip-link", "href"), ["#main"], "{path}");
        assert_eq!(attrs(&doc, "main", "id"), ["main"], "{path}");
        assert_eq!(attrs(&doc, "html", "lang"), ["en"], "{path}");
        // Every time is machine-readable.
        let times = attrs(&doc, "time", "datetime");
        assert!(
            !times.is_empty() && times.iter().all(|t| t.ends_with('Z')),
            "{path}: {times:?}"
        );
        // The masthead's own stylesheet, versioned.
        let sheet = attrs(&doc, "link[rel=stylesheet]", "href");
        assert!(
            sheet[0].starts_with("/m/kenya-star/static/site.css?v="),
            "{path}: {sheet:?}"
        );
    }
    // The section page: its stories only, the nav marks where the reader is.
    let business = site.get("/m/kenya-star/section/business").await.html();
    assert_eq!(select(&business, "h1"), ["Business"]);
    assert_eq!(
        select(&business, "nav.sections a[aria-current=page]"),
        ["Business"]
    );
    assert_eq!(
        select(&business, ".story-list a.headline"),
        [
            "Port Louis hosts regional trade talks",
            "Tea prices climb at the Mombasa auction"
        ]
    );
    // A source page lists that source's stories on this masthead.
    let source = site
        .get(&format!("/m/kenya-star/source/{}", site.kenya.id))
        .await
        .html();
    assert_eq!(select(&source, "h1"), ["Harbour Wire"]);
    assert!(
        select(&source, ".story-list .source")
            .iter()
            .all(|s| s == "Harbour Wire")
    );
    // A source the masthead does not take has no page there.
    let elsewhere = site
        .get(&format!("/m/kenya-star/source/{}", site.herald.id))
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    // The day archive follows the masthead's own calendar: 12 March in
    // Brisbane runs from 14:00 UTC on the 11th.
    let day = site.get("/m/kenya-star/archive/2025/03/12").await.html();
    assert_eq!(select(&day, "h1"), ["12 March 2025"]);
    let headlines = select(&day, ".story-list a.headline");
    assert!(
        headlines.contains(&"World story number 44".to_owned()),
        "{headlines:?}"
    );
    assert!(
        !headlines.contains(&"World story number 0".to_owned()),
        "{headlines:?}"
    );
    // Its neighbours are the nearest days with stories, not empty ones.
    assert!(attrs(&day, ".pager a.earlier", "href")[0].ends_with("/archive/2025/03/11"));
    assert_eq!(select(&day, ".pager a.later"), ["Later: 13 March 2025"]);
    let empty_gap = site.get("/m/kenya-star/archive/2025/01/01").await.html();
    assert!(attrs(&empty_gap, ".pager a.earlier", "href").is_empty());
    assert!(attrs(&empty_gap, ".pager a.later", "href")[0].ends_with("/archive/2025/03/11"));
    // The front page: a lead with its picture and alt text, then sections.
    let front = site.get("/m/kenya-star/").await.html();
    assert_eq!(
        select(&front, ".lead-story a.headline"),
        ["Port Louis hosts regional trade talks"]
    );
    assert_eq!(
        attrs(&front, ".lead-story img", "alt"),
        ["Port Louis hosts regional trade talks"]
    );
    assert_eq!(select(&front, ".front-section h2"), ["World", "Business"]);
    // The friendly 404 is in the masthead's look, with its navigation.
    let missing = site.get("/m/kenya-star/no/such/page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let doc = missing.html();
    assert_eq!(select(&doc, "h1"), ["Page not found"]);
    assert_eq!(select(&doc, ".masthead-name"), ["Kenya Star"]);
    assert_eq!(select(&doc, "nav.sections a").len(), 4);
}

async fn the_story_page_carries_everything_a_reader_needs(db: TestDb) {
    let site = Site::new(db).await;
    let path = site.full_story_path().await;
    let answer = site.get(&path).await;
    assert_eq!(answer.status, StatusCode::OK);
    let html = answer.text();
    let doc = answer.html();
    assert_eq!(
        select(&doc, "h1.headline"),
        ["Port Louis hosts regional trade talks"]
    );
    assert_eq!(select(&doc, ".source-line"), ["Harbour Wire"]);
    assert_eq!(
        select(&doc, ".dateline-time time"),
        ["14 Mar 2025, 07:06 GMT+10"]
    );
    assert_eq!(
        attrs(&doc, ".dateline-time time", "datetime"),
        ["2025-03-13T21:06:40Z"]
    );
    assert_eq!(select(&doc, ".byline"), ["By Amina Odhiambo"]);
    assert_eq!(
        select(&doc, ".standfirst"),
        ["Ministers from eleven states meet to cut duties on fish and sugar."]
    );
    assert_eq!(
        attrs(&doc, ".lead-figure img", "src"),
        ["https://img.example/port-louis.jpg"]
    );
    assert_eq!(
        attrs(&doc, ".lead-figure img", "alt"),
        ["Port Louis hosts regional trade talks"]
    );
    assert_eq!(
        select(&doc, ".dateline"),
        ["Port Louis [Mauritius], March 12 (IOPA)"]
    );
    // The body is the page's HTML with its links, made inert.
    assert_eq!(
        attrs(&doc, ".body a[href^='https://trade.example']", "href"),
        ["https://trade.example/agenda"]
    );
    let body = select(&doc, ".body").join(" ");
    assert!(body.contains("The talks run two days."), "{body}");
    for inert in [
        "<script>alert",
        "onerror",
        "javascript:",
        "<iframe",
        "<svg",
        "onload",
        "expression(",
    ] {
        assert!(!html.contains(inert), "{inert} reached the page");
    }
    // Also reported by: the second source, with its own link.
    assert_eq!(select(&doc, ".also-reported li a"), ["Savanna Dispatch"]);
    assert_eq!(
        attrs(&doc, ".also-reported li a", "href"),
        ["http://dispatch.example/trade-talks"]
    );
    // More Information: other stories, never this one.
    let more = select(&doc, ".more-information li a");
    assert_eq!(
        more.len(),
        newsdesk_domain::more_information::MORE_INFORMATION_LEN,
        "{more:?}"
    );
    assert!(
        more.iter().all(|t| !t.contains("Ministers from eleven")),
        "{more:?}"
    );
    // The story belongs to Kenya Star's source: not on the Herald.
    let herald = site
        .get(&format!(
            "/m/ocean-herald/story/{}/port-louis-hosts-regional-trade-talks",
            site.full
        ))
        .await;
    assert_eq!(herald.status, StatusCode::NOT_FOUND);
    // A picture over plain http from elsewhere would be blocked by the
    // pages' policy: it is left out rather than shown broken.
    let plain = insert(
        site.store(),
        story(
            &site.kenya,
            "plain",
            "Harbour lights switched on",
            "world",
            1_741_950_000,
        ),
    )
    .await;
    site.store()
        .record_article(
            plain,
            &ArticlePage {
                body: Some("The lights came on at dusk.".into()),
                lead_image: Some("http://img.example/lights.jpg".into()),
                ..ArticlePage::default()
            },
        )
        .await
        .unwrap();
    let doc = site
        .get(&format!(
            "/m/kenya-star/story/{plain}/harbour-lights-switched-on"
        ))
        .await
        .html();
    assert!(attrs(&doc, ".lead-figure img", "src").is_empty());
    assert!(attrs(&doc, "meta[property='og:image']", "content").is_empty());
    // A stale slug (after a headline edit) redirects to the current one.
    let stale = site
        .get(&format!(
            "/m/kenya-star/story/{}/old-headline-words",
            site.full
        ))
        .await;
    assert_eq!(stale.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(stale.header(header::LOCATION), path);
}

async fn share_tags_json_ld_and_canonical_addresses(db: TestDb) {
    let site = Site::new(db).await;
    let path = site.full_story_path().await;
    let doc = site.get(&path).await.html();
    let own = site.url(&path);
    assert_eq!(attrs(&doc, "link[rel=canonical]", "href"), [own.as_str()]);
    assert_eq!(
        attrs(&doc, "meta[property='og:url']", "content"),
        [own.as_str()]
    );
    assert_eq!(
        attrs(&doc, "meta[property='og:type']", "content"),
        ["article"]
    );
    assert_eq!(
        attrs(&doc, "meta[property='og:image']", "content"),
        ["https://img.example/port-louis.jpg"]
    );
    assert_eq!(
        attrs(&doc, "meta[name='twitter:card']", "content"),
        ["summary_large_image"]
    );
    let ld = select(&doc, "script[type='application/ld+json']");
    let json: serde_json::Value = serde_json::from_str(&ld[0]).unwrap();
    assert_eq!(json["@type"], "NewsArticle");
    assert_eq!(json["headline"], "Port Louis hosts regional trade talks");
    assert_eq!(json["datePublished"], "2025-03-13T21:06:40Z");
    assert_eq!(json["author"]["name"], "Amina Odhiambo");
    assert_eq!(json["publisher"]["name"], "Kenya Star");
    assert_eq!(json["locationCreated"]["name"], "Port Louis");
    assert_eq!(json["isBasedOn"], "http://wire.example/kenya/full");
    // A masthead that credits the original names it as canonical.
    let mut mastheads = common::mastheads();
    mastheads[0].canonical_to_source = true;
    let server = WebServer::bind(
        "127.0.0.1:0".parse().unwrap(),
        site.store().clone(),
        mastheads,
        WebSettings::default(),
    )
    .await
    .unwrap();
    let other = format!("http://{}", server.spawn());
    let doc = get(&format!("{other}{path}"), &[]).await.html();
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["http://wire.example/kenya/full"]
    );
    // The front page announces its feeds.
    let front = site.get("/m/kenya-star/").await.html();
    assert_eq!(
        attrs(&front, "link[rel=alternate]", "href"),
        [
            "/m/kenya-star/feed.xml",
            "/m/kenya-star/atom.xml",
            "/m/kenya-star/feed.json"
        ]
    );
    let section = site.get("/m/kenya-star/section/world").await.html();
    assert_eq!(
        attrs(&section, "link[rel=alternate]", "type"),
        [
            "application/rss+xml",
            "application/atom+xml",
            "application/feed+json"
        ]
    );
    assert_eq!(
        attrs(&section, "link[rel=alternate]", "href")[0],
        "/m/kenya-star/section/world/feed.xml"
    );
}

async fn lists_page_by_cursor_and_never_shift(db: TestDb) {
    let site = Site::new(db).await;
    let first = site.get("/m/kenya-star/section/world").await.html();
    let page_one = select(&first, ".story-list a.headline");
    assert_eq!(page_one.len(), 20);
    assert_eq!(page_one[0], "World story number 44");
    let older = attrs(&first, ".pager a[rel=next]", "href");
    assert_eq!(older.len(), 1);
    // A story arrives between two page views.
    insert(
        site.store(),
        story(
            &site.kenya,
            "late",
            "A late world story",
            "world",
            1_741_800_000,
        ),
    )
    .await;
    let second = site.get(&older[0]).await.html();
    let page_two = select(&second, ".story-list a.headline");
    assert_eq!(
        page_two[0], "World story number 24",
        "the next page did not shift"
    );
    assert_eq!(page_two.len(), 20);
    assert_eq!(
        select(&second, ".pager a"),
        ["Newest stories", "Older stories"]
    );
    let third = site
        .get(&attrs(&second, ".pager a[rel=next]", "href")[0])
        .await
        .html();
    let page_three = select(&third, ".story-list a.headline");
    assert_eq!(page_three.len(), 5);
    assert_eq!(page_three.last().unwrap(), "World story number 0");
    assert!(
        attrs(&third, ".pager a[rel=next]", "href").is_empty(),
        "the last page has no next"
    );
}

async fn feeds_sitemaps_and_robots_read_as_machines_expect(db: TestDb) {
    let site = Site::new(db).await;
    for (path, kind) in [
        ("/m/kenya-star/feed.xml", "application/rss+xml"),
        ("/m/kenya-star/atom.xml", "application/atom+xml"),
        ("/m/kenya-star/feed.json", "application/feed+json"),
        (
            "/m/kenya-star/section/business/feed.xml",
            "application/rss+xml",
        ),
        (
            "/m/kenya-star/section/business/atom.xml",
            "application/atom+xml",
        ),
        (
            "/m/kenya-star/section/business/feed.json",
            "application/feed+json",
        ),
    ] {
        let answer = site.get(path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert!(
            answer.header(header::CONTENT_TYPE).starts_with(kind),
            "{path}"
        );
        let feed = feed_rs::parser::parse(answer.body.as_slice())
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(!feed.entries.is_empty(), "{path}");
        let first = &feed.entries[0];
        assert_eq!(
            first.title.as_ref().unwrap().content,
            "Port Louis hosts regional trade talks",
            "{path}"
        );
        assert_eq!(
            first.links[0].href,
            site.url(&format!(
                "/m/kenya-star/story/{}/port-louis-hosts-regional-trade-talks",
                site.full
            )),
            "{path}"
        );
        let text = answer.text();
        assert!(
            !text.contains("<script>alert") && !text.contains("&lt;script&gt;alert"),
            "{path}: scripts stay out"
        );
    }
    let business = feed_rs::parser::parse(
        site.get("/m/kenya-star/section/business/feed.xml")
            .await
            .body
            .as_slice(),
    )
    .unwrap();
    assert_eq!(business.entries.len(), 2, "the section's stories only");
    // The sitemap index names the pages, the news and the story files.
    let index = site.get("/m/kenya-star/sitemap.xml").await;
    assert_eq!(index.status, StatusCode::OK);
    let text = index.text();
    for loc in [
        "/m/kenya-star/sitemaps/pages.xml",
        "/m/kenya-star/sitemaps/news.xml",
        "/m/kenya-star/sitemaps/stories-1.xml",
    ] {
        assert!(text.contains(&site.url(loc)), "{loc} in {text}");
    }
    let stories = site
        .get("/m/kenya-star/sitemaps/stories-1.xml")
        .await
        .text();
    assert!(stories.contains(&site.url(&format!(
        "/m/kenya-star/story/{}/port-louis-hosts-regional-trade-talks",
        site.full
    ))));
    assert!(
        !stories.contains("victoria-harbour"),
        "the Herald's own story is not Kenya Star's"
    );
    assert_eq!(
        site.get("/m/kenya-star/sitemaps/stories-2.xml")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let pages = site.get("/m/kenya-star/sitemaps/pages.xml").await.text();
    assert!(pages.contains(&site.url("/m/kenya-star/section/sports")));
    // The news sitemap holds the last two days only: these stories are older.
    let news = site.get("/m/kenya-star/sitemaps/news.xml").await.text();
    assert!(!news.contains("<url>"), "{news}");
    insert(
        site.store(),
        story(
            &site.kenya,
            "fresh",
            "Fresh off the wire",
            "world",
            Timestamp::now().as_second() - 60,
        ),
    )
    .await;
    wait_for(
        &site.url("/m/kenya-star/sitemaps/news.xml"),
        "Fresh off the wire",
    )
    .await;
    // robots.txt on the server's address names every masthead's sitemap.
    let robots = site.get("/robots.txt").await.text();
    assert!(
        robots.contains(&format!(
            "Sitemap: {}",
            site.url("/m/kenya-star/sitemap.xml")
        )),
        "{robots}"
    );
    assert!(
        robots.contains(&format!(
            "Sitemap: {}",
            site.url("/m/ocean-herald/sitemap.xml")
        )),
        "{robots}"
    );
    assert!(robots.contains("Disallow: /m/*/search"));
    // On a masthead's own host it names that masthead's.
    let by_host = get(&site.url("/robots.txt"), &[("Host", "kenyastar.localhost")])
        .await
        .text();
    assert!(
        by_host.contains("Sitemap: http://kenyastar.localhost/sitemap.xml"),
        "{by_host}"
    );
}

/// Polls `url` until its body contains `text` (at most ten seconds).
async fn wait_for(url: &str, text: &str) -> Duration {
    let started = Instant::now();
    loop {
        let answer = get(url, &[]).await;
        if answer.text().contains(text) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{text:?} never reached {url}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn pages_answer_conditionally_compressed_and_cacheable(db: TestDb) {
    let site = Site::new(db).await;
    let story = site.full_story_path().await;
    let url = site.url("/m/kenya-star/");
    let plain = get(&url, &[]).await;
    assert_eq!(plain.status, StatusCode::OK);
    let etag = plain.header(header::ETAG);
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && !etag.starts_with("W/"),
        "strong: {etag}"
    );
    assert_eq!(plain.header(header::VARY), "Accept-Encoding");
    assert_eq!(
        plain.header(header::CACHE_CONTROL),
        "public, max-age=60, stale-while-revalidate=60"
    );
    assert!(!plain.header(header::LAST_MODIFIED).is_empty());
    // The security headers stay.
    assert!(
        plain
            .header(header::CONTENT_SECURITY_POLICY)
            .contains("default-src 'none'")
    );
    assert_eq!(plain.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    // 304 for a matching tag, in any coding; a body otherwise.
    let again = get(&url, &[("If-None-Match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    let since = get(
        &url,
        &[("If-Modified-Since", &plain.header(header::LAST_MODIFIED))],
    )
    .await;
    assert_eq!(since.status, StatusCode::NOT_MODIFIED);
    // gzip and brotli, each with its own tag, each the same page.
    let gz = get(&url, &[("Accept-Encoding", "gzip")]).await;
    assert_eq!(gz.header(header::CONTENT_ENCODING), "gzip");
    assert_ne!(gz.header(header::ETAG), etag);
    let mut unpacked = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(gz.body.as_slice()),
        &mut unpacked,
    )
    .unwrap();
    assert_eq!(unpacked, plain.text());
    assert!(gz.body.len() < plain.body.len() / 2);
    let br = get(&url, &[("Accept-Encoding", "gzip, deflate, br")]).await;
    assert_eq!(br.header(header::CONTENT_ENCODING), "br");
    let gz_tag = gz.header(header::ETAG);
    assert_eq!(
        get(
            &url,
            &[("Accept-Encoding", "br"), ("If-None-Match", &gz_tag)]
        )
        .await
        .status,
        StatusCode::NOT_MODIFIED
    );
    // Each page kind says how long it may be kept.
    let kinds = [
        (
            story.as_str(),
            "public, max-age=300, stale-while-revalidate=300",
        ),
        (
            "/m/kenya-star/feed.xml",
            "public, max-age=300, stale-while-revalidate=300",
        ),
        (
            "/robots.txt",
            "public, max-age=3600, stale-while-revalidate=3600",
        ),
        ("/m/kenya-star/no-such-page", "public, max-age=60"),
    ];
    for (path, expected) in kinds {
        assert_eq!(
            site.get(path).await.header(header::CACHE_CONTROL),
            expected,
            "{path}"
        );
    }
    let front = site.get("/m/kenya-star/").await.html();
    let sheet = attrs(&front, "link[rel=stylesheet]", "href").remove(0);
    let css = site.get(&sheet).await;
    assert_eq!(
        css.header(header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert!(css.text().starts_with(":root{--accent:#a4262c;"));
    // HEAD answers the headers only.
    let client = reqwest::Client::builder()
        .no_gzip()
        .no_brotli()
        .no_deflate()
        .build()
        .unwrap();
    let head = client.head(&url).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(head.headers()[header::ETAG].to_str().unwrap(), etag);
}

async fn a_new_story_reaches_every_web_process_within_seconds(db: TestDb) {
    let site = Site::new(db).await;
    // A second web process on the same database.
    let server = WebServer::bind(
        "127.0.0.1:0".parse().unwrap(),
        site.store().clone(),
        common::mastheads(),
        WebSettings::default(),
    )
    .await
    .unwrap();
    let second = format!("http://{}", server.spawn());
    let path = "/m/kenya-star/section/world";
    // Both render the page once and keep it.
    let before = site.get(path).await;
    assert_eq!(before.text(), site.get(path).await.text());
    get(&format!("{second}{path}"), &[]).await;
    // Another process (a worker) stores a story.
    let writer = Store::connect(&site.db.url).await.unwrap();
    insert(
        &writer,
        story(
            &site.every,
            "breaking",
            "Breaking world news",
            "world",
            1_742_000_000,
        ),
    )
    .await;
    for base in [site.base.as_str(), second.as_str()] {
        let waited = wait_for(&format!("{base}{path}"), "Breaking world news").await;
        assert!(waited < Duration::from_secs(5), "{base}: {waited:?}");
    }
    // The old tag no longer matches.
    let etag = before.header(header::ETAG);
    assert_eq!(
        get(&site.url(path), &[("If-None-Match", &etag)])
            .await
            .status,
        StatusCode::OK
    );
    writer.close().await;
}

async fn a_theme_folder_overrides_templates_and_the_stylesheet(db: TestDb) {
    let themes = tempfile::tempdir().unwrap();
    let folder = themes.path().join("kenya-star");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("error.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>Lost at sea</h1><p class=\"themed\">{{ message }}</p>{% endblock %}",
    )
    .unwrap();
    std::fs::write(
        folder.join("site.css"),
        "body { font-family: serif; } /* the star's own */",
    )
    .unwrap();
    let settings = WebSettings {
        themes_dir: Some(themes.path().to_path_buf()),
        ..WebSettings::default()
    };
    let site = Site::with_settings(db, settings).await;
    let missing = site.get("/m/kenya-star/nowhere").await.html();
    assert_eq!(select(&missing, "h1"), ["Lost at sea"]);
    // Only that masthead, only that template.
    let herald = site.get("/m/ocean-herald/nowhere").await.html();
    assert_eq!(select(&herald, "h1"), ["Page not found"]);
    assert_eq!(
        select(
            &site.get("/m/kenya-star/").await.html(),
            ".lead-story a.headline"
        )
        .len(),
        1
    );
    let css = site.get("/m/kenya-star/static/site.css").await.text();
    assert!(
        css.ends_with("/* the star's own */") && css.starts_with(":root{--accent:"),
        "{css}"
    );
    // A broken override stops the start, naming its file.
    std::fs::write(folder.join("story.html"), "{% block main %}").unwrap();
    let broken = newsdesk_web::AppState::new(
        site.store().clone(),
        common::mastheads(),
        WebSettings {
            themes_dir: Some(themes.path().to_path_buf()),
            ..WebSettings::default()
        },
    );
    let message = broken.err().expect("refused").to_string();
    assert!(
        message.contains("kenya-star") && message.contains("story.html"),
        "{message}"
    );
}

async fn bad_input_gets_a_friendly_answer_never_a_500(db: TestDb) {
    let site = Site::new(db).await;
    let cases: &[(&str, StatusCode)] = &[
        ("/m/kenya-star/section/astrology", StatusCode::NOT_FOUND),
        (
            "/m/kenya-star/section/NOT%20A%20SLUG",
            StatusCode::NOT_FOUND,
        ),
        (
            "/m/kenya-star/section/world?after=forged",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/m/kenya-star/section/world?after=1-2-3",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/m/kenya-star/section/world?after=99999999999999999999-1",
            StatusCode::BAD_REQUEST,
        ),
        ("/m/kenya-star/story/99999999/none", StatusCode::NOT_FOUND),
        ("/m/kenya-star/story/abc/none", StatusCode::NOT_FOUND),
        ("/m/kenya-star/story/%FF%FE/x", StatusCode::NOT_FOUND),
        ("/m/kenya-star/source/%C3%28", StatusCode::NOT_FOUND),
        ("/m/kenya-star/archive/2025/02/30", StatusCode::NOT_FOUND),
        ("/m/kenya-star/archive/99999/01/01", StatusCode::NOT_FOUND),
        (
            "/m/kenya-star/sitemaps/stories-0.xml",
            StatusCode::NOT_FOUND,
        ),
        (
            "/m/kenya-star/sitemaps/stories-x.xml",
            StatusCode::NOT_FOUND,
        ),
        ("/m/kenya-star/section/nope/feed.xml", StatusCode::NOT_FOUND),
        ("/m/no-such-masthead/", StatusCode::NOT_FOUND),
    ];
    for (path, status) in cases {
        let answer = site.get(path).await;
        assert_eq!(answer.status, *status, "{path}");
        let doc = answer.html();
        assert_eq!(select(&doc, "h1").len(), 1, "{path}: a page with a heading");
        assert!(
            !answer.text().to_lowercase().contains("error:"),
            "{path}: no cause shown"
        );
    }
    // Past the end of a list: an empty page that says so, not an error.
    let past = site.get("/m/kenya-star/section/world?after=1-1").await;
    assert_eq!(past.status, StatusCode::OK);
    assert_eq!(select(&past.html(), ".empty"), ["No more stories here."]);
    // A Host that is no masthead: the plain list of mastheads, nothing private.
    let stranger = get(&site.url("/"), &[("Host", "evil.example")]).await;
    assert_eq!(stranger.status, StatusCode::OK);
    let doc = stranger.html();
    assert_eq!(
        select(&doc, ".network li a"),
        ["Kenya Star", "Indian Ocean Herald"]
    );
    assert!(!stranger.text().contains("sqlite") && !stranger.text().contains("postgres"));
    // Garbage in If-None-Match is no match.
    for garbage in [
        "garbage",
        "\"",
        "W/",
        "*, \"x\"x",
        "\"\\u0000\"",
        "\"a\" \"b\"",
    ] {
        let answer = get(&site.url("/m/kenya-star/"), &[("If-None-Match", garbage)]).await;
        assert_eq!(answer.status, StatusCode::OK, "{garbage:?}");
    }
    // A write is not allowed, and says so.
    let post = reqwest::Client::new()
        .post(site.url("/m/kenya-star/"))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
}

async fn search_ranks_filters_highlights_and_pages(db: TestDb) {
    let site = Site::new(db).await;
    // The form on every page leads here; the word in a headline ranks first.
    let answer = site.get("/m/kenya-star/search?q=trade").await;
    assert_eq!(answer.status, StatusCode::OK);
    let doc = answer.html();
    assert_eq!(select(&doc, "h1"), ["Results for \u{201c}trade\u{201d}"]);
    assert_eq!(
        select(&doc, ".search-results a.headline"),
        ["Port Louis hosts regional trade talks"]
    );
    assert_eq!(
        attrs(&doc, "#site-search", "value"),
        ["trade"],
        "the header box keeps the words"
    );
    let snippet = answer.text();
    assert!(snippet.contains("<mark>"), "matches are highlighted");
    // Only this masthead's stories: the Herald's own story is not found here.
    let herald_only = site
        .get("/m/kenya-star/search?q=victoria+harbour")
        .await
        .html();
    assert!(select(&herald_only, ".search-results a.headline").is_empty());
    let on_herald = site
        .get("/m/ocean-herald/search?q=victoria+harbour")
        .await
        .html();
    assert_eq!(
        select(&on_herald, ".search-results a.headline"),
        ["Victoria harbour reopens after dredging"]
    );
    // Filters: section, source, dates (in the masthead's calendar).
    let world = site
        .get("/m/kenya-star/search?q=story&section=world")
        .await
        .html();
    assert_eq!(select(&world, ".search-results a.headline").len(), 20);
    assert!(
        select(&world, ".search-results .section-name")
            .iter()
            .all(|s| s == "World")
    );
    let business = site
        .get("/m/kenya-star/search?q=story&section=business")
        .await
        .html();
    assert!(select(&business, ".search-results a.headline").is_empty());
    let by_source = site
        .get(&format!(
            "/m/kenya-star/search?q=story&source={}",
            site.kenya.id
        ))
        .await
        .html();
    assert!(
        select(&by_source, ".search-results .source")
            .iter()
            .all(|s| s == "Harbour Wire")
    );
    let one_day = site
        .get("/m/kenya-star/search?q=world&from=2025-03-14&to=2025-03-14")
        .await
        .html();
    assert!(
        select(&one_day, ".search-results a.headline").is_empty(),
        "no world story that day"
    );
    // Paging: 45 world stories, 20 a page; a story arriving between pages
    // does not shift the next one.
    let first = site
        .get("/m/kenya-star/search?q=world+story&section=world")
        .await
        .html();
    let page_one = select(&first, ".search-results a.headline");
    assert_eq!(page_one.len(), 20);
    let more = attrs(&first, ".pager a[rel=next]", "href");
    assert_eq!(more.len(), 1);
    assert!(
        more[0].contains("section=world") && more[0].contains("after="),
        "{more:?}"
    );
    insert(
        site.store(),
        story(
            &site.kenya,
            "late",
            "Another world story",
            "world",
            1_741_990_000,
        ),
    )
    .await;
    let second = site.get(&more[0]).await.html();
    let page_two = select(&second, ".search-results a.headline");
    assert_eq!(page_two.len(), 20);
    assert!(
        page_two.iter().all(|t| !page_one.contains(t)),
        "no repeats across pages"
    );
    assert!(!page_two.contains(&"Another world story".to_owned()));
    // An empty search shows the form and no results.
    let empty = site.get("/m/kenya-star/search?q=").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(select(&empty.html(), ".search-results").is_empty());
    // Hostile queries: never an error, never SQL, never markup.
    let long = "a".repeat(10 * 1024);
    for q in [
        "%22",
        "*",
        "NEAR(",
        "NEAR(a%20b)",
        "%27;%20DROP%20TABLE%20stories;%20--",
        "title:x",
        "a%20OR%20b",
        "%3Cscript%3Ealert(1)%3C/script%3E",
        "%E2%80%AE%F0%9F%98%80",
        "%FF%FE%00",
        long.as_str(),
    ] {
        let answer = site.get(&format!("/m/kenya-star/search?q={q}")).await;
        assert_eq!(answer.status, StatusCode::OK, "{q}");
        assert!(!answer.text().contains("<script>alert"), "{q}");
    }
    assert_eq!(
        site.store().count_stories().await.unwrap(),
        WORLD_STORIES + 4
    );
    // Filters that name nothing of this masthead, and forged cursors.
    for path in [
        "/m/kenya-star/search?q=tea&section=astrology",
        &format!("/m/kenya-star/search?q=tea&source={}", site.herald.id),
        "/m/kenya-star/search?q=tea&source=abc",
        "/m/kenya-star/search?q=tea&from=2025-02-30",
        "/m/kenya-star/search?q=tea&after=forged",
        "/m/kenya-star/search?q=tea&after=1-2-3",
    ] {
        let answer = site.get(path).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(select(&answer.html(), "h1").len(), 1, "{path}");
    }
    // Past the end: an empty page that says so.
    let past = site
        .get("/m/kenya-star/search?q=world&after=999999-5000")
        .await;
    assert_eq!(past.status, StatusCode::OK, "{}", past.text());
    assert_eq!(select(&past.html(), ".empty"), ["No more results."]);
}

async fn a_database_that_fails_gives_a_themed_500_that_says_nothing_of_the_cause(db: TestDb) {
    let site = Site::new(db).await;
    // A page kept before the failure is still served from memory.
    assert_eq!(site.get("/m/kenya-star/").await.status, StatusCode::OK);
    site.store().close().await;
    let answer = site.get("/m/kenya-star/section/world").await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.header(header::CACHE_CONTROL), "no-store");
    let doc = answer.html();
    assert_eq!(select(&doc, "h1"), ["Something went wrong"]);
    assert_eq!(
        select(&doc, ".masthead-name"),
        ["Kenya Star"],
        "in the masthead's look"
    );
    let text = answer.text().to_lowercase();
    for cause in ["pool", "closed", "sqlx", "database", "sqlite", "postgres"] {
        assert!(!text.contains(cause), "the page names {cause}");
    }
    assert_eq!(site.get("/m/kenya-star/").await.status, StatusCode::OK);
    // The health check says the database does not answer.
    assert_eq!(
        site.get("/healthz").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
}
