//! `newsdesk backup` and `newsdesk restore` against the real binary: a
//! backup taken while stories are being stored restores to exactly the
//! stories of one moment, and a restore never replaces stories unasked.

mod common;

use common::newsdesk;
use jiff::Timestamp;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{CanonicalLink, FeedUrl, NewStory, Section};
use newsdesk_store::{Store, StoryQuery};
use newsdesk_testkit::TestDb;
use std::process::Output;

/// Stories are stored in batches of this many, as a pass stores a feed.
const BATCH: i64 = 10;

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn batch(source: newsdesk_domain::SourceId, n: i64) -> Vec<NewStory> {
    (0..BATCH)
        .map(|i| {
            let k = n * BATCH + i;
            let link = format!("http://wire.example/{k}");
            NewStory {
                source_id: source,
                guid: format!("g{k}"),
                canonical_link: CanonicalLink::parse(&link).unwrap(),
                link,
                title: format!("Story number {k}"),
                standfirst: format!("Standfirst of story {k}."),
                body: format!(
                    "The body of story {k}.\n\n{}",
                    "Words of wire copy. ".repeat(40)
                ),
                author: None,
                published_at: Timestamp::from_second(1_741_700_000 + k).unwrap(),
                categories: vec![],
                section: Section::parse("world").unwrap(),
                dateline: None,
                filed: newsdesk_domain::Filed::default(),
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_stories_arrive_restores_one_moment_whole() {
    let data = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&data.path().join("newsdesk.sqlite3"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let source = store
        .add_source(&NewSource {
            url: FeedUrl::parse("http://wire.example/feed.xml").unwrap(),
            name: "Harbour Wire".into(),
            section: None,
            mastheads: vec![],
        })
        .await
        .unwrap();
    for n in 0..20 {
        store.insert_stories(&batch(source.id, n)).await.unwrap();
    }
    // A writer goes on storing batches while the backup is taken.
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for n in 20..220 {
                store.insert_stories(&batch(source.id, n)).await.unwrap();
            }
        })
    };
    let before = store.count_stories().await.unwrap();
    let file = data.path().join("backup.sqlite3");
    let file_arg = file.to_str().unwrap();
    let output = newsdesk(data.path(), &["backup", file_arg]).await;
    assert!(output.status.success(), "{}", text(&output));
    let after = store.count_stories().await.unwrap();
    writer.await.unwrap();
    assert!(
        text(&output).contains("backup written to"),
        "{}",
        text(&output)
    );
    // A second backup to the same name is refused: nothing is overwritten.
    let again = newsdesk(data.path(), &["backup", file_arg]).await;
    assert!(!again.status.success());
    assert!(text(&again).contains("already exists"), "{}", text(&again));

    // Restored into a new data folder: the stories of one moment, whole.
    let fresh = tempfile::tempdir().unwrap();
    let restored = newsdesk(fresh.path(), &["restore", file_arg]).await;
    assert!(restored.status.success(), "{}", text(&restored));
    let copy = Store::open_sqlite(&fresh.path().join("newsdesk.sqlite3"))
        .await
        .unwrap();
    let count = copy.count_stories().await.unwrap();
    assert!(
        count >= before && count <= after,
        "{before} <= {count} <= {after}"
    );
    assert_eq!(count % BATCH, 0, "batches are whole: {count}");
    let stories = copy
        .latest_stories(&StoryQuery {
            limit: 100_000,
            ..StoryQuery::default()
        })
        .await
        .unwrap();
    let mut numbers: Vec<i64> = stories
        .iter()
        .map(|s| s.title.trim_start_matches("Story number ").parse().unwrap())
        .collect();
    numbers.sort_unstable();
    assert_eq!(
        numbers,
        (0..count).collect::<Vec<_>>(),
        "every story of that moment"
    );
    for story in &stories {
        let original = store.story(story.id).await.unwrap().unwrap();
        assert_eq!(story, &original);
    }
    assert_eq!(copy.coverage(stories[0].id).await.unwrap().len(), 1);
    copy.close().await;

    // Restoring over a database with stories needs --force.
    let refused = newsdesk(data.path(), &["restore", file_arg]).await;
    assert!(!refused.status.success());
    assert!(text(&refused).contains("--force"), "{}", text(&refused));
    assert_eq!(
        store.count_stories().await.unwrap(),
        220 * BATCH,
        "nothing replaced"
    );
    store.close().await;
    let forced = newsdesk(data.path(), &["restore", "--force", file_arg]).await;
    assert!(forced.status.success(), "{}", text(&forced));
    let replaced = Store::open_sqlite(&data.path().join("newsdesk.sqlite3"))
        .await
        .unwrap();
    assert_eq!(replaced.count_stories().await.unwrap(), count);
    replaced.close().await;

    // A file that is no backup is refused, and the database stays.
    let junk = data.path().join("junk.bin");
    std::fs::write(&junk, b"not a database at all, just bytes").unwrap();
    let bad = newsdesk(
        fresh.path(),
        &["restore", "--force", junk.to_str().unwrap()],
    )
    .await;
    assert!(!bad.status.success());
    assert!(text(&bad).contains("not a SQLite backup"), "{}", text(&bad));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_pg_dump_is_the_tool() {
    let db = TestDb::postgres().await;
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("backup.dump");
    let output = newsdesk(
        data.path(),
        &["--database-url", &db.url, "backup", file.to_str().unwrap()],
    )
    .await;
    let said = text(&output);
    if output.status.success() {
        assert!(
            said.contains("pg_dump") && file.metadata().unwrap().len() > 0,
            "{said}"
        );
    } else {
        assert!(said.contains("pg_dump"), "{said}");
    }
    let restore = newsdesk(
        data.path(),
        &["--database-url", &db.url, "restore", file.to_str().unwrap()],
    )
    .await;
    assert!(!restore.status.success());
    assert!(text(&restore).contains("pg_restore"), "{}", text(&restore));
}
