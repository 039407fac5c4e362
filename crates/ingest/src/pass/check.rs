//! One source's check: read the feed, store its items, fetch the new
//! stories' pages, and record the outcome with the source's next check.

use super::report::{SourceOutcome, SourceReport};
use super::{Ingest, PAGES_PER_SOURCE};
use crate::feed;
use crate::fetcher::{self, FetchError, FetchOutcome, Validators};
use crate::schedule::{self, Asked, Checked, Standing, jitter_draw};
use jiff::Timestamp;
use newsdesk_domain::{NewStory, Source, StoryId};
use newsdesk_store::{FetchRecord, Schedule, StoreError, StoryInsert};
use std::time::{Duration, Instant};

impl Ingest {
    #[tracing::instrument(skip_all, fields(source = source.id.0, url = %source.url))]
    pub(super) async fn check_source(&self, source: Source) -> Result<SourceReport, StoreError> {
        let checked_at = self.clock.now();
        let started = Instant::now();
        let done = self.fetch_and_store(&source).await;
        let seconds = started.elapsed().as_secs_f64();
        let (outcome, record, checked, asked) = match done {
            Ok(done) => (done.outcome, done.record, done.checked, done.asked),
            // Nothing is recorded against the source: the fault is not its.
            Err(Failure {
                stop: Some(stop), ..
            }) => {
                let stop = self.store.locate(stop);
                tracing::debug!(error = %stop, "storing failed; the pass stops");
                return Err(stop);
            }
            Err(failure) => {
                tracing::warn!(error = %failure.text, "source failed");
                let outcome = if failure.gone {
                    SourceOutcome::Gone(failure.text.clone())
                } else {
                    SourceOutcome::Failed(failure.text.clone())
                };
                let checked = if failure.gone {
                    Checked::Gone
                } else {
                    Checked::Failed
                };
                (
                    outcome,
                    FetchRecord::Failed {
                        error: failure.text,
                    },
                    checked,
                    failure.asked,
                )
            }
        };
        metrics::counter!("newsdesk_fetches_total", "outcome" => outcome.label()).increment(1);
        metrics::histogram!("newsdesk_fetch_duration_seconds").record(seconds);
        let rhythm = source.state.check_interval_secs.map(Duration::from_secs);
        let step = schedule::step(
            &self.cadence,
            source.state.last_checked_at,
            source.state.next_check_at,
            rhythm,
            checked_at,
        );
        let next = self.cadence.next(
            checked_at,
            &checked,
            &asked,
            Standing {
                rhythm,
                failures: source.state.failures,
                step,
            },
            jitter_draw(source.id, checked_at),
        );
        let schedule = Schedule {
            next_check_at: next.at,
            check_interval_secs: Some(next.interval.as_secs()),
            failures: next.failures,
            gone: next.gone,
        };
        if let Err(e) = self
            .store
            .record_fetch(source.id, checked_at, &record, &schedule, &self.worker)
            .await
        {
            if e.is_disk_full() {
                return Err(e);
            }
            tracing::error!(
                error = &e as &dyn std::error::Error,
                "cannot record the fetch"
            );
        }
        Ok(SourceReport {
            source_id: source.id,
            name: source.name,
            outcome,
            next_check_at: (!next.gone).then_some(next.at),
        })
    }

    /// The check's steps: read the feed (a 304 ends it), store its items,
    /// fetch the new stories' pages.
    async fn fetch_and_store(&self, source: &Source) -> Result<Done, Failure> {
        let Some((fetched, parsed)) = self.read_feed(source).await? else {
            return Ok(Done {
                outcome: SourceOutcome::NotModified,
                record: FetchRecord::NotModified,
                checked: Checked::Unchanged,
                asked: Asked::default(),
            });
        };
        let asked = Asked {
            ttl: parsed
                .ttl_minutes
                .map(|m| Duration::from_secs(u64::from(m) * 60)),
            fresh_for: fetched.fresh_for,
            retry_after: None,
            skip_hours: parsed.skip_hours.clone(),
        };
        let stored = self
            .store_items(source, &parsed.items)
            .await
            .map_err(|failure| Failure {
                asked: asked.clone(),
                ..failure
            })?;
        let articles = self.store_pages(stored.fresh).await?;
        let item_times = parsed
            .items
            .iter()
            .filter(|i| i.dated)
            .map(|i| i.published_at)
            .collect();
        Ok(Done {
            outcome: SourceOutcome::Fetched {
                new: stored.new,
                articles,
                duplicate: stored.duplicate,
                skipped: parsed.skipped.len(),
            },
            record: FetchRecord::Fetched {
                etag: fetched.validators.etag,
                last_modified: fetched.validators.last_modified,
                problem: parsed.skipped_note(),
            },
            checked: Checked::Read { item_times },
            asked,
        })
    }

    /// Fetches the feed (conditionally) and parses it; `None` when the
    /// server says nothing changed.
    async fn read_feed(
        &self,
        source: &Source,
    ) -> Result<Option<(fetcher::Fetched, feed::ParsedFeed)>, Failure> {
        let validators = Validators {
            etag: source.state.etag.clone(),
            last_modified: source.state.last_modified.clone(),
        };
        let fetched = match self
            .limits
            .fetch(&self.fetcher, source.url.as_str(), &validators)
            .await
            .map_err(|e| Failure::of_fetch(&e, self.clock.now()))?
        {
            FetchOutcome::NotModified => return Ok(None),
            FetchOutcome::Fetched(fetched) => fetched,
        };
        // Parsing is CPU work (a feed of 100,000 items takes seconds): on
        // the blocking pool, so the other sources of the pass go on.
        let seen = self.clock.now();
        let body = fetched.body.clone();
        let content_type = fetched.content_type.clone();
        let feed_url = fetched.url.clone();
        let parsed = tokio::task::spawn_blocking(move || {
            let body = feed::with_header_charset(&body, content_type.as_deref());
            feed::parse_at(&body, &feed_url, seen)
        })
        .await
        .map_err(|_| Failure::plain("the feed could not be parsed (parser failure)".to_owned()))?
        .map_err(|e| Failure::plain(e.to_string()))?;
        Ok(Some((fetched, parsed)))
    }

    /// Stores the feed's items in one batch (all together or not at all),
    /// the new stories already claimed for their page fetch.
    async fn store_items(
        &self,
        source: &Source,
        items: &[feed::FeedItem],
    ) -> Result<Stored, Failure> {
        let stories: Vec<NewStory> = items.iter().map(|item| item.story_for(source)).collect();
        let held = self.lease_from(self.clock.now());
        let inserted = match self.store.insert_stories_held(&stories, Some(&held)).await {
            Ok(inserted) => inserted,
            Err(e) if e.is_disk_full() => return Err(Failure::stop(e)),
            Err(e) => {
                tracing::error!(
                    error = &e as &dyn std::error::Error,
                    "cannot store the stories"
                );
                return Err(Failure::plain(
                    "storing the feed's items failed; will retry".into(),
                ));
            }
        };
        let mut stored = Stored::default();
        for (item, done) in items.iter().zip(inserted) {
            match done {
                StoryInsert::Inserted(id) => {
                    stored.new += 1;
                    stored.fresh.push((id, item.link.clone()));
                }
                StoryInsert::Duplicate => stored.duplicate += 1,
            }
        }
        Ok(stored)
    }

    /// Fetches the new stories' pages and records them in one batch;
    /// returns how many gave the article. If recording fails (but for a
    /// full disk, which stops the pass) the stories are stored all the
    /// same and their pages stay claimed: released when the pass ends,
    /// they fall due and are fetched again, so the check itself succeeded
    /// and its counts say what was stored.
    async fn store_pages(&self, fresh: Vec<(StoryId, String)>) -> Result<usize, Failure> {
        let pages = self.fetch_pages(fresh, PAGES_PER_SOURCE).await;
        match self.store.record_articles(&pages, self.clock.now()).await {
            Ok(()) => Ok(pages.iter().filter(|(_, page)| page.body.is_some()).count()),
            Err(e) if e.is_disk_full() => Err(Failure::stop(e)),
            Err(e) => {
                tracing::error!(
                    error = &e as &dyn std::error::Error,
                    "cannot store the articles; their pages will be fetched again"
                );
                Ok(0)
            }
        }
    }
}

/// What storing a feed's items came to.
#[derive(Default)]
struct Stored {
    /// Stories stored for the first time.
    new: usize,
    /// Items already stored.
    duplicate: usize,
    /// The new stories and their links, for their pages.
    fresh: Vec<(StoryId, String)>,
}

/// A fetch that went through.
struct Done {
    outcome: SourceOutcome,
    record: FetchRecord,
    checked: Checked,
    asked: Asked,
}

/// A fetch that did not: the operator's text, and what the server asked;
/// or the store error that stops the whole pass.
struct Failure {
    text: String,
    gone: bool,
    asked: Asked,
    stop: Option<StoreError>,
}

impl Failure {
    fn plain(text: String) -> Self {
        Self {
            text,
            gone: false,
            asked: Asked::default(),
            stop: None,
        }
    }

    /// The store cannot write (a full disk): the pass stops.
    fn stop(error: StoreError) -> Self {
        Self {
            stop: Some(error),
            ..Self::plain(String::new())
        }
    }

    fn of_fetch(error: &FetchError, now: Timestamp) -> Self {
        match error {
            FetchError::Status { status: 410, .. } => Self {
                text: "HTTP 410 from the server: the feed is gone; polling has stopped \
                       (give the source a new URL to start again)"
                    .to_owned(),
                gone: true,
                asked: Asked::default(),
                stop: None,
            },
            FetchError::Status {
                status,
                retry_after,
            } => {
                let wait = retry_after
                    .as_deref()
                    .and_then(|text| fetcher::retry_after(text, now));
                let text = match wait {
                    Some(wait) => format!(
                        "HTTP {status} from the server; it asked us to wait {} s",
                        wait.as_secs()
                    ),
                    None => error.to_string(),
                };
                Self {
                    text,
                    gone: false,
                    asked: Asked {
                        retry_after: wait,
                        ..Asked::default()
                    },
                    stop: None,
                }
            }
            other => Self::plain(other.to_string()),
        }
    }
}
