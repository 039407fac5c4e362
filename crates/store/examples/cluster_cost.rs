//! What clustering costs in the store with many stories stored: run by
//! `bench/wirecopy/store.sh`, which says what the columns mean.
//!
//! `cluster_cost DATABASE_URL STORED ADDED BATCH`: fills a fresh database with
//! `STORED` clustered stories (each a cluster of its own, with a random
//! sketch and band keys: one SQL statement each for stories and sketches,
//! not the insert path), then adds `ADDED` stories `BATCH` at a time
//! through the real path (`insert_stories`, then `cluster_due`), half of
//! them near-copies of the one before. Prints one Markdown table row per step with
//! the median and 90th percentile of wall time and of this process's CPU
//! time, and the bytes a story the band indexes and the sketches take.

use jiff::Timestamp;
use newsdesk_domain::source::NewSource;
use newsdesk_domain::{CanonicalLink, FeedUrl, NewStory, Section};
use newsdesk_store::{Backend, Store};
use std::time::{Duration, Instant};

fn cpu() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// A story of its own words: sentences picked by a seeded walk from word
/// lists, so no two are near-copies unless made so.
fn text(seed: u64) -> String {
    const WORDS: &[&str] = &[
        "harbour", "council", "minister", "rainfall", "tariff", "railway", "clinic", "market",
        "festival", "drought", "ferry", "budget", "election", "stadium", "vaccine", "border",
        "factory", "coffee", "airport", "school", "bridge", "fishing", "court", "police", "rebate",
        "highway", "museum", "tourism", "cotton", "mining", "energy", "water",
    ];
    let mut s = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = |n: usize| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s % n as u64) as usize
    };
    let mut out = String::new();
    for sentence in 0..12 {
        out.push_str(&format!("Officials in Town{} said the", next(5000)));
        for _ in 0..10 {
            out.push(' ');
            out.push_str(WORDS[next(WORDS.len())]);
        }
        out.push_str(&format!(
            " would cost {} shillings.",
            next(90_000) + sentence
        ));
        out.push_str(if sentence % 3 == 2 { "\n\n" } else { " " });
    }
    out
}

fn percentile(mut v: Vec<Duration>, p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1e6
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let url = args
        .get(1)
        .ok_or("usage: cluster_cost DATABASE_URL STORED ADDED")?;
    let stored: i64 = args.get(2).map_or(Ok(1_000_000), |s| s.parse())?;
    let added: usize = args.get(3).map_or(Ok(400), |s| s.parse())?;
    let batch: usize = args.get(4).map_or(Ok(1), |s| s.parse())?;
    let batch = batch.max(2) / 2 * 2; // pairs stay together
    let store = Store::connect(url).await?;
    store.migrate().await?;
    let source = store
        .add_source(&NewSource {
            url: FeedUrl::parse("http://fill.example/feed.xml")?,
            name: "Fill".into(),
            section: None,
            mastheads: vec![],
        })
        .await?
        .id;
    let now = Timestamp::now().as_second();
    let started = Instant::now();
    let (fill_stories, fill_sketches, sizes) = match store.backend() {
        Backend::Sqlite => (
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
             INSERT INTO stories (source_id, guid, link, canonical_link, title, headline_key, \
             published_at, ingested_at, section, cluster_id, cluster_rank) \
             SELECT $2, 'g' || i, 'http://fill.example/' || i, 'http://fill.example/' || i, \
             'Story ' || i, 'story ' || i, $3 - i, $3, 'world', i, 0 FROM n",
            "INSERT INTO story_sketches SELECT id, randomblob(100), 2000, 0, \
             random() >> 32, random() >> 32, random() >> 32, random() >> 32, random() >> 32, \
             random() >> 32, random() >> 32, random() >> 32, random() >> 32 FROM stories",
            "SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE 'story_sketches%' \
             OR name LIKE 'sqlite_autoindex_story_sketches%' GROUP BY name",
        ),
        Backend::Postgres => (
            "INSERT INTO stories (source_id, guid, link, canonical_link, title, headline_key, \
             published_at, ingested_at, section, cluster_id, cluster_rank) \
             SELECT $2, 'g' || i, 'http://fill.example/' || i, 'http://fill.example/' || i, \
             'Story ' || i, 'story ' || i, $3 - i, $3, 'world', i, 0 \
             FROM generate_series(1, $1::bigint) AS i",
            "INSERT INTO story_sketches SELECT id, \
             decode(substr(repeat(md5(id::text), 7), 1, 200), 'hex'), 2000, 0, \
             (floor(random() * 4294967296) - 2147483648)::int, \
             (floor(random() * 4294967296) - 2147483648)::int, \
             (floor(random() * 4294967296) - 2147483648)::int, \
             (floor(random() * 4294967296) - 2147483648)::int, \
             (floor(random() * 4294967296) - 2147483648)::int, \
             (floor(random() * 4294967296) - 2147483648)::int, \
             (floor(random() * 4294967296) - 2147483648)::int, \
             (floor(random() * 4294967296) - 2147483648)::int, \
             (floor(random() * 4294967296) - 2147483648)::int FROM stories",
            "SELECT c.relname::text, pg_relation_size(c.oid) FROM pg_class c \
             WHERE c.relname LIKE 'story_sketches%'",
        ),
    };
    // Straight to the database, as the bench fills it: no insert path.
    // A macro: the same statements on either backend's pool.
    macro_rules! fill {
        ($pool:expr) => {{
            let pool = $pool;
            sqlx::query(sqlx::AssertSqlSafe(fill_stories))
                .bind(stored)
                .bind(source.0)
                .bind(now)
                .execute(&pool)
                .await?;
            sqlx::query(sqlx::AssertSqlSafe(fill_sketches))
                .execute(&pool)
                .await?;
            sqlx::query("ANALYZE").execute(&pool).await?;
            let sizes: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sizes))
                .fetch_all(&pool)
                .await
                .unwrap_or_else(|e| {
                    eprintln!("sizes not measured: {e}");
                    Vec::new()
                });
            pool.close().await;
            sizes
        }};
    }
    let sizes = if url.starts_with("postgres") {
        fill!(sqlx::PgPool::connect(url).await?)
    } else {
        fill!(sqlx::SqlitePool::connect(&format!("{url}?mode=rw")).await?)
    };
    eprintln!("filled {stored} stories in {:?}", started.elapsed());
    let mut band_bytes = 0i64;
    let mut table_bytes = 0i64;
    for (name, bytes) in &sizes {
        if name.contains("band_") {
            band_bytes += bytes;
        } else {
            table_bytes += bytes;
        }
    }

    let (mut insert, mut cluster) = (Vec::new(), Vec::new());
    let (mut insert_cpu, mut cluster_cpu) = (Vec::new(), Vec::new());
    // Stories arrive as a feed's new items: `batch` at a time, stored in
    // one transaction and clustered in one (as the pass does); the cost of
    // a story is its batch's divided by the batch's size.
    let stories: Vec<NewStory> = (0..added)
        .map(|n| {
            // Pairs: story 2k+1 is a republished copy of story 2k.
            let body = text(n as u64 / 2);
            let body = if n % 2 == 1 {
                format!("By Staff Reporter\n\n{body}\n\nRead more every morning.")
            } else {
                body
            };
            let link = format!("http://added.example/{n}");
            Ok(NewStory {
                source_id: source,
                guid: link.clone(),
                canonical_link: CanonicalLink::parse(&link)?,
                link,
                title: format!("Added story {}", n / 2),
                standfirst: String::new(),
                body,
                author: None,
                published_at: Timestamp::from_second(now + n as i64)?,
                categories: vec![],
                section: Section::parse("world")?,
                dateline: None,
                filed: Default::default(),
            })
        })
        .collect::<Result<_, Box<dyn std::error::Error>>>()?;
    let per_story = |d: Duration| d / u32::try_from(batch).unwrap_or(1);
    for chunk in stories.chunks(batch) {
        let (t, c) = (Instant::now(), cpu());
        store.insert_stories(chunk).await?;
        insert.push(per_story(t.elapsed()));
        insert_cpu.push(per_story(cpu() - c));
        let (t, c) = (Instant::now(), cpu());
        let tally = store.cluster_due(200).await?;
        cluster.push(per_story(t.elapsed()));
        cluster_cpu.push(per_story(cpu() - c));
        assert_eq!(tally.stories, chunk.len());
        assert_eq!(
            tally.joined,
            chunk.len() / 2,
            "each copy joins its original"
        );
    }
    let backend = match store.backend() {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let per = |bytes: i64| bytes as f64 / stored as f64;
    println!(
        "| {backend} | {stored} | {added} | {batch} | {:.0} / {:.0} | {:.0} / {:.0} | {:.0} / {:.0} | {:.0} / {:.0} | {:.0} | {:.0} |",
        percentile(insert.clone(), 0.5),
        percentile(insert, 0.9),
        percentile(insert_cpu.clone(), 0.5),
        percentile(insert_cpu, 0.9),
        percentile(cluster.clone(), 0.5),
        percentile(cluster, 0.9),
        percentile(cluster_cpu.clone(), 0.5),
        percentile(cluster_cpu, 0.9),
        per(band_bytes),
        per(table_bytes),
    );
    store.close().await;
    Ok(())
}
