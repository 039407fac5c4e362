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
//! `newsdesk_sources_in_flight` (claimed by a worker now).

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
    let Some(handle) = recorder() else {
        return Ok(String::new());
    };
    metrics::gauge!("newsdesk_sources_due").set((waiting + in_flight) as f64);
    metrics::gauge!("newsdesk_queue_depth").set(waiting as f64);
    metrics::gauge!("newsdesk_sources_in_flight").set(in_flight as f64);
    metrics::gauge!("newsdesk_pages_due").set(pages_due as f64);
    Ok(handle.render())
}
