//! End to end: fixture feeds over real HTTP, one ingestion pass into a real
//! database (SQLite and PostgreSQL), then the pages as a reader gets them.

mod common;

use common::{Network, page};
use newsdesk_domain::teaser::TEASER_CHARS;
use newsdesk_testkit::TestDb;
use scraper::{Html, Selector};

newsdesk_testkit::on_both_databases!(
    story_page_shows_source_time_and_more_information,
    front_page_groups_latest_by_section,
    two_passes_store_the_same_stories,
    article_pages_give_the_stored_text,
    mastheads_are_picked_by_host_or_path,
);

fn select(doc: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

fn hrefs(doc: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector)
        .filter_map(|e| e.value().attr("href").map(str::to_owned))
        .collect()
}

/// The link to the story with this headline on a front page.
async fn story_url(site: &str, masthead: &str, headline: &str) -> String {
    let front = Html::parse_document(&page(&format!("{site}/m/{masthead}/")).await);
    let selector = Selector::parse("a.headline").unwrap();
    let href = front
        .select(&selector)
        .find(|a| a.text().collect::<String>() == headline)
        .and_then(|a| a.value().attr("href"))
        .unwrap_or_else(|| panic!("{headline:?} is not on the front page of {masthead}"));
    format!("{site}{href}")
}

async fn story_page_shows_source_time_and_more_information(db: TestDb) {
    let net = Network::new(db).await;
    let report = net.pass().await;
    assert_eq!(report.failed(), 0, "{report:?}");
    let site = net.serve().await;

    let url = story_url(&site, "kenya-star", "Port Louis hosts regional trade talks").await;
    let doc = Html::parse_document(&page(&url).await);
    assert_eq!(select(&doc, ".source-line"), ["Coastline Wire"]);
    // 08:12 at +04:00 is 04:12 UTC, 14:12 in Brisbane.
    assert_eq!(
        select(&doc, ".dateline-time time"),
        ["12 Mar 2025, 14:12 GMT+10"]
    );
    assert_eq!(
        select(&doc, "h1.headline"),
        ["Port Louis hosts regional trade talks"]
    );
    assert!(
        select(&doc, ".standfirst")[0]
            .starts_with("Port Louis [Mauritius], March 12 (IOPA): Trade ministers")
    );
    let body = select(&doc, ".body p");
    assert_eq!(body.len(), 4, "the article page's paragraphs: {body:?}");
    assert!(
        !page(&url).await.contains("injected"),
        "feed scripts never reach the page"
    );

    let more = select(&doc, ".more-information li a");
    let more_links = hrefs(&doc, ".more-information li a");
    // Never the story itself.
    assert!(
        more.iter().all(|t| !t.contains("Trade ministers")),
        "{more:?}"
    );
    assert!(more_links.iter().all(|h| !url.ends_with(h.as_str())));
    // Never twice: the tea story came from two sources under one link, the
    // night trains under one headline in two spellings.
    assert_eq!(
        more.iter()
            .filter(|t| t.contains("first flush") || t.contains("same tea story"))
            .count(),
        1,
        "{more:?}"
    );
    assert_eq!(
        more.iter().filter(|t| t.contains("late services")).count(),
        1,
        "{more:?}"
    );
    // Only this masthead's stories: the bulletin goes to the other one.
    assert!(more.iter().all(|t| !t.contains("VICTORIA")), "{more:?}");
    assert_eq!(more.len(), 3, "{more:?}");
    let mut unique = more_links.clone();
    unique.dedup();
    assert_eq!(unique.len(), more_links.len());

    // From another story, the long trade-talks lead is cut at a word.
    let marathon = story_url(&site, "kenya-star", "Marathon field announced for Kigali").await;
    let doc = Html::parse_document(&page(&marathon).await);
    let teasers = select(&doc, ".more-information li a");
    let trade = teasers
        .iter()
        .find(|t| t.starts_with("Port Louis [Mauritius]"))
        .expect("the trade story is listed");
    let standfirst = "Port Louis [Mauritius], March 12 (IOPA): Trade ministers from eleven island and coastal states opened two days of talks on Wednesday on cutting duties on fish, sugar and textiles.";
    let kept = trade
        .strip_suffix("...")
        .expect("a long lead is cut with ...");
    assert!(kept.chars().count() <= TEASER_CHARS);
    assert!(standfirst.starts_with(kept));
    assert_eq!(
        &standfirst[kept.len()..kept.len() + 1],
        " ",
        "cut at a word boundary"
    );
    // A short lead is whole, with no "...".
    let short = teasers
        .iter()
        .find(|t| t.contains("late services"))
        .unwrap();
    assert!(!short.ends_with("..."), "{short}");
}

async fn front_page_groups_latest_by_section(db: TestDb) {
    let net = Network::new(db).await;
    net.pass().await;
    let site = net.serve().await;
    let doc = Html::parse_document(&page(&format!("{site}/m/kenya-star/")).await);
    // The lead: the newest story (none of them has a picture).
    assert_eq!(
        select(&doc, ".lead-story a.headline"),
        ["Port Louis hosts regional trade talks"]
    );
    let meta = select(&doc, ".lead-story .meta");
    assert!(
        meta[0].starts_with("Coastline Wire · 12 Mar 2025, 14:12 GMT+10"),
        "{meta:?}"
    );
    // "Local" (stories filed in Kenya) first, then the masthead's
    // sections in its own order, empty ones left out. The tea story is
    // local when the copy stored first (of two sources' at once) was the
    // one datelined KERICHO, Kenya; else it is business news. Once either
    // way.
    let tea = "Rains lift hopes for highland tea crop".to_owned();
    let local = select(&doc, "#local-news a.headline");
    let business = select(&doc, "#business a.headline");
    let (blocks, tea_in) = if local.is_empty() {
        (vec!["World", "Business", "Sports"], business)
    } else {
        assert!(business.is_empty(), "{business:?}");
        (vec!["Local", "World", "Sports"], local)
    };
    assert_eq!(select(&doc, ".front-section h2"), blocks);
    // The lead is not repeated in its section.
    assert_eq!(tea_in, [tea]);
    let world = select(&doc, "#world a.headline");
    // Newest first; the night trains once, though two sources carry them.
    assert_eq!(world, ["NAIROBI COMMUTER RAIL ADDS NIGHT TRAINS!"]);

    let herald = Html::parse_document(&page(&format!("{site}/m/ocean-herald/")).await);
    let times = select(&herald, "#world time");
    // 02:00 at +04:00 in Port Louis's zone.
    assert!(
        times.contains(&"12 Mar 2025, 02:00 GMT+4".to_owned()),
        "{times:?}"
    );
    assert!(
        select(&herald, "a.headline")
            .iter()
            .all(|h| h != "Marathon field announced for Kigali")
    );
}

async fn two_passes_store_the_same_stories(db: TestDb) {
    let net = Network::new(db).await;
    let first = net.pass().await;
    let stored = net.store().count_stories().await.unwrap();
    // 3 of 4 wire items (one has no link), 2 new dispatch items, 2 bulletin items.
    assert_eq!(stored, 7);
    assert_eq!(first.new_stories(), 7);
    let second = net.pass().await;
    assert_eq!(second.new_stories(), 0);
    assert_eq!(net.store().count_stories().await.unwrap(), stored);
    // The feed with an ETag answered 304 the second time.
    assert!(second.sources.iter().any(|s| s.name == "Coastline Wire"
        && matches!(s.outcome, newsdesk_ingest::SourceOutcome::NotModified)));
    let wire = net.source_named("Coastline Wire").await;
    assert_eq!(wire.state.etag.as_deref(), Some("\"wire-1\""));
}

async fn mastheads_are_picked_by_host_or_path(db: TestDb) {
    let net = Network::new(db).await;
    net.pass().await;
    let site = net.serve().await;
    let client = common::client();
    let by_host = client
        .get(format!("{site}/"))
        .header("Host", "KenyaStar.localhost:8080")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(by_host.contains("<title>Kenya Star: latest news</title>"));
    let index = page(&format!("{site}/")).await;
    assert!(
        index.contains("href=\"/m/kenya-star/\"") && index.contains("href=\"/m/ocean-herald/\"")
    );
    let missing = client
        .get(format!("{site}/m/nowhere/"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    // A story of a source the masthead does not take is not there.
    let marathon = story_url(&site, "kenya-star", "Marathon field announced for Kigali").await;
    let elsewhere = marathon.replace("/m/kenya-star/", "/m/ocean-herald/");
    assert_eq!(client.get(&elsewhere).send().await.unwrap().status(), 404);
    // A story address without its slug redirects to the full one.
    let (short, _) = marathon.rsplit_once('/').unwrap();
    let redirect = client.get(short).send().await.unwrap();
    assert_eq!(redirect.status(), 308);
    assert!(marathon.ends_with(redirect.headers()["location"].to_str().unwrap()));
    // Every page carries a strict CSP.
    let response = client.get(&marathon).send().await.unwrap();
    assert!(
        response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
}

async fn article_pages_give_the_stored_text(db: TestDb) {
    use newsdesk_domain::BodySource;
    let net = Network::new(db).await;
    let report = net.pass().await;
    let articles: usize = report
        .sources
        .iter()
        .map(|s| match s.outcome {
            newsdesk_ingest::SourceOutcome::Fetched { articles, .. } => articles,
            _ => 0,
        })
        .sum();
    let stories = net
        .store()
        .latest_stories(&Default::default())
        .await
        .unwrap();
    let trade = stories
        .iter()
        .find(|s| s.title == "Port Louis hosts regional trade talks")
        .unwrap();
    assert_eq!(
        trade.body_source,
        BodySource::Page,
        "{:?}",
        trade.extraction_note
    );
    assert_eq!(articles, 1, "one page was served");
    let paragraphs: Vec<&str> = trade.paragraphs().collect();
    assert_eq!(paragraphs.len(), 4, "{paragraphs:?}");
    assert!(
        paragraphs[0]
            .starts_with("Port Louis [Mauritius], March 12 (IOPA): Trade ministers from eleven")
    );
    assert!(paragraphs[3].starts_with("The talks close on Thursday"));
    assert!(!trade.body.contains("Advertisement") && !trade.body.contains("Sign up"));
    assert_eq!(
        trade.lead_image.as_deref(),
        Some(&*net.feeds.url("/media/trade-talks-hall.jpg"))
    );
    let dateline: serde_json::Value =
        serde_json::from_str(trade.dateline.as_deref().unwrap()).unwrap();
    assert_eq!(dateline["place"], "Port Louis");
    assert_eq!(dateline["country_code"], "MU");
    assert_eq!(dateline["agency"], "IOPA");
    // A page that cannot be fetched leaves the feed's body, and says why.
    let trains = stories
        .iter()
        .find(|s| s.title == "Nairobi commuter rail adds night trains")
        .unwrap();
    assert_eq!(trains.body_source, BodySource::Feed);
    assert_eq!(
        trains.extraction_note.as_deref(),
        Some("page not fetched: HTTP 404 from the server")
    );
    // The story page shows the article's text.
    let site = net.serve().await;
    let url = story_url(&site, "kenya-star", "Port Louis hosts regional trade talks").await;
    let doc = Html::parse_document(&page(&url).await);
    assert_eq!(select(&doc, ".body p").len(), 4);
}
