//! Article pages waiting to be fetched, claimed like sources.
//!
//! A story is stored from its feed item first; its page is fetched after.
//! A page that is due (a new story whose first try never happened, or a
//! retry after a passing failure, see [`Store::record_articles`]) is
//! claimed by one process at a time, in small batches, whatever its source:
//! the claim sets `page_holder` and moves `page_retry_after` to the end of
//! the lease (migration 0007). Recording the page ends the claim. A holder
//! that dies leaves pages whose `page_retry_after` has passed by the time
//! its lease runs out, so they fall due again by themselves; a process on
//! the same host can also release them at once ([`Store::release_holder`]).
//!
//! The claims of sources and pages are renewed and released together: a
//! working process renews everything it holds in one heartbeat
//! ([`Store::renew_claims`]), and a stopping one lets everything go.

use crate::{Backend, Lease, Store, StoreError, with_pool, with_writer};
use jiff::Timestamp;
use newsdesk_domain::{SourceId, StoryId};

/// A story's page, claimed for fetching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageClaim {
    /// The story.
    pub story: StoryId,
    /// The source that brought it (the page is fetched within its site's limits).
    pub source: SourceId,
    /// The page's address.
    pub link: String,
}

/// What releasing a holder's claims let go of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Released {
    /// Sources no longer held.
    pub sources: u64,
    /// Story pages no longer held, due at once.
    pub pages: u64,
    /// Digest runs no longer held, free to be taken over at once.
    pub digest_runs: u64,
}

impl Store {
    /// Claims up to `limit` story pages due at `now` (of `sources` only,
    /// when given), soonest due first, for `lease.owner` until
    /// `lease.until`.
    ///
    /// Two processes never get the same page: on PostgreSQL the rows are
    /// picked `FOR UPDATE SKIP LOCKED` and the condition is checked again
    /// on the locked row; on SQLite the one statement runs under the
    /// database's write lock.
    pub async fn claim_due_pages(
        &self,
        lease: &Lease,
        now: Timestamp,
        sources: Option<&[SourceId]>,
        limit: usize,
    ) -> Result<Vec<PageClaim>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let lock = if self.backend() == Backend::Postgres {
            "FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let only = match sources {
            Some([]) => return Ok(Vec::new()),
            Some(ids) => format!(
                "AND source_id IN ({})",
                crate::rows::placeholders(5, ids.len())
            ),
            None => String::new(),
        };
        let sql = format!(
            "UPDATE stories SET page_holder = $1, page_retry_after = $2 WHERE id IN ( \
             SELECT id FROM stories WHERE page_retry_after <= $3 {only} \
             ORDER BY page_retry_after, id LIMIT $4 {lock}) \
             AND page_retry_after <= $3 RETURNING id, source_id, link"
        );
        let rows: Vec<(i64, i64, String)> = with_writer!(self, "claim pages", conn => {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(&lease.owner)
                .bind(lease.until.as_second())
                .bind(now.as_second())
                .bind(limit);
            for id in sources.unwrap_or_default() {
                query = query.bind(id.0);
            }
            query.fetch_all(&mut *conn).await?
        });
        let mut claims: Vec<PageClaim> = rows
            .into_iter()
            .map(|(story, source, link)| PageClaim {
                story: StoryId(story),
                source: SourceId(source),
                link,
            })
            .collect();
        claims.sort_by_key(|c| c.story);
        Ok(claims)
    }

    /// Extends every claim `lease.owner` holds, on sources and on pages,
    /// to `lease.until`: the heartbeat of a working process. Returns how
    /// many sources and pages it still held.
    pub async fn renew_claims(&self, lease: &Lease) -> Result<Released, StoreError> {
        let until = lease.until.as_second();
        let begin = self.begin_write();
        let (sources, pages) = with_writer!(self, "renew claims", conn => {
            let mut tx = conn.begin_with(begin).await?;
            let sources = sqlx::query("UPDATE sources SET lease_until = $2 WHERE lease_owner = $1")
                .bind(&lease.owner)
                .bind(until)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let pages = sqlx::query(
                "UPDATE stories SET page_retry_after = $2 WHERE page_holder = $1",
            )
            .bind(&lease.owner)
            .bind(until)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            tx.commit().await?;
            (sources, pages)
        });
        Ok(Released {
            sources,
            pages,
            digest_runs: 0,
        })
    }

    /// Lets go of the sources and story pages `owner` holds (a pass that
    /// ended, a process stopping its fetching): its sources are due to
    /// others at once, its pages due at `now`. Its digest runs are its
    /// digest scheduler's to let go of.
    pub async fn release_claims(
        &self,
        owner: &str,
        now: Timestamp,
    ) -> Result<Released, StoreError> {
        self.release(owner, now, false).await
    }

    /// Lets go of everything `owner` holds, digest runs included: for a
    /// process found dead (see `newsdesk_ingest::holders`).
    pub async fn release_holder(
        &self,
        owner: &str,
        now: Timestamp,
    ) -> Result<Released, StoreError> {
        self.release(owner, now, true).await
    }

    async fn release(
        &self,
        owner: &str,
        now: Timestamp,
        with_digest_runs: bool,
    ) -> Result<Released, StoreError> {
        let begin = self.begin_write();
        let (sources, pages, digest_runs) = with_writer!(self, "release claims", conn => {
            let mut tx = conn.begin_with(begin).await?;
            let digest_runs = if with_digest_runs {
                sqlx::query(
                    "UPDATE digest_runs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1",
                )
                .bind(owner)
                .execute(&mut *tx)
                .await?
                .rows_affected()
            } else {
                0
            };
            let sources = sqlx::query(
                "UPDATE sources SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1",
            )
            .bind(owner)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let pages = sqlx::query(
                "UPDATE stories SET page_holder = NULL, page_retry_after = $2, search_indexed = TRUE \
                 WHERE page_holder = $1",
            )
            .bind(owner)
            .bind(now.as_second())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            tx.commit().await?;
            (sources, pages, digest_runs)
        });
        Ok(Released {
            sources,
            pages,
            digest_runs,
        })
    }

    /// Every process named in a claim on a source, a page or a digest
    /// run, whether or
    /// not the claim has run out (a lapsed claim still names a holder
    /// until someone takes the source or page over).
    pub async fn claim_holders(&self) -> Result<Vec<String>, StoreError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT lease_owner FROM sources WHERE lease_owner IS NOT NULL \
                 UNION SELECT page_holder FROM stories WHERE page_holder IS NOT NULL \
                 UNION SELECT lease_owner FROM digest_runs WHERE lease_owner IS NOT NULL \
                 ORDER BY 1",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// How many story pages are due at `now` and not held by anyone (for
    /// the operator's metrics and reports).
    pub async fn pages_due(&self, now: Timestamp) -> Result<u64, StoreError> {
        let due: i64 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM stories WHERE page_retry_after <= $1")
                .bind(now.as_second())
                .fetch_one(pool)
                .await?
        });
        Ok(u64::try_from(due).unwrap_or(0))
    }

    /// When the next story page falls due (held ones at their claim's
    /// end), if any is waiting.
    pub async fn next_page_due_at(&self) -> Result<Option<Timestamp>, StoreError> {
        let at: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT MIN(page_retry_after) FROM stories WHERE page_retry_after IS NOT NULL")
                .fetch_one(pool)
                .await?
        });
        Ok(at.and_then(|s| Timestamp::from_second(s).ok()))
    }
}
