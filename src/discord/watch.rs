//! Picks up new or changed corpus files without a restart: every `corpus_poll_seconds` the
//! engine is asked whether its corpus changed (a cheap check of file names, sizes and times),
//! and if so the corpus is reloaded and swapped in while answers keep flowing.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::discord::state::BotState;

/// Starts the poll, or nothing when `corpus_poll_seconds` is 0.
pub fn spawn(state: Arc<BotState>) -> Option<JoinHandle<()>> {
    let seconds = state.discord.corpus_poll_seconds;
    if seconds == 0 {
        return None;
    }
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(seconds));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await; // the first tick is immediate; the corpus was just loaded
        loop {
            tick.tick().await;
            match state.is_stale().await {
                Ok(true) => {
                    tracing::info!("corpus changed on disk; reloading");
                    if let Err(e) = state.reload().await {
                        tracing::error!(error = %e, "reload failed; still serving the previous corpus");
                    }
                }
                Ok(false) => {}
                Err(failure) => tracing::warn!(?failure, "could not check the corpus for changes"),
            }
        }
    }))
}
