//! The stylesheet: the masthead's own (its accent, or its theme's
//! `site.css`), from memory.

use crate::cache::Cacheable;
use crate::error::WebError;
use crate::masthead::MaybeSite;
use crate::site::view;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

/// `?v=VERSION`.
#[derive(Deserialize)]
pub struct Version {
    v: Option<String>,
}

/// `GET /static/site.css`. Asked for by its current version it may be
/// kept for a year; any other way, for an hour.
pub async fn site_css(
    State(state): State<AppState>,
    MaybeSite(site): MaybeSite,
    Query(version): Query<Version>,
) -> Result<Response, WebError> {
    let sheet = state
        .templates
        .stylesheet(site.as_ref().map(|s| &s.masthead));
    let cacheable = if version.v.as_deref() == Some(sheet.version.as_str()) {
        Cacheable::IMMUTABLE
    } else {
        Cacheable::STATIC
    };
    Ok(view::typed(
        sheet.css.clone(),
        "text/css; charset=utf-8",
        cacheable,
    ))
}
