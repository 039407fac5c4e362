//! The demo network's bundled wire: three feeds and the mastheads' config.
//!
//! The feeds are served at `/_demo/wire/FILE` by the demo's own web server,
//! with every `{{wire_base}}` in them replaced by that server's address, so
//! they reach the stories through the same HTTP fetcher as any source.
//! Each answer carries an `ETag`, so a second pass is a 304.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use newsdesk_web::cache::fingerprint;
use std::collections::HashMap;
use std::sync::Arc;

/// The demo's config file.
pub const CONFIG: &str = include_str!("../demo/newsdesk.toml");

/// A bundled feed.
pub struct WireFeed {
    /// The source's name on the story page.
    pub name: &'static str,
    /// The file name under `/_demo/wire/`.
    pub file: &'static str,
    /// Its content type.
    pub content_type: &'static str,
    /// Mastheads that take it; empty: all.
    pub mastheads: &'static [&'static str],
    /// The text, with `{{wire_base}}` placeholders.
    pub text: &'static str,
}

/// The bundled feeds: one RSS, one Atom, one JSON Feed.
pub const FEEDS: &[WireFeed] = &[
    WireFeed {
        name: "Harbour Wire",
        file: "harbour-wire.rss",
        content_type: "application/rss+xml; charset=utf-8",
        mastheads: &[],
        text: include_str!("../demo/feeds/harbour-wire.rss"),
    },
    WireFeed {
        name: "Savanna Dispatch",
        file: "savanna-dispatch.atom",
        content_type: "application/atom+xml; charset=utf-8",
        mastheads: &[],
        text: include_str!("../demo/feeds/savanna-dispatch.atom"),
    },
    WireFeed {
        name: "Islands Bulletin",
        file: "islands-bulletin.json",
        content_type: "application/feed+json; charset=utf-8",
        mastheads: &["ocean-herald"],
        text: include_str!("../demo/feeds/islands-bulletin.json"),
    },
];

/// A news release the demo publishes, so the releases pages are not empty.
pub struct DemoRelease {
    /// The organisation that sent it.
    pub organisation: &'static str,
    /// Its category.
    pub category: newsdesk_domain::ReleaseCategory,
    /// The headline.
    pub headline: &'static str,
    /// The standfirst.
    pub standfirst: &'static str,
    /// The body, Markdown.
    pub body: &'static str,
    /// The mastheads it is for.
    pub mastheads: &'static [&'static str],
}

/// The demo's published news releases, in the order they were sent.
pub const RELEASES: &[DemoRelease] = &[
    DemoRelease {
        organisation: "Harbourside Rowing Club",
        category: newsdesk_domain::ReleaseCategory::Sports,
        headline: "Harbourside rowers take the regional eights title",
        standfirst: "The club's senior eight won the final by two lengths after a season of dawn training on the harbour.",
        body: "The senior eight of **Harbourside Rowing Club** won the regional final on Saturday, \
finishing two lengths ahead of the defending champions in a strong crosswind.\n\n\
The crew trained at dawn three times a week since February, in a boat the members \
bought together last year.\n\n\
- The junior four finished third in its own final.\n\
- Open mornings for new members are held every first Sunday of the month.\n\n\
\"The whole club rowed this one,\" said the head coach.",
        mastheads: &["kenya-star", "ocean-herald"],
    },
    DemoRelease {
        organisation: "Coastal Craft Cooperative",
        category: newsdesk_domain::ReleaseCategory::Event,
        headline: "Craft market returns to the old customs house",
        standfirst: "Forty makers of baskets, carvings and printed cloth will sell their work at a two-day market next month.",
        body: "The **Coastal Craft Cooperative** opens its yearly market in the old customs house \
on the first weekend of next month, from nine in the morning until dusk.\n\n\
Forty makers from the coast and the islands will show baskets, wood carvings, \
printed cloth and jewellery, and several will give short demonstrations of their craft.\n\n\
Entry is free. Stall holders keep the whole price of what they sell.",
        mastheads: &["kenya-star"],
    },
];

/// The address of the demo's server as links name it: its socket address,
/// with the loopback address for an unspecified one (`0.0.0.0`), which no
/// browser opens.
pub fn server_address(addr: std::net::SocketAddr) -> String {
    let mut addr = addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr.ip() {
            std::net::IpAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            std::net::IpAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{addr}")
}

/// Where the wire is served under a server's address.
pub fn wire_base(server: &str) -> String {
    format!("{server}/_demo/wire")
}

/// The wire as served: feed bodies and article pages, made once when the
/// router is built, since the base address is fixed by then.
struct Wire {
    /// File name to (content type, body, ETag).
    feeds: HashMap<&'static str, (&'static str, String, String)>,
    /// URL path to article page.
    pages: HashMap<String, String>,
}

impl Wire {
    fn new(base: &str) -> Self {
        let mut feeds = HashMap::new();
        let mut pages = HashMap::new();
        let base_url = url::Url::parse(base).ok();
        for feed in FEEDS {
            let body = feed.text.replace("{{wire_base}}", base);
            let etag = format!("\"{:016x}\"", fingerprint(body.as_bytes()));
            if let Some(parsed) = base_url
                .as_ref()
                .and_then(|b| newsdesk_ingest::feed::parse(body.as_bytes(), b).ok())
            {
                for item in &parsed.items {
                    if let Ok(link) = url::Url::parse(item.canonical_link.as_str()) {
                        // Two stories in three have a picture, as on a real wire.
                        let hash = fingerprint(item.canonical_link.as_str().as_bytes());
                        let image = (!hash.is_multiple_of(3))
                            .then(|| format!("{base}/images/{:08x}.svg", hash as u32));
                        pages.insert(
                            link.path().to_owned(),
                            render_page(feed.name, item, image.as_deref()),
                        );
                    }
                }
            }
            feeds.insert(feed.file, (feed.content_type, body, etag));
        }
        Self { feeds, pages }
    }
}

/// The routes that serve the bundled feeds, links pointing at `base`.
pub fn wire_router(base: String) -> Router {
    Router::new()
        .route("/_demo/wire/{file}", get(feed))
        .route("/_demo/wire/images/{file}", get(picture))
        .route("/_demo/wire/{source}/{*rest}", get(article_page))
        .with_state(Arc::new(Wire::new(&base)))
}

async fn feed(
    State(wire): State<Arc<Wire>>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some((content_type, body, etag)) = wire.feeds.get(file.as_str()) else {
        return (StatusCode::NOT_FOUND, "no such demo feed").into_response();
    };
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag.clone())]).into_response();
    }
    (
        [
            (header::CONTENT_TYPE, (*content_type).to_owned()),
            (header::ETAG, etag.clone()),
        ],
        body.clone(),
    )
        .into_response()
}

/// An article page for a bundled item, with the chrome a news site puts
/// around it (navigation, share bar, newsletter box, related links), so the
/// demo's stories go through page extraction like any other.
async fn article_page(State(wire): State<Arc<Wire>>, uri: axum::http::Uri) -> Response {
    match wire.pages.get(uri.path()) {
        Some(page) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page.clone(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such demo article").into_response(),
    }
}

/// A picture for a demo story: a sky, a sea and a sun in colours drawn
/// from its name, so each story has its own and none is copied from
/// anywhere.
async fn picture(Path(file): Path<String>) -> Response {
    let Some(seed) = file
        .strip_suffix(".svg")
        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
    else {
        return (StatusCode::NOT_FOUND, "no such demo picture").into_response();
    };
    const SKIES: [(&str, &str); 4] = [
        ("#f7c873", "#e0704f"),
        ("#9fd3e6", "#3f7fb5"),
        ("#c9b6e4", "#6a5a9e"),
        ("#f3e0b5", "#c98f4a"),
    ];
    const SEAS: [&str; 4] = ["#1d4e6b", "#2a6f73", "#24445c", "#35615a"];
    let (top, bottom) = SKIES[(seed % 4) as usize];
    let sea = SEAS[((seed >> 4) % 4) as usize];
    let sun_x = 200 + (seed >> 8) % 800;
    let sun_y = 120 + (seed >> 16) % 200;
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"675\" viewBox=\"0 0 1200 675\">\
         <defs><linearGradient id=\"sky\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">\
         <stop offset=\"0\" stop-color=\"{top}\"/><stop offset=\"1\" stop-color=\"{bottom}\"/></linearGradient></defs>\
         <rect width=\"1200\" height=\"675\" fill=\"url(#sky)\"/>\
         <circle cx=\"{sun_x}\" cy=\"{sun_y}\" r=\"70\" fill=\"#fff6d5\" opacity=\"0.9\"/>\
         <path d=\"M0 430 Q300 400 600 430 T1200 430 V675 H0 Z\" fill=\"{sea}\"/>\
         <path d=\"M0 500 Q300 470 600 500 T1200 500 V675 H0 Z\" fill=\"#000\" opacity=\"0.15\"/></svg>"
    );
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        svg,
    )
        .into_response()
}

fn render_page(site: &str, item: &newsdesk_ingest::feed::FeedItem, image: Option<&str>) -> String {
    let e = escape;
    let mut body = String::new();
    for paragraph in item.body.split("\n\n").filter(|p| !p.trim().is_empty()) {
        body.push_str(&format!("<p>{}</p>\n", e(paragraph)));
    }
    if body.is_empty() {
        body = format!("<p>{}</p>", e(&item.standfirst));
    }
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | {site}</title>\
         <meta property=\"og:title\" content=\"{title}\"><meta property=\"article:published_time\" content=\"{time}\">\
         <meta name=\"author\" content=\"{author}\">{image}</head><body>\
         <header class=\"site-header\"><a href=\"/\">{site}</a><nav><ul><li><a href=\"/world\">World</a></li>\
         <li><a href=\"/business\">Business</a></li><li><a href=\"/sports\">Sports</a></li><li><a href=\"/science\">Science</a></li></ul></nav></header>\
         <div class=\"share-bar\"><a href=\"#\">Share</a> <a href=\"#\">Email</a></div>\
         <article class=\"story\"><h1>{title}</h1><p class=\"standfirst\">{standfirst}</p>\
         <p class=\"byline\">By {author}</p><div class=\"story-body\">{body}</div></article>\
         <aside class=\"related\"><h2>More from {site}</h2><ul><li><a href=\"/\">Latest wire copy</a></li></ul></aside>\
         <div class=\"newsletter-signup\"><p>Get the day's wire copy in your inbox. Sign up for our free daily email.</p></div>\
         <footer><p>Demo fixture page of {site}.</p></footer></body></html>",
        title = e(&item.title),
        standfirst = e(&item.standfirst),
        author = e(item.author.as_deref().unwrap_or("Staff")),
        time = item.published_at,
        image = image
            .map(|i| format!("<meta property=\"og:image\" content=\"{}\">", e(i)))
            .unwrap_or_default(),
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
