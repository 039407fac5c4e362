//! For the people who run the site: Prometheus metrics and a health check.
//!
//! [`router`] serves `/metrics` and `/healthz`; `web` and `serve` mount it
//! beside the site, `worker --metrics-listen` alone. `/healthz` answers
//! `ok` when the database answers a ping, and 503 otherwise.
//!
//! `GET /metrics` answers in the Prometheus text format. Counters and
//! histograms are this process's own (`newsdesk_fetches_total{outcome}`,
//! `newsdesk_fetch_duration_seconds`, recorded by the fetching code
//! through the `metrics` facade); the schedule gauges are read from the
//! database at each scrape, so every process reports the same network-wide
//! numbers: `newsdesk_sources_due` (due now, waiting or being fetched),
//! `newsdesk_queue_depth` (due and not yet claimed by any worker),
//! `newsdesk_pages_due` (story pages due and not claimed) and
//! `newsdesk_sources_in_flight` (claimed by a worker now). The daily
//! email's gauges are read the same way: `newsdesk_mail_readers{masthead,
//! status}`, `newsdesk_mail_bouncing_readers{masthead}` (refused lately)
//! and `newsdesk_mail_digests{masthead,state}`, the outbox of each
//! masthead's newest day (sent, failed, queued, sending, skipped).

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use newsdesk_store::{Store, StoreError};
use std::sync::OnceLock;

/// Buckets of the fetch-latency histogram, in seconds.
const FETCH_SECONDS: &[f64] = &[0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];

static RECORDER: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's metrics recorder, installed on first use. `None` only if
/// another recorder was installed first (then metrics are not ours to show).
pub fn recorder() -> Option<&'static PrometheusHandle> {
    RECORDER
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("newsdesk_fetch_duration_seconds".to_owned()),
                    FETCH_SECONDS,
                )
                .ok()?;
            let handle = builder.install_recorder().ok()?;
            metrics::describe_counter!(
                "newsdesk_fetches_total",
                "Source fetches by this process, by outcome."
            );
            metrics::describe_histogram!(
                "newsdesk_fetch_duration_seconds",
                metrics::Unit::Seconds,
                "Time to fetch, parse and store one source, its pages included."
            );
            metrics::describe_gauge!(
                "newsdesk_sources_due",
                "Sources due now: waiting for a worker or being fetched."
            );
            metrics::describe_gauge!(
                "newsdesk_queue_depth",
                "Sources due now and not yet claimed by any worker."
            );
            metrics::describe_gauge!(
                "newsdesk_sources_in_flight",
                "Sources claimed by a worker and being fetched."
            );
            metrics::describe_gauge!(
                "newsdesk_pages_due",
                "Story pages due now (a retry, or a page a crash left) and not claimed."
            );
            metrics::describe_gauge!(
                "newsdesk_mail_readers",
                "Readers of the daily email, by masthead and status."
            );
            metrics::describe_gauge!(
                "newsdesk_mail_bouncing_readers",
                "Readers whose last digests were refused by their server."
            );
            metrics::describe_gauge!(
                "newsdesk_mail_digests",
                "The outbox of each masthead's newest digest day, by state."
            );
            metrics::describe_counter!(
                "newsdesk_page_retries_total",
                "Story pages this process fetched because they were due, not with their feed."
            );
            Some(handle)
        })
        .as_ref()
}

/// The operations routes, for any state that holds the store.
pub fn router<S>() -> Router<S>
where
    Store: FromRef<S>,
    S: Clone + Send + Sync + 'static,
{
    Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(health))
}

/// `GET /metrics`.
pub async fn metrics(State(store): State<Store>) -> Response {
    match scrape(&store).await {
        Ok(text) => answer(text).into_response(),
        Err(e) => {
            tracing::error!(
                error = &e as &dyn std::error::Error,
                "cannot read the schedule for /metrics"
            );
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// `GET /healthz`: `ok` when the database answers.
pub async fn health(State(store): State<Store>) -> Response {
    match store.ping().await {
        Ok(()) => "ok".into_response(),
        Err(e) => {
            tracing::error!(error = &e as &dyn std::error::Error, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the database does not answer",
            )
                .into_response()
        }
    }
}

/// The metrics as a Prometheus text response.
pub fn answer(text: String) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
}

/// The metrics text, with the schedule gauges read from `store` now:
/// sources due and unclaimed, sources claimed by a worker, and story
/// pages due.
pub async fn scrape(store: &Store) -> Result<String, StoreError> {
    let now = jiff::Timestamp::now();
    let (waiting, in_flight) = store.schedule_counts(now).await?;
    let pages_due = store.pages_due(now).await?;
    // Days are local to each masthead: two UTC days back holds every
    // masthead's newest day, in any zone.
    let since = jiff::tz::TimeZone::UTC
        .to_datetime(now - jiff::SignedDuration::from_hours(48))
        .date()
        .to_string();
    let readers = store.reader_tallies(None, u32::MAX).await?;
    let days = store.day_tallies(None, &since).await?;
    let Some(handle) = recorder() else {
        return Ok(String::new());
    };
    mail_gauges(&readers, &days);
    metrics::gauge!("newsdesk_sources_due").set((waiting + in_flight) as f64);
    metrics::gauge!("newsdesk_queue_depth").set(waiting as f64);
    metrics::gauge!("newsdesk_sources_in_flight").set(in_flight as f64);
    metrics::gauge!("newsdesk_pages_due").set(pages_due as f64);
    Ok(handle.render())
}

/// Sets the daily email's gauges: readers by masthead and status, and the
/// outbox of each masthead's newest day (`days` oldest first).
fn mail_gauges(readers: &[newsdesk_store::ReaderTally], days: &[newsdesk_store::DayTally]) {
    let mut bouncing = std::collections::BTreeMap::new();
    for tally in readers {
        let masthead = tally.masthead.to_string();
        metrics::gauge!("newsdesk_mail_readers", "masthead" => masthead.clone(), "status" => tally.status.as_str())
            .set(tally.readers as f64);
        *bouncing.entry(masthead).or_insert(0) += tally.bouncing;
    }
    for (masthead, n) in bouncing {
        metrics::gauge!("newsdesk_mail_bouncing_readers", "masthead" => masthead).set(n as f64);
    }
    let mut newest = std::collections::BTreeMap::new();
    for day in days {
        newest.insert(day.masthead.to_string(), day.outbox);
    }
    for (masthead, o) in newest {
        for (state, n) in [
            ("sent", o.sent),
            ("failed", o.failed),
            ("queued", o.queued),
            ("sending", o.sending),
            ("skipped", o.skipped),
        ] {
            metrics::gauge!("newsdesk_mail_digests", "masthead" => masthead.clone(), "state" => state)
                .set(n as f64);
        }
    }
}
