//! Claims of processes that no longer run, taken back at once.
//!
//! A worker's name in its claims is `HOST:PID:STARTED_MS`. A process that
//! was killed (`kill -9`, a crash, a machine that lost power and came
//! back) cannot release its claims, and they would hold its sources and
//! story pages until the lease runs out. Before claiming, a process looks
//! at the holders on its own host: one whose process id no longer runs,
//! or whose process id is now this process's own (the id came round
//! again), is dead, and its claims are released. Holders on other hosts cannot be checked from
//! here; their claims run out with their lease. Where there is no `/proc`
//! to ask, nothing is taken back.

use jiff::Timestamp;
use newsdesk_store::{Store, StoreError};
use std::path::Path;

/// Releases the claims of dead holders on this host; `me` is this
/// process's worker name. Returns the holders let go of.
pub async fn release_dead_local_holders(
    store: &Store,
    me: &str,
    now: Timestamp,
) -> Result<Vec<String>, StoreError> {
    let mut released = Vec::new();
    for holder in store.claim_holders().await? {
        if is_dead_here(&holder, me, Path::new("/proc")) {
            let let_go = store.release_holder(&holder, now).await?;
            tracing::info!(
                holder,
                sources = let_go.sources,
                pages = let_go.pages,
                digest_runs = let_go.digest_runs,
                "took back the claims of a process that no longer runs"
            );
            released.push(holder);
        }
    }
    Ok(released)
}

/// Whether `holder` is a process of this host (as `me` names it) that no
/// longer runs, asking the process table at `proc`.
fn is_dead_here(holder: &str, me: &str, proc: &Path) -> bool {
    let (Some((host, pid, started)), Some((my_host, my_pid, my_started))) =
        (parse(holder), parse(me))
    else {
        return false;
    };
    if host != my_host || (pid == my_pid && started == my_started) {
        return false;
    }
    if pid == my_pid {
        // This process now has the id: the holder was an earlier one.
        return true;
    }
    proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

/// `HOST:PID:STARTED_MS` in its parts.
fn parse(name: &str) -> Option<(&str, u32, &str)> {
    let (rest, started) = name.rsplit_once(':')?;
    let (host, pid) = rest.rsplit_once(':')?;
    Some((host, pid.parse().ok()?, started))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_hosts_dead_processes_are_dead() {
        let proc = tempfile::tempdir().unwrap();
        std::fs::create_dir(proc.path().join("self")).unwrap();
        std::fs::create_dir(proc.path().join("1200")).unwrap();
        let me = "desk-1:1200:1000";
        let dead = |holder: &str| is_dead_here(holder, me, proc.path());
        assert!(dead("desk-1:3400:900"), "no such process");
        assert!(!dead("desk-1:1200:1000"), "this process");
        assert!(dead("desk-1:1200:500"), "an earlier process with this id");
        assert!(!dead("desk-2:3400:900"), "another host: cannot tell");
        assert!(!dead("not a worker name"));
        std::fs::create_dir(proc.path().join("3400")).unwrap();
        assert!(!dead("desk-1:3400:900"), "it runs");
        let no_proc = tempfile::tempdir().unwrap();
        assert!(
            !is_dead_here("desk-1:3400:900", me, no_proc.path()),
            "no /proc: cannot tell"
        );
    }
}
