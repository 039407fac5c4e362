//! Claims: leases on sources and story pages, their heartbeat, their
//! release, and the name a process signs them with.
//!
//! A claim lasts [`DEFAULT_LEASE`] (or `fetch.lease_minutes`); while a pass
//! runs, [`Ingest::keep_claims`] renews everything the process holds every
//! third of it, so the lease need not cover a whole fetch and a process
//! that dies strands its work for one lease at most. A process on the same
//! host takes a dead one's claims back at once (see [`crate::holders`]).

use super::Ingest;
use jiff::Timestamp;
use newsdesk_store::{Lease, StoreError};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// How long a claim lasts by default: renewed every third of it while the
/// work goes on, so a dead process strands its work for at most this.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(60);

impl Ingest {
    /// Asks every pass of this worker (clones included) to claim nothing
    /// more: the sources and pages in hand are finished, then the pass
    /// ends. For a graceful shutdown.
    pub fn stop_claiming(&self) {
        self.stopping.store(true, Ordering::Relaxed);
    }

    /// Whether [`Ingest::stop_claiming`] was called.
    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::Relaxed)
    }

    /// Lets go of everything this worker still holds (sources, and story
    /// pages, which fall due at once), and logs what it held. A failure is
    /// logged too: the claims then run out by themselves.
    pub async fn release_claims(&self) {
        match self
            .store
            .release_claims(&self.worker, self.clock.now())
            .await
        {
            Ok(left) if left.sources + left.pages > 0 => tracing::info!(
                sources = left.sources,
                pages = left.pages,
                "released the work still in hand"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(
                error = &e as &dyn std::error::Error,
                "cannot release claims; they run out by themselves"
            ),
        }
    }

    /// Extends every claim this worker holds by a lease from now (see
    /// [`Store::renew_claims`]); the heartbeat of a pass calls it every
    /// third of the lease.
    pub async fn renew_claims(&self) -> Result<newsdesk_store::Released, StoreError> {
        self.store
            .renew_claims(&self.lease_from(self.clock.now()))
            .await
    }

    /// Releases the claims of processes on this host that no longer run
    /// (see [`crate::holders`]); a failure only means waiting for their
    /// leases to run out.
    pub(super) async fn take_back_dead_claims(&self) {
        let now = self.clock.now();
        if let Err(e) =
            crate::holders::release_dead_local_holders(&self.store, &self.worker, now).await
        {
            tracing::warn!(
                error = &e as &dyn std::error::Error,
                "cannot look for the claims of dead processes"
            );
        }
    }

    pub(super) fn lease_from(&self, now: Timestamp) -> Lease {
        let seconds = i64::try_from(self.lease.as_secs()).unwrap_or(i64::MAX);
        Lease {
            owner: self.worker.clone(),
            until: now
                .checked_add(jiff::SignedDuration::from_secs(seconds))
                .unwrap_or(Timestamp::MAX),
        }
    }

    /// Renews everything this worker holds every third of the lease, for
    /// as long as it is polled; never completes. A failed renewal is
    /// logged and tried again at the next beat.
    pub(super) async fn keep_claims(&self) -> std::convert::Infallible {
        let every = (self.lease / 3).max(Duration::from_secs(1));
        loop {
            tokio::time::sleep(every).await;
            if let Err(e) = self.renew_claims().await {
                tracing::warn!(error = &e as &dyn std::error::Error, "cannot renew claims");
            }
        }
    }
}

/// A name for this process in leases: host, process id and start time.
/// The same for every part of the process (the fetching scheduler and the
/// digest scheduler of one `serve` sign alike), so that a process never
/// takes its own claims for those of an earlier process with its id (see
/// [`crate::holders`]).
pub fn worker_name() -> String {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(|| {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "worker".to_owned());
        format!(
            "{host}:{}:{}",
            std::process::id(),
            Timestamp::now().as_millisecond()
        )
    })
    .clone()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_part_of_a_process_signs_with_one_name() {
        let name = super::worker_name();
        assert_eq!(super::worker_name(), name);
        let (rest, _started) = name.rsplit_once(':').expect("HOST:PID:STARTED_MS");
        let (_host, pid) = rest.rsplit_once(':').expect("HOST:PID");
        assert_eq!(pid, std::process::id().to_string());
    }
}
