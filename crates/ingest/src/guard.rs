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
//! `fetch.allow_private_addresses` (feeds on a private network, tests, the
//! demo) lets loopback, private and the other special addresses through,
//! but never link-local and cloud metadata addresses (169.254.0.0/16,
//! fe80::/10, the metadata services at `fd00:ec2::254`, 100.100.100.200
//! and 192.0.0.192): a feed that redirects there reads the machine's
//! credentials, and no feed lives there. Those, like any refused address,
//! pass only when listed one by one in `fetch.allowed_addresses`
//! ([`FetchSettings::allowed_addresses`](crate::FetchSettings)). The match
//! is exact: allowing `127.0.0.1` does not allow `::ffff:127.0.0.1`, nor
//! any other loopback address, so a redirect cannot use another spelling
//! of it to get by.

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

/// Whether an address is link-local or a cloud metadata service's, which
/// `allow_private_addresses` does not open (IPv4 inside IPv6 included).
pub fn is_link_local_or_metadata(ip: IpAddr) -> bool {
    let v4 = |ip: Ipv4Addr| {
        let [a, b, c, d] = ip.octets();
        (a == 169 && b == 254)
            || [a, b, c, d] == [100, 100, 100, 200]
            || [a, b, c, d] == [192, 0, 0, 192]
    };
    match ip {
        IpAddr::V4(ip) => v4(ip),
        IpAddr::V6(ip) => {
            if let Some(mapped) = ip.to_ipv4_mapped() {
                return v4(mapped);
            }
            let segments = ip.segments();
            if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                let [.., hi, lo] = segments;
                return v4(Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo)));
            }
            segments[0] & 0xffc0 == 0xfe80
                || ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)
        }
    }
}

/// Why an address is refused under these settings, or `None` when it may
/// be fetched: a public address, one listed in `allowed`, or a private one
/// while `allow_private` is set (but never link-local or metadata).
pub fn refusal_under(ip: IpAddr, allow_private: bool, allowed: &[IpAddr]) -> Option<&'static str> {
    if allowed.contains(&ip) {
        return None;
    }
    if is_link_local_or_metadata(ip) {
        return Some("a link-local or cloud metadata address");
    }
    if allow_private {
        return None;
    }
    refusal(ip)
}

/// The fetcher refused an address.
#[derive(Debug, Clone, thiserror::Error)]
#[error("refused to fetch {host}: {ip} is {why} ({})", hint(*ip))]
pub struct Refused {
    /// The host as named in the URL.
    pub host: String,
    /// The address refused.
    pub ip: IpAddr,
    /// What kind of address it is.
    pub why: &'static str,
}

/// What an operator can do about a refusal.
fn hint(ip: IpAddr) -> String {
    if is_link_local_or_metadata(ip) {
        format!("list \"{ip}\" in fetch.allowed_addresses if a feed really lives there")
    } else {
        "set fetch.allow_private_addresses = true to allow it".to_owned()
    }
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
    let ip = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        _ => return Ok(()),
    };
    match refusal_under(ip, allow_private, allowed) {
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
    /// Let private addresses through (tests, the demo, intranet feeds), but
    /// not link-local or metadata ones.
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
            let mut first_refusal = None;
            let allowed: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(
                    |addr| match refusal_under(addr.ip(), allow_private, &allowed) {
                        Some(why) => {
                            first_refusal.get_or_insert((addr.ip(), why));
                            false
                        }
                        None => true,
                    },
                )
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
        assert!(err.to_string().contains("allow_private_addresses"), "{err}");
        assert!(check_literal(&url, true).is_ok());
        let mapped = [IpAddr::V4(Ipv4Addr::LOCALHOST)];
        let plain = url::Url::parse("http://127.0.0.1:8080/feed").unwrap();
        assert!(check_literal_allowing(&plain, false, &mapped).is_ok());
        assert!(
            check_literal_allowing(&url, false, &mapped).is_err(),
            "another spelling of an allowed address is still refused"
        );
        let named = url::Url::parse("http://localhost/feed").unwrap();
        assert!(check_literal(&named, true).is_ok());
        assert!(
            check_literal(&named, false).is_ok(),
            "names are the resolver's"
        );
    }

    #[test]
    fn private_addresses_allowed_never_open_link_local_or_metadata() {
        for ip in [
            "169.254.169.254",
            "169.254.0.1",
            "fe80::1",
            "fd00:ec2::254",
            "100.100.100.200",
            "192.0.0.192",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
        ] {
            let ip: IpAddr = ip.parse().unwrap();
            assert_eq!(
                refusal_under(ip, true, &[]),
                Some("a link-local or cloud metadata address"),
                "{ip}"
            );
            assert_eq!(refusal_under(ip, true, &[ip]), None, "{ip} listed");
            assert_eq!(refusal_under(ip, false, &[ip]), None, "{ip} listed");
        }
        for ip in ["127.0.0.1", "10.0.0.5", "fd12::1", "100.64.0.1", "::1"] {
            let ip: IpAddr = ip.parse().unwrap();
            assert_eq!(refusal_under(ip, true, &[]), None, "{ip}");
            assert!(refusal_under(ip, false, &[]).is_some(), "{ip}");
        }
        let metadata = url::Url::parse("http://169.254.169.254/latest/meta-data/").unwrap();
        let err = check_literal(&metadata, true).unwrap_err().to_string();
        assert!(err.contains("fetch.allowed_addresses"), "{err}");
    }
}
