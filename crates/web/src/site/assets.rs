//! The stylesheet, from the binary.

use crate::templates::SITE_CSS;
use axum::http::header;
use axum::response::IntoResponse;

/// `GET /static/site.css`.
pub async fn site_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SITE_CSS,
    )
}
