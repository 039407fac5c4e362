//! Who is signed in: the session cookie, the host it belongs to, and the
//! role a page needs, as one extractor.
//!
//! A page declares what it needs in its signature: `user: Editor` for any
//! signed-in person, `user: AdminOnly` for admins. Without a session a
//! page answers with a redirect to the sign-in page; with the wrong role,
//! a 403 page. So an editor who types an admin-only address, or posts to
//! one, is refused before the handler runs.
//!
//! The cookie (`newsdesk_admin`) holds 256 random bits; the database has
//! only their hash, with the host the session was made on: presented on
//! another masthead's host it is no session at all. It is `HttpOnly`,
//! `SameSite=Strict`, `Path=/admin`, host-only (no `Domain`), and
//! `Secure` except on a loopback or `.localhost` host ([`is_local_host`]).

use super::AdminDesk;
use super::page;
use super::password::{derive, token_hash};
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::SignedDuration;
use newsdesk_domain::Role;
use newsdesk_store::User;
use std::marker::PhantomData;
use std::net::SocketAddr;

/// The cookie's name.
pub const COOKIE: &str = "newsdesk_admin";

/// A session is marked used at most this often.
const TOUCH_EVERY: SignedDuration = SignedDuration::from_secs(60);

/// What a page needs of the person signed in.
pub trait Need: Send + Sync + 'static {
    /// The role it needs.
    const ROLE: Role;
}

/// Any signed-in person (content pages).
#[derive(Debug)]
pub struct AnyRole;

impl Need for AnyRole {
    const ROLE: Role = Role::Editor;
}

/// Admins only (users, settings, the subscriber export).
#[derive(Debug)]
pub struct AdminRole;

impl Need for AdminRole {
    const ROLE: Role = Role::Admin;
}

/// The person signed in on this host, with the role `N` needs.
#[derive(Debug)]
pub struct Signed<N: Need = AnyRole> {
    /// Who.
    pub user: User,
    /// The session's hash (to sign out).
    pub session: String,
    /// The token every form of this session carries (see [`super::csrf`]).
    pub form_token: String,
    need: PhantomData<N>,
}

/// Any signed-in person.
pub type Editor = Signed<AnyRole>;

/// An admin.
pub type AdminOnly = Signed<AdminRole>;

impl<N: Need> Signed<N> {
    /// Who did it, for the audit log.
    pub fn actor(&self) -> newsdesk_store::Actor {
        newsdesk_store::Actor {
            user: Some(self.user.id),
            name: self.user.email.to_string(),
        }
    }

    /// Whether this person is an admin.
    pub fn is_admin(&self) -> bool {
        self.user.role == Role::Admin
    }
}

impl<N: Need> FromRequestParts<AppState> for Signed<N> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let desk = &state.admin;
        let Some(secret) = cookie(&parts.headers) else {
            return Err(to_sign_in());
        };
        let host = host(&parts.headers);
        let hash = token_hash(&secret);
        let now = desk.now();
        let found = state
            .store
            .session(&hash, &host, now, desk.settings.session_idle)
            .await
            .map_err(|e| crate::error::WebError::from(e).into_response())?;
        let Some(found) = found else {
            return Err(to_sign_in());
        };
        if !found.user.role.covers(N::ROLE) {
            return Err(page::forbidden(state, &found.user));
        }
        if now.duration_since(found.last_seen_at) >= TOUCH_EVERY {
            state
                .store
                .touch_session(&hash, now)
                .await
                .map_err(|e| crate::error::WebError::from(e).into_response())?;
        }
        Ok(Self {
            user: found.user,
            session: hash,
            form_token: derive(&secret, "admin form"),
            need: PhantomData,
        })
    }
}

/// The admin's cookie, when the request carries one.
pub fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 64)
}

/// The request's host, lower case, as sessions are bound to it.
pub fn host(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Whether `host` (with or without a port) is this machine by name or
/// address: browsers treat such an origin as secure without TLS, and the
/// demo serves one over plain http, so its cookie cannot be `Secure`
/// there. Every other host is expected behind https.
pub fn is_local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The `Set-Cookie` value of a new session on `host`.
pub fn set_cookie(secret: &str, host: &str, lifetime: SignedDuration) -> HeaderValue {
    let secure = if is_local_host(host) { "" } else { "; Secure" };
    HeaderValue::try_from(format!(
        "{COOKIE}={secret}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        lifetime.as_secs()
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("newsdesk_admin=; Path=/admin"))
}

/// The `Set-Cookie` value that removes the cookie.
pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("newsdesk_admin=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// The client's address: the connection's, or the last entry of the
/// header a trusted proxy sets (`admin.client_address_header`).
pub fn client_address(parts: &Parts, desk: &AdminDesk) -> String {
    if let Some(name) = &desk.settings.client_address_header {
        let forwarded = parts
            .headers
            .get(name.as_str())
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.len() <= 64);
        if let Some(address) = forwarded {
            return address.to_owned();
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string())
}

/// A redirect to the sign-in page.
pub fn to_sign_in() -> Response {
    see_other("/admin/login")
}

/// A `303 See Other` to `to`, never kept by a cache.
pub fn see_other(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::try_from(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_hosts_are_told_apart() {
        for host in [
            "127.0.0.1:8080",
            "localhost",
            "news.localhost:3000",
            "[::1]:80",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "news.example",
            "127.0.0.1.example:80",
            "localhost.example",
            "",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
        let value = set_cookie("abc", "news.example", SignedDuration::from_hours(1));
        let text = value.to_str().unwrap();
        assert!(text.contains("Secure") && text.contains("HttpOnly"));
        assert!(text.contains("SameSite=Strict") && text.contains("Path=/admin"));
    }
}
