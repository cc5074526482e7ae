//! Fetching pages and feeds: a real user agent, a connect timeout and a total timeout (a page
//! that never ends is cut off), a size cap read chunk by chunk (a 50 MB page is never held
//! whole), a redirect limit with loop detection, and the address rules for feed items.
//!
//! Trust: a URL the operator names (a configured feed, `--feed`, `import URL`) is fetched as
//! given, loopback included. A URL someone else names (a feed's item, a Discord
//! administrator's `/import`) is fetched when it is http(s) and either on a host the operator
//! trusts (the item's feed; for `/import`, the configured feeds) or on a public address; its
//! redirects are held to the same rule.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::redirect::{Attempt, Policy};
use url::Url;

use super::resolve::GuardedResolver;
use super::urls::{self, is_private, is_private_host};
use super::{charset, extract, WebError};
use crate::error::causes;
use crate::import::ImportReport;

/// Sent with every request, naming the bot so a site's operator can tell what it is.
pub const USER_AGENT: &str = concat!(
    "Mozilla/5.0 (compatible; nichiro/",
    env!("CARGO_PKG_VERSION"),
    "; +https://github.com/nichiro/nichiro)"
);

/// The limits every fetch is held to.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchLimits {
    /// Bytes read at most; a longer body is refused.
    pub max_bytes: usize,
    /// From connecting to the last byte.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_redirects: usize,
}

impl Default for FetchLimits {
    fn default() -> Self {
        Self {
            max_bytes: 5 * 1024 * 1024,
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
            max_redirects: 5,
        }
    }
}

/// Who named a URL, which decides where it may lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// The operator named it: fetched as given.
    Operator,
    /// Someone else named it: only on one of `hosts` (the operator's) or a public address.
    Restricted { hosts: Vec<String> },
}

/// Why a fetch failed, fit to show in a skip report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchFailure {
    #[error("not a web address: {0}")]
    BadUrl(String),
    #[error("not fetched: {0}:// addresses are never fetched")]
    Scheme(String),
    #[error("not fetched: {0} is a private or loopback address and not a host the operator named")]
    PrivateAddress(String),
    #[error("cannot resolve {host}: {reason}")]
    Dns { host: String, reason: String },
    #[error("the page is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("no complete answer within {0} seconds")]
    TimedOut(u64),
    #[error("{0}")]
    Redirect(String),
    #[error("the server answered HTTP {0}")]
    Status(u16),
    #[error("network error: {0}")]
    Network(String),
    #[error("{0}")]
    Charset(String),
}

/// A fetched body and where it ended up after redirects.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub url: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// An HTTP client held to `FetchLimits`.
#[derive(Debug, Clone)]
pub struct Fetcher {
    limits: FetchLimits,
    operator: reqwest::Client,
    /// Connects only where [`GuardedResolver`] allows: no DNS-rebinding window.
    items: reqwest::Client,
    resolver: Arc<GuardedResolver>,
}

impl Fetcher {
    pub fn new(limits: FetchLimits) -> Fetcher {
        let resolver = GuardedResolver::new();
        let build = |guard_hops: bool| {
            let max = limits.max_redirects;
            let builder = reqwest::Client::builder();
            let builder = if guard_hops {
                builder.dns_resolver(resolver.clone())
            } else {
                builder
            };
            builder
                .user_agent(USER_AGENT)
                .connect_timeout(limits.connect_timeout)
                .timeout(limits.timeout)
                .redirect(Policy::custom(move |attempt| {
                    redirect(attempt, max, guard_hops)
                }))
                .build()
                // Building fails only when the TLS backend cannot start; the default client
                // then still fetches http and reports https failures per request.
                .unwrap_or_default()
        };
        Fetcher {
            operator: build(false),
            items: build(true),
            resolver,
            limits,
        }
    }

    pub fn limits(&self) -> &FetchLimits {
        &self.limits
    }

    /// Fetches `url` under `trust`, within the limits.
    pub async fn get(&self, url: &str, trust: &Trust) -> Result<Fetched, FetchFailure> {
        let parsed =
            Url::parse(url.trim()).map_err(|e| FetchFailure::BadUrl(format!("{url}: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(FetchFailure::Scheme(parsed.scheme().to_string()));
        }
        let client = match trust {
            Trust::Operator => &self.operator,
            Trust::Restricted { hosts } => {
                self.resolver.trust(hosts);
                check_item_address(&parsed, hosts).await?;
                &self.items
            }
        };
        let secs = self.limits.timeout.as_secs().max(1);
        // The client's timeout covers the body too; this one also bounds DNS and the cap loop.
        tokio::time::timeout(
            self.limits.timeout + Duration::from_secs(1),
            self.read(client, parsed),
        )
        .await
        .map_err(|_| FetchFailure::TimedOut(secs))?
    }

    async fn read(&self, client: &reqwest::Client, url: Url) -> Result<Fetched, FetchFailure> {
        let secs = self.limits.timeout.as_secs().max(1);
        let classify = |e: reqwest::Error| {
            if e.is_timeout() {
                FetchFailure::TimedOut(secs)
            } else if e.is_redirect() {
                FetchFailure::Redirect(causes(&e))
            } else {
                FetchFailure::Network(causes(&e))
            }
        };
        let mut response = client.get(url).send().await.map_err(classify)?;
        let status = response.status();
        if !status.is_success() {
            return Err(FetchFailure::Status(status.as_u16()));
        }
        let limit = self.limits.max_bytes;
        if response
            .content_length()
            .is_some_and(|n| n as usize > limit)
        {
            return Err(FetchFailure::TooLarge { limit });
        }
        let final_url = response.url().to_string();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            if body.len() + chunk.len() > limit {
                return Err(FetchFailure::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Fetched {
            url: final_url,
            content_type,
            body,
        })
    }

    /// Fetches a page and extracts its article.
    pub async fn import_page(&self, url: &str, trust: &Trust) -> Result<ImportReport, WebError> {
        let fail = |reason| WebError::Fetch {
            url: url.to_string(),
            reason,
        };
        let page = self.get(url, trust).await.map_err(fail)?;
        let html = charset::decode(&page.body, page.content_type.as_deref())
            .map_err(|r| fail(FetchFailure::Charset(r)))?;
        let report = extract::extract(&html, Some(&page.url), &page.url)?;
        Ok(report)
    }
}

/// A URL not on one of the operator's `hosts` must be on a public address.
async fn check_item_address(url: &Url, hosts: &[String]) -> Result<(), FetchFailure> {
    let host = urls::host(url).unwrap_or_default();
    if hosts.contains(&host) {
        return Ok(());
    }
    if is_private_host(&host) {
        return Err(FetchFailure::PrivateAddress(host));
    }
    if host.parse::<IpAddr>().is_ok() {
        return Ok(());
    }
    let port = url.port_or_known_default().unwrap_or(80);
    let addrs = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|e| FetchFailure::Dns {
            host: host.clone(),
            reason: e.to_string(),
        })?;
    for addr in addrs {
        if is_private(addr.ip()) {
            return Err(FetchFailure::PrivateAddress(format!(
                "{host} ({})",
                addr.ip()
            )));
        }
    }
    Ok(())
}

/// Follows at most `max` redirects, never in a loop, never off http(s); for feed items, a hop
/// to another host must not name a private address.
fn redirect(attempt: Attempt, max: usize, guard_hops: bool) -> reqwest::redirect::Action {
    let next = attempt.url().clone();
    if attempt.previous().iter().any(|u| u == &next) {
        return attempt.error(format!("redirect loop at {next}"));
    }
    if attempt.previous().len() > max {
        return attempt.error(format!("more than {max} redirects"));
    }
    if !matches!(next.scheme(), "http" | "https") {
        return attempt.error(format!("redirect to a {}:// address", next.scheme()));
    }
    if guard_hops {
        let first_host = attempt.previous().first().and_then(urls::host);
        let host = urls::host(&next).unwrap_or_default();
        if first_host.as_deref() != Some(host.as_str()) && is_private_host(&host) {
            return attempt.error(format!("redirect to the private address {host}"));
        }
    }
    attempt.follow()
}
