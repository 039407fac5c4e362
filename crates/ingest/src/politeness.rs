//! Politeness: how hard we lean on any one site.
//!
//! One [`Politeness`] is shared by every fetch of a pass, and a long-running
//! worker keeps it from pass to pass. It holds, per origin (scheme, host and
//! port):
//!
//! - a limit on requests in flight at once (`fetch.requests_per_host`,
//!   default 2);
//! - a minimum interval between the starts of two requests
//!   (`fetch.host_interval_ms`, default 1000 ms), raised to the site's
//!   robots.txt `Crawl-delay` when that is longer (capped at 60 s);
//! - the site's robots.txt, fetched once through the same [`Fetcher`] (so
//!   the same caps, timeouts and address guard apply) and kept for a day;
//!   when it could not be read (5xx, 429, network failure) the answer is
//!   kept for ten minutes only. Callers asking about the same origin at once
//!   wait for one fetch.
//!
//! Article pages are fetched only when robots.txt allows them
//! ([`Politeness::robots_verdict`] then [`Politeness::fetch`]); feeds are
//! what a site publishes to be fetched, so they go through the limits but
//! not robots.txt. Redirects of a page are followed without a second
//! robots.txt check.

use crate::fetcher::{FetchError, FetchOutcome, Fetcher, Validators};
use crate::robots::{MAX_ROBOTS_BYTES, PRODUCT_TOKEN, Robots, RobotsRules, RobotsVerdict};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use url::Url;

/// How polite to be; from the `[fetch]` section of the config.
#[derive(Debug, Clone)]
pub struct PolitenessSettings {
    /// Requests in flight at once to one origin (at least 1).
    pub requests_per_host: usize,
    /// Least time between the starts of two requests to one origin.
    pub host_interval: Duration,
    /// The most a robots.txt `Crawl-delay` can raise the interval to.
    pub max_crawl_delay: Duration,
    /// How long a robots.txt that was read (or found missing) is kept.
    pub robots_ttl: Duration,
    /// How long an unreadable robots.txt keeps a site's pages unfetched
    /// before it is asked for again.
    pub robots_retry: Duration,
}

impl Default for PolitenessSettings {
    fn default() -> Self {
        Self {
            requests_per_host: 2,
            host_interval: Duration::from_millis(1000),
            max_crawl_delay: Duration::from_secs(60),
            robots_ttl: Duration::from_secs(24 * 60 * 60),
            robots_retry: Duration::from_secs(10 * 60),
        }
    }
}

/// Above this many origins, idle ones are forgotten as new ones arrive.
const ORIGINS_KEPT: usize = 4096;

/// Per-origin limits and robots.txt cache. Cheap to clone; clones share state.
#[derive(Debug, Clone)]
pub struct Politeness {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    settings: PolitenessSettings,
    origins: Mutex<HashMap<String, Arc<Origin>>>,
}

/// What we know of one origin.
#[derive(Debug)]
struct Origin {
    /// One permit per request allowed in flight.
    slots: Arc<Semaphore>,
    pace: Mutex<Pace>,
    /// Held across a robots.txt fetch, so one fetch serves every caller.
    robots: tokio::sync::Mutex<Option<CachedRobots>>,
}

#[derive(Debug)]
struct Pace {
    last_start: Option<Instant>,
    /// Our interval, or the site's crawl delay when longer.
    interval: Duration,
}

#[derive(Debug)]
struct CachedRobots {
    robots: Robots,
    until: Instant,
}

/// Held while a request to an origin is in flight.
#[derive(Debug)]
struct Turn {
    _permit: Option<OwnedSemaphorePermit>,
}

impl Default for Politeness {
    fn default() -> Self {
        Self::new(PolitenessSettings::default())
    }
}

impl Politeness {
    /// Fresh limits and an empty robots.txt cache.
    pub fn new(settings: PolitenessSettings) -> Self {
        Self {
            inner: Arc::new(Inner {
                settings: PolitenessSettings {
                    requests_per_host: settings.requests_per_host.max(1),
                    ..settings
                },
                origins: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The settings in force.
    pub fn settings(&self) -> &PolitenessSettings {
        &self.inner.settings
    }

    /// GETs `url` within the origin's limits (robots.txt is not asked:
    /// check [`Politeness::robots_verdict`] first for article pages).
    pub async fn fetch(
        &self,
        fetcher: &Fetcher,
        url: &str,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        let _turn = match origin_key(url) {
            Some(key) => Some(self.turn(&self.origin(&key)).await),
            // Not a URL we fetch: the fetcher says so, no request is made.
            None => None,
        };
        fetcher.fetch(url, validators).await
    }

    /// Whether the site's robots.txt lets us fetch `url`, reading it first
    /// when it is not cached. URLs we would not fetch at all are `Allowed`
    /// here and refused by the fetcher.
    pub async fn robots_verdict(&self, fetcher: &Fetcher, url: &str) -> RobotsVerdict {
        let Ok(parsed) = Url::parse(url) else {
            return RobotsVerdict::Allowed;
        };
        let Some(key) = origin_key(url) else {
            return RobotsVerdict::Allowed;
        };
        let origin = self.origin(&key);
        let mut path = parsed.path().to_owned();
        if let Some(query) = parsed.query() {
            path.push('?');
            path.push_str(query);
        }
        let mut cached = origin.robots.lock().await;
        let now = Instant::now();
        if let Some(entry) = cached.as_ref().filter(|entry| entry.until > now) {
            return entry.robots.verdict(&path);
        }
        let robots = self.read_robots(fetcher, &origin, &key).await;
        let keep_for = match robots {
            Robots::Unreachable(_) => self.inner.settings.robots_retry,
            Robots::Rules(_) | Robots::NoFile => self.inner.settings.robots_ttl,
        };
        let crawl_delay = robots
            .crawl_delay()
            .map(|delay| delay.min(self.inner.settings.max_crawl_delay));
        lock(&origin.pace).interval = crawl_delay
            .map_or(self.inner.settings.host_interval, |delay| {
                delay.max(self.inner.settings.host_interval)
            });
        let verdict = robots.verdict(&path);
        *cached = Some(CachedRobots {
            robots,
            until: Instant::now() + keep_for,
        });
        verdict
    }

    /// Fetches `/robots.txt` of an origin, within its limits.
    async fn read_robots(&self, fetcher: &Fetcher, origin: &Arc<Origin>, key: &str) -> Robots {
        let url = format!("{key}/robots.txt");
        let fetched = {
            let _turn = self.turn(origin).await;
            fetcher.fetch_prefix(&url, MAX_ROBOTS_BYTES).await
        };
        let robots = match fetched {
            Ok(FetchOutcome::Fetched(file)) => {
                Robots::Rules(RobotsRules::parse(&file.body, PRODUCT_TOKEN))
            }
            Ok(FetchOutcome::NotModified) => {
                Robots::Unreachable("the server answered 304 to an unconditional request".into())
            }
            // 429 asks us to slow down: read as a server error, not as "no file".
            Err(FetchError::Status { status, .. })
                if (400..500).contains(&status) && status != 429 =>
            {
                Robots::NoFile
            }
            // RFC 9309: past five redirects the file may be taken as missing.
            Err(FetchError::TooManyRedirects(_)) => Robots::NoFile,
            Err(error) => Robots::Unreachable(error.to_string()),
        };
        match &robots {
            Robots::Unreachable(why) => {
                tracing::warn!(%url, %why, "robots.txt unreadable; the site's pages wait");
            }
            Robots::NoFile => tracing::debug!(%url, "no robots.txt"),
            Robots::Rules(_) => tracing::debug!(%url, "robots.txt read"),
        }
        robots
    }

    /// Waits for a free slot at the origin and for its interval to pass.
    async fn turn(&self, origin: &Arc<Origin>) -> Turn {
        // The semaphore is never closed, so this waits and then succeeds.
        let permit = origin.slots.clone().acquire_owned().await.ok();
        loop {
            let ready_at = {
                let mut pace = lock(&origin.pace);
                let now = Instant::now();
                match pace.last_start {
                    Some(last) if now < last + pace.interval => last + pace.interval,
                    _ => {
                        pace.last_start = Some(now);
                        break;
                    }
                }
            };
            tokio::time::sleep_until(ready_at).await;
        }
        Turn { _permit: permit }
    }

    /// The state of the origin named by `key`, made on first use.
    fn origin(&self, key: &str) -> Arc<Origin> {
        let mut origins = lock(&self.inner.origins);
        if let Some(origin) = origins.get(key) {
            return origin.clone();
        }
        if origins.len() >= ORIGINS_KEPT {
            let now = Instant::now();
            origins.retain(|_, origin| Arc::strong_count(origin) > 1 || !origin.is_idle(now));
        }
        let origin = Arc::new(Origin {
            slots: Arc::new(Semaphore::new(self.inner.settings.requests_per_host)),
            pace: Mutex::new(Pace {
                last_start: None,
                interval: self.inner.settings.host_interval,
            }),
            robots: tokio::sync::Mutex::new(None),
        });
        origins.insert(key.to_owned(), origin.clone());
        origin
    }
}

impl Origin {
    /// Nothing would be lost by forgetting it: its interval has passed and
    /// its robots.txt has expired.
    fn is_idle(&self, now: Instant) -> bool {
        let paced = {
            let pace = lock(&self.pace);
            pace.last_start
                .is_none_or(|last| last + pace.interval <= now)
        };
        let robots_expired = self
            .robots
            .try_lock()
            .is_ok_and(|robots| robots.as_ref().is_none_or(|r| r.until <= now));
        paced && robots_expired
    }
}

/// `scheme://host[:port]` of an http(s) URL.
fn origin_key(url: &str) -> Option<String> {
    let parsed = Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return None;
    }
    Some(parsed.origin().ascii_serialization())
}

/// Our mutexes guard plain numbers and maps that stay whole even if a
/// holder panicked, so a poisoned lock is used as it is.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port() {
        for (url, expected) in [
            ("http://Example.com/a", Some("http://example.com")),
            ("https://example.com:443/a", Some("https://example.com")),
            (
                "https://example.com:8443/a?b",
                Some("https://example.com:8443"),
            ),
            ("http://127.0.0.1:9000/x", Some("http://127.0.0.1:9000")),
            ("ftp://example.com/x", None),
            ("not a url", None),
        ] {
            assert_eq!(origin_key(url).as_deref(), expected, "{url}");
        }
    }

    #[tokio::test]
    async fn starts_are_spaced_by_the_interval() {
        let politeness = Politeness::new(PolitenessSettings {
            requests_per_host: 4,
            host_interval: Duration::from_millis(50),
            ..PolitenessSettings::default()
        });
        let origin = politeness.origin("http://example.com");
        let mut starts = Vec::new();
        for _ in 0..3 {
            let _turn = politeness.turn(&origin).await;
            starts.push(Instant::now());
        }
        for pair in starts.windows(2) {
            assert!(pair[1] - pair[0] >= Duration::from_millis(50));
        }
    }

    #[tokio::test]
    async fn at_most_the_limit_is_in_flight() {
        let politeness = Politeness::new(PolitenessSettings {
            requests_per_host: 2,
            host_interval: Duration::ZERO,
            ..PolitenessSettings::default()
        });
        let origin = politeness.origin("http://example.com");
        let first = politeness.turn(&origin).await;
        let _second = politeness.turn(&origin).await;
        assert_eq!(origin.slots.available_permits(), 0);
        drop(first);
        assert_eq!(origin.slots.available_permits(), 1);
    }

    #[test]
    fn a_limit_of_zero_means_one() {
        let politeness = Politeness::new(PolitenessSettings {
            requests_per_host: 0,
            ..PolitenessSettings::default()
        });
        assert_eq!(politeness.settings().requests_per_host, 1);
    }
}
