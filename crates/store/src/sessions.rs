//! Signed-in sessions and failed sign-ins (migration 0012).
//!
//! A session is found by the SHA-256 of its cookie's random value and the
//! host it is presented on ([`Store::session`]): the same cookie on another
//! host finds nothing. It ends at its `expires_at`, after `idle` without
//! use, when its person signs out or is disabled.
//!
//! Failed sign-ins are counted per key (an address typed, a client
//! address) by [`Store::login_failed`], which locks the key for a wait that
//! doubles with each failure past the free ones ([`Lockout`]); a success
//! clears the typed address's count ([`Store::login_succeeded`]). All of it
//! lives in the database, so a lockout holds across processes.

use crate::users::{TimedUserRow, USER_COLUMNS, User, UserRow, user_from_row};
use crate::{Store, StoreError, with_pool, with_writer};
use jiff::{SignedDuration, Timestamp};

/// How failed sign-ins lock a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    /// Failures allowed before any wait.
    pub free: u32,
    /// The wait after the first failure past the free ones; it doubles
    /// with each further failure.
    pub first_wait: SignedDuration,
    /// The longest wait.
    pub longest_wait: SignedDuration,
    /// A key quiet this long starts counting again from nothing.
    pub forget_after: SignedDuration,
}

impl Default for Lockout {
    fn default() -> Self {
        Self {
            free: 5,
            first_wait: SignedDuration::from_secs(2),
            longest_wait: SignedDuration::from_mins(15),
            forget_after: SignedDuration::from_hours(24),
        }
    }
}

impl Lockout {
    /// The wait after the `failures`-th failure in a row.
    pub fn wait_after(&self, failures: u32) -> SignedDuration {
        if failures <= self.free {
            return SignedDuration::ZERO;
        }
        let doublings = (failures - self.free - 1).min(30);
        let wait = self
            .first_wait
            .checked_mul(1 << doublings)
            .unwrap_or(self.longest_wait);
        wait.min(self.longest_wait)
    }
}

/// A session as its cookie finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionFound {
    /// The person signed in.
    pub user: User,
    /// When it was last used.
    pub last_seen_at: Timestamp,
}

impl Store {
    /// Records a new session for `user` on `host`, lasting `lifetime`.
    pub async fn open_session(
        &self,
        id_hash: &str,
        user: &User,
        host: &str,
        now: Timestamp,
        lifetime: SignedDuration,
    ) -> Result<(), StoreError> {
        let expires = now.checked_add(lifetime).unwrap_or(now);
        with_writer!(self, "open session", conn => {
            sqlx::query(
                "INSERT INTO admin_sessions (id_hash, user_id, host, created_at, last_seen_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $4, $5)",
            )
            .bind(id_hash)
            .bind(user.id.0)
            .bind(host)
            .bind(now.as_second())
            .bind(expires.as_second())
            .execute(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?;
            // Sessions long over are swept as new ones open.
            sqlx::query("DELETE FROM admin_sessions WHERE expires_at <= $1")
                .bind(now.as_second())
                .execute(&mut *conn)
                .await?;
        });
        Ok(())
    }

    /// The session `id_hash` on `host` at `now`, when it has neither
    /// expired nor been idle `idle`, and its person is active.
    pub async fn session(
        &self,
        id_hash: &str,
        host: &str,
        now: Timestamp,
        idle: SignedDuration,
    ) -> Result<Option<SessionFound>, StoreError> {
        let idle_since = now.checked_sub(idle).unwrap_or(now).as_second();
        let row: Option<TimedUserRow> = with_pool!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT admin_sessions.last_seen_at, {USER_COLUMNS} FROM admin_sessions \
                 JOIN users ON users.id = admin_sessions.user_id \
                 WHERE id_hash = $1 AND host = $2 AND expires_at > $3 AND last_seen_at > $4 \
                 AND users.disabled_at IS NULL"
            )))
            .bind(id_hash)
            .bind(host)
            .bind(now.as_second())
            .bind(idle_since)
            .fetch_optional(pool)
            .await?
        });
        let Some((last_seen, id, email, role, created_at, disabled_at, hash)) = row else {
            return Ok(None);
        };
        let row: UserRow = (id, email, role, created_at, disabled_at, hash);
        let (user, _) = user_from_row(row)?;
        Ok(Some(SessionFound {
            user,
            last_seen_at: crate::users::ts(last_seen)?,
        }))
    }

    /// Marks a session used at `now`.
    pub async fn touch_session(&self, id_hash: &str, now: Timestamp) -> Result<(), StoreError> {
        with_writer!(self, "touch session", conn => {
            sqlx::query("UPDATE admin_sessions SET last_seen_at = $2 WHERE id_hash = $1")
                .bind(id_hash)
                .bind(now.as_second())
                .execute(conn)
                .await?;
        });
        Ok(())
    }

    /// Ends a session (signing out).
    pub async fn close_session(&self, id_hash: &str) -> Result<(), StoreError> {
        with_writer!(self, "close session", conn => {
            sqlx::query("DELETE FROM admin_sessions WHERE id_hash = $1")
                .bind(id_hash)
                .execute(conn)
                .await?;
        });
        Ok(())
    }

    /// Until when the latest-locked of `keys` is locked at `now`; `None`
    /// when none is.
    pub async fn login_locked_until(
        &self,
        keys: &[&str],
        now: Timestamp,
    ) -> Result<Option<Timestamp>, StoreError> {
        let mut latest: Option<i64> = None;
        for key in keys {
            let until: Option<i64> = with_pool!(self, pool => {
                sqlx::query_scalar(
                    "SELECT locked_until FROM login_failures WHERE key = $1 AND locked_until > $2",
                )
                .bind(*key)
                .bind(now.as_second())
                .fetch_optional(pool)
                .await?
            });
            latest = latest.max(until);
        }
        latest.map(crate::users::ts).transpose()
    }

    /// Counts a failed sign-in against each of `keys` and locks each for
    /// its wait; returns the failures in a row of the most-failed key.
    pub async fn login_failed(
        &self,
        keys: &[&str],
        now: Timestamp,
        lockout: &Lockout,
    ) -> Result<u32, StoreError> {
        let begin = self.begin_write();
        let forget_before = now
            .checked_sub(lockout.forget_after)
            .unwrap_or(now)
            .as_second();
        let mut most = 0;
        for key in keys {
            let failures: i64 = with_writer!(self, "login failure", conn => {
                let mut tx = conn.begin_with(begin).await?;
                let failures: i64 = sqlx::query_scalar(
                    "INSERT INTO login_failures (key, failures, last_failed_at, locked_until) \
                     VALUES ($1, 1, $2, 0) ON CONFLICT (key) DO UPDATE SET \
                     failures = CASE WHEN login_failures.last_failed_at < $3 THEN 1 \
                     ELSE login_failures.failures + 1 END, last_failed_at = $2 \
                     RETURNING failures",
                )
                .bind(*key)
                .bind(now.as_second())
                .bind(forget_before)
                .fetch_one(&mut *tx)
                .await?;
                let count = u32::try_from(failures).unwrap_or(u32::MAX);
                let until = now.checked_add(lockout.wait_after(count)).unwrap_or(now);
                sqlx::query("UPDATE login_failures SET locked_until = $2 WHERE key = $1")
                    .bind(*key)
                    .bind(until.as_second())
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                failures
            });
            most = most.max(u32::try_from(failures).unwrap_or(u32::MAX));
        }
        Ok(most)
    }

    /// Clears the count of `key` after a successful sign-in.
    pub async fn login_succeeded(&self, key: &str) -> Result<(), StoreError> {
        with_writer!(self, "login success", conn => {
            sqlx::query("DELETE FROM login_failures WHERE key = $1")
                .bind(key)
                .execute(conn)
                .await?;
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_past_the_free_failures_up_to_the_longest() {
        let lockout = Lockout::default();
        let secs = |n| lockout.wait_after(n).as_secs();
        assert_eq!((secs(1), secs(5)), (0, 0));
        assert_eq!((secs(6), secs(7), secs(8)), (2, 4, 8));
        assert_eq!(secs(20), 900);
        assert_eq!(secs(u32::MAX), 900);
    }
}
