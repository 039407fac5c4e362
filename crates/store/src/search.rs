//! Full-text search of stories, ranked, with highlighted snippets.
//!
//! The index lives in the database next to the stories (migration 0005):
//! an FTS5 table kept by triggers on SQLite, a generated `tsvector` column
//! with a GIN index on PostgreSQL. Either way a story is searchable in the
//! transaction that stores it, and there is no second store to keep in
//! step.
//!
//! **The reader's text is never query syntax.** The search takes the
//! words out of it (letters and digits, lower-cased), keeps a `"quoted
//! phrase"` as a phrase and a word or phrase after a leading `-` as one to
//! leave out, and writes the backend's query from those alone: each term
//! quoted for FTS5, operators between bare words for `to_tsquery`. Text
//! with no words left (empty, punctuation, or on PostgreSQL only common
//! words such as "the") finds nothing; it is never an error.
//!
//! **Ranking**: the headline counts five times the body, the standfirst
//! twice (FTS5's `bm25`; PostgreSQL's `ts_rank_cd` with weights
//! A = 1.0, B = 0.4, C = 0.2, divided by the log of the story's length),
//! ties newest first, then by id.
//!
//! **Ranking the newest only**: a search may ask to rank only the newest
//! stories it finds, so many of them ([`SearchQuery::ranked`]). Ranking
//! reads each story found: for a word most stories hold, that is most of
//! the archive and most of the search's time, and it grows with the
//! archive. Such a search takes the newest stories found (by id, from the
//! index in its own order on SQLite, by walking the ids down on
//! PostgreSQL) and ranks those, so that a common word costs about what a
//! rare one does; a search that finds fewer ranks every one, as without
//! the bound. Its pages end after them. The admin's story search asks for
//! this; the site's search ranks every story found.
//!
//! **Paging** does not shift while stories arrive: the first page notes
//! the newest story id it could see and every later page, through its
//! [`SearchCursor`], searches only the stories up to that id, at an
//! offset. Two limits, both about ranks that move under the cursor: on
//! SQLite `bm25` weighs a word by how many stories hold it, so stories
//! arriving can swap two hits whose scores were all but equal; and on
//! PostgreSQL an id is handed out when a story is written, not when its
//! batch commits, so a batch still open when page one was read can add a
//! story below the mark before page two. Either way a hit may show twice
//! or not at all at a page boundary; nothing fails. A story whose text
//! changes (its page replaced the feed's body) is searched as it is now.
//!
//! **Snippets** are plain text, about 30 words of the body around the
//! matches (of the standfirst when the body holds none of the words; the
//! opening of the body when only the headline matched), with
//! [`MATCH_START`] before and [`MATCH_END`] after each matched word and
//! `…` where the extract cuts the text. A story's own text never brings
//! those two characters: any it holds become spaces. The caller escapes
//! the text, then turns the markers into `<mark>` and `</mark>`. A page
//! that shows no snippets asks for none ([`SearchQuery::snippets`]): they
//! are made from each hit's whole text, which costs more than finding it.
//!
//! The backends differ a little in what they find: SQLite folds diacritics
//! ("reunion" finds "Réunion"), PostgreSQL does not; PostgreSQL leaves out
//! common English words, SQLite searches them; PostgreSQL indexes the first
//! 100,000 characters of a body, SQLite all of it.

use crate::stories::{SHOWN_TO_READERS, STORY_COLUMNS, story_from_row, taken_by_masthead};
use crate::{Pool, Store, StoreError, with_writer};
use jiff::Timestamp;
use newsdesk_domain::{CountryCode, MastheadReach, Section, SourceId, Story};
use std::fmt;
use std::sync::LazyLock;

/// Marks the start of a matched word in a [`SearchHit::snippet`] (a
/// private-use character; one in a story's own text never reaches a
/// snippet).
pub const MATCH_START: char = '\u{E000}';

/// Marks the end of a matched word in a [`SearchHit::snippet`].
pub const MATCH_END: char = '\u{E001}';

/// The most hits a page holds; a larger [`SearchQuery::limit`] is cut to it.
pub const MAX_SEARCH_LIMIT: u32 = 100;

/// How much of the reader's text is read, in characters.
pub const MAX_QUERY_CHARS: usize = 256;

/// How many words (in terms and phrases together) are searched at most.
pub const MAX_QUERY_WORDS: usize = 32;

/// About how many words a snippet holds.
const SNIPPET_WORDS: u32 = 30;

/// What a reader searched for.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    /// What the reader typed, as typed: untrusted, read as words only.
    pub text: String,
    /// Only stories this masthead takes (see [`crate::StoryFilter::masthead`]).
    pub masthead: Option<MastheadReach>,
    /// Only stories filed under this section.
    pub section: Option<Section>,
    /// Only stories of this source.
    pub source: Option<SourceId>,
    /// Only stories published at or after this.
    pub from: Option<Timestamp>,
    /// Only stories published before this.
    pub until: Option<Timestamp>,
    /// At most this many hits (at most [`MAX_SEARCH_LIMIT`]; 0 finds none).
    pub limit: u32,
    /// Where the page starts: `None` for the first page, else the
    /// [`SearchPage::next`] of the page before, with the same query.
    pub cursor: Option<SearchCursor>,
    /// Rank only the newest this many stories found (by id: the latest
    /// stored), so that a search for words most stories hold costs about
    /// the same as one for a rare word; the pages end after them. Among
    /// them, those whose headline holds the words come first (SQLite:
    /// those, then the others, each newest first; PostgreSQL: by
    /// `ts_rank_cd`, which weighs the headline most). `None` ranks every
    /// story found by relevance.
    pub ranked: Option<u32>,
    /// Whether each hit carries its snippet; without, [`SearchHit::snippet`]
    /// is empty and none is made.
    pub snippets: bool,
    /// Stories an editor unpublished as well: for the admin's stories page
    /// only; readers' searches leave it `false`.
    pub with_unpublished: bool,
}

impl Default for SearchQuery {
    /// No text (which finds nothing), no filters, the first 20 hits, every
    /// story found ranked, with snippets.
    fn default() -> Self {
        Self {
            text: String::new(),
            masthead: None,
            section: None,
            source: None,
            from: None,
            until: None,
            limit: 20,
            cursor: None,
            ranked: None,
            snippets: true,
            with_unpublished: false,
        }
    }
}

/// One story found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    /// The story.
    pub story: Story,
    /// Plain text around the matches, each matched word between
    /// [`MATCH_START`] and [`MATCH_END`] (see the module's doc).
    pub snippet: String,
}

/// One page of hits, best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPage {
    /// The hits.
    pub hits: Vec<SearchHit>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<SearchCursor>,
}

/// Where a later page of a search starts: the newest story id the first
/// page could see, and how many hits come before the page.
///
/// Written as text (`Display`) for a link and read back with
/// [`SearchCursor::parse`], which refuses anything not in the form it is
/// written in. It is neither secret nor signed: a cursor made by hand can
/// only choose a mark and an offset, which paging gives anyone, and one
/// past the last hit gives an empty page. It does not hold the query: it
/// belongs with the query whose page gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SearchCursor {
    /// Stories above this id are not searched.
    newest: i64,
    /// Hits before the page.
    offset: u32,
}

impl SearchCursor {
    /// Reads a cursor as `Display` wrote it (`NEWEST-OFFSET`, both
    /// positive, in plain decimal); `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let (newest, offset) = text.split_once('-')?;
        let cursor = Self {
            newest: positive(newest)?,
            offset: u32::try_from(positive(offset)?).ok()?,
        };
        Some(cursor)
    }
}

/// A positive number in plain decimal: digits only, no leading zero.
fn positive(text: &str) -> Option<i64> {
    let canonical =
        !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0');
    if canonical { text.parse().ok() } else { None }
}

impl fmt::Display for SearchCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.newest, self.offset)
    }
}

/// One thing to search for: a word, or a phrase of words in a row.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    words: Vec<String>,
}

/// The words of a reader's text, ready for either backend.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Terms {
    /// Every story found holds each of these.
    wanted: Vec<Term>,
    /// No story found holds any of these.
    unwanted: Vec<Term>,
}

impl Terms {
    /// Reads the first [`MAX_QUERY_CHARS`] characters of `text`: runs of
    /// letters and digits are words, lower-cased; words between double
    /// quotes are a phrase (an unclosed quote runs to the end); a `-`
    /// that starts a word or a quote (at the start or after white space)
    /// leaves it out. At most [`MAX_QUERY_WORDS`] words are kept.
    fn read(text: &str) -> Self {
        let mut terms = Self::default();
        let mut words = 0;
        // The phrase being read, and whether it is left out.
        let mut phrase: Option<(Vec<String>, bool)> = None;
        let mut word = String::new();
        let mut word_unwanted = false;
        let mut minus = false;
        let mut previous: Option<char> = None;
        for c in text.chars().take(MAX_QUERY_CHARS) {
            if c.is_alphanumeric() {
                if word.is_empty() {
                    word_unwanted = minus && previous == Some('-');
                }
                word.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
            } else {
                if !word.is_empty() && words < MAX_QUERY_WORDS {
                    words += 1;
                    match &mut phrase {
                        Some((phrase, _)) => phrase.push(std::mem::take(&mut word)),
                        None => terms.add(vec![std::mem::take(&mut word)], word_unwanted),
                    }
                }
                word.clear();
                if c == '"' {
                    match phrase.take() {
                        Some((words, unwanted)) => terms.add(words, unwanted),
                        None => phrase = Some((Vec::new(), minus && previous == Some('-'))),
                    }
                }
                // A `-` counts at the start or after white space, outside
                // a phrase, and only until the next character.
                minus = c == '-' && phrase.is_none() && previous.is_none_or(char::is_whitespace);
            }
            previous = Some(c);
        }
        if !word.is_empty() && words < MAX_QUERY_WORDS {
            match &mut phrase {
                Some((phrase, _)) => phrase.push(word),
                None => terms.add(vec![word], word_unwanted),
            }
        }
        if let Some((words, unwanted)) = phrase {
            terms.add(words, unwanted);
        }
        terms
    }

    fn add(&mut self, words: Vec<String>, unwanted: bool) {
        if words.is_empty() {
            return;
        }
        let term = Term { words };
        if unwanted {
            self.unwanted.push(term);
        } else {
            self.wanted.push(term);
        }
    }

    /// An FTS5 query: each term a quoted string (a phrase when it has
    /// several words), all wanted terms, none of the unwanted. Words hold
    /// no `"`, so no quote can close early.
    fn fts5(&self) -> String {
        let quoted = |term: &Term| format!("\"{}\"", term.words.join(" "));
        let wanted: Vec<String> = self.wanted.iter().map(quoted).collect();
        let mut query = format!("({})", wanted.join(" AND "));
        if !self.unwanted.is_empty() {
            let unwanted: Vec<String> = self.unwanted.iter().map(quoted).collect();
            query.push_str(&format!(" NOT ({})", unwanted.join(" OR ")));
        }
        query
    }

    /// `to_tsquery` text for `terms`, joined by `operator` (`&` or `|`);
    /// a phrase's words are joined by `<->`. Words are letters and digits
    /// only, so none of them is an operator.
    fn tsquery(terms: &[Term], operator: &str) -> String {
        terms
            .iter()
            .map(|term| format!("({})", term.words.join(" <-> ")))
            .collect::<Vec<_>>()
            .join(&format!(" {operator} "))
    }

    /// Every word of `terms`, for `to_tsvector` to say whether any of them
    /// is more than a common word (so `to_tsquery` never sees only those,
    /// which it logs a notice about).
    fn words(terms: &[Term]) -> String {
        terms
            .iter()
            .flat_map(|term| term.words.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The filters both backends share: `$1` masthead (whose regions cover
/// `countries`), `$2` section, `$3` source, `$4` from, `$5` until, `$N`
/// (`unpublished`) whether stories an editor unpublished are searched
/// too, and the mark of the first page. The mark is a test of each story
/// found (`+ 0`), not a range of the id index for PostgreSQL to read:
/// nearly every story is below it.
fn filters(unpublished: usize, countries: &[CountryCode]) -> String {
    format!(
        "st.id + 0 <= (SELECT id FROM mark) AND {} \
         AND ({SHOWN_TO_READERS} OR ${unpublished}) AND (${unpublished} OR {}) \
         AND ($2 IS NULL OR st.section = $2) AND ($3 IS NULL OR st.source_id = $3) \
         AND ($4 IS NULL OR st.published_at >= $4) AND ($5 IS NULL OR st.published_at < $5)",
        taken_by_masthead(countries),
        crate::listing::leads_its_cluster_where(&format!(
            " AND ($1 IS NULL OR {})",
            crate::listing::masthead_takes_story("cm", 1, countries)
        ))
    )
}

/// `$6` the cursor's mark; NULL on a first page, which takes the newest id
/// in the same statement (so the page and its mark agree).
const MARK: &str = "mark AS (SELECT COALESCE($6, MAX(id), 0) AS id FROM stories)";

/// What a search statement is asked to do besides finding the page: it is
/// written for each of the four, on each backend.
#[derive(Debug, Clone, Copy)]
struct Shape {
    /// Rank only the newest stories found, as many as the last parameter
    /// says ([`SearchQuery::ranked`]); else every story found.
    bounded: bool,
    /// Make snippets for the page's rows; else their columns are NULL.
    snippets: bool,
}

/// SQLite: `$9` the FTS5 query, `$10` how many of the newest stories found
/// are ranked (bounded searches), `$11` whether unpublished stories are
/// searched too. The page (`$7` rows after `$8`) is chosen
/// first and the snippets made for its rows only. Each snippet is asked for
/// twice, with and without markers, to tell ours from any the story holds.
///
/// A bounded search takes the newest stories from the index itself, in id
/// order (the index walks its lists from the top and stops there), and
/// reads the stories' rows for those only; otherwise every story found is
/// read, and a story's publication time sits after its body in the row.
/// It ranks those whose headline holds the wanted words first, each group
/// newest first: FTS5's `bm25` weighs each term by how many stories of the
/// whole index hold it, and counting that for a phrase reads every story
/// that holds its words (20 ms for one in most stories, whatever the bound;
/// `bench/admin`), where asking the index again for the headline matches
/// among the newest found costs a walk like the first.
fn sqlite_search(shape: Shape, countries: &[CountryCode]) -> String {
    let filters = filters(11, countries);
    let snippet = |column: u8, start: &str, end: &str| {
        format!("snippet(stories_search, {column}, {start}, {end}, '…', {SNIPPET_WORDS})")
    };
    let (start, end) = (
        format!("char({})", u32::from(MATCH_START)),
        format!("char({})", u32::from(MATCH_END)),
    );
    let page = if shape.bounded {
        format!(
            "found AS MATERIALIZED (\
               SELECT stories_search.rowid AS id \
               FROM stories_search JOIN stories st ON st.id = stories_search.rowid \
               WHERE stories_search MATCH $9 AND {filters} \
               ORDER BY stories_search.rowid DESC LIMIT $10), \
             titled AS MATERIALIZED (\
               SELECT rowid AS id FROM stories_search \
               WHERE stories_search MATCH 'title : ' || $9 \
                 AND rowid >= (SELECT MIN(id) FROM found)), \
             page AS MATERIALIZED (\
               SELECT found.id, st.published_at, \
                 CASE WHEN found.id IN (SELECT id FROM titled) THEN 0 ELSE 1 END AS score \
               FROM found JOIN stories st ON st.id = found.id \
               ORDER BY score, st.published_at DESC, found.id DESC LIMIT $7 OFFSET $8)"
        )
    } else {
        format!(
            "page AS MATERIALIZED (\
               SELECT st.id, st.published_at, bm25(stories_search, 5.0, 2.0, 1.0) AS score \
               FROM stories_search JOIN stories st ON st.id = stories_search.rowid \
               WHERE stories_search MATCH $9 AND {filters} \
               ORDER BY score, st.published_at DESC, st.id DESC LIMIT $7 OFFSET $8)"
        )
    };
    let (snippets, from) = if shape.snippets {
        (
            format!(
                "{body} AS body_snippet, {body_plain} AS body_plain, \
                 {standfirst} AS standfirst_snippet, {standfirst_plain} AS standfirst_plain",
                body = snippet(2, &start, &end),
                body_plain = snippet(2, "''", "''"),
                standfirst = snippet(1, &start, &end),
                standfirst_plain = snippet(1, "''", "''"),
            ),
            "FROM page CROSS JOIN stories_search CROSS JOIN stories st \
               JOIN sources so ON so.id = st.source_id \
             WHERE stories_search.rowid = page.id AND stories_search MATCH $9 AND st.id = page.id",
        )
    } else {
        (
            NO_SNIPPETS.to_owned(),
            "FROM page JOIN stories st ON st.id = page.id JOIN sources so ON so.id = st.source_id",
        )
    };
    format!(
        "WITH {MARK}, {page} \
         SELECT {STORY_COLUMNS}, (SELECT id FROM mark) AS mark, {snippets} {from} \
         ORDER BY page.score, page.published_at DESC, page.id DESC"
    )
}

/// The snippet columns of a search without snippets.
const NO_SNIPPETS: &str = "NULL AS body_snippet, NULL AS body_plain, \
    NULL AS standfirst_snippet, NULL AS standfirst_plain";

/// PostgreSQL: `$9` the wanted terms for `to_tsquery` and `$10` their
/// words, `$11` and `$12` the same for the unwanted (NULL when none),
/// `$13` the headline options, `$14` how many of the newest stories found
/// are ranked (bounded searches), `$15` whether unpublished stories are
/// searched too. Snippets are made for the page's rows
/// only, from the stretch of text the index holds, with the story's own
/// markers made spaces first.
///
/// A bounded search finds the newest stories first, by id, and ranks those
/// only: ranking reads and unpacks each story's words, which for a word
/// most stories hold is most of the search's time.
fn postgres_search(shape: Shape, countries: &[CountryCode]) -> String {
    let filters = filters(15, countries);
    let headline = |column: &str, indexed: u32| {
        format!(
            "ts_headline('english', left(translate(st.{column}, chr({start}) || chr({end}), '  '), \
             {indexed}), q.wanted, $13)",
            start = u32::from(MATCH_START),
            end = u32::from(MATCH_END),
        )
    };
    let found = "st.search_words @@ q.wanted \
         AND NOT COALESCE(st.search_words @@ q.unwanted, false)";
    let rank = "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', st.search_words, q.wanted, 1)";
    let page = if shape.bounded {
        // The query is written out here rather than read from `q`, so that
        // planning with the values (the statement is never kept: see
        // `Store::search`) sees the words and how many stories hold them:
        // a word most stories hold is found by walking the ids down, a
        // rarer one through the index of words.
        format!(
            "found AS (\
               SELECT st.id FROM stories st \
               WHERE st.search_words @@ ({WANTED}) \
                 AND NOT COALESCE(st.search_words @@ ({UNWANTED}), false) AND {filters} \
               ORDER BY st.id DESC LIMIT $14), \
             page AS (\
               SELECT st.id, st.published_at, {rank} AS score \
               FROM found JOIN stories st ON st.id = found.id CROSS JOIN q \
               ORDER BY score DESC, st.published_at DESC, st.id DESC LIMIT $7 OFFSET $8)"
        )
    } else {
        format!(
            "page AS (\
               SELECT st.id, st.published_at, {rank} AS score \
               FROM stories st CROSS JOIN q WHERE {found} AND {filters} \
               ORDER BY score DESC, st.published_at DESC, st.id DESC LIMIT $7 OFFSET $8)"
        )
    };
    let snippets = if shape.snippets {
        format!(
            "{body} AS body_snippet, NULL::text AS body_plain, \
             {standfirst} AS standfirst_snippet, NULL::text AS standfirst_plain",
            body = headline("body", 100_000),
            standfirst = headline("standfirst", 10_000),
        )
    } else {
        NO_SNIPPETS.replace("NULL", "NULL::text")
    };
    format!(
        "WITH {MARK}, \
         q AS (SELECT {WANTED} AS wanted, {UNWANTED} AS unwanted), \
         {page} \
         SELECT {STORY_COLUMNS}, (SELECT id FROM mark) AS mark, {snippets} \
         FROM page JOIN stories st ON st.id = page.id JOIN sources so ON so.id = st.source_id \
           CROSS JOIN q \
         ORDER BY page.score DESC, page.published_at DESC, page.id DESC"
    )
}

/// PostgreSQL: the wanted terms' query, NULL when they are only common
/// words (which `to_tsquery` would log a notice about).
const WANTED: &str = "CASE WHEN to_tsvector('english', $10) <> ''::tsvector \
    THEN to_tsquery('english', $9) END";

/// PostgreSQL: the unwanted terms' query, NULL when there are none.
const UNWANTED: &str = "CASE WHEN to_tsvector('english', $12) <> ''::tsvector \
    THEN to_tsquery('english', $11) END";

/// `ts_headline`'s options: our markers, one extract of about
/// [`SNIPPET_WORDS`] words (half that when nothing in the text matched),
/// short words kept at its edges.
static HEADLINE_OPTIONS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "StartSel={MATCH_START}, StopSel={MATCH_END}, MaxFragments=1, \
         MaxWords={SNIPPET_WORDS}, MinWords={}, ShortWord=0",
        SNIPPET_WORDS / 2
    )
});

/// One row of a page as read, before its snippet is chosen.
struct Found {
    story: Story,
    mark: i64,
    body: Snippet,
    standfirst: Snippet,
}

/// A snippet as the database wrote it.
struct Snippet {
    /// With the markers.
    marked: String,
    /// SQLite: the same extract without them; PostgreSQL: `None` (the
    /// story's own markers were made spaces in the query).
    plain: Option<String>,
}

/// A [`Found`] from a search row, on either backend.
macro_rules! found_from_row {
    ($row:expr) => {{
        use sqlx::Row as _;
        let row = $row;
        Found {
            story: story_from_row!(row),
            mark: row.try_get("mark")?,
            body: Snippet {
                marked: row
                    .try_get::<Option<String>, _>("body_snippet")?
                    .unwrap_or_default(),
                plain: row.try_get("body_plain")?,
            },
            standfirst: Snippet {
                marked: row
                    .try_get::<Option<String>, _>("standfirst_snippet")?
                    .unwrap_or_default(),
                plain: row.try_get("standfirst_plain")?,
            },
        }
    }};
}

impl Store {
    /// Checks that SQLite's full-text index holds exactly the text of the
    /// stories it should (FTS5's `integrity-check` against the stories
    /// table); an index that drifted is [`StoreError::Corrupt`]. On
    /// PostgreSQL the search words are part of each row, and nothing can
    /// drift.
    pub async fn check_search_index(&self) -> Result<(), StoreError> {
        if self.backend() == crate::Backend::Postgres {
            return Ok(());
        }
        let checked: Result<(), StoreError> = with_writer!(self, "check search index", conn => {
            match sqlx::query(
                "INSERT INTO stories_search (stories_search, rank) VALUES ('integrity-check', 1)",
            )
            .execute(&mut *conn)
            .await
            {
                Ok(_) => Ok(()),
                Err(sqlx::Error::Database(e)) if e.message().contains("malformed") => Err(
                    StoreError::Corrupt("the search index does not match the stories".into()),
                ),
                Err(other) => Err(other.into()),
            }
        });
        checked
    }

    /// Searches the stories for `query`'s text, best match first (see the
    /// module's doc for how the text is read, ranked, paged and
    /// highlighted). Text with no words to search for gives an empty page.
    pub async fn search(&self, query: &SearchQuery) -> Result<SearchPage, StoreError> {
        let terms = Terms::read(&query.text);
        let limit = query.limit.min(MAX_SEARCH_LIMIT);
        if terms.wanted.is_empty() || limit == 0 {
            return Ok(SearchPage {
                hits: Vec::new(),
                next: None,
            });
        }
        let offset = query.cursor.map_or(0, |c| c.offset);
        let mark = query.cursor.map(|c| c.newest);
        // One row more than the page says whether there is a next page.
        let rows = i64::from(limit) + 1;
        let masthead = query.masthead.as_ref().map(|m| m.id.as_str());
        // A masthead's countries are part of the statement (codes checked
        // when the config was read), so it is written for each search.
        let countries = query
            .masthead
            .as_ref()
            .map_or(&[][..], |m| m.countries.as_slice());
        let section = query.section.as_ref().map(Section::as_str);
        let source = query.source.map(|s| s.0);
        let from = query.from.map(Timestamp::as_second);
        let until = query.until.map(Timestamp::as_second);
        let shape = Shape {
            bounded: query.ranked.is_some(),
            snippets: query.snippets,
        };
        let ranked = i64::from(query.ranked.unwrap_or(0));
        let mut found: Vec<Found> = match &self.pool {
            Pool::Sqlite(pool) => {
                let rows = sqlx::query(sqlx::AssertSqlSafe(sqlite_search(shape, countries)))
                    .bind(masthead)
                    .bind(section)
                    .bind(source)
                    .bind(from)
                    .bind(until)
                    .bind(mark)
                    .bind(rows)
                    .bind(i64::from(offset))
                    .bind(terms.fts5())
                    .bind(ranked)
                    .bind(query.with_unpublished)
                    .fetch_all(pool)
                    .await?;
                rows.iter()
                    .map(|row| Ok(found_from_row!(row)))
                    .collect::<Result<_, StoreError>>()?
            }
            Pool::Postgres(pool) => {
                let unwanted = (!terms.unwanted.is_empty()).then_some(&terms.unwanted);
                // A bounded search is planned with its values each time
                // (not kept as a prepared statement, whose plan would come
                // to ignore them): how it is best found depends on how
                // many stories hold its words.
                let rows = sqlx::query(sqlx::AssertSqlSafe(postgres_search(shape, countries)))
                    .persistent(!shape.bounded)
                    .bind(masthead)
                    .bind(section)
                    .bind(source)
                    .bind(from)
                    .bind(until)
                    .bind(mark)
                    .bind(rows)
                    .bind(i64::from(offset))
                    .bind(Terms::tsquery(&terms.wanted, "&"))
                    .bind(Terms::words(&terms.wanted))
                    .bind(unwanted.map(|t| Terms::tsquery(t, "|")))
                    .bind(unwanted.map(|t| Terms::words(t)))
                    .bind(HEADLINE_OPTIONS.as_str())
                    .bind(ranked)
                    .bind(query.with_unpublished)
                    .fetch_all(pool)
                    .await?;
                rows.iter()
                    .map(|row| Ok(found_from_row!(row)))
                    .collect::<Result<_, StoreError>>()?
            }
        };
        let next = match (found.len() > limit as usize, found.first()) {
            (true, Some(first)) => offset.checked_add(limit).map(|offset| SearchCursor {
                newest: first.mark,
                offset,
            }),
            _ => None,
        };
        found.truncate(limit as usize);
        let hits = found
            .into_iter()
            .map(|found| match query.snippets {
                true => found.into_hit(),
                false => SearchHit {
                    story: found.story,
                    snippet: String::new(),
                },
            })
            .collect();
        Ok(SearchPage { hits, next })
    }
}

impl Found {
    /// The hit, with the body's snippet when the body matched, else the
    /// standfirst's when it did, else the opening of the body (or of the
    /// standfirst when there is no body).
    fn into_hit(self) -> SearchHit {
        let (body, body_matched) = self.body.finish(&self.story.body);
        let snippet = if body_matched {
            body
        } else {
            let (standfirst, standfirst_matched) = self.standfirst.finish(&self.story.standfirst);
            if standfirst_matched || body.is_empty() {
                standfirst
            } else {
                body
            }
        };
        SearchHit {
            story: self.story,
            snippet,
        }
    }
}

impl Snippet {
    /// The snippet as a hit carries it, and whether it marks anything.
    /// `text` is the stored text it was taken from.
    fn finish(self, text: &str) -> (String, bool) {
        let cells = match &self.plain {
            Some(plain) => cells_against(&self.marked, plain),
            None => {
                let cells = cells_of(&self.marked);
                let extract: String = cells.iter().map(|&(c, _)| c).collect();
                let mut whole = Vec::with_capacity(cells.len() + 4);
                match reaches(text.chars(), extract.chars()) {
                    Some(head) => whole.extend(head.into_iter().rev().map(|c| (c, false))),
                    None => whole.push(('…', false)),
                }
                whole.extend(cells);
                match reaches(text.chars().rev(), extract.chars().rev()) {
                    Some(tail) => whole.extend(tail.into_iter().map(|c| (c, false))),
                    None => whole.push(('…', false)),
                }
                whole
            }
        };
        render(&cells)
    }
}

/// The characters of `marked`, each with whether it is inside a match,
/// where `plain` is the same extract without our markers (SQLite): a
/// character of `marked` that is not the next one of `plain` is one of
/// ours. Where the story's own marker stands next to ours the two may be
/// taken the one for the other; both are white space after [`render`], so
/// the outcome is the same.
fn cells_against(marked: &str, plain: &str) -> Vec<(char, bool)> {
    let mut plain = plain.chars().peekable();
    let mut inside = false;
    let mut cells = Vec::with_capacity(marked.len());
    for c in marked.chars() {
        if plain.peek() == Some(&c) {
            plain.next();
            cells.push((c, inside));
        } else if c == MATCH_START {
            inside = true;
        } else if c == MATCH_END {
            inside = false;
        } else {
            // Not an insertion of ours after all (it cannot happen):
            // keep the text.
            cells.push((c, inside));
        }
    }
    cells
}

/// The characters of `marked`, each with whether it is inside a match,
/// where every marker is ours (PostgreSQL).
fn cells_of(marked: &str) -> Vec<(char, bool)> {
    let mut inside = false;
    let mut cells = Vec::with_capacity(marked.len());
    for c in marked.chars() {
        match c {
            MATCH_START => inside = true,
            MATCH_END => inside = false,
            _ => cells.push((c, inside)),
        }
    }
    cells
}

/// Whether `extract` (a `ts_headline`) reaches the start of `text`, and
/// what punctuation of the text's before its first word the extract left
/// out (a fragment drops an opening quote mark), nearest first; `None`
/// when the extract starts within the text. With both reversed, the same
/// at the end (a full stop). White space is passed over (the story's own
/// markers count as white space: the query made them spaces).
fn reaches(
    text: impl Iterator<Item = char>,
    extract: impl Iterator<Item = char>,
) -> Option<Vec<char>> {
    let counts = |c: &char| !c.is_whitespace() && *c != MATCH_START && *c != MATCH_END;
    let mut text = text.filter(counts).peekable();
    let mut extract = extract.filter(counts).peekable();
    let mut text_edge = Vec::new();
    while let Some(c) = text.next_if(|c| !c.is_alphanumeric()) {
        text_edge.push(c);
    }
    let mut extract_edge = Vec::new();
    while let Some(c) = extract.next_if(|c| !c.is_alphanumeric()) {
        extract_edge.push(c);
    }
    if !extract.all(|c| text.next() == Some(c)) {
        return None;
    }
    // The text's edge, less the part of it next to the word that the
    // extract kept.
    let kept = text_edge.len().saturating_sub(extract_edge.len());
    if text_edge[kept..] == extract_edge[..] {
        text_edge.truncate(kept);
    } else {
        text_edge.clear();
    }
    text_edge.reverse();
    Some(text_edge)
}

/// Writes the snippet: white space (and any control character or marker
/// of the story's own) as single spaces, trimmed; each run of word
/// characters inside a match between [`MATCH_START`] and [`MATCH_END`]
/// (so a matched phrase is marked word by word). Says whether anything is
/// marked.
fn render(cells: &[(char, bool)]) -> (String, bool) {
    let mut out = String::with_capacity(cells.len() + 8);
    let (mut open, mut space, mut marked) = (false, false, false);
    for &(c, inside) in cells {
        if c.is_whitespace() || c.is_control() || c == MATCH_START || c == MATCH_END {
            if open {
                out.push(MATCH_END);
                open = false;
            }
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        let mark = inside && in_word(c);
        if mark && !open {
            out.push(MATCH_START);
            open = true;
            marked = true;
        } else if !mark && open {
            out.push(MATCH_END);
            open = false;
        }
        out.push(c);
    }
    if open {
        out.push(MATCH_END);
    }
    (out, marked)
}

/// Whether `c` belongs to a word for marking: anything but white space
/// and punctuation (ASCII, Latin-1's, the general punctuation block, CJK's).
fn in_word(c: char) -> bool {
    c.is_alphanumeric()
        || !(c.is_ascii()
            || c.is_whitespace()
            || ('\u{A1}'..='\u{BF}').contains(&c)
            || ('\u{2000}'..='\u{206F}').contains(&c)
            || ('\u{3000}'..='\u{303F}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(terms: &[Term]) -> Vec<String> {
        terms.iter().map(|t| t.words.join(" ")).collect()
    }

    #[test]
    fn words_are_letters_and_digits_lower_cased() {
        let terms = Terms::read("Rains, in MOMBASA: 2025's \"heavy  rain\" -snow well-known");
        assert_eq!(
            words(&terms.wanted),
            [
                "rains",
                "in",
                "mombasa",
                "2025",
                "s",
                "heavy rain",
                "well",
                "known"
            ]
        );
        assert_eq!(words(&terms.unwanted), ["snow"]);
    }

    #[test]
    fn a_minus_leaves_out_a_word_or_phrase_only_at_its_start() {
        let terms = Terms::read("-\"heavy rain\" port -- -x a-b -");
        assert_eq!(words(&terms.wanted), ["port", "a", "b"]);
        assert_eq!(words(&terms.unwanted), ["heavy rain", "x"]);
        let terms = Terms::read("\"a -b\" c");
        assert_eq!(words(&terms.wanted), ["a b", "c"]);
    }

    #[test]
    fn query_syntax_is_only_words() {
        for hostile in [
            "\"",
            "*",
            "NEAR(a b)",
            "'; DROP TABLE stories; --",
            "a OR b",
            "title:x",
            "^",
            "a & !b | c <-> d:* 'e'",
        ] {
            let terms = Terms::read(hostile);
            for term in terms.wanted.iter().chain(&terms.unwanted) {
                for word in &term.words {
                    assert!(word.chars().all(char::is_alphanumeric), "{hostile}: {word}");
                }
            }
        }
        let terms = Terms::read("a OR b NEAR(c d)");
        assert_eq!(
            terms.fts5(),
            "(\"a\" AND \"or\" AND \"b\" AND \"near\" AND \"c\" AND \"d\")"
        );
        let terms = Terms::read("port \"heavy rain\" -snow -\"high tide\"");
        assert_eq!(
            terms.fts5(),
            "(\"port\" AND \"heavy rain\") NOT (\"snow\" OR \"high tide\")"
        );
        assert_eq!(
            Terms::tsquery(&terms.wanted, "&"),
            "(port) & (heavy <-> rain)"
        );
        assert_eq!(
            Terms::tsquery(&terms.unwanted, "|"),
            "(snow) | (high <-> tide)"
        );
        assert_eq!(Terms::words(&terms.wanted), "port heavy rain");
    }

    #[test]
    fn the_text_read_is_bounded() {
        // 23 words of 11 characters with their space, then "abc" of the
        // 24th: the rest is not read.
        let long = "abcdefghij ".repeat(1_000);
        let terms = Terms::read(&long);
        assert_eq!(terms.wanted.len(), 24);
        assert_eq!(words(&terms.wanted[23..]), ["abc"]);
        let many: String = (0..100).map(|i| format!("w{i} ")).collect();
        assert_eq!(Terms::read(&many).wanted.len(), MAX_QUERY_WORDS);
        assert_eq!(Terms::read("!!! ... ,,,"), Terms::default());
    }

    #[test]
    fn cursors_read_back_and_forgeries_are_refused() {
        let cursor = SearchCursor {
            newest: 48_213,
            offset: 20,
        };
        assert_eq!(cursor.to_string(), "48213-20");
        assert_eq!(SearchCursor::parse("48213-20"), Some(cursor));
        for forged in [
            "",
            "-",
            "1-",
            "-1",
            "0-20",
            "1-0",
            "01-20",
            "1-020",
            "+1-20",
            "1--20",
            "1-20-3",
            "1-4294967296",
            "99999999999999999999-1",
            "a-b",
            "1 -20",
            "１-20",
        ] {
            assert_eq!(SearchCursor::parse(forged), None, "{forged:?}");
        }
    }

    #[test]
    fn our_markers_are_told_from_the_story_s() {
        let (s, e) = (MATCH_START, MATCH_END);
        // The story holds a stray end marker and a start marker of its own.
        let plain = format!("…then heavy rain{e} fell {s}on…");
        let marked = format!("…then {s}heavy rain{e}{e} fell {s}on…");
        let (snippet, matched) = render(&cells_against(&marked, &plain));
        assert!(matched);
        assert_eq!(snippet, format!("…then {s}heavy{e} {s}rain{e} fell on…"));
        let (snippet, matched) = render(&cells_against(&plain, &plain));
        assert!(!matched);
        assert_eq!(snippet, "…then heavy rain fell on…");
    }

    #[test]
    fn an_extract_from_within_the_text_is_cut_with_ellipses() {
        let (s, e) = (MATCH_START, MATCH_END);
        let text = "One two. Then heavy rain\n\nfell today.";
        let snippet = Snippet {
            marked: format!("heavy {s}rain{e}\n\nfell"),
            plain: None,
        };
        assert_eq!(
            snippet.finish(text),
            (format!("…heavy {s}rain{e} fell…"), true)
        );
        let whole = Snippet {
            marked: text.into(),
            plain: None,
        };
        assert_eq!(
            whole.finish(text),
            ("One two. Then heavy rain fell today.".into(), false)
        );
    }
}
