//! Which masthead a request is for, and the addresses its links use.
//!
//! `/m/ID/...` names a masthead outright (no DNS needed: the demo and tests
//! use it); otherwise the `Host` header picks the masthead whose `host`
//! matches. Links on a page are written under the same prefix, so a reader
//! who came in by `/m/ID/` stays there. Absolute links (feeds, sitemaps,
//! share tags) start with the masthead's `base_url` when it is configured,
//! else with `server.base_url` under `/m/ID/`, else with `http://` and the
//! request's own (already matched) host.

use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::header;
use axum::http::request::Parts;
use newsdesk_domain::Masthead;

/// The name of the path parameter that holds a masthead's id in `/m/ID/`:
/// the route table mounts the pages under it and [`MaybeSite`] reads it.
pub const MASTHEAD_PARAM: &str = "masthead";

/// The masthead of this request, and the addresses its links use.
#[derive(Debug, Clone)]
pub struct Site {
    /// The masthead.
    pub masthead: Masthead,
    /// `""` when chosen by host, `/m/ID` when chosen by path.
    pub base: String,
    /// Scheme and authority of absolute links, without a trailing slash.
    pub origin: String,
}

impl Site {
    /// A path on this site, as a link on its pages (`/section/world` or
    /// `/m/kenya-star/section/world`).
    pub fn href(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A path on this site as an absolute URL.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}{path}", self.origin, self.base)
    }

    /// The masthead's logo as an absolute URL (a path on the site is
    /// served by the proxy at the origin, outside any `/m/ID` prefix).
    pub fn logo_url(&self) -> Option<String> {
        let logo = self.masthead.logo.as_ref()?;
        Some(if logo.starts_with('/') {
            format!("{}{logo}", self.origin)
        } else {
            logo.clone()
        })
    }
}

/// The site a request is for, from its `Host` header and its path as
/// requested (before any nesting stripped it).
pub fn site_for(state: &AppState, host: Option<&str>, path: &str) -> Option<Site> {
    if let Some(rest) = path.strip_prefix("/m/") {
        let id = rest.split('/').next().unwrap_or_default();
        return by_id(state, host, id);
    }
    let host = host?;
    let masthead = state.masthead_by_host(host)?;
    let origin = masthead
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", host.to_ascii_lowercase()));
    Some(Site {
        masthead,
        base: String::new(),
        origin,
    })
}

fn by_id(state: &AppState, host: Option<&str>, id: &str) -> Option<Site> {
    let masthead = state.masthead_by_id(id)?;
    let origin = match (&state.settings.base_url, host) {
        (Some(base), _) => base.clone(),
        (None, Some(host)) if is_plain_host(host) => {
            format!("http://{}", host.to_ascii_lowercase())
        }
        (None, _) => "http://localhost".to_owned(),
    };
    Some(Site {
        base: format!("/m/{}", masthead.id),
        masthead,
        origin,
    })
}

/// A `Host` header fit to go into a link: a name or address and a port,
/// nothing that could end an attribute or start a path.
fn is_plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
}

fn host_of(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| parts.uri.host())
}

/// A request that may name no masthead (the bare address of the server).
#[derive(Debug, Clone)]
pub struct MaybeSite(pub Option<Site>);

impl FromRequestParts<AppState> for MaybeSite {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| WebError::NotFound)?;
        let host = host_of(parts);
        if let Some((_, id)) = params.iter().find(|(name, _)| *name == MASTHEAD_PARAM) {
            return by_id(state, host, id)
                .map(|site| Self(Some(site)))
                .ok_or(WebError::NotFound);
        }
        Ok(Self(site_for(state, host, "/")))
    }
}

impl FromRequestParts<AppState> for Site {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        MaybeSite::from_request_parts(parts, state)
            .await?
            .0
            .ok_or(WebError::NotFound)
    }
}
