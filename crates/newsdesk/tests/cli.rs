//! The command line as other tools drive it: the real binary, a real data
//! folder, fixture feeds over HTTP.

mod common;

use common::{feed_fixture, newsdesk};
use newsdesk_testkit::{Fixture, FixtureServer, TestDb};
use std::path::Path;
use std::process::Output;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_newsdesk");

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
id = "island-times"
name = "Island Times"
host = "islandtimes.localhost"
timezone = "Indian/Mauritius"
regions = ["MU"]
sections = ["world", "business"]
"#;

/// A data folder whose configuration lets fetching reach 127.0.0.1 with
/// no pause between requests to the one fixture server.
fn unpaced_data_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("newsdesk.toml"),
        "[fetch]\nallow_private_addresses = true\ntimeout_secs = 5\nhost_interval_ms = 0\n",
    )
    .unwrap();
    dir
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status,
        stdout(&output),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

#[tokio::test]
async fn help_explains_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let top = ok(newsdesk(dir.path(), &["--help"]).await);
    for word in [
        "demo",
        "serve",
        "migrate",
        "source",
        "story",
        "fetch",
        "--data",
        "--config",
        "--database-url",
    ] {
        assert!(top.contains(word), "--help lacks {word}:\n{top}");
    }
    for (command, says) in [
        (vec!["demo", "--help"], "--listen"),
        (vec!["serve", "--help"], "--listen"),
        (vec!["migrate", "--help"], "migrations"),
        (vec!["source", "add", "--help"], "--masthead"),
        (vec!["source", "list", "--help"], "--json"),
        (vec!["story", "list", "--help"], "--limit"),
        (vec!["fetch", "--help"], "--source"),
    ] {
        let text = ok(newsdesk(dir.path(), &command).await);
        assert!(text.contains(says), "{command:?} lacks {says}:\n{text}");
    }
}

async fn source_story_and_fetch_flow(data: &Path, database: &[&str]) {
    std::fs::write(data.join("newsdesk.toml"), CONFIG).unwrap();
    let feeds = FixtureServer::start().await;
    feeds.set(
        "/wire.rss",
        feed_fixture(&feeds, "application/rss+xml", common::WIRE_RSS),
    );
    feeds.set("/down.rss", Fixture::status(503));
    let run = |args: Vec<String>| {
        let mut all: Vec<String> = database.iter().map(|s| s.to_string()).collect();
        all.extend(args);
        async move {
            let refs: Vec<&str> = all.iter().map(String::as_str).collect();
            newsdesk(data, &refs).await
        }
    };
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();

    ok(run(args(&["migrate"])).await);
    let wire = feeds.url("/wire.rss");
    let added = ok(run(args(&[
        "source",
        "add",
        &wire,
        "--masthead",
        "kenya-star",
        "--name",
        "Coastline Wire",
        "--section",
        "world",
    ]))
    .await);
    assert!(added.contains("added source 1 (Coastline Wire)"), "{added}");
    let again = run(args(&["source", "add", &wire])).await;
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let unknown = run(args(&[
        "source",
        "add",
        &feeds.url("/x.rss"),
        "--masthead",
        "mars-daily",
    ]))
    .await;
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no masthead mars-daily"));
    ok(run(args(&[
        "source",
        "add",
        &feeds.url("/down.rss"),
        "--name",
        "Down Wire",
    ]))
    .await);

    let fetched = ok(run(args(&["fetch"])).await);
    assert!(
        fetched.contains("ok      Coastline Wire: 3 new, 0 already stored, 1 skipped"),
        "{fetched}"
    );
    assert!(
        fetched.contains("FAILED  Down Wire: HTTP 503 from the server"),
        "{fetched}"
    );
    assert!(
        fetched.contains("2 sources: 1 ok, 1 failed; 3 new stories"),
        "{fetched}"
    );

    let listed: serde_json::Value =
        serde_json::from_str(&ok(run(args(&["source", "list", "--json"])).await)).unwrap();
    assert_eq!(listed[0]["name"], "Coastline Wire");
    assert_eq!(listed[0]["mastheads"][0], "kenya-star");
    assert_eq!(listed[1]["state"]["last_error"], "HTTP 503 from the server");
    let table = ok(run(args(&["source", "list"])).await);
    assert!(
        table.contains("status: ERROR (1 in a row): HTTP 503 from the server"),
        "{table}"
    );
    assert!(
        table.contains("retry 20"),
        "a back-off, then a retry: {table}"
    );
    assert!(table.contains("3 stories in the last 24 h"), "{table}");
    assert_eq!(listed[0]["items_last_24h"], 3);
    assert_eq!(listed[1]["state"]["failures"], 1);
    // Not a terminal here: plain lines, then the summary table.
    assert!(fetched.contains("sources failed"), "{fetched}");
    assert!(fetched.contains("new stories"), "{fetched}");

    let stories: serde_json::Value =
        serde_json::from_str(&ok(run(args(&["story", "list", "--json"])).await)).unwrap();
    let stories = stories.as_array().unwrap();
    assert_eq!(stories.len(), 3);
    assert_eq!(stories[0]["title"], "Port Louis hosts regional trade talks");
    assert_eq!(stories[0]["published"], "2025-03-12T04:12:00Z");
    assert_eq!(stories[0]["section"], "world");
    assert_eq!(stories[0]["source"], "Coastline Wire");
    // Its source's masthead, and by region (Port Louis) the Island Times.
    assert_eq!(
        stories[0]["mastheads"],
        serde_json::json!(["kenya-star", "island-times"])
    );
    assert_eq!(stories[1]["mastheads"], serde_json::json!(["kenya-star"]));
    let island: serde_json::Value = serde_json::from_str(&ok(run(args(&[
        "story",
        "list",
        "--json",
        "--masthead",
        "island-times",
    ]))
    .await))
    .unwrap();
    assert_eq!(island.as_array().unwrap().len(), 1);
    assert_eq!(island[0]["title"], "Port Louis hosts regional trade talks");
    let nowhere = run(args(&["story", "list", "--masthead", "mars-daily"])).await;
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("no masthead mars-daily"));
    assert!(
        stories[0]["url"]
            .as_str()
            .unwrap()
            .ends_with("/2025/03/trade-talks.html")
    );
    let limited: serde_json::Value = serde_json::from_str(&ok(run(args(&[
        "story", "list", "--json", "--limit", "1", "--source", "1",
    ]))
    .await))
    .unwrap();
    assert_eq!(limited.as_array().unwrap().len(), 1);

    // The same pass again stores nothing new.
    let again = ok(run(args(&["fetch", "--source", "1"])).await);
    assert!(again.contains("0 new, 3 already stored"), "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_work_on_sqlite_in_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    source_story_and_fetch_flow(dir.path(), &[]).await;
    let header = std::fs::read(dir.path().join("newsdesk.sqlite3")).unwrap();
    // Bytes 18 and 19 of a SQLite file are 2 when it is in WAL mode.
    assert_eq!(&header[18..20], &[2, 2], "the database is in WAL mode");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_work_on_postgres_by_database_url() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::postgres().await;
    db.store.close().await;
    source_story_and_fetch_flow(dir.path(), &["--database-url", &db.url]).await;
    assert!(!dir.path().join("newsdesk.sqlite3").exists());
}

#[tokio::test]
async fn a_bad_database_url_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = newsdesk(
        dir.path(),
        &["--database-url", "mysql://x", "source", "list"],
    )
    .await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("use sqlite://PATH or postgres://"));
}

/// Starts the demo and reads its stdout up to the URLs; returns the child,
/// the lines and the Kenya Star URL.
async fn start_demo(data: &Path) -> (tokio::process::Child, Vec<String>, String) {
    let mut child = Command::new(BIN)
        .arg("--data")
        .arg(data)
        .args(["demo", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    let read = async {
        while let Some(line) = lines.next_line().await.unwrap() {
            let done = line.starts_with("Press Ctrl-C");
            seen.push(line);
            if done {
                break;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(60), read)
        .await
        .expect("the demo starts");
    let kenya = seen
        .iter()
        .find_map(|l| l.trim().strip_prefix("Kenya Star"))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the demo prints Kenya Star's URL")
        .to_owned();
    (child, seen, kenya)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_serves_its_network_and_reuses_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, lines, kenya) = start_demo(dir.path()).await;
    let text = lines.join("\n");
    assert!(text.contains("3 sources: 3 ok, 0 failed"), "{text}");
    let stored: usize = lines
        .iter()
        .find_map(|l| l.strip_suffix(&format!(" stories stored in {}", dir.path().display())))
        .and_then(|n| n.parse().ok())
        .expect("the demo says how many stories it stored");
    assert!(stored >= 30, "{stored} stories");
    assert!(text.contains("Indian Ocean Herald"), "{text}");
    let front = common::page(&kenya).await;
    assert!(front.contains("Kenya Star"));
    assert!(front.matches("class=\"story-item\"").count() >= 20);
    // Routing by region: the Ocean Herald's Local section has its
    // islands' news (and Port Blair's, in India, whatever its dateline's
    // bracket says); Kenya Star's has Nairobi's from the Ocean Herald's
    // own wire.
    let herald = kenya.replace("/m/kenya-star/", "/m/ocean-herald/");
    let herald_front = common::page(&herald).await;
    assert!(herald_front.contains("id=\"local-news\""), "{herald_front}");
    let herald_local = common::page(&format!("{herald}local")).await;
    assert!(herald_local.contains("New ferry link to connect Andaman islands"));
    let star_local = common::page(&format!("{kenya}local")).await;
    assert!(star_local.contains("Nairobi launches night bus service"));
    assert!(!star_local.contains("Andaman"));
    assert_the_demos_emails_link_to_it(dir.path(), &kenya).await;
    child.kill().await.unwrap();

    let (mut child, lines, _) = start_demo(dir.path()).await;
    let text = lines.join("\n");
    assert!(
        text.contains("; 0 new stories"),
        "the second start reuses the data: {text}"
    );
    assert!(text.contains(&format!("{stored} stories stored")), "{text}");
    child.kill().await.unwrap();
}

/// A reader subscribes on the demo's Kenya Star (`kenya`, its printed
/// URL): the confirmation email in the outbox links to the address the
/// demo serves on, port included.
async fn assert_the_demos_emails_link_to_it(data: &Path, kenya: &str) {
    let answer = common::client()
        .post(format!("{kenya}email/subscribe"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=reader%40example.org&section=world")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), reqwest::StatusCode::SEE_OTHER);
    let outbox = data.join("outbox");
    let email = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let found = std::fs::read_dir(&outbox)
                .into_iter()
                .flatten()
                .flatten()
                .find(|e| e.file_name().to_string_lossy().contains("confirm"));
            if let Some(found) = found {
                return std::fs::read_to_string(found.path()).unwrap();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await
    .expect("the confirmation email reaches the outbox");
    // Quoted-printable lines are joined again before the links are read.
    let email = email.replace("=\r\n", "").replace("=\n", "");
    let confirm = format!("{kenya}email/confirm/");
    assert!(email.contains(&confirm), "no link to {confirm} in {email}");
    assert!(!email.contains("http://kenyastar.localhost/"), "{email}");
}

newsdesk_testkit::on_both_databases!(
    workers_share_due_sources_report_metrics_and_let_go_on_shutdown
);

/// Sends SIGTERM to `child`, as a process manager stopping it would.
async fn terminate(child: &tokio::process::Child) {
    let pid = child.id().unwrap().to_string();
    let sent = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .unwrap();
    assert!(sent.success());
}

/// Starts `newsdesk worker` on `database` with a metrics listener; returns
/// the child and the metrics URL.
async fn start_worker(data: &Path, database: &str) -> (tokio::process::Child, String) {
    let mut child = Command::new(BIN)
        .arg("--data")
        .arg(data)
        .args(["--database-url", database])
        .args(["worker", "--metrics-listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(url) = line.strip_prefix("metrics on ") {
                return url.to_owned();
            }
        }
        panic!("the worker ended before saying where its metrics are");
    })
    .await
    .expect("the worker starts");
    // Keep reading so the worker never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, url)
}

async fn workers_share_due_sources_report_metrics_and_let_go_on_shutdown(db: TestDb) {
    const FEEDS: usize = 12;
    let dir = unpaced_data_folder();
    let feeds = FixtureServer::start().await;
    for i in 0..FEEDS {
        let rss = format!(
            r#"<rss version="2.0"><channel><title>Feed {i}</title>
            <item><title>Notice {i}</title><link>{{{{base}}}}/notice-{i}.html</link>
            <description>A short notice.</description>
            <pubDate>Wed, 12 Mar 2025 08:12:00 +0400</pubDate></item></channel></rss>"#
        );
        feeds.set(
            &format!("/feed-{i}.rss"),
            feed_fixture(&feeds, "application/rss+xml", &rss).with_delay(Duration::from_millis(50)),
        );
        db.store
            .add_source(&newsdesk_domain::source::NewSource {
                url: newsdesk_domain::FeedUrl::parse(&feeds.url(&format!("/feed-{i}.rss")))
                    .unwrap(),
                name: format!("Feed {i}"),
                section: None,
                mastheads: Vec::new(),
            })
            .await
            .unwrap();
    }
    let (mut first, metrics_url) = start_worker(dir.path(), &db.url).await;
    let (mut second, second_metrics_url) = start_worker(dir.path(), &db.url).await;

    // Both fetch until every source has been checked once.
    tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            let sources = db.store.sources().await.unwrap();
            if sources.iter().all(|s| s.state.last_success_at.is_some()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await
    .expect("the workers fetch every source");
    for i in 0..FEEDS {
        assert_eq!(
            feeds.hits(&format!("/feed-{i}.rss")),
            1,
            "feed {i} fetched once"
        );
    }
    assert_eq!(db.store.count_stories().await.unwrap(), FEEDS as i64);

    let metrics = common::page(&metrics_url).await;
    assert!(metrics.contains("newsdesk_sources_due 0"), "{metrics}");
    assert!(metrics.contains("newsdesk_queue_depth 0"), "{metrics}");
    assert!(
        metrics.contains("newsdesk_sources_in_flight 0"),
        "{metrics}"
    );
    // Which worker fetched what is a race (on a busy machine the second
    // can claim every source before the first): between them, they count
    // their fetches.
    let second_metrics = common::page(&second_metrics_url).await;
    assert!(
        [&metrics, &second_metrics].iter().any(|m| {
            m.contains("newsdesk_fetches_total{outcome=\"fetched\"}")
                && m.contains("newsdesk_fetch_duration_seconds_bucket")
        }),
        "{metrics}\n{second_metrics}"
    );

    // SIGTERM: each worker finishes what it holds, lets go and exits cleanly.
    for child in [&mut first, &mut second] {
        terminate(child).await;
        let status = tokio::time::timeout(Duration::from_secs(30), child.wait())
            .await
            .expect("the worker stops")
            .unwrap();
        assert!(status.success(), "{status:?}");
    }
    let (_, in_flight) = db
        .store
        .schedule_counts(jiff::Timestamp::now())
        .await
        .unwrap();
    assert_eq!(in_flight, 0, "no lease left behind");
}

/// `fetch` stopped by SIGTERM claims nothing more, lets the source in hand
/// finish within `fetch.shutdown_grace_secs`, stops the one that outlasts
/// it, releases every claim and says so in its exit status.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_stopped_by_sigterm_finishes_what_it_can_and_releases_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("newsdesk.toml"),
        "[fetch]\nallow_private_addresses = true\ntimeout_secs = 120\nhost_interval_ms = 0\n\
         shutdown_grace_secs = 3\n",
    )
    .unwrap();
    let feeds = FixtureServer::start().await;
    let rss = |name: &str| {
        format!(
            r#"<rss version="2.0"><channel><title>{name}</title>
            <item><title>{name} notice</title><link>{{{{base}}}}/{name}.html</link>
            <description>A short notice.</description>
            <pubDate>Wed, 12 Mar 2025 08:12:00 +0400</pubDate></item></channel></rss>"#
        )
    };
    // Added while they answer at once (`source add` reads the feed)...
    for name in ["slow", "stuck"] {
        let path = format!("/{name}.rss");
        feeds.set(
            &path,
            feed_fixture(&feeds, "application/rss+xml", &rss(name)),
        );
        ok(newsdesk(dir.path(), &["source", "add", &feeds.url(&path)]).await);
    }
    // ... then one takes a moment and the other never answers in time.
    feeds.set(
        "/slow.rss",
        feed_fixture(&feeds, "application/rss+xml", &rss("slow"))
            .with_delay(Duration::from_millis(1500)),
    );
    feeds.set(
        "/stuck.rss",
        feed_fixture(&feeds, "application/rss+xml", &rss("stuck"))
            .with_delay(Duration::from_secs(100)),
    );
    let child = Command::new(BIN)
        .arg("--data")
        .arg(dir.path())
        .arg("fetch")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    tokio::time::timeout(Duration::from_secs(30), async {
        while feeds.hits("/slow.rss") < 2 || feeds.hits("/stuck.rss") < 2 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("both feeds are asked for");
    terminate(&child).await;
    let output = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .expect("fetch stops within its grace period, not the stuck feed's time")
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "a cut pass is an error");
    assert!(
        err.contains("stopping: finishing"),
        "{:?} {err} {}",
        output.status,
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(err.contains("stopped by a signal"), "{err}");

    let list = ok(newsdesk(dir.path(), &["source", "list", "--json"]).await);
    let sources: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    for source in &sources {
        assert!(source["state"]["held_by"].is_null(), "released: {source}");
    }
    let checked = |url: &str| {
        sources
            .iter()
            .find(|s| s["url"] == url)
            .map(|s| !s["state"]["last_checked_at"].is_null())
            .unwrap()
    };
    assert!(
        checked(&feeds.url("/slow.rss")),
        "the source in hand finished"
    );
    assert!(
        !checked(&feeds.url("/stuck.rss")),
        "the stuck one was stopped"
    );
    // The next pass takes the stuck source at once.
    feeds.set(
        "/stuck.rss",
        feed_fixture(&feeds, "application/rss+xml", &rss("stuck")),
    );
    let next = ok(newsdesk(dir.path(), &["fetch"]).await);
    assert!(
        next.lines()
            .any(|l| l.contains("held by another worker") && l.trim_end().ends_with(" 0")),
        "{next}"
    );
}

/// On a terminal `fetch` draws a progress bar, prints only the problems
/// above it, and ends with the summary table. `script` (util-linux) gives
/// the command a pseudo-terminal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fetch_on_a_terminal_shows_progress_and_only_the_problems() {
    let dir = unpaced_data_folder();
    let feeds = FixtureServer::start().await;
    feeds.set(
        "/wire.rss",
        feed_fixture(&feeds, "application/rss+xml", common::WIRE_RSS),
    );
    feeds.set("/down.rss", Fixture::status(503));
    for (path, name) in [("/wire.rss", "Coastline Wire"), ("/down.rss", "Down Wire")] {
        ok(newsdesk(
            dir.path(),
            &["source", "add", &feeds.url(path), "--name", name],
        )
        .await);
    }
    let line = format!("{BIN} --data {} fetch", dir.path().display());
    let output = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_remove("NEWSDESK_DATABASE__URL")
        .output()
        .await
        .expect("run script (util-linux)");
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{shown}");
    assert!(shown.contains("FAILED  Down Wire: HTTP 503"), "{shown}");
    assert!(
        !shown.contains("ok      Coastline Wire"),
        "healthy sources only move the bar: {shown}"
    );
    assert!(shown.contains("sources"), "{shown}");
    assert!(shown.contains("new stories"), "{shown}");
    assert!(shown.contains("2 sources: 1 ok, 1 failed"), "{shown}");
}

/// A wire story as a page: headline, byline, time, the seed's dateline form.
const WIRE_PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head>
<title>Ferry link to Rodrigues resumes | Harbour Wire</title>
<meta property="og:image" content="/img/ferry.jpg">
<meta property="article:published_time" content="2025-03-12T08:12:00+04:00">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ferry link to Rodrigues resumes</h1><p class="byline">By Ravi Domun</p>
<p>Port Louis [Mauritius], March 12 (ANI): The weekly ferry between Port Louis and
Rodrigues sailed again on Wednesday after a month in dry dock, the shipping line said.</p>
<p>Engineers replaced a worn propeller shaft and refitted the passenger deck, and the
line said the crossing would keep its usual Tuesday departure from next week.</p>
</article><footer>Subscribe to our daily email</footer></body></html>"#;

/// `extract` as the contract says: files, URLs and `-` in one process;
/// `--jsonl` one object a line with the fixed fields and `file`, a failed
/// input an error line and a non-zero exit; `--json` one object.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extract_reads_files_urls_and_standard_input() {
    let dir = unpaced_data_folder();
    let page = dir.path().join("ferry.html");
    std::fs::write(&page, WIRE_PAGE).unwrap();
    let site = FixtureServer::start().await;
    site.set(
        "/news/ferry.html",
        Fixture::ok("text/html; charset=utf-8", WIRE_PAGE),
    );
    let url = site.url("/news/ferry.html");
    let file = page.to_str().unwrap();

    let output = newsdesk(
        dir.path(),
        &[
            "extract",
            "--base-url",
            "https://wire.example/a",
            "--jsonl",
            file,
            &url,
            "missing.html",
        ],
    )
    .await;
    assert!(!output.status.success(), "one input failed");
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    for (line, input) in lines[..2].iter().zip([file, url.as_str()]) {
        let keys: Vec<&str> = line
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        for key in [
            "file",
            "url",
            "title",
            "byline",
            "published",
            "lang",
            "dateline",
            "lead_image",
            "text",
            "html",
        ] {
            assert!(keys.contains(&key), "{key} in {keys:?}");
        }
        assert_eq!(line["file"], input);
        assert_eq!(line["title"], "Ferry link to Rodrigues resumes");
        assert_eq!(line["byline"], "Ravi Domun");
        assert_eq!(line["published"], "2025-03-12T08:12:00+04:00");
        assert_eq!(line["lang"], "en");
        assert_eq!(line["dateline"]["place"], "Port Louis");
        assert_eq!(line["dateline"]["country_code"], "MU");
        assert_eq!(line["dateline"]["agency"], "ANI");
        assert_eq!(line["dateline"]["consistent"], true);
        let text = line["text"].as_str().unwrap();
        assert!(text.starts_with("Port Louis [Mauritius], March 12 (ANI): The weekly ferry"));
        assert!(
            !text.contains("Subscribe") && !text.contains("Home"),
            "{text}"
        );
    }
    // A file is read against --base-url; a URL against itself.
    assert_eq!(lines[0]["lead_image"], "https://wire.example/img/ferry.jpg");
    assert_eq!(lines[1]["lead_image"], site.url("/img/ferry.jpg"));
    assert_eq!(lines[2]["file"], "missing.html");
    assert!(lines[2]["error"].as_str().is_some());

    // `-` reads standard input; --json prints one object.
    let mut child = Command::new(BIN)
        .arg("--data")
        .arg(dir.path())
        .args(["extract", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    tokio::io::AsyncWriteExt::write_all(&mut stdin, WIRE_PAGE.as_bytes())
        .await
        .unwrap();
    drop(stdin);
    let one = child.wait_with_output().await.unwrap();
    assert!(one.status.success());
    let object: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(object["title"], "Ferry link to Rodrigues resumes");
    assert!(object.get("file").is_none(), "file is for --jsonl only");
    // --json takes one input.
    let two = newsdesk(dir.path(), &["extract", "--json", file, file]).await;
    assert!(!two.status.success());
}
