//! Answering from a kept page: content coding, entity tags, `304`.
//!
//! - The coding is chosen from `Accept-Encoding` (RFC 9110 §12.5.3):
//!   brotli, then gzip, then the body as it is; a coding the client gives
//!   `q=0` is never sent. Every answer says `Vary: Accept-Encoding`.
//! - Each coding has its own strong entity tag (`"HASH"`, `"HASH-gz"`,
//!   `"HASH-br"`), since their bytes differ. `If-None-Match` compares
//!   weakly, as RFC 9110 §13.1.2 asks, so a tag a client got in any coding
//!   (or through a proxy that weakened it) matches the page. A header that
//!   is not a list of entity tags matches nothing.
//! - `If-Modified-Since` is read only when there is no `If-None-Match`.

use super::CachedPage;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;

/// A content coding we send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// The body as rendered.
    Identity,
    /// gzip.
    Gzip,
    /// brotli.
    Brotli,
}

impl Coding {
    /// Its place in [`CachedPage::etags`].
    fn index(self) -> usize {
        match self {
            Self::Identity => 0,
            Self::Gzip => 1,
            Self::Brotli => 2,
        }
    }
}

/// The coding to send, given the request's `Accept-Encoding` and what the
/// page has.
pub fn choose(accept: Option<&HeaderValue>, page: &CachedPage) -> Coding {
    let Some(accept) = accept.and_then(|v| v.to_str().ok()) else {
        return Coding::Identity;
    };
    let (mut br, mut gz, mut star) = (None, None, None);
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .find_map(|p| {
                let p = p.trim();
                p.strip_prefix("q=").or_else(|| p.strip_prefix("Q="))
            })
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case("br") {
            br = Some(q);
        } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
            gz = Some(q);
        } else if name == "*" {
            star = Some(q);
        }
    }
    let wants = |q: Option<f32>| q.or(star).is_some_and(|q| q > 0.0);
    if page.brotli.is_some() && wants(br) {
        Coding::Brotli
    } else if page.gzip.is_some() && wants(gz) {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

/// Whether an `If-None-Match` value names this page, in any coding.
pub fn none_match(value: &HeaderValue, page: &CachedPage) -> bool {
    let Ok(text) = value.to_str() else {
        return false;
    };
    if text.trim() == "*" {
        return true;
    }
    text.split(',').any(|tag| {
        let tag = tag.trim();
        let tag = tag.strip_prefix("W/").unwrap_or(tag);
        let Some(opaque) = tag.strip_prefix('"').and_then(|t| t.strip_suffix('"')) else {
            return false;
        };
        let base = opaque
            .strip_suffix("-gz")
            .or_else(|| opaque.strip_suffix("-br"))
            .unwrap_or(opaque);
        base == page.tag
    })
}

/// Whether an `If-Modified-Since` value is at or after the page's time.
fn not_modified_since(value: &HeaderValue, page: &CachedPage) -> bool {
    let Ok(text) = value.to_str() else {
        return false;
    };
    jiff::fmt::rfc2822::parse(text)
        .map(|since| since.timestamp() >= page.rendered_at)
        .unwrap_or(false)
}

/// The answer to a GET or HEAD for a kept page.
pub fn respond(method: &Method, headers: &HeaderMap, page: &CachedPage) -> Response {
    let coding = choose(headers.get(header::ACCEPT_ENCODING), page);
    let etag = page.etags[coding.index()].clone();
    let unchanged = match headers.get(header::IF_NONE_MATCH) {
        Some(value) => none_match(value, page),
        None => headers
            .get(header::IF_MODIFIED_SINCE)
            .is_some_and(|v| not_modified_since(v, page)),
    };
    let (status, body): (StatusCode, Bytes) = if unchanged {
        (StatusCode::NOT_MODIFIED, Bytes::new())
    } else {
        let bytes = match coding {
            Coding::Identity => page.identity.clone(),
            Coding::Gzip => page.gzip.clone().unwrap_or_else(|| page.identity.clone()),
            Coding::Brotli => page.brotli.clone().unwrap_or_else(|| page.identity.clone()),
        };
        (StatusCode::OK, bytes)
    };
    let length = body.len();
    let mut response = if *method == Method::HEAD || status == StatusCode::NOT_MODIFIED {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(body))
    };
    *response.status_mut() = status;
    let out = response.headers_mut();
    out.insert(header::ETAG, etag);
    out.insert(header::LAST_MODIFIED, page.last_modified.clone());
    out.insert(header::CACHE_CONTROL, page.cache_control.clone());
    out.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if status == StatusCode::OK {
        out.insert(header::CONTENT_TYPE, page.content_type.clone());
        out.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        match coding {
            Coding::Identity => {}
            Coding::Gzip => {
                out.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            Coding::Brotli => {
                out.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            }
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Cacheable;

    fn page() -> CachedPage {
        CachedPage::new(
            Bytes::from("<p>news</p>".repeat(200)),
            HeaderValue::from_static("text/html; charset=utf-8"),
            Cacheable::LIST,
            1,
        )
    }

    fn accept(text: &'static str) -> Coding {
        choose(Some(&HeaderValue::from_static(text)), &page())
    }

    #[test]
    fn codings_follow_accept_encoding() {
        assert_eq!(choose(None, &page()), Coding::Identity);
        assert_eq!(accept("gzip, deflate, br"), Coding::Brotli);
        assert_eq!(accept("gzip"), Coding::Gzip);
        assert_eq!(accept("br;q=0, gzip;q=0.5"), Coding::Gzip);
        assert_eq!(accept("*"), Coding::Brotli);
        assert_eq!(accept("*;q=0"), Coding::Identity);
        assert_eq!(accept("identity"), Coding::Identity);
        assert_eq!(accept(";;;,,q=zz"), Coding::Identity);
    }

    #[test]
    fn entity_tags_match_weakly_and_garbage_matches_nothing() {
        let p = page();
        let tag = |t: String| HeaderValue::from_str(&t).unwrap();
        assert!(none_match(&tag(format!("\"{}\"", p.tag)), &p));
        assert!(none_match(&tag(format!("W/\"{}-gz\"", p.tag)), &p));
        assert!(none_match(&tag(format!("\"x\", \"{}-br\"", p.tag)), &p));
        assert!(none_match(&HeaderValue::from_static("*"), &p));
        for garbage in ["", "\"", "nonsense", "\"other\"", "W/", "\"\u{7f}\""] {
            if let Ok(v) = HeaderValue::from_str(garbage) {
                assert!(!none_match(&v, &p), "{garbage:?}");
            }
        }
        let bytes = HeaderValue::from_bytes(b"\"\xff\xfe\"").unwrap();
        assert!(!none_match(&bytes, &p));
    }

    #[test]
    fn a_matching_tag_is_answered_304_without_a_body() {
        let p = page();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&format!("\"{}\"", p.tag)).unwrap(),
        );
        let r = respond(&Method::GET, &headers, &p);
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
        assert!(r.headers().get(header::CONTENT_TYPE).is_none());
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"nope\""));
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
        let r = respond(&Method::GET, &headers, &p);
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(
            r.headers()[header::ETAG],
            format!("\"{}-gz\"", p.tag).as_str()
        );
    }

    #[test]
    fn if_modified_since_is_read_without_if_none_match() {
        let p = page();
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_MODIFIED_SINCE, p.last_modified.clone());
        assert_eq!(
            respond(&Method::GET, &headers, &p).status(),
            StatusCode::NOT_MODIFIED
        );
        headers.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("Mon, 01 Jan 2001 00:00:00 GMT"),
        );
        assert_eq!(respond(&Method::GET, &headers, &p).status(), StatusCode::OK);
        headers.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("yesterday"),
        );
        assert_eq!(respond(&Method::GET, &headers, &p).status(), StatusCode::OK);
    }
}
