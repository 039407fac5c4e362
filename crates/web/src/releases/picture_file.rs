//! `GET /releases/ID/picture/WIDTH`: a published release's picture at one
//! of its widths, as the JPEG made from the upload (never the upload).
//! Its address never changes what it holds, so it is kept a year.

use crate::cache::Cacheable;
use crate::error::WebError;
use crate::masthead::Site;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use jiff::Timestamp;
use newsdesk_domain::ReleaseId;
use serde::Deserialize;

/// The path's parts.
#[derive(Deserialize)]
pub struct PicturePath {
    id: String,
    width: String,
}

impl PicturePath {
    /// The release and the width, when both are numbers.
    pub fn parts(&self) -> Option<(ReleaseId, u32)> {
        Some((ReleaseId(self.id.parse().ok()?), self.width.parse().ok()?))
    }
}

/// `GET /releases/ID/picture/WIDTH`.
pub async fn show(
    State(state): State<AppState>,
    site: Site,
    Path(path): Path<PicturePath>,
) -> Result<Response, WebError> {
    let (id, width) = path.parts().ok_or(WebError::NotFound)?;
    let bytes = state
        .store
        .release_picture(id, width, &site.masthead.id, Timestamp::now())
        .await?
        .ok_or(WebError::NotFound)?;
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    headers.insert(header::CACHE_CONTROL, Cacheable::IMMUTABLE.header());
    Ok(response)
}
