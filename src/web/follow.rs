//! One `follow` pass: read every feed, and for each item not seen before fetch its page,
//! extract the article, and import it unless it is off-topic or a duplicate. Everything
//! decided is remembered in the follow state, so the next pass imports nothing twice.
//!
//! Items are handled oldest first across all feeds, so of two copies of one story the
//! earliest published is the one kept. Pages are fetched and extracted a few at a time;
//! the decisions (duplicates, writing) are taken one by one in that order.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use url::Url;

use super::feed::{self, FeedItem};
use super::fetch::{FetchFailure, Fetcher, Trust};
use super::relevance::Relevance;
use super::simhash::Fingerprint;
use super::state::FollowState;
use super::{urls, FetchLimits, WebError};
use crate::config::{Config, FeedConfig, FollowConfig};
use crate::corpus::Corpus;
use crate::import::{self, ImportReport};

/// Pages fetched and extracted at once.
const CONCURRENCY: usize = 8;
/// Items decided between two saves of the follow state.
const SAVE_EVERY: usize = 50;

/// Everything a pass needs.
#[derive(Debug, Clone)]
pub struct FollowOptions {
    pub feeds: Vec<FeedConfig>,
    pub corpus_dir: PathBuf,
    pub aliases: PathBuf,
    pub follow: FollowConfig,
}

impl FollowOptions {
    /// The configured feeds, or `feeds` instead when any are given (`--feed`).
    pub fn from_config(config: &Config, feeds: &[String]) -> FollowOptions {
        let feeds = if feeds.is_empty() {
            config.feeds.clone()
        } else {
            feeds
                .iter()
                .map(|url| FeedConfig {
                    url: url.clone(),
                    name: None,
                })
                .collect()
        };
        FollowOptions {
            feeds,
            corpus_dir: config.engine.corpus_dir.clone(),
            aliases: config.engine.aliases.clone(),
            follow: config.follow.clone(),
        }
    }

    /// The hosts of the configured feeds: the operator trusts them.
    pub fn feed_hosts(&self) -> Vec<String> {
        self.feeds
            .iter()
            .filter_map(|f| Url::parse(&f.url).ok().as_ref().and_then(urls::host))
            .collect()
    }

    pub fn limits(&self) -> FetchLimits {
        FetchLimits {
            max_bytes: self.follow.max_page_bytes,
            timeout: Duration::from_secs(self.follow.fetch_timeout_seconds.max(1)),
            ..FetchLimits::default()
        }
    }
}

/// A url and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub url: String,
    pub reason: String,
}

/// An article a pass imported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imported {
    pub id: String,
    pub title: String,
    /// As precise as the page gives it; absent when the page gives no date with a year.
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: String,
    pub feed: String,
}

/// What one pass did; `--json` prints it as is.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FollowSummary {
    pub feeds_read: usize,
    pub feeds_failed: Vec<Problem>,
    /// Items listed by the feeds read (each feed cut at `max_items_per_feed`).
    pub items_seen: usize,
    /// Items handled in an earlier pass.
    pub already_seen: usize,
    pub imported: Vec<Imported>,
    pub skipped: Vec<Problem>,
    pub notes: Vec<String>,
}

/// An item to fetch, with the keys it is remembered under.
struct Candidate {
    feed: String,
    feed_host: String,
    item: FeedItem,
    link: String,
    keys: Vec<String>,
}

/// What the corpus already holds: its urls and fingerprints.
struct Known {
    urls: HashMap<String, String>,
    prints: Vec<(String, Fingerprint)>,
}

impl Known {
    fn load(corpus_dir: &Path) -> Result<Known, crate::Error> {
        let corpus = if corpus_dir.is_dir() {
            Corpus::load(corpus_dir)?
        } else {
            Corpus::default()
        };
        let mut known = Known {
            urls: HashMap::new(),
            prints: Vec::new(),
        };
        for article in &corpus.articles {
            let print = Fingerprint::of(&article.text);
            known.add(&article.id, article.meta.url.as_deref(), print);
        }
        Ok(known)
    }

    fn add(&mut self, id: &str, url: Option<&str>, print: Fingerprint) {
        if let Some(url) = url.and_then(urls::normalize) {
            self.urls.entry(url).or_insert_with(|| id.to_string());
        }
        self.prints.push((id.to_string(), print));
    }

    fn duplicate_of(&self, print: &Fingerprint) -> Option<&str> {
        self.prints
            .iter()
            .find(|(_, p)| p.same_story(print))
            .map(|(id, _)| id.as_str())
    }
}

/// Runs one pass over the feeds. Fails only when the state or corpus cannot be read or
/// written; a feed or item that fails is reported in the summary.
pub async fn follow_once(
    fetcher: &Fetcher,
    options: &FollowOptions,
) -> Result<FollowSummary, WebError> {
    let state_path = &options.follow.state_path;
    let mut state = FollowState::load(state_path)?;
    let relevance = Relevance::new(&options.follow.relevance, &options.aliases)?;
    let mut known = Known::load(&options.corpus_dir)?;
    let mut summary = FollowSummary::default();

    let mut candidates = Vec::new();
    for feed in &options.feeds {
        match read_feed(fetcher, feed, options.follow.max_items_per_feed).await {
            Ok((items, listed)) => {
                summary.feeds_read += 1;
                summary.items_seen += items.len();
                if listed > items.len() {
                    summary.notes.push(format!(
                        "{} lists {listed} items; read the first {}",
                        feed.url,
                        items.len()
                    ));
                }
                candidates.extend(items);
            }
            Err(problem) => summary.feeds_failed.push(problem),
        }
    }
    // Oldest first, so the earliest copy of a syndicated story is the one kept.
    candidates.sort_by_key(|c| (c.item.published.is_none(), c.item.published));

    let mut todo: Vec<Candidate> = Vec::new();
    for c in candidates {
        if state.outcome(&c.keys).is_some() {
            summary.already_seen += 1;
            continue;
        }
        if c.link.is_empty() {
            let reason = format!("the item {:?} links to no page", c.item.title);
            skip(&mut summary, &mut state, &c, &reason);
            continue;
        }
        if let Some(first) = todo
            .iter()
            .find(|t| t.keys.iter().any(|k| c.keys.contains(k)))
        {
            let reason = format!("duplicate: the same item as {}", first.link);
            skip(&mut summary, &mut state, &c, &reason);
            continue;
        }
        if let Some(id) = known
            .urls
            .get(&urls::normalize(&c.link).unwrap_or_default())
        {
            let reason = format!("duplicate: the corpus already has this url as {id}");
            skip(&mut summary, &mut state, &c, &reason);
            continue;
        }
        todo.push(c);
    }

    // Pages are fetched and extracted CONCURRENCY at a time, and decided in order as each
    // finishes, so the next fetch starts while earlier pages are decided.
    let spawn = |c: &Candidate| {
        let fetcher = fetcher.clone();
        let trust = Trust::Restricted {
            hosts: vec![c.feed_host.clone()],
        };
        let link = c.link.clone();
        tokio::spawn(async move { fetcher.import_page(&link, &trust).await })
    };
    let mut waiting = todo.iter();
    let mut in_flight = VecDeque::new();
    let mut decided = 0usize;
    loop {
        while in_flight.len() < CONCURRENCY {
            match waiting.next() {
                Some(c) => in_flight.push_back((c, spawn(c))),
                None => break,
            }
        }
        let Some((c, fetch)) = in_flight.pop_front() else {
            break;
        };
        let result = fetch.await.unwrap_or_else(|e| {
            Err(WebError::Fetch {
                url: c.link.clone(),
                reason: FetchFailure::Network(format!("the fetch stopped: {e}")),
            })
        });
        match result {
            Ok(report) => decide(
                report,
                c,
                options,
                &relevance,
                &mut known,
                &mut state,
                &mut summary,
            )?,
            Err(WebError::Fetch { reason, .. }) if may_pass(&reason) => {
                let reason = reason.to_string();
                let gave_up = state.failed(&c.keys, &reason);
                let reason = if gave_up {
                    format!("{reason} (giving up)")
                } else {
                    format!("{reason} (will retry)")
                };
                summary.skipped.push(Problem {
                    url: c.link.clone(),
                    reason,
                });
            }
            Err(e) => {
                let reason = match e {
                    WebError::Fetch { reason, .. } => reason.to_string(),
                    other => other.to_string(),
                };
                skip(&mut summary, &mut state, c, &reason);
            }
        }
        decided += 1;
        // Saved now and then, so a pass cut short does not fetch everything again.
        if decided.is_multiple_of(SAVE_EVERY) {
            state.save(state_path)?;
        }
    }
    state.save(state_path)?;
    Ok(summary)
}

/// Failures that may not recur: timeouts, network errors and server errors.
fn may_pass(reason: &FetchFailure) -> bool {
    match reason {
        FetchFailure::TimedOut(_) | FetchFailure::Network(_) | FetchFailure::Dns { .. } => true,
        FetchFailure::Status(code) => *code >= 500 || *code == 429,
        _ => false,
    }
}

/// Imports one extracted article unless it is off-topic or already in the corpus.
fn decide(
    report: ImportReport,
    c: &Candidate,
    options: &FollowOptions,
    relevance: &Relevance,
    known: &mut Known,
    state: &mut FollowState,
    summary: &mut FollowSummary,
) -> Result<(), WebError> {
    let article = &report.article;
    let mut keys = c.keys.clone();
    if let Some(canonical) = article.meta.url.as_deref().and_then(urls::normalize) {
        if let Some(id) = known.urls.get(&canonical) {
            let reason = format!("duplicate: the corpus already has {canonical} as {id}");
            skip(summary, state, c, &reason);
            return Ok(());
        }
        keys.push(format!("url:{canonical}"));
    }
    if let Err(reason) = relevance.check(&article.meta.title, &article.text) {
        skip(summary, state, c, &reason);
        return Ok(());
    }
    let print = Fingerprint::of(&article.text);
    if let Some(id) = known.duplicate_of(&print) {
        let reason = format!("duplicate: near-identical text to {id}, imported earlier");
        skip(summary, state, c, &reason);
        return Ok(());
    }
    let written = import::write_into(&options.corpus_dir, &report)?;
    let id = written
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| article.id.clone());
    let url = article.meta.url.clone().unwrap_or_else(|| c.link.clone());
    known.add(&id, Some(&url), print);
    known
        .urls
        .entry(urls::normalize(&c.link).unwrap_or_default())
        .or_insert_with(|| id.clone());
    state.remember(&keys, &format!("imported as {id}"));
    tracing::info!(%id, %url, "imported from a feed");
    summary.imported.push(Imported {
        id,
        title: article.meta.title.clone(),
        date: article.meta.date.map(|d| d.to_string()),
        source: article.meta.source.clone(),
        url,
        feed: c.feed.clone(),
    });
    Ok(())
}

fn skip(summary: &mut FollowSummary, state: &mut FollowState, c: &Candidate, reason: &str) {
    state.remember(&c.keys, &format!("skipped: {reason}"));
    summary.skipped.push(Problem {
        url: c.link.clone(),
        reason: reason.to_string(),
    });
}

/// Fetches and parses one feed (trusted: the operator named it) into candidates.
async fn read_feed(
    fetcher: &Fetcher,
    feed: &FeedConfig,
    max_items: usize,
) -> Result<(Vec<Candidate>, usize), Problem> {
    let problem = |reason: String| Problem {
        url: feed.url.clone(),
        reason,
    };
    let fetched = fetcher
        .get(&feed.url, &Trust::Operator)
        .await
        .map_err(|e| problem(e.to_string()))?;
    let parsed = feed::parse(&fetched.body, &fetched.url, max_items)
        .map_err(|e| problem(format!("not a readable feed: {e}")))?;
    let feed_host = Url::parse(&fetched.url)
        .ok()
        .as_ref()
        .and_then(urls::host)
        .unwrap_or_default();
    let name = feed
        .name
        .clone()
        .or(parsed.title)
        .unwrap_or_else(|| feed.url.clone());
    let candidates = parsed
        .items
        .into_iter()
        .map(|item| {
            // An item without a link is kept, so the pass can say it was skipped and why.
            let link = item.link.clone().unwrap_or_default();
            let mut keys = Vec::new();
            if !link.is_empty() {
                keys.push(format!(
                    "url:{}",
                    urls::normalize(&link).unwrap_or_else(|| link.clone())
                ));
            }
            if !item.id.is_empty() && item.id != link {
                keys.push(format!("guid:{}", item.id));
            }
            Candidate {
                feed: name.clone(),
                feed_host: feed_host.clone(),
                item,
                link,
                keys,
            }
        })
        .collect();
    Ok((candidates, parsed.listed))
}

/// Runs a pass every `feed_poll_minutes` until the task is aborted; for the bot. New articles
/// land in the corpus directory, where the bot's corpus watch picks them up.
pub fn spawn(config: &Config) -> Option<tokio::task::JoinHandle<()>> {
    let minutes = config.follow.feed_poll_minutes;
    if minutes == 0 || config.feeds.is_empty() {
        return None;
    }
    let options = Arc::new(FollowOptions::from_config(config, &[]));
    Some(tokio::spawn(async move {
        let fetcher = Fetcher::new(options.limits());
        let mut tick = tokio::time::interval(Duration::from_secs(minutes * 60));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match follow_once(&fetcher, &options).await {
                Ok(s) => tracing::info!(
                    feeds = s.feeds_read,
                    failed_feeds = s.feeds_failed.len(),
                    imported = s.imported.len(),
                    skipped = s.skipped.len(),
                    "followed the feeds"
                ),
                Err(e) => tracing::error!(error = %e, "following the feeds failed"),
            }
        }
    }))
}
