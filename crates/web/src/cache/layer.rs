//! The layer in front of every page: answers from memory when it can,
//! keeps what handlers mark [`Cacheable`], and dresses every error answer
//! in the masthead's look.

use super::respond::respond;
use super::{Cacheable, CachedPage, Lookup, Turn};
use crate::error::{ErrorPage, OwnPage, themed};
use crate::masthead::site_for;
use crate::state::AppState;
use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

/// The largest page the layer reads to keep; none of ours comes near (a
/// feed of 30 full stories is about 200 KB), so a larger one is a logged
/// 500 rather than a page half sent.
const MAX_KEPT_BYTES: usize = 8 * 1024 * 1024;

/// The key of a request's page: the host as sent and the path and query.
fn key_of(request: &Request) -> String {
    let host = request
        .headers()
        .get(header::HOST)
        .map(HeaderValue::as_bytes)
        .unwrap_or_default();
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let mut key = String::with_capacity(host.len() + path.len() + 1);
    for &b in host {
        key.push(char::from(b.to_ascii_lowercase()));
    }
    key.push(' ');
    key.push_str(path);
    key
}

/// Reads the change counter when it is due (one request at a time does),
/// and before anything else when it was never read.
async fn refresh(state: &AppState) {
    if !state.cache.knows_generation() {
        if let Ok(generation) = state.store.site_generation().await {
            state.looks.catch_up(&state.store, generation).await;
            state.cache.observe_first(generation);
        }
        return;
    }
    if state.cache.claim_check() {
        let reading = match state.store.site_generation().await {
            Ok(generation) => {
                // Before the pages: a page rendered after this shows the
                // looks of this count or a later one.
                state.looks.catch_up(&state.store, generation).await;
                Some(generation)
            }
            Err(e) => {
                tracing::warn!(
                    error = &e as &dyn std::error::Error,
                    "cannot read the site's change counter; pages kept as they are"
                );
                None
            }
        };
        state.cache.observe(reading);
    }
}

/// The page layer (see the module docs of [`crate::cache`]).
pub async fn pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let readable = method == Method::GET || method == Method::HEAD;
    if readable {
        refresh(&state).await;
    }
    let key = key_of(&request);
    let mut leader = None;
    if readable {
        let stale = match state.cache.lookup(&key) {
            Lookup::Fresh(page) => return respond(&method, request.headers(), &page),
            Lookup::Stale(page) => Some(page),
            Lookup::Missing => None,
        };
        match state.cache.lead(&key) {
            Turn::Ready(page) => return respond(&method, request.headers(), &page),
            Turn::Lead(lead) => leader = Some(lead),
            Turn::Follow(mut flight) => {
                // Another request renders this page now: the page as it
                // was, at once, else the new one when it is ready.
                if let Some(page) = stale {
                    return respond(&method, request.headers(), &page);
                }
                if flight.changed().await.is_ok() {
                    let done = flight.borrow().clone();
                    if let Some(page) = done {
                        return respond(&method, request.headers(), &page);
                    }
                }
                // It gave up (or its page may not be kept): render here.
            }
        }
    }
    let headers = request.headers().clone();
    let path = request.uri().path().to_owned();
    let generation = state.cache.generation();
    let response = next.run(request).await;
    let status = response.status();
    if status.is_success() {
        let Some(cacheable) = response.extensions().get::<Cacheable>().copied() else {
            return response;
        };
        if !readable {
            return response;
        }
        let (parts, body) = response.into_parts();
        let Ok(bytes) = to_bytes(body, MAX_KEPT_BYTES).await else {
            tracing::error!(path, "a page too large to keep");
            return themed_error(
                &state,
                &headers,
                &path,
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                None,
            );
        };
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8"));
        let page = Arc::new(CachedPage::new(bytes, content_type, cacheable, generation));
        state.cache.insert(key, Arc::clone(&page));
        if let Some(leader) = leader {
            leader.finish(Arc::clone(&page));
        }
        return respond(&method, &headers, &page);
    }
    if response.extensions().get::<OwnPage>().is_some() {
        return response;
    }
    if status.is_client_error() || status.is_server_error() {
        let words = response.extensions().get::<ErrorPage>().copied();
        return themed_error(&state, &headers, &path, status, words);
    }
    response
}

fn themed_error(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    path: &str,
    status: axum::http::StatusCode,
    words: Option<ErrorPage>,
) -> Response {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let site = site_for(state, host, path);
    let words = words.unwrap_or_else(|| ErrorPage::for_status(status));
    let mut response = themed(state, site.as_ref(), status, words);
    if status == axum::http::StatusCode::METHOD_NOT_ALLOWED {
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    }
    response
}
