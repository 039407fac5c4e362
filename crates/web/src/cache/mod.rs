//! Rendered pages kept in memory, so an unchanged page is never rendered
//! twice.
//!
//! The design (docs/ARCHITECTURE.md, "The page cache"):
//! - A handler marks a response it is willing to share with [`Cacheable`]
//!   (how long browsers and proxies may keep it). The [`layer`] in front of
//!   every page keeps such a response, with its gzip and brotli forms made
//!   once, keyed by the `Host` header and the path and query as requested.
//! - Every kept page is tagged with the site's change counter
//!   ([`newsdesk_store::Store::site_generation`]) as this process knew it
//!   when the page's rendering began. The counter is read from the database
//!   at most once a second, by whichever request finds it due; when it has
//!   moved, every kept page is out of date. So a story written by any
//!   process (a worker, another web process on PostgreSQL) reaches every
//!   page within about a second.
//! - One request renders a page at a time ([`PageCache::lead`]): the first
//!   to find a page missing or out of date renders it; requests for the
//!   same page meanwhile get the out-of-date page at once when there is one
//!   (for no longer than that one rendering takes), else wait for the
//!   rendering. So a change never sets every connection rendering the
//!   front page at the same moment.
//! - Pages also age out after [`PageCache::max_age`], for what changes with
//!   the clock alone (a news sitemap of the last two days).
//! - Memory is bounded: pages are weighed by their bytes, and the least
//!   useful go first when the budget is full.
//!
//! [`respond`] answers from a kept page: the encoding the client prefers,
//! a strong `ETag` per encoding, `Last-Modified`, and `304 Not Modified`
//! for a conditional request that matches.

pub mod layer;
pub mod respond;

use axum::body::Bytes;
use axum::http::HeaderValue;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How often the change counter is read from the database, at most.
pub const FRESHNESS_INTERVAL: Duration = Duration::from_secs(1);

/// Bodies smaller than this are sent as they are: compression would save
/// less than a packet.
const COMPRESS_FROM_BYTES: usize = 512;

/// A handler's word that its response may be kept and shared: browsers and
/// proxies may keep it `max_age` seconds, and serve it stale while they
/// fetch a fresh one for as long again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cacheable {
    /// Seconds a browser or proxy may keep the page.
    pub max_age: u32,
}

impl Cacheable {
    /// Front, section and search pages: they change as stories arrive.
    pub const LIST: Self = Self { max_age: 60 };
    /// Story pages: they change when the story or its coverage does.
    pub const STORY: Self = Self { max_age: 300 };
    /// Feeds and sitemaps: readers and crawlers poll them.
    pub const FEED: Self = Self { max_age: 300 };
    /// Files that change only with a new release or theme (robots.txt).
    pub const STATIC: Self = Self { max_age: 3600 };
    /// Assets whose URL names their content (`site.css?v=HASH`).
    pub const IMMUTABLE: Self = Self {
        max_age: 31_536_000,
    };

    /// The `Cache-Control` value.
    pub fn header(self) -> HeaderValue {
        let text = if self == Self::IMMUTABLE {
            "public, max-age=31536000, immutable".to_owned()
        } else {
            format!(
                "public, max-age={0}, stale-while-revalidate={0}",
                self.max_age
            )
        };
        HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static("no-cache"))
    }
}

/// One page as kept: every encoding of its body, and what the answer says
/// about it.
#[derive(Debug)]
pub struct CachedPage {
    /// The body as rendered.
    pub identity: Bytes,
    /// Gzip-compressed, when worth it.
    pub gzip: Option<Bytes>,
    /// Brotli-compressed, when worth it.
    pub brotli: Option<Bytes>,
    /// `Content-Type`.
    pub content_type: HeaderValue,
    /// `Cache-Control`.
    pub cache_control: HeaderValue,
    /// The opaque part of the strong entity tag (a hash of the body); each
    /// encoding adds its own suffix.
    pub tag: String,
    /// The `ETag` of each coding, written once: identity, gzip, brotli.
    pub etags: [HeaderValue; 3],
    /// `Last-Modified`: when it was rendered, in whole seconds.
    pub rendered_at: jiff::Timestamp,
    /// `Last-Modified`, written.
    pub last_modified: HeaderValue,
    /// The change counter this page was rendered under.
    pub generation: i64,
    /// When it was kept, for [`PageCache::max_age`].
    pub kept_at: Instant,
}

impl CachedPage {
    /// Makes the kept form of a body: hashes it and compresses it.
    pub fn new(
        body: Bytes,
        content_type: HeaderValue,
        cacheable: Cacheable,
        generation: i64,
    ) -> Self {
        let (gzip, brotli) = if body.len() >= COMPRESS_FROM_BYTES {
            (gzip(&body), brotli(&body))
        } else {
            (None, None)
        };
        let rendered_at = jiff::Timestamp::from_second(jiff::Timestamp::now().as_second())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let tag = format!("{:016x}", fingerprint(&body));
        let etag = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{tag}{suffix}\""))
                .unwrap_or(HeaderValue::from_static("\"\""))
        };
        Self {
            etags: [etag(""), etag("-gz"), etag("-br")],
            tag,
            identity: body,
            gzip,
            brotli,
            content_type,
            cache_control: cacheable.header(),
            last_modified: http_date(rendered_at),
            rendered_at,
            generation,
            kept_at: Instant::now(),
        }
    }

    /// Bytes this page holds, for the memory budget.
    fn weight(&self) -> u64 {
        let bytes = self.identity.len()
            + self.gzip.as_ref().map_or(0, Bytes::len)
            + self.brotli.as_ref().map_or(0, Bytes::len)
            + self.tag.len()
            + 256;
        bytes as u64
    }
}

/// A time as HTTP writes it: `Wed, 12 Mar 2025 04:12:00 GMT`.
pub fn http_date(at: jiff::Timestamp) -> HeaderValue {
    let text = at.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string();
    HeaderValue::from_str(&text)
        .unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"))
}

fn gzip(body: &[u8]) -> Option<Bytes> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::new(6),
    );
    encoder.write_all(body).ok()?;
    let packed = encoder.finish().ok()?;
    (packed.len() < body.len()).then(|| Bytes::from(packed))
}

fn brotli(body: &[u8]) -> Option<Bytes> {
    let mut packed = Vec::with_capacity(body.len() / 3);
    {
        // Quality 5 and a 256 KiB window: pages are smaller than that, and a
        // larger window only costs buffers to clear for every page.
        let mut writer = brotli::CompressorWriter::new(&mut packed, 4096, 5, 18);
        writer.write_all(body).ok()?;
    }
    (packed.len() < body.len()).then(|| Bytes::from(packed))
}

/// A small, stable 64-bit hash (FNV-1a) for entity tags and asset
/// versions: it tells two renderings apart; it is not a defence against
/// anyone.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[derive(Clone)]
struct PageWeight;

impl Weighter<String, std::sync::Arc<CachedPage>> for PageWeight {
    fn weight(&self, key: &String, page: &std::sync::Arc<CachedPage>) -> u64 {
        key.len() as u64 + page.weight()
    }
}

/// A page being rendered: the receiving end of its result (`None` until
/// it is done, and when it could not be kept).
type Flight = watch::Receiver<Option<Arc<CachedPage>>>;

/// What the cache holds for a key.
#[derive(Debug)]
pub enum Lookup {
    /// A current page.
    Fresh(Arc<CachedPage>),
    /// A page rendered before the last change, or too long ago.
    Stale(Arc<CachedPage>),
    /// Nothing.
    Missing,
}

/// Who renders a page that is missing or out of date.
pub enum Turn {
    /// Nobody: it was rendered and kept just now.
    Ready(Arc<CachedPage>),
    /// This request: it renders, then hands the page to the others.
    Lead(Leader),
    /// Another request is rendering it; this is its result, to wait for.
    Follow(Flight),
}

/// The one request rendering a page. Dropping it without
/// [`Leader::finish`] (a cancelled request, a page that may not be kept)
/// lets the waiting requests render for themselves.
pub struct Leader {
    key: String,
    sender: watch::Sender<Option<Arc<CachedPage>>>,
    flights: Arc<Mutex<HashMap<String, Flight>>>,
}

impl Leader {
    /// Hands the rendered page to the requests waiting for it.
    pub fn finish(self, page: Arc<CachedPage>) {
        let _ = self.sender.send(Some(page));
    }
}

impl Drop for Leader {
    fn drop(&mut self) {
        if let Ok(mut flights) = self.flights.lock() {
            flights.remove(&self.key);
        }
    }
}

/// The pages of this process, and what it knows of the change counter.
pub struct PageCache {
    pages: Cache<String, std::sync::Arc<CachedPage>, PageWeight>,
    /// Pages being rendered now, by key.
    flights: Arc<Mutex<HashMap<String, Flight>>>,
    /// The change counter as last read.
    generation: AtomicI64,
    /// Milliseconds since `started` when the counter is next read.
    next_check_ms: AtomicU64,
    /// Set while one request reads the counter, so the others do not.
    checking: AtomicBool,
    /// Pages rendered to be kept, since start.
    rendered: AtomicU64,
    started: Instant,
    max_age: Duration,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("pages", &self.pages.len())
            .field("generation", &self.generation.load(Ordering::Relaxed))
            .finish()
    }
}

impl PageCache {
    /// A cache holding at most `budget_bytes` of pages, each for at most
    /// `max_age`.
    pub fn new(budget_bytes: u64, max_age: Duration) -> Self {
        // quick_cache wants an estimate of how many items fit.
        let items = (budget_bytes / 16_384).max(64) as usize;
        Self {
            pages: Cache::with_weighter(items, budget_bytes.max(1), PageWeight),
            flights: Arc::new(Mutex::new(HashMap::new())),
            generation: AtomicI64::new(i64::MIN),
            next_check_ms: AtomicU64::new(0),
            checking: AtomicBool::new(false),
            rendered: AtomicU64::new(0),
            started: Instant::now(),
            max_age,
        }
    }

    /// How long a page is kept at most.
    pub fn max_age(&self) -> Duration {
        self.max_age
    }

    /// The change counter as this process knows it.
    pub fn generation(&self) -> i64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Whether the counter was ever read. Until it is, every request reads
    /// it before anything else: a page rendered before the first reading
    /// could not be kept.
    pub fn knows_generation(&self) -> bool {
        self.generation() != i64::MIN
    }

    /// Whether the counter is due to be read again; if so, the caller is
    /// the one to read it and must call [`PageCache::observe`] after.
    pub fn claim_check(&self) -> bool {
        let now = self.started.elapsed().as_millis() as u64;
        if now < self.next_check_ms.load(Ordering::Relaxed) {
            return false;
        }
        self.checking
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
    }

    /// Records a reading of the counter (`None`: the read failed, try again
    /// at the next interval); when it moved, every kept page is out of date
    /// (and replaced as it is next asked for).
    pub fn observe(&self, reading: Option<i64>) {
        if let Some(generation) = reading {
            self.generation.store(generation, Ordering::Release);
        }
        let next = self.started.elapsed() + FRESHNESS_INTERVAL;
        self.next_check_ms
            .store(next.as_millis() as u64, Ordering::Relaxed);
        self.checking.store(false, Ordering::Release);
    }

    /// Records a change this process just made (an editor's action): a
    /// counter read after the change's commit moves this process's reading
    /// forward at once, so its own next page is rendered anew rather than
    /// up to [`FRESHNESS_INTERVAL`] later. Never moves the reading back.
    pub fn advance(&self, generation: i64) {
        self.generation.fetch_max(generation, Ordering::AcqRel);
    }

    /// Records the first reading of the counter, unless another request's
    /// came first (a later reading is never replaced by an earlier one).
    pub fn observe_first(&self, generation: i64) {
        let _ = self.generation.compare_exchange(
            i64::MIN,
            generation,
            Ordering::AcqRel,
            Ordering::Acquire,
        );
    }

    /// The page kept under `key`, if it is still current.
    pub fn get(&self, key: &str) -> Option<std::sync::Arc<CachedPage>> {
        match self.lookup(key) {
            Lookup::Fresh(page) => Some(page),
            _ => None,
        }
    }

    /// What is kept under `key`, current or not.
    pub fn lookup(&self, key: &str) -> Lookup {
        match self.pages.get(key) {
            None => Lookup::Missing,
            Some(page)
                if page.generation != self.generation()
                    || page.kept_at.elapsed() > self.max_age =>
            {
                Lookup::Stale(page)
            }
            Some(page) => Lookup::Fresh(page),
        }
    }

    /// Whether this request renders the page under `key` or waits for the
    /// one that already does.
    pub fn lead(&self, key: &str) -> Turn {
        let Ok(mut flights) = self.flights.lock() else {
            // A poisoned lock only costs the sharing: render alone.
            let (sender, _) = watch::channel(None);
            return Turn::Lead(Leader {
                key: String::new(),
                sender,
                flights: Arc::new(Mutex::new(HashMap::new())),
            });
        };
        if let Some(flight) = flights.get(key) {
            return Turn::Follow(flight.clone());
        }
        // A rendering that ended since the caller looked has kept its page
        // before leaving the list: no need to render it again.
        if let Lookup::Fresh(page) = self.lookup(key) {
            return Turn::Ready(page);
        }
        let (sender, receiver) = watch::channel(None);
        flights.insert(key.to_owned(), receiver);
        Turn::Lead(Leader {
            key: key.to_owned(),
            sender,
            flights: Arc::clone(&self.flights),
        })
    }

    /// How many pages this process rendered to keep, since it started.
    pub fn rendered(&self) -> u64 {
        self.rendered.load(Ordering::Relaxed)
    }

    /// Keeps a page, unless the counter moved while it was rendered.
    pub fn insert(&self, key: String, page: std::sync::Arc<CachedPage>) {
        self.rendered.fetch_add(1, Ordering::Relaxed);
        if page.generation == self.generation() {
            self.pages.insert(key, page);
        }
    }

    /// Pages kept now.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// Whether no page is kept.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(generation: i64) -> std::sync::Arc<CachedPage> {
        std::sync::Arc::new(CachedPage::new(
            Bytes::from("<p>".repeat(400)),
            HeaderValue::from_static("text/html; charset=utf-8"),
            Cacheable::LIST,
            generation,
        ))
    }

    #[test]
    fn pages_are_compressed_and_tagged() {
        let p = page(1);
        assert!(p.gzip.as_ref().unwrap().len() < p.identity.len());
        assert!(p.brotli.as_ref().unwrap().len() < p.identity.len());
        assert_eq!(p.tag.len(), 16);
        let small = CachedPage::new(
            Bytes::from_static(b"ok"),
            HeaderValue::from_static("text/plain"),
            Cacheable::STATIC,
            1,
        );
        assert!(small.gzip.is_none() && small.brotli.is_none());
    }

    #[test]
    fn a_moved_counter_drops_every_page() {
        let cache = PageCache::new(1 << 20, Duration::from_secs(60));
        assert!(cache.claim_check());
        assert!(!cache.claim_check(), "one reader at a time");
        cache.observe(Some(7));
        cache.insert("a".into(), page(7));
        assert!(cache.get("a").is_some());
        // A page rendered under an older counter is never kept.
        cache.insert("b".into(), page(6));
        assert!(cache.get("b").is_none());
        cache.observe(Some(8));
        assert!(cache.get("a").is_none());
        assert!(
            matches!(cache.lookup("a"), Lookup::Stale(_)),
            "kept to serve while one renders"
        );
    }

    #[tokio::test]
    async fn one_request_renders_and_the_others_wait_for_it() {
        let cache = PageCache::new(1 << 20, Duration::from_secs(60));
        cache.observe(Some(1));
        let Turn::Lead(leader) = cache.lead("a") else {
            panic!("the first request leads")
        };
        let Turn::Follow(mut waiting) = cache.lead("a") else {
            panic!("the second follows")
        };
        assert!(
            matches!(cache.lead("b"), Turn::Lead(_)),
            "another page has its own"
        );
        leader.finish(page(1));
        waiting.changed().await.unwrap();
        assert!(waiting.borrow().is_some());
        assert!(
            matches!(cache.lead("a"), Turn::Lead(_)),
            "done: the next renders again"
        );
        // A leader that gives up lets the waiting requests go.
        let Turn::Lead(leader) = cache.lead("c") else {
            panic!()
        };
        let Turn::Follow(mut waiting) = cache.lead("c") else {
            panic!()
        };
        drop(leader);
        assert!(waiting.changed().await.is_err());
    }

    #[test]
    fn old_pages_age_out() {
        let cache = PageCache::new(1 << 20, Duration::ZERO);
        cache.observe(Some(1));
        cache.insert("a".into(), page(1));
        std::thread::sleep(Duration::from_millis(2));
        assert!(cache.get("a").is_none());
        assert!(matches!(cache.lookup("a"), Lookup::Stale(_)));
    }

    #[test]
    fn http_dates_are_written_as_http_wants() {
        let at = jiff::Timestamp::from_second(1_741_752_720).unwrap();
        assert_eq!(http_date(at), "Wed, 12 Mar 2025 04:12:00 GMT");
    }
}
