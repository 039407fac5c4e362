//! Wire copy: the stories whose text settled, clustered with their
//! near-copies once the pass's pages are done (see
//! `newsdesk_store::clusters`).

use super::Ingest;
use newsdesk_store::clusters::CLUSTER_BATCH;
use newsdesk_store::{ClusterTally, StoreError};

impl Ingest {
    /// Clusters the due stories a batch at a time until none is left or
    /// the pass is asked to stop.
    pub(super) async fn cluster_due(&self) -> Result<ClusterTally, StoreError> {
        let mut tally = ClusterTally::default();
        while !self.is_stopping() {
            let batch = self.store.cluster_due(CLUSTER_BATCH).await?;
            tally += batch;
            metrics::counter!("newsdesk_stories_clustered_total").increment(batch.stories as u64);
            if batch.stories < CLUSTER_BATCH {
                break;
            }
        }
        Ok(tally)
    }
}
