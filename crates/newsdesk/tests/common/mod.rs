//! A whole network for end-to-end tests: fixture feeds on a real HTTP
//! server, a fresh database, two mastheads, and the site on port 0.

#![allow(dead_code)]

use newsdesk::web_server::WebServer;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{FeedUrl, Masthead, MastheadId, MastheadSettings, Source};
use newsdesk_ingest::{
    FetchSettings, Fetcher, PassReport, Politeness, PolitenessSettings, run_pass,
};
use newsdesk_store::Store;
use newsdesk_testkit::{Fixture, FixtureServer, TestDb};
use std::time::Duration;

pub const WIRE_RSS: &str = include_str!("../fixtures/coastline-wire.rss");
pub const DISPATCH_ATOM: &str = include_str!("../fixtures/savanna-dispatch.atom");
pub const BULLETIN_JSON: &str = include_str!("../fixtures/islands-bulletin.json");
pub const TRADE_TALKS_PAGE: &str = include_str!("../fixtures/pages/trade-talks.html");

/// The test network.
pub struct Network {
    pub db: TestDb,
    pub feeds: FixtureServer,
    pub fetcher: Fetcher,
    /// Per-site limits with no pause between requests (all on 127.0.0.1).
    pub politeness: Politeness,
    pub sources: Vec<Source>,
    pub mastheads: Vec<Masthead>,
}

pub fn mastheads() -> Vec<Masthead> {
    let masthead =
        |id: &str, name: &str, host: &str, zone: &str, region: &str, sections: &[&str]| {
            Masthead::new(MastheadSettings {
                id: id.into(),
                name: name.into(),
                host: host.into(),
                timezone: zone.into(),
                regions: vec![region.into()],
                sections: sections.iter().map(|s| (*s).to_owned()).collect(),
                ..MastheadSettings::default()
            })
            .unwrap()
        };
    vec![
        masthead(
            "kenya-star",
            "Kenya Star",
            "kenyastar.localhost",
            "Australia/Brisbane",
            "KE",
            &["world", "business", "sports"],
        ),
        masthead(
            "ocean-herald",
            "Indian Ocean Herald",
            "oceanherald.localhost",
            "Indian/Mauritius",
            "MU",
            &["world", "business"],
        ),
    ]
}

/// A fetcher for fixture servers on 127.0.0.1, and per-site limits with
/// no pause between requests.
pub fn local_fetching() -> (Fetcher, Politeness) {
    let fetcher = Fetcher::new(FetchSettings {
        allow_private_addresses: true,
        timeout: Duration::from_secs(2),
        ..FetchSettings::default()
    })
    .unwrap();
    let politeness = Politeness::new(PolitenessSettings {
        host_interval: Duration::ZERO,
        ..PolitenessSettings::default()
    });
    (fetcher, politeness)
}

/// Serves `text` with `{{base}}` replaced by the fixture server's address.
pub fn feed_fixture(feeds: &FixtureServer, content_type: &str, text: &str) -> Fixture {
    Fixture::ok(content_type, text.replace("{{base}}", &feeds.url("")))
}

impl Network {
    /// Fixture feeds served and their sources added; nothing fetched yet.
    pub async fn new(db: TestDb) -> Self {
        let feeds = FixtureServer::start().await;
        feeds.set(
            "/wire.rss",
            feed_fixture(&feeds, "application/rss+xml", WIRE_RSS).with_etag("\"wire-1\""),
        );
        feeds.set(
            "/savanna.atom",
            feed_fixture(&feeds, "application/atom+xml", DISPATCH_ATOM),
        );
        feeds.set(
            "/bulletin.json",
            feed_fixture(&feeds, "application/feed+json", BULLETIN_JSON),
        );
        // One article page is served; the others answer 404.
        feeds.set(
            "/2025/03/trade-talks.html",
            Fixture::ok("text/html; charset=utf-8", TRADE_TALKS_PAGE),
        );
        let mut sources = Vec::new();
        for (path, name, mastheads) in [
            ("/wire.rss", "Coastline Wire", vec![]),
            ("/savanna.atom", "Savanna Dispatch", vec!["kenya-star"]),
            ("/bulletin.json", "Islands Bulletin", vec!["ocean-herald"]),
        ] {
            sources.push(
                db.store
                    .add_source(&NewSource {
                        url: FeedUrl::parse(&feeds.url(path)).unwrap(),
                        name: name.into(),
                        section: None,
                        mastheads: mastheads
                            .into_iter()
                            .map(|m| MastheadId::parse(m).unwrap())
                            .collect(),
                    })
                    .await
                    .unwrap(),
            );
        }
        let (fetcher, politeness) = local_fetching();
        Self {
            db,
            feeds,
            fetcher,
            politeness,
            sources,
            mastheads: mastheads(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.db.store
    }

    /// One pass over every source, as stored now.
    pub async fn pass(&self) -> PassReport {
        let sources = self.store().sources().await.unwrap();
        run_pass(
            self.store(),
            &self.fetcher,
            &self.politeness,
            sources,
            |_| {},
        )
        .await
    }

    /// The site on port 0; returns `http://127.0.0.1:PORT`.
    pub async fn serve(&self) -> String {
        let server = WebServer::bind(
            "127.0.0.1:0".parse().unwrap(),
            self.store().clone(),
            self.mastheads.clone(),
            newsdesk_web::WebSettings::default(),
        )
        .await
        .unwrap();
        format!("http://{}", server.spawn())
    }

    pub async fn source_named(&self, name: &str) -> Source {
        self.store()
            .sources()
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.name == name)
            .unwrap()
    }
}

/// An HTTP client for reading pages.
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// GETs a page, asserting 200, returning its HTML.
pub async fn page(url: &str) -> String {
    let response = client().get(url).send().await.unwrap();
    assert_eq!(response.status(), 200, "GET {url}");
    response.text().await.unwrap()
}

/// Runs the real `newsdesk` binary with `--data DATA` and `args`, with no
/// database URL from the environment.
pub async fn newsdesk(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("NEWSDESK_DATABASE__URL")
        .output()
        .await
        .expect("run newsdesk")
}

/// The desk that sends one-off emails (confirmations, a news release's
/// emails) for every test masthead, through the SMTP server on
/// `smtp_port`.
pub fn confirmations(
    store: &Store,
    smtp_port: u16,
    signer: newsdesk_mail::Signer,
    valid_for: jiff::SignedDuration,
) -> newsdesk_mail::Confirmations {
    use newsdesk_mail::{DEFAULT_DIGEST_AT, Desk, MailSettings, site_address};
    let desks = mastheads()
        .into_iter()
        .map(|masthead| {
            let site = site_address(&masthead, None);
            Desk {
                settings: MailSettings::new(
                    MailSettings::parse_from(&format!("{} <news@example.test>", masthead.name))
                        .unwrap(),
                ),
                at: DEFAULT_DIGEST_AT,
                masthead,
                site,
            }
        })
        .collect();
    newsdesk_mail::Confirmations {
        store: store.clone(),
        transport: newsdesk_mail::Transport::from_url(&format!("smtp://127.0.0.1:{smtp_port}"))
            .unwrap(),
        templates: newsdesk_mail::EmailTemplates::embedded(),
        signer,
        desks,
        valid_for,
    }
}
