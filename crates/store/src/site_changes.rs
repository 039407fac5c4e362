//! The site's change counter: how a web process knows its rendered pages
//! are out of date.
//!
//! Each transaction that writes stories adds a row to `site_changes`
//! ([`record_change`], inside that transaction); the counter is the sum of
//! the rows' weights, which only ever grows once a change has committed,
//! whichever process made it. Migration 0006 says why rows are added
//! rather than one row updated.

use crate::{Store, StoreError, with_pool, with_writer};
use jiff::Timestamp;

/// Rows past which [`Store::site_generation`] folds the old ones into one.
const COMPACT_AFTER_ROWS: i64 = 1_000;

/// Adds a change row; run it in the transaction that writes the stories,
/// with the time as `$1`.
pub(crate) const RECORD_CHANGE: &str =
    "INSERT INTO site_changes (changed_at, weight) VALUES ($1, 1)";

impl Store {
    /// The site's change counter now: it has grown since an earlier reading
    /// exactly when stories were written in between. Folds old change rows
    /// into one when they have piled up.
    pub async fn site_generation(&self) -> Result<i64, StoreError> {
        let (sum, rows): (i64, i64) = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT CAST(COALESCE(SUM(weight), 0) AS BIGINT), COUNT(*) FROM site_changes",
            )
            .fetch_one(pool)
            .await?
        });
        if rows > COMPACT_AFTER_ROWS {
            self.compact_site_changes().await?;
        }
        Ok(sum)
    }

    /// Folds every committed change row into one row with their summed
    /// weight. The sum is unchanged; should two processes fold at once, the
    /// sum can only grow (a needless refresh, never a missed one), since
    /// each deletes only rows it sees and adds back what it deleted.
    pub async fn compact_site_changes(&self) -> Result<(), StoreError> {
        let begin = self.begin_write();
        let now = Timestamp::now().as_second();
        with_writer!(self, "compact changes", conn => {
            let mut tx = conn.begin_with(begin).await?;
            let gone: Vec<i64> = sqlx::query_scalar("DELETE FROM site_changes RETURNING weight")
                .fetch_all(&mut *tx)
                .await?;
            if !gone.is_empty() {
                let deleted: i64 = gone.iter().sum();
                sqlx::query("INSERT INTO site_changes (changed_at, weight) VALUES ($1, $2)")
                    .bind(now)
                    .bind(deleted)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
