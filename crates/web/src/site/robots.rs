//! `robots.txt`: crawl everything but search results, and where the
//! sitemaps are.
//!
//! Crawlers read `robots.txt` at a host's root only. On a masthead's own
//! host it names that masthead's sitemap; on the server's bare address it
//! names every masthead's sitemap under `/m/ID/` and closes their search
//! pages too.

use crate::cache::Cacheable;
use crate::error::WebError;
use crate::feeds::robots_txt;
use crate::masthead::{MaybeSite, site_for};
use crate::site::view;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::Response;

/// `GET /robots.txt`.
pub async fn show(
    State(state): State<AppState>,
    MaybeSite(site): MaybeSite,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let body = match site {
        Some(site) if site.base.is_empty() => robots_txt(&site.absolute("/sitemap.xml")),
        _ => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            let mut text =
                String::from("User-agent: *\nDisallow: /search\nDisallow: /m/*/search\n\n");
            for masthead in state.mastheads.iter() {
                let path = format!("/m/{}/", masthead.id);
                if let Some(site) = site_for(&state, host, &path) {
                    text.push_str(&format!("Sitemap: {}\n", site.absolute("/sitemap.xml")));
                }
            }
            text
        }
    };
    Ok(view::typed(
        body,
        crate::feeds::robots::CONTENT_TYPE,
        Cacheable::STATIC,
    ))
}
