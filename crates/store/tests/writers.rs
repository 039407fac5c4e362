//! Many writers at once, beside readers: every write lands, none fails for
//! a lock, and a reader holding a long transaction open holds no writer
//! up. On both backends.

use jiff::Timestamp;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{CanonicalLink, FeedUrl, NewStory, Section, SourceId};
use newsdesk_store::{FetchRecord, Lease, Schedule, StoryFilter, StoryInsert};
use newsdesk_testkit::TestDb;
use sqlx::Connection;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

newsdesk_testkit::on_both_databases!(many_writers_at_once_beside_a_long_reader);

/// Desks writing at once, each with a source of its own.
const DESKS: usize = 16;
/// Batches each desk stores.
const BATCHES: usize = 4;
/// Stories in a batch.
const BATCH: usize = 10;

fn story(source: SourceId, desk: usize, n: usize) -> NewStory {
    let link = format!("http://wire.example/desk-{desk}/story-{n}");
    NewStory {
        source_id: source,
        guid: format!("desk-{desk}-{n}"),
        link: link.clone(),
        canonical_link: CanonicalLink::parse(&link).unwrap(),
        title: format!("Harbour report {n} from desk {desk}"),
        standfirst: "Cranes idle as the strike enters its second week.".into(),
        body: "First paragraph.\n\nSecond paragraph.".into(),
        author: None,
        published_at: Timestamp::from_second(1_750_000_000 + (desk * 100 + n) as i64).unwrap(),
        categories: vec!["Ports".into()],
        section: Section::parse("world").unwrap(),
        dateline: None,
        filed: newsdesk_domain::Filed::default(),
    }
}

/// A read transaction that stays open until ended: on SQLite a plain
/// `BEGIN` and a read (which fixes its snapshot), on PostgreSQL a
/// `REPEATABLE READ` one.
enum LongReader {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

/// Runs `$sql` on a connection, and with `count` reads the story count.
macro_rules! on {
    ($conn:expr, count) => {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM stories")
            .fetch_one(&mut $conn)
            .await
            .unwrap()
    };
    ($conn:expr, $sql:expr) => {
        sqlx::query($sql).execute(&mut $conn).await.unwrap()
    };
}

impl LongReader {
    /// Opens the transaction; with the story count it sees.
    async fn open(url: &str) -> (Self, i64) {
        if url.starts_with("sqlite://") {
            let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
            on!(conn, "BEGIN");
            let n = on!(conn, count);
            (Self::Sqlite(conn), n)
        } else {
            let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
            on!(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ");
            let n = on!(conn, count);
            (Self::Postgres(conn), n)
        }
    }

    /// The story count as the transaction still sees it, then its end.
    async fn count_and_end(self) -> i64 {
        match self {
            Self::Sqlite(mut conn) => {
                let n = on!(conn, count);
                on!(conn, "COMMIT");
                n
            }
            Self::Postgres(mut conn) => {
                let n = on!(conn, count);
                on!(conn, "COMMIT");
                n
            }
        }
    }
}

/// Sixteen desks store story batches, record fetches, claim and release
/// their sources and fold the change counter, all at once, while a task
/// lists the front page over and over and another connection keeps one
/// read transaction open throughout: every call succeeds (no "database is
/// locked"), every story is stored, and the long reader still sees the
/// database as it was when it began.
async fn many_writers_at_once_beside_a_long_reader(db: TestDb) {
    let store = db.store.clone();
    let mut sources = Vec::new();
    for desk in 0..DESKS {
        let new = NewSource {
            url: FeedUrl::parse(&format!("http://wire.example/desk-{desk}.xml")).unwrap(),
            name: format!("Desk {desk}"),
            section: None,
            mastheads: Vec::new(),
        };
        sources.push(store.add_source(&new).await.unwrap().id);
    }
    let (reader, before) = LongReader::open(&db.url).await;
    assert_eq!(before, 0);

    let writing = Arc::new(AtomicBool::new(true));
    let lister = {
        let (store, writing) = (store.clone(), writing.clone());
        tokio::spawn(async move {
            let mut lists = 0u32;
            while writing.load(Ordering::Relaxed) || lists == 0 {
                store
                    .list_stories(&StoryFilter::default(), None, 20)
                    .await
                    .unwrap();
                store.site_generation().await.unwrap();
                lists += 1;
                tokio::task::yield_now().await;
            }
            lists
        })
    };

    let desks: Vec<_> = sources
        .iter()
        .enumerate()
        .map(|(desk, &source)| {
            let store = store.clone();
            tokio::spawn(async move {
                let owner = format!("desk-{desk}");
                let now = Timestamp::now();
                let lease = Lease {
                    owner: owner.clone(),
                    until: Timestamp::from_second(now.as_second() + 60).unwrap(),
                };
                let mut inserted = 0;
                for batch in 0..BATCHES {
                    store.claim_sources(&lease, now, &[source]).await.unwrap();
                    let stories: Vec<NewStory> = (0..BATCH)
                        .map(|n| story(source, desk, batch * BATCH + n))
                        .collect();
                    let done = store.insert_stories(&stories).await.unwrap();
                    inserted += done
                        .iter()
                        .filter(|d| matches!(d, StoryInsert::Inserted(_)))
                        .count();
                    let schedule = Schedule {
                        next_check_at: Timestamp::from_second(now.as_second() + 3600).unwrap(),
                        check_interval_secs: Some(3600),
                        failures: 0,
                        gone: false,
                    };
                    let record = FetchRecord::Fetched {
                        etag: Some(format!("\"{batch}\"")),
                        last_modified: None,
                        problem: None,
                    };
                    store
                        .record_fetch(source, Timestamp::now(), &record, &schedule, &owner)
                        .await
                        .unwrap();
                    if batch % 2 == 1 {
                        store.compact_site_changes().await.unwrap();
                    }
                }
                store.release_leases(&owner).await.unwrap();
                inserted
            })
        })
        .collect();
    let mut inserted = 0;
    for desk in desks {
        inserted += desk.await.unwrap();
    }
    writing.store(false, Ordering::Relaxed);
    assert!(lister.await.unwrap() > 0);

    assert_eq!(inserted, DESKS * BATCHES * BATCH);
    assert_eq!(
        store.count_stories().await.unwrap(),
        (DESKS * BATCHES * BATCH) as i64
    );
    // The long reader's snapshot never moved, and it ends cleanly.
    assert_eq!(reader.count_and_end().await, 0);
    for source in store.sources().await.unwrap() {
        let last = format!("\"{}\"", BATCHES - 1);
        assert_eq!(source.state.etag.as_deref(), Some(last.as_str()));
        assert_eq!(source.state.held_by, None);
    }
    db.store.close().await;
}
