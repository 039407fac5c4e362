//! `GET /admin/static/admin.css`: the admin's stylesheet, embedded.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// The stylesheet.
pub const ADMIN_CSS: &str = include_str!("../../static/admin.css");

/// `GET /admin/static/admin.css`.
pub async fn admin_css() -> Response {
    let mut response = ADMIN_CSS.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}
