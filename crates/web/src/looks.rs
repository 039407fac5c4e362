//! Mastheads as they look now: the config's, with what admins changed in
//! the admin's mastheads page (name, tagline, accent, logo; see
//! [`newsdesk_domain::MastheadLook`]).
//!
//! Every process keeps a copy of the changed looks and reads them again
//! when the site's change counter moves (the page layer reads the counter
//! anyway, at most once per check; see [`crate::cache`]): a change is
//! counted in the same transaction that writes it, so a process that sees
//! the new count and then reads the looks has them. The process that made
//! the change reads them at once ([`Looks::reload`]). Between two reads a
//! request costs no query: the copy is behind a lock held for a clone of
//! an `Arc`.

use newsdesk_domain::{Masthead, MastheadLook};
use newsdesk_store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

/// The changed looks, by masthead id, and the change count they were read
/// at.
#[derive(Debug)]
pub struct Looks {
    changed: RwLock<Arc<HashMap<String, MastheadLook>>>,
    /// The site's change count when they were last read; `i64::MIN`:
    /// never.
    read_at: AtomicI64,
}

impl Default for Looks {
    fn default() -> Self {
        Self {
            changed: RwLock::default(),
            read_at: AtomicI64::new(i64::MIN),
        }
    }
}

impl Looks {
    /// `masthead` as it looks now.
    pub fn dress(&self, masthead: &Masthead) -> Masthead {
        let mut dressed = masthead.clone();
        let changed = Arc::clone(&self.changed.read().unwrap_or_else(PoisonError::into_inner));
        if let Some(look) = changed.get(masthead.id.as_str()) {
            look.dress(&mut dressed);
        }
        dressed
    }

    /// Reads the looks again when the site's change count is no longer
    /// the one they were read at. A failed read keeps the copy and tries
    /// again at the next count.
    pub async fn catch_up(&self, store: &Store, generation: i64) {
        if self.read_at.load(Ordering::Acquire) == generation {
            return;
        }
        match self.reload(store).await {
            Ok(()) => self.read_at.store(generation, Ordering::Release),
            Err(e) => tracing::warn!(
                error = &e as &dyn std::error::Error,
                "cannot read the mastheads' looks; showing them as they were"
            ),
        }
    }

    /// Reads the looks now.
    pub async fn reload(&self, store: &Store) -> Result<(), StoreError> {
        let looks: HashMap<String, MastheadLook> =
            store.masthead_looks().await?.into_iter().collect();
        *self.changed.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(looks);
        Ok(())
    }
}
