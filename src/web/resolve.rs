//! The resolver behind every fetch of a URL someone other than the operator named (a feed's
//! item, a Discord administrator's `/import`): it drops private and loopback addresses from each
//! answer, unless the host is one the operator trusts.
//!
//! Checking the address before the request is not enough: a name can answer a public address
//! to that check and a private one to the connection a moment later (DNS rebinding). Filtering
//! inside the resolver the client connects with leaves no such window, for redirects too.

use std::collections::HashSet;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::urls::is_private;

/// Resolves with the system resolver, keeping only public addresses for untrusted hosts.
#[derive(Debug, Default)]
pub struct GuardedResolver {
    /// Hosts the operator named (lowercase): their private addresses are kept.
    trusted: RwLock<HashSet<String>>,
}

impl GuardedResolver {
    pub fn new() -> Arc<GuardedResolver> {
        Arc::new(GuardedResolver::default())
    }

    /// Trusts `hosts` from now on (the hosts of the operator's feeds).
    pub fn trust(&self, hosts: &[String]) {
        let mut trusted = self.trusted.write().unwrap_or_else(|e| e.into_inner());
        trusted.extend(hosts.iter().map(|h| h.to_ascii_lowercase()));
    }

    fn is_trusted(&self, host: &str) -> bool {
        let trusted = self.trusted.read().unwrap_or_else(|e| e.into_inner());
        trusted.contains(&host.to_ascii_lowercase())
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        let trusted = self.is_trusted(&host);
        Box::pin(async move {
            // Port 0: reqwest puts in the URL's port.
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|addr| trusted || !is_private(addr.ip()))
                .collect();
            if kept.is_empty() && !found.is_empty() {
                let refused = io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    format!(
                        "{host} resolves to the private or loopback address {}, which is not a host the operator named",
                        found[0].ip()
                    ),
                );
                return Err(refused.into());
            }
            Ok(Box::new(kept.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn resolve(resolver: &GuardedResolver, host: &str) -> Result<Vec<SocketAddr>, String> {
        resolver
            .resolve(host.parse().unwrap())
            .await
            .map(|addrs| addrs.collect())
            .map_err(|e| e.to_string())
    }

    #[tokio::test]
    async fn a_name_that_resolves_to_loopback_is_refused_unless_trusted() {
        let resolver = GuardedResolver::new();
        let err = resolve(&resolver, "localhost").await.unwrap_err();
        assert!(err.contains("private or loopback"), "{err}");
        resolver.trust(&["LocalHost".to_string()]);
        let addrs = resolve(&resolver, "localhost").await.unwrap();
        assert!(!addrs.is_empty() && addrs.iter().all(|a| a.ip().is_loopback()));
    }

    #[tokio::test]
    async fn a_public_address_passes() {
        // A literal public address "resolves" to itself without a network.
        let addrs = resolve(&GuardedResolver::new(), "192.0.2.1")
            .await
            .unwrap_or_default();
        // 192.0.2.0/24 is documentation space, not private: kept.
        assert_eq!(addrs.len(), 1, "{addrs:?}");
    }
}
