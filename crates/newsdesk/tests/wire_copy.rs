//! Wire copy, end to end on SQLite and on PostgreSQL: an agency's story
//! and its update, republished by three outlets under their own links
//! and headlines (one cut short, one with a byline and a sign-off added),
//! read from four feeds of four formats over real HTTP, their pages
//! fetched, one ingestion pass; then the site as readers get it.
//!
//! The front page lists the story once, as its update, at the address of
//! the first version; the story page says it was updated and names the
//! three other outlets under "Also reported by" with their own links; a
//! version's own address sends readers to the cluster's; the feeds,
//! search, sitemap and "More Information" list it once; another agency's
//! report of the same strike stays a story of its own.

mod common;

use common::{client, local_fetching};
use newsdesk::web_server::WebServer;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{FeedUrl, Masthead, MastheadSettings};
use newsdesk_ingest::run_pass;
use newsdesk_testkit::wire_copy::{CYCLONE, PORT_STRIKE, PORT_STRIKE_OTHER_AGENCY, WireStory};
use newsdesk_testkit::{Fixture, FixtureServer, TestDb};
use scraper::{Html, Selector};

newsdesk_testkit::on_both_databases!(one_wire_story_from_four_feeds_is_one_entry_with_its_coverage);

const UPDATE_NEWS: &str = "The union called off the strike late on Wednesday after the \
    authority agreed to pay half of the arrears by Friday and the rest within a month, union \
    secretary Simon Sang said.";

/// An article page of an outlet: its headline and paragraphs.
fn page(outlet: &str, headline: &str, text: &str) -> Fixture {
    let paragraphs: String = text
        .split("\n\n")
        .map(|p| format!("<p>{p}</p>\n"))
        .collect();
    Fixture::ok(
        "text/html; charset=utf-8",
        format!(
            "<!doctype html><html lang=\"en\"><head><title>{headline} | {outlet}</title></head>\
             <body><header><nav><a href=\"/\">{outlet}</a> <a href=\"/news\">News</a></nav></header>\
             <main><article><h1>{headline}</h1>\n{paragraphs}</article></main>\
             <footer><p>Copyright {outlet}. All rights reserved.</p></footer></body></html>"
        ),
    )
}

fn rss(title: &str, items: &[(&str, &str, &str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(headline, link, date, summary)| {
            format!(
                "<item><title>{headline}</title><link>{link}</link><guid>{link}</guid>\
                 <pubDate>{date}</pubDate><description>{summary}</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>\
         <link>http://example.invalid/</link><description>{title}</description>{items}</channel></rss>"
    )
}

fn first_sentence(story: &WireStory) -> String {
    let lead = story.paragraphs[0];
    lead.split(" - ").nth(1).unwrap_or(lead).to_owned()
}

fn texts(html: &str, css: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

async fn get(url: &str) -> (u16, String, Option<String>) {
    let response = client().get(url).send().await.unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    (status, response.text().await.unwrap_or_default(), location)
}

async fn one_wire_story_from_four_feeds_is_one_entry_with_its_coverage(db: TestDb) {
    let feeds = FixtureServer::start().await;
    let base = feeds.url("");
    let (update_headline, update_text) = PORT_STRIKE.update(UPDATE_NEWS);
    let (coast_headline, coast_text) = PORT_STRIKE.republished(
        "Ships queue off Mombasa as dockers strike",
        "Coast Daily",
        2,
    );
    let (lakes_headline, _) = PORT_STRIKE.republished("Kenya port strike", "Lakes Post", 0);
    let (bulletin_headline, bulletin_text) =
        PORT_STRIKE.republished("Mombasa port at a standstill", "Island Bulletin", 0);

    // The agency: the story at 09:00, the cyclone at 09:30, the update at 15:00.
    feeds.set(
        "/harbour.rss",
        Fixture::ok(
            "application/rss+xml",
            rss(
                "Harbour Wire",
                &[
                    (
                        &update_headline,
                        &format!("{base}/harbour/strike-update.html"),
                        "Wed, 12 Mar 2025 15:00:00 GMT",
                        "The union called off the strike.",
                    ),
                    (
                        CYCLONE.headline,
                        &format!("{base}/harbour/cyclone.html"),
                        "Wed, 12 Mar 2025 09:30:00 GMT",
                        &first_sentence(&CYCLONE),
                    ),
                    (
                        PORT_STRIKE.headline,
                        &format!("{base}/harbour/strike.html"),
                        "Wed, 12 Mar 2025 09:00:00 GMT",
                        &first_sentence(&PORT_STRIKE),
                    ),
                ],
            ),
        ),
    );
    feeds.set(
        "/harbour/strike.html",
        page("Harbour Wire", PORT_STRIKE.headline, &PORT_STRIKE.text()),
    );
    feeds.set(
        "/harbour/cyclone.html",
        page("Harbour Wire", CYCLONE.headline, &CYCLONE.text()),
    );
    feeds.set(
        "/harbour/strike-update.html",
        page("Harbour Wire", &update_headline, &update_text),
    );
    // Coast Daily, Atom: its copy cut to three paragraphs.
    feeds.set(
        "/coast.atom",
        Fixture::ok(
            "application/atom+xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">\
                 <title>Coast Daily</title><id>urn:coast</id><updated>2025-03-12T10:00:00Z</updated>\
                 <entry><title>{coast_headline}</title><id>urn:coast:1</id>\
                 <link rel=\"alternate\" href=\"{base}/coast/dockers.html\"/>\
                 <published>2025-03-12T10:00:00Z</published><updated>2025-03-12T10:00:00Z</updated>\
                 <summary>Dockers stopped work over unpaid overtime.</summary></entry></feed>"
            ),
        ),
    );
    feeds.set(
        "/coast/dockers.html",
        page("Coast Daily", &coast_headline, &coast_text),
    );
    // Lakes Post, JSON Feed: the whole copy in the feed; its page is gone.
    feeds.set(
        "/lakes.json",
        Fixture::ok(
            "application/feed+json",
            serde_json::json!({
                "version": "https://jsonfeed.org/version/1.1",
                "title": "Lakes Post",
                "items": [{
                    "id": "lakes-1",
                    "url": format!("{base}/lakes/port-strike.html"),
                    "title": lakes_headline,
                    "content_text": PORT_STRIKE.text(),
                    "date_published": "2025-03-12T11:00:00Z"
                }]
            })
            .to_string(),
        ),
    );
    // Island Bulletin, RSS: a byline and a sign-off around the copy; and
    // Coast Press's own report of the strike, which is another story.
    feeds.set(
        "/bulletin.rss",
        Fixture::ok(
            "application/rss+xml",
            rss(
                "Island Bulletin",
                &[
                    (
                        &bulletin_headline,
                        &format!("{base}/bulletin/port.html"),
                        "Wed, 12 Mar 2025 12:00:00 GMT",
                        "Dockers walked out in Mombasa.",
                    ),
                    (
                        PORT_STRIKE_OTHER_AGENCY.headline,
                        &format!("{base}/bulletin/coast-press-strike.html"),
                        "Wed, 12 Mar 2025 12:30:00 GMT",
                        "Cargo handling stopped.",
                    ),
                ],
            ),
        ),
    );
    feeds.set(
        "/bulletin/port.html",
        page("Island Bulletin", &bulletin_headline, &bulletin_text),
    );
    feeds.set(
        "/bulletin/coast-press-strike.html",
        page(
            "Island Bulletin",
            PORT_STRIKE_OTHER_AGENCY.headline,
            &PORT_STRIKE_OTHER_AGENCY.text(),
        ),
    );

    let store = db.store.clone();
    for (path, name) in [
        ("/harbour.rss", "Harbour Wire"),
        ("/coast.atom", "Coast Daily"),
        ("/lakes.json", "Lakes Post"),
        ("/bulletin.rss", "Island Bulletin"),
    ] {
        store
            .add_source(&NewSource {
                url: FeedUrl::parse(&feeds.url(path)).unwrap(),
                name: name.into(),
                section: None,
                mastheads: vec![],
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
    assert_eq!(report.new_stories(), 7);
    assert_eq!(report.clustered.stories, 7, "{report:?}");
    assert_eq!(store.clusters_due().await.unwrap(), 0);

    let star = Masthead::new(MastheadSettings {
        id: "kenya-star".into(),
        name: "Kenya Star".into(),
        host: "kenya-star.localhost".into(),
        timezone: "Africa/Nairobi".into(),
        sections: vec!["world".into()],
        ..MastheadSettings::default()
    })
    .unwrap();
    let server = WebServer::bind(
        "127.0.0.1:0".parse().unwrap(),
        store.clone(),
        vec![star],
        newsdesk_web::WebSettings::default(),
    )
    .await
    .unwrap();
    let site = format!("http://{}/m/kenya-star", server.spawn());

    // The front page: the strike once, as its update; the other agency's
    // report and the cyclone on their own.
    let (status, front, _) = get(&format!("{site}/")).await;
    assert_eq!(status, 200);
    let mut headlines = texts(&front, "a.headline");
    headlines.sort();
    headlines.dedup();
    let mut want = vec![
        update_headline.clone(),
        PORT_STRIKE_OTHER_AGENCY.headline.to_owned(),
        CYCLONE.headline.to_owned(),
    ];
    want.sort();
    assert_eq!(headlines, want, "one entry per cluster");
    let all_headlines = texts(&front, "a.headline");
    for headline in [
        PORT_STRIKE.headline,
        coast_headline.as_str(),
        lakes_headline.as_str(),
        bulletin_headline.as_str(),
    ] {
        assert!(
            !all_headlines.iter().any(|h| h == headline),
            "{headline} is another version"
        );
    }

    // The story page, at the cluster's address: the id of the version
    // stored (and so clustered) first, which every version shares.
    let stored = store
        .list_stories(
            &newsdesk_store::StoryFilter {
                with_unpublished: true,
                ..Default::default()
            },
            None,
            20,
        )
        .await
        .unwrap()
        .stories;
    let versions: Vec<&newsdesk_domain::Story> = stored
        .iter()
        .filter(|s| {
            s.title.contains("Mombasa") || s.title.contains("port") || s.title.contains("dockers")
        })
        .filter(|s| s.title != PORT_STRIKE_OTHER_AGENCY.headline)
        .collect();
    assert_eq!(versions.len(), 5, "{stored:?}");
    let name = versions.iter().map(|s| s.id).min().unwrap();
    for version in &versions {
        assert_eq!(version.cluster, Some(name), "{}", version.title);
    }
    let first = versions.iter().find(|s| s.id == name).unwrap();
    let href = Html::parse_document(&front)
        .select(&Selector::parse("a.headline").unwrap())
        .find(|a| a.text().collect::<String>() == update_headline)
        .and_then(|a| a.value().attr("href").map(str::to_owned))
        .unwrap();
    assert!(href.contains(&format!("/story/{}/", first.id)), "{href}");
    let (status, story, _) =
        get(&format!("http://{}{href}", site.split('/').nth(2).unwrap())).await;
    assert_eq!(status, 200);
    assert_eq!(texts(&story, "h1.headline"), [update_headline.as_str()]);
    assert_eq!(
        texts(&story, ".updated-note").len(),
        1,
        "says it was updated"
    );
    let also = texts(&story, ".also-reported li a");
    assert_eq!(
        also,
        ["Coast Daily", "Lakes Post", "Island Bulletin"],
        "three outlets"
    );
    for link in [
        "/coast/dockers.html",
        "/lakes/port-strike.html",
        "/bulletin/port.html",
    ] {
        assert!(story.contains(&format!("{base}{link}")), "{link}");
    }

    // A version's own address sends readers to the cluster's.
    let other = versions.iter().find(|s| s.id != name).unwrap();
    let (status, _, location) = get(&format!("{site}/story/{}", other.id)).await;
    assert_eq!(status, 307);
    assert!(location.unwrap().contains(&format!("/story/{}/", first.id)));

    // Feeds, search, the sitemap and "More Information": once.
    for path in ["/feed.xml", "/atom.xml", "/feed.json"] {
        let (status, feed, _) = get(&format!("{site}{path}")).await;
        assert_eq!(status, 200, "{path}");
        assert!(
            !feed.contains(&coast_headline) && !feed.contains(&bulletin_headline),
            "{path}"
        );
        assert_eq!(feed.matches(&update_headline).count(), 1, "{path}");
    }
    let (_, found, _) = get(&format!("{site}/search?q=overtime+Mombasa")).await;
    let results = texts(&found, "a.headline");
    assert_eq!(
        results
            .iter()
            .filter(|h| h.as_str() != PORT_STRIKE_OTHER_AGENCY.headline)
            .count(),
        1,
        "{results:?}"
    );
    let (_, sitemap, _) = get(&format!("{site}/sitemaps/stories-1.xml")).await;
    assert_eq!(sitemap.matches("<url>").count(), 3, "{sitemap}");
    let cyclone_href = Html::parse_document(&front)
        .select(&Selector::parse("a.headline").unwrap())
        .find(|a| a.text().collect::<String>() == CYCLONE.headline)
        .and_then(|a| a.value().attr("href").map(str::to_owned))
        .unwrap();
    let (_, cyclone, _) = get(&format!(
        "http://{}{cyclone_href}",
        site.split('/').nth(2).unwrap()
    ))
    .await;
    let more: Vec<String> = Html::parse_document(&cyclone)
        .select(&Selector::parse(".more-information a").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert_eq!(
        more.len(),
        2,
        "the strike once and the other agency's report: {more:?}"
    );
    assert_eq!(
        more.iter()
            .filter(|h| h.contains(&format!("/story/{}/", first.id)))
            .count(),
        1,
        "{more:?}"
    );
}
