//! The one place where every way a command can fail becomes a message for the person, so the
//! bot never goes silent ("This interaction failed") and never crashes.
//!
//! A mistake the person can fix (a bad date, an empty question) is explained; asking too fast
//! gets the wait; anything else is our fault and gets a short apology with an error id that is
//! logged next to the details, so a report from a user can be matched to the log.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::error::QuestionError;
use crate::lang::Lang;

use crate::discord::locale;

/// Why a command could not be completed.
#[derive(Debug)]
pub enum Failure {
    /// The person can fix it; the text says how.
    User(String),
    /// The person asks faster than the per-user limit.
    RateLimited { wait: Duration, per_minute: u32 },
    /// The person presses buttons faster than the per-user limit.
    ClickingFast { wait: Duration, per_minute: u32 },
    /// Our side failed (engine panic, file error, Discord refused a request, ...).
    Internal {
        context: &'static str,
        detail: String,
    },
}

impl Failure {
    pub fn internal(context: &'static str, detail: impl fmt::Display) -> Failure {
        Failure::Internal {
            context,
            detail: detail.to_string(),
        }
    }

    /// The message for the person, in `lang`. Internal failures are logged here with a fresh
    /// error id, together with `origin` (what was being done, for whom).
    pub fn explain(&self, origin: &str, lang: Lang) -> String {
        let secs = |wait: &Duration| wait.as_secs_f64().ceil() as u64;
        match self {
            Failure::User(text) => text.clone(),
            Failure::RateLimited { wait, per_minute } => {
                locale::rate_limited(lang, secs(wait), *per_minute)
            }
            Failure::ClickingFast { wait, per_minute } => {
                locale::clicking_fast(lang, secs(wait), *per_minute)
            }
            Failure::Internal { context, detail } => {
                let id = error_id();
                tracing::error!(error_id = %id, %origin, %context, %detail, "command failed");
                locale::apology(lang, &id)
            }
        }
    }
}

impl From<QuestionError> for Failure {
    fn from(e: QuestionError) -> Failure {
        if e.is_input() {
            Failure::User(e.to_string())
        } else {
            // The corpus watcher rebuilds the index on its next poll (the engine says stale).
            Failure::internal("search index", e)
        }
    }
}

impl From<serenity::Error> for Failure {
    fn from(e: serenity::Error) -> Failure {
        Failure::internal("Discord request", e)
    }
}

impl From<tokio::task::JoinError> for Failure {
    fn from(e: tokio::task::JoinError) -> Failure {
        Failure::internal("engine task", e)
    }
}

/// A short id, unique within a run and unlikely to repeat across runs: "E" and 8 hex digits.
pub fn error_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut hasher = blake3::Hasher::new();
    hasher.update(&nanos.to_le_bytes());
    hasher.update(&n.to_le_bytes());
    let hex = hasher.finalize().to_hex();
    format!("E{}", &hex[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_becomes_a_message() {
        let user = Failure::from(QuestionError::Empty).explain("test", Lang::En);
        assert!(user.contains("empty"));
        let slow = Failure::RateLimited {
            wait: Duration::from_millis(12_300),
            per_minute: 10,
        }
        .explain("test", Lang::En);
        assert!(slow.contains("13 seconds"), "{slow}");
        let clicks = Failure::ClickingFast {
            wait: Duration::from_secs(2),
            per_minute: 20,
        }
        .explain("test", Lang::En);
        assert!(clicks.contains("20 button presses"), "{clicks}");
        let ours = Failure::internal("test", "disk full").explain("test", Lang::En);
        assert!(ours.starts_with("Sorry"));
        assert!(!ours.contains("disk full"));
        assert!(ours.contains("`E"));
        let ja = Failure::internal("test", "disk full").explain("test", Lang::Ja);
        assert!(
            ja.starts_with("申し訳ありません") && ja.contains("`E"),
            "{ja}"
        );
    }

    #[test]
    fn error_ids_differ() {
        let a = error_id();
        let b = error_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 9);
    }
}
