//! Mastheads' looks as admins change them (migration 0018): read by every
//! process that shows a masthead, written by the admin's mastheads page.
//!
//! A change is one transaction: the row (deleted when nothing is left
//! changed), a site change, so that every process's kept pages and its
//! copy of the looks are out of date at once (see [`crate::site_changes`]),
//! and its audit line `masthead.look` with the look before and after.

use crate::audit::{Actor, AuditEntry, record_editorial_change};
use crate::{Store, StoreError, with_pool, with_writer};
use jiff::Timestamp;
use newsdesk_domain::{MastheadId, MastheadLook};

type LookRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn look_from_row((_, name, tagline, accent, logo): LookRow) -> MastheadLook {
    MastheadLook {
        name,
        tagline,
        accent,
        logo,
    }
}

impl Store {
    /// Every masthead's changed look, by masthead id (ids no longer in the
    /// config are returned too; the caller matches them).
    pub async fn masthead_looks(&self) -> Result<Vec<(String, MastheadLook)>, StoreError> {
        let rows: Vec<LookRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT masthead_id, name, tagline, accent, logo FROM masthead_looks \
                 ORDER BY masthead_id",
            )
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|row| (row.0.clone(), look_from_row(row)))
            .collect())
    }

    /// One masthead's changed look (empty when nothing is changed).
    pub async fn masthead_look(&self, id: &MastheadId) -> Result<MastheadLook, StoreError> {
        let row: Option<LookRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT masthead_id, name, tagline, accent, logo FROM masthead_looks \
                 WHERE masthead_id = $1",
            )
            .bind(id.as_str())
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(look_from_row).unwrap_or_default())
    }

    /// Sets `id`'s look to `look` (replacing the whole of what was changed
    /// before); audited as `masthead.look` when it differs. Returns whether
    /// anything changed.
    pub async fn set_masthead_look(
        &self,
        id: &MastheadId,
        look: &MastheadLook,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let begin = self.begin_write();
        let json = |look: &MastheadLook| {
            serde_json::to_value(look).map_err(|e| StoreError::Corrupt(e.to_string()))
        };
        let after = json(look)?;
        let changed = with_writer!(self, "set masthead look", conn => {
            let mut tx = conn.begin_with(begin).await.map_err(|e| self.locate(e.into()))?;
            let row: Option<LookRow> = sqlx::query_as(
                "SELECT masthead_id, name, tagline, accent, logo FROM masthead_looks \
                 WHERE masthead_id = $1",
            )
            .bind(id.as_str())
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| self.locate(e.into()))?;
            let before = row.map(look_from_row).unwrap_or_default();
            if &before == look {
                false
            } else {
                let write = if look.is_empty() {
                    sqlx::query("DELETE FROM masthead_looks WHERE masthead_id = $1")
                        .bind(id.as_str())
                } else {
                    sqlx::query(
                        "INSERT INTO masthead_looks (masthead_id, name, tagline, accent, logo, changed_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (masthead_id) DO UPDATE SET \
                         name = excluded.name, tagline = excluded.tagline, accent = excluded.accent, \
                         logo = excluded.logo, changed_at = excluded.changed_at",
                    )
                    .bind(id.as_str())
                    .bind(look.name.as_deref())
                    .bind(look.tagline.as_deref())
                    .bind(look.accent.as_deref())
                    .bind(look.logo.as_deref())
                    .bind(now.as_second())
                };
                write
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
                let entry = AuditEntry {
                    kind: "masthead.look",
                    subject: format!("masthead {id}"),
                    before: Some(json(&before)?),
                    after: Some(after),
                };
                record_editorial_change!(self, tx, now, actor, &entry)?;
                tx.commit().await.map_err(|e| self.locate(e.into()))?;
                true
            }
        });
        Ok(changed)
    }
}
