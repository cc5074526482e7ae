//! Posting new articles to subscribed channels.
//!
//! Every reload of the corpus (the poll, `/reindex`, `/import`) queues the ids of the articles
//! it added ([`News::push`]); articles present at startup are never queued. This task waits
//! for news, lets a burst settle (a `follow` pass writes its articles one by one, across
//! several polls), then for each subscription this process serves asks the engine which new
//! articles are on its topic and posts them: one message each, or one digest for a burst.
//!
//! A channel that is gone (Discord answers 404, Unknown Channel) or where the bot lost access
//! (403, Missing Access or Missing Permissions) is unsubscribed, with one log line. Any other
//! failure is logged and the subscription kept.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serenity::http::{Http, HttpError};
use serenity::model::id::ChannelId;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::config::Sharding;

use crate::discord::builders;
use crate::discord::failure::Failure;
use crate::discord::locale;
use crate::discord::render;
use crate::discord::state::BotState;
use crate::discord::subscriptions::Subscription;

/// Discord's JSON error codes that mean the channel will never take the bot's posts again.
const UNKNOWN_CHANNEL: isize = 10003;
const MISSING_ACCESS: isize = 50001;
const MISSING_PERMISSIONS: isize = 50013;
/// The shortest quiet time before a batch is posted.
const MIN_SETTLE: Duration = Duration::from_secs(2);
/// However busy the imports, a batch waits no longer than this.
const MAX_SETTLE: Duration = Duration::from_secs(60);

/// Ids of articles added by reloads, not yet posted.
#[derive(Default)]
pub struct News {
    pending: Mutex<Vec<String>>,
    arrived: Notify,
}

impl News {
    /// Queues `ids` for posting.
    pub fn push(&self, ids: Vec<String>) {
        if ids.is_empty() {
            return;
        }
        self.pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(ids);
        self.arrived.notify_one();
    }

    /// Waits for news, then until none arrived for `quiet` (but no longer than `cap` in all),
    /// and takes everything queued.
    async fn next_batch(&self, quiet: Duration, cap: Duration) -> Vec<String> {
        self.arrived.notified().await;
        let last_call = tokio::time::Instant::now() + cap;
        loop {
            let now = tokio::time::Instant::now();
            if now >= last_call {
                break;
            }
            let until = (now + quiet).min(last_call);
            if tokio::time::timeout_at(until, self.arrived.notified())
                .await
                .is_err()
            {
                break;
            }
        }
        let mut ids = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|p| p.into_inner()));
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(id.clone()));
        ids
    }
}

/// Starts the posting task.
pub fn spawn(state: Arc<BotState>, http: Arc<Http>) -> JoinHandle<()> {
    // Quiet for longer than one corpus poll: the next poll would have seen more.
    let quiet = MIN_SETTLE
        .max(Duration::from_secs(state.discord.corpus_poll_seconds + 1))
        .min(MAX_SETTLE);
    let sharding = state.discord.sharding().unwrap_or(Sharding::Auto);
    tracing::info!(path = %state.subscriptions.path().display(), "subscriptions are kept in");
    tokio::spawn(async move {
        loop {
            let ids = state.news.next_batch(quiet, MAX_SETTLE).await;
            if ids.is_empty() {
                continue;
            }
            if let Err(failure) = post_batch(&state, &http, sharding, ids).await {
                tracing::warn!(?failure, "new articles could not be posted");
            }
        }
    })
}

async fn post_batch(
    state: &Arc<BotState>,
    http: &Http,
    sharding: Sharding,
    ids: Vec<String>,
) -> Result<(), Failure> {
    let store = Arc::clone(&state.subscriptions);
    let subscriptions = tokio::task::spawn_blocking(move || store.list())
        .await?
        .map_err(|e| Failure::internal("subscriptions", e))?;
    let ids = Arc::new(ids);
    for subscription in subscriptions
        .into_iter()
        .filter(|s| s.is_served_by(sharding))
    {
        let topic = subscription.topic.clone();
        let wanted = Arc::clone(&ids);
        let items = state
            .with_corpus(move |c| c.engine.news(&wanted, topic.as_deref()))
            .await?;
        let items = match items {
            Ok(items) => items,
            Err(e) => {
                tracing::warn!(channel = subscription.channel_id, error = %e, "subscription topic refused");
                continue;
            }
        };
        let lang = locale::of_locale(&subscription.locale);
        let posts = render::news_posts(&items, subscription.topic.as_deref(), lang);
        let mut sent = 0;
        for post in posts {
            let result = ChannelId::new(subscription.channel_id)
                .send_message(http, builders::message(&post))
                .await;
            match result {
                Ok(_) => sent += 1,
                Err(e) => match gone(&e) {
                    Some(code) => {
                        unsubscribe_gone(state, &subscription, code).await;
                        break;
                    }
                    None => {
                        tracing::warn!(channel = subscription.channel_id, error = %e, "could not post a new article")
                    }
                },
            }
        }
        if sent > 0 {
            tracing::info!(
                channel = subscription.channel_id,
                articles = items.len(),
                messages = sent,
                "posted new articles"
            );
        }
    }
    Ok(())
}

/// Discord's error code when `e` says the channel is gone or closed to the bot for good.
fn gone(e: &serenity::Error) -> Option<isize> {
    let serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) = e else {
        return None;
    };
    let code = response.error.code;
    match response.status_code.as_u16() {
        404 if code == UNKNOWN_CHANNEL => Some(code),
        403 if code == MISSING_ACCESS || code == MISSING_PERMISSIONS => Some(code),
        _ => None,
    }
}

/// Ends the subscription of a channel that refuses the bot for good, with one log line.
async fn unsubscribe_gone(state: &Arc<BotState>, subscription: &Subscription, code: isize) {
    let store = Arc::clone(&state.subscriptions);
    let channel = subscription.channel_id;
    let removed = tokio::task::spawn_blocking(move || store.unsubscribe(channel)).await;
    let reason = if code == UNKNOWN_CHANNEL {
        "the channel was deleted"
    } else {
        "the bot lost access to the channel"
    };
    match removed {
        Ok(Ok(_)) => tracing::warn!(
            channel,
            guild = subscription.guild_id,
            discord_code = code,
            "unsubscribed: {reason}"
        ),
        Ok(Err(e)) => {
            tracing::error!(channel, error = %e, "{reason}, but the subscription could not be removed")
        }
        Err(e) => {
            tracing::error!(channel, error = %e, "{reason}, but the subscription could not be removed")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_burst_is_taken_as_one_batch_once_quiet() {
        let news = Arc::new(News::default());
        let feeder = Arc::clone(&news);
        tokio::spawn(async move {
            for n in 0..5 {
                feeder.push(vec![format!("a{n}"), "a0".to_string()]);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
        let batch = news
            .next_batch(Duration::from_millis(400), MAX_SETTLE)
            .await;
        assert_eq!(
            batch,
            ["a0", "a1", "a2", "a3", "a4"],
            "repeats counted once"
        );
        news.push(Vec::new());
        news.push(vec!["b".into()]);
        assert_eq!(
            news.next_batch(Duration::from_millis(400), MAX_SETTLE)
                .await,
            ["b"]
        );
    }

    #[tokio::test]
    async fn a_steady_stream_still_gets_posted_after_the_cap() {
        let news = Arc::new(News::default());
        let feeder = Arc::clone(&news);
        let stream = tokio::spawn(async move {
            for n in 0..40 {
                feeder.push(vec![format!("a{n}")]);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        });
        let started = std::time::Instant::now();
        let batch = news
            .next_batch(Duration::from_millis(400), Duration::from_millis(500))
            .await;
        let waited = started.elapsed();
        assert!(waited < Duration::from_millis(1500), "{waited:?}");
        assert!(!batch.is_empty() && batch.len() < 40, "{batch:?}");
        stream.abort();
    }
}
