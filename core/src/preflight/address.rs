//! Which addresses a preflight may connect to: the server-side request forgery guard.
//!
//! Checked after DNS resolution and again at every redirect hop, and the connection is pinned
//! to the checked addresses, so a name that later resolves elsewhere (a DNS rebind) cannot
//! swap them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Where an address points, as far as a preflight cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// A public address.
    Public,
    /// Loopback or a private network: fetched only with `allow_private_hosts`.
    Private(&'static str),
    /// Never fetched, allowance or not: link-local (cloud metadata services live at
    /// 169.254.169.254), unspecified, multicast and broadcast addresses reach no asset host.
    Forbidden(&'static str),
}

/// Classifies `ip`, looking through IPv4-mapped, -compatible, NAT64 and 6to4 forms.
pub(crate) fn reach(ip: IpAddr) -> Reach {
    match ip {
        IpAddr::V4(v4) => reach_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => reach_v4(v4),
            None => reach_v6(v6),
        },
    }
}

fn reach_v4(ip: Ipv4Addr) -> Reach {
    let [a, b, c, _] = ip.octets();
    if ip.is_unspecified() || a == 0 {
        Reach::Forbidden("unspecified")
    } else if ip.is_link_local() {
        Reach::Forbidden("link-local")
    } else if ip.is_multicast() {
        Reach::Forbidden("multicast")
    } else if ip.is_broadcast() {
        Reach::Forbidden("broadcast")
    } else if ip.is_loopback() {
        Reach::Private("loopback")
    } else if ip.is_private() {
        Reach::Private("private network")
    } else if a == 100 && (64..128).contains(&b) {
        Reach::Private("shared address space (carrier-grade NAT)")
    } else if (a == 192 && b == 0 && c == 0) || (a == 198 && (b == 18 || b == 19)) || a >= 240 {
        Reach::Private("reserved")
    } else if ip.is_documentation() {
        Reach::Private("documentation range")
    } else {
        Reach::Public
    }
}

fn reach_v6(ip: Ipv6Addr) -> Reach {
    let first = ip.segments()[0];
    if ip.is_unspecified() {
        Reach::Forbidden("unspecified")
    } else if ip.is_multicast() {
        Reach::Forbidden("multicast")
    } else if first & 0xffc0 == 0xfe80 {
        Reach::Forbidden("link-local")
    } else if ip.is_loopback() {
        Reach::Private("loopback")
    } else if first & 0xfe00 == 0xfc00 {
        Reach::Private("unique local")
    } else if first & 0xffc0 == 0xfec0 {
        Reach::Private("site-local")
    } else if first == 0x2001 && ip.segments()[1] == 0x0db8 {
        Reach::Private("documentation range")
    } else {
        Reach::Public
    }
}

/// The IPv4 address an IPv6 form carries: mapped (`::ffff:a.b.c.d`), compatible (`::a.b.c.d`),
/// NAT64 (`64:ff9b::a.b.c.d`) or 6to4 (`2002:aabb:ccdd::`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = ip.segments();
    let low = || Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    let compatible = s[..6] == [0; 6] && !(ip.is_loopback() || ip.is_unspecified());
    let nat64 = s[0] == 0x0064 && s[1] == 0xff9b && s[2..6] == [0; 4];
    if compatible || nat64 {
        Some(low())
    } else if s[0] == 0x2002 {
        Some(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Reach {
        reach(text.parse().unwrap())
    }

    #[test]
    fn classifies_every_family_and_looks_through_ipv6_forms() {
        assert_eq!(of("93.184.216.34"), Reach::Public);
        assert_eq!(of("2606:4700::1111"), Reach::Public);
        assert_eq!(of("127.0.0.1"), Reach::Private("loopback"));
        assert_eq!(of("::1"), Reach::Private("loopback"));
        assert_eq!(of("10.1.2.3"), Reach::Private("private network"));
        assert_eq!(of("172.16.0.1"), Reach::Private("private network"));
        assert_eq!(of("192.168.1.1"), Reach::Private("private network"));
        assert_eq!(
            of("100.64.0.1"),
            Reach::Private("shared address space (carrier-grade NAT)")
        );
        assert_eq!(of("fd00::1"), Reach::Private("unique local"));
        assert_eq!(of("169.254.169.254"), Reach::Forbidden("link-local"));
        assert_eq!(of("fe80::1"), Reach::Forbidden("link-local"));
        assert_eq!(of("0.0.0.0"), Reach::Forbidden("unspecified"));
        assert_eq!(of("::"), Reach::Forbidden("unspecified"));
        assert_eq!(of("224.0.0.1"), Reach::Forbidden("multicast"));
        assert_eq!(of("::ffff:169.254.169.254"), Reach::Forbidden("link-local"));
        assert_eq!(of("::ffff:127.0.0.1"), Reach::Private("loopback"));
        assert_eq!(of("::ffff:10.0.0.1"), Reach::Private("private network"));
        assert_eq!(of("64:ff9b::a9fe:a9fe"), Reach::Forbidden("link-local"));
        assert_eq!(of("2002:a00:1::"), Reach::Private("private network"));
    }
}
