//! `GET /admin/releases/{id}/picture/{width}`: a release's picture at
//! one width for an editor, whatever the release's state (the public
//! address serves published ones only). Never kept by a cache.

use super::page;
use super::session::Editor;
use crate::error::WebError;
use crate::releases::picture_file::PicturePath;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;

/// `GET /admin/releases/{id}/picture/{width}`.
pub async fn show(
    State(state): State<AppState>,
    _user: Editor,
    Path(path): Path<PicturePath>,
) -> Result<Response, WebError> {
    let (id, width) = path.parts().ok_or(WebError::NotFound)?;
    let bytes = state
        .store
        .queued_release_picture(id, width)
        .await?
        .ok_or(WebError::NotFound)?;
    let mut response = Response::new(Body::from(bytes));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    page::private(&mut response);
    Ok(response)
}
