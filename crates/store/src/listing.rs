//! Lists of stories for pages and feeds: newest first, a page at a time.
//!
//! A list is walked with a [`StoryCursor`], the position of the last story
//! shown (its publication time and id), not with an offset: stories that
//! arrive while a reader pages through are above the cursor, so the next
//! page neither repeats a story nor skips one. Only the conditions a list
//! asks for go into its SQL, so each list can use its own index.

use crate::stories::{LAST_CHANGED, SHOWN_TO_READERS, STORY_SELECT, story_from_row};
use crate::{Store, StoreError, with_pool};
use jiff::Timestamp;
use newsdesk_domain::{CountryCode, MastheadReach, Section, SourceId, Story, StoryId};

/// Which stories a list holds.
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    /// Only stories this masthead takes (sources assigned to it, sources
    /// assigned to no masthead, and stories filed in its countries).
    pub masthead: Option<MastheadReach>,
    /// Only stories filed in these countries (a masthead's "Local"
    /// section); none at all when the list is empty.
    pub filed_in: Option<Vec<CountryCode>>,
    /// Only stories whose dateline names a country its place is not in:
    /// the admin's "Datelines to check".
    pub dateline_to_check: bool,
    /// Only stories filed under this section.
    pub section: Option<Section>,
    /// Only stories of this source.
    pub source: Option<SourceId>,
    /// Only stories published at or after this time.
    pub from: Option<Timestamp>,
    /// Only stories published before this time.
    pub until: Option<Timestamp>,
    /// Stories an editor unpublished as well: for the admin's stories page
    /// only. Every list readers see leaves it `false`, so it holds only
    /// published stories ([`crate::stories::SHOWN_TO_READERS`]).
    pub with_unpublished: bool,
}

/// Where a page of a list starts: just after (older than) this story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoryCursor {
    /// The last shown story's publication time, in seconds.
    published_at: i64,
    /// The last shown story's id.
    id: i64,
}

impl StoryCursor {
    /// The cursor that continues after `story`.
    pub fn after(story: &Story) -> Self {
        Self {
            published_at: story.published_at.as_second(),
            id: story.id.0,
        }
    }

    /// The last shown story's publication time: the page that starts
    /// here holds stories published at or before it.
    pub fn published_at(&self) -> Timestamp {
        Timestamp::from_second(self.published_at).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    /// Reads a cursor as [`StoryCursor`]'s `Display` writes it
    /// (`SECONDS-ID`); anything else, including a time out of range, is
    /// `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let (seconds, id) = text.split_once('-')?;
        if seconds.len() > 12 || id.len() > 19 {
            return None;
        }
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(seconds) || !all_digits(id) {
            return None;
        }
        let published_at: i64 = seconds.parse().ok()?;
        Timestamp::from_second(published_at).ok()?;
        Some(Self {
            published_at,
            id: id.parse().ok()?,
        })
    }
}

impl std::fmt::Display for StoryCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.published_at, self.id)
    }
}

/// One page of a list.
#[derive(Debug, Clone)]
pub struct StoryPage {
    /// The stories, newest first.
    pub stories: Vec<Story>,
    /// Where the next (older) page starts; `None` on the last page.
    pub next: Option<StoryCursor>,
}

/// A source that carried a story, for "Also reported by".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carrier {
    /// The source.
    pub source_id: SourceId,
    /// Its name.
    pub source_name: String,
    /// Its own link to the story.
    pub link: String,
}

/// The SQL condition "masthead `$n`, whose regions cover `countries`,
/// takes the story `st`": its source is assigned to that masthead or to
/// none, or the story was filed in one of those countries. The one rule
/// of [`newsdesk_domain::Masthead::takes`], in SQL.
///
/// The countries are written into the SQL as literals, which is safe:
/// a [`CountryCode`] is two capital letters by construction. A masthead's
/// queries keep the same text from one request to the next, so each is
/// prepared once per connection, and the planner sees the list.
pub(crate) fn masthead_takes(n: usize, countries: &[CountryCode]) -> String {
    masthead_takes_story("st", n, countries)
}

/// [`masthead_takes`] for the story aliased `alias`.
pub(crate) fn masthead_takes_story(alias: &str, n: usize, countries: &[CountryCode]) -> String {
    let by_region = if countries.is_empty() {
        String::new()
    } else {
        format!(" OR {}", filed_in_story(alias, countries))
    };
    format!(
        "(NOT EXISTS (SELECT 1 FROM source_mastheads sm WHERE sm.source_id = {alias}.source_id) \
         OR EXISTS (SELECT 1 FROM source_mastheads sm WHERE sm.source_id = {alias}.source_id \
         AND sm.masthead_id = ${n}){by_region})"
    )
}

/// The SQL condition "story `st` was filed in one of `countries`" (never
/// true for none), with the codes as literals (see [`masthead_takes`]).
/// False, never NULL, for a story with no country, so the condition can
/// be read as a value (whether a masthead may pin a story).
pub(crate) fn filed_in(countries: &[CountryCode]) -> String {
    filed_in_story("st", countries)
}

/// [`filed_in`] for the story aliased `alias`.
fn filed_in_story(alias: &str, countries: &[CountryCode]) -> String {
    if countries.is_empty() {
        return "1 = 0".to_owned();
    }
    let list: Vec<String> = countries.iter().map(|c| format!("'{c}'")).collect();
    format!(
        "({alias}.dateline_country IS NOT NULL AND {alias}.dateline_country IN ({}))",
        list.join(", ")
    )
}

/// The SQL condition "story `st` is the version of its cluster that
/// readers see": it leads its cluster (rank 0, or not clustered yet), or
/// no better-ranked version is shown to readers (by the masthead bound as
/// `$n`, whose regions cover `countries`, when there is one). Every list
/// readers see carries it, so a wire story republished under five links is
/// listed once (`crate::clusters`). The lead is checked first: most
/// stories lead their own cluster, and pay nothing more.
pub(crate) fn leads_its_cluster(masthead: Option<(usize, &[CountryCode])>) -> String {
    let takes = masthead
        .map(|(n, countries)| format!(" AND {}", masthead_takes_story("cm", n, countries)))
        .unwrap_or_default();
    leads_its_cluster_where(&takes)
}

/// [`leads_its_cluster`] with the condition on the better-ranked version
/// `cm` written by the caller (`""`, or `" AND ..."`).
pub(crate) fn leads_its_cluster_where(takes: &str) -> String {
    format!(
        "(st.cluster_rank = 0 OR st.cluster_id IS NULL OR NOT EXISTS (SELECT 1 FROM stories cm \
         WHERE cm.cluster_id = st.cluster_id AND cm.cluster_rank < st.cluster_rank \
         AND cm.unpublished_at IS NULL{takes}))"
    )
}

/// The order of every list: newest first, the larger id first at the same
/// second.
const NEWEST_FIRST: &str = "ORDER BY st.published_at DESC, st.id DESC";

/// The ids of the newest stories (at most `$limit`) filed in each of
/// `countries` that `where_sql` (a WHERE clause, or nothing) holds: a
/// stretch of the `stories_by_dateline_country` index per country, read
/// newest first and joined. An `IN` list of countries would read every
/// story of those countries and sort them (30 ms on SQLite for 5,000
/// stories, `bench/regions`); this reads at most `$limit` per country.
fn newest_in_each(where_sql: &str, countries: &[CountryCode], limit: usize) -> String {
    let and = if where_sql.is_empty() {
        " WHERE"
    } else {
        " AND"
    };
    countries
        .iter()
        .enumerate()
        .map(|(i, country)| {
            format!(
                "SELECT id FROM (SELECT st.id FROM stories st{where_sql}{and} \
                 st.dateline_country = '{country}' {NEWEST_FIRST} LIMIT ${limit}) AS filed_{i}"
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

/// A bound value of a query built from parts.
enum Arg {
    Int(i64),
    Text(String),
}

/// The WHERE clause of a filter (and cursor), with its bound values.
fn conditions(filter: &StoryFilter, cursor: Option<StoryCursor>) -> (String, Vec<Arg>) {
    let mut conditions: Vec<String> = Vec::new();
    let mut args: Vec<Arg> = Vec::new();
    let next_arg = |arg: Arg, args: &mut Vec<Arg>| {
        args.push(arg);
        args.len()
    };
    let mut masthead_arg = None;
    if let Some(masthead) = &filter.masthead {
        let n = next_arg(Arg::Text(masthead.id.as_str().to_owned()), &mut args);
        conditions.push(masthead_takes(n, &masthead.countries));
        masthead_arg = Some((n, masthead.countries.as_slice()));
    }
    if !filter.with_unpublished {
        conditions.push(SHOWN_TO_READERS.to_owned());
        conditions.push(leads_its_cluster(masthead_arg));
    }
    if let Some(countries) = &filter.filed_in {
        conditions.push(filed_in(countries));
    }
    if filter.dateline_to_check {
        conditions.push("st.dateline_to_check".to_owned());
    }
    if let Some(section) = &filter.section {
        let n = next_arg(Arg::Text(section.as_str().to_owned()), &mut args);
        conditions.push(format!("st.section = ${n}"));
    }
    if let Some(source) = filter.source {
        let n = next_arg(Arg::Int(source.0), &mut args);
        conditions.push(format!("st.source_id = ${n}"));
    }
    if let Some(from) = filter.from {
        let n = next_arg(Arg::Int(from.as_second()), &mut args);
        conditions.push(format!("st.published_at >= ${n}"));
    }
    if let Some(until) = filter.until {
        let n = next_arg(Arg::Int(until.as_second()), &mut args);
        conditions.push(format!("st.published_at < ${n}"));
    }
    if let Some(cursor) = cursor {
        let t = next_arg(Arg::Int(cursor.published_at), &mut args);
        let id = next_arg(Arg::Int(cursor.id), &mut args);
        conditions.push(format!(
            "(st.published_at < ${t} OR (st.published_at = ${t} AND st.id < ${id}))"
        ));
    }
    let sql = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    (sql, args)
}

/// Binds `args` in order and fetches every row.
macro_rules! fetch_with_args {
    ($pool:expr, $sql:expr, $args:expr) => {{
        let mut query = sqlx::query(sqlx::AssertSqlSafe($sql));
        for arg in $args {
            query = match arg {
                Arg::Int(v) => query.bind(*v),
                Arg::Text(v) => query.bind(v.as_str()),
            };
        }
        query.fetch_all($pool).await?
    }};
}

/// A story as a sitemap lists it: no text, only what locates and dates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryStub {
    /// The story's address: its cluster's name (`/story/ID`), its own id
    /// when it was never clustered.
    pub id: StoryId,
    /// Its headline (its URL's slug is made from it).
    pub title: String,
    /// When it was published.
    pub published_at: Timestamp,
    /// When it was stored, or edited later by an editor (its last
    /// change, for `lastmod`).
    pub ingested_at: Timestamp,
}

impl StoryStub {
    /// The readable part of the story's URL, as [`Story::slug`] makes it.
    pub fn slug(&self) -> newsdesk_domain::Slug {
        newsdesk_domain::Slug::of_headline(&self.title)
    }
}

impl Store {
    /// A page of the stories `filter` holds, newest first, starting after
    /// `cursor` (from the newest when `None`), at most `limit`.
    pub async fn list_stories(
        &self,
        filter: &StoryFilter,
        cursor: Option<StoryCursor>,
        limit: u32,
    ) -> Result<StoryPage, StoreError> {
        let by_country = filter.filed_in.as_ref().filter(|c| c.len() > 1);
        let (where_sql, mut args) = match by_country {
            Some(_) => {
                let others = StoryFilter {
                    filed_in: None,
                    ..filter.clone()
                };
                conditions(&others, cursor)
            }
            None => conditions(filter, cursor),
        };
        // One more than asked: whether a next page exists, without a count.
        args.push(Arg::Int(i64::from(limit) + 1));
        let n = args.len();
        let sql = match by_country {
            Some(countries) => format!(
                "{STORY_SELECT} WHERE st.id IN ({}) {NEWEST_FIRST} LIMIT ${n}",
                newest_in_each(&where_sql, countries, n)
            ),
            None => format!("{STORY_SELECT}{where_sql} {NEWEST_FIRST} LIMIT ${n}"),
        };
        let mut stories: Vec<Story> = with_pool!(self, pool => {
            let rows = fetch_with_args!(pool, sql.as_str(), &args);
            rows.iter().map(|row| Ok(story_from_row!(row))).collect::<Result<_, StoreError>>()?
        });
        let next = if stories.len() > limit as usize {
            stories.truncate(limit as usize);
            stories.last().map(StoryCursor::after)
        } else {
            None
        };
        Ok(StoryPage { stories, next })
    }

    /// The newest stories `filter` holds, without their text: for news
    /// sitemaps, at most `limit`.
    pub async fn story_stubs(
        &self,
        filter: &StoryFilter,
        limit: u32,
    ) -> Result<Vec<StoryStub>, StoreError> {
        let (where_sql, mut args) = conditions(filter, None);
        args.push(Arg::Int(i64::from(limit)));
        let sql = format!(
            "SELECT COALESCE(st.cluster_id, st.id), st.title, st.published_at, {LAST_CHANGED} \
             FROM stories st{where_sql} \
             ORDER BY st.published_at DESC, st.id DESC LIMIT ${}",
            args.len()
        );
        self.stubs(&sql, &args).await
    }

    /// The stories of a masthead whose ids fall in one block of `block`
    /// ids (`number` from 0: ids `number*block+1 ..= (number+1)*block`),
    /// without their text, oldest first: one sitemap file each, so a file
    /// keeps its stories as new ones arrive.
    pub async fn story_stubs_in_block(
        &self,
        masthead: &MastheadReach,
        number: i64,
        block: i64,
    ) -> Result<Vec<StoryStub>, StoreError> {
        let args = [
            Arg::Text(masthead.id.as_str().to_owned()),
            Arg::Int(number.saturating_mul(block)),
            Arg::Int(number.saturating_add(1).saturating_mul(block)),
        ];
        let sql = format!(
            "SELECT COALESCE(st.cluster_id, st.id), st.title, st.published_at, {LAST_CHANGED} \
             FROM stories st WHERE {} AND {SHOWN_TO_READERS} AND {} \
             AND st.id > $2 AND st.id <= $3 ORDER BY st.id",
            masthead_takes(1, &masthead.countries),
            leads_its_cluster(Some((1, &masthead.countries)))
        );
        self.stubs(&sql, &args).await
    }

    /// The blocks of `block` ids that hold stories of a masthead, with the
    /// newest storing time in each: the sitemap index.
    pub async fn story_blocks(
        &self,
        masthead: &MastheadReach,
        block: i64,
    ) -> Result<Vec<(i64, Timestamp)>, StoreError> {
        let sql = format!(
            "SELECT (st.id - 1) / $2 AS block, MAX({LAST_CHANGED}) FROM stories st \
             WHERE {} AND {SHOWN_TO_READERS} GROUP BY (st.id - 1) / $2 ORDER BY block",
            masthead_takes(1, &masthead.countries)
        );
        let rows: Vec<(i64, i64)> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(masthead.id.as_str())
                .bind(block.max(1))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|(n, at)| Ok((n, crate::stories::ts(at)?)))
            .collect()
    }

    /// For a day's archive: when the newest story of `masthead` before
    /// `from` and the oldest at or after `until` were published, so the
    /// page links to the nearest days that have stories, not to empty ones.
    pub async fn nearest_story_times(
        &self,
        masthead: &MastheadReach,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<(Option<Timestamp>, Option<Timestamp>), StoreError> {
        let takes = format!(
            "{} AND {SHOWN_TO_READERS}",
            masthead_takes(1, &masthead.countries)
        );
        let before_sql = format!(
            "SELECT MAX(st.published_at) FROM stories st WHERE {takes} AND st.published_at < $2"
        );
        let after_sql = format!(
            "SELECT MIN(st.published_at) FROM stories st WHERE {takes} AND st.published_at >= $2"
        );
        let (before, after): (Option<i64>, Option<i64>) = with_pool!(self, pool => {
            let before = sqlx::query_scalar(sqlx::AssertSqlSafe(before_sql.as_str()))
                .bind(masthead.id.as_str())
                .bind(from.as_second())
                .fetch_one(pool)
                .await?;
            let after = sqlx::query_scalar(sqlx::AssertSqlSafe(after_sql.as_str()))
                .bind(masthead.id.as_str())
                .bind(until.as_second())
                .fetch_one(pool)
                .await?;
            (before, after)
        });
        Ok((
            before.map(crate::stories::ts).transpose()?,
            after.map(crate::stories::ts).transpose()?,
        ))
    }

    async fn stubs(&self, sql: &str, args: &[Arg]) -> Result<Vec<StoryStub>, StoreError> {
        let rows: Vec<(i64, String, i64, i64)> = with_pool!(self, pool => {
            let rows = fetch_with_args!(pool, sql, args);
            rows.iter()
                .map(|row| {
                    use sqlx::Row as _;
                    Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?))
                })
                .collect::<Result<_, StoreError>>()?
        });
        rows.into_iter()
            .map(|(id, title, published, ingested)| {
                Ok(StoryStub {
                    id: StoryId(id),
                    title,
                    published_at: crate::stories::ts(published)?,
                    ingested_at: crate::stories::ts(ingested)?,
                })
            })
            .collect()
    }
}
