//! What `follow` has already handled, kept in a JSON file under `.nichiro/` so a second pass
//! imports nothing and an off-topic or broken item is not fetched again. Written atomically
//! (a temporary file renamed over the old one), so a crash never leaves half a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Fetch failures that may pass (timeouts, server errors) are retried this many passes.
pub const MAX_ATTEMPTS: u32 = 3;

/// The remembered items: each key (`guid:…` or `url:…`) with its outcome.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowState {
    #[serde(default)]
    pub seen: BTreeMap<String, String>,
    /// Failed fetches that will be tried again, with how many times they failed.
    #[serde(default)]
    pub attempts: BTreeMap<String, u32>,
}

impl FollowState {
    /// Reads the state; a missing file is a first run. A file that does not parse is an error
    /// naming it, never silently replaced.
    pub fn load(path: &Path) -> Result<FollowState, Error> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| Error::Config {
                path: path.to_path_buf(),
                reason: format!("follow state is not valid: {e}; move it away to start afresh"),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FollowState::default()),
            Err(source) => Err(Error::Io {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Writes the state to a temporary file beside `path`, then renames it over `path`.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |source| Error::Io { path: p, source }
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        let json = serde_json::to_string_pretty(self).expect("state always serializes");
        let tmp = temp_path(path);
        std::fs::write(&tmp, json).map_err(io(&tmp))?;
        std::fs::rename(&tmp, path).map_err(io(path))
    }

    /// The outcome remembered under any of `keys`.
    pub fn outcome(&self, keys: &[String]) -> Option<&str> {
        keys.iter()
            .find_map(|k| self.seen.get(k))
            .map(String::as_str)
    }

    pub fn remember(&mut self, keys: &[String], outcome: &str) {
        for key in keys {
            self.attempts.remove(key);
            self.seen.insert(key.clone(), outcome.to_string());
        }
    }

    /// Counts a failure that may pass; returns true when the item has now failed too often and
    /// is remembered as given up.
    pub fn failed(&mut self, keys: &[String], reason: &str) -> bool {
        let n = keys
            .iter()
            .filter_map(|k| self.attempts.get(k))
            .max()
            .copied()
            .unwrap_or(0)
            + 1;
        if n >= MAX_ATTEMPTS {
            self.remember(keys, &format!("gave up after {n} attempts: {reason}"));
            return true;
        }
        for key in keys {
            self.attempts.insert(key.clone(), n);
        }
        false
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_a_broken_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".nichiro").join("follow.json");
        assert_eq!(FollowState::load(&path).unwrap(), FollowState::default());
        let mut state = FollowState::default();
        state.remember(&["url:https://a.example/1".into()], "imported as a-1");
        assert!(!state.failed(&["url:https://b.example/2".into()], "timeout"));
        state.save(&path).unwrap();
        assert_eq!(FollowState::load(&path).unwrap(), state);
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
        std::fs::write(&path, "{ not json").unwrap();
        assert!(FollowState::load(&path)
            .unwrap_err()
            .to_string()
            .contains("follow.json"));
    }

    #[test]
    fn repeated_failures_are_given_up() {
        let mut state = FollowState::default();
        let keys = ["url:https://a.example/dead".to_string()];
        assert!(!state.failed(&keys, "timeout"));
        assert!(!state.failed(&keys, "timeout"));
        assert!(state.failed(&keys, "timeout"));
        assert!(state.outcome(&keys).unwrap().starts_with("gave up after 3"));
    }
}
