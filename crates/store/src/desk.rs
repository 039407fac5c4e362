//! The editors' desk for stories (migration 0014): unpublish and
//! republish, new words, another section, pins to a masthead's front page.
//!
//! Each change is one transaction that reads the story as it was, writes
//! the change, records a site change (so every web process's kept pages
//! are out of date at once) and writes the audit line with the fields
//! before and after ([`crate::audit`]). A change to what the story already
//! is writes nothing and logs nothing.
//!
//! **Unpublished** is one column, `stories.unpublished_at`, and one
//! condition, [`crate::stories::SHOWN_TO_READERS`], that every query for
//! readers carries; the calls here that read for editors do without it.

use crate::audit::{Actor, AuditEntry, record_editorial_change};
use crate::listing::masthead_takes;
use crate::rows::to_ts;
use crate::stories::{SHOWN_TO_READERS, STORY_SELECT, story_from_row};
use crate::{Store, StoreError, with_pool, with_writer};
use jiff::Timestamp;
use newsdesk_domain::{MastheadId, MastheadReach, Section, Story, StoryId, StoryWords};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The most stories pinned to one masthead's front page. A fourth is
/// refused ([`Pinning::Full`]) rather than pushing the oldest out: a pin
/// is an editor's decision, and it should end by an editor's hand.
pub const MAX_PINS: usize = 3;

/// Where a story stands on the desk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoryDesk {
    /// When an editor unpublished it; `None`: published.
    pub unpublished_at: Option<Timestamp>,
    /// When an editor last changed its words or section.
    pub edited_at: Option<Timestamp>,
    /// The mastheads whose front page it is pinned to, newest pin first.
    pub pinned_on: Vec<MastheadId>,
}

/// What pinning a story came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pinning {
    /// Pinned now.
    Pinned,
    /// It was pinned there already; nothing changed.
    Already,
    /// The masthead holds [`MAX_PINS`] pins: unpin one first.
    Full,
    /// The masthead does not take the story (neither its source nor, by
    /// region, where it was filed): it cannot lead that front page.
    NotCarried,
}

/// One change to a story's own row.
enum Change<'a> {
    /// Published (`true`) or not.
    Published(bool),
    /// New headline and standfirst.
    Words(&'a StoryWords),
    /// Another section.
    Section(&'a Section),
}

/// A story's row before a change: unpublished_at, title, standfirst,
/// section.
type Before = (Option<i64>, String, String, String);

impl Change<'_> {
    /// The audit kind, the changed fields before and after, and whether
    /// anything changes.
    fn audit(&self, before: &Before) -> (&'static str, Value, Value, bool) {
        let (unpublished_at, title, standfirst, section) = before;
        match self {
            Self::Published(published) => (
                if *published {
                    "story.republish"
                } else {
                    "story.unpublish"
                },
                json!({ "published": unpublished_at.is_none() }),
                json!({ "published": published }),
                unpublished_at.is_none() != *published,
            ),
            Self::Words(words) => (
                "story.edit",
                json!({ "headline": title, "standfirst": standfirst }),
                json!({ "headline": words.headline(), "standfirst": words.standfirst() }),
                title != words.headline() || standfirst != words.standfirst(),
            ),
            Self::Section(to) => (
                "story.section",
                json!({ "section": section }),
                json!({ "section": to.as_str() }),
                section != to.as_str(),
            ),
        }
    }
}

impl Store {
    /// Takes a story off every public surface; audited as
    /// `story.unpublish`. [`StoreError::NotFound`] for no such story.
    pub async fn unpublish_story(
        &self,
        id: StoryId,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.change_story(id, Change::Published(false), actor, now)
            .await
    }

    /// Puts an unpublished story back where it was; audited as
    /// `story.republish`.
    pub async fn republish_story(
        &self,
        id: StoryId,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.change_story(id, Change::Published(true), actor, now)
            .await
    }

    /// Gives a story an editor's headline and standfirst; audited as
    /// `story.edit` with both before and after. Its address follows the
    /// headline; the old one still finds it by its id.
    pub async fn edit_story(
        &self,
        id: StoryId,
        words: &StoryWords,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.change_story(id, Change::Words(words), actor, now)
            .await
    }

    /// Files a story under another section; audited as `story.section`.
    pub async fn move_story(
        &self,
        id: StoryId,
        section: &Section,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.change_story(id, Change::Section(section), actor, now)
            .await
    }

    /// Runs one [`Change`] in its transaction (see the module's doc).
    async fn change_story(
        &self,
        id: StoryId,
        change: Change<'_>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let begin = self.begin_write();
        with_writer!(self, "change story", conn => {
            let mut tx = conn.begin_with(begin).await.map_err(|e| self.locate(e.into()))?;
            let before: Option<Before> = sqlx::query_as(
                "SELECT unpublished_at, title, standfirst, section FROM stories WHERE id = $1",
            )
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| self.locate(e.into()))?;
            let Some(before) = before else {
                return Err(StoreError::NotFound(format!("story {id}")));
            };
            let (kind, was, will_be, changes) = change.audit(&before);
            if changes {
                let update = match &change {
                    Change::Published(published) => {
                        sqlx::query("UPDATE stories SET unpublished_at = $2 WHERE id = $1")
                            .bind(id.0)
                            .bind((!published).then_some(now.as_second()))
                    }
                    Change::Words(words) => sqlx::query(
                        "UPDATE stories SET title = $2, headline_key = $3, standfirst = $4, \
                         edited_at = $5 WHERE id = $1",
                    )
                    .bind(id.0)
                    .bind(words.headline())
                    .bind(words.headline_key().as_str().to_owned())
                    .bind(words.standfirst())
                    .bind(now.as_second()),
                    Change::Section(section) => {
                        sqlx::query("UPDATE stories SET section = $2, edited_at = $3 WHERE id = $1")
                            .bind(id.0)
                            .bind(section.as_str())
                            .bind(now.as_second())
                    }
                };
                update
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
                if matches!(change, Change::Words(_)) {
                    // A new headline may make it another version (an
                    // update) or, on a short text, another story.
                    sqlx::query(crate::clusters::QUEUE_STORY)
                        .bind(id.0)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| self.locate(e.into()))?;
                }
                let entry = AuditEntry {
                    kind,
                    subject: format!("story {id}"),
                    before: Some(was),
                    after: Some(will_be),
                };
                record_editorial_change!(self, tx, now, actor, &entry)?;
            }
            tx.commit().await.map_err(|e| self.locate(e.into()))?;
        });
        Ok(())
    }

    /// Pins a story to `masthead`'s front page (see [`Pinning`] for what
    /// may stop it); audited as `story.pin`. Two editors pinning at the
    /// same moment may leave one pin more than [`MAX_PINS`]; the front
    /// page shows the newest [`MAX_PINS`] ([`Store::pinned_stories`]).
    pub async fn pin_story(
        &self,
        id: StoryId,
        masthead: &MastheadReach,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<Pinning, StoreError> {
        self.set_pin(id, masthead, true, actor, now).await
    }

    /// Takes a story's pin off `masthead`'s front page; audited as
    /// `story.unpin`. A story not pinned there is left as it is.
    pub async fn unpin_story(
        &self,
        id: StoryId,
        masthead: &MastheadReach,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.set_pin(id, masthead, false, actor, now).await?;
        Ok(())
    }

    /// Pins (`pin`) or unpins a story in one transaction, with its site
    /// change and audit line when anything changed.
    async fn set_pin(
        &self,
        id: StoryId,
        reach: &MastheadReach,
        pin: bool,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<Pinning, StoreError> {
        let begin = self.begin_write();
        let masthead = &reach.id;
        let carried_sql = format!(
            "SELECT {takes} FROM stories st WHERE st.id = $1",
            takes = masthead_takes(2, &reach.countries)
        );
        let entry = AuditEntry {
            kind: if pin { "story.pin" } else { "story.unpin" },
            subject: format!("story {id}"),
            before: Some(json!({ "masthead": masthead.as_str(), "pinned": !pin })),
            after: Some(json!({ "masthead": masthead.as_str(), "pinned": pin })),
        };
        Ok(with_writer!(self, "pin story", conn => {
            let mut tx = conn.begin_with(begin).await.map_err(|e| self.locate(e.into()))?;
            let carried: Option<bool> =
                sqlx::query_scalar(sqlx::AssertSqlSafe(carried_sql.as_str()))
                    .bind(id.0)
                    .bind(masthead.as_str())
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
            let pins: Vec<i64> =
                sqlx::query_scalar("SELECT story_id FROM story_pins WHERE masthead_id = $1")
                    .bind(masthead.as_str())
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
            let pinning = match carried {
                None => return Err(StoreError::NotFound(format!("story {id}"))),
                Some(_) if !pin => Pinning::Pinned,
                Some(false) => Pinning::NotCarried,
                Some(true) if pins.contains(&id.0) => Pinning::Already,
                Some(true) if pins.len() >= MAX_PINS => Pinning::Full,
                Some(true) => Pinning::Pinned,
            };
            let changed = if !pin {
                pins.contains(&id.0)
            } else {
                pinning == Pinning::Pinned
            };
            if changed {
                let write = if pin {
                    sqlx::query(
                        "INSERT INTO story_pins (masthead_id, story_id, pinned_at) \
                         VALUES ($1, $2, $3)",
                    )
                    .bind(masthead.as_str())
                    .bind(id.0)
                    .bind(now.as_second())
                } else {
                    sqlx::query("DELETE FROM story_pins WHERE masthead_id = $1 AND story_id = $2")
                        .bind(masthead.as_str())
                        .bind(id.0)
                };
                write
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
                record_editorial_change!(self, tx, now, actor, &entry)?;
            }
            tx.commit().await.map_err(|e| self.locate(e.into()))?;
            pinning
        }))
    }

    /// The stories pinned to `masthead`'s front page that readers may see
    /// there, newest pin first, at most [`MAX_PINS`].
    pub async fn pinned_stories(&self, masthead: &MastheadReach) -> Result<Vec<Story>, StoreError> {
        let sql = format!(
            "{STORY_SELECT} JOIN story_pins p ON p.story_id = st.id \
             WHERE p.masthead_id = $1 AND {takes} AND {SHOWN_TO_READERS} \
             ORDER BY p.pinned_at DESC, st.id DESC LIMIT $2",
            takes = masthead_takes(1, &masthead.countries)
        );
        with_pool!(self, pool => {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(masthead.id.as_str())
                .bind(MAX_PINS as i64)
                .fetch_all(pool)
                .await?;
            rows.iter().map(|row| Ok(story_from_row!(row))).collect()
        })
    }

    /// Whether story `id` exists and an editor unpublished it: what a
    /// story page answers when [`Store::story`] finds nothing.
    pub async fn story_unpublished(&self, id: StoryId) -> Result<bool, StoreError> {
        let found: Option<Option<i64>> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT unpublished_at FROM stories WHERE id = $1")
                .bind(id.0)
                .fetch_optional(pool)
                .await?
        });
        Ok(matches!(found, Some(Some(_))))
    }

    /// One story, published or not, with where it stands on the desk:
    /// what the admin's story page shows.
    pub async fn desk_story(&self, id: StoryId) -> Result<Option<(Story, StoryDesk)>, StoreError> {
        let sql = format!("{STORY_SELECT} WHERE st.id = $1");
        let story = with_pool!(self, pool => {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(id.0)
                .fetch_optional(pool)
                .await?;
            match row {
                Some(row) => Some(story_from_row!(&row)),
                None => None,
            }
        });
        let Some(story) = story else {
            return Ok(None);
        };
        let desk = self
            .desk_states(&[id])
            .await?
            .remove(&id)
            .unwrap_or_default();
        Ok(Some((story, desk)))
    }

    /// Where each of `ids` stands on the desk (a story not found is left
    /// out): what the admin's stories list shows beside each.
    pub async fn desk_states(
        &self,
        ids: &[StoryId],
    ) -> Result<HashMap<StoryId, StoryDesk>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        // Ids are numbers: written into the text, they cannot be anything
        // else.
        let list = ids
            .iter()
            .map(|id| id.0.to_string())
            .collect::<Vec<_>>()
            .join(",");
        type Rows = (Vec<(i64, Option<i64>, Option<i64>)>, Vec<(i64, String)>);
        let (rows, pins): Rows = with_pool!(self, pool => {
            let rows = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT id, unpublished_at, edited_at FROM stories WHERE id IN ({list})"
            )))
            .fetch_all(pool)
            .await?;
            let pins = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT story_id, masthead_id FROM story_pins WHERE story_id IN ({list}) \
                 ORDER BY pinned_at DESC, masthead_id"
            )))
            .fetch_all(pool)
            .await?;
            (rows, pins)
        });
        let mut states: HashMap<StoryId, StoryDesk> = rows
            .into_iter()
            .map(|(id, unpublished_at, edited_at)| {
                let desk = StoryDesk {
                    unpublished_at: to_ts(unpublished_at),
                    edited_at: to_ts(edited_at),
                    pinned_on: Vec::new(),
                };
                (StoryId(id), desk)
            })
            .collect();
        for (story, masthead) in pins {
            let masthead = MastheadId::parse(&masthead)
                .map_err(|e| StoreError::Corrupt(format!("pinned masthead: {e}")))?;
            if let Some(desk) = states.get_mut(&StoryId(story)) {
                desk.pinned_on.push(masthead);
            }
        }
        Ok(states)
    }
}
