//! Picks up new or changed corpus files without a restart: every `corpus_poll_seconds` the
//! engine is asked whether its corpus changed (a cheap check of file names, sizes and times),
//! and if so the corpus is reloaded and swapped in while answers keep flowing. A reload that
//! fails is retried after a growing pause (twice the poll, then four times, … at most
//! [`MAX_RETRY_PAUSE`]), so a corpus that cannot load is not rebuilt on every poll.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

use crate::discord::state::BotState;

/// The longest pause between two attempts to reload a corpus that failed to load.
pub const MAX_RETRY_PAUSE: Duration = Duration::from_secs(300);

/// How long to wait before reloading again after `failures` failed reloads in a row.
fn retry_pause(poll: Duration, failures: u32) -> Duration {
    poll.saturating_mul(2u32.saturating_pow(failures.min(16)))
        .min(MAX_RETRY_PAUSE)
        .max(poll)
}

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
        let poll = Duration::from_secs(seconds);
        let (mut failures, mut next_try) = (0u32, Instant::now());
        loop {
            tick.tick().await;
            if Instant::now() < next_try {
                continue;
            }
            match state.is_stale().await {
                Ok(true) => {
                    tracing::info!("corpus changed on disk; reloading");
                    match state.reload().await {
                        Ok(_) => failures = 0,
                        Err(e) => {
                            failures += 1;
                            let pause = retry_pause(poll, failures);
                            next_try = Instant::now() + pause;
                            tracing::error!(
                                error = %e,
                                retry_in_s = pause.as_secs(),
                                "reload failed; still serving the previous corpus"
                            );
                        }
                    }
                }
                Ok(false) => {}
                Err(failure) => tracing::warn!(?failure, "could not check the corpus for changes"),
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_reloads_wait_longer_each_time_up_to_the_cap() {
        let poll = Duration::from_secs(5);
        let pauses: Vec<u64> = (1..=8).map(|n| retry_pause(poll, n).as_secs()).collect();
        assert_eq!(pauses, [10, 20, 40, 80, 160, 300, 300, 300]);
        assert_eq!(retry_pause(poll, u32::MAX), MAX_RETRY_PAUSE);
        // A poll longer than the cap is never shortened.
        let slow = Duration::from_secs(600);
        assert_eq!(retry_pause(slow, 3), slow);
    }
}
