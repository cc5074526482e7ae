//! Layered configuration: built-in defaults, then `config/nichiro.toml` (or `--config PATH`),
//! then environment variables (a `.env` file is loaded into the environment by the binary).
//! Command-line flags, applied by the binary, come last.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;

/// The configuration file read when no `--config` is given and it exists.
pub const DEFAULT_CONFIG_PATH: &str = "config/nichiro.toml";

/// Everything nichiro can be configured with.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub engine: EngineConfig,
    pub discord: DiscordConfig,
    pub follow: FollowConfig,
    /// The feeds `nichiro follow` and the bot read (`[[feeds]]` tables).
    pub feeds: Vec<FeedConfig>,
}

/// One feed to follow.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    pub url: String,
    pub name: Option<String>,
}

/// How feeds are followed and pages fetched.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FollowConfig {
    /// How often the bot reads the feeds, in minutes (0 turns it off).
    pub feed_poll_minutes: u64,
    /// What was already seen, so a second pass imports nothing.
    pub state_path: PathBuf,
    /// Items read per feed and pass; a longer feed is cut, with a note.
    pub max_items_per_feed: usize,
    /// Largest page or feed fetched, in bytes.
    pub max_page_bytes: usize,
    /// Longest fetch, from connecting to the last byte, in seconds.
    pub fetch_timeout_seconds: u64,
    pub relevance: RelevanceConfig,
}

/// Which feed items are kept: `mode = "russia-japan"` (both sides named, or a shared topic) or
/// `"all"`; the lists add names to the built-in ones.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelevanceConfig {
    pub mode: String,
    pub russia: Vec<String>,
    pub japan: Vec<String>,
    pub topics: Vec<String>,
}

impl Default for FollowConfig {
    fn default() -> Self {
        Self {
            feed_poll_minutes: 30,
            state_path: PathBuf::from(".nichiro/follow.json"),
            max_items_per_feed: 100,
            max_page_bytes: 5 * 1024 * 1024,
            fetch_timeout_seconds: 20,
            relevance: RelevanceConfig::default(),
        }
    }
}

impl Default for RelevanceConfig {
    fn default() -> Self {
        Self {
            mode: "russia-japan".into(),
            russia: Vec::new(),
            japan: Vec::new(),
            topics: Vec::new(),
        }
    }
}

/// Where the corpus and index live and how questions are handled.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EngineConfig {
    pub corpus_dir: PathBuf,
    pub index_dir: PathBuf,
    /// The alias table: groups of names for the same thing.
    pub aliases: PathBuf,
    /// Longer questions are refused with a message saying so.
    pub max_question_chars: usize,
}

/// The Discord bot's settings. The token is read from `DISCORD_TOKEN` only, never from a file
/// that could be committed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiscordConfig {
    /// Register commands in this guild only (instant, for development); globally otherwise.
    pub guild_id: Option<u64>,
    /// Base URL standing in for `https://discord.com` (a shared rate-limit proxy).
    pub http_proxy: Option<String>,
    /// Where 👍/👎 feedback is appended, one JSON object a line.
    pub feedback_path: PathBuf,
    /// Questions one user may ask per minute.
    pub questions_per_minute: u32,
    /// How often the corpus directory is checked for changes, in seconds (0 turns it off).
    pub corpus_poll_seconds: u64,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            corpus_dir: PathBuf::from("corpus"),
            index_dir: PathBuf::from(".nichiro/index"),
            aliases: PathBuf::from("config/aliases.toml"),
            max_question_chars: 1000,
        }
    }
}

impl Default for DiscordConfig {
    fn default() -> Self {
        Self {
            guild_id: None,
            http_proxy: None,
            feedback_path: PathBuf::from(".nichiro/feedback.jsonl"),
            questions_per_minute: 10,
            corpus_poll_seconds: 5,
        }
    }
}

impl Config {
    /// Defaults, then the TOML file (`path`, or `config/nichiro.toml` when present), then the
    /// environment. A file named explicitly must exist.
    pub fn load(path: Option<&Path>) -> Result<Config, Error> {
        let mut config = match path {
            Some(path) => Self::from_file(path)?,
            None if Path::new(DEFAULT_CONFIG_PATH).is_file() => {
                Self::from_file(Path::new(DEFAULT_CONFIG_PATH))?
            }
            None => Config::default(),
        };
        config.apply_env(|name| std::env::var(name).ok())?;
        Ok(config)
    }

    fn from_file(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            reason: e.message().to_string(),
        })
    }

    /// Applies the environment variables `var` knows, so tests can pass a map instead.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), Error> {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let invalid = |name: &str, reason: &str| Error::Config {
            path: PathBuf::from(format!("${name}")),
            reason: reason.to_string(),
        };
        if let Some(v) = set("NICHIRO_CORPUS") {
            self.engine.corpus_dir = v.into();
        }
        if let Some(v) = set("NICHIRO_INDEX") {
            self.engine.index_dir = v.into();
        }
        if let Some(v) = set("NICHIRO_ALIASES") {
            self.engine.aliases = v.into();
        }
        if let Some(v) = set("DISCORD_GUILD_ID") {
            let id = v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|id| *id != 0)
                .ok_or_else(|| invalid("DISCORD_GUILD_ID", "expected a numeric server id"))?;
            self.discord.guild_id = Some(id);
        }
        if let Some(v) = set("DISCORD_HTTP_PROXY") {
            self.discord.http_proxy = Some(v.trim().trim_end_matches('/').to_string());
        }
        if let Some(v) = set("NICHIRO_FEEDBACK_PATH") {
            self.discord.feedback_path = v.into();
        }
        if let Some(v) = set("NICHIRO_QUESTIONS_PER_MINUTE") {
            self.discord.questions_per_minute = v
                .trim()
                .parse()
                .map_err(|_| invalid("NICHIRO_QUESTIONS_PER_MINUTE", "expected a number"))?;
        }
        if let Some(v) = set("NICHIRO_FEED_POLL_MINUTES") {
            self.follow.feed_poll_minutes = v
                .trim()
                .parse()
                .map_err(|_| invalid("NICHIRO_FEED_POLL_MINUTES", "expected a number"))?;
        }
        if let Some(v) = set("NICHIRO_FOLLOW_STATE") {
            self.follow.state_path = v.into();
        }
        if let Some(v) = set("NICHIRO_CORPUS_POLL_SECONDS") {
            self.discord.corpus_poll_seconds = v
                .trim()
                .parse()
                .map_err(|_| invalid("NICHIRO_CORPUS_POLL_SECONDS", "expected a number"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn file_overrides_defaults_and_env_overrides_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nichiro.toml");
        std::fs::write(
            &path,
            "[engine]\ncorpus_dir = \"from-file\"\n[discord]\nquestions_per_minute = 3\n",
        )
        .unwrap();
        let mut config = Config::from_file(&path).unwrap();
        assert_eq!(config.engine.corpus_dir, PathBuf::from("from-file"));
        assert_eq!(config.engine.index_dir, PathBuf::from(".nichiro/index"));
        assert_eq!(config.discord.questions_per_minute, 3);
        assert!(config.feeds.is_empty());
        std::fs::write(
            &path,
            "[follow]\nfeed_poll_minutes = 5\n[[feeds]]\nurl = \"https://a.example/rss\"\n\
             [[feeds]]\nurl = \"https://b.example/atom\"\nname = \"B\"\n",
        )
        .unwrap();
        let feeds = Config::from_file(&path).unwrap();
        assert_eq!(feeds.follow.feed_poll_minutes, 5);
        assert_eq!(feeds.feeds.len(), 2);
        assert_eq!(feeds.feeds[1].name.as_deref(), Some("B"));

        let env: HashMap<&str, &str> = [
            ("NICHIRO_CORPUS", "from-env"),
            ("DISCORD_GUILD_ID", "42"),
            ("DISCORD_HTTP_PROXY", "http://127.0.0.1:9/"),
        ]
        .into();
        config
            .apply_env(|k| env.get(k).map(|v| v.to_string()))
            .unwrap();
        assert_eq!(config.engine.corpus_dir, PathBuf::from("from-env"));
        assert_eq!(config.discord.guild_id, Some(42));
        assert_eq!(
            config.discord.http_proxy.as_deref(),
            Some("http://127.0.0.1:9")
        );
    }

    #[test]
    fn invalid_values_are_named() {
        let mut config = Config::default();
        let err = config
            .apply_env(|k| (k == "DISCORD_GUILD_ID").then(|| "abc".to_string()))
            .unwrap_err();
        assert!(err.to_string().contains("DISCORD_GUILD_ID"));

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, "[engine]\ncorpus = 1\n").unwrap();
        let err = Config::from_file(&path).unwrap_err();
        assert!(err.to_string().contains("bad.toml"));
    }
}
