//! A real HTTP server on 127.0.0.1 that serves fixtures.
//!
//! Each path answers with a [`Fixture`]: status, content type, body, and an
//! optional `ETag` (a matching `If-None-Match` gets 304). A test may replace
//! a fixture while the server runs, and read how often each path was asked,
//! when each request arrived, how many were in flight at most, and how many
//! body bytes each path sent.
//!
//! A body can also be streamed, as a hostile server would: trickled a byte
//! at a time ([`Fixture::trickle`]), or a short piece repeated on the fly up
//! to any size ([`Fixture::repeated`]: a gigabyte costs the test no memory),
//! always without a `Content-Length`.

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How a streamed body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Streamed {
    /// The body one byte at a time, each after waiting this long.
    Trickle(Duration),
    /// The body repeated, made as it is sent, until this many bytes have gone.
    Repeated(u64),
}

/// One canned answer.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: String,
    /// The body.
    pub body: Vec<u8>,
    /// `ETag`; a request with a matching `If-None-Match` gets 304.
    pub etag: Option<String>,
    /// Wait this long before answering.
    pub delay: Option<Duration>,
    /// `Last-Modified`; a request with an equal `If-Modified-Since` gets 304.
    pub last_modified: Option<String>,
    /// `Content-Encoding` of `body` (which is then already encoded).
    pub content_encoding: Option<String>,
    /// Any other headers.
    pub headers: Vec<(String, String)>,
    /// Send the body streamed this way (chunked, no `Content-Length`).
    pub streamed: Option<Streamed>,
}

impl Fixture {
    /// A 200 with this content type and body.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status: 200,
            content_type: content_type.to_owned(),
            body: body.into(),
            etag: None,
            delay: None,
            last_modified: None,
            content_encoding: None,
            headers: Vec::new(),
            streamed: None,
        }
    }

    /// A 200 whose body arrives one byte every `every`.
    pub fn trickle(content_type: &str, body: impl Into<Vec<u8>>, every: Duration) -> Self {
        Self {
            streamed: Some(Streamed::Trickle(every)),
            ..Self::ok(content_type, body)
        }
    }

    /// A 200 whose body is `piece` over and over, `total` bytes in all,
    /// made as it is sent.
    pub fn repeated(content_type: &str, piece: impl Into<Vec<u8>>, total: u64) -> Self {
        Self {
            streamed: Some(Streamed::Repeated(total)),
            ..Self::ok(content_type, piece)
        }
    }

    /// A redirect to `location` with this status.
    pub fn redirect(status: u16, location: &str) -> Self {
        Self::status(status).with_header("location", location)
    }

    /// The same, with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// An error status with a short text body.
    pub fn status(status: u16) -> Self {
        Self {
            status,
            ..Self::ok("text/plain", format!("status {status}"))
        }
    }

    /// The same, with an `ETag`.
    pub fn with_etag(mut self, etag: &str) -> Self {
        self.etag = Some(etag.to_owned());
        self
    }

    /// The same, with a `Last-Modified`.
    pub fn with_last_modified(mut self, when: &str) -> Self {
        self.last_modified = Some(when.to_owned());
        self
    }

    /// The same, declaring the body already encoded (`gzip`, `br`).
    pub fn with_content_encoding(mut self, encoding: &str) -> Self {
        self.content_encoding = Some(encoding.to_owned());
        self
    }

    /// The same, answered after a delay.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}

#[derive(Default)]
struct Shared {
    fixtures: HashMap<String, Fixture>,
    hits: HashMap<String, u32>,
    last_headers: HashMap<String, HeaderMap>,
    /// Body bytes handed to the connection, per path.
    sent: HashMap<String, Arc<AtomicU64>>,
    /// Every request's path and arrival, in order.
    arrivals: Vec<(String, Instant)>,
    in_flight: usize,
    max_in_flight: usize,
}

/// Counts a request as in flight until dropped (answered or abandoned).
struct InFlight(Arc<Mutex<Shared>>);

impl InFlight {
    fn start(shared: &Arc<Mutex<Shared>>) -> Self {
        let mut state = shared.lock().expect("fixtures");
        state.in_flight += 1;
        state.max_in_flight = state.max_in_flight.max(state.in_flight);
        Self(shared.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Ok(mut state) = self.0.lock() {
            state.in_flight -= 1;
        }
    }
}

/// The running server; it stops when dropped.
pub struct FixtureServer {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    task: tokio::task::JoinHandle<()>,
}

impl FixtureServer {
    /// Starts on 127.0.0.1, on a free port.
    pub async fn start() -> Self {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let app = Router::new().fallback(answer).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, shared, task }
    }

    /// Sets (or replaces) the answer at `path`.
    pub fn set(&self, path: &str, fixture: Fixture) {
        self.shared
            .lock()
            .expect("fixtures")
            .fixtures
            .insert(path.to_owned(), fixture);
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The headers of the last request to `path`.
    pub fn last_request_headers(&self, path: &str) -> Option<HeaderMap> {
        self.shared
            .lock()
            .expect("fixtures")
            .last_headers
            .get(path)
            .cloned()
    }

    /// When each request to `path` arrived, in order.
    pub fn hit_times(&self, path: &str) -> Vec<Instant> {
        self.arrivals()
            .into_iter()
            .filter(|(p, _)| p == path)
            .map(|(_, at)| at)
            .collect()
    }

    /// Every request's path and arrival time, in the order they arrived.
    pub fn arrivals(&self) -> Vec<(String, Instant)> {
        self.shared.lock().expect("fixtures").arrivals.clone()
    }

    /// The most requests that were being answered at once.
    pub fn max_in_flight(&self) -> usize {
        self.shared.lock().expect("fixtures").max_in_flight
    }

    /// How many body bytes `path` has sent so far, over all its requests
    /// (for a streamed body: only what the reader took before it hung up,
    /// give or take the connection's buffers).
    pub fn bytes_sent(&self, path: &str) -> u64 {
        self.shared
            .lock()
            .expect("fixtures")
            .sent
            .get(path)
            .map_or(0, |n| n.load(Ordering::Relaxed))
    }

    /// How many requests reached `path`.
    pub fn hits(&self, path: &str) -> u32 {
        self.shared
            .lock()
            .expect("fixtures")
            .hits
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn answer(State(shared): State<Arc<Mutex<Shared>>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let _in_flight = InFlight::start(&shared);
    let (fixture, sent) = {
        let mut shared = shared.lock().expect("fixtures");
        shared.arrivals.push((path.clone(), Instant::now()));
        *shared.hits.entry(path.clone()).or_default() += 1;
        shared
            .last_headers
            .insert(path.clone(), request.headers().clone());
        let sent = shared.sent.entry(path.clone()).or_default().clone();
        (shared.fixtures.get(&path).cloned(), sent)
    };
    let Some(fixture) = fixture else {
        return plain(StatusCode::NOT_FOUND, "no fixture here");
    };
    if let Some(delay) = fixture.delay {
        tokio::time::sleep(delay).await;
    }
    if let (Some(etag), Some(asked)) = (&fixture.etag, request.headers().get(header::IF_NONE_MATCH))
        && asked.as_bytes() == etag.as_bytes()
    {
        return Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .header(header::ETAG, etag.as_str())
            .body(Body::empty())
            .expect("a response");
    }
    if let (Some(modified), Some(asked)) = (
        &fixture.last_modified,
        request.headers().get(header::IF_MODIFIED_SINCE),
    ) && asked.as_bytes() == modified.as_bytes()
    {
        return Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .expect("a response");
    }
    let mut response = Response::builder()
        .status(StatusCode::from_u16(fixture.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header(header::CONTENT_TYPE, fixture.content_type.as_str());
    if let Some(etag) = &fixture.etag {
        response = response.header(header::ETAG, etag.as_str());
    }
    if let Some(modified) = &fixture.last_modified {
        response = response.header(header::LAST_MODIFIED, modified.as_str());
    }
    if let Some(encoding) = &fixture.content_encoding {
        response = response.header(header::CONTENT_ENCODING, encoding.as_str());
    }
    for (name, value) in &fixture.headers {
        response = response.header(name.as_str(), value.as_str());
    }
    let body = match fixture.streamed {
        None => {
            sent.fetch_add(fixture.body.len() as u64, Ordering::Relaxed);
            Body::from(fixture.body)
        }
        Some(Streamed::Trickle(every)) => trickle(fixture.body, every, sent),
        Some(Streamed::Repeated(total)) => repeated(fixture.body, total, sent),
    };
    response.body(body).expect("a response")
}

/// `body` one byte at a time, a pause before each but the first.
fn trickle(body: Vec<u8>, every: Duration, sent: Arc<AtomicU64>) -> Body {
    let bytes = futures_util::stream::unfold(0usize, move |at| {
        let (body, sent) = (body.clone(), sent.clone());
        async move {
            let byte = *body.get(at)?;
            if at > 0 {
                tokio::time::sleep(every).await;
            }
            sent.fetch_add(1, Ordering::Relaxed);
            Some((Ok::<_, std::io::Error>(Bytes::from(vec![byte])), at + 1))
        }
    });
    Body::from_stream(bytes)
}

/// `piece` repeated until `total` bytes have gone, in chunks of about 64 KiB
/// made one at a time (nothing like `total` is ever held in memory).
fn repeated(piece: Vec<u8>, total: u64, sent: Arc<AtomicU64>) -> Body {
    let chunk: Bytes = if piece.is_empty() {
        Bytes::from(vec![b' '; 64 * 1024])
    } else {
        Bytes::from(piece.repeat((64 * 1024 / piece.len()).max(1)))
    };
    let bytes = futures_util::stream::unfold(0u64, move |done| {
        let (chunk, sent) = (chunk.clone(), sent.clone());
        async move {
            if done >= total {
                return None;
            }
            let left = usize::try_from(total - done).unwrap_or(usize::MAX);
            let next = chunk.slice(..chunk.len().min(left));
            sent.fetch_add(next.len() as u64, Ordering::Relaxed);
            let done = done + next.len() as u64;
            Some((Ok::<_, std::io::Error>(next), done))
        }
    });
    Body::from_stream(bytes)
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut r = Response::new(Body::from(text));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    r
}
