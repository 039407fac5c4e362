//! HTTP fetching with the limits the open internet needs.
//!
//! Every request carries our User-Agent and the source's validators
//! (`If-None-Match`, `If-Modified-Since`); gzip, deflate and brotli are
//! accepted. A request has a connect timeout and a total timeout; the body
//! is read in chunks and abandoned past `max_body_bytes` (counted after
//! decompression, so a gzip bomb stops at the cap); at most
//! `max_redirects` redirects are followed, each target checked by the
//! [`guard`](crate::guard).

use crate::guard::{self, GuardedResolver, Refused};
use bytes::{Bytes, BytesMut};
use reqwest::header::{self, HeaderMap, HeaderValue};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// How the fetcher behaves; the `[fetch]` section of the config.
#[derive(Debug, Clone)]
pub struct FetchSettings {
    /// Sent with every request.
    pub user_agent: String,
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for a whole request, body included.
    pub timeout: Duration,
    /// Largest body read, after decompression.
    pub max_body_bytes: usize,
    /// Most redirects followed for one request.
    pub max_redirects: usize,
    /// Allow loopback and private addresses (tests, the demo, intranets).
    pub allow_private_addresses: bool,
}

impl FetchSettings {
    /// Our User-Agent: `Newsdesk/VERSION (+CONTACT_URL)`, so a site's
    /// operator can see who we are and reach us; without a contact URL,
    /// `Newsdesk/VERSION (self-hosted news engine)`.
    pub fn user_agent_with_contact(contact_url: Option<&str>) -> String {
        let product = concat!("Newsdesk/", env!("CARGO_PKG_VERSION"));
        match contact_url {
            Some(url) => format!("{product} (+{url})"),
            None => format!("{product} (self-hosted news engine)"),
        }
    }
}

impl Default for FetchSettings {
    fn default() -> Self {
        Self {
            user_agent: Self::user_agent_with_contact(None),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_body_bytes: 10 * 1024 * 1024,
            max_redirects: 5,
            allow_private_addresses: false,
        }
    }
}

/// The validators of the last response, for a conditional request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// `ETag`.
    pub etag: Option<String>,
    /// `Last-Modified`.
    pub last_modified: Option<String>,
}

/// A body read whole.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL after redirects.
    pub url: Url,
    /// `Content-Type`, if sent.
    pub content_type: Option<String>,
    /// The body, decompressed.
    pub body: Bytes,
    /// The validators for the next request.
    pub validators: Validators,
    /// How long the server says the body stays fresh: `Cache-Control:
    /// max-age`, else `Expires` less `Date`.
    pub fresh_for: Option<Duration>,
}

/// What a conditional fetch came to.
// One value per request, matched at once: boxing the body would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum FetchOutcome {
    /// 304: unchanged since the validators.
    NotModified,
    /// 2xx with a body.
    Fetched(Fetched),
}

/// Why a fetch failed; the text is meant for an operator's eyes.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FetchError {
    /// The URL is not one we fetch.
    #[error("not a fetchable URL: {0}")]
    BadUrl(String),
    /// The guard refused the address.
    #[error(transparent)]
    Refused(#[from] Refused),
    /// No answer in time.
    #[error("timed out after {} s", .0.as_secs())]
    Timeout(Duration),
    /// The connection could not be made.
    #[error("cannot connect: {0}")]
    Connect(String),
    /// The server answered with an error status.
    #[error("HTTP {status} from the server")]
    Status {
        /// The status code.
        status: u16,
        /// `Retry-After`, when sent.
        retry_after: Option<String>,
    },
    /// Too many redirects.
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    /// The body is larger than allowed.
    #[error("the response is larger than the {} KiB cap", .0 / 1024)]
    TooLarge(usize),
    /// Anything else the HTTP client reported.
    #[error("HTTP failure: {0}")]
    Other(String),
}

/// The HTTP client, shared by a whole pass. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    settings: Arc<FetchSettings>,
}

impl Fetcher {
    /// Builds the client; fails only if TLS cannot be set up.
    pub fn new(settings: FetchSettings) -> Result<Self, FetchError> {
        // One TLS library (ring) for the whole binary; installing twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let allow_private = settings.allow_private_addresses;
        let max_redirects = settings.max_redirects;
        let policy = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max_redirects {
                return attempt.error(FetchError::TooManyRedirects(max_redirects));
            }
            if !matches!(attempt.url().scheme(), "http" | "https") {
                let target = attempt.url().to_string();
                return attempt.error(FetchError::BadUrl(target));
            }
            match guard::check_literal(attempt.url(), allow_private) {
                Ok(()) => attempt.follow(),
                Err(refused) => attempt.error(refused),
            }
        });
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_static(
                "application/rss+xml, application/atom+xml, application/feed+json, \
                 application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
            ),
        );
        let client = reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .default_headers(headers)
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            .redirect(policy)
            .dns_resolver(GuardedResolver { allow_private })
            .build()
            .map_err(|e| FetchError::Other(e.to_string()))?;
        Ok(Self {
            client,
            settings: Arc::new(settings),
        })
    }

    /// The settings in force.
    pub fn settings(&self) -> &FetchSettings {
        &self.settings
    }

    /// GETs `url`, conditionally when validators are given.
    pub async fn fetch(
        &self,
        url: &str,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        self.get(url, validators, Read::Whole).await
    }

    /// GETs `url` and keeps at most its first `limit` bytes (after
    /// decompression), for files such as robots.txt whose readers ignore
    /// the rest; a longer body is cut, not an error.
    pub async fn fetch_prefix(&self, url: &str, limit: usize) -> Result<FetchOutcome, FetchError> {
        self.get(url, &Validators::default(), Read::Prefix(limit))
            .await
    }

    async fn get(
        &self,
        url: &str,
        validators: &Validators,
        read: Read,
    ) -> Result<FetchOutcome, FetchError> {
        let parsed = Url::parse(url).map_err(|_| FetchError::BadUrl(url.to_owned()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(FetchError::BadUrl(url.to_owned()));
        }
        guard::check_literal(&parsed, self.settings.allow_private_addresses)?;
        let mut request = self.client.get(parsed);
        if let Some(etag) = &validators.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(modified) = &validators.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, modified);
        }
        let mut response = request.send().await.map_err(|e| self.explain(e))?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(FetchOutcome::NotModified);
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                status: status.as_u16(),
                retry_after: header_text(response.headers(), header::RETRY_AFTER),
            });
        }
        let cap = match read {
            Read::Whole => self.settings.max_body_bytes,
            Read::Prefix(limit) => limit.min(self.settings.max_body_bytes),
        };
        if read == Read::Whole
            && response
                .content_length()
                .is_some_and(|len| len > cap as u64)
        {
            return Err(FetchError::TooLarge(cap));
        }
        let final_url = response.url().clone();
        let content_type = header_text(response.headers(), header::CONTENT_TYPE);
        let validators = Validators {
            etag: header_text(response.headers(), header::ETAG),
            last_modified: header_text(response.headers(), header::LAST_MODIFIED),
        };
        let fresh_for = freshness(response.headers());
        let mut body = BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.explain(e))? {
            if body.len() + chunk.len() > cap {
                if read == Read::Whole {
                    return Err(FetchError::TooLarge(cap));
                }
                body.extend_from_slice(&chunk[..cap - body.len()]);
                break;
            }
            body.extend_from_slice(&chunk);
        }
        Ok(FetchOutcome::Fetched(Fetched {
            url: final_url,
            content_type,
            body: body.freeze(),
            validators,
            fresh_for,
        }))
    }

    /// Turns the client's error into one an operator can act on.
    fn explain(&self, err: reqwest::Error) -> FetchError {
        // Our own errors (the guard's, the redirect limit) travel inside.
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&err);
        while let Some(c) = cause {
            if let Some(refused) = c.downcast_ref::<Refused>() {
                return FetchError::Refused(refused.clone());
            }
            if let Some(ours) = c.downcast_ref::<FetchError>() {
                return ours.clone();
            }
            cause = c.source();
        }
        if err.is_timeout() {
            FetchError::Timeout(self.settings.timeout)
        } else if err.is_connect() {
            FetchError::Connect(root_cause(&err))
        } else {
            FetchError::Other(root_cause(&err))
        }
    }
}

/// `Cache-Control: max-age=N` (ignored under `no-cache` or `no-store`),
/// else `Expires` less `Date` (or less now, without a `Date`).
fn freshness(headers: &HeaderMap) -> Option<Duration> {
    if let Some(control) = header_text(headers, header::CACHE_CONTROL) {
        let control = control.to_ascii_lowercase();
        let directives: Vec<&str> = control.split(',').map(str::trim).collect();
        if directives
            .iter()
            .any(|d| *d == "no-cache" || *d == "no-store")
        {
            return None;
        }
        if let Some(seconds) = directives
            .iter()
            .find_map(|d| d.strip_prefix("max-age="))
            .and_then(|v| v.trim_matches('"').parse::<u64>().ok())
        {
            return Some(Duration::from_secs(seconds));
        }
    }
    let expires = http_date(&header_text(headers, header::EXPIRES)?)?;
    let date = header_text(headers, header::DATE)
        .and_then(|d| http_date(&d))
        .unwrap_or_else(jiff::Timestamp::now);
    let seconds = expires.as_second() - date.as_second();
    u64::try_from(seconds).ok().map(Duration::from_secs)
}

/// A `Retry-After` value: seconds, or an HTTP date (taken against `now`).
pub fn retry_after(text: &str, now: jiff::Timestamp) -> Option<Duration> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = http_date(text)?;
    Some(Duration::from_secs(
        u64::try_from(at.as_second() - now.as_second()).unwrap_or(0),
    ))
}

/// An HTTP date ("Wed, 12 Mar 2025 14:12:00 GMT").
fn http_date(text: &str) -> Option<jiff::Timestamp> {
    jiff::fmt::rfc2822::parse(text.trim())
        .ok()
        .map(|zoned| zoned.timestamp())
}

/// How much of a body [`Fetcher::get`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    /// All of it, or fail past `max_body_bytes`.
    Whole,
    /// At most this many bytes; the rest is left unread.
    Prefix(usize),
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut last = err;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).expect("header"));
        }
        map
    }

    #[test]
    fn freshness_from_max_age_then_expires() {
        assert_eq!(
            freshness(&headers(&[("cache-control", "public, max-age=600")])),
            Some(Duration::from_secs(600))
        );
        assert_eq!(
            freshness(&headers(&[("cache-control", "no-cache, max-age=600")])),
            None
        );
        assert_eq!(
            freshness(&headers(&[
                ("date", "Wed, 12 Mar 2025 14:00:00 GMT"),
                ("expires", "Wed, 12 Mar 2025 15:00:00 GMT"),
            ])),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(
            freshness(&headers(&[
                ("date", "Wed, 12 Mar 2025 14:00:00 GMT"),
                ("expires", "0"),
            ])),
            None
        );
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now: jiff::Timestamp = "2025-03-12T14:00:00Z".parse().expect("time");
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Wed, 12 Mar 2025 14:30:00 GMT", now),
            Some(Duration::from_secs(1800))
        );
        assert_eq!(
            retry_after("Wed, 12 Mar 2025 13:30:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
    }
}
