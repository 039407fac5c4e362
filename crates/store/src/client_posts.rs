//! How often a client address has posted a form within the hour: the
//! limit per client of the subscribe form (migration 0017).
//!
//! A fixed window of one hour per form and client, counted by one upsert
//! that returns the count including this post. A window is the hour of
//! unix time that `now` falls in, so all processes sharing the database
//! agree on it without talking to each other. A client can therefore post
//! up to twice the limit across the turn of an hour, never more; the
//! limit is against floods, not a quota, and that bound is what it needs.

use crate::{Store, StoreError, with_writer};
use jiff::Timestamp;

/// The length of a window, in seconds.
const WINDOW_SECS: i64 = 3_600;

impl Store {
    /// Counts one post of `form` from `client` at `now` and returns how
    /// many that client has made in the current hour, this one included.
    /// A client's first post of an hour also deletes the counts of hours
    /// that have ended, everyone's (an index probe when there are none), so
    /// the table holds about an hour of clients.
    pub async fn count_client_post(
        &self,
        form: &str,
        client: &str,
        now: Timestamp,
    ) -> Result<u32, StoreError> {
        let window = now.as_second().div_euclid(WINDOW_SECS) * WINDOW_SECS;
        let posts: i64 = with_writer!(self, "count client post", conn => {
            let posts: i64 = sqlx::query_scalar(
                "INSERT INTO client_posts (form, client, window_start, posts) VALUES ($1, $2, $3, 1) \
                 ON CONFLICT (form, client) DO UPDATE SET \
                 posts = CASE WHEN client_posts.window_start = excluded.window_start \
                 THEN client_posts.posts + 1 ELSE 1 END, \
                 window_start = excluded.window_start \
                 RETURNING posts",
            )
            .bind(form)
            .bind(client)
            .bind(window)
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| self.locate(e.into()))?;
            if posts == 1 {
                sqlx::query("DELETE FROM client_posts WHERE window_start < $1")
                    .bind(window)
                    .execute(&mut *conn)
                    .await
                    .map_err(|e| self.locate(e.into()))?;
            }
            posts
        });
        Ok(u32::try_from(posts).unwrap_or(u32::MAX))
    }
}
