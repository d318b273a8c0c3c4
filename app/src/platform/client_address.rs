//! Who sent a request. Behind a load balancer or reverse proxy every request arrives from the
//! proxy, so the address the client had is read from `X-Forwarded-For`, but only as far as
//! proxies this site runs wrote it: anyone can send that header, and each hop appends to it.

use http::HeaderMap;
use std::net::IpAddr;
use std::str::FromStr;

/// The client's address for this request, as the site's trusted proxies report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// The networks of the site's own proxies (`HIREVOO_TRUSTED_PROXIES`: addresses or CIDRs,
/// separated by commas). Empty (the default): no forwarded header is believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl FromStr for TrustedProxies {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let networks = text.split(',').map(str::trim).filter(|part| !part.is_empty()).map(|part| {
            let unreadable = || format!("{part:?} is not an address or a network (e.g. 10.0.0.0/8)");
            let (address, bits) = match part.split_once('/') {
                Some((address, bits)) => (address, Some(bits.parse::<u8>().map_err(|_| unreadable())?)),
                None => (part, None),
            };
            let address = address.parse::<IpAddr>().map_err(|_| unreadable())?.to_canonical();
            let width = if address.is_ipv4() { 32 } else { 128 };
            let bits = bits.unwrap_or(width);
            if bits > width {
                return Err(unreadable());
            }
            Ok((address, bits))
        });
        networks.collect::<Result<_, _>>().map(TrustedProxies)
    }
}

impl TrustedProxies {
    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|(network, bits)| match (network, address) {
            (IpAddr::V4(network), IpAddr::V4(address)) => prefix_matches(u32::from(*network).into(), u32::from(address).into(), 32, *bits),
            (IpAddr::V6(network), IpAddr::V6(address)) => prefix_matches(u128::from(*network), u128::from(address), 128, *bits),
            _ => false,
        })
    }

    /// The client of a request that came from `peer`: the peer itself unless it is a trusted
    /// proxy; otherwise the rightmost hop of `X-Forwarded-For` that is not one (what a client
    /// wrote to the left of it could be anything). An unreadable hop ends the walk at the last
    /// trusted one.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return client;
        }
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        for hop in hops.into_iter().rev() {
            let Ok(address) = hop.parse::<IpAddr>() else { break };
            client = address.to_canonical();
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

fn prefix_matches(network: u128, address: u128, width: u32, bits: u8) -> bool {
    let bits = u32::from(bits);
    bits == 0 || (network ^ address) >> (width - bits) == 0
}

/// Whether a request carries any header by which a proxy forwards another's request.
pub fn was_forwarded(headers: &HeaderMap) -> bool {
    ["x-forwarded-for", "forwarded", "x-real-ip"].iter().any(|name| headers.contains_key(*name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn networks_are_read_and_matched() {
        let proxies: TrustedProxies = "10.0.0.0/8, 192.168.1.7 ,fd00::/8".parse().unwrap();
        assert!(proxies.trusts(ip("10.200.3.4")) && proxies.trusts(ip("192.168.1.7")) && proxies.trusts(ip("fd12::1")));
        assert!(proxies.trusts(ip("::ffff:10.1.1.1")), "an IPv4 address written as IPv6");
        assert!(!proxies.trusts(ip("11.0.0.1")) && !proxies.trusts(ip("192.168.1.8")) && !proxies.trusts(ip("fe80::1")));
        assert!("0.0.0.0/0".parse::<TrustedProxies>().unwrap().trusts(ip("8.8.8.8")));
        assert_eq!("".parse::<TrustedProxies>().unwrap(), TrustedProxies::default());
        for bad in ["10.0.0.0/33", "proxy", "10.0.0.0/x", "::/129"] {
            assert!(bad.parse::<TrustedProxies>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn the_client_is_the_rightmost_hop_no_trusted_proxy_wrote() {
        let proxies: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        // Not through a trusted proxy: whatever the header says, the peer is the client.
        assert_eq!(proxies.client(ip("203.0.113.9"), &forwarded(&["198.51.100.1"])), ip("203.0.113.9"));
        // Through one proxy.
        assert_eq!(proxies.client(ip("10.0.0.2"), &forwarded(&["198.51.100.1"])), ip("198.51.100.1"));
        // A client that sends its own header cannot choose its address: the proxy appended the real one.
        assert_eq!(proxies.client(ip("10.0.0.2"), &forwarded(&["1.2.3.4, 198.51.100.1"])), ip("198.51.100.1"));
        // Through two proxies, and over two header lines.
        assert_eq!(proxies.client(ip("10.0.0.2"), &forwarded(&["1.2.3.4, 198.51.100.1", "10.0.0.3"])), ip("198.51.100.1"));
        // No header, or nothing readable: the proxy itself.
        assert_eq!(proxies.client(ip("10.0.0.2"), &HeaderMap::new()), ip("10.0.0.2"));
        assert_eq!(proxies.client(ip("10.0.0.2"), &forwarded(&["1.2.3.4, unknown"])), ip("10.0.0.2"));
        // No proxies configured (the default): the header is never believed.
        assert_eq!(TrustedProxies::default().client(ip("127.0.0.1"), &forwarded(&["198.51.100.1"])), ip("127.0.0.1"));
    }
}
