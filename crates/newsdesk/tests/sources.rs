//! Managing sources from the command line: OPML import and export on both
//! databases, and `source add` finding the feed a web page announces.

mod common;

use common::feed_fixture;
use newsdesk_testkit::{Fixture, FixtureServer, TestDb};
use std::process::Output;
use tokio::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_newsdesk");

const SUBSCRIPTIONS: &str = include_str!("fixtures/sources/desk-subscriptions.opml");
const HARBOUR_FRONT: &str = include_str!("fixtures/pages/harbour-front.html");

const CONFIG: &str = r#"
[fetch]
allow_private_addresses = true
timeout_secs = 5

[[masthead]]
id = "kenya-star"
name = "Kenya Star"
host = "kenyastar.localhost"
timezone = "Australia/Brisbane"
sections = ["world", "business", "sports"]

[[masthead]]
id = "ocean-herald"
name = "Indian Ocean Herald"
host = "oceanherald.localhost"
timezone = "Indian/Mauritius"
sections = ["world", "business"]
"#;

/// A data folder with the config, and the database the commands use.
struct Desk {
    data: tempfile::TempDir,
    database_url: Option<String>,
}

impl Desk {
    fn new(database_url: Option<&str>) -> Self {
        let data = tempfile::tempdir().unwrap();
        std::fs::write(data.path().join("newsdesk.toml"), CONFIG).unwrap();
        Self {
            data,
            database_url: database_url.map(str::to_owned),
        }
    }

    async fn run(&self, args: &[&str]) -> Output {
        let mut command = Command::new(BIN);
        command.arg("--data").arg(self.data.path());
        if let Some(url) = &self.database_url {
            command.arg("--database-url").arg(url);
        }
        command
            .args(args)
            .env_remove("NEWSDESK_DATABASE__URL")
            .output()
            .await
            .expect("run newsdesk")
    }

    async fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args).await;
        assert!(
            output.status.success(),
            "{args:?}: exit {:?}\nstdout: {}\nstderr: {}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.data.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    /// What a source is, leaving out ids and health.
    async fn sources(&self) -> Vec<serde_json::Value> {
        let listed: serde_json::Value =
            serde_json::from_str(&self.ok(&["source", "list", "--json"]).await).unwrap();
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                serde_json::json!({
                    "url": s["url"], "name": s["name"],
                    "section": s["section"], "mastheads": s["mastheads"],
                })
            })
            .collect()
    }
}

/// A second, empty database of the same kind as `db`.
async fn another_like(db: &TestDb) -> TestDb {
    if db.url.starts_with("postgres") {
        TestDb::postgres().await
    } else {
        TestDb::sqlite().await
    }
}

async fn import_then_export_round_trips(db: TestDb) {
    db.store.close().await;
    let desk = Desk::new(Some(&db.url));
    let file = desk.write("desk.opml", SUBSCRIPTIONS);
    let imported = desk.ok(&["source", "import", &file]).await;
    for line in [
        "added     Harbour Wire <https://harbour-wire.example/rss.xml> (source 1)",
        "added     Rift Valley Courier <https://rift-courier.example/feed.atom> (source 2)",
        "added     Lagoon & Reef Notes <http://lagoon-notes.example/feed.json> (source 3)",
        "refused   outline 6 \"A note to self: ask about the ferry feed\": has no xmlUrl",
        "refused   outline 7 \"Old gopher hole\": its xmlUrl \"gopher://old.example/1/news\" is not an absolute http:// or https:// address",
        "refused   outline 8 \"Mars Daily\": no masthead mars-daily in the config (known: kenya-star, ocean-herald)",
        ": 3 added, 0 already there, 3 refused",
    ] {
        assert!(imported.contains(line), "lacks {line:?}:\n{imported}");
    }
    let first = desk.sources().await;
    assert_eq!(first.len(), 3);
    assert_eq!(first[0]["section"], "business");
    assert_eq!(first[0]["mastheads"], serde_json::json!(["kenya-star"]));
    assert_eq!(
        first[1]["mastheads"],
        serde_json::json!(["kenya-star", "ocean-herald"])
    );
    assert_eq!(first[1]["section"], serde_json::Value::Null);

    let exported = desk.ok(&["source", "export"]).await;
    assert!(
        exported.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\"")
    );
    assert!(
        exported.contains("text=\"Lagoon &amp; Reef Notes\""),
        "{exported}"
    );

    let fresh = another_like(&db).await;
    fresh.store.close().await;
    let elsewhere = Desk::new(Some(&fresh.url));
    let file = elsewhere.write("exported.opml", &exported);
    let again = elsewhere.ok(&["source", "import", &file]).await;
    assert!(
        again.contains(": 3 added, 0 already there, 0 refused"),
        "{again}"
    );
    let mut second = elsewhere.sources().await;
    let mut first = first;
    let by_url =
        |a: &serde_json::Value, b: &serde_json::Value| a["url"].as_str().cmp(&b["url"].as_str());
    first.sort_by(by_url);
    second.sort_by(by_url);
    assert_eq!(first, second);
    assert_eq!(elsewhere.ok(&["source", "export"]).await, exported);
}

async fn importing_twice_adds_nothing_the_second_time(db: TestDb) {
    db.store.close().await;
    let desk = Desk::new(Some(&db.url));
    let file = desk.write("desk.opml", SUBSCRIPTIONS);
    desk.ok(&["source", "import", &file]).await;
    let again = desk.ok(&["source", "import", &file]).await;
    assert!(
        again.contains("already   Harbour Wire <https://harbour-wire.example/rss.xml>"),
        "{again}"
    );
    assert!(
        again.contains(": 0 added, 3 already there, 3 refused"),
        "{again}"
    );
    assert_eq!(desk.sources().await.len(), 3);
}

newsdesk_testkit::on_both_databases!(
    import_then_export_round_trips,
    importing_twice_adds_nothing_the_second_time
);

#[tokio::test]
async fn a_file_that_is_not_opml_is_refused_whole() {
    let desk = Desk::new(None);
    let rss = desk.write("wire.rss", common::WIRE_RSS);
    let out = desk.run(&["source", "import", &rss]).await;
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not an OPML file"), "{err}");

    let laughs = desk.write(
        "laughs.opml",
        r#"<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
        <opml version="2.0"><body><outline text="&b;" xmlUrl="http://x.example/"/></body></opml>"#,
    );
    let out = desk.run(&["source", "import", &laughs]).await;
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("declares a document type with entities"),
        "{err}"
    );
    assert_eq!(desk.sources().await.len(), 0);

    let missing = desk.run(&["source", "import", "no-such-file.opml"]).await;
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read no-such-file.opml"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_on_a_web_page_takes_the_feed_it_announces() {
    let server = FixtureServer::start().await;
    server.set(
        "/",
        feed_fixture(&server, "text/html; charset=utf-8", HARBOUR_FRONT),
    );
    server.set(
        "/feeds/wire.rss",
        feed_fixture(&server, "application/rss+xml", common::WIRE_RSS),
    );
    server.set(
        "/plain.html",
        Fixture::ok(
            "text/html",
            "<!DOCTYPE html><html><head><title>No feeds</title></head><body>Hi</body></html>",
        ),
    );
    let desk = Desk::new(None);
    let added = desk.ok(&["source", "add", &server.url("/")]).await;
    let feed = server.url("/feeds/wire.rss");
    for line in [
        format!(
            "{} is a web page; it announces these feeds:",
            server.url("/")
        ),
        format!(
            "  not a feed:  {} (HTTP 404 from the server)",
            server.url("/retired.atom")
        ),
        format!("  chosen:      {feed} (application/rss+xml, \"Harbour Wire\")"),
        format!(
            "  also there:  {} (application/feed+json)",
            server.url("/feeds/wire.json")
        ),
        format!("added source 1 (127.0.0.1): {feed}"),
    ] {
        assert!(added.contains(&line), "lacks {line:?}:\n{added}");
    }
    assert_eq!(server.hits("/feeds/wire.json"), 0);
    assert_eq!(desk.sources().await[0]["url"], feed.as_str());

    let out = desk
        .run(&["source", "add", &server.url("/plain.html")])
        .await;
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "the page {} announces no feed",
            server.url("/plain.html")
        )),
        "{err}"
    );
    assert_eq!(desk.sources().await.len(), 1);
}
