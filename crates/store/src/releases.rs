//! News releases (migration 0011): submitted from a masthead's form,
//! confirmed by their sender, queued for editors, published.
//!
//! The life of a release, and the call for each step:
//! 1. [`Store::submit_release`] records it `unconfirmed`, with its
//!    pictures and mastheads, and a confirmation email due; one
//!    transaction.
//! 2. Senders take due emails ([`Store::due_release_notices`]), claim each
//!    ([`Store::claim_release_notice`], a lease) and settle it
//!    ([`Store::settle_release_notice`]), as for a reader's confirmation.
//! 3. [`Store::confirm_release`] (the signed link's button) puts it in the
//!    editors' queue, `pending`.
//! 4. Editors read the queue ([`Store::release_queue`]), one release
//!    ([`Store::news_release`]), edit it ([`Store::edit_release`]), approve it
//!    for a time ([`Store::approve_release`]; it is published when that
//!    time comes) or reject it with a reason ([`Store::reject_release`],
//!    which queues an email to the submitter), and may place it in a news
//!    section ([`Store::place_release`]), whose page then lists it
//!    ([`Store::placed_releases`]).
//! 5. [`Store::publish_due_releases`] marks approved releases whose time
//!    has come as published and tells web processes their pages changed.
//!    Readers' pages never wait for it: a release approved for a time
//!    already past reads as published ([`Store::published_releases`]).
//!
//! The rate limits count recent rows ([`Store::recent_submissions`]);
//! the near-copy rule compares fingerprints of recent releases
//! ([`Store::recent_fingerprints`]).

use crate::audit::{Actor, AuditEntry, record_audit, record_editorial_change};
use crate::site_changes::RECORD_CHANGE;
use crate::stories::{corrupt, ts};
use crate::{Store, StoreError, with_pool, with_writer};
use jiff::Timestamp;
use newsdesk_domain::{
    Email, Flag, MastheadId, ReleaseCategory, ReleaseId, ReleaseStatus, Section,
};
use serde_json::json;

/// What a release says: the words an editor may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseText {
    /// The organisation's name.
    pub organisation: String,
    /// What it is about.
    pub category: ReleaseCategory,
    /// The headline.
    pub headline: String,
    /// The standfirst.
    pub standfirst: String,
    /// The body, Markdown.
    pub body: String,
}

/// Who sent a release, for the newsroom only: never published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitter {
    /// Who to contact.
    pub contact_name: String,
    /// Their address, confirmed before an editor sees the release.
    pub email: Email,
    /// Their phone number; may be empty.
    pub phone: String,
    /// The client's network address, for the rate limit.
    pub client: String,
}

/// What the form hands the store.
#[derive(Debug, Clone)]
pub struct NewRelease {
    /// What it says.
    pub text: ReleaseText,
    /// Who sent it.
    pub submitter: Submitter,
    /// The mastheads it is for (at least one).
    pub mastheads: Vec<MastheadId>,
    /// The picture at each width made of it.
    pub pictures: Vec<Picture>,
    /// What the content rules found.
    pub flags: Vec<Flag>,
    /// The earlier release this nearly repeats.
    pub near_copy_of: Option<ReleaseId>,
    /// The body's fingerprint, for later near-copy checks.
    pub fingerprint: String,
}

/// One width of a release's picture, as a JPEG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// The JPEG.
    pub bytes: Vec<u8>,
}

/// A picture's size, without its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PictureSize {
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
}

/// A release as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// Its id.
    pub id: ReleaseId,
    /// What it says.
    pub text: ReleaseText,
    /// Who sent it.
    pub submitter: Submitter,
    /// Where it stands (an approved release whose time has passed reads
    /// as published).
    pub status: ReleaseStatus,
    /// The content rules' reasons for a closer look.
    pub flags: Vec<Flag>,
    /// The earlier release it nearly repeats.
    pub near_copy_of: Option<ReleaseId>,
    /// When it was submitted.
    pub submitted_at: Timestamp,
    /// When its address was confirmed.
    pub confirmed_at: Option<Timestamp>,
    /// When an editor approved or rejected it.
    pub decided_at: Option<Timestamp>,
    /// When it is (or was) to be published.
    pub publish_at: Option<Timestamp>,
    /// When it was published.
    pub published_at: Option<Timestamp>,
    /// The editor's reason for a rejection.
    pub reason: Option<String>,
    /// The news section an editor placed it in.
    pub placed_section: Option<Section>,
    /// The mastheads it is for.
    pub mastheads: Vec<MastheadId>,
    /// Its picture's widths, narrowest first; empty: none.
    pub pictures: Vec<PictureSize>,
}

impl Release {
    /// When readers see it as published: its publication time, or the
    /// approved time once passed.
    pub fn public_at(&self) -> Option<Timestamp> {
        self.published_at.or(self.publish_at)
    }
}

/// Which releases the queue lists.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// Only those in this state; `None`: every state but unconfirmed.
    pub status: Option<ReleaseStatus>,
    /// Only those for this masthead.
    pub masthead: Option<MastheadId>,
    /// Only those with a flag.
    pub flagged_only: bool,
    /// Only those older than this id (the next page).
    pub before: Option<ReleaseId>,
}

/// What following a confirmation link did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseConfirmed {
    /// Moved into the queue now.
    Now,
    /// It had been confirmed before.
    Already,
}

/// The email a submitter is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Confirm your address.
    Confirm,
    /// Your release was rejected, and why.
    Rejected,
}

impl NoticeKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::Rejected => "rejected",
        }
    }
}

/// An email due to a submitter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueNotice {
    /// Which email.
    pub kind: NoticeKind,
    /// The release, as it stands.
    pub release: Release,
    /// Attempts made before this one.
    pub attempts: u32,
    /// When it became due (the lease is claimed against it).
    pub due_at: Timestamp,
}

const COLUMNS: &str = "id, organisation, contact_name, email, phone, category, headline, \
    standfirst, body, status, flags, near_copy_of, client, submitted_at, confirmed_at, \
    decided_at, publish_at, published_at, reason, placed_section";

/// A [`Release`] (without mastheads and pictures) from a row with
/// `COLUMNS`, on either backend.
macro_rules! release_from_row {
    ($row:expr, $now:expr) => {{
        use sqlx::Row as _;
        let row = $row;
        let text = |i: usize| -> Result<String, StoreError> { Ok(row.try_get::<String, _>(i)?) };
        let time = |i: usize| -> Result<Option<Timestamp>, StoreError> {
            row.try_get::<Option<i64>, _>(i)?.map(ts).transpose()
        };
        let email = text(3)?;
        let category = text(5)?;
        let status = text(9)?;
        let publish_at = time(16)?;
        let mut status = ReleaseStatus::parse(&status)
            .ok_or_else(|| corrupt(format!("release status {status:?}")))?;
        if status == ReleaseStatus::Approved && publish_at.is_some_and(|at| at <= $now) {
            status = ReleaseStatus::Published;
        }
        Release {
            id: ReleaseId(row.try_get::<i64, _>(0)?),
            text: ReleaseText {
                organisation: text(1)?,
                category: ReleaseCategory::parse(&category)
                    .ok_or_else(|| corrupt(format!("release category {category:?}")))?,
                headline: text(6)?,
                standfirst: text(7)?,
                body: text(8)?,
            },
            submitter: Submitter {
                contact_name: text(2)?,
                email: Email::parse(&email).map_err(|e| corrupt(format!("{email:?}: {e}")))?,
                phone: text(4)?,
                client: text(12)?,
            },
            status,
            flags: text(10)?
                .split(',')
                .filter(|f| !f.is_empty())
                .map(|f| Flag::parse(f).ok_or_else(|| corrupt(format!("release flag {f:?}"))))
                .collect::<Result<_, _>>()?,
            near_copy_of: row.try_get::<Option<i64>, _>(11)?.map(ReleaseId),
            submitted_at: ts(row.try_get::<i64, _>(13)?)?,
            confirmed_at: time(14)?,
            decided_at: time(15)?,
            publish_at,
            published_at: time(17)?,
            reason: row.try_get::<Option<String>, _>(18)?,
            placed_section: row
                .try_get::<Option<String>, _>(19)?
                .map(|s| Section::parse(&s).map_err(|e| corrupt(format!("section {s:?}: {e}"))))
                .transpose()?,
            mastheads: Vec::new(),
            pictures: Vec::new(),
        }
    }};
}

fn flags_text(flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// A stored time (seconds) as the audit log shows it, RFC 3339.
fn time_text(seconds: i64) -> String {
    Timestamp::from_second(seconds).map_or_else(|_| seconds.to_string(), |t| t.to_string())
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Store {
    /// Records a submitted release, `unconfirmed`, with its mastheads and
    /// pictures, and a confirmation email due at `now`; all or nothing.
    pub async fn submit_release(
        &self,
        release: &NewRelease,
        now: Timestamp,
    ) -> Result<ReleaseId, StoreError> {
        let begin = self.begin_write();
        let id = with_writer!(self, "submit release", conn => {
            let mut tx = conn.begin_with(begin).await.map_err(|e| self.locate(e.into()))?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO releases (organisation, contact_name, email, phone, category, \
                 headline, standfirst, body, flags, near_copy_of, fingerprint, client, \
                 submitted_at, notice, notice_due_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'confirm', $13) \
                 RETURNING id",
            )
            .bind(&release.text.organisation)
            .bind(&release.submitter.contact_name)
            .bind(release.submitter.email.as_str())
            .bind(&release.submitter.phone)
            .bind(release.text.category.as_str())
            .bind(&release.text.headline)
            .bind(&release.text.standfirst)
            .bind(&release.text.body)
            .bind(flags_text(&release.flags))
            .bind(release.near_copy_of.map(|r| r.0))
            .bind(&release.fingerprint)
            .bind(&release.submitter.client)
            .bind(now.as_second())
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| self.locate(e.into()))?;
            for masthead in &release.mastheads {
                sqlx::query(
                    "INSERT INTO release_mastheads (release_id, masthead_id) VALUES ($1, $2) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(masthead.as_str())
                .execute(&mut *tx)
                .await
                .map_err(|e| self.locate(e.into()))?;
            }
            for picture in &release.pictures {
                sqlx::query(
                    "INSERT INTO release_images (release_id, width, height, bytes) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(i64::from(picture.width))
                .bind(i64::from(picture.height))
                .bind(&picture.bytes)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.locate(e.into()))?;
            }
            tx.commit().await.map_err(|e| self.locate(e.into()))?;
            id
        });
        Ok(ReleaseId(id))
    }

    /// One release, as it stands at `now`.
    pub async fn news_release(&self, id: ReleaseId, now: Timestamp) -> Result<Release, StoreError> {
        let mut found = self
            .releases_where("id = $1", Some(id.0), None, None, now, 1)
            .await?;
        found
            .pop()
            .ok_or_else(|| StoreError::NotFound(format!("release {id}")))
    }

    /// The editors' queue: newest first, up to `limit`, as `filter` says.
    pub async fn release_queue(
        &self,
        filter: &QueueFilter,
        limit: u32,
        now: Timestamp,
    ) -> Result<Vec<Release>, StoreError> {
        // Only the conditions the filter has: SQLite plans a statement
        // before its values are bound, so a condition such as
        // `($1 IS NULL OR id < $1)` can never be a range of the ids, and a
        // later page read every release from the newest down to its cursor
        // (8 ms of CPU for the last page of 10,000 releases; bench/admin).
        let mut clauses = Vec::new();
        if filter.before.is_some() {
            clauses.push("id < $1".to_owned());
        }
        match filter.status {
            // Approved-but-due reads as published: both words find it.
            Some(ReleaseStatus::Published) => clauses.push(
                "(status = 'published' OR (status = 'approved' AND publish_at <= $3))".into(),
            ),
            Some(ReleaseStatus::Approved) => {
                clauses.push("status = 'approved' AND publish_at > $3".into())
            }
            Some(status) => clauses.push(format!("status = '{}'", status.as_str())),
            None => clauses.push("status <> 'unconfirmed'".into()),
        }
        if filter.flagged_only {
            clauses.push("flags <> ''".into());
        }
        if filter.masthead.is_some() {
            clauses.push(
                "EXISTS (SELECT 1 FROM release_mastheads rm \
                 WHERE rm.release_id = releases.id AND rm.masthead_id = $2)"
                    .into(),
            );
        }
        self.releases_where(
            &clauses.join(" AND "),
            filter.before.map(|b| b.0),
            filter.masthead.as_ref().map(|m| m.as_str().to_owned()),
            None,
            now,
            limit,
        )
        .await
    }

    /// Releases published on `masthead` by `now`, newest first, up to
    /// `limit`; with `since`, only those published after it.
    pub async fn published_releases(
        &self,
        masthead: &MastheadId,
        since: Option<Timestamp>,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<Release>, StoreError> {
        let mut found = self
            .releases_where(
                "($1 IS NULL OR id = $1) AND status IN ('approved', 'published') \
                 AND publish_at <= $3 AND ($4 IS NULL OR COALESCE(published_at, publish_at) > $4) \
                 AND EXISTS (SELECT 1 FROM release_mastheads rm \
                 WHERE rm.release_id = releases.id AND rm.masthead_id = $2)",
                None,
                Some(masthead.as_str().to_owned()),
                since,
                now,
                limit,
            )
            .await?;
        found.sort_by_key(|r| std::cmp::Reverse((r.public_at(), r.id)));
        Ok(found)
    }

    /// The releases an editor placed in `section` that are published on
    /// `masthead` by `now`, newest first, at most `limit`: with `from`,
    /// only those public at or after it; with `until`, only those public
    /// before it. A section's page asks for the stretch of time its page
    /// of stories covers, so each release shows on one page of the list.
    pub async fn placed_releases(
        &self,
        masthead: &MastheadId,
        section: &Section,
        (from, until): (Option<Timestamp>, Option<Timestamp>),
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<Release>, StoreError> {
        let ids: Vec<i64> = with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT id FROM releases WHERE placed_section = $1 \
                 AND status IN ('approved', 'published') AND publish_at <= $3 \
                 AND ($4 IS NULL OR COALESCE(published_at, publish_at) >= $4) \
                 AND ($5 IS NULL OR COALESCE(published_at, publish_at) < $5) \
                 AND EXISTS (SELECT 1 FROM release_mastheads rm \
                 WHERE rm.release_id = releases.id AND rm.masthead_id = $2) \
                 ORDER BY COALESCE(published_at, publish_at) DESC, id DESC LIMIT $6",
            )
            .bind(section.as_str())
            .bind(masthead.as_str())
            .bind(now.as_second())
            .bind(from.map(Timestamp::as_second))
            .bind(until.map(Timestamp::as_second))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Ids are numbers: written into the text, they cannot be anything
        // else.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let mut found = self
            .releases_where(&format!("id IN ({list})"), None, None, None, now, limit)
            .await?;
        found.sort_by_key(|r| std::cmp::Reverse((r.public_at(), r.id)));
        Ok(found)
    }

    /// Releases matching `clause`, whose parameters are `$1` (an id),
    /// `$2` (a masthead), `$3` (now) and `$4` (a time), newest first, with
    /// their mastheads and picture sizes.
    async fn releases_where(
        &self,
        clause: &str,
        id: Option<i64>,
        masthead: Option<String>,
        since: Option<Timestamp>,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<Release>, StoreError> {
        // Every placeholder appears in the text, so both backends type
        // them; the clause uses those it needs.
        let sql = format!(
            "SELECT {COLUMNS} FROM releases WHERE {clause} \
             AND ($3 IS NOT NULL) AND ($4 IS NULL OR $4 IS NOT NULL) \
             AND ($2 IS NULL OR $2 IS NOT NULL) AND ($1 IS NULL OR $1 IS NOT NULL) \
             ORDER BY id DESC LIMIT $5"
        );
        let mut releases = with_pool!(self, pool => {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(id)
                .bind(masthead)
                .bind(now.as_second())
                .bind(since.map(|s| s.as_second()))
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await?;
            let mut releases = Vec::with_capacity(rows.len());
            for row in &rows {
                releases.push(release_from_row!(row, now));
            }
            releases
        });
        if releases.is_empty() {
            return Ok(releases);
        }
        let ids: Vec<i64> = releases.iter().map(|r| r.id.0).collect();
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        type Rows = (Vec<(i64, String)>, Vec<(i64, i64, i64)>);
        let (mastheads, pictures): Rows = with_pool!(self, pool => {
            let mastheads = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT release_id, masthead_id FROM release_mastheads \
                 WHERE release_id IN ({list}) ORDER BY release_id, masthead_id"
            )))
            .fetch_all(pool)
            .await?;
            let pictures = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT release_id, width, height FROM release_images \
                 WHERE release_id IN ({list}) ORDER BY release_id, width"
            )))
            .fetch_all(pool)
            .await?;
            (mastheads, pictures)
        });
        for release in &mut releases {
            release.mastheads = mastheads
                .iter()
                .filter(|(id, _)| *id == release.id.0)
                .map(|(_, m)| MastheadId::parse(m).map_err(|e| corrupt(format!("{m:?}: {e}"))))
                .collect::<Result<_, _>>()?;
            release.pictures = pictures
                .iter()
                .filter(|(id, ..)| *id == release.id.0)
                .map(|&(_, width, height)| PictureSize {
                    width: count(width),
                    height: count(height),
                })
                .collect();
        }
        Ok(releases)
    }

    /// The JPEG of a release's picture at `width`, when the release is
    /// published by `now` on `masthead`, or `None`.
    pub async fn release_picture(
        &self,
        id: ReleaseId,
        width: u32,
        masthead: &MastheadId,
        now: Timestamp,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT i.bytes FROM release_images i JOIN releases r ON r.id = i.release_id \
                 WHERE i.release_id = $1 AND i.width = $2 \
                 AND r.status IN ('approved', 'published') AND r.publish_at <= $4 \
                 AND EXISTS (SELECT 1 FROM release_mastheads rm \
                 WHERE rm.release_id = r.id AND rm.masthead_id = $3)",
            )
            .bind(id.0)
            .bind(i64::from(width))
            .bind(masthead.as_str())
            .bind(now.as_second())
            .fetch_optional(pool)
            .await?
        }))
    }

    /// The JPEG of any confirmed release's picture at `width`, whatever
    /// its state: what editors see in the queue.
    pub async fn queued_release_picture(
        &self,
        id: ReleaseId,
        width: u32,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT i.bytes FROM release_images i JOIN releases r ON r.id = i.release_id \
                 WHERE i.release_id = $1 AND i.width = $2 AND r.status <> 'unconfirmed'",
            )
            .bind(id.0)
            .bind(i64::from(width))
            .fetch_optional(pool)
            .await?
        }))
    }

    /// How many releases were submitted since `since` from `client`, and
    /// with `email`: what the rate limits count.
    pub async fn recent_submissions(
        &self,
        client: &str,
        email: &Email,
        since: Timestamp,
    ) -> Result<(u32, u32), StoreError> {
        let (by_client, by_email): (i64, i64) = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT \
                 (SELECT COUNT(*) FROM releases WHERE client = $1 AND submitted_at > $3), \
                 (SELECT COUNT(*) FROM releases WHERE email = $2 AND submitted_at > $3)",
            )
            .bind(client)
            .bind(email.as_str())
            .bind(since.as_second())
            .fetch_one(pool)
            .await?
        });
        Ok((count(by_client), count(by_email)))
    }

    /// The fingerprints of the `limit` newest releases, newest first.
    pub async fn recent_fingerprints(
        &self,
        limit: u32,
    ) -> Result<Vec<(ReleaseId, String)>, StoreError> {
        let rows: Vec<(i64, String)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, fingerprint FROM releases WHERE fingerprint <> '' \
                 ORDER BY id DESC LIMIT $1",
            )
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(|(id, f)| (ReleaseId(id), f)).collect())
    }

    /// The submitter confirmed their address: an unconfirmed release
    /// enters the queue. [`StoreError::NotFound`] for no such release.
    pub async fn confirm_release(
        &self,
        id: ReleaseId,
        now: Timestamp,
    ) -> Result<ReleaseConfirmed, StoreError> {
        let changed = with_writer!(self, "confirm release", conn => {
            sqlx::query(
                "UPDATE releases SET status = 'pending', confirmed_at = $2, \
                 notice = CASE WHEN notice = 'confirm' THEN NULL ELSE notice END, \
                 notice_due_at = CASE WHEN notice = 'confirm' THEN NULL ELSE notice_due_at END \
                 WHERE id = $1 AND status = 'unconfirmed'",
            )
            .bind(id.0)
            .bind(now.as_second())
            .execute(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?
            .rows_affected()
        });
        if changed == 1 {
            return Ok(ReleaseConfirmed::Now);
        }
        self.news_release(id, now).await?;
        Ok(ReleaseConfirmed::Already)
    }

    /// Runs one update of a release that must find it in one of the
    /// `from` states; [`StoreError::NotFound`] when there is no such
    /// release, [`StoreError::Conflict`] when it is in another state.
    async fn change_release(
        &self,
        id: ReleaseId,
        changed: u64,
        what: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        if changed == 1 {
            return Ok(());
        }
        let release = self.news_release(id, now).await?;
        Err(StoreError::Conflict(format!(
            "{what}: release {id} is {}",
            release.status.as_str()
        )))
    }

    /// An editor's changes to a release not yet published (or rejected);
    /// audited as `release.edit` with the words before and after.
    pub async fn edit_release(
        &self,
        id: ReleaseId,
        edit: &ReleaseText,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let begin = self.begin_write();
        let changed = with_writer!(self, "edit release", conn => {
            let mut tx = conn.begin_with(begin).await.map_err(|e| self.locate(e.into()))?;
            let before: Option<(String, String, String, String, String)> = sqlx::query_as(
                "SELECT organisation, category, headline, standfirst, body FROM releases \
                 WHERE id = $1",
            )
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| self.locate(e.into()))?;
            let changed = sqlx::query(
                "UPDATE releases SET organisation = $2, category = $3, headline = $4, \
                 standfirst = $5, body = $6 WHERE id = $1 \
                 AND (status = 'pending' OR (status = 'approved' AND publish_at > $7))",
            )
            .bind(id.0)
            .bind(&edit.organisation)
            .bind(edit.category.as_str())
            .bind(&edit.headline)
            .bind(&edit.standfirst)
            .bind(&edit.body)
            .bind(now.as_second())
            .execute(&mut *tx)
            .await
            .map_err(|e| self.locate(e.into()))?
            .rows_affected();
            if let (1, Some((organisation, category, headline, standfirst, body))) = (changed, before) {
                let entry = AuditEntry {
                    kind: "release.edit",
                    subject: format!("release {id}"),
                    before: Some(json!({
                        "organisation": organisation, "category": category,
                        "headline": headline, "standfirst": standfirst, "body": body,
                    })),
                    after: Some(json!({
                        "organisation": edit.organisation, "category": edit.category.as_str(),
                        "headline": edit.headline, "standfirst": edit.standfirst, "body": edit.body,
                    })),
                };
                record_audit!(tx, now, actor, &entry).map_err(|e| self.locate(e.into()))?;
            }
            tx.commit().await.map_err(|e| self.locate(e.into()))?;
            changed
        });
        self.change_release(id, changed, "edit", now).await
    }

    /// Approves a queued release (or moves an approved one's time) to be
    /// published at `at`; `at` at or before `now` publishes it now.
    /// Audited as `release.approve` with the state and time before and
    /// after.
    pub async fn approve_release(
        &self,
        id: ReleaseId,
        at: Timestamp,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let at = at.max(now);
        let begin = self.begin_write();
        let changed = with_writer!(self, "approve release", conn => {
            let mut tx = conn.begin_with(begin).await.map_err(|e| self.locate(e.into()))?;
            let before: Option<(String, Option<i64>)> =
                sqlx::query_as("SELECT status, publish_at FROM releases WHERE id = $1")
                    .bind(id.0)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
            let changed = sqlx::query(
                "UPDATE releases SET status = CASE WHEN $2 <= $3 THEN 'published' ELSE 'approved' END, \
                 publish_at = $2, decided_at = $3, \
                 published_at = CASE WHEN $2 <= $3 THEN $3 ELSE NULL END \
                 WHERE id = $1 AND (status = 'pending' OR (status = 'approved' AND publish_at > $3))",
            )
            .bind(id.0)
            .bind(at.as_second())
            .bind(now.as_second())
            .execute(&mut *tx)
            .await
            .map_err(|e| self.locate(e.into()))?
            .rows_affected();
            if changed == 1 && at <= now {
                sqlx::query(RECORD_CHANGE)
                    .bind(now.as_second())
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
            }
            if let (1, Some((status, publish_at))) = (changed, before) {
                let entry = AuditEntry {
                    kind: "release.approve",
                    subject: format!("release {id}"),
                    before: Some(json!({ "status": status, "publish_at": publish_at.map(time_text) })),
                    after: Some(json!({
                        "status": if at <= now { "published" } else { "approved" },
                        "publish_at": time_text(at.as_second()),
                    })),
                };
                record_audit!(tx, now, actor, &entry).map_err(|e| self.locate(e.into()))?;
            }
            tx.commit().await.map_err(|e| self.locate(e.into()))?;
            changed
        });
        self.change_release(id, changed, "approve", now).await
    }

    /// Rejects a queued (or approved, not yet published) release with
    /// `reason`, and queues the email that tells the submitter; audited as
    /// `release.reject`.
    pub async fn reject_release(
        &self,
        id: ReleaseId,
        reason: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let begin = self.begin_write();
        let changed = with_writer!(self, "reject release", conn => {
            let mut tx = conn.begin_with(begin).await.map_err(|e| self.locate(e.into()))?;
            let before: Option<String> =
                sqlx::query_scalar("SELECT status FROM releases WHERE id = $1")
                    .bind(id.0)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
            let changed = sqlx::query(
                "UPDATE releases SET status = 'rejected', reason = $2, decided_at = $3, \
                 publish_at = NULL, notice = 'rejected', notice_due_at = $3, notice_attempts = 0 \
                 WHERE id = $1 AND (status = 'pending' OR (status = 'approved' AND publish_at > $3))",
            )
            .bind(id.0)
            .bind(reason)
            .bind(now.as_second())
            .execute(&mut *tx)
            .await
            .map_err(|e| self.locate(e.into()))?
            .rows_affected();
            if let (1, Some(status)) = (changed, before) {
                let entry = AuditEntry {
                    kind: "release.reject",
                    subject: format!("release {id}"),
                    before: Some(json!({ "status": status })),
                    after: Some(json!({ "status": "rejected", "reason": reason })),
                };
                record_audit!(tx, now, actor, &entry).map_err(|e| self.locate(e.into()))?;
            }
            tx.commit().await.map_err(|e| self.locate(e.into()))?;
            changed
        });
        self.change_release(id, changed, "reject", now).await
    }

    /// Places a release in a news section of its mastheads (`None`: takes
    /// it out again); a placed release is listed with that section's
    /// stories. Audited as `release.place`.
    pub async fn place_release(
        &self,
        id: ReleaseId,
        section: Option<&Section>,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let begin = self.begin_write();
        with_writer!(self, "place release", conn => {
            let mut tx = conn.begin_with(begin).await.map_err(|e| self.locate(e.into()))?;
            let before: Option<Option<String>> =
                sqlx::query_scalar("SELECT placed_section FROM releases WHERE id = $1")
                    .bind(id.0)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
            let Some(before) = before else {
                return Err(StoreError::NotFound(format!("release {id}")));
            };
            let after = section.map(Section::as_str);
            if before.as_deref() != after {
                sqlx::query("UPDATE releases SET placed_section = $2 WHERE id = $1")
                    .bind(id.0)
                    .bind(after)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
                let entry = AuditEntry {
                    kind: "release.place",
                    subject: format!("release {id}"),
                    before: Some(json!({ "section": before })),
                    after: Some(json!({ "section": after })),
                };
                record_editorial_change!(self, tx, now, actor, &entry)?;
            }
            tx.commit().await.map_err(|e| self.locate(e.into()))?;
        });
        Ok(())
    }

    /// Marks every approved release whose time has come as published, and
    /// records a site change when there were any; returns how many.
    pub async fn publish_due_releases(&self, now: Timestamp) -> Result<u64, StoreError> {
        let begin = self.begin_write();
        Ok(with_writer!(self, "publish releases", conn => {
            let mut tx = conn.begin_with(begin).await.map_err(|e| self.locate(e.into()))?;
            let published = sqlx::query(
                "UPDATE releases SET status = 'published', published_at = publish_at \
                 WHERE status = 'approved' AND publish_at <= $1",
            )
            .bind(now.as_second())
            .execute(&mut *tx)
            .await
            .map_err(|e| self.locate(e.into()))?
            .rows_affected();
            if published > 0 {
                sqlx::query(RECORD_CHANGE)
                    .bind(now.as_second())
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
            }
            tx.commit().await.map_err(|e| self.locate(e.into()))?;
            published
        }))
    }

    /// Up to `limit` emails due to submitters at `now`.
    pub async fn due_release_notices(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<DueNotice>, StoreError> {
        let rows: Vec<(i64, String, i64, i64)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, notice, notice_attempts, notice_due_at FROM releases \
                 WHERE notice_due_at IS NOT NULL AND notice_due_at <= $1 \
                 ORDER BY notice_due_at, id LIMIT $2",
            )
            .bind(now.as_second())
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await?
        });
        let mut due = Vec::with_capacity(rows.len());
        for (id, kind, attempts, due_at) in rows {
            let kind = match kind.as_str() {
                "confirm" => NoticeKind::Confirm,
                "rejected" => NoticeKind::Rejected,
                other => return Err(corrupt(format!("release notice {other:?}"))),
            };
            due.push(DueNotice {
                kind,
                release: self.news_release(ReleaseId(id), now).await?,
                attempts: count(attempts),
                due_at: ts(due_at)?,
            });
        }
        Ok(due)
    }

    /// Takes a due email for the caller until `until`; false when another
    /// process took it first.
    pub async fn claim_release_notice(
        &self,
        due: &DueNotice,
        until: Timestamp,
    ) -> Result<bool, StoreError> {
        let changed = with_writer!(self, "claim release notice", conn => {
            sqlx::query(
                "UPDATE releases SET notice_due_at = $3 \
                 WHERE id = $1 AND notice = $2 AND notice_due_at = $4",
            )
            .bind(due.release.id.0)
            .bind(due.kind.as_str())
            .bind(until.as_second())
            .bind(due.due_at.as_second())
            .execute(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?
            .rows_affected()
        });
        Ok(changed == 1)
    }

    /// Settles a claimed email: `next`, to try again then (an attempt
    /// counted); `None`, sent or given up.
    pub async fn settle_release_notice(
        &self,
        due: &DueNotice,
        next: Option<Timestamp>,
    ) -> Result<(), StoreError> {
        with_writer!(self, "settle release notice", conn => {
            sqlx::query(
                "UPDATE releases SET notice_due_at = $3, \
                 notice = CASE WHEN $3 IS NULL THEN NULL ELSE notice END, \
                 notice_attempts = CASE WHEN $3 IS NULL THEN 0 ELSE notice_attempts + 1 END \
                 WHERE id = $1 AND notice = $2",
            )
            .bind(due.release.id.0)
            .bind(due.kind.as_str())
            .bind(next.map(|t| t.as_second()))
            .execute(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?;
        });
        Ok(())
    }
}
