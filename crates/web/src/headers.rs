//! Security headers on every response.
//!
//! Pages carry no inline script or style, so the Content-Security-Policy
//! can be strict: our own stylesheet, images from anywhere over https (lead
//! images live on the sources' servers), nothing else.

use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;

const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' https: data:; \
                   base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the headers; a handler's own values win.
pub async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let defaults: [(HeaderName, &'static str); 4] = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in defaults {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}
