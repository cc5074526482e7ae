//! URL hygiene: the normal form used to recognise the same story under two addresses
//! (tracking parameters and fragments stripped), and the address checks that keep feed items
//! from reaching private networks.

use std::net::IpAddr;

use url::Url;

/// Query parameters that only track a click; they never change which article a URL names.
const TRACKING_PREFIXES: &[&str] = &["utm_", "mc_", "pk_", "at_", "itm_"];
const TRACKING_NAMES: &[&str] = &[
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ref", "ref_src", "cmpid", "ncid",
    "ocid", "spm", "_ga", "mkt_tok", "rss", "from", "source",
];

/// The form of `url` used to compare addresses: lowercase scheme and host, no fragment, no
/// tracking parameters, no default port, no trailing slash on a non-root path. `None` when it is
/// not an absolute URL.
pub fn normalize(url: &str) -> Option<String> {
    let mut parsed = Url::parse(url.trim()).ok()?;
    parsed.set_fragment(None);
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| !is_tracking(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
    let mut text = parsed.to_string();
    if parsed.path().len() > 1 && parsed.query().is_none() && text.ends_with('/') {
        text.pop();
    }
    Some(text)
}

fn is_tracking(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    TRACKING_PREFIXES.iter().any(|p| key.starts_with(p)) || TRACKING_NAMES.contains(&key.as_str())
}

/// The host of `url` in lowercase, without brackets around IPv6 addresses.
pub fn host(url: &Url) -> Option<String> {
    url.host_str().map(|h| {
        h.trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase()
    })
}

/// Addresses a public feed's items must not reach: loopback, private, link-local (cloud
/// metadata services live there), shared, unspecified and multicast ranges.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// Whether a host name, as written, names this machine or a private address. Names that need
/// a DNS lookup are checked by the fetcher after resolving them.
pub fn is_private_host(host: &str) -> bool {
    match host.parse::<IpAddr>() {
        Ok(ip) => is_private(ip),
        Err(_) => host == "localhost" || host.ends_with(".localhost"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_parameters_fragments_and_trailing_slashes_do_not_make_a_new_url() {
        let a = normalize("https://Example.com/news/123/?utm_source=rss&utm_medium=feed#top");
        let b = normalize("https://example.com/news/123");
        assert_eq!(a, b);
        assert_eq!(
            normalize("https://example.com/a?id=5&fbclid=xyz").as_deref(),
            Some("https://example.com/a?id=5")
        );
        assert_eq!(normalize("not a url"), None);
    }

    #[test]
    fn private_and_loopback_addresses_are_recognised() {
        for host in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "169.254.169.254",
            "::1",
            "localhost",
            "fd00::1",
            "100.64.0.1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_private_host(host), "{host}");
        }
        for host in ["8.8.8.8", "tass.com", "2001:4860::8888"] {
            assert!(!is_private_host(host), "{host}");
        }
    }
}
