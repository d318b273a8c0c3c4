//! Fetching a source's address without letting it reach inside the network: the address is
//! resolved here, every address it resolves to must be public, and the connection goes to the
//! address checked (a name that resolves differently a moment later cannot redirect it);
//! redirects are not followed, and the body is read up to the limit, never further.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use super::types::MAX_BODY_BYTES;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const TOTAL_TIMEOUT: Duration = Duration::from_secs(20);

/// Whether a server at `ip` may be fetched from: only addresses of the public internet.
pub fn public_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => public_v6(v6),
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0                                  // "this network", unspecified
        || a == 10                            // private
        || a == 127                           // loopback
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier NAT)
        || (a == 169 && b == 254)             // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b)) // private
        || (a == 192 && b == 0 && c == 0)     // protocol assignments
        || (a == 192 && b == 0 && c == 2)     // documentation
        || (a == 192 && b == 88 && c == 99)   // 6to4 relay
        || (a == 192 && b == 168)             // private
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || (a == 198 && b == 51 && c == 100)  // documentation
        || (a == 203 && b == 0 && c == 113)   // documentation
        || a >= 224) // multicast, reserved, broadcast
}

fn public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = embedded_v4(ip) {
        return public_v4(v4);
    }
    let s = ip.segments();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || (s[0] & 0xfe00) == 0xfc00             // unique local
        || (s[0] & 0xffc0) == 0xfe80             // link-local
        || (s[0] & 0xffc0) == 0xfec0             // site-local (deprecated)
        || (s[0] & 0xff00) == 0xff00             // multicast
        || (s[0] == 0x2001 && s[1] == 0x0db8)    // documentation
        || (s[0] == 0x3fff && s[1] < 0x1000)     // documentation
        || (s[0] == 0x2001 && s[1] < 0x0200)     // protocol assignments, Teredo
        || (s[0] == 0x0100 && s[1..4] == [0, 0, 0]) // discard-only
        || s[0] == 0)                            // the rest of ::/16, incl. IPv4-compatible
}

/// The IPv4 address an IPv6 one carries: mapped (`::ffff:a.b.c.d`), NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let o = ip.octets();
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    if s[0] == 0x0064 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        return Some(Ipv4Addr::new(o[12], o[13], o[14], o[15]));
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new(o[2], o[3], o[4], o[5]));
    }
    None
}

/// Why an address was not fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// Not an address the platform fetches from (scheme, host, a private network).
    Refused(String),
    Failed(String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Refused(why) | FetchError::Failed(why) => f.write_str(why),
        }
    }
}

/// An address the platform may fetch, as far as can be told without resolving it: http or
/// https, a host, no credentials, and a host given as an IP address must be public.
pub fn check_url(text: &str) -> Result<reqwest::Url, FetchError> {
    let url = reqwest::Url::parse(text.trim()).map_err(|_| FetchError::Refused("This is not a web address (http:// or https://).".into()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::Refused("Only http:// and https:// addresses are fetched.".into()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(FetchError::Refused("An address with a user name or password is not fetched.".into()));
    }
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    match host_ip(&url) {
        _ if host.is_empty() => Err(FetchError::Refused("The address has no host.".into())),
        Some(ip) if !public_address(ip) => Err(refused_private()),
        None if host == "localhost" || host.ends_with(".localhost") => Err(refused_private()),
        _ => Ok(url),
    }
}

/// The host of `url` when it is an IP address (the parser has already read forms like `2130706433`).
fn host_ip(url: &reqwest::Url) -> Option<IpAddr> {
    url.host_str()?.trim_start_matches('[').trim_end_matches(']').parse().ok()
}

fn refused_private() -> FetchError {
    FetchError::Refused("The address is on a private, local or reserved network: only public addresses are fetched.".into())
}

/// The addresses `url`'s host stands for, each of them public, or a refusal.
async fn resolve(url: &reqwest::Url) -> Result<SocketAddr, FetchError> {
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses: Vec<SocketAddr> = match (host_ip(url), url.host_str()) {
        (Some(ip), _) => vec![SocketAddr::new(ip, port)],
        (None, Some(name)) => tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::lookup_host((name, port)))
            .await
            .map_err(|_| FetchError::Failed(format!("Looking up {name} took too long.")))?
            .map_err(|_| FetchError::Failed(format!("{name} could not be found.")))?
            .collect(),
        (None, None) => return Err(FetchError::Refused("The address has no host.".into())),
    };
    // One private answer is enough to refuse: the name is not the public site it claims to be.
    if addresses.is_empty() || addresses.iter().any(|address| !public_address(address.ip())) {
        return Err(refused_private());
    }
    Ok(addresses[0])
}

/// Fetches `text`'s body (up to `MAX_BODY_BYTES`), as UTF-8 text.
pub async fn fetch(text: &str) -> Result<String, FetchError> {
    let url = check_url(text)?;
    let address = resolve(&url).await?;
    let mut client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(TOTAL_TIMEOUT)
        .user_agent("HirevooJobBoard/1.0");
    if let Some(domain) = url.domain() {
        client = client.resolve(domain, address);
    }
    let client = client.build().map_err(|e| FetchError::Failed(format!("The request could not be prepared: {e}.")))?;
    let mut response = client.get(url.clone()).send().await.map_err(|e| FetchError::Failed(describe(&e)))?;
    let status = response.status();
    if status.is_redirection() {
        let to = response.headers().get(reqwest::header::LOCATION).and_then(|l| l.to_str().ok()).unwrap_or("elsewhere");
        return Err(FetchError::Failed(format!("The address redirects to {to}: give the final address instead.")));
    }
    if !status.is_success() {
        return Err(FetchError::Failed(format!("The server answered {status}.")));
    }
    if response.content_length().is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| FetchError::Failed(describe(&e)))? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    String::from_utf8(body).map_err(|_| FetchError::Failed("The body is not UTF-8 text.".into()))
}

fn too_large() -> FetchError {
    FetchError::Failed(format!("The body is larger than {} MB.", MAX_BODY_BYTES / 1024 / 1024))
}

fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "The server took too long to answer.".into()
    } else if error.is_connect() {
        "The server could not be reached.".into()
    } else {
        "The server's answer could not be read.".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(text: &str) -> bool {
        public_address(text.parse().unwrap())
    }

    #[test]
    fn only_public_addresses_pass() {
        for private in [
            "127.0.0.1", "127.8.9.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1",
            "224.0.0.1", "255.255.255.255", "192.0.2.10", "198.51.100.7", "203.0.113.9", "198.18.0.1", "::", "::1", "fe80::1", "fc00::1",
            "fd12:3456::1", "ff02::1", "2001:db8::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::", "::127.0.0.1", "2001::1",
        ] {
            assert!(!public(private), "{private} must be refused");
        }
        for open in ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:93.184.216.34", "2002:5db8:d822::"] {
            assert!(public(open), "{open} is public");
        }
    }

    #[test]
    fn only_http_addresses_of_public_hosts_are_accepted() {
        for refused in [
            "ftp://example.com/jobs", "file:///etc/passwd", "gopher://example.com", "http://127.0.0.1/jobs", "http://10.0.0.8:8080/",
            "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://localhost:3000/",
            "https://user:secret@example.com/", "not an address", "http://2130706433/",
        ] {
            assert!(matches!(check_url(refused), Err(FetchError::Refused(_))), "{refused} must be refused");
        }
        assert!(check_url("https://boards.example.com/v1/jobs?content=true").is_ok());
    }

    #[tokio::test]
    async fn private_addresses_are_refused_before_connecting() {
        for refused in ["http://127.0.0.1:9/", "http://[::ffff:127.0.0.1]:9/", "http://10.0.0.1/", "http://169.254.169.254/", "http://[::1]/"] {
            assert!(matches!(fetch(refused).await, Err(FetchError::Refused(_))), "{refused}");
        }
    }
}
