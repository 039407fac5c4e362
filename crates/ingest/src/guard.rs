//! The guard that keeps the fetcher off our own network (SSRF).
//!
//! A feed URL comes from an operator, an OPML file or a page's links, and a
//! redirect can point anywhere. Unless `fetch.allow_private_addresses` is
//! set, we refuse to connect to loopback, private, link-local (and so the
//! cloud metadata address 169.254.169.254), shared CGNAT, multicast,
//! unspecified and reserved addresses, in IPv4 and IPv6, including IPv4
//! addresses carried inside IPv6 (`::ffff:127.0.0.1`, `64:ff9b::/96`).
//!
//! The check runs on every address a host name resolves to (in
//! [`GuardedResolver`], which the HTTP client uses for every connection,
//! redirects included) and on IP literals in the first URL and in every
//! redirect target.
//!
//! An operator can let a few exact addresses through while the guard stays
//! on (`FetchSettings::allowed_addresses`: an intranet feed server, or a
//! test's fixture server on 127.0.0.1). The match is exact: allowing
//! `127.0.0.1` does not allow `::ffff:127.0.0.1`, nor any other loopback
//! address, so a redirect cannot use another spelling of it to get by.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// Why an address is refused, or `None` when it is a public address.
pub fn refusal(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => refusal_v4(v4),
        IpAddr::V6(v6) => refusal_v6(v6),
    }
}

fn refusal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, _, _] = ip.octets();
    Some(match () {
        _ if ip.is_unspecified() || a == 0 => "an unspecified address",
        _ if ip.is_loopback() => "a loopback address",
        _ if ip.is_private() => "a private address",
        _ if a == 169 && b == 254 => "a link-local or cloud metadata address",
        _ if a == 100 && (64..128).contains(&b) => "a shared (CGNAT) address",
        _ if a == 192 && b == 0 && ip.octets()[2] == 0 => "a protocol-assignment address",
        _ if a == 198 && (b == 18 || b == 19) => "a benchmarking address",
        _ if ip.is_multicast() => "a multicast address",
        _ if ip.is_broadcast() || a >= 240 => "a reserved address",
        _ if ip.is_documentation() => "a documentation address",
        _ => return None,
    })
}

fn refusal_v6(ip: Ipv6Addr) -> Option<&'static str> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return refusal_v4(v4);
    }
    let segments = ip.segments();
    // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [.., hi, lo] = segments;
        return refusal_v4(Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo)));
    }
    Some(match segments[0] {
        _ if ip.is_unspecified() => "an unspecified address",
        _ if ip.is_loopback() => "a loopback address",
        s if s & 0xfe00 == 0xfc00 => "a private (unique local) address",
        s if s & 0xffc0 == 0xfe80 => "a link-local address",
        s if s & 0xffc0 == 0xfec0 => "a site-local address",
        s if s & 0xff00 == 0xff00 => "a multicast address",
        0x2001 if segments[1] == 0x0db8 => "a documentation address",
        // IPv4-compatible (::a.b.c.d), deprecated but still routable on some stacks.
        0 if segments[1..6] == [0, 0, 0, 0, 0] => "an IPv4-compatible address",
        _ => return None,
    })
}

/// The fetcher refused an address.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "refused to fetch {host}: {ip} is {why} (set fetch.allow_private_addresses = true to allow it)"
)]
pub struct Refused {
    /// The host as named in the URL.
    pub host: String,
    /// The address refused.
    pub ip: IpAddr,
    /// What kind of address it is.
    pub why: &'static str,
}

/// Checks an IP literal host; `Ok` for names (the resolver checks those).
pub fn check_literal(url: &url::Url, allow_private: bool) -> Result<(), Refused> {
    check_literal_allowing(url, allow_private, &[])
}

/// [`check_literal`], letting the `allowed` addresses through (exact
/// matches only).
pub fn check_literal_allowing(
    url: &url::Url,
    allow_private: bool,
    allowed: &[IpAddr],
) -> Result<(), Refused> {
    if allow_private {
        return Ok(());
    }
    let ip = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        _ => return Ok(()),
    };
    if allowed.contains(&ip) {
        return Ok(());
    }
    match refusal(ip) {
        Some(why) => Err(Refused {
            host: url.host_str().unwrap_or_default().to_owned(),
            ip,
            why,
        }),
        None => Ok(()),
    }
}

/// A DNS resolver that drops refused addresses, and fails when none is left.
#[derive(Debug, Clone, Default)]
pub struct GuardedResolver {
    /// Let every address through (tests, the demo, intranet feeds).
    pub allow_private: bool,
    /// Let these exact addresses through, and no others that are refused.
    pub allowed: Arc<[IpAddr]>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let allowed = self.allowed.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if allow_private {
                return Ok(Box::new(addrs.into_iter()) as Addrs);
            }
            let mut first_refusal = None;
            let allowed: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|addr| match refusal(addr.ip()) {
                    Some(_) if allowed.contains(&addr.ip()) => true,
                    Some(why) => {
                        first_refusal.get_or_insert((addr.ip(), why));
                        false
                    }
                    None => true,
                })
                .collect();
            match (allowed.is_empty(), first_refusal) {
                (true, Some((ip, why))) => Err(Box::new(Refused { host, ip, why }) as _),
                _ => Ok(Box::new(allowed.into_iter()) as Addrs),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(s: &str) -> bool {
        refusal(s.parse().unwrap()).is_some()
    }

    #[test]
    fn private_and_special_addresses_are_refused() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fc00::1",
            "fd00:ec2::254",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "::127.0.0.1",
        ] {
            assert!(refused(ip), "{ip} should be refused");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "93.184.215.14",
            "1.1.1.1",
            "2606:4700::1111",
            "::ffff:93.184.215.14",
        ] {
            assert!(!refused(ip), "{ip} should pass");
        }
    }

    #[test]
    fn literal_hosts_are_checked_unless_allowed() {
        let url = url::Url::parse("http://[::ffff:127.0.0.1]:8080/feed").unwrap();
        let err = check_literal(&url, false).unwrap_err();
        assert!(err.to_string().contains("loopback"), "{err}");
        assert!(check_literal(&url, true).is_ok());
        let mapped = [IpAddr::V4(Ipv4Addr::LOCALHOST)];
        let plain = url::Url::parse("http://127.0.0.1:8080/feed").unwrap();
        assert!(check_literal_allowing(&plain, false, &mapped).is_ok());
        assert!(
            check_literal_allowing(&url, false, &mapped).is_err(),
            "another spelling of an allowed address is still refused"
        );
        let named = url::Url::parse("http://localhost/feed").unwrap();
        assert!(
            check_literal(&named, false).is_ok(),
            "names are the resolver's"
        );
    }
}
