//! Channel subscriptions to new articles, kept in a small JSON file so they survive restarts.
//!
//! The file sits beside the feedback file (`subscriptions.json` in the same directory). One
//! subscription per channel: subscribing again replaces the topic. Every change rereads the
//! file and rewrites it whole, locked, private and crash-safe (`shared_file`), so two bot
//! processes sharing the data directory (shards side by side) never lose each other's
//! subscriptions. A file that is not a subscriptions file is refused, never rewritten.
//!
//! Each process posts only for the servers whose shard it runs (Discord's own rule,
//! `(guild_id >> 22) % shards`), so two processes never post the same article twice.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::Sharding;
use crate::discord::shared_file::{self, FileError, SharedFile};

/// What the file says it is; a file without it is someone else's.
const KIND: &str = "nichiro-subscriptions";
const VERSION: u32 = 1;

/// One channel's subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    #[serde(with = "snowflake")]
    pub guild_id: u64,
    #[serde(with = "snowflake")]
    pub channel_id: u64,
    /// The topic, as the subscriber wrote it; `None` for every new article.
    pub topic: Option<String>,
    /// Who subscribed the channel, for the record.
    #[serde(with = "snowflake")]
    pub by: u64,
    /// The subscriber's Discord locale: the posts' framing words follow it.
    pub locale: String,
    /// When (RFC 3339, UTC).
    pub since: String,
}

impl Subscription {
    /// Whether this process runs the shard that carries the subscription's server.
    pub fn is_served_by(&self, sharding: Sharding) -> bool {
        match sharding {
            Sharding::Auto => true,
            Sharding::Range { first, last, total } => {
                let shard = (self.guild_id >> 22) % u64::from(total.max(1));
                (u64::from(first)..=u64::from(last)).contains(&shard)
            }
        }
    }
}

/// The file's content.
#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    kind: String,
    version: u32,
    subscriptions: Vec<Subscription>,
}

/// Why the subscriptions could not be read or changed.
#[derive(Debug, thiserror::Error)]
pub enum SubscriptionError {
    #[error(transparent)]
    Io(#[from] FileError),
    #[error("{} is not a nichiro subscriptions file ({reason}); it was left untouched", path.display())]
    Foreign { path: PathBuf, reason: String },
}

/// The subscriptions file.
#[derive(Debug)]
pub struct SubscriptionStore {
    file: SharedFile,
}

impl SubscriptionStore {
    pub fn new(path: impl Into<PathBuf>) -> SubscriptionStore {
        SubscriptionStore {
            file: SharedFile::new(path),
        }
    }

    /// The store beside the feedback file `feedback`.
    pub fn beside(feedback: &Path) -> SubscriptionStore {
        SubscriptionStore::new(feedback.with_file_name("subscriptions.json"))
    }

    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// Every subscription, as the file says now (another process may have changed it).
    /// Blocking: call it off the async threads.
    pub fn list(&self) -> Result<Vec<Subscription>, SubscriptionError> {
        read(&self.file.resolved()?)
    }

    /// Subscribes `subscription.channel_id`, replacing its earlier subscription, which is
    /// returned.
    pub fn subscribe(
        &self,
        subscription: Subscription,
    ) -> Result<Option<Subscription>, SubscriptionError> {
        self.update(|list| {
            let previous = take(list, subscription.channel_id);
            list.push(subscription);
            previous
        })
    }

    /// Ends the subscription of `channel`, returned; `None` when it had none.
    pub fn unsubscribe(&self, channel: u64) -> Result<Option<Subscription>, SubscriptionError> {
        self.update(|list| take(list, channel))
    }

    /// Applies `change` to the subscriptions under the file lock, and writes them back when
    /// they changed. Blocking.
    fn update<T>(
        &self,
        change: impl FnOnce(&mut Vec<Subscription>) -> T,
    ) -> Result<T, SubscriptionError> {
        self.file.locked(|file| {
            let mut list = read(file)?;
            let before = list.clone();
            let out = change(&mut list);
            if list != before {
                write(file, &list)?;
            }
            Ok(out)
        })
    }
}

fn read(file: &Path) -> Result<Vec<Subscription>, SubscriptionError> {
    let Some(text) = shared_file::read_if_any(file)? else {
        return Ok(Vec::new());
    };
    let foreign = |reason: String| SubscriptionError::Foreign {
        path: file.to_path_buf(),
        reason,
    };
    let parsed: Stored = serde_json::from_str(&text).map_err(|e| foreign(e.to_string()))?;
    if parsed.kind != KIND {
        return Err(foreign(format!("its kind is {:?}", parsed.kind)));
    }
    if parsed.version != VERSION {
        return Err(foreign(format!("unknown version {}", parsed.version)));
    }
    Ok(parsed.subscriptions)
}

/// Removes and returns the subscription of `channel`.
fn take(list: &mut Vec<Subscription>, channel: u64) -> Option<Subscription> {
    let at = list.iter().position(|s| s.channel_id == channel)?;
    Some(list.remove(at))
}

/// Writes `list` over `file`.
fn write(file: &Path, list: &[Subscription]) -> Result<(), SubscriptionError> {
    let body = Stored {
        kind: KIND.into(),
        version: VERSION,
        subscriptions: list.to_vec(),
    };
    let mut text = serde_json::to_string_pretty(&body).expect("subscriptions always serialize");
    text.push('\n');
    Ok(shared_file::replace(file, text.as_bytes())?)
}

/// Discord ids as strings, as Discord writes them (JavaScript readers lose digits of numbers).
mod snowflake {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(id: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&id.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn sub(channel: u64, topic: Option<&str>) -> Subscription {
        Subscription {
            guild_id: 1_100_000_000_000_003,
            channel_id: channel,
            topic: topic.map(str::to_string),
            by: 7,
            locale: "en-US".into(),
            since: "2026-02-14T10:00:00Z".into(),
        }
    }

    #[test]
    fn subscriptions_are_kept_replaced_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let store = SubscriptionStore::beside(&dir.path().join("data/feedback.jsonl"));
        assert_eq!(store.path(), dir.path().join("data/subscriptions.json"));
        assert!(store.list().unwrap().is_empty(), "no file yet: none");
        assert_eq!(store.subscribe(sub(1, Some("fisheries"))).unwrap(), None);
        assert_eq!(store.subscribe(sub(2, None)).unwrap(), None);
        let replaced = store.subscribe(sub(1, Some("peace treaty"))).unwrap();
        assert_eq!(replaced.unwrap().topic.as_deref(), Some("fisheries"));

        // A new store on the same file (a restart) sees the same subscriptions.
        let again = SubscriptionStore::new(store.path());
        let list = again.list().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[1].topic.as_deref(), Some("peace treaty"));
        assert_eq!(
            list[1].guild_id, 1_100_000_000_000_003,
            "ids survive exactly"
        );
        let text = std::fs::read_to_string(store.path()).unwrap();
        assert!(text.contains("\"1100000000000003\""), "{text}");

        assert_eq!(again.unsubscribe(2).unwrap().unwrap().channel_id, 2);
        assert_eq!(again.unsubscribe(2).unwrap(), None, "nothing left to stop");
        assert_eq!(store.list().unwrap(), vec![sub(1, Some("peace treaty"))]);

        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(store.path()), 0o600);
        assert_eq!(mode(&dir.path().join("data")), 0o700);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("data"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_file_that_is_not_ours_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("subscriptions.json");
        for foreign in [
            "{\"hello\": 1}\n",
            "not json at all",
            "{\"kind\":\"other\",\"version\":1,\"subscriptions\":[]}",
        ] {
            std::fs::write(&path, foreign).unwrap();
            let store = SubscriptionStore::new(&path);
            let err = store.subscribe(sub(1, None)).unwrap_err();
            assert!(matches!(err, SubscriptionError::Foreign { .. }), "{err}");
            assert!(err.to_string().contains("left untouched"));
            assert!(store.list().is_err());
            assert_eq!(std::fs::read_to_string(&path).unwrap(), foreign);
        }
    }

    #[test]
    fn concurrent_writers_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("subscriptions.json");
        // Separate stores stand for separate processes: only the file lock orders them.
        let threads: Vec<_> = (0..8u64)
            .map(|t| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let store = SubscriptionStore::new(path);
                    for n in 0..10 {
                        store.subscribe(sub(t * 100 + n, None)).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(SubscriptionStore::new(&path).list().unwrap().len(), 80);
    }

    #[test]
    fn each_process_serves_the_servers_of_its_shards() {
        // Discord's rule: shard = (guild_id >> 22) % total.
        let mut s = sub(1, None);
        s.guild_id = 5 << 22;
        assert!(s.is_served_by(Sharding::Auto));
        let range = |first, last| Sharding::Range {
            first,
            last,
            total: 2,
        };
        assert!(!s.is_served_by(range(0, 0)));
        assert!(s.is_served_by(range(1, 1)));
        assert!(s.is_served_by(range(0, 1)));
    }
}
