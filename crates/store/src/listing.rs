//! Lists of stories for pages and feeds: newest first, a page at a time.
//!
//! A list is walked with a [`StoryCursor`], the position of the last story
//! shown (its publication time and id), not with an offset: stories that
//! arrive while a reader pages through are above the cursor, so the next
//! page neither repeats a story nor skips one. Only the conditions a list
//! asks for go into its SQL, so each list can use its own index.

use crate::stories::{STORY_SELECT, story_from_row};
use crate::{Store, StoreError, with_pool};
use jiff::Timestamp;
use newsdesk_domain::{MastheadId, Section, SourceId, Story, StoryId};

/// Which stories a list holds.
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    /// Only stories this masthead takes (sources assigned to it, and
    /// sources assigned to no masthead).
    pub masthead: Option<MastheadId>,
    /// Only stories filed under this section.
    pub section: Option<Section>,
    /// Only stories of this source.
    pub source: Option<SourceId>,
    /// Only stories published at or after this time.
    pub from: Option<Timestamp>,
    /// Only stories published before this time.
    pub until: Option<Timestamp>,
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

/// The SQL condition "masthead `$n` takes the story `st`".
pub(crate) fn masthead_takes(n: usize) -> String {
    format!(
        "(NOT EXISTS (SELECT 1 FROM source_mastheads sm WHERE sm.source_id = st.source_id) \
         OR EXISTS (SELECT 1 FROM source_mastheads sm WHERE sm.source_id = st.source_id \
         AND sm.masthead_id = ${n}))"
    )
}

/// A bound value of a query built from parts.
enum Arg {
    Int(i64),
    Text(String),
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
        let mut conditions: Vec<String> = Vec::new();
        let mut args: Vec<Arg> = Vec::new();
        let next_arg = |arg: Arg, args: &mut Vec<Arg>| {
            args.push(arg);
            args.len()
        };
        if let Some(masthead) = &filter.masthead {
            let n = next_arg(Arg::Text(masthead.as_str().to_owned()), &mut args);
            conditions.push(masthead_takes(n));
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
        // One more than asked: whether a next page exists, without a count.
        let n = next_arg(Arg::Int(i64::from(limit) + 1), &mut args);
        let filter_sql = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "{STORY_SELECT}{filter_sql} ORDER BY st.published_at DESC, st.id DESC LIMIT ${n}"
        );
        let mut stories: Vec<Story> = with_pool!(self, pool => {
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
            for arg in &args {
                query = match arg {
                    Arg::Int(v) => query.bind(*v),
                    Arg::Text(v) => query.bind(v.as_str()),
                };
            }
            let rows = query.fetch_all(pool).await?;
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

    /// The sources that carried a story, the first one first, with their
    /// names and their own links.
    pub async fn carriers(&self, story: StoryId) -> Result<Vec<Carrier>, StoreError> {
        let rows: Vec<(i64, String, String)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT c.source_id, so.name, c.link FROM coverage c JOIN sources so ON so.id = c.source_id \
                 WHERE c.story_id = $1 ORDER BY c.seen_at, c.source_id",
            )
            .bind(story.0)
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
}
