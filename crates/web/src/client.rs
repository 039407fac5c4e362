//! The network address a request came from, for the limits per client
//! of the public forms (news releases, the daily email).
//!
//! The peer's address, unless the peer is this machine (a reverse proxy
//! in front of the server): then the last address of `X-Forwarded-For`,
//! the one that proxy added. Earlier entries are whatever the client
//! wrote, so they are never trusted; nor is the header from any other
//! peer.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::SocketAddr;

/// The client's address as text; `unknown` when the server was started
/// without peer addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        let forwarded = || {
            parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .next_back()
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .map(str::trim)
                .and_then(|v| v.parse::<std::net::IpAddr>().ok())
        };
        let address = match peer {
            Some(ip) if ip.is_loopback() => forwarded().unwrap_or(ip),
            Some(ip) => ip,
            None => return Ok(Self("unknown".into())),
        };
        Ok(Self(address.to_string()))
    }
}
