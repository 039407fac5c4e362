//! Routing by region, end to end on SQLite and on PostgreSQL: fixture
//! feeds over real HTTP, one ingestion pass, then the pages of four
//! mastheads as readers get them.
//!
//! Monsoon Wire is assigned to World Desk only, so its stories reach the
//! others by where they happened alone: "Port Blair [Mauritius]" (Port
//! Blair is in India) goes to the Bay Courier (`Southern Asia`) and not to
//! the Island Times (`MU`); a Nairobi story goes to Kenya Star (`KE`,
//! `world`) on every surface; a story whose dateline only its page
//! carries (Port Louis) goes to the Island Times once the page is read.
//! Highland Courier is assigned to Kenya Star only; its London story
//! reaches no other masthead, World Desk (`world`) included, which takes
//! nothing by region and has no "Local" section.

mod common;

use common::{client, feed_fixture, local_fetching};
use newsdesk::web_server::WebServer;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{FeedUrl, Masthead, MastheadId, MastheadSettings};
use newsdesk_ingest::run_pass;
use newsdesk_testkit::{Fixture, FixtureServer, TestDb};
use scraper::{Html, Selector};

newsdesk_testkit::on_both_databases!(stories_reach_mastheads_by_where_they_happened);

const MONSOON_RSS: &str = include_str!("fixtures/regions/monsoon-wire.rss");
const COURIER_RSS: &str = include_str!("fixtures/regions/highland-courier.rss");
const SEA_WALLS_PAGE: &str = include_str!("fixtures/regions/sea-walls.html");

const CABLE: &str = "Undersea cable lands on the Andaman coast";
const STRIKE: &str = "Matatu owners call off fuel strike";
const SEA_WALLS: &str = "Island budget sets aside funds for sea walls";
const TEA_BUYERS: &str = "Tea buyers meet in London ahead of auction season";

fn masthead(id: &str, name: &str, regions: &[&str]) -> Masthead {
    Masthead::new(MastheadSettings {
        id: id.into(),
        name: name.into(),
        host: format!("{id}.localhost"),
        timezone: "Indian/Mauritius".into(),
        regions: regions.iter().map(|r| (*r).to_owned()).collect(),
        sections: vec!["world".into(), "business".into()],
        ..MastheadSettings::default()
    })
    .unwrap()
}

/// A page as a reader gets it: its status and its text.
async fn get(url: &str) -> (u16, String) {
    let response = client().get(url).send().await.unwrap();
    (
        response.status().as_u16(),
        response.text().await.unwrap_or_default(),
    )
}

fn texts(html: &str, css: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

/// The headlines in the front page's block with this heading.
fn block(front: &str, heading: &str) -> Vec<String> {
    let doc = Html::parse_document(front);
    let sections = Selector::parse("section.front-section").unwrap();
    let h2 = Selector::parse("h2").unwrap();
    let headlines = Selector::parse("a.headline").unwrap();
    doc.select(&sections)
        .find(|s| {
            s.select(&h2)
                .next()
                .is_some_and(|h| h.text().collect::<String>().trim() == heading)
        })
        .map(|s| {
            s.select(&headlines)
                .map(|a| a.text().collect::<String>())
                .collect()
        })
        .unwrap_or_default()
}

async fn stories_reach_mastheads_by_where_they_happened(db: TestDb) {
    let feeds = FixtureServer::start().await;
    feeds.set(
        "/monsoon.rss",
        feed_fixture(&feeds, "application/rss+xml", MONSOON_RSS),
    );
    feeds.set(
        "/courier.rss",
        feed_fixture(&feeds, "application/rss+xml", COURIER_RSS),
    );
    feeds.set(
        "/monsoon/sea-walls.html",
        Fixture::ok("text/html; charset=utf-8", SEA_WALLS_PAGE),
    );
    let store = db.store.clone();
    for (path, name, masthead) in [
        ("/monsoon.rss", "Monsoon Wire", "world-desk"),
        ("/courier.rss", "Highland Courier", "kenya-star"),
    ] {
        store
            .add_source(&NewSource {
                url: FeedUrl::parse(&feeds.url(path)).unwrap(),
                name: name.into(),
                section: None,
                mastheads: vec![MastheadId::parse(masthead).unwrap()],
            })
            .await
            .unwrap();
    }
    let (fetcher, politeness) = local_fetching();
    let report = run_pass(
        &store,
        &fetcher,
        &politeness,
        store.sources().await.unwrap(),
        |_| {},
    )
    .await;
    assert_eq!(report.failed(), 0, "{report:?}");

    let mastheads = vec![
        masthead("kenya-star", "Kenya Star", &["KE", "world"]),
        masthead("island-times", "Island Times", &["MU"]),
        masthead("bay-courier", "Bay Courier", &["Southern Asia"]),
        masthead("world-desk", "World Desk", &["world"]),
    ];
    let server = WebServer::bind(
        "127.0.0.1:0".parse().unwrap(),
        store.clone(),
        mastheads,
        newsdesk_web::WebSettings::default(),
    )
    .await
    .unwrap();
    let site = format!("http://{}", server.spawn());
    let url = |masthead: &str, path: &str| format!("{site}/m/{masthead}{path}");
    let front = |masthead: &'static str| {
        let url = url(masthead, "/");
        async move {
            let (status, body) = get(&url).await;
            assert_eq!(status, 200, "{url}");
            body
        }
    };
    let local = |masthead: &'static str| {
        let url = url(masthead, "/local");
        async move {
            let (status, body) = get(&url).await;
            assert_eq!(status, 200, "{url}");
            texts(&body, "a.headline")
        }
    };

    // Port Blair [Mauritius] happened in India: the Bay Courier's (its
    // one story, so its lead), not the Island Times'.
    let bay = front("bay-courier").await;
    assert_eq!(texts(&bay, "a.headline"), [CABLE]);
    assert_eq!(local("bay-courier").await, [CABLE]);
    let island = front("island-times").await;
    assert!(
        !island.contains(CABLE),
        "routed by the place, not the bracket"
    );
    assert!(!front("kenya-star").await.contains(CABLE));

    // Port Louis, read from the page that replaced the feed's text.
    assert_eq!(texts(&island, "a.headline"), [SEA_WALLS]);
    assert_eq!(local("island-times").await, [SEA_WALLS]);

    // Nairobi: Kenya Star's front page, Local section and page, feeds,
    // sitemap and search, from a source it is not assigned.
    let star = front("kenya-star").await;
    assert_eq!(block(&star, "Local"), [STRIKE]);
    assert!(
        !block(&star, "World").contains(&STRIKE.to_owned()),
        "shown once"
    );
    assert_eq!(local("kenya-star").await, [STRIKE]);
    for path in ["/local/feed.xml", "/local/atom.xml", "/local/feed.json"] {
        let (status, body) = get(&url("kenya-star", path)).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            body.contains(STRIKE) && !body.contains(TEA_BUYERS),
            "{path}"
        );
    }
    let (_, feed) = get(&url("kenya-star", "/feed.xml")).await;
    assert!(feed.contains(STRIKE) && feed.contains(TEA_BUYERS));
    assert!(!feed.contains(CABLE) && !feed.contains(SEA_WALLS));
    let (_, pages) = get(&url("kenya-star", "/sitemaps/pages.xml")).await;
    assert!(pages.contains("/m/kenya-star/local</loc>"), "{pages}");
    let (status, stories) = get(&url("kenya-star", "/sitemaps/stories-1.xml")).await;
    assert_eq!(status, 200);
    assert_eq!(stories.matches("<url>").count(), 2, "{stories}");
    let (_, found) = get(&url("kenya-star", "/search?q=minibus")).await;
    assert_eq!(texts(&found, "a.headline"), [STRIKE]);
    let (_, elsewhere) = get(&url("island-times", "/search?q=minibus")).await;
    assert!(texts(&elsewhere, "a.headline").is_empty());
    // Its page reads there; its source has no page on Kenya Star.
    let strike_href = Html::parse_document(&star)
        .select(&Selector::parse("a.headline").unwrap())
        .find(|a| a.text().collect::<String>() == STRIKE)
        .and_then(|a| a.value().attr("href").map(str::to_owned))
        .unwrap();
    let (status, story) = get(&format!("{site}{strike_href}")).await;
    assert_eq!(status, 200);
    assert_eq!(texts(&story, ".source-line"), ["Monsoon Wire"]);
    assert!(texts(&story, ".source-line a").is_empty());
    let on_island = strike_href.replace("/m/kenya-star/", "/m/island-times/");
    assert_eq!(get(&format!("{site}{on_island}")).await.0, 404);

    // World Desk takes its own source's stories and nothing by region.
    let world = front("world-desk").await;
    for headline in [CABLE, STRIKE, SEA_WALLS] {
        assert!(world.contains(headline), "{headline}: from its source");
    }
    assert!(
        !world.contains(TEA_BUYERS),
        "London reaches nobody by region"
    );
    assert!(block(&world, "Local").is_empty());
    assert_eq!(get(&url("world-desk", "/local")).await.0, 404);
    assert_eq!(get(&url("world-desk", "/local/feed.xml")).await.0, 404);
    let (_, pages) = get(&url("world-desk", "/sitemaps/pages.xml")).await;
    assert!(!pages.contains("/local<"), "{pages}");
    for masthead in ["island-times", "bay-courier"] {
        assert!(!front(masthead).await.contains(TEA_BUYERS), "{masthead}");
    }
}
