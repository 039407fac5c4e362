//! Which masthead a request is for.
//!
//! `/m/ID/...` names a masthead outright (no DNS needed: the demo and tests
//! use it); otherwise the `Host` header picks the masthead whose `host`
//! matches. Links on a page are written under the same prefix, so a reader
//! who came in by `/m/ID/` stays there.

use crate::error::WebError;
use crate::state::AppState;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::header;
use axum::http::request::Parts;
use newsdesk_domain::Masthead;

/// The masthead of this request, and the path prefix its links use.
#[derive(Debug, Clone)]
pub struct Site {
    /// The masthead.
    pub masthead: Masthead,
    /// `""` when chosen by host, `/m/ID` when chosen by path.
    pub base: String,
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
        if let Some((_, id)) = params.iter().find(|(name, _)| *name == "masthead") {
            let masthead = state.masthead_by_id(id).ok_or(WebError::NotFound)?;
            return Ok(Self(Some(Site {
                masthead: masthead.clone(),
                base: format!("/m/{}", masthead.id),
            })));
        }
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .or_else(|| parts.uri.host());
        Ok(Self(host.and_then(|h| state.masthead_by_host(h)).map(
            |m| Site {
                masthead: m.clone(),
                base: String::new(),
            },
        )))
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
