//! The feed farm: fixture feeds and their article pages for the ingestion
//! benchmark, served over HTTP/1.1 on many origins of the loopback interface.
//!
//! ```text
//! newsdesk-feed-farm [--feeds 500] [--items 40] [--seed N] [--ports 64]
//!                    [--hosts 1] [--threads 2] [--urls FILE] [--new-every SECS]
//! ```
//!
//! By default the feeds never change. With `--new-every SECS` each feed
//! publishes one new item every SECS seconds (each feed at its own moment
//! within that period) and lists its `--items` newest; the items it lists
//! at the start are spaced SECS apart too, so a reader sees a feed with a
//! steady rhythm (see `Plan::listed`).
//!
//! It binds `--ports` listeners (port 0: the kernel picks free ports) on each
//! of `--hosts` loopback addresses (127.0.0.1, 127.0.0.2, ...), spreads the
//! feeds over them round-robin, and, once every listener is bound, writes
//! the feed URLs one a line to `--urls` (written whole, then renamed, so a
//! reader that sees the file sees all of it).
//!
//! Routes, on every origin:
//! - `GET /feeds/N.xml`: feed N as RSS 2.0, with `ETag` and `Last-Modified`;
//!   `If-None-Match` (first) or `If-Modified-Since` get a `304` when they match.
//! - `GET /news/FEED/ITEM/SLUG.html`: an item's article page.
//! - `GET /stats`: the farm's own CPU time and request counts, as JSON.
//!
//! Everything is generated per request from the seed (see `pages.rs`), so
//! the farm's CPU time includes making the documents, as a real site's
//! would include rendering them. On SIGTERM or SIGINT it prints the same
//! statistics to standard error and exits.

mod pages;
mod text;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use pages::{Plan, http_date, parse_http_date};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::net::TcpListener;

/// Request counters.
#[derive(Debug, Default)]
struct Counters {
    feeds: AtomicU64,
    not_modified: AtomicU64,
    pages: AtomicU64,
    other: AtomicU64,
    bytes: AtomicU64,
}

struct Options {
    plan: Plan,
    ports: u32,
    hosts: u32,
    threads: usize,
    urls: Option<std::path::PathBuf>,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        plan: Plan {
            seed: 20_261_120,
            feeds: 500,
            items: 40,
            // 2026-11-20 06:00:00 UTC.
            newest: 1_795_154_400,
            new_every: 0,
            started: unix_now(),
        },
        ports: 64,
        hosts: 1,
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        urls: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{flag}: not a number: {v}"))
        };
        match flag.as_str() {
            "--feeds" => o.plan.feeds = number(value()?)?,
            "--items" => o.plan.items = number(value()?)?,
            "--seed" => o.plan.seed = number(value()?)?,
            "--ports" => o.ports = number(value()?)? as u32,
            "--hosts" => o.hosts = number(value()?)? as u32,
            "--threads" => o.threads = number(value()?)? as usize,
            "--urls" => o.urls = Some(value()?.into()),
            "--new-every" => o.plan.new_every = number(value()?)?,
            "-h" | "--help" => {
                println!("{}", USAGE);
                std::process::exit(0);
            }
            _ => return Err(format!("unknown argument {flag}\n{USAGE}")),
        }
    }
    if o.plan.feeds == 0 || o.plan.items == 0 || o.ports == 0 || o.threads == 0 {
        return Err("--feeds, --items, --ports and --threads must be at least 1".into());
    }
    if !(1..=254).contains(&o.hosts) {
        return Err("--hosts must be 1 to 254".into());
    }
    Ok(o)
}

const USAGE: &str = "usage: newsdesk-feed-farm [--feeds 500] [--items 40] [--seed N] \
                     [--ports 64] [--hosts 1] [--threads N] [--urls FILE] [--new-every SECS]";

fn main() {
    let options = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("newsdesk-feed-farm: {e}");
            std::process::exit(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(options.threads)
        .enable_all()
        .build()
        .expect("tokio runtime");
    if let Err(e) = runtime.block_on(serve(options)) {
        eprintln!("newsdesk-feed-farm: {e}");
        std::process::exit(1);
    }
}

async fn serve(options: Options) -> std::io::Result<()> {
    let counters = Arc::new(Counters::default());
    let plan = options.plan;
    let mut origins = Vec::new();
    for _ in 0..options.ports {
        for host in 1..=options.hosts {
            let ip = IpAddr::V4(Ipv4Addr::new(127, 0, 0, host as u8));
            let listener = TcpListener::bind(SocketAddr::new(ip, 0)).await?;
            let addr = listener.local_addr()?;
            let origin: Arc<str> = format!("http://{addr}").into();
            origins.push(origin.clone());
            tokio::spawn(accept(listener, origin, plan, counters.clone()));
        }
    }
    let urls: String = (0..plan.feeds)
        .map(|f| format!("{}/feeds/{f}.xml\n", origins[(f as usize) % origins.len()]))
        .collect();
    match &options.urls {
        Some(path) => {
            let partial = path.with_extension("partial");
            std::fs::write(&partial, urls)?;
            std::fs::rename(&partial, path)?;
        }
        None => print!("{urls}"),
    }
    let changing = if plan.new_every > 0 {
        format!(", a new item per feed every {} s", plan.new_every)
    } else {
        String::new()
    };
    eprintln!(
        "newsdesk-feed-farm: {} feeds x {} items on {} origins, {} threads{changing}",
        plan.feeds,
        plan.items,
        origins.len(),
        options.threads
    );
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    eprintln!("newsdesk-feed-farm: {}", stats_json(&counters));
    Ok(())
}

async fn accept(listener: TcpListener, origin: Arc<str>, plan: Plan, counters: Arc<Counters>) {
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(conn) => conn,
            Err(e) => {
                eprintln!("newsdesk-feed-farm: accept on {origin}: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let origin = origin.clone();
        let counters = counters.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let response = respond(&req, &origin, &plan, &counters);
                async move { Ok::<_, std::convert::Infallible>(response) }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn respond(
    req: &Request<Incoming>,
    origin: &str,
    plan: &Plan,
    counters: &Counters,
) -> Response<Full<Bytes>> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        counters.other.fetch_add(1, Ordering::Relaxed);
        return plain(StatusCode::METHOD_NOT_ALLOWED, "GET only\n");
    }
    let path = req.uri().path();
    if path == "/stats" {
        counters.other.fetch_add(1, Ordering::Relaxed);
        let mut r = Response::new(Full::new(Bytes::from(stats_json(counters))));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        return r;
    }
    if let Some(feed) = path
        .strip_prefix("/feeds/")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .and_then(|n| n.parse::<u64>().ok())
        .filter(|n| *n < plan.feeds)
    {
        let now = unix_now();
        let (etag, modified) = plan.validators(feed, now);
        let headers = req.headers();
        let fresh = if let Some(inm) = headers.get(header::IF_NONE_MATCH) {
            inm.to_str()
                .is_ok_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
        } else {
            headers
                .get(header::IF_MODIFIED_SINCE)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_http_date)
                .is_some_and(|since| since >= modified)
        };
        let mut r = if fresh {
            counters.not_modified.fetch_add(1, Ordering::Relaxed);
            let mut r = Response::new(Full::new(Bytes::new()));
            *r.status_mut() = StatusCode::NOT_MODIFIED;
            r
        } else {
            counters.feeds.fetch_add(1, Ordering::Relaxed);
            let body = plan.feed(feed, origin, now);
            counters
                .bytes
                .fetch_add(body.len() as u64, Ordering::Relaxed);
            let mut r = Response::new(Full::new(Bytes::from(body)));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/rss+xml; charset=utf-8"),
            );
            r
        };
        let h = r.headers_mut();
        h.insert(header::ETAG, HeaderValue::from_str(&etag).expect("etag"));
        h.insert(
            header::LAST_MODIFIED,
            HeaderValue::from_str(&http_date(modified)).expect("date"),
        );
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("max-age=60"),
        );
        return r;
    }
    if let Some((feed, item)) =
        article_path(path).filter(|(f, i)| *f < plan.feeds && plan.is_published(*f, *i, unix_now()))
    {
        counters.pages.fetch_add(1, Ordering::Relaxed);
        let body = plan.article(feed, item, origin);
        counters
            .bytes
            .fetch_add(body.len() as u64, Ordering::Relaxed);
        let mut r = Response::new(Full::new(Bytes::from(body)));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        return r;
    }
    counters.other.fetch_add(1, Ordering::Relaxed);
    plain(StatusCode::NOT_FOUND, "no such page\n")
}

/// The time now, Unix seconds.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `/news/FEED/ITEM/SLUG.html` to (FEED, ITEM).
fn article_path(path: &str) -> Option<(u64, u64)> {
    let mut parts = path.strip_prefix("/news/")?.split('/');
    let feed = parts.next()?.parse().ok()?;
    let item = parts.next()?.parse().ok()?;
    let slug = parts.next()?;
    (slug.ends_with(".html") && parts.next().is_none()).then_some((feed, item))
}

fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *r.status_mut() = status;
    r
}

/// The counters and this process's CPU time so far, as one line of JSON.
fn stats_json(c: &Counters) -> String {
    let (user, system) = cpu_seconds().unwrap_or((f64::NAN, f64::NAN));
    format!(
        "{{\"cpu_user_s\":{user:.2},\"cpu_system_s\":{system:.2},\"cpu_s\":{:.2},\
         \"feeds\":{},\"not_modified\":{},\"pages\":{},\"other\":{},\"bytes\":{}}}",
        user + system,
        c.feeds.load(Ordering::Relaxed),
        c.not_modified.load(Ordering::Relaxed),
        c.pages.load(Ordering::Relaxed),
        c.other.load(Ordering::Relaxed),
        c.bytes.load(Ordering::Relaxed),
    )
}

/// User and system CPU seconds of this process, from `/proc/self/stat`
/// (fields 14 and 15, in USER_HZ ticks: 100 a second on Linux).
fn cpu_seconds() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_ascii_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    Some((ticks(11)? / 100.0, ticks(12)? / 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_paths_parse() {
        assert_eq!(article_path("/news/12/7/a-b-c.html"), Some((12, 7)));
        assert_eq!(article_path("/news/12/7"), None);
        assert_eq!(article_path("/news/x/7/a.html"), None);
    }

    #[test]
    fn cpu_time_is_readable() {
        let (user, system) = cpu_seconds().expect("/proc/self/stat");
        assert!(user >= 0.0 && system >= 0.0);
    }
}
