//! Queries on stories: storing each once, and reading the newest.

pub(crate) use crate::rows::{corrupt, ts};
use crate::{Lease, Store, StoreError, with_pool, with_writer};
use jiff::Timestamp;
use newsdesk_domain::{
    ArticlePage, CountryCode, MastheadReach, NewStory, SourceId, Story, StoryId,
};
use std::collections::HashSet;

/// What storing a story came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryInsert {
    /// A new story, with its id.
    Inserted(StoryId),
    /// Already stored: the same item of the same source, or the same
    /// canonical link from any source. Nothing was written.
    Duplicate,
}

/// How many times a story's page is tried at most.
pub const MAX_PAGE_ATTEMPTS: i64 = 4;

/// The wait before a page's first retry, in seconds; it doubles after.
pub const PAGE_RETRY_BASE_SECS: i64 = 600;

/// Which stories to list, newest first.
#[derive(Debug, Clone)]
pub struct StoryQuery {
    /// Only stories this masthead takes.
    pub masthead: Option<MastheadReach>,
    /// Only stories of this source.
    pub source: Option<SourceId>,
    /// At most this many.
    pub limit: u32,
}

impl Default for StoryQuery {
    fn default() -> Self {
        Self {
            masthead: None,
            source: None,
            limit: 50,
        }
    }
}

/// The story columns, as a literal for `concat!`.
macro_rules! story_columns {
    () => {
        "st.id, st.source_id, so.name AS source_name, st.guid, st.link, st.canonical_link, \
         st.title, st.standfirst, st.body, st.author, st.published_at, st.ingested_at, \
         st.categories, st.section, st.body_source, st.body_html, st.lead_image, st.dateline, \
         st.dateline_country, st.dateline_to_check, st.extraction_note, st.cluster_id"
    };
}

/// The columns `story_from_row!` reads, from `stories st` joined with
/// `sources so`.
pub(crate) const STORY_COLUMNS: &str = story_columns!();

/// `SELECT` of every story column, from `stories st` joined with `sources so`.
pub(crate) const STORY_SELECT: &str = concat!(
    "SELECT ",
    story_columns!(),
    " FROM stories st JOIN sources so ON so.id = st.source_id"
);

/// Whether the masthead bound as `$1` takes story `st` (any masthead when
/// `$1` is NULL), `countries` being its region's: the rule of
/// [`crate::listing::masthead_takes`], for queries that bind the masthead
/// as their first value, or none.
pub(crate) fn taken_by_masthead(countries: &[CountryCode]) -> String {
    format!(
        "($1 IS NULL OR {})",
        crate::listing::masthead_takes(1, countries)
    )
}

/// The one condition that keeps a story an editor unpublished off every
/// public surface (migration 0014): every query that reads stories for
/// readers (lists, feeds, sitemaps, search, the daily email, a story by
/// id) carries it, on the story aliased `st`. Only the admin's own reads
/// go without it ([`crate::StoryFilter::with_unpublished`],
/// [`crate::SearchQuery::with_unpublished`], [`crate::desk`]).
pub(crate) const SHOWN_TO_READERS: &str = "st.unpublished_at IS NULL";

/// When story `st` last changed, as sitemaps give it: stored, or edited
/// later by an editor (written without `MAX`/`GREATEST`, which the two
/// dialects spell differently).
pub(crate) const LAST_CHANGED: &str =
    "CASE WHEN st.edited_at > st.ingested_at THEN st.edited_at ELSE st.ingested_at END";

/// How often a batch of stories is tried when the database broke a
/// deadlock by aborting it.
const DEADLOCK_ATTEMPTS: u32 = 3;

/// A [`Story`] from a row with the `STORY_COLUMNS`, on either backend
/// (`?` returns the error from the enclosing function).
macro_rules! story_from_row {
    ($row:expr) => {{
        use sqlx::Row as _;
        let row = $row;
        let canonical: String = row.try_get("canonical_link")?;
        let section: String = row.try_get("section")?;
        let categories: String = row.try_get("categories")?;
        let body_source: String = row.try_get("body_source")?;
        newsdesk_domain::Story {
            id: newsdesk_domain::StoryId(row.try_get("id")?),
            source_id: newsdesk_domain::SourceId(row.try_get("source_id")?),
            source_name: row.try_get("source_name")?,
            guid: row.try_get("guid")?,
            link: row.try_get("link")?,
            canonical_link: newsdesk_domain::CanonicalLink::parse(&canonical)
                .map_err($crate::stories::corrupt)?,
            title: row.try_get("title")?,
            standfirst: row.try_get("standfirst")?,
            body: row.try_get("body")?,
            author: row.try_get("author")?,
            published_at: $crate::stories::ts(row.try_get("published_at")?)?,
            ingested_at: $crate::stories::ts(row.try_get("ingested_at")?)?,
            categories: serde_json::from_str(&categories).map_err($crate::stories::corrupt)?,
            section: newsdesk_domain::Section::parse(&section).map_err($crate::stories::corrupt)?,
            body_source: newsdesk_domain::BodySource::parse(&body_source),
            body_html: row.try_get("body_html")?,
            lead_image: row.try_get("lead_image")?,
            dateline: row.try_get("dateline")?,
            filed: newsdesk_domain::Filed {
                // A code the region table does not know routes nowhere.
                country: row
                    .try_get::<Option<String>, _>("dateline_country")?
                    .as_deref()
                    .and_then(newsdesk_domain::CountryCode::parse),
                to_check: row.try_get("dateline_to_check")?,
            },
            extraction_note: row.try_get("extraction_note")?,
            cluster: row
                .try_get::<Option<i64>, _>("cluster_id")?
                .map(newsdesk_domain::StoryId),
        }
    }};
}
pub(crate) use story_from_row;

impl Store {
    /// Stores a story unless it is already stored (see [`StoryInsert`]),
    /// and records that its source carried it: [`Store::insert_stories`]
    /// with one story.
    pub async fn insert_story(&self, story: &NewStory) -> Result<StoryInsert, StoreError> {
        let mut done = self.insert_stories(std::slice::from_ref(story)).await?;
        done.pop()
            .ok_or_else(|| StoreError::Corrupt("a batch of one stored nothing".into()))
    }

    /// Stores each story unless it is already stored (see [`StoryInsert`]),
    /// and records that its source carried it; one answer per story, in
    /// order.
    ///
    /// All in one transaction, so a crash stores all of the batch or none
    /// of it, and a database that flushes its log on every commit flushes
    /// once per batch. The answers are those of storing the stories one by
    /// one, in order, each through the same steps: (1) an item its source
    /// brought before (in an earlier batch or earlier in this one) is a
    /// duplicate; (2) insert the story, unless its canonical link (or its
    /// source and guid) is stored; (3) if it was, find that story; (4)
    /// record the coverage.
    ///
    /// Workers storing batches at once are safe. On PostgreSQL an insert
    /// whose canonical link another open transaction has just written
    /// waits for that one to end, then finds its story. So that two batches
    /// never wait on each other, each writes its stories in the order of
    /// their canonical links (items of one source that share a link keep
    /// their feed order, and a repeated guid is answered without asking the
    /// database, so the answers stay those of feed order); should the
    /// server still abort a batch to break a deadlock, it is run again.
    /// SQLite takes its write lock at the start of a batch, so batches run
    /// one after another.
    pub async fn insert_stories(
        &self,
        stories: &[NewStory],
    ) -> Result<Vec<StoryInsert>, StoreError> {
        self.insert_stories_held(stories, None).await
    }

    /// [`Store::insert_stories`], with the new stories' pages claimed by
    /// `lease` (see [`crate::pages`]): the process that stores a feed's
    /// items fetches their pages straight away, and no other process takes
    /// them meanwhile. Without a lease the pages are due at once, to
    /// anyone.
    pub async fn insert_stories_held(
        &self,
        stories: &[NewStory],
        lease: Option<&Lease>,
    ) -> Result<Vec<StoryInsert>, StoreError> {
        if stories.is_empty() {
            return Ok(Vec::new());
        }
        let categories = stories
            .iter()
            .map(|s| serde_json::to_string(&s.categories))
            .collect::<Result<Vec<_>, _>>()
            .map_err(corrupt)?;
        let mut attempts = 0;
        loop {
            attempts += 1;
            match self.insert_batch(stories, &categories, lease).await {
                Err(StoreError::Database(e))
                    if attempts < DEADLOCK_ATTEMPTS && StoreError::is_deadlock(&e) =>
                {
                    tracing::debug!(
                        "two story batches waited on each other; running this one again"
                    );
                }
                done => return done,
            }
        }
    }

    /// One attempt at [`Store::insert_stories`].
    async fn insert_batch(
        &self,
        stories: &[NewStory],
        categories: &[String],
        lease: Option<&Lease>,
    ) -> Result<Vec<StoryInsert>, StoreError> {
        let now = Timestamp::now().as_second();
        let (page_due, page_holder) = match lease {
            Some(lease) => (lease.until.as_second(), Some(lease.owner.as_str())),
            None => (now, None),
        };
        let begin = self.begin_write();
        // An item whose source and guid came earlier in the batch is a
        // duplicate of it, whatever the database holds.
        let mut firsts = HashSet::with_capacity(stories.len());
        let repeated: Vec<bool> = stories
            .iter()
            .map(|s| !firsts.insert((s.source_id, s.guid.as_str())))
            .collect();
        // The order the database sees (a stable sort: ties keep feed order).
        let mut order: Vec<usize> = (0..stories.len()).filter(|&i| !repeated[i]).collect();
        order.sort_by(|&i, &j| {
            stories[i]
                .canonical_link
                .as_str()
                .cmp(stories[j].canonical_link.as_str())
        });
        let mut done = vec![StoryInsert::Duplicate; stories.len()];
        with_writer!(self, bulk "insert batch", conn => {
            let mut tx = conn.begin_with(begin).await?;
            for i in order {
                let (story, categories) = (&stories[i], &categories[i]);
                let seen: Option<i64> = sqlx::query_scalar(
                    "SELECT story_id FROM coverage WHERE source_id = $1 AND guid = $2",
                )
                .bind(story.source_id.0)
                .bind(&story.guid)
                .fetch_optional(&mut *tx)
                .await?;
                if seen.is_some() {
                    continue;
                }
                let inserted: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO stories (source_id, guid, link, canonical_link, title, headline_key, \
                     standfirst, body, author, published_at, ingested_at, categories, section, \
                     page_retry_after, page_holder, search_indexed, dateline, dateline_country, \
                     dateline_to_check) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
                     $17, $18, $19) \
                     ON CONFLICT DO NOTHING RETURNING id",
                )
                .bind(story.source_id.0)
                .bind(&story.guid)
                .bind(&story.link)
                .bind(story.canonical_link.as_str())
                .bind(&story.title)
                .bind(story.headline_key().as_str())
                .bind(&story.standfirst)
                .bind(&story.body)
                .bind(story.author.as_deref())
                .bind(story.published_at.as_second())
                .bind(now)
                .bind(categories)
                .bind(story.section.as_str())
                .bind(page_due)
                .bind(page_holder)
                // A held story is indexed once its page is settled.
                .bind(page_holder.is_none())
                .bind(story.dateline.as_deref())
                .bind(story.filed.country.as_ref().map(CountryCode::as_str))
                .bind(story.filed.to_check)
                .fetch_optional(&mut *tx)
                .await?;
                let story_id = match inserted {
                    Some(id) => id,
                    None => {
                        let existing: Option<i64> = sqlx::query_scalar(
                            "SELECT id FROM stories WHERE canonical_link = $1 OR (source_id = $2 AND guid = $3) \
                             ORDER BY id LIMIT 1",
                        )
                        .bind(story.canonical_link.as_str())
                        .bind(story.source_id.0)
                        .bind(&story.guid)
                        .fetch_optional(&mut *tx)
                        .await?;
                        existing.ok_or_else(|| {
                            StoreError::NotFound("the story a duplicate repeats".into())
                        })?
                    }
                };
                sqlx::query(
                    "INSERT INTO coverage (source_id, guid, story_id, link, seen_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                )
                .bind(story.source_id.0)
                .bind(&story.guid)
                .bind(story_id)
                .bind(&story.link)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                if let Some(id) = inserted {
                    done[i] = StoryInsert::Inserted(StoryId(id));
                    // To be clustered with its near-copies.
                    sqlx::query(crate::clusters::QUEUE_STORY)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            if done.iter().any(|d| matches!(d, StoryInsert::Inserted(_))) {
                sqlx::query(crate::site_changes::RECORD_CHANGE)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(done)
    }

    /// The sources that carried a story, first one first: `(source, link)`.
    pub async fn coverage(&self, story: StoryId) -> Result<Vec<(SourceId, String)>, StoreError> {
        let rows: Vec<(i64, String)> = with_pool!(self, pool => {
            sqlx::query_as("SELECT source_id, link FROM coverage WHERE story_id = $1 ORDER BY seen_at, source_id")
                .bind(story.0)
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(|(s, l)| (SourceId(s), l)).collect())
    }

    /// One story by id, as readers may see it: `None` when there is no
    /// such story or an editor unpublished it ([`Store::story_unpublished`]
    /// tells the two apart).
    pub async fn story(&self, id: StoryId) -> Result<Option<Story>, StoreError> {
        with_pool!(self, pool => {
            let sql = format!("{STORY_SELECT} WHERE st.id = $1 AND {SHOWN_TO_READERS}");
            let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(id.0)
                .fetch_optional(pool)
                .await?;
            match row {
                Some(row) => Ok(Some(story_from_row!(&row))),
                None => Ok(None),
            }
        })
    }

    /// The newest stories matching `query`, newest first. A masthead takes
    /// the stories of the sources assigned to it and of sources assigned to
    /// no masthead.
    pub async fn latest_stories(&self, query: &StoryQuery) -> Result<Vec<Story>, StoreError> {
        let filter = crate::StoryFilter {
            masthead: query.masthead.clone(),
            source: query.source,
            ..crate::StoryFilter::default()
        };
        Ok(self.list_stories(&filter, None, query.limit).await?.stories)
    }

    /// Records what extraction made of a story's page: with a body, the
    /// story's body becomes the page's (and its dateline, with where it
    /// puts the story, the page's, unless the page's text has none);
    /// without, the feed's body stays and the note says why. [`Store::record_articles`] with one page.
    pub async fn record_article(&self, id: StoryId, page: &ArticlePage) -> Result<(), StoreError> {
        self.record_articles(&[(id, page.clone())], Timestamp::now())
            .await
    }

    /// Records the pages of several stories as [`Store::record_article`]
    /// does, in one transaction: all of them or, when one story is not
    /// there ([`StoreError::NotFound`]) or the database fails, none.
    ///
    /// Each page tried counts as an attempt. A page that failed for a
    /// passing reason ([`ArticlePage::retry`]) is due again after a wait
    /// that doubles from [`PAGE_RETRY_BASE_SECS`], until
    /// [`MAX_PAGE_ATTEMPTS`]; anything else settles it (see
    /// [`Store::stories_awaiting_pages`]). `at` is when the pages were tried.
    pub async fn record_articles(
        &self,
        pages: &[(StoryId, ArticlePage)],
        at: Timestamp,
    ) -> Result<(), StoreError> {
        if pages.is_empty() {
            return Ok(());
        }
        let begin = self.begin_write();
        with_writer!(self, bulk "record articles", conn => {
            let mut tx = conn.begin_with(begin).await?;
            for (id, page) in pages {
                let affected = match &page.body {
                    // The page's dateline and where it puts the story replace
                    // the feed's; a page without one keeps the feed's.
                    Some(body) => sqlx::query(
                        "UPDATE stories SET body = $2, body_html = $3, lead_image = $4, \
                         dateline = COALESCE($5, dateline), \
                         dateline_country = CASE WHEN $5 IS NULL THEN dateline_country ELSE $6 END, \
                         dateline_to_check = CASE WHEN $5 IS NULL THEN dateline_to_check ELSE $7 END, \
                         body_source = 'page', extraction_note = NULL, page_retry_after = NULL, page_holder = NULL, \
                         page_attempts = page_attempts + 1, search_indexed = TRUE WHERE id = $1",
                    )
                    .bind(id.0)
                    .bind(body)
                    .bind(&page.body_html)
                    .bind(page.lead_image.as_deref())
                    .bind(page.dateline.as_deref())
                    .bind(page.filed.country.as_ref().map(CountryCode::as_str))
                    .bind(page.filed.to_check)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected(),
                    None => sqlx::query(
                        "UPDATE stories SET extraction_note = $2, lead_image = COALESCE(lead_image, $3), \
                         page_attempts = page_attempts + 1, page_holder = NULL, search_indexed = TRUE, \
                         page_retry_after = CASE WHEN $4 AND page_attempts + 1 < $5 \
                           THEN $6 + $7 * (CASE page_attempts WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE 4 END) \
                           ELSE NULL END \
                         WHERE id = $1",
                    )
                    .bind(id.0)
                    .bind(page.note.as_deref())
                    .bind(page.lead_image.as_deref())
                    .bind(page.retry)
                    .bind(MAX_PAGE_ATTEMPTS)
                    .bind(at.as_second())
                    .bind(PAGE_RETRY_BASE_SECS)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected(),
                };
                if affected == 0 {
                    return Err(StoreError::NotFound(format!("story {id}")));
                }
                if page.body.is_some() {
                    // Its text changed: to be clustered again.
                    sqlx::query(crate::clusters::QUEUE_STORY)
                        .bind(id.0)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            sqlx::query(crate::site_changes::RECORD_CHANGE)
                .bind(at.as_second())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Stories of `source` whose page is due at `at` (a first try that
    /// never happened, or a retry after a passing failure), oldest first,
    /// at most `limit`: their ids and links.
    pub async fn stories_awaiting_pages(
        &self,
        source: SourceId,
        at: Timestamp,
        limit: u32,
    ) -> Result<Vec<(StoryId, String)>, StoreError> {
        let rows: Vec<(i64, String)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, link FROM stories WHERE source_id = $1 AND page_retry_after IS NOT NULL \
                 AND page_retry_after <= $2 ORDER BY id LIMIT $3",
            )
            .bind(source.0)
            .bind(at.as_second())
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, link)| (StoryId(id), link))
            .collect())
    }

    /// How many stories are stored.
    pub async fn count_stories(&self) -> Result<i64, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM stories").fetch_one(pool).await?
        }))
    }
}
