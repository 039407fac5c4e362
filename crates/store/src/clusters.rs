//! Clusters of wire copy: each story grouped with its near-copies.
//!
//! Clustering is a step of its own, after a story's text settles, not a
//! part of storing it: a feed item's summary is often too short to compare,
//! and the page that replaces it comes later. A story is due (a row in
//! `cluster_queue`, migration 0019) when it is stored, when its page's text
//! replaces the feed's, and when an editor rewrites it; the pass clusters
//! the due stories in batches once its pages are done
//! ([`Store::cluster_due`]), and `newsdesk story recluster` walks stored
//! stories through the same steps ([`Store::recluster_after`]).
//!
//! For each story, in one write transaction per batch:
//!
//! 1. **Sketch** (`newsdesk_wirecopy`, before the transaction): a story
//!    with too little text (under about 22 words) has no sketch and stays
//!    alone.
//! 2. **Probe**: the stories sharing one of its nine band keys, in the same
//!    band (nine index probes, `story_sketches`), each verified on its
//!    sketch. Only clustered stories have sketches, so every candidate has
//!    a cluster.
//! 3. **Join**: the cluster it matches (its own one first, if it still
//!    matches a member there; else the one with the most matching members,
//!    the older on a tie), named by the id of its first story; or none: a
//!    story alone keeps `cluster_id` NULL and is written nothing (most
//!    stories: a story's row holds its text, which SQLite rewrites whole).
//!    Clusters never merge through one story: a chain of small edits must
//!    not glue two different stories together.
//! 4. **Rank**: every member of the clusters it left and joined, by the
//!    lead rules (`newsdesk_wirecopy::lead::order`); rank 0 leads.
//!
//! A story leaving the cluster named by its own id (its text changed past
//! recognition) hands the name to the oldest member left. The cluster's
//! address is its name, so a later version that becomes the lead keeps it.
//!
//! **Races.** On SQLite one writer runs at a time. On PostgreSQL each batch
//! takes one transaction-scoped advisory lock ([`CLUSTER_LOCK`]) before it
//! reads any cluster, so two workers never decide about one cluster from
//! two views of it: no cluster is split or merged by a race. Batches
//! take milliseconds and a network stores a few stories a second, so the
//! one lock is not expected to matter; `bench/wirecopy/store.sh` measures
//! a batch's cost with a million stories stored.

use crate::listing::{Carrier, masthead_takes_story};
use crate::stories::{SHOWN_TO_READERS, STORY_SELECT, corrupt, story_from_row};
use crate::{Backend, Store, StoreError, with_pool, with_writer};
use jiff::Timestamp;
use newsdesk_domain::{MastheadReach, SourceId, Story, StoryId};
use newsdesk_wirecopy::lead::{Version, lead, order};
use newsdesk_wirecopy::{Copy, Revision, Sketch, Sketched, Verdict};
use std::collections::BTreeMap;

/// Puts story `$1` on the clustering queue, or bumps its version there:
/// a new story, a new text (see migration 0019).
pub(crate) const QUEUE_STORY: &str = "INSERT INTO cluster_queue (story_id, version) VALUES ($1, 1) \
     ON CONFLICT (story_id) DO UPDATE SET version = cluster_queue.version + 1";

/// The advisory lock a clustering batch holds on PostgreSQL.
pub const CLUSTER_LOCK: i64 = 0x6e64_636c_7573; // "ndclus"

/// How many candidates one probe reads at most. A story has about eleven
/// among a million (`bench/wirecopy`); a text repeated under a thousand
/// links shares its keys with every copy, and a few dozen of them are
/// plenty to know which cluster it belongs to.
const MAX_CANDIDATES: i64 = 64;

/// Clusters up to this size are ranked again whole whenever a version
/// joins (see [`place!`]).
const FULL_RANK_UP_TO: usize = 64;

/// Stories clustered per transaction.
pub const CLUSTER_BATCH: usize = 200;

/// What one clustering batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClusterTally {
    /// Stories clustered.
    pub stories: usize,
    /// Of those, stories that joined (or stayed in) a cluster with others.
    pub joined: usize,
    /// Of those, stories with too little text to compare, left alone.
    pub unsketchable: usize,
}

impl std::ops::AddAssign for ClusterTally {
    fn add_assign(&mut self, other: Self) {
        self.stories += other.stories;
        self.joined += other.joined;
        self.unsketchable += other.unsketchable;
    }
}

/// A story's cluster as a page shows it.
#[derive(Debug, Clone)]
pub struct ClusterView {
    /// The version readers of the masthead see: the best-ranked member it
    /// takes.
    pub lead: Story,
    /// Whether the lead is a later version (an update or a correction)
    /// of a copy the cluster holds earlier versions of (whichever was
    /// stored first: one pass may bring the update before the original).
    pub updated: bool,
    /// How many stories the cluster holds.
    pub members: usize,
}

/// A due story's row: id, its queue version, published, title, body, standfirst.
type DueRow = (i64, Option<i64>, i64, String, String, String);

/// A story read for clustering.
struct Due {
    id: i64,
    /// When it was published, epoch seconds.
    published: i64,
    /// Its version on the queue as read (taken off only if still this);
    /// `None` when it was not on the queue (re-clustering).
    due: Option<i64>,
    sketched: Option<Sketched>,
    clean_chars: usize,
    revision: Revision,
}

impl Due {
    fn of(row: &DueRow) -> Self {
        let (id, due, published, title, body, standfirst) = row;
        let (id, due, published) = (*id, *due, *published);
        // The page's or the feed's body; the feed's summary when it has none.
        let text = if body.trim().is_empty() {
            standfirst
        } else {
            body
        };
        let copy = Copy::new(title, text);
        Self {
            id,
            published,
            due,
            sketched: Sketched::of(&copy).ok(),
            clean_chars: copy.clean_chars(),
            revision: Revision::of(title, text),
        }
    }
}

/// Ranks the members of cluster `$cluster` by the lead rules and writes
/// the ranks that changed; the number of members. A macro, as the other
/// two below: its queries run on either backend's transaction.
macro_rules! rank {
    ($conn:expr, $cluster:expr) => {{
        let cluster: i64 = $cluster;
        let rows: Vec<(i64, i64, Option<i32>, Option<i32>, i32)> = sqlx::query_as(
            "SELECT st.id, st.published_at, sk.clean_chars, sk.revision, st.cluster_rank \
             FROM stories st LEFT JOIN story_sketches sk ON sk.story_id = st.id \
             WHERE st.cluster_id = $1",
        )
        .bind(cluster)
        .fetch_all(&mut *$conn)
        .await?;
        let versions: Vec<Version> = rows
            .iter()
            .map(|&(story, published, chars, revision, _)| Version {
                story,
                clean_chars: chars.and_then(|c| usize::try_from(c).ok()).unwrap_or(0),
                published,
                revision: revision.map_or(Revision::Original, Revision::from_code),
                preferred: false,
            })
            .collect();
        for (rank, i) in order(&versions).into_iter().enumerate() {
            let rank = i32::try_from(rank).unwrap_or(i32::MAX);
            if rows[i].4 != rank {
                sqlx::query("UPDATE stories SET cluster_rank = $2 WHERE id = $1")
                    .bind(rows[i].0)
                    .bind(rank)
                    .execute(&mut *$conn)
                    .await?;
            }
        }
        rows.len()
    }};
}

/// Places story `$story` (a [`Due`]) in cluster `$cluster`, which it has
/// just joined, or stayed in when `$stayed`; the number of members. Every
/// member is ranked again ([`rank!`]), except in a large cluster (one
/// text repeated under many links) that a version joins which neither
/// revises the copy nor beats its lead: it goes last, and the cluster's
/// lead and order stay as they were. Ranking a thousand members again for
/// each new copy would make a repeated text cost more with every copy.
macro_rules! place {
    ($conn:expr, $story:expr, $cluster:expr, $stayed:expr) => {{
        let (story, cluster, stayed): (&Due, i64, bool) = ($story, $cluster, $stayed);
        let (members, last): (i64, i32) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(MAX(cluster_rank), 0) FROM stories WHERE cluster_id = $1",
        )
        .bind(cluster)
        .fetch_one(&mut *$conn)
        .await?;
        let members = usize::try_from(members).unwrap_or(0);
        let leader: Option<(i64, i64, Option<i32>, Option<i32>)> =
            if members > FULL_RANK_UP_TO && !story.revision.is_revision() {
                sqlx::query_as(
                    "SELECT st.id, st.published_at, sk.clean_chars, sk.revision FROM stories st \
                 LEFT JOIN story_sketches sk ON sk.story_id = st.id \
                 WHERE st.cluster_id = $1 AND st.cluster_rank = 0 AND st.id <> $2",
                )
                .bind(cluster)
                .bind(story.id)
                .fetch_optional(&mut *$conn)
                .await?
            } else {
                None
            };
        let goes_last = leader.is_some_and(|(id, published, chars, revision)| {
            let versions = [
                Version {
                    story: id,
                    clean_chars: chars.and_then(|c| usize::try_from(c).ok()).unwrap_or(0),
                    published,
                    revision: revision.map_or(Revision::Original, Revision::from_code),
                    preferred: false,
                },
                Version {
                    story: story.id,
                    clean_chars: story.clean_chars,
                    published: story.published,
                    revision: story.revision,
                    preferred: false,
                },
            ];
            lead(&versions) == Some(0)
        });
        if goes_last {
            if !stayed {
                sqlx::query("UPDATE stories SET cluster_rank = $2 WHERE id = $1")
                    .bind(story.id)
                    .bind(last.saturating_add(1))
                    .execute(&mut *$conn)
                    .await?;
            }
            members
        } else {
            rank!($conn, cluster)
        }
    }};
}

/// The members of the cluster named `$story`, other than that story, take
/// the name of the oldest of them, and are ranked; the new name (`None`
/// when none is left).
macro_rules! rename_without {
    ($conn:expr, $story:expr) => {{
        let story: i64 = $story;
        let oldest: Option<i64> =
            sqlx::query_scalar("SELECT MIN(id) FROM stories WHERE cluster_id = $1 AND id <> $1")
                .bind(story)
                .fetch_one(&mut *$conn)
                .await?;
        if let Some(oldest) = oldest {
            sqlx::query("UPDATE stories SET cluster_id = $2 WHERE cluster_id = $1 AND id <> $1")
                .bind(story)
                .bind(oldest)
                .execute(&mut *$conn)
                .await?;
            rank!($conn, oldest);
        }
        oldest
    }};
}

/// Story `$story` leaves cluster `$old`: the members left are ranked
/// again, and take another name if `$old` was the story's own id.
macro_rules! leave {
    ($conn:expr, $story:expr, $old:expr) => {{
        let (story, old): (i64, i64) = ($story, $old);
        sqlx::query("UPDATE stories SET cluster_id = NULL, cluster_rank = 0 WHERE id = $1")
            .bind(story)
            .execute(&mut *$conn)
            .await?;
        if old == story {
            rename_without!($conn, story);
        } else {
            rank!($conn, old);
        }
    }};
}

impl Store {
    /// Clusters up to `limit` due stories, oldest first (those whose page
    /// a process is fetching wait for it); returns what was done, all
    /// zeros when none was due.
    pub async fn cluster_due(&self, limit: usize) -> Result<ClusterTally, StoreError> {
        let rows: Vec<DueRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT st.id, q.version, st.published_at, st.title, st.body, st.standfirst \
                 FROM cluster_queue q JOIN stories st ON st.id = q.story_id \
                 WHERE st.page_holder IS NULL ORDER BY q.story_id LIMIT $1",
            )
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(pool)
            .await?
        });
        self.cluster_rows(rows).await
    }

    /// How many stories wait to be clustered.
    pub async fn clusters_due(&self) -> Result<u64, StoreError> {
        let n: i64 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM cluster_queue")
                .fetch_one(pool)
                .await?
        });
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Clusters again up to `limit` stored stories after story `after`
    /// (published at or after `since`, when given), in id order; returns
    /// the last one done (`None` when none was left) and the tally. For
    /// `newsdesk story recluster`: the same steps as [`Store::cluster_due`].
    pub async fn recluster_after(
        &self,
        after: StoryId,
        since: Option<Timestamp>,
        limit: usize,
    ) -> Result<(Option<StoryId>, ClusterTally), StoreError> {
        let rows: Vec<DueRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, CAST(NULL AS BIGINT), published_at, title, body, standfirst \
                 FROM stories WHERE id > $1 AND published_at >= $2 ORDER BY id LIMIT $3",
            )
            .bind(after.0)
            .bind(since.map_or(i64::MIN, Timestamp::as_second))
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(pool)
            .await?
        });
        let last = rows.last().map(|r| StoryId(r.0));
        let tally = self.cluster_rows(rows).await?;
        Ok((last, tally))
    }

    /// How many stories published at or after `since` (all, when `None`)
    /// come after story `after`: what a re-clustering run has left.
    pub async fn stories_after(
        &self,
        after: StoryId,
        since: Option<Timestamp>,
    ) -> Result<u64, StoreError> {
        let n: i64 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM stories WHERE id > $1 AND published_at >= $2")
                .bind(after.0)
                .bind(since.map_or(i64::MIN, Timestamp::as_second))
                .fetch_one(pool)
                .await?
        });
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Where the re-clustering run named `since` stopped: the last story
    /// it clustered, if such a run is unfinished.
    pub async fn recluster_checkpoint(&self, since: &str) -> Result<Option<StoryId>, StoreError> {
        let after: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT after_id FROM recluster_runs WHERE since = $1")
                .bind(since)
                .fetch_optional(pool)
                .await?
        });
        Ok(after.map(StoryId))
    }

    /// Records that the run named `since` has clustered every story up to
    /// `after`; `None` ends the run (its row is deleted).
    pub async fn save_recluster_checkpoint(
        &self,
        since: &str,
        after: Option<StoryId>,
    ) -> Result<(), StoreError> {
        let now = Timestamp::now().as_second();
        with_writer!(self, "recluster checkpoint", conn => {
            match after {
                Some(after) => sqlx::query(
                    "INSERT INTO recluster_runs (since, after_id, started_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (since) DO UPDATE SET after_id = excluded.after_id",
                )
                .bind(since)
                .bind(after.0)
                .bind(now)
                .execute(&mut *conn)
                .await?,
                None => sqlx::query("DELETE FROM recluster_runs WHERE since = $1")
                    .bind(since)
                    .execute(&mut *conn)
                    .await?,
            };
        });
        Ok(())
    }

    /// Sketches the stories read (on a blocking thread: a long text costs
    /// up to a millisecond) and clusters them in one transaction.
    async fn cluster_rows(&self, rows: Vec<DueRow>) -> Result<ClusterTally, StoreError> {
        if rows.is_empty() {
            return Ok(ClusterTally::default());
        }
        // Long texts cost up to a millisecond each: on every core.
        let stories = tokio::task::spawn_blocking(move || {
            // A thread costs more than sketching a few stories.
            let cores = if rows.len() < 16 {
                1
            } else {
                std::thread::available_parallelism().map_or(1, usize::from)
            };
            let chunk = rows.len().div_ceil(cores).max(1);
            std::thread::scope(|scope| {
                let parts: Vec<_> = rows
                    .chunks(chunk)
                    .map(|part| scope.spawn(move || part.iter().map(Due::of).collect::<Vec<Due>>()))
                    .collect();
                let mut stories = Vec::new();
                for part in parts {
                    stories.extend(part.join().map_err(|_| "a story's sketch panicked")?);
                }
                Ok::<_, &str>(stories)
            })
        })
        .await
        .map_err(|e| StoreError::Corrupt(format!("sketching stopped: {e}")))?
        .map_err(|e| StoreError::Corrupt(format!("sketching stopped: {e}")))?;
        let begin = self.begin_write();
        let postgres = self.backend() == Backend::Postgres;
        let tally = with_writer!(self, bulk "cluster", conn => {
            let mut tx = conn.begin_with(begin).await?;
            if postgres {
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(CLUSTER_LOCK)
                    .execute(&mut *tx)
                    .await?;
            }
            let mut tally = ClusterTally::default();
            for story in &stories {
                // Still there (an editor may have deleted it meanwhile)?
                let current: Option<(Option<i64>,)> =
                    sqlx::query_as("SELECT cluster_id FROM stories WHERE id = $1")
                        .bind(story.id)
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some((current,)) = current else { continue };
                // Which cluster each verified near-copy is in, and how many.
                let mut matched: BTreeMap<i64, usize> = BTreeMap::new();
                match &story.sketched {
                    Some(sketched) => {
                        let keys = sketched.bands.folded();
                        let mut probe = sqlx::query_as::<_, (i64, Vec<u8>, Option<i64>)>(
                            "SELECT sk.story_id, sk.sketch, COALESCE(st.cluster_id, st.id) \
                             FROM story_sketches sk \
                             JOIN stories st ON st.id = sk.story_id \
                             WHERE (sk.band_0 = $2 OR sk.band_1 = $3 OR sk.band_2 = $4 \
                             OR sk.band_3 = $5 OR sk.band_4 = $6 OR sk.band_5 = $7 \
                             OR sk.band_6 = $8 OR sk.band_7 = $9 OR sk.band_8 = $10) \
                             AND sk.story_id <> $1 LIMIT $11",
                        )
                        .bind(story.id);
                        for key in keys {
                            probe = probe.bind(key);
                        }
                        let candidates = probe.bind(MAX_CANDIDATES).fetch_all(&mut *tx).await?;
                        for (_, bytes, cluster) in candidates {
                            let Some(other) = Sketch::from_bytes(&bytes) else {
                                return Err(corrupt("a stored sketch is not 100 bytes"));
                            };
                            if sketched.sketch.compare(&other).verdict() == Verdict::SameCopy
                                && let Some(cluster) = cluster
                            {
                                *matched.entry(cluster).or_default() += 1;
                            }
                        }
                        let mut upsert = sqlx::query(
                            "INSERT INTO story_sketches (story_id, sketch, clean_chars, revision, \
                             band_0, band_1, band_2, band_3, band_4, band_5, band_6, band_7, band_8) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
                             ON CONFLICT (story_id) DO UPDATE SET sketch = excluded.sketch, \
                             clean_chars = excluded.clean_chars, revision = excluded.revision, \
                             band_0 = excluded.band_0, band_1 = excluded.band_1, \
                             band_2 = excluded.band_2, band_3 = excluded.band_3, \
                             band_4 = excluded.band_4, band_5 = excluded.band_5, \
                             band_6 = excluded.band_6, band_7 = excluded.band_7, \
                             band_8 = excluded.band_8",
                        )
                        .bind(story.id)
                        .bind(sketched.sketch.to_bytes().to_vec())
                        .bind(i32::try_from(story.clean_chars).unwrap_or(i32::MAX))
                        .bind(story.revision.code());
                        for key in keys {
                            upsert = upsert.bind(key);
                        }
                        upsert.execute(&mut *tx).await?;
                    }
                    None => {
                        tally.unsketchable += 1;
                        sqlx::query("DELETE FROM story_sketches WHERE story_id = $1")
                            .bind(story.id)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                let target = match current.filter(|c| matched.contains_key(c)) {
                    Some(own) => own,
                    None => matched
                        .iter()
                        .max_by_key(|&(&cluster, &n)| (n, std::cmp::Reverse(cluster)))
                        .map_or(story.id, |(&cluster, _)| cluster),
                };
                if matched.is_empty() {
                    // Alone: most stories, which are written nothing more.
                    if let Some(old) = current {
                        leave!(tx, story.id, old);
                    }
                } else {
                    if let Some(old) = current.filter(|&old| old != target) {
                        leave!(tx, story.id, old);
                    }
                    // The story that names the cluster joins it too, if it
                    // was alone until now.
                    sqlx::query(
                        "UPDATE stories SET cluster_id = id WHERE id = $1 AND cluster_id IS NULL",
                    )
                    .bind(target)
                    .execute(&mut *tx)
                    .await?;
                    if current != Some(target) {
                        sqlx::query("UPDATE stories SET cluster_id = $2 WHERE id = $1")
                            .bind(story.id)
                            .bind(target)
                            .execute(&mut *tx)
                            .await?;
                    }
                    if place!(tx, story, target, current == Some(target)) > 1 {
                        tally.joined += 1;
                    }
                }
                if let Some(version) = story.due {
                    // Done, unless its text changed meanwhile.
                    sqlx::query("DELETE FROM cluster_queue WHERE story_id = $1 AND version = $2")
                        .bind(story.id)
                        .bind(version)
                        .execute(&mut *tx)
                        .await?;
                }
                tally.stories += 1;
            }
            if tally.stories > 0 {
                sqlx::query(crate::site_changes::RECORD_CHANGE)
                    .bind(Timestamp::now().as_second())
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            tally
        });
        Ok(tally)
    }

    /// The version of cluster `cluster` that `masthead` shows (its
    /// best-ranked member the masthead takes and readers may see), with
    /// whether it replaced an earlier version; `None` when the masthead
    /// shows none of it. A story never clustered is its own cluster.
    pub async fn cluster_lead(
        &self,
        cluster: StoryId,
        masthead: &MastheadReach,
    ) -> Result<Option<ClusterView>, StoreError> {
        let takes = masthead_takes_story("st", 1, &masthead.countries);
        let sql = format!(
            "{STORY_SELECT} WHERE (st.cluster_id = $2 OR (st.id = $2 AND st.cluster_id IS NULL)) \
             AND {SHOWN_TO_READERS} AND {takes} ORDER BY st.cluster_rank, st.id LIMIT 1"
        );
        let counted: (i64, Option<i32>) = (0, None);
        let (lead, (members, revision)) = with_pool!(self, pool => {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(masthead.id.as_str())
                .bind(cluster.0)
                .fetch_optional(pool)
                .await?;
            let lead = match row {
                Some(row) => Some(story_from_row!(&row)),
                None => None,
            };
            let counted = match &lead {
                Some(lead) => sqlx::query_as::<_, (i64, Option<i32>)>(
                    "SELECT (SELECT COUNT(*) FROM stories WHERE cluster_id = $1), \
                     (SELECT revision FROM story_sketches WHERE story_id = $2)",
                )
                .bind(cluster.0)
                .bind(lead.id.0)
                .fetch_one(pool)
                .await?,
                None => counted,
            };
            (lead, counted)
        });
        Ok(lead.map(|lead| ClusterView {
            updated: members > 1 && revision.is_some_and(|r| Revision::from_code(r).is_revision()),
            members: usize::try_from(members).unwrap_or(0).max(1),
            lead,
        }))
    }

    /// Every source that carried a story of cluster `cluster` (a story
    /// never clustered is its own), with its own link, the first seen
    /// first: "Also reported by". Unpublished versions are left out.
    pub async fn cluster_carriers(&self, cluster: StoryId) -> Result<Vec<Carrier>, StoreError> {
        let sql = format!(
            "SELECT c.source_id, so.name, c.link FROM stories st \
             JOIN coverage c ON c.story_id = st.id JOIN sources so ON so.id = c.source_id \
             WHERE (st.cluster_id = $1 OR (st.id = $1 AND st.cluster_id IS NULL)) \
             AND {SHOWN_TO_READERS} ORDER BY c.seen_at, c.source_id, c.link"
        );
        let rows: Vec<(i64, String, String)> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(cluster.0)
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, source_name, link)| Carrier {
                source_id: SourceId(id),
                source_name,
                link,
            })
            .collect())
    }

    /// The stories of cluster `cluster`, in rank order (the lead first),
    /// unpublished ones too: for editors and `story list`.
    pub async fn cluster_members(&self, cluster: StoryId) -> Result<Vec<StoryId>, StoreError> {
        let ids: Vec<i64> = with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT id FROM stories WHERE cluster_id = $1 OR (id = $1 AND cluster_id IS NULL) \
                 ORDER BY cluster_rank, id",
            )
            .bind(cluster.0)
            .fetch_all(pool)
            .await?
        });
        Ok(ids.into_iter().map(StoryId).collect())
    }
}
