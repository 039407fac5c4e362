//! The audit log: every editorial action, who did it, when, and what it
//! changed (migration 0012).
//!
//! A change and its line are written in **one transaction**: every store
//! function behind an admin action opens one, makes its change, and calls
//! [`record_audit!`] on the same transaction before committing, so the log
//! never claims a change that was rolled back, nor misses one that was
//! made. Later admin actions follow the same pattern: take an [`Actor`],
//! write the change, record an [`AuditEntry`] with what it was before and
//! after (as JSON objects of the fields that changed).
//!
//! The log is read newest first, a page at a time by cursor (the last id
//! seen), filtered by person or kind ([`Store::audit_page`]).

use crate::{Store, StoreError, with_pool};
use jiff::Timestamp;
use newsdesk_domain::UserId;
use serde_json::Value;

/// Who did something: a signed-in person, or the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Their id; `None`: the command line (`newsdesk user add`).
    pub user: Option<UserId>,
    /// Their address, or a word for the command line, as the log shows it.
    pub name: String,
}

impl Actor {
    /// The command line, which has nobody signed in.
    pub fn command_line() -> Self {
        Self {
            user: None,
            name: "command line".to_owned(),
        }
    }
}

/// One line of the log, before it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// What was done, as a short dotted name (`source.pause`).
    pub kind: &'static str,
    /// What it was done to (`source 12`).
    pub subject: String,
    /// The changed fields before; `None` for something created.
    pub before: Option<Value>,
    /// The changed fields after; `None` for something removed.
    pub after: Option<Value>,
}

/// One line of the log as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditLine {
    /// Its id (the cursor for the next page).
    pub id: i64,
    /// When.
    pub at: Timestamp,
    /// Who, by id (`None`: the command line).
    pub user: Option<UserId>,
    /// Who, as written at the time.
    pub actor: String,
    /// What.
    pub kind: String,
    /// To what.
    pub subject: String,
    /// Before, as JSON text.
    pub before: Option<String>,
    /// After, as JSON text.
    pub after: Option<String>,
}

/// Which lines to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this person's.
    pub user: Option<UserId>,
    /// Only this kind.
    pub kind: Option<String>,
    /// Only lines older than this id (the previous page's cursor).
    pub before_id: Option<i64>,
}

/// A page of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditPage {
    /// Newest first.
    pub lines: Vec<AuditLine>,
    /// The cursor of the next (older) page; `None`: this is the last.
    pub next: Option<i64>,
}

/// Writes `$entry` (an [`AuditEntry`]) by `$actor` (an [`Actor`]) at
/// `$now` on `$tx`, the open transaction of the change it describes;
/// evaluates to the `sqlx` result. Used inside `with_writer!`, where the
/// transaction is typed for each backend.
macro_rules! record_audit {
    ($tx:expr, $now:expr, $actor:expr, $entry:expr) => {{
        let entry: &$crate::audit::AuditEntry = $entry;
        let actor: &$crate::audit::Actor = $actor;
        sqlx::query(
            "INSERT INTO audit_log (at, user_id, actor, kind, subject, before_json, after_json) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind($now.as_second())
        .bind(actor.user.map(|u| u.0))
        .bind(&actor.name)
        .bind(entry.kind)
        .bind(&entry.subject)
        .bind(entry.before.as_ref().map(|v| v.to_string()))
        .bind(entry.after.as_ref().map(|v| v.to_string()))
        .execute(&mut *$tx)
        .await
    }};
}
pub(crate) use record_audit;

/// [`record_audit!`] for a change readers see: first the site change that
/// tells web processes their kept pages are out of date
/// ([`crate::site_changes`]), then the audit line, both on `$tx`; the
/// store's error (located), for `?`.
macro_rules! record_editorial_change {
    ($store:expr, $tx:expr, $now:expr, $actor:expr, $entry:expr) => {{
        let done = match sqlx::query($crate::site_changes::RECORD_CHANGE)
            .bind($now.as_second())
            .execute(&mut *$tx)
            .await
        {
            Ok(_) => $crate::audit::record_audit!($tx, $now, $actor, $entry),
            Err(e) => Err(e),
        };
        done.map(|_| ()).map_err(|e| $store.locate(e.into()))
    }};
}
pub(crate) use record_editorial_change;

type LineRow = (
    i64,
    i64,
    Option<i64>,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

impl Store {
    /// A page of at most `limit` lines, newest first.
    pub async fn audit_page(
        &self,
        filter: &AuditFilter,
        limit: u32,
    ) -> Result<AuditPage, StoreError> {
        // Only the conditions the filter has go into the statement, so that
        // each reads its own index (by person, by kind, or the ids from the
        // cursor down) rather than every line from the newest.
        let mut sql = String::from(
            "SELECT id, at, user_id, actor, kind, subject, before_json, after_json \
             FROM audit_log WHERE TRUE",
        );
        if filter.user.is_some() {
            sql.push_str(" AND user_id = $1");
        }
        if filter.kind.is_some() {
            sql.push_str(" AND kind = $2");
        }
        if filter.before_id.is_some() {
            sql.push_str(" AND id < $3");
        }
        sql.push_str(" ORDER BY id DESC LIMIT $4");
        let rows: Vec<LineRow> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(filter.user.map(|u| u.0))
                .bind(filter.kind.as_deref())
                .bind(filter.before_id)
                .bind(i64::from(limit) + 1)
                .fetch_all(pool)
                .await?
        });
        let mut lines = rows
            .into_iter()
            .map(|(id, at, user, actor, kind, subject, before, after)| {
                Ok(AuditLine {
                    id,
                    at: Timestamp::from_second(at)
                        .map_err(|e| StoreError::Corrupt(format!("audit time: {e}")))?,
                    user: user.map(UserId),
                    actor,
                    kind,
                    subject,
                    before,
                    after,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let next = if lines.len() > limit as usize {
            lines.truncate(limit as usize);
            lines.last().map(|l| l.id)
        } else {
            None
        };
        Ok(AuditPage { lines, next })
    }

    /// The kinds of action the log holds, for its filter.
    ///
    /// Read by hopping from one kind to the next in the index by kind, a
    /// step per kind, rather than by reading every line: the log only
    /// grows, while its kinds stay a dozen or so.
    pub async fn audit_kinds(&self) -> Result<Vec<String>, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar(
                "WITH RECURSIVE kinds (kind) AS (\
                   SELECT MIN(kind) FROM audit_log \
                   UNION ALL \
                   SELECT (SELECT MIN(later.kind) FROM audit_log later WHERE later.kind > kinds.kind) \
                   FROM kinds WHERE kinds.kind IS NOT NULL) \
                 SELECT kind FROM kinds WHERE kind IS NOT NULL ORDER BY kind",
            )
            .fetch_all(pool)
            .await?
        }))
    }
}
